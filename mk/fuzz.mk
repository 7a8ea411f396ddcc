# SPDX-License-Identifier: BSD-3-Clause
# mk/fuzz.mk - libFuzzer targets (issue 5).  The library is compiled again
# with the fuzzer and sanitizer flags into build/fuzz/, never linked from
# the normal src/libcotter.a.
#
#   make fuzz         builds build/fuzz/fuzz_* from tests/fuzz/fuzz_*.c
#   make fuzz-smoke   runs each for FUZZ_TIME seconds over its seed corpus
#                     (tests/fuzz/corpus/<target>/); any crash, leak,
#                     sanitizer report or timeout fails the step.

FUZZ_CC    ?= clang
FUZZ_TIME  ?= 30
FUZZ_DIR   := build/fuzz
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=gnu11 -O1 -g $(WARN) $(LAYER_INC) $(FUZZ_SAN)
FUZZ_OBJ   := $(patsubst src/%.c,$(FUZZ_DIR)/src/%.o,$(SRC))
FUZZ_LIB   := $(FUZZ_DIR)/libcotter-fuzz.a
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN   := $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/%,$(FUZZ_SRC))

.PHONY: fuzz fuzz-smoke fuzz-clean

fuzz: $(FUZZ_BIN)

$(FUZZ_DIR)/src/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) \
	    -lpam $(LIBS)

# pam-cotter's parsers (admin/): its command line, the token display, the
# PAM service files; the rest of the command is not linked in.
FUZZ_ADMIN := admin/args.c admin/show.c admin/out.c admin/pamd.c

$(FUZZ_DIR)/fuzz_admin: tests/fuzz/fuzz_admin.c $(FUZZ_ADMIN) $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iadmin -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_ADMIN) $(FUZZ_LIB) -lpam $(LIBS)

# Each target works on a scratch copy of its seeds (new inputs land in
# $(FUZZ_DIR)/work/, never in the repository); a finding is written to
# $(FUZZ_DIR)/artifacts/ and fails the step.
fuzz-smoke: $(FUZZ_BIN)
	@mkdir -p $(FUZZ_DIR)/artifacts
	@set -e; for f in $(FUZZ_BIN); do \
		t=$$(basename $$f); \
		rm -rf $(FUZZ_DIR)/work/$$t; mkdir -p $(FUZZ_DIR)/work/$$t; \
		echo "fuzz-smoke: $$t for $(FUZZ_TIME)s"; \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		$$f -max_total_time=$(FUZZ_TIME) -rss_limit_mb=2048 \
		    -timeout=10 -max_len=20000 -print_final_stats=1 \
		    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- \
		    $(FUZZ_DIR)/work/$$t tests/fuzz/corpus/$$t \
		    >$(FUZZ_DIR)/$$t.log 2>&1 || \
		    { tail -60 $(FUZZ_DIR)/$$t.log; \
		      echo "fuzz-smoke: $$t FAILED"; exit 1; }; \
		grep -E '^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units' \
		    $(FUZZ_DIR)/$$t.log | tail -2; \
	done; echo "fuzz-smoke: all targets clean"

fuzz-clean:
	rm -rf $(FUZZ_DIR)

# SPDX-License-Identifier: BSD-3-Clause
# mk/sanitize.mk - the whole suite under sanitizers (issue 5).
#
#   make check-asan   copies the tree to build/asan/tree, builds the module,
#                     helpers, unit tests and tools there with gcc's
#                     AddressSanitizer + UndefinedBehaviorSanitizer
#                     (-fno-sanitize-recover=all) and runs tests/run-all.sh.
#                     Every sanitizer report of every process (helpers run
#                     with an empty environment, pamtester dlopens the
#                     module) is written to build/asan/log; any report, or
#                     any failing test, fails the target.
#   make check-tsan   the same for ThreadSanitizer over test_pam (two PAM
#                     handles authenticating at once in two threads).
#
# A copy, not the work tree: the normal objects stay as they are.

SAN_CC      ?= gcc
ASAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer -U_FORTIFY_SOURCE
TSAN_FLAGS  := -fsanitize=thread -fno-omit-frame-pointer
ASAN_DIR    := $(abspath build/asan)
TSAN_DIR    := $(abspath build/tsan)

.PHONY: check-asan check-tsan san-clean

# san_tree DIR: a copy of the sources without build products (the
# Wycheproof vectors come along in tests/vectors/).
define san_tree
	rm -rf $(1)
	mkdir -p $(1)/tree $(1)/log $(1)/bin
	tar -c --exclude=./build --exclude=./.git --exclude='*.o' \
	    --exclude='*.a' --exclude='*.so' . | tar -x -C $(1)/tree
	$(MAKE) -s -C $(1)/tree clean >/dev/null
endef

# san_logs DIR: fail when any process left a sanitizer report.
define san_logs
	@if [ -n "$$(ls -A $(1)/log)" ]; then \
		for f in $(1)/log/*; do echo "==== $$f"; cat "$$f"; done; \
		echo "$@: sanitizer reports in $(1)/log"; exit 1; \
	fi; echo "$@: no sanitizer report"
endef

# pamtester dlopens the ASan-built module through libpam, so the ASan
# runtime must be the first library it loads: build/asan/bin/pamtester
# (tests/analysis/preload-asan.sh, first on PATH) preloads it, with leak
# detection on.  CT_ASAN_RUNTIME is exported for end-to-end tests that
# start other hosts of the module (sshd, sudo, su, login) by absolute
# path: they must run them with LD_PRELOAD="$CT_ASAN_RUNTIME" when it is
# set (see the report of issue 5).
# sudo and su (t_sudo, t_su_login, t_setuid) are setuid (the dynamic
# loader ignores LD_PRELOAD for them when bob or alice runs them), and t_pam_auth_update's local-password path
# runs pam_unix's setgid unix_chkpwd with the preload in its environment:
# the ASan runtime cannot come first in those.  Those files run in `make
# check`; the same module code paths run here under pamtester, sshd
# (t_sshd starts it with the runtime preloaded) and in process (test_pam).
ASAN_E2E_SKIP ?= t_sudo t_su_login t_pam_auth_update t_setuid

check-asan:
	$(call san_tree,$(ASAN_DIR))
	$(SAN_CC) -O1 -g -DCT_SAN_LOG='"$(ASAN_DIR)/log"' -c \
	    -o $(ASAN_DIR)/asan_defaults.o tests/analysis/asan_defaults.c
	cp tests/analysis/preload-asan.sh $(ASAN_DIR)/bin/pamtester
	PATH="$(ASAN_DIR)/bin:$$PATH" \
	CT_ASAN_RUNTIME="$$($(SAN_CC) -print-file-name=libasan.so)" \
	CT_SAN_LOG="$(ASAN_DIR)/log" \
	CT_SAN_SUPP="$(abspath tests/analysis/lsan.supp)" \
	CT_E2E_SKIP="$(ASAN_E2E_SKIP)" \
	    $(MAKE) -C $(ASAN_DIR)/tree CC=$(SAN_CC) OPT="-O1 -g" \
	    CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_DIR)/asan_defaults.o" check
	$(call san_logs,$(ASAN_DIR))

check-tsan:
	$(call san_tree,$(TSAN_DIR))
	$(MAKE) -C $(TSAN_DIR)/tree CC=$(SAN_CC) OPT="-O1 -g" \
	    CFLAGS="$(TSAN_FLAGS)" pam_cotter.so tests/unit/test_pam \
	    tests/tools/logsink
	cd $(TSAN_DIR)/tree && \
	    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$(TSAN_DIR)/log/tsan" \
	    CMOCKA_MESSAGE_OUTPUT=TAP sh tests/ns.sh tests/unit/test_pam
	$(call san_logs,$(TSAN_DIR))

san-clean:
	rm -rf $(ASAN_DIR) $(TSAN_DIR)

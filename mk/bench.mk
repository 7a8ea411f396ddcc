# SPDX-License-Identifier: BSD-3-Clause
# mk/bench.mk - `make bench` (issue 7): the benchmark harnesses in bench/
# and the table they print.  Runs inside tests/ns.sh (it needs an account
# and PAM service files); see BENCHMARKS.md.  Prints figures, asserts none.

BENCH_BIN := bench/floor bench/login bench/spawn bench/pam_standin.so \
             bench/mkindex bench/nss bench/replay

.PHONY: bench bench-bin bench-profile

bench-bin: $(BENCH_BIN)

bench/floor: bench/floor.c bench/bench.h $(LIB)
	$(CC) $(ALL_CFLAGS) -Ibench $(ALL_LDFLAGS) -o $@ bench/floor.c \
	    $(LIB) $(LIBS)

bench/login: bench/login.c bench/bench.h
	$(CC) $(ALL_CFLAGS) -Ibench $(ALL_LDFLAGS) -o $@ bench/login.c \
	    -lpam -ldl

# Issue 15: the stand-in module (bench/standin.c) and the map indexer.
# The stand-in exports its pam_sm_* (default visibility for them only).
bench/pam_standin.so: bench/standin.c $(LIB)
	$(CC) -shared $(ALL_CFLAGS) -fvisibility=default $(ALL_LDFLAGS) \
	    -Wl,--no-undefined -o $@ bench/standin.c $(LIB) -lpam $(LIBS)

bench/mkindex: bench/mkindex.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ bench/mkindex.c $(LIB)

# Issue 19: sshd's pre-authentication lookup (bench/nss.sh).
bench/nss: bench/nss.c bench/bench.h
	$(CC) $(ALL_CFLAGS) -Ibench $(ALL_LDFLAGS) -o $@ bench/nss.c

# Issue 24: the replay store, empty and full (bench/replay.sh).
bench/replay: bench/replay.c bench/bench.h $(LIB)
	$(CC) $(ALL_CFLAGS) -Ibench $(ALL_LDFLAGS) -o $@ bench/replay.c \
	    $(LIB) $(LIBS)

bench/spawn: bench/spawn.c bench/bench.h
	$(CC) $(ALL_CFLAGS) -Ibench $(ALL_LDFLAGS) -o $@ bench/spawn.c

bench: pam_cotter.so $(FETCH_BIN) $(TOOL_BIN) $(BENCH_BIN) $(NSS_LIB)
	sh tests/ns.sh /bin/sh bench/run.sh
	sh tests/ns.sh /bin/sh bench/scale.sh
	sh tests/ns.sh /bin/sh bench/nss.sh
	sh tests/ns.sh /bin/sh bench/replay.sh

.PHONY: bench-clean
bench-clean:
	rm -f $(BENCH_BIN)

# callgrind profiles of the in-process harness (BENCHMARKS.md).
bench-profile: pam_cotter.so $(TOOL_BIN) bench/login
	sh tests/ns.sh /bin/sh bench/profile.sh

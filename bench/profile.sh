#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/profile.sh - callgrind profiles of the in-process login harness
# (issue 7): one with pam_cotter, one with pam_permit in its place, and
# one fresh-process first login (OpenSSL's cold start).  Runs inside
# tests/ns.sh; writes build/bench/callgrind.*.out and prints the top of
# each with callgrind_annotate (inclusive instruction counts).
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/e2e/lib.sh"

OUT="$top/build/bench"
N=${BENCH_PROFILE_N:-50}
mkdir -p "$OUT"
setup_world >/dev/null
(umask 077; mint --identifier alice@example.com >"$W/token")
printf 'auth required %s\naccount required pam_permit.so\n' \
    "$MODULE config=$W/pam_cotter.conf nodelay replay=off" >/etc/pam.d/bench-cotter
printf 'auth required pam_permit.so\naccount required pam_permit.so\n' \
    >/etc/pam.d/bench-permit
for s in cotter permit; do
	valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$s.out" \
	    "$top/bench/login" -n "$N" /etc/pam.d "$W/token" alice \
	    "bench-$s" >/dev/null 2>"$OUT/callgrind.$s.log" || exit 1
done
valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.fresh.out" \
    "$top/bench/login" -f "$MODULE" /etc/pam.d "$W/token" alice \
    bench-cotter >/dev/null 2>"$OUT/callgrind.fresh.log" || exit 1
for s in cotter permit fresh; do
	echo "==== $s: $(grep -o 'Collected : [0-9]*' "$OUT/callgrind.$s.log")"
	callgrind_annotate --inclusive=yes "$OUT/callgrind.$s.out" 2>/dev/null |
	    sed -n '/^Ir/,$p' | head -${BENCH_PROFILE_LINES:-45}
done

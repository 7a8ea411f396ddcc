#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/run-all.sh [unit|e2e|all]
#
# Runs the suite as root inside tests/ns.sh (a private mount namespace with
# a throwaway /etc).  Every test program speaks TAP ("ok N - name" /
# "not ok N - name"); a program that exits non-zero without a "not ok"
# line (a crash, a missing tool) counts as one failure.  The last line is
# "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${CT_IN_NS:-}" != 1 ]; then
	exec "$top/tests/ns.sh" /bin/sh "$top/tests/run-all.sh" "$@"
fi
cd "$top"
what=${1:-all}
export CMOCKA_MESSAGE_OUTPUT=TAP
pass=0
fail=0
failed_progs=""

run_prog() {
	name=$1
	shift
	out=$(mktemp)
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc" >>"$out"
		f=1
	fi
	if [ "$f" -ne 0 ] || [ "${CT_VERBOSE:-0}" = 1 ]; then
		sed "s/^/    /" "$out"
	fi
	printf '%-40s %4d passed, %d failed\n' "$name" "$p" "$f"
	[ "$f" -ne 0 ] && failed_progs="$failed_progs $name"
	pass=$((pass + p))
	fail=$((fail + f))
	rm -f "$out"
}

if [ "$what" = all ] || [ "$what" = unit ]; then
	for t in tests/unit/test_*; do
		case "$t" in *.c) continue ;; esac
		[ -x "$t" ] || continue
		run_prog "$(basename "$t")" "$t"
	done
fi
if [ "$what" = all ] || [ "$what" = e2e ]; then
	for t in tests/e2e/t_*.sh; do
		[ -f "$t" ] || continue
		# CT_E2E_SKIP names files a special build cannot run (the
		# sanitizer build: setuid hosts ignore LD_PRELOAD); said, not
		# counted.
		case " ${CT_E2E_SKIP:-} " in
		*" $(basename "$t" .sh) "*)
			echo "$(basename "$t" .sh): skipped in this build" \
			    "(CT_E2E_SKIP)"
			continue ;;
		esac
		# Each end-to-end file gets a namespace of its own, so what
		# one writes to /etc never reaches the next.
		run_prog "$(basename "$t" .sh)" "$top/tests/ns.sh" /bin/sh "$t"
	done
fi
[ -n "$failed_progs" ] && echo "failing:$failed_progs"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

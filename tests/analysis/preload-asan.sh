#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/analysis/preload-asan.sh - installed by "make check-asan" as
# build/asan/bin/pamtester, first on PATH.  pamtester is not built with
# ASan but dlopens the ASan-built pam_cotter.so through libpam, so the ASan
# runtime must be the first library it loads.  Leak detection is on, so a
# leak of the module in a real login fails the run.  Reports go to the log
# directory of the whole run.
name=$(basename "$0")
for d in /usr/bin /usr/sbin /bin /sbin; do
	[ -x "$d/$name" ] && real="$d/$name" && break
done
[ -n "${real:-}" ] || { echo "preload-asan: no $name" >&2; exit 127; }
LD_PRELOAD="$CT_ASAN_RUNTIME${LD_PRELOAD:+:$LD_PRELOAD}" \
ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:log_path=$CT_SAN_LOG/asan" \
LSAN_OPTIONS="suppressions=$CT_SAN_SUPP" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$CT_SAN_LOG/ubsan" \
    exec "$real" "$@"

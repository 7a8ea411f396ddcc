#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/analysis/valgrind-pamtester.sh - installed by "make check-valgrind"
# as build/valgrind/bin/pamtester, first on PATH, so that every login of
# the end-to-end tests (tests/e2e/lib.sh runs "pamtester") runs under
# valgrind memcheck with the module loaded.  Each run writes its own log
# to $CT_VG_LOG; the make target fails on any error recorded there.  The
# exit status 99 also fails the logins that should succeed.
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --track-origins=yes --num-callers=30 \
    --suppressions="$CT_VG_SUPP" \
    --log-file="$CT_VG_LOG/vg.%p.log" \
    /usr/bin/pamtester "$@"

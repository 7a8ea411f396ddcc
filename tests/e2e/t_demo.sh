#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# README's first command ends in `make demo`: the demo must keep showing a
# login that works and a forgery that is refused, or README is wrong.
. "$(dirname "$0")/lib.sh"

D=$(mktemp -d)
CT_IN_NS=1 sh "$top/tests/demo.sh" >"$D/out" 2>&1
RC=$?
check "make demo exits 0 (status $RC)" test "$RC" -eq 0
check "the demo's valid token logs in" \
    grep -q 'successfully authenticated' "$D/out"
check "the demo's forgery is refused by the module" \
    grep -q 'Authentication failure' "$D/out"
check "the demo shows the module's refusal line" \
    grep -q 'pam_cotter.*signature' "$D/out"
check "the demo says it is done" grep -q '^== Demo done' "$D/out"
[ "$tap_failed" -eq 0 ] || sed 's/^/# /' "$D/out"
finish

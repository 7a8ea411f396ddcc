#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The man pages (issue 12): each one lint-clean under mandoc -T lint
# -W warning, and each one that make install should install is there.
. "$(dirname "$0")/lib.sh"

if ! command -v mandoc >/dev/null 2>&1; then
	not_ok "mandoc is installed (apt-get install mandoc)"
	finish
fi
n=0
for page in "$top"/man/*.[1-8]; do
	[ -f "$page" ] || continue
	n=$((n + 1))
	out=$(mandoc -T lint -W warning "$page" 2>&1)
	if [ $? -eq 0 ] && [ -z "$out" ]; then
		ok "$(basename "$page") is lint-clean"
	else
		not_ok "$(basename "$page") is lint-clean" "$out"
	fi
done
for want in pam_cotter.8 pam_cotter.conf.5 pam_cotter_fetch.8 \
    pam_cotter_useradd.8; do
	check "man/$want exists" test -f "$top/man/$want"
done
# The lint can fail: a page with a broken macro is flagged.
bad=$(mktemp)
printf '.Dd December 1, 2026\n.Dt BAD 8\n.Os\n.Sh NAME\n.Nm bad\n.Nd x\n.Bl -tag\n.It a\n' >"$bad"
check "mandoc flags a broken page (control)" \
    sh -c "! mandoc -T lint -W warning '$bad' >/dev/null 2>&1"
rm -f "$bad"
D=$(mktemp -d)
make -s -C "$top" install DESTDIR="$D" PREFIX=/usr >/dev/null 2>&1
for want in man8/pam_cotter.8 man5/pam_cotter.conf.5 man8/pam_cotter_fetch.8 \
    man8/pam_cotter_useradd.8; do
	check "make install puts /usr/share/man/$want" \
	    test -f "$D/usr/share/man/$want"
done
rm -rf "$D"
finish

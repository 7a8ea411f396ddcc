#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/unit/test_license.sh - the licence said everywhere it must be
# (issue 21, point 12).  TAP.
#
# pam_cotter is BSD-3-Clause: LICENSE holds the text; debian/copyright is
# machine-readable (DEP-5), gives "Files: *" that licence with the same
# clauses as LICENSE, and keeps the vendored Wycheproof vectors under their
# own Apache-2.0 stanza; and every source file (C, headers, shell, Python,
# Makefile and mk/*.mk, man pages, debian/rules and the maintainer
# scripts) carries "SPDX-License-Identifier: BSD-3-Clause" in its first
# five lines.  The vendored files (tests/vectors/) keep their own licence.
# The last checks plant a file without the line and see it named.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0
bad=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); bad=1; echo "not ok $n - $*"; }
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

SPDX='SPDX-License-Identifier: BSD-3-Clause'

# sources DIR: the source files of the tree at DIR, one a line (what git
# tracks or is about to, else every file), vendored files left out.
sources() {
	# Only where DIR is the top of its own work tree: a copy inside
	# build/ (the sanitizer builds) belongs to the enclosing checkout,
	# which ignores it.
	if [ "$(git -c safe.directory='*' -C "$1" rev-parse --show-toplevel \
	    2>/dev/null)" = "$(cd "$1" && pwd -P)" ]; then
		git -c safe.directory='*' -C "$1" ls-files --cached --others \
		    --exclude-standard
	else
		(cd "$1" && find . -path ./build -prune -o -path ./.git -prune \
		    -o -type f -print | sed 's|^\./||')
	fi | grep -E '\.(c|h|sh|py|mk)$|^man/[^/]*\.[1-8]$|(^|/)Makefile$|^debian/rules$|^debian/[^/]*\.(postinst|postrm|prerm|preinst)$' |
	    grep -v '^tests/vectors/' | grep -v '^build/' | sort
}

# missing DIR: the source files of DIR without the line in their first
# five lines.
missing() {
	sources "$1" | while read -r f; do
		[ -f "$1/$f" ] || continue
		head -n 5 -- "$1/$f" | grep -qF "$SPDX" || echo "$f"
	done
}

# --- LICENSE and debian/copyright ------------------------------------------
check "LICENSE is the BSD 3-Clause License" \
    grep -q '^BSD 3-Clause License$' "$top/LICENSE"
# words FILE: the clauses, from "Redistribution" to "DAMAGE.", as words
# (debian/copyright's leading space and " ." lines left out).
words() {
	sed -n '/Redistribution and use/,/SUCH DAMAGE\./p' "$1" |
	    sed 's/^ \.$//' | tr -s ' \n\t' '\n\n\n' | grep -v '^$'
}
C=$top/debian/copyright
check "debian/copyright is DEP-5 (Format: copyright-format/1.0)" \
    grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' "$C"
check "debian/copyright: Files: * is BSD-3-Clause" sh -c \
    "awk '/^Files: \\*\$/{f=1} f && /^License:/{print; exit}' '$C' |
    grep -qx 'License: BSD-3-Clause'"
check "debian/copyright: the Wycheproof vectors keep Apache-2.0" sh -c \
    "awk '/^Files: tests\\/vectors\\/wycheproof\\/\\*\$/{f=1} f && /^License:/{print; exit}' '$C' |
    grep -qx 'License: Apache-2.0'"
check "debian/copyright says License: other nowhere" \
    sh -c "! grep -q '^License: other' '$C'"
w1=$(words "$top/LICENSE" | wc -l)
check "debian/copyright's BSD-3-Clause text is LICENSE's ($w1 words)" \
    sh -c '[ "$3" -gt 200 ] && words() {
	sed -n "/Redistribution and use/,/SUCH DAMAGE\\./p" "$1" |
	    sed "s/^ \\.\$//" | tr -s " \n\t" "\n\n\n" | grep -v "^\$"
    } && [ "$(words "$1")" = "$(words "$2")" ]' x "$top/LICENSE" "$C" "$w1"

# --- the SPDX line in each source file ---------------------------------
nsrc=$(sources "$top" | wc -l)
left=$(missing "$top")
if [ "$nsrc" -gt 100 ] && [ -z "$left" ]; then
	ok "all $nsrc source files name $SPDX"
else
	not_ok "all $nsrc source files name $SPDX; missing in:"
	printf '%s\n' "$left" | head -20 | sed 's/^/#   /'
fi

# Controls: a scratch tree with one file of each kind, one without the line.
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
mkdir -p "$S/src" "$S/man" "$S/tests/vectors"
printf '/* %s */\nint x;\n' "$SPDX" >"$S/src/a.c"
printf '#!/bin/sh\n# %s\ntrue\n' "$SPDX" >"$S/src/b.sh"
printf '.\\" %s\n.Dd x\n' "$SPDX" >"$S/man/c.8"
printf 'int y;\n' >"$S/tests/vectors/v.c"
check "control: a tree where every file has the line: none named" \
    test -z "$(missing "$S")"
printf '/* a header without the line */\nint z;\n' >"$S/src/d.h"
printf 'all:\n' >"$S/Makefile"
check "control: a header and a Makefile without it are named" \
    test "$(missing "$S" | tr '\n' ' ')" = "Makefile src/d.h "
printf '\n\n\n\n\n# %s\n' "$SPDX" >"$S/src/e.py"
check "control: the line below the first five lines does not count" \
    sh -c "printf '%s\n' \"\$1\" | grep -qx src/e.py" x "$(missing "$S")"

echo "1..$n"
exit "$bad"

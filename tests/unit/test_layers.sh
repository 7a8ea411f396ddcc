#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/unit/test_layers.sh - the include direction of the tree (issue 20,
# docs/DESIGN.md "Layers").  TAP.
#
# src/ is cut into layers, bottom to top:
#   base  config  jose  [jansson]  identity  login
# Each may include the headers of the layers it stands on and its own,
# never one above it.  jansson/ (the key readers built on libjansson)
# stands on jose/; only the fetcher, the admin command and the tests use
# it, so neither identity/ nor login/ nor the module may.  The programs:
# the PAM module (pam_cotter.c) uses the module's layers; the NSS module
# (nss/) and the account helper (helpers/useradd/) link libc only and use
# base, config and identity; the fetcher (helpers/fetch/) uses base,
# config, jose and jansson; the device helper (helpers/device/, issue 25)
# the same and the fetcher's HTTPS transfer (helpers/fetch/fetch_curl); the admin command (admin/) any layer.  A
# program includes its own folder's headers, never another program's.
#
# Only "header.h" includes are judged (each -I names one layer, so the
# header's name alone says where it lives; a name found in two layers is
# an error).  Every C file of src/ must sit in a layer folder and every
# one of helpers/ in a program folder.  The last checks plant violations
# in a scratch copy of the tree and must see each one refused.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0
bad=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); bad=1; echo "not ok $n - $*"; }

# The layers each folder of the tree may include from (besides its own
# headers), one "folder: layers" a line.
RULES='src/base: base
src/config: base config
src/jose: base config jose
src/jansson: base config jose jansson
src/identity: base config jose identity
src/login: base config jose identity login
.: base config jose identity login
nss: base config identity
helpers/useradd: base config identity
helpers/fetch: base config jose jansson
helpers/device: base config jose jansson helpers/fetch
admin: base config jose jansson identity login'
LAYERS="base config jose jansson identity login"

# Every violation in tree $1, one a line: "path: why".  One awk pass over
# the list of C files, then over their "header.h" include lines.
violations() {
	(
		cd "$1" || exit 1
		find src helpers nss admin pam_cotter.c -name '*.[ch]' \
		    2>/dev/null | sort >"$tmp/files"
		xargs -r grep -H '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' \
		    <"$tmp/files" >"$tmp/incs" || :
		printf '%s\n' "$RULES" | awk -v layers="$LAYERS" '
		function dir_of(p) {
			if (p !~ /\//) return "."
			sub(/\/[^\/]*$/, "", p); return p
		}
		FILENAME == "-" {
			i = index($0, ":")
			rule[substr($0, 1, i - 1)] = " " substr($0, i + 2) " "
			next
		}
		FILENAME ~ /files$/ {
			have[$0] = 1
			if ($0 ~ /^src\/[a-z]+\/[^\/]+$/) {
				split($0, q, "/")
				if (index(" " layers " ", " " q[2] " ") == 0)
					print $0 ": not in a layer folder"
				else if ($0 ~ /\.h$/)
					where[q[3]] = where[q[3]] " " q[2]
			} else if ($0 ~ /^helpers\/[^\/]+\/[^\/]+\.h$/) {
				# Issue 25: a header of a program folder,
				# for a rule that names that folder.
				split($0, q, "/")
				where[q[3]] = where[q[3]] " helpers/" q[2]
			} else if ($0 ~ /^src\// || $0 ~ /^helpers\/[^\/]+$/)
				print $0 ": not in a layer or program folder"
			next
		}
		{
			i = index($0, ":"); f = substr($0, 1, i - 1)
			h = substr($0, i + 1)
			sub(/^[^"]*"/, "", h); sub(/".*/, "", h)
			d = dir_of(f)
			if (!(d in rule) || have[d "/" h] || \
			    (d == "." && have[h]))
				next
			w = substr(where[h], 2)
			if (w == "")
				print f ": \"" h "\" is in no layer (another " \
				    "program\047s header?)"
			else if (w ~ / /)
				print f ": \"" h "\" is in several layers: " w
			else if (index(rule[d], " " w " ") == 0)
				print f ": includes \"" h "\" from " w \
				    "/, above or beside its own"
		}' - "$tmp/files" "$tmp/incs"
	)
}

# The folders of the rules, as they are in tree $1.
folders() {
	printf '%s\n' "$RULES" | sed 's/:.*//' | while read -r d; do
		[ -e "$1/$d" ] && echo "$d"
	done
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The tree itself: one line per folder.
all=$(violations "$top")
for d in $(folders "$top"); do
	if [ "$d" = . ]; then pat='^pam_cotter\.c:'; else pat="^$d/[^/]*:"; fi
	out=$(printf '%s\n' "$all" | grep "$pat")
	if [ -z "$out" ]; then
		ok "$d includes only from: $(printf '%s\n' "$RULES" |
		    sed -n "s|^$d: ||p")"
	else
		printf '%s\n' "$out" | sed 's/^/# /'
		not_ok "$d includes from a layer above or beside it"
	fi
done
out=$(printf '%s\n' "$all" | grep 'not in a layer')
if [ -z "$out" ]; then ok "every file of src/ and helpers/ is in its folder"
else printf '%s\n' "$out" | sed 's/^/# /'; not_ok "files outside their folder"; fi
[ -z "$all" ] && ok "no violation at all" ||
    { printf '%s\n' "$all" | sed 's/^/# /'; not_ok "violations"; }
for d in $(folders "$top"); do
	[ "$d" = . ] && continue
	[ -s "$top/$d/README.md" ] && ok "$d/README.md says what it holds" ||
	    not_ok "$d/README.md missing"
done

# Self-test: each planted violation must be found in a scratch copy.
copy_tree() {
	rm -rf "$tmp/t"
	mkdir -p "$tmp/t"
	( cd "$top" && find src helpers nss admin pam_cotter.c \
	    -name '*.[ch]' | tar -c -T - ) | tar -x -C "$tmp/t"
}
expect() {	# expect NAME EXPECTED-SUBSTRING: in the copy's violations
	got=$(violations "$tmp/t")
	case "$got" in
	*"$2"*) ok "planted: $1 is refused" ;;
	*) echo "# found: $got"; not_ok "planted: $1 went unnoticed" ;;
	esac
}
plant() {	# plant NAME FILE LINE EXPECTED-SUBSTRING
	copy_tree
	case "$2" in
	*/) printf '%s\n' "$3" >"$tmp/t/$2planted.c" ;;
	*) printf '%s\n' "$3" >>"$tmp/t/$2" ;;
	esac
	expect "$1" "$4"
}
copy_tree
out=$(violations "$tmp/t")
[ -z "$out" ] && ok "positive control: an untouched copy passes" ||
    { echo "$out" | sed 's/^/# /'; not_ok "positive control"; }
plant "base including login" src/base/err.c '#include "auth.h"' \
    'src/base/err.c: includes "auth.h" from login/'
plant "config including identity" src/config/config.c \
    '#include "automap.h"' 'includes "automap.h" from identity/'
plant "jose including identity" src/jose/token.c '#include "usermap.h"' \
    'includes "usermap.h" from identity/'
plant "identity including login" src/identity/account.h \
    '#include "attempt.h"' 'includes "attempt.h" from login/'
plant "identity including jansson" src/identity/resolve.c \
    '#include "json.h"' 'includes "json.h" from jansson/'
plant "the module including jansson" pam_cotter.c \
    '#include "jwks_json.h"' 'pam_cotter.c: includes "jwks_json.h"'
plant "the NSS module including jose" nss/nss_cotter.c \
    '#include "token.h"' 'includes "token.h" from jose/'
plant "the account helper including the fetcher's header" \
    helpers/useradd/main.c '#include "fetch_curl.h"' \
    'includes "fetch_curl.h" from helpers/fetch/'
plant "the device helper including the account helper's header" \
    helpers/device/main.c '#include "useradd.h"' \
    'includes "useradd.h" from helpers/useradd/'
plant "a file at the top of src/" src/ '/* stray */' \
    'src/planted.c: not in a layer'
copy_tree
cp "$tmp/t/src/base/err.h" "$tmp/t/src/login/err.h"
expect "a header in two layers" '"err.h" is in several layers'
echo "1..$n"
exit $bad

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The refresh unit's sandbox (issue 19, point 7): systemd-analyze rates the
# installed unit's exposure below 5.0 and verifies it; its only writable
# path is jwks_cache's directory; and the fetcher still works inside what
# the unit allows: no capabilities (setpriv), only the system calls of its
# SystemCallFilter= (an strace of a real fetch checked against the
# filter), writing only under the cache directory.  No systemd runs here,
# so each restriction is checked on its own.
. "$(dirname "$0")/lib.sh"
. "$top/tests/e2e/server.sh"

FETCH="$top/helpers/pam_cotter_fetch"
UNIT=pam_cotter-refresh.service
SYSCALLS="/usr/bin/python3 $top/tests/e2e/unit_syscalls.py"
T=$(mktemp -d)
chmod 0755 "$T"
D="$T/root"

cleanup() {
	stop_server
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# exposure FILE: the "Overall exposure level" systemd-analyze gives it.
exposure() {
	systemd-analyze security --offline=true "$1" 2>/dev/null |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}

# below5 X: X is a number below 5.0.
below5() {
	[ -n "$1" ] && awk -v x="$1" 'BEGIN { exit !(x < 5.0) }'
}

# --- the installed unit ----------------------------------------------------
if make -s -C "$top" install DESTDIR="$D" >"$T/install.log" 2>&1; then
	ok "make install DESTDIR=... succeeds"
else
	not_ok "make install DESTDIR=... succeeds" "$(tail -3 "$T/install.log")"
	finish
fi
U="$D/lib/systemd/system/$UNIT"
x=$(exposure "$U")
if below5 "$x"; then
	ok "systemd-analyze security --offline=true rates the unit below 5.0 ($x)"
else
	not_ok "systemd-analyze security --offline=true rates the unit below 5.0" \
	    "got: ${x:-nothing}"
fi
# Control: the same unit without its sandbox is rated 5.0 or more, so the
# check above can fail.
grep -E '^(\[|Description|Type|ExecStart)' "$U" >"$T/$UNIT"
x=$(exposure "$T/$UNIT")
if [ -n "$x" ] && ! below5 "$x"; then
	ok "control: the unit without its sandbox is rated $x"
else
	not_ok "control: the unit without its sandbox is rated 5.0 or more" \
	    "got: ${x:-nothing}"
fi
# systemd-analyze verify works offline, but looks for ExecStart's program
# on this host: point it at the one built here.
mkdir "$T/verify"
sed "s|^ExecStart=[^ ]*|ExecStart=$FETCH|" "$U" >"$T/verify/$UNIT"
cp "$D/lib/systemd/system/pam_cotter-refresh.timer" "$T/verify/"
if out=$(systemd-analyze verify --man=no "$T/verify/$UNIT" \
    "$T/verify/pam_cotter-refresh.timer" 2>&1) && [ -z "$out" ]; then
	ok "systemd-analyze verify: unit and timer, no complaint"
else
	not_ok "systemd-analyze verify: unit and timer, no complaint" "$out"
fi
echo "Bogus=1" >>"$T/verify/$UNIT"
out=$(systemd-analyze verify --man=no "$T/verify/$UNIT" 2>&1)
check "control: verify complains about an unknown key" test -n "$out"
want=$(sed -n 's|^#define CT_DEFAULT_JWKS_CACHE[[:space:]]*"\(.*\)/[^/]*"$|\1|p' \
    "$top/src/config/config.c")
check "the only writable paths: jwks_cache's default directory ($want) and the replay store" \
    test "$(grep '^ReadWritePaths=' "$U" | tr '\n' ' ')" = \
    "ReadWritePaths=$want ReadWritePaths=-/var/lib/pam_cotter/replay "
check "ProtectSystem=strict and an empty CapabilityBoundingSet=" \
    test "$(grep -cxE 'ProtectSystem=strict|CapabilityBoundingSet=' "$U")" -eq 2

# --- the fetcher inside those limits ---------------------------------------
make_ca
$ISSUER keygen "$T/keys" >/dev/null
$ISSUER jwks "$T/keys" >"$T/jwks.json"
mkdir -m 0755 "$T/cache"
start_server good || { not_ok "server starts"; finish; }
cat >"$T/fetch.conf" <<CONF
audience = $AUD
jwks_url = $URL
jwks_cache = $T/cache/jwks.json
ca_file = $T/ca/ca.pem
CONF
chmod 0644 "$T/fetch.conf"
# nocaps CMD...: CMD with every capability gone for good (bounding,
# inheritable and ambient sets empty, no_new_privs), as the unit runs it.
nocaps() {
	setpriv --bounding-set=-all --inh-caps=-all --ambient-caps=-all \
	    --no-new-privs "$@"
}
check "control: setpriv leaves no effective capability" \
    test "$(nocaps grep '^CapEff' /proc/self/status | tr -d ' \t')" = \
    "CapEff:0000000000000000"
# A sanitizer build (make check-asan): LeakSanitizer cannot stop the
# world of a process strace already traces; leaks are checked elsewhere.
SAN=
ldd "$FETCH" | grep -q libasan && SAN="ASAN_OPTIONS=detect_leaks=0"
RC=0
nocaps env $SAN strace -f -qq -y -o "$T/trace" "$FETCH" \
    --config "$T/fetch.conf" </dev/null >"$T/fetch.out" 2>&1 || RC=$?
check "without capabilities the fetcher fetches (exit $RC)" test "$RC" -eq 0
check "... the cache is the served set" cmp -s "$T/cache/jwks.json" "$T/jwks.json"
check "... root-owned, mode 0644" \
    test "$(stat -c '%u %g %a' "$T/cache/jwks.json")" = "0 0 644"
RC=0
bad=$($SYSCALLS "$U" "$T/trace") || RC=$?
if [ -n "$SAN" ]; then
	# The sanitizer runtime's own calls (setrlimit for its core limit)
	# are no part of the fetcher: make check runs this on the real build.
	ok "... system calls against the filter # SKIP sanitizer build"
else
	check "... every system call it made passes the unit's SystemCallFilter=" \
	    test "$RC" -eq 0
	[ "$RC" -eq 0 ] || echo "# refused by the filter: $(echo $bad)"
fi
check "... no chown call (the file is root:root already)" \
    test "$(grep -cE '^[0-9]+ +(f|l)?chown(at)?\(' "$T/trace")" -eq 0
# Every path opened for writing, created, renamed or removed is under the
# cache directory (ProtectSystem=strict with ReadWritePaths= the cache).
grep -E 'O_(WRONLY|RDWR|CREAT)|^[0-9]+ +(rename|unlink|mkdir|utimensat|link|symlink)' \
    "$T/trace" | grep -vE '= -1 E' | grep -oE '"/[^"]*"' | tr -d '"' \
    >"$T/written"
grep -v "^$T/cache/" "$T/written" >"$T/outside" || true
check "... it writes in the cache directory (control: writes are seen)" \
    grep -q "^$T/cache/jwks.json" "$T/written"
check "... it writes nothing outside the cache directory" \
    test ! -s "$T/outside"
[ -s "$T/outside" ] && echo "# written outside: $(head -3 "$T/outside" | tr '\n' ' ')"
# Controls: the checks can fail.
strace -f -qq -o "$T/chown.trace" chown 0:0 "$T/fetch.conf"
RC=0
bad=$($SYSCALLS "$U" "$T/chown.trace") || RC=$?
check "control: chown's fchownat is refused by the filter" \
    test "$RC" -eq 1 -a "$bad" = fchownat
RC=0
nocaps chown 1:1 "$T/fetch.conf" 2>/dev/null || RC=$?
check "control: without capabilities root cannot give a file away" \
    test "$RC" -ne 0 -a "$(stat -c %u "$T/fetch.conf")" = 0

# --- doctor: the unit must let the fetcher write jwks_cache ----------------
PC="$top/admin/pam-cotter"
mkdir -p /etc/systemd/system
cp "$U" "/etc/systemd/system/$UNIT"
sed "s|^jwks_cache = .*|jwks_cache = $want/jwks.json|" "$T/fetch.conf" \
    >"$T/d1.conf"
chmod 0644 "$T/d1.conf"
# finding LEVEL [DOCTOR ARGS...]: doctor's "unit" line, if at LEVEL.
finding() {
	lv=$1
	shift
	"$PC" doctor "$@" 2>&1 | grep -E "^$lv +unit "
}
out=$(finding ok --config="$T/d1.conf")
case $out in
*" may write $want "*)
	ok "doctor: jwks_cache in the unit's ReadWritePaths (control)" ;;
*) not_ok "doctor: jwks_cache in the unit's ReadWritePaths (control)" \
    "got: $out" ;;
esac
out=$(finding warn --config="$T/fetch.conf")
case $out in
*"$T/cache is not in ReadWritePaths="*)
	ok "doctor: warns when jwks_cache is outside the unit's ReadWritePaths" ;;
*) not_ok "doctor: warns when jwks_cache is outside the unit's ReadWritePaths" \
    "got: $out" ;;
esac
# Several issuers (issue 22): every issuer's cache directory is checked,
# also when the global part has no jwks_url at all.
cat >"$T/d2.conf" <<CONF
[issuer a]
issuer = https://a.example.org
audience = $AUD
jwks_url = $URL
jwks_cache = $want/a.json
ca_file = $T/ca/ca.pem
[issuer b]
issuer = https://b.example.org
audience = $AUD
jwks_url = $URL
jwks_cache = $T/cache/b.json
ca_file = $T/ca/ca.pem
CONF
chmod 0644 "$T/d2.conf"
out=$(finding ok --config="$T/d2.conf")
case $out in
*" may write $want (ReadWritePaths=) (issuer \"a\")"*)
	ok "doctor, two issuers: issuer a's cache directory is writable (control)" ;;
*) not_ok "doctor, two issuers: issuer a's cache directory is writable (control)" \
    "got: $out" ;;
esac
out=$(finding warn --config="$T/d2.conf")
case $out in
*"$T/cache (issuer \"b\") is not in ReadWritePaths="*)
	ok "doctor, two issuers: warns about issuer b's cache directory" ;;
*) not_ok "doctor, two issuers: warns about issuer b's cache directory" \
    "got: $out" ;;
esac
# Issue 24: the timer's run removes the replay store's expired entries, so
# the unit must write state_dir/replay too.
out=$(finding ok --config="$T/d1.conf")
case $out in
*" may write /var/lib/pam_cotter/replay "*)
	ok "doctor: the default replay store is in the unit's ReadWritePaths (control)" ;;
*) not_ok "doctor: the default replay store is in the unit's ReadWritePaths (control)" \
    "got: $out" ;;
esac
{ cat "$T/d1.conf"; echo "state_dir = $T/state"; } >"$T/d3.conf"
chmod 0644 "$T/d3.conf"
out=$(finding warn --config="$T/d3.conf")
case $out in
*"the replay store $T/state/replay is not in ReadWritePaths="*)
	ok "doctor: warns when state_dir's replay store is outside the unit's ReadWritePaths" ;;
*) not_ok "doctor: warns when state_dir's replay store is outside the unit's ReadWritePaths" \
    "got: $out" ;;
esac
{ cat "$T/d3.conf"; echo "replay = off"; } >"$T/d4.conf"
chmod 0644 "$T/d4.conf"
check "doctor: ... not with replay = off" \
    test -z "$(finding warn --config="$T/d4.conf")"
mkdir -p "/etc/systemd/system/$UNIT.d"
printf '[Service]\nReadWritePaths=%s\n' "$T/cache" \
    >"/etc/systemd/system/$UNIT.d/cache.conf"
check "doctor: a drop-in's ReadWritePaths= counts" \
    test -z "$(finding warn --config="$T/fetch.conf")" -a \
    -n "$(finding ok --config="$T/fetch.conf")"
rm -rf "/etc/systemd/system/$UNIT" "/etc/systemd/system/$UNIT.d"
finish

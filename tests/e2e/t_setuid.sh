#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Issue 11 through set-uid hosts (D1, SECURITY.md threat model 2): inside
# su the module runs with the caller's real uid, and the caller may stop,
# limit and trace it.  The attack (a token with an unknown kid, under
# "ulimit -f 0") starts no fetcher and touches no lock, stamp or temp
# file; a key rotation then reaches logins through the root timer fetcher.
# A lock held by a stopped process delays refreshes by a bounded time
# only; a pending account is claimed through a root service, never su; a
# screen locker running as the user reads the user's binding.
. "$(dirname "$0")/lib.sh"
. "$top/tests/e2e/server.sh"

P=$(mktemp -d)		# 0700: pty scripts hold tokens
PTY="/usr/bin/python3 $top/tests/e2e/pty_drive.py"
for tool in su setpriv flock pamtester; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (util-linux, pamtester)"
		finish
	fi
done

setup_world
T=$W
C="$T/cache/jwks.json"
S="$T/state"
H="$top/helpers/pam_cotter_useradd"
FETCH="$top/helpers/pam_cotter_fetch"
HOLDER=
cleanup() {
	[ -n "$HOLDER" ] && kill -KILL "$HOLDER" 2>/dev/null
	stop_server
}
trap cleanup EXIT
trap 'exit 1' INT TERM

make_ca
mkdir -m 0755 "$T/cache"
$ISSUER jwks "$W/keys" >"$T/jwks.json"
start_server good || { not_ok "server starts"; finish; }
cat >"$W/pam_cotter.conf" <<CONF
audience = $AUD
jwks_cache = $C
jwks_url = $URL
ca_file = $T/ca/ca.pem
helper_dir = $top/helpers
map_file = $W/users
refresh_interval = 3600
refresh_min_interval = 1
fetch_timeout = 2
create_users = yes
allowed_domains = example.com
state_dir = $S
uid_min = 2000
CONF
CONF="config=$W/pam_cotter.conf"
service_file "$CONF nodelay"
cp /etc/pam.d/su "$P/pam.su.debian"
awk -v auth="auth sufficient $MODULE $CONF nodelay" \
    '$0 == "@include common-auth" { print auth } { print }' \
    "$P/pam.su.debian" >/etc/pam.d/su
for u in alice bob; do
	mkdir -p -m 0700 "/home/$u"
	chown "$u:$u" "/home/$u"
done
BOB="setpriv --reuid=bob --regid=bob --init-groups"
BOB_UID=$(id -u bob)

# su_as_bob NAME WANT TOKEN_FILE TARGET [SHELL_PREFIX]: bob runs
# "su TARGET -c 'id -un'" on a terminal, after SHELL_PREFIX (his ulimits),
# and types the token; WANT is 0 (a shell as TARGET) or any-fail.
su_as_bob() {
	if [ "$2" = 0 ]; then
		tail="expect (?m)^$4\\r?\$"
	else
		# A refused token leaves PAM_AUTHTOK empty (issue 19), so
		# common-auth's pam_unix asks for a password of its own.
		tail="expect Password: 
send not-the-password
expect Authentication failure"
	fi
	printf 'expect Cotter token: \nsendfile %s\n%s\neof\n' "$3" "$tail" \
	    >"$P/script"
	RC=0
	# shellcheck disable=SC2086
	OUT=$($PTY --timeout 30 "$P/script" -- $BOB sh -c \
	    "${5:-:}; exec su $4 -c 'id -un'" 2>&1) || RC=$?
	case $2:$RC in
	any-fail:0|any-fail:124) res=no ;;
	any-fail:*) res=yes ;;
	0:0) res=yes ;;
	*) res=no ;;
	esac
	if [ "$res" = yes ]; then
		ok "$1"
	else
		not_ok "$1" "exit $RC: $(printf '%s' "$OUT" | tail -3)"
	fi
}

# listing: every file beside the cache, with size, mtime and ctime.
listing() {
	(cd "$T/cache" && ls -A | while read -r f; do
		stat -c '%n %s %Y.%y %Z.%z %u:%g %a' -- "$f"
	done)
}

since_mark() {
	log_sync
	tail -n "+$LOG_FROM" "$CT_SYSLOG" | grep -v ct-log-sync
}

# --- the root timer fills the cache; root logins work (controls) ------------
RC=0
"$FETCH" --config "$W/pam_cotter.conf" </dev/null >/dev/null 2>&1 || RC=$?
check "the root timer's fetcher fills the cache (exit $RC)" test "$RC" -eq 0
good=$(mint --identifier alice@example.com)
printf '%s\n' "$good" >"$P/good"
expect "root service: alice's token (control)" success alice "$good"
su_as_bob "su as bob: alice's token opens alice (control)" 0 "$P/good" alice

# --- the attack: an unknown kid under su, with "ulimit -f 0" -----------------
$ISSUER keygen "$W/other" --kid "SPACE_JWT_PUBLIC:unknown-$$" >/dev/null
$ISSUER mint "$W/other" --aud "$AUD" --identifier alice@example.com \
    >"$P/unknown"
rm -f "$C.lock" "$C.attempt" "$C.fetch-lock"
before_list=$(listing)
before=$(count)
log_mark
su_as_bob "su as bob (ulimit -f 0): a token with an unknown kid is refused" \
    any-fail "$P/unknown" alice "ulimit -f 0"
check "... no request reached the issuer" test "$(count)" -eq "$before"
if since_mark | grep -q 'pam_cotter_fetch\['; then
	not_ok "... no fetcher ran" "$(since_mark | grep pam_cotter_fetch)"
else
	ok "... no fetcher ran"
fi
check "... no lock, stamp or temp file created or touched beside the cache" \
    test "$before_list" = "$(listing)"
check "... no lock file exists (su never opened one)" \
    test ! -e "$C.lock" -a ! -e "$C.fetch-lock" -a ! -e "$C.attempt"
expect_log "... the refusal names the kid only by its hash" \
    'su.*refused user "alice": unknown kid \(kid#[0-9a-f]{8}\)'
before=$(count)
expect "root service, same token: the refresh is tried (control)" auth_err \
    alice "$(cat "$P/unknown")"
check "... one request reached the issuer" test "$(count)" -eq $((before + 1))

# --- rotation: su never fetches; the root timer does -------------------------
NEWKID=$($ISSUER keygen "$W/keys" --kid "SPACE_JWT_PUBLIC:rotated-$$")
$ISSUER jwks "$W/keys" >"$T/jwks.json"
mint --kid "$NEWKID" --identifier alice@example.com >"$P/rotated"
rm -f "$C.attempt"
before=$(count)
su_as_bob "su after rotation: the new key is not fetched under su" \
    any-fail "$P/rotated" alice
check "... no request" test "$(count)" -eq "$before"
RC=0
"$FETCH" --config "$W/pam_cotter.conf" </dev/null >/dev/null 2>&1 || RC=$?
check "the root timer's fetcher learns the rotated key (exit $RC)" \
    test "$RC" -eq 0 -a "$(count)" -eq $((before + 1))
su_as_bob "su as bob: a token with the new key now succeeds" 0 \
    "$P/rotated" alice

# --- a lock held by a stopped process: bounded, then recovered ---------------
# hold LOCKFILE: a root process takes the flock and stops itself.
hold() {
	sh -c 'exec 9>>"$1"; flock 9; kill -STOP $$' sh "$1" &
	HOLDER=$!
	wait_until grep -q '^State:.*stopped' "/proc/$HOLDER/status"
}
release() {
	kill -KILL "$HOLDER"
	wait "$HOLDER" 2>/dev/null
	HOLDER=
}
hold "$C.fetch-lock"
check "a stopped process holds the fetch lock" \
    grep -q '^State:.*stopped' "/proc/$HOLDER/status"
RC=0
timeout 30 "$FETCH" --config "$W/pam_cotter.conf" --force </dev/null \
    >/dev/null 2>&1 || RC=$?
check "... the timer's fetcher gives up in bounded time (exit $RC, not 124)" \
    test "$RC" -eq 1
touch -d "2 hours ago" "$C"
rm -f "$C.attempt"
expect "... a root login on a stale cache still succeeds" success alice \
    "$(mint --kid "$NEWKID" --identifier alice@example.com)"
release
RC=0
timeout 30 "$FETCH" --config "$W/pam_cotter.conf" --force </dev/null \
    >/dev/null 2>&1 || RC=$?
check "once the holder is gone the fetch lock is free again (exit $RC)" \
    test "$RC" -eq 0
hold "$C.lock"
touch -d "2 hours ago" "$C"
rm -f "$C.attempt"
expect "the module's refresh lock held by a stopped process: login succeeds" \
    success alice "$(mint --kid "$NEWKID" --identifier alice@example.com)"
release
before=$(count)
touch -d "2 hours ago" "$C"
rm -f "$C.attempt"
expect "... and after it is gone the next login refreshes" success alice \
    "$(mint --kid "$NEWKID" --identifier alice@example.com)"
check "... with one request" test "$(count)" -eq $((before + 1))

# A fetcher killed mid-write left its temp file: the next one removes it.
: >"$C.tmp.AbC123"
: >"$C.state.tmp.XyZ789"
: >"$T/cache/other.tmp.keep"
"$FETCH" --config "$W/pam_cotter.conf" --force </dev/null >/dev/null 2>&1
check "stale temp files of the cache are removed by the next fetcher" \
    test ! -e "$C.tmp.AbC123" -a ! -e "$C.state.tmp.XyZ789"
check "... other files stay (control)" test -e "$T/cache/other.tmp.keep"

# locker RUNAS USER TOKEN: pamtester for USER run as RUNAS, its own groups
# only (as a screen locker such as xscreensaver or swaylock runs).
locker() {
	RC=0
	OUT=$(printf '%s\n' "$3" | timeout 60 setpriv --reuid="$1" \
	    --regid="$(id -g "$1")" --clear-groups pamtester -v "$SERVICE" \
	    "$2" authenticate 2>&1) || RC=$?
}

# --- creation and the claim of a pending account: root services only --------
"$H" precreate --state-dir "$S" --uid-min 3600 -- ua.pend ua.pend@example.com \
    >/dev/null 2>&1
check "setup: ua.pend pre-created, binding pending" \
    grep -qx 'state pending' "$S/bindings/ua.pend"
SUBP=11111111-2222-4333-8444-555555555555
mint --kid "$NEWKID" --identifier ua.pend@example.com --sub $SUBP \
    >"$P/pend"
log_mark
su_as_bob "su as bob: the first login of a pending account is refused" \
    any-fail "$P/pend" ua.pend
expect_log "... with the line that says where to log in first" \
    "refused user \"ua.pend\": the first login to pre-created account \"ua.pend\" needs a root service such as sshd, login or a display manager; real uid is $BOB_UID"
check "... the binding stays pending" \
    grep -qx 'state pending' "$S/bindings/ua.pend"
if since_mark | grep -q 'pam_cotter_useradd\['; then
	not_ok "... the account helper never ran"
else
	ok "... the account helper never ran"
fi
# su refuses a user that does not exist before PAM runs; a PAM
# application run by bob (as a locker would be) reaches the module.
locker bob ua.su "$(mint --kid "$NEWKID" --identifier ua.su@example.com)"
check "run by bob: creating an account is refused (exit $RC)" test "$RC" -ne 0
expect_log "... with the same clear line" \
    "creating account \"ua.su\" needs a root service such as sshd, login or a display manager; real uid is $BOB_UID"
check "... and no account was made" sh -c '! getent passwd ua.su'
expect "root service: the pending account is claimed" success ua.pend \
    "$(cat "$P/pend")"
# Issue 24: a token opens one login; each login below takes its own.
pend() { mint --kid "$NEWKID" --identifier ua.pend@example.com --sub $SUBP; }
check "... its binding now holds the token's sub" \
    grep -qx "sub $SUBP" "$S/bindings/ua.pend"

# --- a screen locker runs as the user: it reads the user's binding ----------
locker ua.pend ua.pend "$(pend)"
check "locker as ua.pend: its own token unlocks (exit $RC)" test "$RC" -eq 0
locker ua.pend ua.pend "$(mint --kid "$NEWKID" --identifier ua.pend@example.com)"
check "locker: the same identity with another sub does not (exit $RC)" \
    test "$RC" -ne 0
RC=0
setpriv --reuid=ua.pend --regid="$(id -g ua.pend)" --clear-groups sh -c \
    "echo 'sub forged' >>'$S/bindings/ua.pend'" 2>/dev/null || RC=$?
check "the user cannot write the binding (exit $RC)" test "$RC" -ne 0
chmod 0700 "$S/bindings"
locker ua.pend ua.pend "$(pend)"
check "with a 0700 store (the old layout) the locker fails (exit $RC)" \
    test "$RC" -ne 0
chmod 0775 "$S/bindings"
expect "a group-writable store is refused, even as root" service_err \
    ua.pend "$(pend)"
chmod 0755 "$S/bindings"
expect "0755 root store: root login works (control)" success ua.pend \
    "$(pend)"

finish

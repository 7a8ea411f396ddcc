#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Issue 24: a token opens one login.  Through the real pamtester and the
# built module: a replay refused beside its control, per_service and once,
# replay=off and max_token_age= on one service's line, tokens without a
# usable jti, 32 logins at once with one token, a caller that cannot
# write the store, and every fault refused with nothing lost.
. "$(dirname "$0")/lib.sh"
setup_world
STATE="$W/state"
echo "state_dir = $STATE" >>"$W/pam_cotter.conf"
CONF="config=$W/pam_cotter.conf"

# svc NAME ARGS: a second PAM service with the module and ARGS.
svc() {
	{
		echo "auth required $MODULE $CONF nodelay $2"
		echo "account required pam_permit.so"
	} >"/etc/pam.d/$1"
}
# as SERVICE: expect ... through another service.
as() {
	s=$SERVICE
	SERVICE=$1
	shift
	expect "$@"
	SERVICE=$s
}

t=$(mint --identifier alice@example.com)
log_mark
expect "a fresh token opens a login (control)" success alice "$t"
check "the store is made root-owned 0711 under state_dir" \
    test "$(stat -c %U:%a "$STATE/replay")" = root:711
expect "the same token again in the same service: replay" auth_err alice "$t"
case $OUT in
*"already used to log in here"*) ok "the refusal says on screen a new token is needed" ;;
*) not_ok "the refusal says on screen a new token is needed" "$OUT" ;;
esac
expect_log "the replay is logged with the first use's service" \
    'refused user "alice": jti: token already used on this host \(per_service cotter-test'
expect "another fresh token still opens a login (control)" success alice \
    "$(mint --identifier alice@example.com)"

# Issue 24.5: pam-cotter check says so, and records nothing.
PC="$top/admin/pam-cotter"
f=$(mint --identifier alice@example.com)
POUT=$(printf '%s\n' "$f" | "$PC" check --service "$SERVICE" --user alice 2>&1) || true
case $POUT in
*"replay: this token was not used on this host yet"*) ok "check: a fresh token is not used yet" ;;
*) not_ok "check: a fresh token is not used yet" "$POUT" ;;
esac
expect "check recorded nothing: the token still opens a login" success alice "$f"
POUT=$(printf '%s\n' "$f" | "$PC" check --service "$SERVICE" --user alice 2>&1) || true
case $POUT in
*"already used on this host: first per_service cotter-test at "*"used   cotter-test"*"verdict: PAM_AUTH_ERR: jti: token already used"*)
	ok "check: a used token: which service, when, and the verdict" ;;
*) not_ok "check: a used token: which service, when, and the verdict" "$POUT" ;;
esac
POUT=$("$PC" doctor --config "$W/pam_cotter.conf" 2>&1) || true
case $POUT in
*"ok"*"replay"*"$STATE/replay: safe; "*" live entries (replay_max_entries 100000)"*)
	ok "doctor: the replay store is safe, its size against the bound" ;;
*) not_ok "doctor: the replay store is safe, its size against the bound" \
    "$(printf '%s' "$POUT" | grep replay)" ;;
esac

# per_service: one login per service.
svc cotter-two ""
as cotter-two "the same token opens another service once (per_service)" \
    success alice "$t"
as cotter-two "... but not twice" auth_err alice "$t"

# once on one service's line: no other use before or after.
svc cotter-once "replay=once"
as cotter-once "replay=once: a token used elsewhere is refused" \
    auth_err alice "$t"
u=$(mint --identifier alice@example.com)
as cotter-once "replay=once: a fresh token opens it (control)" success alice "$u"
expect "a token used under once opens no other service" auth_err alice "$u"

# replay=off on the line: the old behaviour.
svc cotter-off "replay=off"
v=$(mint --identifier alice@example.com)
as cotter-off "replay=off: a token opens a login" success alice "$v"
as cotter-off "replay=off: and again" success alice "$v"

# Issue 24.3: jti.
log_mark
expect "a token without jti is refused" auth_err alice \
    "$(mint --identifier alice@example.com --no-jti)"
expect_log "the refusal says jti is missing" 'jti: missing \(replay is per_service'
as cotter-off "without jti but replay=off: accepted (control)" success alice \
    "$(mint --identifier alice@example.com --no-jti)"
expect "a jti that is a number is refused" auth_err alice \
    "$(mint --identifier alice@example.com --claim 'jti=12345')"
long=$(printf '%0300d' 0)
expect "a jti of 300 bytes is refused" auth_err alice \
    "$(mint --identifier alice@example.com --claim "jti=\"$long\"")"
ok256=$(printf '%0256d' 0)
expect "a jti of 256 bytes is accepted (control)" success alice \
    "$(mint --identifier alice@example.com --claim "jti=\"$ok256\"")"

# Issue 24.4: max_token_age on one service's line tightens it.
svc cotter-fresh "max_token_age=300"
old=$(mint --identifier alice@example.com --iat-offset -600)
as cotter-fresh "max_token_age=300: a token issued 10 minutes ago is refused" \
    auth_err alice "$old"
expect "the same token still opens the other service (control)" success \
    alice "$old"
as cotter-fresh "max_token_age=300: a token issued now opens it (control)" \
    success alice "$(mint --identifier alice@example.com)"

# A login refused after the record still used the token.
w=$(mint --identifier alice@example.com)
expect "a token typed at another account is refused" auth_err bob "$w"
expect "... and counts as used" auth_err alice "$w"

# 32 logins at the same instant with one token: exactly one succeeds.
x=$(mint --identifier alice@example.com)
mkdir "$W/race"
i=0
while [ "$i" -lt 32 ]; do
	(printf '%s\n' "$x" | timeout 60 pamtester "$SERVICE" alice \
	    authenticate >/dev/null 2>&1 && touch "$W/race/$i") &
	i=$((i + 1))
done
wait
n=$(ls "$W/race" | wc -l)
check "32 concurrent logins with one token: exactly one succeeds ($n)" \
    test "$n" -eq 1

# A caller that cannot write the store (a screen locker as the user).
chmod 0644 "$W/pam_cotter.conf"
as_alice() {
	RC=0
	OUT=$(printf '%s\n' "$1" | setpriv --reuid alice --regid alice \
	    --clear-groups timeout 60 pamtester -v "$SERVICE" alice \
	    authenticate 2>&1) || RC=$?
}
as_alice "$t"
check "not root: a recorded token is refused (exit $RC)" test "$RC" -ne 0
log_mark
y=$(mint --identifier alice@example.com)
as_alice "$y"
check "not root: an unrecorded token is accepted (exit $RC)" test "$RC" -eq 0
expect_log "not root: the log says this use could not be recorded" \
    'replay: could not record this use'
expect "... and root then records it once (the locker recorded nothing)" \
    success alice "$y"

# Faults: each refused, nothing lost.
fault() {
	log_mark
	expect "$1: a fresh token is refused" system_err alice \
	    "$(mint --identifier alice@example.com)"
	expect_log "$1: one line names the problem" "$2"
	login alice "$t"
	check "$1: a recorded token is still refused (exit $RC)" \
	    test "$RC" -ne 0
}
mv "$STATE/replay" "$STATE/replay.real"
ln -s replay.real "$STATE/replay"
fault "store swapped for a link" 'replay store replay: .*link'
rm "$STATE/replay"
mv "$STATE/replay.real" "$STATE/replay"

mount --bind "$STATE/replay" "$STATE/replay"
mount -o remount,bind,ro "$STATE/replay"
fault "store on a read-only mount" 'replay store.*Read-only file system'
umount "$STATE/replay"

chmod 0733 "$STATE/replay"
fault "store writable by others" 'replay store replay: must be a directory owned by root'
POUT=$("$PC" doctor --config "$W/pam_cotter.conf" 2>&1) || true
case $POUT in
*"fail replay"*"must be a directory owned by root"*) ok "doctor: a store writable by others fails" ;;
*) not_ok "doctor: a store writable by others fails" "$(printf '%s' "$POUT" | grep replay)" ;;
esac
chmod 0711 "$STATE/replay"

# A full disk: a small tmpfs as state_dir, filled.
F="$W/full"
mkdir -m 0755 "$F"
mount -t tmpfs -o size=64k,mode=0755 ct-full "$F"
svc cotter-full "state_dir=$F"
z=$(mint --identifier alice@example.com)
as cotter-full "full disk: a first login records (control)" success alice "$z"
dd if=/dev/zero of="$F/fill" bs=4k 2>/dev/null || true
log_mark
as cotter-full "full disk: a fresh token is refused" system_err alice \
    "$(mint --identifier alice@example.com)"
expect_log "full disk: one line names the problem" 'No space left on device'
as cotter-full "full disk: a recorded token is still refused" auth_err alice "$z"
umount "$F"

# A corrupt entry: the token was used; whatever the entry holds now, no
# other service accepts it (its "once" or not cannot be read).
c=$(mint --identifier alice@example.com)
touch "$W/mark"
expect "corrupt entry: first use (control)" success alice "$c"
# Entries' mtimes are their expiry (the future): ctime is the record.
# (entries only: 64 hex digits; "n" and "c.*" are the shards' counters)
find "$STATE/replay" -type f -cnewer "$W/mark" | grep -E '/[0-9a-f]{64}$' |
    while read -r f; do
	printf 'garbage\n' >"$f"
done
log_mark
as cotter-two "corrupt entry: the token is refused in another service" \
    auth_err alice "$c"
expect_log "corrupt entry: the line says so" 'replay entry is corrupt'

# A crash between the record and the answer leaves the token used: a
# module after ours kills the process before it can answer.
printf '#!/bin/sh\nkill -9 "$PPID"\n' >"$W/crash.sh"
chmod 0755 "$W/crash.sh"
{
	echo "auth requisite $MODULE $CONF nodelay"
	echo "auth required pam_exec.so $W/crash.sh"
} >/etc/pam.d/cotter-crash
k=$(mint --identifier alice@example.com)
as cotter-crash "crash after the record: control" auth_err alice \
    "$(mint --identifier alice@example.com --no-jti)"
s=$SERVICE
SERVICE=cotter-crash
login alice "$k"
SERVICE=$s
check "crash after the record: the process dies (exit $RC)" test "$RC" -eq 137
as cotter-crash "crash after the record: the token stays used" auth_err \
    alice "$k"

# The refresh timer's run (the fetcher with --config) removes expired
# entries and keeps live ones.
touch "$W/mark2"
expect "sweep: one more use (control)" success alice \
    "$(mint --identifier alice@example.com)"
entries() { find "$STATE/replay" -type f | grep -cE '/[0-9a-f]{64}$'; }
find "$STATE/replay" -type f ! -cnewer "$W/mark2" | grep -E '/[0-9a-f]{64}$' |
    xargs touch -m -d '2 hours ago'
before=$(entries)
"$top/helpers/pam_cotter_fetch" --config "$W/pam_cotter.conf" >/dev/null 2>&1 || true
after=$(entries)
check "sweep: the timer's run removes expired entries, keeps the live two ($before -> $after)" \
    test "$before" -gt 2 -a "$after" -eq 2
check "sweep: the shards' counters follow (one c.* link per entry left)" \
    test "$(find "$STATE/replay" -name 'c.*' | wc -l)" -eq 2

finish

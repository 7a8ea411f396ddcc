#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A connection's pre-authentication answer (issue 19, points 1 and 2).
# sshd looks the user up once per connection and opens the session with
# that record.  tests/e2e/held_drive.c stands in for one sshd connection:
# it is on sshd_paths, so libnss_cotter answers its getpwnam as it
# answers sshd, and it runs PAM (auth, or the account phase alone as a
# public key login does) on command, through fifos: no sleeps.
#
# The attack: connection 1 holds uid U for a person without an account;
# U is then taken (another person's first login landing on U, or an
# administrator's `useradd -u U`); the person's connection 2 creates the
# account at another uid; connection 1 must then never succeed (its
# session would run as U).  Controls: a fresh connection succeeds.
. "$(dirname "$0")/lib.sh"

P=$(mktemp -d)
umask 077
for tool in cc useradd; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed"
		finish
	fi
done
cc -o "$P/held_drive" "$top/tests/e2e/held_drive.c" -lpam ||
    { not_ok "build tests/e2e/held_drive.c"; finish; }
DRIVE=$(readlink -f "$P/held_drive")

setup_world
STATE="$W/state"
LO=42000 HI=42999
mkdir -p /etc/security
cat >/etc/security/pam_cotter.conf <<CONF
audience = $AUD
jwks_cache = $W/jwks.json
jwks_url =
map_file = $W/users
create_users = yes
ssh_create_users = yes
allowed_domains = example.com
state_dir = $STATE
helper_dir = $top/helpers
uid_range = $LO-$HI
sshd_paths = /usr/sbin/sshd $DRIVE
CONF
chmod 0644 /etc/security/pam_cotter.conf
sed -i 's/^passwd:.*/passwd: files cotter/' /etc/nsswitch.conf
cat >/etc/pam.d/cotter-held <<PAMD
auth sufficient $MODULE nodelay
auth requisite pam_deny.so
account required $MODULE
account required pam_permit.so
PAMD
USERS_GID=$(getent group users | cut -d: -f3)

# slot NAME: the uid a name's probe starts at (src/identity/uidalloc.c, FNV-1a-64).
slot() {
	/usr/bin/python3 -c 'import sys
h = 0xcbf29ce484222325
for b in sys.argv[1].encode():
    h = ((h ^ b) * 0x100000001b3) % 2**64
print(int(sys.argv[2]) + h % (int(sys.argv[3]) - int(sys.argv[2]) + 1))' "$1" "$LO" "$HI"
}

# a name (PREFIX followed by digits) whose probe starts at uid $2
name_at() {
	/usr/bin/python3 -c 'import sys
lo, hi, want = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for i in range(10**6):
    n = "%s%d" % (sys.argv[1], i)
    h = 0xcbf29ce484222325
    for b in n.encode():
        h = ((h ^ b) * 0x100000001b3) % 2**64
    if lo + h % (hi - lo + 1) == want:
        print(n)
        break' "$1" "$LO" "$HI" "$2"
}

# conn C USER TOKENFILE: connection C (a, b or c) opens: its fifos, the
# driver in the background, the record it got in PW_C ("UID GID" or
# "none").  Commands then go with `say C CMD`; the answer is in R.
fd_in() { case $1 in a) echo 3 ;; b) echo 5 ;; c) echo 7 ;; esac; }
fd_out() { case $1 in a) echo 4 ;; b) echo 6 ;; c) echo 8 ;; esac; }
# Under `make check-asan` the module and the NSS module are ASan-built:
# the runtime must come first in the driver (as t_sshd does for sshd).
if [ -n "${CT_ASAN_RUNTIME:-}" ]; then
	set -- LD_PRELOAD="$CT_ASAN_RUNTIME" \
	    ASAN_OPTIONS="abort_on_error=1:detect_leaks=0:log_path=$CT_SAN_LOG/asan" \
	    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$CT_SAN_LOG/ubsan"
else
	set --
fi
DRIVE_ENV="$*"
PW_a='' PW_b='' PW_c=''
conn() {
	mkfifo "$P/$1.in" "$P/$1.out"
	# shellcheck disable=SC2086
	env LD_LIBRARY_PATH="$top" $DRIVE_ENV timeout 120 "$DRIVE" \
	    cotter-held "$2" "$3" <"$P/$1.in" >"$P/$1.out" 2>"$P/$1.err" \
	    3>&- 4<&- 5>&- 6<&- 7>&- 8<&- &
	eval "PID_$1=$!"
	eval "exec $(fd_in "$1")>\"$P/$1.in\" $(fd_out "$1")<\"$P/$1.out\""
	eval "IFS= read -r line <&$(fd_out "$1")"
	eval "PW_$1=\${line#pw }"
}
say() {
	eval "echo $2 >&$(fd_in "$1")"
	R=
	eval "IFS= read -r R <&$(fd_out "$1")"
	R=${R#* }
}
hangup() {
	eval "exec $(fd_in "$1")>&- $(fd_out "$1")<&-"
	eval "wait \$PID_$1"
	rm -f "$P/$1.in" "$P/$1.out"
}
uidof() { getent passwd "$1" | cut -d: -f3,4 | tr : ' '; }

# --- the positive control: one connection, first login -----------------------
put "$P/first" "$(mint --identifier heldctl@example.com)"
conn a heldctl "$P/first"
check "control: the NSS module answers the driver ($PW_a)" \
    test "$PW_a" = "$(slot heldctl) $USERS_GID"
say a acct
check "... the account phase alone refuses (no account yet): $R" \
    test "$R" = PAM_USER_UNKNOWN
say a auth
check "... its token creates the account: $R" test "$R" = PAM_SUCCESS
say a acct
check "... then the account phase passes: $R" test "$R" = PAM_SUCCESS
check "... at exactly the uid and gid the connection holds" \
    test "$(uidof heldctl)" = "$PW_a"
hangup a

# --- U taken by an administrator's useradd -u U ----------------------------------
put "$P/carl" "$(mint --identifier heldcarl@example.com --sub held-sub-carl)"
conn a heldcarl "$P/carl"
U=${PW_a% *}
check "connection 1 of heldcarl holds uid $U (its slot)" \
    test "$U" = "$(slot heldcarl)"
useradd -M -N -g users -u "$U" -s /bin/sh heldadm
say a acct
check "uid $U taken by useradd: connection 1's account phase (public key) refuses: $R" \
    test "$R" = PAM_USER_UNKNOWN
# Issue 24: a token opens one login; each connection has its own.
put "$P/carl2" "$(mint --identifier heldcarl@example.com --sub held-sub-carl)"
conn b heldcarl "$P/carl2"
check "connection 2 gets another uid (${PW_b% *})" test "${PW_b% *}" != "$U"
say b auth
check "... and creates heldcarl there: $R" \
    test "$R" = PAM_SUCCESS -a "$(uidof heldcarl)" = "$PW_b"
log_mark
say a auth
check "connection 1 (holds $U, heldadm's) is refused with a valid token: $R" \
    test "$R" = PAM_AUTH_ERR
expect_log "... one log line says to reconnect" \
    "refused user \"heldcarl\": account \"heldcarl\" has uid ${PW_b% *} .*uid $U .*reconnect"
check "... and so does the screen" grep -q "connect again" "$P/a.err"
say a acct
check "... its account phase refuses too (a real account, another uid): $R" \
    test "$R" = PAM_USER_UNKNOWN
hangup a
say b acct
check "control: connection 2's account phase passes: $R" test "$R" = PAM_SUCCESS
hangup b
put "$P/carl3" "$(mint --identifier heldcarl@example.com --sub held-sub-carl)"
conn c heldcarl "$P/carl3"
say c auth
check "control: a new connection logs in ($PW_c): $R" \
    test "$R" = PAM_SUCCESS -a "$PW_c" = "$(uidof heldcarl)"
hangup c

# --- a live connection keeps its uid away from other names' picks -------------
put "$P/eve" "$(mint --identifier heldeve@example.com)"
conn a heldeve "$P/eve"
U=${PW_a% *}
LANDER=$(name_at heldk "$U")
check "connection 1 of heldeve holding $U is recorded in state_dir/holds" \
    grep -q "^$U heldeve [0-9]" "$STATE/holds"
conn b "$LANDER" "$P/first"
check "another name whose slot is $U ($LANDER) is answered past it while it is held (${PW_b% *})" \
    test -n "${PW_b% *}" -a "${PW_b% *}" != "$U" -a "${PW_b% *}" != none
hangup b
hangup a
conn b "$LANDER" "$P/first"
check "control: once that connection has ended, $LANDER gets $U" \
    test "${PW_b% *}" = "$U"
hangup b

# --- U taken by another person's first login landing on it -------------------
put "$P/dora" "$(mint --identifier helddora@example.com --sub held-sub-dora)"
conn a helddora "$P/dora"
U=${PW_a% *}
LANDER=$(name_at heldl "$U")
put "$P/lander" "$(mint --identifier "$LANDER@example.com")"
# The hold is advisory (at most CT_HOLD_SECONDS, a table of 64): here it
# lapses, as it would after 10 minutes at the prompt.
rm "$STATE/holds"
conn b "$LANDER" "$P/lander"
say b auth
check "another person's first login ($LANDER) lands on $U: $R" \
    test "$R" = PAM_SUCCESS -a "$(uidof "$LANDER")" = "$U $USERS_GID"
hangup b
put "$P/dora2" "$(mint --identifier helddora@example.com --sub held-sub-dora)"
conn b helddora "$P/dora2"
say b auth
check "helddora's connection 2 creates the account at ${PW_b% *}: $R" \
    test "$R" = PAM_SUCCESS -a "${PW_b% *}" != "$U"
hangup b
log_mark
say a auth
check "helddora's connection 1 (holds $U, $LANDER's) is refused: $R" \
    test "$R" = PAM_AUTH_ERR
expect_log "... with one line that says to reconnect" \
    'refused user "helddora": .*reconnect'
say a acct
check "... and its account phase refuses: $R" test "$R" = PAM_USER_UNKNOWN
hangup a
put "$P/dora3" "$(mint --identifier helddora@example.com --sub held-sub-dora)"
conn c helddora "$P/dora3"
say c auth
check "control: a new connection logs in: $R" test "$R" = PAM_SUCCESS
hangup c

# --- the account phase's own lookup failing -----------------------------------
# A passwd line over the lookup's 1 MiB limit: an error, not "no user".
cp /etc/passwd "$P/passwd.saved"
/usr/bin/python3 -c 'import sys
sys.stdout.write("heldhuge:x:42999:100:%s:/:/bin/sh\n" % ("g" * 1100000))' >>/etc/passwd
conn a heldhuge "$P/first"
say a acct
check "a failed lookup in the account phase is PAM_SYSTEM_ERR, never ignored: $R" \
    test "$R" = PAM_SYSTEM_ERR
hangup a
cp "$P/passwd.saved" /etc/passwd
conn a heldctl "$P/first"
say a acct
check "control: the same account phase for an account: $R" test "$R" = PAM_SUCCESS
hangup a

finish

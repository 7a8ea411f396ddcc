#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The pam-auth-update profile (conf/pam-auth-update/pam_cotter): enabled
# with Debian's own pam-auth-update, it puts pam_cotter before pam_unix in
# common-auth, so every service that includes common-auth takes a token,
# and a local password typed at the same "Cotter token: " prompt still
# works (one prompt).  Tested with the real pamtester against the generated
# file; removing the profile restores Debian's stack.
. "$(dirname "$0")/lib.sh"

# --- a namespace of this test's own ---------------------------------------
# pam-auth-update writes /etc/pam.d/common-*, its state in /var/lib/pam
# and its answers in debconf's /var/cache/debconf, and reads profiles from
# /usr/share/pam-configs; PAM loads "pam_cotter.so" from its module
# directory.  Each gets a private tmpfs copy here, so nothing outside this
# namespace is ever written.
if [ "${CT_PRIVATE_NS:-}" != "$0" ]; then
	CT_PRIVATE_NS=$0 exec unshare --mount --propagation private \
	    /bin/sh "$0" "$@"
fi
P=$(mktemp -d)
mount -t tmpfs -o mode=0700 ct-private "$P"
MODDIR=/usr/lib/x86_64-linux-gnu/security
[ -d "$MODDIR" ] || MODDIR=$(dirname "$(find /usr/lib /lib -name pam_unix.so \
    -path '*/security/*' 2>/dev/null | head -1)")
for d in /etc /var/lib/pam /var/cache/debconf /usr/share/pam-configs \
    "$MODDIR"; do
	mkdir -p "$P/copy$d"
	[ -d "$d" ] && cp -a "$d/." "$P/copy$d/"
	mount --bind "$P/copy$d" "$d"
done
umask 022
# ---------------------------------------------------------------------------

for tool in pam-auth-update pamtester chpasswd; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (apt-get install libpam-runtime pamtester passwd)"
		finish
	fi
done

setup_world
# The profile names the module as an installed one would be.
install -m 0644 "$MODULE" "$MODDIR/pam_cotter.so"
install -m 0644 "$W/pam_cotter.conf" /etc/security/pam_cotter.conf
install -m 0644 "$top/conf/pam-auth-update/pam_cotter" \
    /usr/share/pam-configs/pam_cotter

# The service a real one would be: Debian's includes only.
cat >"/etc/pam.d/$SERVICE" <<EOF
@include common-auth
@include common-account
EOF

# A state pam-auth-update itself would manage (a container's /etc may
# have been edited by hand, which it would then refuse to touch).
DEBIAN_FRONTEND=noninteractive pam-auth-update --package --force \
    >"$P/pau.log" 2>&1
check "before: common-auth has no pam_cotter" \
    sh -c '! grep -q pam_cotter /etc/pam.d/common-auth'
cp /etc/pam.d/common-auth "$P/common-auth.before"

RC=0
DEBIAN_FRONTEND=noninteractive pam-auth-update --package --enable pam_cotter \
    >"$P/pau.log" 2>&1 || RC=$?
check "pam-auth-update --package --enable pam_cotter succeeds" test "$RC" -eq 0
# The generated stack, comments aside.
stack=$(grep -v '^#' /etc/pam.d/common-auth | grep -E '^auth' |
    sed 's/[[:space:]]\{1,\}/ /g; s/ $//')
printf '%s\n' "$stack" | sed 's/^/# common-auth: /'
first=$(printf '%s\n' "$stack" | sed -n 1p)
second=$(printf '%s\n' "$stack" | sed -n 2p)
check "pam_cotter comes first and jumps past pam_unix on success" \
    test "$first" = "auth [success=2 default=ignore] pam_cotter.so"
case $second in
"auth [success=1 default=ignore] pam_unix.so "*try_first_pass*) r=yes ;;
*) r=no ;;
esac
check "pam_unix follows, reusing what was typed (try_first_pass)" \
    test "$r" = yes
check "the stack still ends in pam_deny for anything else" \
    sh -c 'grep -Eq "^auth[[:space:]]+requisite[[:space:]]+pam_deny.so" /etc/pam.d/common-auth'
# Issue 13: the account function refuses a user that exists only as the
# NSS module's answer; for every real account it is PAM_IGNORE.
check "common-account runs pam_cotter's account check" \
    sh -c 'grep -Eq "^account[[:space:]]+required[[:space:]]+pam_cotter.so" /etc/pam.d/common-account'
RC=0
OUT=$(timeout 30 pamtester "$SERVICE" alice acct_mgmt 2>&1) || RC=$?
check "... and an existing account passes it: $OUT" test "$RC" -eq 0

good=$(mint --identifier alice@example.com)
log_mark
expect "a token logs alice in through common-auth" success alice "$good"
expect_log "the module accepted it" 'accepted Cotter token for user "alice"'

# carol has a local password, typed at the token prompt.
printf '%s\n' 'carol:Tr0ub4dor-3' | chpasswd
log_mark
expect "carol's local password still works" success carol "Tr0ub4dor-3"
# Issue 21: a password is no refused token: no refusal line for it.
expect_no_log "... and the module logs no refusal for a password" \
    'pam_cotter.*refused'
case $OUT in
*"Password"*) not_ok "one prompt only: no second \"Password:\"" "$OUT" ;;
*"Cotter token: "*) ok "one prompt only: no second \"Password:\"" ;;
*) not_ok "one prompt only: no second \"Password:\"" "$OUT" ;;
esac
expect "a wrong local password fails" auth_err carol "Tr0ub4dor-4"
expect "garbage fails" auth_err alice "not-a-token"
expect "an empty reply fails" auth_err alice ""
log_mark
expect "a wrong local password fails" auth_err carol "Tr0ub4dor-5"
expect_no_log "... and the module logs no refusal for it either" \
    'pam_cotter.*refused'
flipped=$(printf '%s' "$good" | sed 's/A$/Q/;t;s/.$/A/')
log_mark
expect "a token with one altered signature character fails" auth_err alice \
    "$flipped"
expect_log "control: a token-shaped answer refused is logged as such" \
    'pam_cotter.*refused user "alice": .*signature'
expect "bob's token does not open alice" auth_err alice \
    "$(mint --identifier bob@example.com)"
expect "the token as carol's password fails (carol is not alice)" auth_err \
    carol "$good"

# A key outage must not lock out local passwords: the module returns
# PAM_AUTHINFO_UNAVAIL (ignored), pam_unix decides.
mv "$W/jwks.json" "$W/jwks.json.away"
expect "no key set: a local password still works" success carol "Tr0ub4dor-3"
expect "no key set: a token is not accepted" auth_err alice "$good"
mv "$W/jwks.json.away" "$W/jwks.json"

RC=0
DEBIAN_FRONTEND=noninteractive pam-auth-update --package --remove pam_cotter \
    >"$P/pau.log" 2>&1 || RC=$?
check "pam-auth-update --remove pam_cotter succeeds" test "$RC" -eq 0
check "removing the profile restores Debian's common-auth" \
    cmp -s /etc/pam.d/common-auth "$P/common-auth.before"
expect "after removal the token no longer logs in" auth_err alice "$good"

finish

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Issue 24, through the real OpenSSH server and the real sudo: the same
# token twice through sshd (the second refused, each sshd connection its
# own process), then, under per_service, the token that opened ssh opens
# sudo once (a second sudo refused).  Tokens travel through 0600 files
# and standard input only.
. "$(dirname "$0")/lib.sh"

P=$(mktemp -d)
umask 077
for tool in /usr/sbin/sshd ssh sshpass ssh-keygen sudo visudo setpriv; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed"
		finish
	fi
done

setup_world
CONF="config=$W/pam_cotter.conf"
echo "alice.liddell@wonderland.example alice" >>"$W/users"
mkdir -m 0700 /home/alice
chown alice:alice /home/alice

sshd_start no
sshd_pam "auth sufficient $MODULE $CONF nodelay
auth requisite pam_deny.so"

# ssh_kbd TOKENFILE: alice logs in by keyboard-interactive, runs id -un.
ssh_kbd() {
	RC=0
	# shellcheck disable=SC2086
	OUT=$(HOME="$P/home" timeout 40 sshpass -P "Cotter token" -f "$1" \
	    ssh $SSHO -o PreferredAuthentications=keyboard-interactive \
	    "alice@127.0.0.1" id -un 2>&1) || RC=$?
}

cp /etc/pam.d/sudo "$P/pam.sudo.debian"
awk -v auth="auth sufficient $MODULE $CONF nodelay" \
    '$0 == "@include common-auth" { print auth } { print }' \
    "$P/pam.sudo.debian" >/etc/pam.d/sudo
echo 'alice ALL=(ALL:ALL) ALL' >/etc/sudoers.d/ct-alice
chmod 0440 /etc/sudoers.d/ct-alice

# sudo_as_alice TOKEN: alice runs `sudo -S -k id -un`, the token in two
# lines (sudo drops a reply of 512 bytes or more).
sudo_as_alice() {
	A=$(printf '%s' "$1" | cut -c1-400)
	B=$(printf '%s' "$1" | cut -c401-)
	RC=0
	OUT=$(printf '%s\n' "$A" "$B" | timeout 30 setpriv --reuid=alice \
	    --regid=alice --init-groups sudo -S -k id -un 2>"$P/err") || RC=$?
}

t=$(mint --identifier alice.liddell@wonderland.example)
put "$P/t" "$t"
ssh_kbd "$P/t"
check "ssh: a fresh token logs alice in (control; exit $RC)" \
    test "$RC" -eq 0 -a "$OUT" = alice
log_mark
ssh_kbd "$P/t"
check "ssh: the same token again, another sshd process: refused (exit $RC)" \
    test "$RC" -ne 0 -a "$RC" -ne 124
expect_log "ssh: the replay is logged" \
    'sshd.*refused user "alice": jti: token already used on this host \(per_service sshd'
# sudo is setuid: under `make check-asan` the ASan runtime cannot come
# first in it (mk/sanitize.mk, ASAN_E2E_SKIP); its part runs in make check.
if [ -n "${CT_ASAN_RUNTIME:-}" ]; then
	finish
fi
sudo_as_alice "$t"
check "sudo: the token that opened ssh opens sudo once (per_service; exit $RC)" \
    test "$RC" -eq 0 -a "$OUT" = root
log_mark
sudo_as_alice "$t"
check "sudo: a second sudo with that token is refused (exit $RC)" \
    test "$RC" -ne 0 -a "$RC" -ne 124 -a -z "$OUT"
expect_log "sudo: the replay is logged" \
    'sudo.*refused user "alice": jti: token already used on this host \(per_service sudo'
sudo_as_alice "$(mint --identifier alice.liddell@wonderland.example)"
check "sudo: a fresh token opens sudo (control; exit $RC)" \
    test "$RC" -eq 0 -a "$OUT" = root

# replay=once on sudo's line: the token that opened ssh does not open sudo.
awk -v auth="auth sufficient $MODULE $CONF nodelay replay=once" \
    '$0 == "@include common-auth" { print auth } { print }' \
    "$P/pam.sudo.debian" >/etc/pam.d/sudo
u=$(mint --identifier alice.liddell@wonderland.example)
put "$P/u" "$u"
ssh_kbd "$P/u"
check "ssh: another fresh token logs in (control; exit $RC)" \
    test "$RC" -eq 0 -a "$OUT" = alice
sudo_as_alice "$u"
check "sudo with replay=once: a token that opened ssh is refused (exit $RC)" \
    test "$RC" -ne 0 -a "$RC" -ne 124 -a -z "$OUT"

finish

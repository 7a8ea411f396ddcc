#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Issue 21, point 1: where KbdInteractiveAuthentication must go on Debian 12,
# and pam-cotter doctor reporting what `sshd -T` says.  Debian's
# /etc/ssh/sshd_config reads /etc/ssh/sshd_config.d/*.conf on its first
# line and sets "KbdInteractiveAuthentication no" below it; sshd keeps the
# first value, so a line appended at the end does nothing and the drop-in
# the package ships (conf/sshd_config.d/pam_cotter.conf) is what works.
# sshd is only asked for its configuration (sshd -T), never started.
. "$(dirname "$0")/lib.sh"

PC="$top/admin/pam-cotter"
DROPIN="$top/conf/sshd_config.d/pam_cotter.conf"
if [ ! -x /usr/sbin/sshd ] || [ ! -f /etc/ssh/sshd_config ]; then
	not_ok "openssh-server is installed (apt-get install openssh-server)"
	finish
fi
setup_world
C="--config=$W/pam_cotter.conf"
P=$(mktemp -d)
mkdir -p -m 0755 /run/sshd	# sshd -T wants its privilege separation dir
ssh-keygen -q -t ed25519 -N '' -f "$P/host_ed25519" </dev/null

# doctor CONFIG: PRC, POUT of pam-cotter doctor --sshd-config CONFIG.
doctor() {
	PRC=0
	POUT=$("$PC" doctor "$C" ${1:+--sshd-config="$1"} 2>&1) || PRC=$?
}
sshd_line() {
	printf '%s\n' "$POUT" | grep -E '^[a-z]+ +sshd '
}
# kbd CONFIG: what sshd -T says of kbdinteractiveauthentication.
kbd() {
	/usr/sbin/sshd -T -f "$1" 2>/dev/null |
	    sed -n 's/^kbdinteractiveauthentication //p'
}

# --- Debian 12's own file: Include first, then "no" -----------------------
inc=$(grep -nE '^Include /etc/ssh/sshd_config.d/\*\.conf$' /etc/ssh/sshd_config |
    cut -d: -f1)
no=$(grep -nE '^KbdInteractiveAuthentication no$' /etc/ssh/sshd_config |
    cut -d: -f1)
first=$(grep -nE '^[^#[:space:]]' /etc/ssh/sshd_config | head -1 | cut -d: -f1)
check "Debian's sshd_config: the Include of sshd_config.d is its first line (line ${inc:-none})" \
    test -n "$inc" -a "$inc" = "$first"
check "... and it sets KbdInteractiveAuthentication no after it (line ${no:-none})" \
    test -n "$no" -a "${no:-0}" -gt "${inc:-0}"

# The same file, reading $P/d instead of /etc/ssh/sshd_config.d, with a
# host key of its own (HostKey adds up: its place does not matter).
mkdir -m 0755 "$P/d"
sed "s|^Include /etc/ssh/sshd_config.d/\*\.conf$|Include $P/d/*.conf|" \
    /etc/ssh/sshd_config >"$P/debian.conf"
printf 'HostKey %s\nPidFile %s\n' "$P/host_ed25519" "$P/sshd.pid" \
    >>"$P/debian.conf"

# What INSTALL.md used to say: the line appended at the end.
cp "$P/debian.conf" "$P/appended.conf"
echo "KbdInteractiveAuthentication yes" >>"$P/appended.conf"
check "appended at the end of sshd_config, yes does nothing: sshd -T says $(kbd "$P/appended.conf")" \
    test "$(kbd "$P/appended.conf")" = no
doctor "$P/appended.conf"
check "doctor warns: kbdinteractiveauthentication no, naming the drop-in" \
    sh -c 'sshd_line() { printf "%s\n" "$1" | grep -E "^[a-z]+ +sshd "; }
    sshd_line "$1" | grep -qE "^warn +sshd +sshd -T: kbdinteractiveauthentication no: .*sshd_config.d/pam_cotter.conf"' \
    x "$POUT"

# The drop-in as the package ships it changes nothing.
cp "$DROPIN" "$P/d/pam_cotter.conf"
check "the drop-in as shipped changes nothing: sshd -T says $(kbd "$P/debian.conf")" \
    test "$(kbd "$P/debian.conf")" = no
# Uncommented, as INSTALL.md says: read before Debian's own "no", it wins.
sed -i 's/^#KbdInteractiveAuthentication yes$/KbdInteractiveAuthentication yes/' \
    "$P/d/pam_cotter.conf"
check "the drop-in uncommented: sshd -T says $(kbd "$P/debian.conf")" \
    test "$(kbd "$P/debian.conf")" = yes
doctor "$P/debian.conf"
check "doctor: ok sshd, usepam yes, kbdinteractiveauthentication yes" \
    sh -c 'printf "%s\n" "$1" | grep -qE "^ok +sshd +sshd -T: usepam yes, kbdinteractiveauthentication yes$"' \
    x "$POUT"

# The e2e tests' own sshd configuration (tests/e2e/lib.sh sshd_start).
cat >"$P/test.conf" <<CONF
ListenAddress 127.0.0.1:2222
HostKey $P/host_ed25519
PidFile $P/sshd.pid
UsePAM yes
KbdInteractiveAuthentication yes
PasswordAuthentication yes
PubkeyAuthentication no
CONF
doctor "$P/test.conf"
check "doctor on the e2e tests' sshd config: ok" \
    sh -c 'printf "%s\n" "$1" | grep -qE "^ok +sshd +sshd -T: usepam yes"' x "$POUT"
sed -i 's/^UsePAM yes$/UsePAM no/' "$P/test.conf"
doctor "$P/test.conf"
check "... with UsePAM no: warn, usepam no" \
    sh -c 'printf "%s\n" "$1" | grep -qE "^warn +sshd +sshd -T: usepam no: "' x "$POUT"
# A configuration sshd refuses: its own first line.
echo "HostKey $P/no-such-key" >"$P/broken.conf"
doctor "$P/broken.conf"
check "doctor: sshd -T failing is a warning with sshd's own words" \
    sh -c 'printf "%s\n" "$1" | grep -qE "^warn +sshd +sshd -T failed \(exit [0-9]+\): .*no-such-key"' \
    x "$POUT"
# No sshd installed: info, nothing to check (a private bind mount here).
mount --bind /dev/null /usr/sbin/sshd
doctor ""
check "doctor without sshd installed: info, not a warning" \
    sh -c 'printf "%s\n" "$1" | grep -qE "^info +sshd +/usr/sbin/sshd is not installed"' \
    x "$POUT"
umount /usr/sbin/sshd
rm -rf "$P"
finish

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/deb/check_deb.sh DEB - the package as an administrator uses it
# (issue 12), never on the host: in a private mount namespace, an overlay
# of / whose upper layer is a tmpfs becomes the root of a chroot where
# tests/deb/inside.sh installs DEB with dpkg, enables its profile, logs in
# and removes and purges the package.  Everything written goes to the
# tmpfs and vanishes with the namespace.  Prints TAP; after the chroot,
# the overlay's upper layer (all that dpkg and the maintainer scripts
# wrote) is searched for anything of the package left after the purge.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then
	echo "not ok 1 - usage: check_deb.sh PATH.deb (one built package)"
	exit 1
fi
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

if [ "${CT_DEB_STAGE:-}" != ns ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "not ok 1 - check-deb must run as root (unshare -m)"
		exit 1
	fi
	CT_DEB_STAGE=ns exec unshare --mount --propagation private \
	    -- /bin/sh "$0" "$deb"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/ct-deb.XXXXXX")
cleanup() {
	[ -s "$T/logsink.pid" ] && kill "$(cat "$T/logsink.pid")" 2>/dev/null
	cd /
	umount -R "$T" 2>/dev/null || umount -l "$T" 2>/dev/null || true
	rmdir "$T" 2>/dev/null || true
}
trap cleanup EXIT
mount -t tmpfs -o mode=0755 ct-deb "$T"
mkdir "$T/upper" "$T/work" "$T/root"
R=$T/root
mount -t overlay ct-deb-root \
    -o "lowerdir=/,upperdir=$T/upper,workdir=$T/work" "$R"
# What a chroot needs that the root file system alone does not hold.
mount -t proc proc "$R/proc"
mount -t tmpfs -o mode=0755 ct-run "$R/run"	# no systemd running here
mount -t tmpfs -o mode=1777 ct-tmp "$R/tmp"
mount -t tmpfs -o mode=0755 ct-dev "$R/dev"
for n in null zero full random urandom tty; do
	touch "$R/dev/$n"
	mount --bind "/dev/$n" "$R/dev/$n"
done
ln -s /proc/self/fd "$R/dev/fd"
"$top/tests/tools/logsink" "$R/dev/log" "$R/tmp/syslog" "$T/logsink.pid"

# Keys, key set and tokens from the tests' issuer, made out here: the
# chroot gets files only.
D=$R/tmp/ct
mkdir -m 0755 "$D"
ISSUER="/usr/bin/python3 $top/tests/issuer/cotter_issuer.py"
AUD=3b1b2d5c-6a1f-4c1e-9d55-5ad7c0ffee01
$ISSUER keygen "$D/keys" >/dev/null
$ISSUER jwks "$D/keys" >"$D/jwks.json"
# A token opens one login per service (issue 24): one token per login.
for n in "" 2 3 4 5; do
	$ISSUER mint "$D/keys" --aud "$AUD" >"$D/alice$n.token"
done
$ISSUER mint "$D/keys" --aud "$AUD" --identifier bob@example.com \
    >"$D/bob.token"
for n in "" 2; do
	$ISSUER mint "$D/keys" --aud "$AUD" --identifier carol@example.com \
	    --sub 0c0c0c0c-0000-4000-8000-00000000c0de >"$D/carol$n.token"
done
echo "$AUD" >"$D/aud"
# An HTTPS issuer for the refresh once configured (its CA and server), and
# a connection counter for the refresh before (tests/deb/listener.py).
/usr/bin/python3 "$top/tests/issuer/testca.py" "$D/ca" >/dev/null
cp "$top/tests/issuer/jwks_server.py" "$top/tests/deb/listener.py" "$D/"
cp "$deb" "$D/"
cp "$top/tests/deb/inside.sh" "$D/"

rc=0
chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    /bin/sh /tmp/ct/inside.sh "/tmp/ct/$(basename "$deb")" || rc=$?

# Whatever the package or its scripts wrote and purge left behind; the
# administrator's own files (the map file the test wrote, the accounts'
# entries) are not the package's.
n=$(cat "$D/tap_n" 2>/dev/null || echo 0)
left=$(cd "$T/upper" && find . \( -iname '*cotter*' -o -iname '*pam-cotter*' \) \
    ! -path ./etc/security/pam_cotter.users -print 2>/dev/null | sort)
# The search looks where dpkg wrote: its status file is in the upper layer.
if [ -z "$left" ] && [ -f "$T/upper/var/lib/dpkg/status" ]; then
	echo "ok $((n + 1)) - after the purge nothing named after the package is left"
else
	echo "not ok $((n + 1)) - after the purge the overlay still holds:"
	printf '%s\n' "$left" | sed 's/^/#   /'
	rc=1
fi
hits=$(cd "$T/upper" && grep -rl pam_cotter etc/pam.d var/lib/pam \
    2>/dev/null || true)
if [ -z "$hits" ]; then
	echo "ok $((n + 2)) - no PAM stack or pam-auth-update state names pam_cotter"
else
	echo "not ok $((n + 2)) - still naming pam_cotter: $hits"
	rc=1
fi
echo "1..$((n + 2))"
exit "$rc"

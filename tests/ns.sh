#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/ns.sh CMD [ARG...]
#
# Runs CMD as root in a private mount namespace where /etc, /home,
# /var/log, /run, /var/lib (an overlay), /var/lib/sudo and /dev are
# throwaway copies and TMPDIR is
# a private tmpfs
# (DESIGN.md, "How tests run"), so tests may add accounts and PAM service
# files without touching the host.  /dev/log is a test syslog sink writing to $CT_SYSLOG.
# Inside, CT_IN_NS=1 and CT_NS_ROOT (the staging tmpfs) are exported.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

if [ "${CT_NS_STAGE:-}" != setup ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "tests/ns.sh: the tests must run as root (unshare -m)" >&2
		exit 1
	fi
	CT_NS_STAGE=setup exec unshare --mount --propagation private \
	    -- /bin/sh "$top/tests/ns.sh" "$@"
fi
unset CT_NS_STAGE

# One staging tmpfs holds every private copy; it dies with the namespace.
T="$top/build/ns.$$"
mkdir -p "$T"
mount -t tmpfs -o mode=0755 ct-ns "$T"
mkdir -p "$T/etc" "$T/dev" "$T/tmp" "$T/home" "$T/log" "$T/run"
chmod 1777 "$T/tmp"

cp -a /etc/. "$T/etc/"
mount --bind "$T/etc" /etc
mount --bind "$T/home" /home
mount --bind "$T/log" /var/log
touch /var/log/lastlog /var/log/faillog

# A private /dev: the usual nodes bound from the host, a private /dev/log.
for n in null zero full random urandom tty; do
	touch "$T/dev/$n"
	mount --bind "/dev/$n" "$T/dev/$n"
done
mkdir "$T/dev/pts" "$T/dev/shm"
# A devpts instance of our own: the host's /dev/ptmx bound here cannot
# allocate a pty (the kernel looks for pts beside the node it was opened by).
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 ct-pts \
    "$T/dev/pts"
touch "$T/dev/ptmx"
mount --bind "$T/dev/pts/ptmx" "$T/dev/ptmx"
mount -t tmpfs -o mode=1777 ct-shm "$T/dev/shm"
ln -s /proc/self/fd "$T/dev/fd"
ln -s /proc/self/fd/0 "$T/dev/stdin"
ln -s /proc/self/fd/1 "$T/dev/stdout"
ln -s /proc/self/fd/2 "$T/dev/stderr"
mount --rbind "$T/dev" /dev
# Daemons the tests start (sshd) and sudo keep state in /run and
# /var/lib/sudo: private and empty here.
mount -t tmpfs -o mode=0755 ct-run /run
# /var/lib: a throwaway layer over the host's, so that the module's
# default state_dir (/var/lib/pam_cotter, with the replay store of issue
# 24) is made and written here only, never on the host.
mkdir "$T/varlib-up" "$T/varlib-work"
mount -t overlay -o "lowerdir=/var/lib,upperdir=$T/varlib-up,workdir=$T/varlib-work" \
    ct-varlib /var/lib
if [ -d /var/lib/sudo ]; then
	mount -t tmpfs -o mode=0711 ct-sudo /var/lib/sudo
fi

CT_SYSLOG="$T/syslog"
"$top/tests/tools/logsink" /dev/log "$CT_SYSLOG" "$T/logsink.pid"

# /tmp itself stays: the checkout may live there.  TMPDIR is a root-owned
# 0755 directory below root-owned 0755 ones (/run is ours): the module
# refuses trusted files below a sticky world-writable /tmp (issue 19).
mkdir -m 0755 /run/ct-tmp
export CT_IN_NS=1 CT_NS_ROOT="$T" CT_SYSLOG TMPDIR=/run/ct-tmp
rc=0
"$@" || rc=$?
kill "$(cat "$T/logsink.pid")" 2>/dev/null || true
cd /
umount -l "$T" 2>/dev/null || true
rmdir "$top/build/ns.$$" 2>/dev/null || true
exit $rc

#!/bin/sh
# tests/deb/inside.sh DEB - run by check_deb.sh inside the chroot (an
# overlay of the host's /): what an administrator does with the package,
# step by step, each step checked.  TAP lines without a plan; the count
# goes to /tmp/ct/tap_n (check_deb.sh adds its own checks and the plan).
set -u
deb=$1
D=/tmp/ct
SERVICE=ct-deb
AUD=$(cat "$D/aud")
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null ||
    gcc -print-multiarch)
MODULE=/usr/lib/$MA/security/pam_cotter.so
CONF=/etc/security/pam_cotter.conf
tap_n=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}
not_ok() {
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
}
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# run NAME CMD...: checks the exit status, shows the output on failure.
run() {
	name=$1
	shift
	if out=$("$@" 2>&1); then ok "$name"; else
		not_ok "$name (exit $?)" "$(printf '%s\n' "$out" | tail -5)"; fi
}
# want PATH OWNER:GROUP MODE
want() {
	got=$(stat -c '%U:%G %a' "$1" 2>/dev/null)
	check "$1 is $2 $3 (got: ${got:-missing})" test "$got" = "$2 $3"
}
# login NAME WANT USER SECRET: pamtester through $SERVICE; the secret
# travels on stdin only.
login() {
	name=$1 want=$2 user=$3
	rc=0
	out=$(printf '%s\n' "$4" | timeout 60 pamtester -v "$SERVICE" "$user" \
	    authenticate 2>&1) || rc=$?
	if { [ "$want" = success ] && [ "$rc" -eq 0 ]; } ||
	    { [ "$want" = failure ] && [ "$rc" -ne 0 ] &&
	    printf '%s' "$out" | grep -q 'Authentication failure'; }; then
		ok "$name ($want)"
	else
		not_ok "$name (wanted $want, exit $rc)" \
		    "$(printf '%s\n' "$out" | tail -3)"
	fi
}
has_cotter() {
	grep -q '^[^#]*pam_cotter\.so' /etc/pam.d/common-auth
}
done_tap() {
	echo "$tap_n" >"$D/tap_n"
	exit 0
}

# --- the host as an administrator found it ---------------------------------
# A policy-rc.d as in any chroot: nothing is started here.  A stack that
# pam-auth-update manages (a hand-edited one would make it refuse changes).
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod 0755 /usr/sbin/policy-rc.d
pam-auth-update --package --force >/dev/null 2>&1
cp /etc/pam.d/common-auth "$D/common-auth.before"
cat >/etc/pam.d/$SERVICE <<PAM
@include common-auth
@include common-account
PAM
for u in alice:2001 bob:2002; do
	useradd -M -u "${u#*:}" -s /bin/sh "${u%%:*}"
done
echo 'alice:Local-Pass-4711' | chpasswd

# --- install ----------------------------------------------------------------
run "dpkg -i installs the package" dpkg -i "$deb"
check "dpkg says libpam-cotter is installed" sh -c \
    "dpkg-query -W -f='\${db:Status-Status}' libpam-cotter | grep -qx installed"
want "$MODULE" root:root 644
want /usr/libexec/pam_cotter/pam_cotter_fetch root:root 755
want /usr/libexec/pam_cotter/pam_cotter_useradd root:root 700
want /usr/share/pam-configs/pam_cotter root:root 644
want "$CONF" root:root 644
want /var/cache/pam_cotter root:root 755
want /var/lib/pam_cotter root:root 755
want /lib/systemd/system/pam_cotter-refresh.service root:root 644
want /lib/systemd/system/pam_cotter-refresh.timer root:root 644
for m in man5/pam_cotter.conf.5 man8/pam_cotter.8 man8/pam_cotter_fetch.8 \
    man8/pam_cotter_useradd.8; do
	check "man page $m is installed" test -s "/usr/share/man/$m.gz"
done
check "the tmpfiles.d entry names both directories, 0755" sh -c \
    "grep -q '^d /var/cache/pam_cotter 0755 root root' /usr/lib/tmpfiles.d/libpam-cotter.conf &&
     grep -q '^d /var/lib/pam_cotter 0755 root root' /usr/lib/tmpfiles.d/libpam-cotter.conf"
check "$CONF is a conffile" sh -c \
    "dpkg-query -W -f='\${Conffiles}' libpam-cotter | grep -q ' $CONF '"
check "the refresh timer is enabled" \
    test -L /etc/systemd/system/timers.target.wants/pam_cotter-refresh.timer
setid=$(dpkg -L libpam-cotter | while read -r f; do
	[ -f "$f" ] && [ -u "$f" -o -g "$f" ] && echo "$f"; done)
check "no file of the package is setuid or setgid" test -z "$setid"
check "the profile is off until enabled (Default: no)" \
    cmp -s /etc/pam.d/common-auth "$D/common-auth.before"

# --- configure and enable -----------------------------------------------
# As the administrator would: the audience, a static key set, a map.
sed -i "s/^audience = .*/audience = $AUD/" "$CONF"
printf '# local edit\njwks_url =\nallowed_domains = example.com\n' >>"$CONF"
install -m 0644 "$D/jwks.json" /var/cache/pam_cotter/jwks.json
printf 'alice@example.com alice\nbob@example.com bob\n' \
    >/etc/security/pam_cotter.users
chmod 0644 /etc/security/pam_cotter.users
run "pam-auth-update --enable pam_cotter" pam-auth-update --enable pam_cotter
check "common-auth now runs pam_cotter.so" has_cotter
check "common-account now runs pam_cotter.so (the NSS-only record check)" \
    grep -q '^[^#]*pam_cotter\.so' /etc/pam.d/common-account

login "alice logs in with her token through common-auth" success alice \
    "$(cat "$D/alice.token")"
login "bob's token does not open alice" failure alice \
    "$(cat "$D/bob.token")"
login "alice's local password still works through the same stack" \
    success alice 'Local-Pass-4711'
login "a wrong password is refused" failure alice 'wrong-pass'
# First login of a new person: the packaged account helper (0700, in
# /usr/libexec/pam_cotter) creates the account and records its binding.
check "before: there is no account carol" sh -c '! id carol >/dev/null 2>&1'
login "carol's first login creates her account (create_users = yes)" \
    success carol "$(cat "$D/carol.token")"
check "... through the packaged helper: carol exists, bound to her sub" sh -c \
    "id carol >/dev/null && grep -qx 'sub 0c0c0c0c-0000-4000-8000-00000000c0de' /var/lib/pam_cotter/bindings/carol"
login "alice's token does not open carol" failure carol \
    "$(cat "$D/alice.token")"
check "the module logged alice's token login" grep -q \
    'pam_cotter(ct-deb:auth): accepted Cotter token for user .alice.' \
    /tmp/syslog

# The refresh service with an empty jwks_url: exit 0, cache untouched.
exec_start=$(sed -n 's/^ExecStart=//p' \
    /lib/systemd/system/pam_cotter-refresh.service)
cp /var/cache/pam_cotter/jwks.json "$D/jwks.before"
run "the refresh service's command succeeds with jwks_url empty" \
    $exec_start
check "... and leaves the static key set as it was" \
    cmp -s /var/cache/pam_cotter/jwks.json "$D/jwks.before"

# --- upgrade: the same package as version +1 -----------------------------
rm -rf "$D/pkg"
dpkg-deb -R "$deb" "$D/pkg"
sed -i 's/^Version: .*/&+ct1/' "$D/pkg/DEBIAN/control"
dpkg-deb -b "$D/pkg" "$D/next.deb" >/dev/null
run "dpkg -i of a newer version upgrades" dpkg -i "$D/next.deb"
check "the upgrade keeps the local edits of $CONF" sh -c \
    "grep -q '^# local edit' $CONF && grep -q '^audience = $AUD' $CONF"
check "the profile stays enabled across the upgrade" has_cotter
login "a token still logs in after the upgrade" success alice \
    "$(cat "$D/alice.token")"

# --- remove -------------------------------------------------------------
dpkg -L libpam-cotter >"$D/files"
run "dpkg -r removes the package" dpkg -r libpam-cotter
check "the profile left common-auth and common-account" sh -c \
    '! grep -q pam_cotter /etc/pam.d/common-auth /etc/pam.d/common-account'
check "the conffile stays, with its local edits" grep -q '^# local edit' "$CONF"
check "the module is gone" test ! -e "$MODULE"
login "local passwords still work after the removal" success alice \
    'Local-Pass-4711'
login "a token no longer logs in" failure alice "$(cat "$D/alice.token")"

# --- purge --------------------------------------------------------------
# The map index is a cache the module (or the admin command) builds from
# the map: the package's to remove; the map itself is the administrator's.
: >/etc/security/pam_cotter.users.index
run "dpkg -P purges the package" dpkg -P libpam-cotter
check "the conffile is gone" test ! -e "$CONF"
check "the map index is gone, the administrator's map stays" \
    test ! -e /etc/security/pam_cotter.users.index -a \
    -s /etc/security/pam_cotter.users
check "the cache and state directories are gone" \
    test ! -e /var/cache/pam_cotter -a ! -e /var/lib/pam_cotter
check "the timer's enablement is gone" \
    test ! -e /etc/systemd/system/timers.target.wants/pam_cotter-refresh.timer
left=$(while read -r f; do
	[ -e "$f" ] && [ ! -d "$f" ] && echo "$f"; done <"$D/files")
check "no file the package listed is left (${left:-none})" test -z "$left"
check "dpkg no longer knows the package" sh -c \
    '! dpkg-query -W libpam-cotter >/dev/null 2>&1'
check "common-auth is as it was before the install" \
    cmp -s /etc/pam.d/common-auth "$D/common-auth.before"
done_tap

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
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
# Issue 21: the module goes where libpam-modules ships pam_unix.so, the
# NSS module where libc6 ships libnss_files.so.2 (Debian 12: /lib/<triplet>).
PAMDIR=$(dpkg -L libpam-modules | sed -n 's|/pam_unix\.so$||p' | head -1)
NSSDIR=$(dpkg -L libc6 | sed -n 's|/libnss_files\.so\.2$||p' | head -1)
MODULE=$PAMDIR/pam_cotter.so
UNIT=/lib/systemd/system/pam_cotter-refresh.service
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
# log_sync: returns once every line logged so far is in /tmp/syslog
# (datagrams on one socket arrive in order); bounded, about 10 s.
log_sync() {
	mark="ct-log-sync-$$-$tap_n"
	logger -u /dev/log "$mark" || return 1
	i=0
	while ! grep -qF "$mark" /tmp/syslog; do
		i=$((i + 1))
		[ "$i" -gt 200 ] && return 1
		sleep 0.05
	done
}
log_mark() {
	log_sync
	log_from=$(($(wc -l </tmp/syslog) + 1))
}
# log_count ERE: lines logged since log_mark that match.
log_count() {
	log_sync
	tail -n "+$log_from" /tmp/syslog | grep -cE "$1"
}
# wait_file PATH: polls every 50 ms, at most about 10 s.
wait_file() {
	i=0
	until [ -e "$1" ]; do
		i=$((i + 1))
		[ "$i" -gt 200 ] && return 1
		sleep 0.05
	done
}
# netless_refresh: the refresh service's command in a network namespace
# of its own, with only a loopback, where www.cotter.app (the host of the
# built-in default jwks_url) is 127.0.0.1 and tests/deb/listener.py on
# port 443 counts every connection.  Sets RC (the command's exit status)
# and CONNS (connections counted).
netless_refresh() {
	rm -f "$D/ready" "$D/conns"
	printf '127.0.0.1 localhost\n127.0.0.1 www.cotter.app\n' >"$D/hosts"
	RC=0
	unshare --net --mount -- /bin/sh -c '
		D=$1
		shift
		ip link set lo up && mount --bind "$D/hosts" /etc/hosts ||
		    exit 99
		/usr/bin/python3 "$D/listener.py" 443 "$D/ready" "$D/conns" 60 &
		lp=$!
		i=0
		until [ -e "$D/ready" ]; do
			i=$((i + 1))
			[ "$i" -gt 200 ] && exit 98
			sleep 0.05
		done
		rc=0
		"$@" </dev/null >/dev/null 2>&1 || rc=$?
		kill -TERM "$lp"
		wait "$lp"
		exit "$rc"' sh "$D" /bin/sh "$D/as_unit.sh" || RC=$?
	CONNS=$(cat "$D/conns" 2>/dev/null || echo none)
}

# unit_script: $D/as_unit.sh runs the refresh service's command line the
# way systemd would (issue 21): its ExecStart, as its User= (root when
# unset), with an environment of PATH (systemd's default) and its
# Environment= lines only, its UMask=, from /.  The settings this does not
# model must be absent (checked below).
unit_script() {
	u_user=$(sed -n 's/^User=//p' "$UNIT")
	u_user=${u_user:-root}
	u_env=$(sed -n 's/^Environment=//p' "$UNIT" | tr '\n' ' ')
	u_umask=$(sed -n 's/^UMask=//p' "$UNIT")
	exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
	{
		echo "umask ${u_umask:-0022}"
		echo "cd /"
		echo "exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin $u_env setpriv --reuid=$u_user --regid=$(id -g "$u_user") --init-groups -- $exec_start"
	} >"$D/as_unit.sh"
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
check "dpkg -L lists the module in libpam-modules' directory $PAMDIR (issue 21)" \
    sh -c "dpkg -L libpam-cotter | grep -qx '$MODULE'"
check "... which is /lib/$MA/security on Debian 12, as pkg-config says" \
    test "$PAMDIR" = "/lib/$MA/security" -a \
    "$(pkg-config --variable=libdir pam 2>/dev/null || echo "/lib/$MA")/security" = "$PAMDIR"
check "dpkg -L lists the NSS module beside libc6's NSS modules in $NSSDIR" \
    sh -c "dpkg -L libpam-cotter | grep -qx '$NSSDIR/libnss_cotter.so.2'"
want /etc/ssh/sshd_config.d/pam_cotter.conf root:root 644
check "the sshd drop-in is a conffile" sh -c \
    "dpkg-query -W -f='\${Conffiles}' libpam-cotter | grep -q ' /etc/ssh/sshd_config.d/pam_cotter.conf '"
want /usr/libexec/pam_cotter/pam_cotter_fetch root:root 755
# Issue 25: a screen locker runs the device helper as the user.
want /usr/libexec/pam_cotter/pam_cotter_device root:root 755
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

# --- the fresh install: not configured yet ---------------------------------
# As shipped the file sets no audience.  Nothing may change and nothing
# may fail: the refresh service's command (systemd does not run here: its
# ExecStart, as the timer runs it) exits 0 with one line saying what to
# configure, and opens no connection; doctor names what is missing; with
# the profile enabled the module refuses, saying why, and local passwords
# work as before.
unit_script
check "the unit sets nothing as_unit.sh does not model (no ExecStartPre, EnvironmentFile, Group, WorkingDirectory, DynamicUser)" \
    sh -c "! grep -qE '^(ExecStart(Pre|Post)|EnvironmentFile|Group|WorkingDirectory|DynamicUser|RootDirectory)=' $UNIT"
check "the unit runs as root (no User=): the cache must be root-owned" \
    test "$u_user" = root
if command -v systemd-analyze >/dev/null 2>&1; then
	# --man=no: man would write a cat page; the pages' presence is
	# checked above.
	run "systemd-analyze verify accepts the service and the timer" \
	    systemd-analyze verify --man=no "$UNIT" /lib/systemd/system/pam_cotter-refresh.timer
else
	ok "# SKIP systemd-analyze is not installed"
fi
check "the shipped $CONF sets no audience" \
    sh -c "! grep -q '^[[:space:]]*audience' $CONF"
log_mark
netless_refresh
check "fresh install: the refresh service's command exits 0 (got $RC)" \
    test "$RC" -eq 0
check "... and opens no connection to the default jwks_url's host (counted: $CONNS)" \
    test "$CONNS" = 0
check "... with one line: not configured: set audience and jwks_url in $CONF" \
    test "$(log_count "pam_cotter_fetch\[[0-9]+\]: not configured: set audience and jwks_url in $CONF \(nothing fetched\)$")" -eq 1
check "... and writes no key cache" test ! -e /var/cache/pam_cotter/jwks.json
# sshd -T needs sshd's privilege separation directory (/run/sshd, made
# by the ssh service on a real host).
mkdir -p -m 0755 /run/sshd
rc=0
out=$(pam-cotter doctor 2>&1) || rc=$?
check "pam-cotter doctor fails (exit $rc) naming audience: not configured yet" \
    sh -c '[ "$1" -eq 1 ] && printf "%s\n" "$2" |
    grep -q "^fail config .*audience: required key is not set: pam_cotter is not configured yet (set audience, the application.s API key id, and jwks_url in /etc/security/pam_cotter.conf)"' \
    sh "$rc" "$out"
# Issue 21: the NSS module is optional: info, at the path dpkg -L lists.
check "doctor: the NSS module not in passwd: is info, at $NSSDIR/libnss_cotter.so.2" \
    sh -c 'printf "%s\n" "$1" | grep -q "^info nsswitch   $2/libnss_cotter.so.2 is installed; " &&
    ! printf "%s\n" "$1" | grep -qE "^(warn|fail) nsswitch"' sh "$out" "$NSSDIR"
# Issue 21: sshd keeps the first value; the drop-in is read first.
mkdir -p -m 0755 /run/sshd
kbd() { sshd -T 2>/dev/null | sed -n 's/^kbdinteractiveauthentication //p'; }
check "sshd -T | grep kbdinteractive: no, as Debian's sshd_config sets it (got: $(kbd))" \
    test "$(kbd)" = no
check "doctor says what sshd -T says: warn sshd, kbdinteractiveauthentication no" \
    sh -c 'printf "%s\n" "$1" | grep -q "^warn sshd       sshd -T: kbdinteractiveauthentication no: "' sh "$out"
sed -i 's/^#KbdInteractiveAuthentication yes$/KbdInteractiveAuthentication yes/' \
    /etc/ssh/sshd_config.d/pam_cotter.conf
check "the drop-in uncommented: sshd -T says kbdinteractiveauthentication $(kbd)" \
    test "$(kbd)" = yes
rc=0
out=$(pam-cotter doctor 2>&1) || rc=$?
check "... and doctor: ok sshd" \
    sh -c 'printf "%s\n" "$1" | grep -q "^ok   sshd       sshd -T: usepam yes, kbdinteractiveauthentication yes$"' sh "$out"
run "pam-auth-update --enable pam_cotter" pam-auth-update --enable pam_cotter
check "common-auth now runs pam_cotter.so" has_cotter
check "common-account now runs pam_cotter.so (the NSS-only record check)" \
    grep -q '^[^#]*pam_cotter\.so' /etc/pam.d/common-account
log_mark
login "not configured: alice's token does not log in" failure alice \
    "$(cat "$D/alice.token")"
check "... and the module says why: not configured yet" \
    test "$(log_count "pam_cotter\(ct-deb:auth\): configuration error: audience: required key is not set: pam_cotter is not configured yet .* \(see: pam-cotter doctor\)$")" -eq 1
login "not configured: alice's local password still works" success alice \
    'Local-Pass-4711'

# --- configure ------------------------------------------------------------
# As the administrator would: the audience first.
sed -i "s/^#audience = .*/audience = $AUD/" "$CONF"
check "the audience is set" grep -qx "audience = $AUD" "$CONF"
# Control for the counter above: with an audience but jwks_url still the
# built-in default, the same command does try that host, fails, and says
# that jwks_url was never set.
log_mark
netless_refresh
check "control: audience set, default jwks_url: the command connects (counted: $CONNS), exit 1 (got $RC)" \
    test "$CONNS" != none -a "$CONNS" != 0 -a "$RC" -eq 1
check "... and its line says jwks_url is not set in $CONF" \
    test "$(log_count "pam_cotter_fetch\[[0-9]+\]: fetch from https://www\.cotter\.app/api/v0/token/jwks failed: .* \(jwks_url is not set in $CONF: this is the built-in default; set your issuer's key set URL\)$")" -eq 1
# Then the issuer's jwks_url (a local HTTPS server with its own CA) and
# the map: the refresh service's command fetches the issuer's key set.
rm -f "$D/port"
/usr/bin/python3 "$D/jwks_server.py" --dir "$D/ca" --port-file "$D/port" \
    --jwks "$D/jwks.json" --cert good --lifetime 120 >/dev/null 2>&1 &
spid=$!
wait_file "$D/port"
URL="https://127.0.0.1:$(cat "$D/port")/jwks"
printf '# local edit\njwks_url = %s\nca_file = %s\nallowed_domains = example.com\n' \
    "$URL" "$D/ca/ca.pem" >>"$CONF"
log_mark
run "configured: the refresh service's command, as the unit runs it, fetches the key set" \
    sh "$D/as_unit.sh"
check "... the cache is the issuer's key set, root 0644" sh -c \
    "cmp -s /var/cache/pam_cotter/jwks.json $D/jwks.json &&
     test \"\$(stat -c '%U %a' /var/cache/pam_cotter/jwks.json)\" = 'root 644'"
check "... and its line names the issuer's URL" \
    test "$(log_count "pam_cotter_fetch\[[0-9]+\]: fetched [0-9]+ keys? from $URL \((new key set written to the cache|unchanged: the same key set as the cache held)\)$")" -eq 1
kill -TERM "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
# From here on a static key set (jwks_url =), as an offline host keeps it.
sed -i 's|^jwks_url = .*|jwks_url =|' "$CONF"
install -m 0644 "$D/jwks.json" /var/cache/pam_cotter/jwks.json
printf 'alice@example.com alice\nbob@example.com bob\n' \
    >/etc/security/pam_cotter.users
chmod 0644 /etc/security/pam_cotter.users

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
    "$(cat "$D/alice2.token")"
log_sync
check "the module logged alice's token login" grep -q \
    'pam_cotter(ct-deb:auth): accepted Cotter token for user .alice.' \
    /tmp/syslog

# The refresh service with an empty jwks_url: exit 0, cache untouched.
cp /var/cache/pam_cotter/jwks.json "$D/jwks.before"
run "the refresh service's command succeeds with jwks_url empty" \
    sh "$D/as_unit.sh"
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
    "$(cat "$D/alice3.token")"

# --- remove -------------------------------------------------------------
# As an administrator with ssh_create_users would have it: cotter on the
# passwd: line, after files (the package never writes nsswitch.conf).
cp /etc/nsswitch.conf "$D/nsswitch.before"
sed -i -E 's/^(passwd:[[:space:]]+files)/\1 cotter/' /etc/nsswitch.conf
check "passwd: names cotter after files" \
    grep -qE '^passwd:[[:space:]]+files cotter' /etc/nsswitch.conf
TIMER_LINK=/etc/systemd/system/timers.target.wants/pam_cotter-refresh.timer
dpkg -L libpam-cotter >"$D/files"
rc=0
out=$(dpkg -r libpam-cotter 2>&1) || rc=$?
check "dpkg -r removes the package (exit $rc)" test "$rc" -eq 0
check "... and says that nsswitch.conf still names cotter, until a purge" \
    sh -c 'printf "%s\n" "$1" | grep -q "^libpam-cotter: /etc/nsswitch.conf still names cotter .*dpkg --purge libpam-cotter removes it)$"' sh "$out"
check "the profile left common-auth and common-account" sh -c \
    '! grep -q pam_cotter /etc/pam.d/common-auth /etc/pam.d/common-account'
check "the conffile stays, with its local edits" grep -q '^# local edit' "$CONF"
check "the module is gone" test ! -e "$MODULE"
dangling=$(find /etc/systemd/system -xtype l 2>/dev/null | grep cotter)
check "no link to the timer is left dangling (issue 21: ${dangling:-none})" \
    test -z "$dangling" -a ! -L "$TIMER_LINK"
login "local passwords still work after the removal" success alice \
    'Local-Pass-4711'
login "a token no longer logs in" failure alice "$(cat "$D/alice4.token")"

# --- purge while an account the module created still exists --------------
# The map index is a cache the module (or the admin command) builds from
# the map: the package's to remove; the map itself is the administrator's.
: >/etc/security/pam_cotter.users.index
carol_uid=$(id -u carol)
rc=0
out=$(dpkg -P libpam-cotter 2>&1) || rc=$?
check "dpkg -P purges the package (exit $rc)" test "$rc" -eq 0
# /var/lib/pam_cotter keeps carol's binding: dpkg may say it stays.
notempty=$(printf '%s\n' "$out" | grep "not empty so not removed" |
    grep -v "'/var/lib/pam_cotter' not empty")
check "... without dpkg's 'not empty so not removed' about a directory of ours (issue 21)" \
    test -z "$notempty"
check "... and says it took cotter off the passwd: line" \
    sh -c 'printf "%s\n" "$1" | grep -qx "libpam-cotter: removed cotter from the passwd: line of /etc/nsswitch.conf"' sh "$out"
check "nsswitch.conf is as it was before the administrator's edit" \
    cmp -s /etc/nsswitch.conf "$D/nsswitch.before"
check "the conffiles are gone ($CONF, the sshd drop-in)" \
    test ! -e "$CONF" -a ! -e /etc/ssh/sshd_config.d/pam_cotter.conf
check "the map index is gone, the administrator's map stays" \
    test ! -e /etc/security/pam_cotter.users.index -a \
    -s /etc/security/pam_cotter.users
check "the cache is gone" test ! -e /var/cache/pam_cotter
check "... and says it kept the bindings of the 1 account that exists" \
    sh -c 'printf "%s\n" "$1" | grep -qx "libpam-cotter: kept /var/lib/pam_cotter: the bindings of 1 account(s) that still exist .*"' sh "$out"
# Issue 19/21: carol still exists, so her binding and uid record stay.
check "carol's binding stays (her account exists)" \
    grep -qx 'sub 0c0c0c0c-0000-4000-8000-00000000c0de' \
    /var/lib/pam_cotter/bindings/carol
check "... and the uid record naming her ($carol_uid)" sh -c \
    'for f in /var/lib/pam_cotter/uids/*; do
	[ "$(head -n 1 "$f")" = carol ] && exit 0; done; exit 1'
check "the timer's enablement is gone" test ! -e "$TIMER_LINK"

# --- reinstall: carol logs in again ---------------------------------------
run "dpkg -i reinstalls the package" dpkg -i "$deb"
check "the reinstall enables the timer again, as a first install does" \
    test -L "$TIMER_LINK"
sed -i "s/^#audience = .*/audience = $AUD/" "$CONF"
printf 'jwks_url =\nallowed_domains = example.com\n' >>"$CONF"
install -m 0644 "$D/jwks.json" /var/cache/pam_cotter/jwks.json
run "pam-auth-update --enable pam_cotter (again)" \
    pam-auth-update --enable pam_cotter
login "after purge and reinstall, carol logs in with her token" \
    success carol "$(cat "$D/carol2.token")"
check "... as the same account (uid $carol_uid)" \
    test "$(id -u carol)" = "$carol_uid"
login "alice's token still does not open carol" failure carol \
    "$(cat "$D/alice5.token")"

# --- purge once carol is gone -------------------------------------------
userdel carol
dpkg -L libpam-cotter >"$D/files"
run "dpkg -P purges the package" dpkg -P libpam-cotter
check "the conffile is gone" test ! -e "$CONF"
check "the cache and state directories are gone (no account left to keep)" \
    test ! -e /var/cache/pam_cotter -a ! -e /var/lib/pam_cotter
check "the timer's enablement is gone" test ! -e "$TIMER_LINK"
left=$(while read -r f; do
	[ -e "$f" ] && [ ! -d "$f" ] && echo "$f"; done <"$D/files")
check "no file the package listed is left (${left:-none})" test -z "$left"
check "dpkg no longer knows the package" sh -c \
    '! dpkg-query -W libpam-cotter >/dev/null 2>&1'
check "common-auth is as it was before the install" \
    cmp -s /etc/pam.d/common-auth "$D/common-auth.before"
done_tap

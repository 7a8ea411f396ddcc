#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# First login creates the account (issue 4): automatic mapping, bindings
# and the account helper, through the real pamtester, the built module and
# the built helper running the real useradd, in tests/ns.sh's private /etc
# and /home.  Every refusal sits beside a positive control.  Accounts here
# are named ua.* and get uids from 3500 up (uid_min), so this file does not
# depend on the order of the other test files.
. "$(dirname "$0")/lib.sh"
setup_world

H="$top/helpers/pam_cotter_useradd"
S="$W/state"
B="$S/bindings"
ISS=https://www.cotter.app
UMIN=3500
cat >>"$W/pam_cotter.conf" <<CONF
create_users = yes
allowed_domains = example.com
state_dir = $S
helper_dir = $top/helpers
uid_min = $UMIN
login_by_identity = yes
CONF
conf="config=$W/pam_cotter.conf nodelay"
# Accounts made by an administrator: one ordinary but unbound, one system.
useradd -M -K UID_MIN=$UMIN -s /bin/sh ua.local
useradd -r -M -s /bin/sh uasys

# helper_runs: pam_cotter_useradd log lines so far (each action logs one).
helper_runs() {
	log_sync
	grep -c 'pam_cotter_useradd\[' "$CT_SYSLOG"
}

# ua CMD...: runs the helper; sets HRC and HOUT.
ua() {
	HRC=0
	HOUT=$("$H" "$@" 2>&1) || HRC=$?
}

has_user() {
	getent passwd "$1" >/dev/null
}

# passwd_ok: every /etc/passwd line has exactly 7 fields.
passwd_ok() {
	awk -F: 'NF != 7 { bad = 1 } END { exit bad }' /etc/passwd
}

# ------------------------------------------------------------ the helper

check "setup: an unbound account with uid >= uid_min" \
    test "$(id -u ua.local 2>/dev/null || echo 0)" -ge $UMIN
check "setup: a system account with uid < uid_min" \
    test "$(id -u uasys 2>/dev/null || echo $UMIN)" -lt $UMIN

needed=$(readelf -d "$H" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
# The sanitizer build (make check-asan) adds its own runtimes, nothing else.
if [ -n "${CT_ASAN_RUNTIME:-}" ]; then
	needed=$(printf '%s' "$needed" | sed 's/libasan\.so\.[0-9]* //; s/libubsan\.so\.[0-9]* //')
fi
check "the helper links libc only ($needed)" test "$needed" = "libc.so.6 "

ua precreate --state-dir "$S" --uid-min $UMIN -- ua.pre ua.pre@example.com
check "precreate by root works (control)" test "$HRC" -eq 0
check "precreate made the account" has_user ua.pre
check "precreate wrote a pending binding" grep -qx 'state pending' "$B/ua.pre"

before=$(md5sum </etc/passwd)
HRC=0
setpriv --reuid=65534 --regid=65534 --clear-groups "$H" precreate \
    --state-dir "$S" -- ua.nobody ua.nobody@example.com >/dev/null 2>&1 ||
    HRC=$?
check "the helper run by a non-root user refuses (exit 3: $HRC)" \
    test "$HRC" -eq 3
check "... and changes nothing" test "$before" = "$(md5sum </etc/passwd)"
if getent passwd ua.nobody >/dev/null; then
	not_ok "no account for the non-root caller"
else
	ok "no account for the non-root caller"
fi

# A hostile caller environment: LD_PRELOAD, PATH with a fake useradd, IFS.
evil="$W/evil"
mkdir -p "$evil"
cat >"$evil/useradd" <<EVIL
#!/bin/sh
touch "$W/evil-ran"
exit 0
EVIL
chmod 0755 "$evil/useradd"
HRC=0
env LD_PRELOAD=/nonexistent.so PATH="$evil" IFS=x "$H" precreate \
    --state-dir "$S" --uid-min $UMIN -- ua.env ua.env@example.com \
    >/dev/null 2>&1 || HRC=$?
check "with LD_PRELOAD, PATH=fake useradd, IFS set, the helper works" \
    test "$HRC" -eq 0
check "... the real useradd made the account" has_user ua.env
check "... the fake useradd on PATH never ran" test ! -e "$W/evil-ran"

# The comment (GECOS) never corrupts /etc/passwd.
lines=$(wc -l </etc/passwd)
ua precreate --state-dir "$S" --uid-min $UMIN -- ua.obrien \
    "o'brien&x=1!#{|}~@example.com"
check "an identity with shell and GECOS specials is accepted" \
    test "$HRC" -eq 0
check "... its comment keeps only [A-Za-z0-9@._+-]" test \
    "$(getent passwd ua.obrien | cut -d: -f5)" = "pam_cotter obrienx1@example.com"
before=$(md5sum </etc/passwd)
for ident in 'a:b@example.com' 'a,b@example.com' "$(printf 'a\nb@example.com')" \
    'x@example.com:0:0:' "$(printf 'ua.x@example.com\nroot::0:0::/:/bin/sh')"; do
	ua precreate --state-dir "$S" --uid-min $UMIN -- ua.colon "$ident"
	[ "$HRC" -eq 1 ] || break
done
check "identities with ':' ',' or a newline are refused (exit $HRC)" \
    test "$HRC" -eq 1
check "... and /etc/passwd is unchanged" \
    test "$before" = "$(md5sum </etc/passwd)"
check "/etc/passwd grew by exactly the accounts made" \
    test "$(wc -l </etc/passwd)" -eq $((lines + 1))
check "every /etc/passwd line has 7 fields" passwd_ok
if pwck -r 2>&1 | grep -E "'ua\.(pre|env|obrien)'" >"$W/pwck"; then
	not_ok "pwck -r finds nothing wrong with the new entries" "$(cat "$W/pwck")"
else
	ok "pwck -r finds nothing wrong with the new entries"
fi

# A crash of useradd leaves no binding (a private mount of a fake useradd).
cat >"$W/crash" <<'CRASH'
#!/bin/sh
kill -KILL $$
CRASH
chmod 0755 "$W/crash"
HRC=0
unshare -m --propagation private sh -c "mount --bind '$W/crash' \
    /usr/sbin/useradd && exec '$H' precreate --state-dir '$S' \
    --uid-min $UMIN -- ua.crash ua.crash@example.com" >/dev/null 2>&1 ||
    HRC=$?
check "useradd killed by SIGKILL: the helper fails (exit 4: $HRC)" \
    test "$HRC" -eq 4
check "... and writes no binding" test ! -e "$B/ua.crash"
check "... and the real useradd is back outside that namespace" \
    sh -c "! mount | grep -q ' /usr/sbin/useradd '"

ua list --state-dir "$S"
check "list prints one line per binding" \
    sh -c "printf '%s\n' \"\$1\" | grep -c '^ua\\.' | grep -qx 3" - "$HOUT"
case $HOUT in
*"ua.pre pending $ISS - ua.pre@example.com "*) ok "list shows a pending binding" ;;
*) not_ok "list shows a pending binding" "$HOUT" ;;
esac
ua remove --state-dir "$S" -- ua.obrien
check "remove forgets a binding" test "$HRC" -eq 0 -a ! -e "$B/ua.obrien"
check "... and keeps the account" has_user ua.obrien
ua remove --state-dir "$S" -- ua.obrien
check "removing it again: no such binding (exit 5: $HRC)" test "$HRC" -eq 5
ua precreate --state-dir "$S" --uid-min $UMIN -- ua.local ua.local@example.com
check "precreate refuses an existing account" test "$HRC" -eq 1
ua precreate --state-dir "$S" -- root root@example.com
check "precreate refuses root" test "$HRC" -eq 1
ua create --state-dir "$S" --uid-min $UMIN -- ua.x $ISS s1 ua.y@example.com
check "create refuses a name that is not the identity's local part" \
    test "$HRC" -eq 1
ua frobnicate
check "an unknown command is a usage error (exit 2)" test "$HRC" -eq 2
ua create --state-dir "$S" ua.x $ISS s1 ua.x@example.com
check "arguments without \"--\" are a usage error" test "$HRC" -eq 2

# D2: a user-private group of a name some package creates as its group
# would be adopted by that package later; refused in "private" mode only.
for pkg in wireshark ssl-cert systemd-netdev; do
	ua create --state-dir "$S" --uid-min $UMIN --primary-group private \
	    -- $pkg $ISS s-$pkg $pkg@example.com
	case $HRC:$HOUT in
	1:*"a group Debian packages create"*) res=yes ;;
	*) res=no ;;
	esac
	check "primary_group private: \"$pkg\" refused ($HRC)" test $res = yes
done
check "... no such account was made" sh -c '! getent passwd wireshark'
ua create --state-dir "$S" --uid-min $UMIN --primary-group private \
    -- ua.priv $ISS s-priv ua.priv@example.com
check "primary_group private: an ordinary name is created (control)" \
    test "$HRC" -eq 0
check "... with its own group, gid == uid" \
    test "$(id -g ua.priv 2>/dev/null)" = "$(id -u ua.priv 2>/dev/null)" -a \
    "$(id -gn ua.priv 2>/dev/null)" = ua.priv
ua create --state-dir "$S" --uid-min $UMIN --primary-group root \
    -- ua.rootgrp $ISS s-rg ua.rootgrp@example.com
check "--primary-group root is a usage error ($HRC)" test "$HRC" -eq 2
ua create --state-dir "$S" --uid-min $UMIN --primary-group ua-nogroup \
    -- ua.nogrp $ISS s-ng ua.nogrp@example.com
check "a primary group that does not exist is refused ($HRC)" \
    test "$HRC" -eq 1
ua remove --state-dir "$S" -- ua.priv

# --uid N: exactly that uid, or nothing (issue 13).  --primary-group
# private: a group named after the account with gid == uid, exactly.
ua precreate --state-dir "$S" --uid-min $UMIN --uid 47001 -- ua.u1 ua.u1@example.com
check "precreate --uid 47001 creates exactly uid 47001" \
    test "$HRC" -eq 0 -a "$(id -u ua.u1 2>/dev/null)" = 47001
before=$(cat /etc/passwd /etc/group "$B"/* 2>/dev/null | sha256sum)
ua precreate --state-dir "$S" --uid-min $UMIN --uid 47001 -- ua.u2 ua.u2@example.com
check "precreate --uid of a uid in use is refused (exit 1): $HOUT" test "$HRC" -eq 1
check "... and creates nothing" test "$(cat /etc/passwd /etc/group "$B"/* 2>/dev/null | sha256sum)" = "$before"
ua precreate --state-dir "$S" --uid-min $UMIN --uid 3000 -- ua.u3 ua.u3@example.com
check "precreate --uid below uid_min is refused (exit 1)" test "$HRC" -eq 1
ua precreate --state-dir "$S" --uid-min $UMIN --uid 0 -- ua.u3 ua.u3@example.com
check "precreate --uid 0 is a usage error (exit 2)" test "$HRC" -eq 2
ua precreate --state-dir "$S" --uid-min $UMIN --uid 47002 --primary-group private -- ua.u4 ua.u4@example.com
check "--primary-group private: uid 47002 and its own group with gid 47002" \
    test "$HRC" -eq 0 -a "$(id -g ua.u4 2>/dev/null)" = 47002 -a \
    "$(getent group ua.u4 | cut -d: -f3)" = 47002
groupadd -g 47003 ua.g3
before=$(cat /etc/passwd /etc/group "$B"/* 2>/dev/null | sha256sum)
ua precreate --state-dir "$S" --uid-min $UMIN --uid 47003 --primary-group private -- ua.u5 ua.u5@example.com
check "--primary-group private with the gid in use is refused: $HOUT" test "$HRC" -eq 1
check "... and creates nothing" test "$(cat /etc/passwd /etc/group "$B"/* 2>/dev/null | sha256sum)" = "$before"
ua precreate --state-dir "$S" --uid-min $UMIN -- ua.u6 ua.u6@example.com
u6=$(id -u ua.u6 2>/dev/null || echo 0)
check "precreate without --uid takes uid_range's choice ($u6)" \
    test "$u6" -ge 10000 -a "$u6" -le 59999

# Issue 19 point 4: the home is /home/NAME whatever /etc/default/useradd
# says (the path the NSS module answers), 0700 unless --home-mode, and a
# path left at /home/NAME (userdel without -r, usermod -l) is never
# adopted: exit 7, nothing created, the old home untouched.
cp /etc/default/useradd "$W/useradd.default"
echo 'HOME=/srv/ua-elsewhere' >>/etc/default/useradd
mkdir -p /srv/ua-elsewhere
ua precreate --state-dir "$S" --uid-min $UMIN -- ua.h1 ua.h1@example.com
check "home: created at /home/ua.h1 despite HOME= in /etc/default/useradd" \
    test "$HRC" -eq 0 -a "$(getent passwd ua.h1 | cut -d: -f6)" = /home/ua.h1
check "home: /home/ua.h1 is a directory of ua.h1, mode 0700 (control)" \
    test "$(stat -c %U:%a /home/ua.h1 2>/dev/null)" = "ua.h1:700"
check "home: nothing under the other home base" \
    test ! -e /srv/ua-elsewhere/ua.h1
cp "$W/useradd.default" /etc/default/useradd
ua precreate --state-dir "$S" --uid-min $UMIN --home-mode 0750 -- ua.h2 ua.h2@example.com
check "home: --home-mode 0750 gives 0750 (control)" \
    test "$HRC" -eq 0 -a "$(stat -c %a /home/ua.h2 2>/dev/null)" = 750
ua precreate --state-dir "$S" --uid-min $UMIN --home-mode 0777 -- ua.h3 ua.h3@example.com
check "home: --home-mode 0777 is a usage error (exit 2: $HRC)" test "$HRC" -eq 2
mkdir /home/ua.h4
echo 'echo owned' >/home/ua.h4/.bashrc
chown -R 4242:4242 /home/ua.h4
before=$(cat /etc/passwd /etc/group "$B"/* 2>/dev/null | sha256sum)
runs=$(helper_runs)
log_mark
ua precreate --state-dir "$S" --uid-min $UMIN -- ua.h4 ua.h4@example.com
check "home: a left-over /home/ua.h4 (uid 4242) is refused, exit 7 ($HRC)" \
    test "$HRC" -eq 7
check "... nothing created" \
    test "$(cat /etc/passwd /etc/group "$B"/* 2>/dev/null | sha256sum)" = "$before"
check "... the old home untouched" \
    test "$(stat -c %u:%a /home/ua.h4/.bashrc)" = "4242:644"
check "... one log line" test "$(helper_runs)" -eq $((runs + 1))
expect_log "... it says why" "precreate refused: /home/ua.h4 exists already"
ln -s /home/ua.h1 /home/ua.h5
ua precreate --state-dir "$S" --uid-min $UMIN -- ua.h5 ua.h5@example.com
check "home: a symlink at /home/ua.h5 is refused too (exit 7: $HRC)" \
    test "$HRC" -eq 7 -a "$(stat -c %U /home/ua.h1)" = ua.h1
rm /home/ua.h5

# Issue 19 (c): groups that grant power are refused unless named.
before=$(cat /etc/passwd /etc/group "$B"/* 2>/dev/null | sha256sum)
ua precreate --state-dir "$S" --uid-min $UMIN --groups sudo -- ua.p1 ua.p1@example.com
check "privileged: --groups sudo is refused (exit 1: $HRC)" test "$HRC" -eq 1
check "... nothing created" \
    test "$(cat /etc/passwd /etc/group "$B"/* 2>/dev/null | sha256sum)" = "$before"
ua precreate --state-dir "$S" --uid-min $UMIN --primary-group adm -- ua.p2 ua.p2@example.com
check "privileged: --primary-group adm is refused (exit 1: $HRC)" test "$HRC" -eq 1
ua precreate --state-dir "$S" --uid-min $UMIN --groups sudo \
    --allow-privileged-groups adm -- ua.p3 ua.p3@example.com
check "privileged: allowing adm does not allow sudo (exit 1: $HRC)" test "$HRC" -eq 1
ua precreate --state-dir "$S" --uid-min $UMIN --groups sudo \
    --allow-privileged-groups adm,sudo -- ua.p4 ua.p4@example.com
check "privileged: --groups sudo named in --allow-privileged-groups (control)" \
    sh -c "[ $HRC -eq 0 ] && id -nG ua.p4 | grep -qw sudo"
ua precreate --state-dir "$S" --uid-min $UMIN --groups users -- ua.p5 ua.p5@example.com
check "privileged: an ordinary group needs nothing (control)" test "$HRC" -eq 0

# ------------------------------------------------------------ the module

service_file "$conf"

runs=$(helper_runs)
SUB1=ua-sub-0000-0001
expect "first login creates the account" success ua.first \
    "$(mint --identifier ua.first@example.com --sub $SUB1)"
pw=$(getent passwd ua.first)
uid=$(echo "$pw" | cut -d: -f3)
check "... uid $uid >= uid_min" test "${uid:-0}" -ge $UMIN
check "... shell /bin/bash" test "$(echo "$pw" | cut -d: -f7)" = /bin/bash
check "... comment from the identity" \
    test "$(echo "$pw" | cut -d: -f5)" = "pam_cotter ua.first@example.com"
check "... home /home/ua.first owned by the user, 0700 (issue 19)" \
    test "$(stat -c %U:%a /home/ua.first 2>/dev/null)" = "ua.first:700"
# D2: the primary group is primary_group (default users), no private one.
check "... its primary group is users (D2)" \
    test "$(id -g ua.first 2>/dev/null)" = "$(getent group users | cut -d: -f3)"
check "... and no group of its name was made" \
    sh -c '! getent group ua.first >/dev/null'
check "... its uid is in uid_range 10000-59999 (D6)" \
    test "${uid:-0}" -ge 10000 -a "${uid:-0}" -le 59999
check "... a binding to its sub" grep -qx "sub $SUB1" "$B/ua.first"
check "... binding mode 0644 root, store 0755 root (screen lockers)" \
    test "$(stat -c %U:%a "$B/ua.first" "$B" "$S" | tr '\n' ' ')" = \
    "root:644 root:755 root:755 "
check "... the helper ran once" test "$(helper_runs)" -eq $((runs + 1))

runs=$(helper_runs)
expect "second login reuses the account" success ua.first \
    "$(mint --identifier ua.first@example.com --sub $SUB1)"
check "... without running the helper" test "$(helper_runs)" -eq "$runs"
check "... one passwd line" test "$(grep -c '^ua\.first:' /etc/passwd)" -eq 1

# Issue 19 point 4 through the module: a left-over home refuses the first
# login, with a line on screen, and creates nothing.
mkdir /home/ua.left
chown 4243:4243 /home/ua.left
expect "first login over a left-over /home/ua.left is refused" auth_err \
    ua.left "$(mint --identifier ua.left@example.com --sub ua-sub-left)"
check "... the person is told on screen" \
    sh -c 'printf "%s" "$1" | grep -q "home directory of that name is left over"' _ "$OUT"
check "... no account" sh -c '! getent passwd ua.left >/dev/null'
check "... the home still belongs to 4243" test "$(stat -c %u /home/ua.left)" = 4243
# Issue 19 (c) through the configuration.
service_file "$conf user_groups=sudo"
expect "user_groups = sudo refuses the configuration" service_err ua.grp1 \
    "$(mint --identifier ua.grp1@example.com --sub ua-sub-grp1)"
check "... no account" sh -c '! getent passwd ua.grp1 >/dev/null'
service_file "$conf user_groups=sudo allow_privileged_groups=sudo"
expect "user_groups = sudo with allow_privileged_groups = sudo (control)" \
    success ua.grp2 "$(mint --identifier ua.grp2@example.com --sub ua-sub-grp2)"
check "... in group sudo" sh -c 'id -nG ua.grp2 | grep -qw sudo'

service_file "$conf create_users=no"
expect "create_users=no: unknown user" user_unknown ua.nocreate \
    "$(mint --identifier ua.nocreate@example.com)"
service_file "$conf"
check "... and no account" sh -c '! getent passwd ua.nocreate'
expect "an unlisted domain is not mapped" user_unknown ua.else \
    "$(mint --identifier ua.else@elsewhere.net)"

# Takeover attempts.
runs=$(helper_runs)
expect "same local part at another domain" auth_err ua.first \
    "$(mint --identifier ua.first@other.com)"
service_file "$conf [allowed_domains=example.com other.com]"
expect "same local part, both domains allowed, another sub" auth_err \
    ua.first "$(mint --identifier ua.first@other.com)"
service_file "$conf"
log_mark
expect "same email with another sub" auth_err ua.first \
    "$(mint --identifier ua.first@example.com --sub ua-sub-evil)"
expect_log "... logged as bound to another person" \
    'ua\.first.*bound to another person'
expect "an existing unbound account" auth_err ua.local \
    "$(mint --identifier ua.local@example.com)"
for u in root daemon bin nobody games uasys _apt; do
	expect "$u is never reachable" auth_err "$u" \
	    "$(mint --identifier "$u@example.com")"
done
check "no takeover attempt ran the helper" test "$(helper_runs)" -eq "$runs"

# Hostile identities fail before any helper runs.
runs=$(helper_runs)
nbind=$(ls "$B" | wc -l)
before=$(md5sum </etc/passwd)
# hostile NAME USER TOKEN: refused, for the identity's sake (logged).
hostile() {
	if [ -z "$3" ]; then
		not_ok "hostile identity $1: token minted"
		return
	fi
	log_mark
	expect "hostile identity $1" auth_err "$2" "$3"
	expect_log "... refused for its identity" \
	    'refused user .*(local part|plain ASCII email|identifier|claims: invalid JSON)'
}
for ident in -oroot@example.com a:b@example.com a/b@example.com \
    ..@example.com .hidden@example.com \
    abcdefghijabcdefghijabcdefghijabcdefghij@example.com \
    12345@example.com '"quoted"@example.com' alice+tag@example.com; do
	hostile "$ident" "$ident" "$(mint --identifier="$ident")"
	hostile "$ident (as ua.h)" ua.h "$(mint --identifier="$ident")"
done
# Raw JSON (the backslash escapes are JSON's, never the shell's).
for pair in 'Cyrillic-a:\u0430lice@example.com' \
    'RTL-override:\u202ealice@example.com' \
    'newline:ali\nce@example.com' 'tab:ali\tce@example.com' \
    'NUL:ali\u0000ce@example.com'; do
	hostile "with ${pair%%:*}" ua.h \
	    "$(mint --claim "identifier=\"${pair#*:}\"")"
done
check "no hostile identity ran the helper" test "$(helper_runs)" -eq "$runs"
check "... nor added a binding" test "$(ls "$B" | wc -l)" -eq "$nbind"
check "... nor touched /etc/passwd" test "$before" = "$(md5sum </etc/passwd)"

# Two first logins at the same moment: one account, one binding.
tok=$(mint --identifier ua.race@example.com --sub ua-sub-race)
(printf '%s\n' "$tok" | timeout 60 pamtester "$SERVICE" ua.race authenticate \
    >"$W/race1" 2>&1; echo $? >>"$W/race1") &
(printf '%s\n' "$tok" | timeout 60 pamtester "$SERVICE" ua.race authenticate \
    >"$W/race2" 2>&1; echo $? >>"$W/race2") &
wait
check "race: both logins succeed" \
    test "$(tail -1 "$W/race1")$(tail -1 "$W/race2")" = 00
check "race: exactly one passwd line" \
    test "$(grep -c '^ua\.race:' /etc/passwd)" -eq 1
check "race: exactly one binding, to that sub" grep -qx 'sub ua-sub-race' \
    "$B/ua.race"
log_sync
check "race: useradd created the account once" \
    test "$(grep -c 'new user: name=ua.race,' "$CT_SYSLOG")" -eq 1

# Pre-created by the administrator, then the first login records the sub.
expect "pre-created account: another identity is refused" auth_err ua.pre \
    "$(mint --identifier ua.other@example.com)"
expect "pre-created account: first login" success ua.pre \
    "$(mint --identifier UA.Pre@example.com --sub ua-sub-pre)"
check "... the binding now holds its sub" grep -qx 'sub ua-sub-pre' \
    "$B/ua.pre"
expect "... and never changes again" auth_err ua.pre \
    "$(mint --identifier ua.pre@example.com --sub ua-sub-pre2)"
expect "... the same person again" success ua.pre \
    "$(mint --identifier ua.pre@example.com --sub ua-sub-pre)"

# The email typed as the login name reaches the local account.
{
	echo "auth required $MODULE $conf"
	echo "auth required pam_exec.so quiet $W/who"
	echo "account required pam_permit.so"
} >/etc/pam.d/$SERVICE
printf '#!/bin/sh\necho "$PAM_USER" >%s\n' "$W/pam_user" >"$W/who"
chmod 0755 "$W/who"
expect "an email as PAM_USER logs in" success ua.first@example.com \
    "$(mint --identifier UA.First@Example.com --sub $SUB1)"
check "... and PAM_USER becomes the local account" \
    test "$(cat "$W/pam_user" 2>/dev/null)" = ua.first
expect "an email as PAM_USER that is not the token's" auth_err \
    ua.first@example.com "$(mint --identifier ua.race@example.com \
    --sub ua-sub-race)"

# Issue 19 (b): a uid record names an account.  While the account exists
# its own second login keeps the uid (control); once it is removed (userdel
# -r, pam_cotter_useradd remove) a different person whose name comes out
# the same gets another uid, never the old one and its left-over files.
ua create --state-dir "$S" --uid-min $UMIN -- ua.reuse $ISS ua-sub-r1 ua.reuse@example.com
ru=$(id -u ua.reuse 2>/dev/null || echo 0)
check "uid record: ua.reuse created with uid $ru, recorded" \
    test "$HRC" -eq 0 -a "$(cat "$S/uids/$ru" 2>/dev/null)" = ua.reuse
ua create --state-dir "$S" --uid-min $UMIN -- ua.reuse $ISS ua-sub-r1 ua.reuse@example.com
check "uid record: the same person again while it exists (control)" \
    test "$HRC" -eq 0 -a "$(id -u ua.reuse)" = "$ru"
mkdir -p "$W/leftover"
touch "$W/leftover/secret"
chown "$ru" "$W/leftover/secret"
userdel -r ua.reuse 2>/dev/null
ua remove --state-dir "$S" -- ua.reuse
ua create --state-dir "$S" --uid-min $UMIN -- ua.reuse $ISS ua-sub-r2 ua.reuse@example.net
nu=$(id -u ua.reuse 2>/dev/null || echo 0)
check "uid record: another person under the removed name gets a new uid ($nu, not $ru)" \
    test "$HRC" -eq 0 -a "$nu" -ne 0 -a "$nu" != "$ru"
check "... the left-over file is not theirs" \
    test "$(stat -c %u "$W/leftover/secret")" != "$nu"

# Issue 19 (b): postrm purge keeps what the module knows about accounts
# that exist (a reinstall must not lock them out) and drops the rest.  The
# maintainer script runs on a copy of the store (paths rewritten).
cp -a "$S" "$W/purged"
mkdir -p "$W/purged-cache"
sed -e "s|/var/lib/pam_cotter|$W/purged|g" \
    -e "s|/var/cache/pam_cotter|$W/purged-cache|g" \
    -e "s|/etc/security/pam_cotter.users.index|$W/purged-index|g" \
    "$top/debian/libpam-cotter.postrm" >"$W/postrm"
printf 'user ua.gone\n' >"$W/purged/bindings/ua.gone"
echo ua.gone >"$W/purged/uids/59998"
sh "$W/postrm" purge
check "purge: the binding of an existing account stays" \
    cmp -s "$B/ua.first" "$W/purged/bindings/ua.first"
check "... and its uid record" \
    test "$(cat "$W/purged/uids/$uid" 2>/dev/null)" = ua.first
check "... a pre-created, claimed account's binding stays" \
    test -f "$W/purged/bindings/ua.pre"
check "... the binding of a name with no account goes" \
    test ! -e "$W/purged/bindings/ua.gone"
check "... and a uid record naming no account" test ! -e "$W/purged/uids/59998"
check "... the key cache goes" test ! -e "$W/purged-cache"
rm -rf "$W/purged2"
mkdir -p "$W/purged2/bindings" "$W/purged2/uids"
printf 'user ua.gone\n' >"$W/purged2/bindings/ua.gone"
sed "s|$W/purged|$W/purged2|g" "$W/postrm" >"$W/postrm2"
sh "$W/postrm2" purge
check "purge: a store with no existing account goes entirely" \
    test ! -e "$W/purged2"

finish

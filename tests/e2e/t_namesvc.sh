#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# An unavailable name service (issue 19, point 3), against a real
# directory: Debian's slapd on an ldapi:// socket in a private directory,
# nslcd and libnss-ldapd ("passwd: files cotter ldap") in the namespace's
# /etc, both started here and stopped in the middle of the test.  While
# the directory answers, a directory user's name is recognised (no local
# account) and a new person's uid skips the directory's uids; while slapd
# or nslcd is stopped, glibc answers every lookup with an error (ENOENT
# from libnss_ldap), and then no account is created, no login succeeds,
# the NSS module answers sshd nothing, the account helper exits 6 and
# pam-cotter check predicts no PAM_SUCCESS.
. "$(dirname "$0")/lib.sh"

for tool in /usr/sbin/slapd /usr/sbin/slapadd /usr/sbin/nslcd ldapsearch \
    getent pamtester; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (apt-get install slapd ldap-utils nslcd libnss-ldapd)"
		finish
	fi
done
if ! ls /usr/lib/*/libnss_ldap.so.2 >/dev/null 2>&1; then
	not_ok "libnss_ldap.so.2 is installed (apt-get install libnss-ldapd)"
	finish
fi

setup_world
L=$(mktemp -d)		# the directory's files, in the private TMPDIR
chmod 0755 "$L"
STATE="$W/state"
H="$top/helpers/pam_cotter_useradd"
PC="$top/admin/pam-cotter"
LO=40000
HI=40099
SUFFIX="dc=cotter,dc=test"
SOCK=$(printf '%s' "$L/ldapi" | sed 's,/,%2F,g')
URI="ldapi://$SOCK"
slapd_pid=
nslcd_pid=

stop_all() {
	[ -n "$nslcd_pid" ] && kill "$nslcd_pid" 2>/dev/null
	[ -n "$slapd_pid" ] && kill "$slapd_pid" 2>/dev/null
	nslcd_pid=
	slapd_pid=
}
trap stop_all EXIT

# start NAME: the uid uidalloc.c starts at for NAME in LO-HI (FNV-1a-64).
start() {
	/usr/bin/python3 -c '
import sys
h = 0xcbf29ce484222325
for b in sys.argv[1].encode():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print(int(sys.argv[2]) + h % (int(sys.argv[3]) - int(sys.argv[2]) + 1))
' "$1" $LO $HI
}

S_ANN=$(start nsvc.ann)	# taken in the directory by dir.ann
S_CAT=$(start nsvc.cat)	# taken in the directory by dir.cat
S_DOG=$(start nsvc.dog)	# taken in the directory by dir.dog

# --- the directory ------------------------------------------------------------
cat >"$L/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
pidfile $L/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "$SUFFIX"
directory $L/db
access to * by * read
CONF
mkdir "$L/db"
person() {	# NAME UID
	printf 'dn: uid=%s,ou=people,%s\nobjectClass: account\n' "$1" "$SUFFIX"
	printf 'objectClass: posixAccount\nuid: %s\ncn: %s\n' "$1" "$1"
	printf 'uidNumber: %s\ngidNumber: 40500\n' "$2"
	printf 'homeDirectory: /home/%s\nloginShell: /bin/sh\n\n' "$1"
}
{
	printf 'dn: %s\nobjectClass: dcObject\nobjectClass: organization\n' "$SUFFIX"
	printf 'o: cotter\ndc: cotter\n\n'
	printf 'dn: ou=people,%s\nobjectClass: organizationalUnit\nou: people\n\n' "$SUFFIX"
	person dir.ann "$S_ANN"
	person dir.cat "$S_CAT"
	person dir.dog "$S_DOG"
	# Issue 21.6: a group only the directory has.
	printf 'dn: ou=groups,%s\nobjectClass: organizationalUnit\nou: groups\n\n' "$SUFFIX"
	printf 'dn: cn=dir.grp,ou=groups,%s\nobjectClass: posixGroup\n' "$SUFFIX"
	printf 'cn: dir.grp\ngidNumber: 40600\n\n'
} >"$L/data.ldif"
check "slapadd loads the directory" \
    sh -c "slapadd -f '$L/slapd.conf' -l '$L/data.ldif' >'$L/slapadd.log' 2>&1"

# slapd_up: starts slapd (it forks; its pid file says which process).
slapd_up() {
	rm -f "$L/slapd.pid"
	/usr/sbin/slapd -f "$L/slapd.conf" -h "$URI" || return 1
	i=0
	until [ -s "$L/slapd.pid" ] &&
	    ldapsearch -x -H "$URI" -b "$SUFFIX" -LLL dn >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -gt 200 ] && return 1
		sleep 0.05
	done
	slapd_pid=$(cat "$L/slapd.pid")
}

# slapd_down: stops it and waits until the socket answers nothing.
slapd_down() {
	kill "$slapd_pid" || return 1
	slapd_pid=
	i=0
	while ldapsearch -x -H "$URI" -b "$SUFFIX" -LLL dn >/dev/null 2>&1 ||
	    [ -e "$L/slapd.pid" ]; do
		i=$((i + 1))
		[ "$i" -gt 200 ] && return 1
		sleep 0.05
	done
}

cat >/etc/nslcd.conf <<CONF
uri $URI
base $SUFFIX
reconnect_sleeptime 1
reconnect_retrytime 1
threads 1
CONF
chmod 0600 /etc/nslcd.conf
mkdir -p /run/nslcd

nslcd_up() {
	rm -f /run/nslcd/socket
	/usr/sbin/nslcd -n >"$L/nslcd.log" 2>&1 &
	nslcd_pid=$!
	i=0
	until [ -S /run/nslcd/socket ]; do
		i=$((i + 1))
		[ "$i" -gt 200 ] && return 1
		sleep 0.05
	done
}

nslcd_down() {
	kill "$nslcd_pid" || return 1
	wait "$nslcd_pid" 2>/dev/null
	nslcd_pid=
	rm -f /run/nslcd/socket
}

check "slapd starts on $L/ldapi" slapd_up
check "nslcd starts" nslcd_up
sed -i 's/^passwd:.*/passwd: files cotter ldap/; s/^group:.*/group: files ldap/' \
    /etc/nsswitch.conf
check "the namespace's nsswitch.conf says passwd: files cotter ldap" \
    grep -qx "passwd: files cotter ldap" /etc/nsswitch.conf

# --- the module's configuration ------------------------------------------------
mkdir -p /etc/security
write_conf() {
	cat >/etc/security/pam_cotter.conf <<CONF
audience = $AUD
jwks_cache = $W/jwks.json
jwks_url =
map_file = $W/users
create_users = yes
allowed_domains = example.com
state_dir = $STATE
helper_dir = $top/helpers
uid_range = $LO-$HI
ssh_create_users = yes
$1
CONF
	chmod 0644 /etc/security/pam_cotter.conf
}
write_conf ""
service_file "nodelay"

# nss_ask NAME: getent passwd NAME as sshd would ask (getent added to
# sshd_paths for this one call, the NSS module found through
# LD_LIBRARY_PATH, as tests/e2e/t_nss.sh does).
nss_ask() {
	write_conf "sshd_paths = /usr/sbin/sshd $(readlink -f "$(command -v getent)")"
	if [ -n "${CT_ASAN_RUNTIME:-}" ]; then
		LD_LIBRARY_PATH=$top LD_PRELOAD=$CT_ASAN_RUNTIME getent passwd "$1"
	else
		LD_LIBRARY_PATH=$top getent passwd "$1"
	fi
	rc=$?
	write_conf ""
	return $rc
}

# snapshot: the accounts and the state directory, byte for byte.
snapshot() {
	{
		cat /etc/passwd /etc/group /etc/shadow /etc/gshadow
		ls -A /home
		# (the replay store records every verified token's use,
		# refused or not, issue 24: it is t_replay.sh's; the first
		# use makes state_dir itself, and with it an empty .lock)
		[ -d "$STATE" ] && find "$STATE" -mindepth 1 \
		    -path "$STATE/replay" -prune -o ! -name .lock \
		    -printf '%p %m %s\n' | sort
	} | md5sum
}

local_account() {
	grep -q "^$1:" /etc/passwd
}

# login_as USER IDENTITY: one pamtester login with a fresh token.
login_as() {
	TOK=$(mint --identifier "$2" --sub "sub-$1")
	login "$1" "$TOK"
}

# acct USER: the account phase alone (pam_cotter then pam_permit); sets
# ARC and AOUT.
cat >/etc/pam.d/cotter-acct <<PAMD
auth required pam_deny.so
account required $MODULE
account required pam_permit.so
PAMD
acct() {
	ARC=0
	AOUT=$(timeout 60 pamtester cotter-acct "$1" acct_mgmt 2>&1) || ARC=$?
}

pc_check() {	# USER IDENTITY: pam-cotter check; sets PRC and POUT
	TOK=$(mint --identifier "$2" --sub "sub-$1")
	PRC=0
	POUT=$(printf '%s\n' "$TOK" | "$PC" check --user "$1" 2>&1) || PRC=$?
}

# --- the directory answers (controls) -----------------------------------------
check "getent passwd dir.ann comes from the directory (uid $S_ANN)" \
    sh -c "getent passwd dir.ann | grep -q ':$S_ANN:40500:' && ! grep -q '^dir.ann:' /etc/passwd"

before=$(snapshot)
log_mark
login_as dir.ann dir.ann@example.com
check "up: a directory user's name is refused as an existing unbound account" \
    test "$RC" -ne 0
expect_log "up: ... with the line that says it exists" \
    'refused user "dir\.ann": account "dir\.ann" exists and is bound to no person of an issuer'
check "up: ... and no local account is created" \
    sh -c "! grep -q '^dir.ann:' /etc/passwd && [ '$before' = \"\$1\" ]" x "$(snapshot)"

acct dir.ann
check "up: the account phase lets a directory user through (control)" \
    test "$ARC" -eq 0

OUTN=$(nss_ask dir.ann)
check "up: the NSS module lets the directory answer sshd for dir.ann ($OUTN)" \
    sh -c "printf '%s' \"\$1\" | grep -q '^dir.ann:[^:]*:$S_ANN:40500:dir.ann:'" x "$OUTN"

OUTN=$(nss_ask nsvc.cat)
NSS_CAT=$(printf '%s' "$OUTN" | cut -d: -f3)
check "up: the NSS module answers a new person with a uid in uid_range ($NSS_CAT)" \
    sh -c "[ -n '$NSS_CAT' ] && [ '$NSS_CAT' -ge $LO ] && [ '$NSS_CAT' -le $HI ]"
check "up: ... never the directory's uid $S_CAT" test "$NSS_CAT" != "$S_CAT"

# Issue 21.6: user_groups naming a group useradd cannot use.
check "up: getent group dir.grp comes from the directory (control)" \
    sh -c "getent group dir.grp | grep -q ':40600:' && ! grep -q '^dir.grp:' /etc/group"
write_conf "user_groups = dir.grp"
DOUT=$("$PC" doctor 2>&1)
check "up: doctor fails a user_groups entry only the directory has" \
    sh -c "printf '%s' \"\$1\" | grep -q '^fail.*user_groups.*group dir.grp exists only in the name service.*groupadd dir.grp'" x "$DOUT"
write_conf "user_groups = nsvc.nogrp"
DOUT=$("$PC" doctor 2>&1)
check "up: doctor fails a user_groups entry that is no group" \
    sh -c "printf '%s' \"\$1\" | grep -q '^fail.*user_groups.*no group nsvc.nogrp'" x "$DOUT"
write_conf "user_groups = users"
DOUT=$("$PC" doctor 2>&1)
check "up: doctor passes a user_groups entry of /etc/group (control)" \
    sh -c "! printf '%s' \"\$1\" | grep -q 'user_groups'" x "$DOUT"
write_conf ""
log_mark
HRC=0
HOUT=$("$H" precreate --state-dir "$STATE" --uid-range $LO-$HI \
    --groups dir.grp -- nsvc.grp nsvc.grp@example.com 2>&1) || HRC=$?
check "up: useradd refuses a directory-only group: the helper fails (exit $HRC)" \
    sh -c "[ $HRC -eq 4 ] && ! grep -q '^nsvc.grp:' /etc/passwd"
expect_log "up: ... and its log line carries useradd's own message" \
    'precreate failed: .*useradd exited with status 6: useradd: .*dir\.grp'

pc_check nsvc.cat nsvc.cat@example.com
check "up: pam-cotter check predicts PAM_SUCCESS for a new person (control)" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -q PAM_SUCCESS" x "$POUT"
check "up: ... with a uid other than the directory's $S_CAT" \
    sh -c "printf '%s' \"\$1\" | grep 'created now with uid' | grep -qv 'uid $S_CAT '" x "$POUT"

login_as nsvc.ann nsvc.ann@example.com
UID_ANN=$(id -u nsvc.ann 2>/dev/null || echo none)
check "up: a new person's first login creates the account (control)" \
    sh -c "[ $RC -eq 0 ] && grep -q '^nsvc.ann:' /etc/passwd"
check "up: ... with a uid other than dir.ann's $S_ANN ($UID_ANN)" \
    sh -c "[ '$UID_ANN' != '$S_ANN' ] && [ '$UID_ANN' -ge $LO ] && [ '$UID_ANN' -le $HI ]"

# --- doctor --------------------------------------------------------------------
DOUT=$("$PC" doctor 2>&1)
check "doctor warns that passwd: names the directory source ldap" \
    sh -c "printf '%s' \"\$1\" | grep -q '^warn.*directory.*passwd: names the directory source ldap'" x "$DOUT"
check "doctor finds a directory uid inside uid_range" \
    sh -c "printf '%s' \"\$1\" | grep -qE '^warn.*ldap account \"dir\.(ann|cat|dog)\" has uid [0-9]+ inside uid_range $LO-$HI'" x "$DOUT"
check "doctor does not say ldap is misplaced when it is last (control)" \
    sh -c "! printf '%s' \"\$1\" | grep -q 'is not the last source'" x "$DOUT"
write_conf "uid_range = 45000-45099"
sed -i '/^uid_range = 40000/d' /etc/security/pam_cotter.conf
DOUT=$("$PC" doctor 2>&1)
check "doctor: a uid_range clear of the directory is ok (control)" \
    sh -c "printf '%s' \"\$1\" | grep -q '^ok.*directory.*none of the [0-9]* accounts ldap lists has a uid in uid_range 45000-45099'" x "$DOUT"
write_conf ""
sed -i 's/^passwd:.*/passwd: files ldap cotter/' /etc/nsswitch.conf
DOUT=$("$PC" doctor 2>&1)
check "doctor: cotter after ldap is said to hide an outage" \
    sh -c "printf '%s' \"\$1\" | grep -q '^warn.*passwd: ldap is not the last source'" x "$DOUT"
sed -i 's/^passwd:.*/passwd: files cotter ldap/' /etc/nsswitch.conf

# --- slapd stopped ---------------------------------------------------------------
check "slapd stops" slapd_down
check "getent passwd dir.ann now fails (the outage is real)" \
    sh -c "! getent passwd dir.ann >/dev/null"

before=$(snapshot)
log_mark
login_as dir.ann dir.ann@example.com
check "down: a directory user's name is refused" test "$RC" -ne 0
check "down: ... with PAM_SYSTEM_ERR and the reason on screen" \
    sh -c "printf '%s' \"\$1\" | grep -q 'user directory (name service) is unavailable' && printf '%s' \"\$1\" | grep -q 'System error'" x "$OUT"
expect_log "down: ... and one line that says the name service is unavailable" \
    'refused user "dir\.ann": .*name service is unavailable'
check "down: ... and no local account is created" \
    sh -c "! grep -q '^dir.ann:' /etc/passwd && [ '$before' = \"\$1\" ]" x "$(snapshot)"

acct dir.ann
check "down: the account phase refuses with PAM_SYSTEM_ERR, never PAM_IGNORE" \
    sh -c "[ $ARC -ne 0 ] && printf '%s' \"\$1\" | grep -q 'System error'" x "$AOUT"

log_mark
login_as nsvc.cat nsvc.cat@example.com
check "down: a new person's first login is refused" test "$RC" -ne 0
expect_log "down: ... with one line that says the name service is unavailable" \
    'refused user "nsvc\.cat": .*name service is unavailable'
log_sync
check "down: ... exactly one refusal line" \
    test "$(tail -n "+$LOG_FROM" "$CT_SYSLOG" | grep -c 'refused user "nsvc\.cat"')" -eq 1
check "down: ... no account, no uid (not $S_CAT), nothing written" \
    sh -c "! grep -q '^nsvc.cat:' /etc/passwd && [ '$before' = \"\$1\" ]" x "$(snapshot)"

RCN=0
OUTN=$(nss_ask nsvc.cat) || RCN=$?
check "down: the NSS module answers sshd nothing for a new person ($OUTN)" \
    sh -c "[ $RCN -ne 0 ] && [ -z \"\$1\" ]" x "$OUTN"
RCN=0
OUTN=$(nss_ask dir.ann) || RCN=$?
check "down: ... nor for a directory user ($OUTN)" \
    sh -c "[ $RCN -ne 0 ] && [ -z \"\$1\" ]" x "$OUTN"

# cotter after ldap: its own lookup of the name hides the outage, but the
# uid pick's getpwuid_r still reaches ldap last (cotter has no getpwuid).
sed -i 's/^passwd:.*/passwd: files ldap cotter/' /etc/nsswitch.conf
RCN=0
OUTN=$(nss_ask nsvc.cat) || RCN=$?
check "down, cotter after ldap: the NSS module still answers nothing ($OUTN)" \
    sh -c "[ $RCN -ne 0 ] && [ -z \"\$1\" ]" x "$OUTN"
login_as nsvc.cat nsvc.cat@example.com
check "down, cotter after ldap: the first login is still refused, nothing written" \
    sh -c "[ $RC -ne 0 ] && ! grep -q '^nsvc.cat:' /etc/passwd && [ '$before' = \"\$1\" ]" x "$(snapshot)"
sed -i 's/^passwd:.*/passwd: files cotter ldap/' /etc/nsswitch.conf

pc_check nsvc.cat nsvc.cat@example.com
check "down: pam-cotter check does not predict PAM_SUCCESS" \
    sh -c "! printf '%s' \"\$1\" | grep -q 'PAM_SUCCESS'" x "$POUT"
check "down: ... it predicts PAM_SYSTEM_ERR, the name service unavailable" \
    sh -c "printf '%s' \"\$1\" | grep -q PAM_SYSTEM_ERR && printf '%s' \"\$1\" | grep -q 'name service is unavailable'" x "$POUT"

HRC=0
HOUT=$("$H" create --state-dir "$STATE" --uid-range $LO-$HI -- nsvc.cat \
    https://www.cotter.app nsvc-cat-sub nsvc.cat@example.com 2>&1) || HRC=$?
check "down: the account helper exits 6 (name service unavailable: $HRC)" \
    test "$HRC" -eq 6
check "down: ... and creates nothing" \
    sh -c "! grep -q '^nsvc.cat:' /etc/passwd && [ '$before' = \"\$1\" ]" x "$(snapshot)"

write_conf "user_groups = nsvc.nogrp"
DOUT=$("$PC" doctor 2>&1)
write_conf ""
check "down: doctor cannot tell whether uid_range overlaps the directory" \
    sh -c "printf '%s' \"\$1\" | grep -q '^warn.*cannot tell whether uid_range'" x "$DOUT"
check "down: doctor says it cannot tell whether a user_groups entry exists" \
    sh -c "printf '%s' \"\$1\" | grep -q '^warn.*user_groups.*cannot tell whether group nsvc.nogrp exists'" x "$DOUT"

# --- slapd back: the same person is given a free uid --------------------------
check "slapd starts again" slapd_up
i=0
until getent passwd dir.ann >/dev/null || [ "$i" -gt 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
login_as nsvc.cat nsvc.cat@example.com
UID_CAT=$(id -u nsvc.cat 2>/dev/null || echo none)
if [ "$RC" -eq 0 ]; then
	ok "back: the first login now succeeds (control)"
else
	log_sync
	not_ok "back: the first login now succeeds (control)" "$OUT" \
	    "$(grep -a -e pamtester -e useradd "$CT_SYSLOG" | tail -4)"
fi
check "back: ... with a uid other than dir.cat's $S_CAT ($UID_CAT)" \
    sh -c "[ '$UID_CAT' != '$S_CAT' ] && [ '$UID_CAT' -ge $LO ] && [ '$UID_CAT' -le $HI ]"

# --- nslcd stopped ---------------------------------------------------------------
check "nslcd stops" nslcd_down
before=$(snapshot)
log_mark
login_as nsvc.dog nsvc.dog@example.com
check "nslcd down: a new person's first login is refused" test "$RC" -ne 0
expect_log "nslcd down: ... the name service is unavailable" \
    'refused user "nsvc\.dog": .*name service is unavailable'
check "nslcd down: ... nothing created (not uid $S_DOG)" \
    sh -c "! grep -q '^nsvc.dog:' /etc/passwd && [ '$before' = \"\$1\" ]" x "$(snapshot)"
log_mark
login_as nsvc.ann nsvc.ann@example.com
log_sync
if [ "$RC" -eq 0 ]; then
	ok "nslcd down: a local account's second login still works (control)"
else
	not_ok "nslcd down: a local account's second login still works (control)" \
	    "$OUT" "$(tail -n "+$LOG_FROM" "$CT_SYSLOG" | grep -v ct-log-sync | tail -3)"
fi
RCN=0
OUTN=$(nss_ask nsvc.dog) || RCN=$?
check "nslcd down: the NSS module answers sshd nothing ($OUTN)" \
    sh -c "[ $RCN -ne 0 ] && [ -z \"\$1\" ]" x "$OUTN"

stop_all
finish

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The first SSH login of a person who has no account yet (issue 13),
# through the real OpenSSH server: libnss_cotter.so.2 (found by sshd
# through the LD_LIBRARY_PATH this file gives it, and "passwd: files
# cotter" in the namespace's /etc/nsswitch.conf) answers sshd's
# pre-authentication lookup, the module creates the account with exactly
# the uid answered, and the session of that same connection runs as it.
# Each refusal leaves /etc/passwd, /etc/group and the state directory
# byte-identical; every other process sees no such user.
#
# Tokens only ever travel through 0600 files in a private tmpfs and the
# client's terminal, never argv or the environment.
. "$(dirname "$0")/lib.sh"

P=$(mktemp -d)		# in the namespace's private TMPDIR
umask 077
NSSLIB="$top/libnss_cotter.so.2"

for tool in /usr/sbin/sshd ssh sshpass ssh-keygen getent; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (apt-get install openssh-server openssh-client sshpass)"
		finish
	fi
done
if [ ! -f "$NSSLIB" ]; then
	not_ok "libnss_cotter.so.2 is built"
	finish
fi

# --- the library itself ------------------------------------------------------
needed=$(readelf -d "$NSSLIB" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
    grep -v -e '^libasan' -e '^libubsan' | tr '\n' ' ')
check "libnss_cotter.so.2 needs libc only ($needed)" test "$needed" = "libc.so.6 "
exports=$(nm -D --defined-only "$NSSLIB" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | tr '\n' ' ')
check "libnss_cotter.so.2 exports only _nss_cotter_getpwnam_r and _nss_cotter_held ($exports)" \
    test "$exports" = "_nss_cotter_getpwnam_r _nss_cotter_held "
check "libnss_cotter.so.2 has the soname glibc loads" \
    sh -c "readelf -d '$NSSLIB' | grep -q 'SONAME.*\[libnss_cotter.so.2\]'"
if readelf -d "$NSSLIB" | grep -q BIND_NOW && readelf -l "$NSSLIB" | grep -q GNU_RELRO; then
	ok "libnss_cotter.so.2 is built with full RELRO"
else
	not_ok "libnss_cotter.so.2 is built with full RELRO"
fi

# --- the world ---------------------------------------------------------------
setup_world
STATE="$W/state"
mkdir -p /etc/security
# The NSS module always reads this file (it takes no arguments); so does
# the PAM module here (no config= argument).
write_conf() {
	CUR=$1
	cat >/etc/security/pam_cotter.conf <<CONF
audience = $AUD
jwks_cache = $W/jwks.json
jwks_url =
map_file = $W/users
create_users = yes
allowed_domains = example.com
state_dir = $STATE
helper_dir = $top/helpers
$1
CONF
	chmod 0644 /etc/security/pam_cotter.conf
}
write_conf "ssh_create_users = no"
sed -i 's/^passwd:.*/passwd: files cotter/' /etc/nsswitch.conf
check "the namespace's nsswitch.conf says passwd: files cotter" \
    grep -qx "passwd: files cotter" /etc/nsswitch.conf

# nss_run CMD...: CMD with the NSS module loadable (and, in the sanitizer
# build, the ASan runtime first, or the ASan-built module cannot load).
nss_run() {
	if [ -n "${CT_ASAN_RUNTIME:-}" ]; then
		LD_LIBRARY_PATH=$top LD_PRELOAD=$CT_ASAN_RUNTIME "$@"
	else
		LD_LIBRARY_PATH=$top "$@"
	fi
}

# nss_ask NAME: getent passwd NAME as a process the NSS module answers
# (the test adds /usr/bin/getent to sshd_paths for one call): the record
# sshd would get.  Prints it; the positive control of "nothing elsewhere".
nss_ask() {
	cp /etc/security/pam_cotter.conf "$P/conf.saved"
	cur=$CUR
	write_conf "$cur
sshd_paths = /usr/sbin/sshd $(readlink -f "$(command -v getent)")"
	nss_run getent passwd "$1"
	rc=$?
	cp "$P/conf.saved" /etc/security/pam_cotter.conf
	CUR=$cur
	return $rc
}

# --- the server and the client (tests/e2e/lib.sh) -----------------------------
# sshd finds libnss_cotter.so.2 in the build tree (LD_LIBRARY_PATH).
sshd_start yes LD_LIBRARY_PATH="$top"
AUTH="auth sufficient $MODULE nodelay
auth requisite pam_deny.so"
sshd_pam "$AUTH" "account required pam_unix.so
account required $MODULE"
CMD='id -u; pwd; id -un; id -g'

# ssh_login pw|kbd USER TOKENFILE: one connection running $CMD; sets OUT
# and RC.  "-l USER" keeps a name like "-oroot" a name.
ssh_login() {
	case $1 in
	pw) how="-o PreferredAuthentications=password" match=assword ;;
	kbd) how="-o PreferredAuthentications=keyboard-interactive"
	    match="Cotter token" ;;
	esac
	RC=0
	# shellcheck disable=SC2086
	OUT=$(HOME="$P/home" timeout 40 sshpass -P "$match" -f "$3" \
	    ssh $SSHO $how -l "$2" 127.0.0.1 "$CMD" 2>&1) || RC=$?
}

ssh_refused() {
	ssh_login "$2" "$3" "$4"
	case $RC:$OUT in
	124:*|0:*) not_ok "$1" "exit $RC: $OUT" ;;
	*"Permission denied"*) ok "$1" ;;
	# OpenSSH's client will not send a name starting with '-' (the
	# server side is test_nssgate's "-oroot"); still nothing may change.
	255:*"remote username contains invalid characters"*)
		ok "$1 (by the ssh client)" ;;
	*) not_ok "$1" "exit $RC, output: $(printf '%s' "$OUT" | tail -3)" ;;
	esac
}

# snapshot: the accounts and the state directory, byte for byte (but
# state_dir/holds*, the uids live connections hold: transient, issue 19).
snapshot() {
	{
		cat /etc/passwd /etc/group /etc/shadow /etc/gshadow
		ls -A /home
		if [ -d "$STATE" ]; then
			# (a directory's own size and time follow its entries;
			# the replay store records every verified token's use,
			# refused or not, issue 24: it is t_replay.sh's; the
			# first use makes state_dir itself)
			find "$STATE" -mindepth 1 -path "$STATE/replay" -prune -o \
			    ! -name 'holds*' \( -type d -printf '%p %m\n' \
			    -o -printf '%p %m %s %T@\n' \) | sort
			find "$STATE" -path "$STATE/replay" -prune -o -type f \
			    ! -name 'holds*' -exec cat {} +
		fi
	} | sha256sum
}

nobody_sees() {
	# $1 NAME: getent and id, as root with the NSS module loadable, find
	# nothing (the same process with sshd_paths widened is the control).
	if nss_run getent passwd "$1" >/dev/null; then
		not_ok "getent passwd $1 (not sshd) finds nothing"
	else
		ok "getent passwd $1 (not sshd) finds nothing"
	fi
	if nss_run id "$1" >/dev/null 2>&1; then
		not_ok "id $1 (not sshd) finds nothing"
	else
		ok "id $1 (not sshd) finds nothing"
	fi
}

put "$P/newbie" "$(mint --identifier newbie@example.com --sub nb-sub-1)"

# --- feature off: today's behaviour ------------------------------------------
before=$(snapshot)
log_mark
ssh_refused "ssh_create_users = no: newbie's valid token is refused (kbd)" \
    kbd newbie "$P/newbie"
check "... sshd did not know the user (Invalid user newbie)" \
    grep -q "Invalid user newbie" "$S/log"
check "... nothing was created" test "$(snapshot)" = "$before"
if nss_ask newbie >/dev/null; then
	not_ok "feature off: the NSS module answers nobody, not even sshd's paths"
else
	ok "feature off: the NSS module answers nobody, not even sshd's paths"
fi

# --- feature on ----------------------------------------------------------------
write_conf "ssh_create_users = yes"
nobody_sees newbie
rec=$(nss_ask newbie)
U=$(printf '%s' "$rec" | cut -d: -f3)
USERS_GID=$(getent group users | cut -d: -f3)
case $rec in
"newbie:x:$U:$USERS_GID:pam_cotter first login, not created yet:/home/newbie:/bin/bash")
	ok "control: a process on sshd_paths gets the record ($rec)" ;;
*)	not_ok "control: a process on sshd_paths gets the record" "got: $rec" ;;
esac
check "... its uid $U is in uid_range 10000-59999" \
    test "${U:-0}" -ge 10000 -a "${U:-0}" -le 59999
check "... and in use by nobody" sh -c "! getent passwd $U && ! getent group $U"
check "... the question created nothing" test "$(snapshot)" = "$before"

# Safe inside a long-lived daemon: under valgrind, answered, refused and
# reserved names leave no leak and no descriptor of the module's open.
# (Skipped under the sanitizer build, whose runtime valgrind cannot host.)
if [ -z "${CT_ASAN_RUNTIME:-}" ] && command -v valgrind >/dev/null 2>&1; then
	cp /etc/security/pam_cotter.conf "$P/conf.saved"
	write_conf "ssh_create_users = yes
sshd_paths = $(readlink -f "$(command -v getent)")"
	RC=0
	LD_LIBRARY_PATH=$top valgrind -q --leak-check=full \
	    --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
	    --track-fds=yes --log-file="$P/vg" \
	    getent -- passwd newbie root nosuch1 -oroot >"$P/vg.out" 2>&1 || RC=$?
	cp "$P/conf.saved" /etc/security/pam_cotter.conf
	CUR="ssh_create_users = yes"
	# getent exits 2 when a name is missing (-oroot is never answered).
	check "valgrind: no error or leak in the NSS module (exit $RC)" \
	    test "$RC" -eq 2 -a "$(grep -c 'pam_cotter first login' "$P/vg.out")" -eq 2
	fds=$(grep -c 'Open file descriptor' "$P/vg")
	inh=$(grep -c 'inherited from parent' "$P/vg")
	check "valgrind: every descriptor open at exit was inherited ($fds/$inh)" \
	    test "$fds" -eq "$inh"
fi

# Refusals with the feature on; each leaves everything byte-identical.
refuse_clean() {
	# NAME USER TOKEN-ARGS...
	name=$1 user=$2
	shift 2
	put "$P/tok" "$(mint "$@")"
	b=$(snapshot)
	ssh_refused "$name" kbd "$user" "$P/tok"
	if [ "$(snapshot)" = "$b" ]; then
		ok "... /etc/passwd, /etc/group and the state dir are byte-identical"
	else
		not_ok "... /etc/passwd, /etc/group and the state dir are byte-identical"
	fi
}
refuse_clean "newbie with a token for another email is refused" newbie \
    --identifier other@example.com
refuse_clean "newbie with an expired token is refused" newbie \
    --identifier newbie@example.com --exp-in -3600
refuse_clean "root (reserved) with root@example.com's token is refused" root \
    --identifier root@example.com
refuse_clean "admin (reserved) with admin@example.com's token is refused" admin \
    --identifier admin@example.com
refuse_clean "-oroot with -oroot@example.com's token is refused" -oroot \
    --identifier=-oroot@example.com
long=abcdefghijabcdefghijabcdefghijabcde
refuse_clean "a 35-character name is refused" $long --identifier "$long@example.com"
refuse_clean "a digits-only name is refused" 12345 --identifier 12345@example.com
check "sshd treated the names creation refuses as unknown (Invalid user admin)" \
    grep -q "Invalid user admin" "$S/log"

# No enumeration: a wrong token gets the same answer for a name that does
# not exist as for one that does, refused at the same step (signature).
good_alice=$(mint --identifier alice@example.com)
flip() { printf '%s' "$1" | sed 's/A$/Q/;t;s/.$/A/'; }
put "$P/bad_alice" "$(flip "$good_alice")"
put "$P/bad_newbie" "$(flip "$(cat "$P/newbie")")"
log_mark
ssh_refused "a wrong token for alice (exists) is refused" kbd alice "$P/bad_alice"
ans_known=$(printf '%s' "$OUT" | sed 's/alice/NAME/g')
ssh_refused "a wrong token for newbie (no account yet) is refused" kbd newbie \
    "$P/bad_newbie"
check "... with the same answer ($ans_known)" \
    test "$(printf '%s' "$OUT" | sed 's/newbie/NAME/g')" = "$ans_known"
expect_log "... each refused at the signature, the known name" \
    'refused user "alice": .*signature'
expect_log "... and the unknown one" 'refused user "newbie": .*signature'

# The first login: one connection creates the account and runs in it.
b=$(snapshot)
log_mark
sshd_from=$(($(wc -l <"$S/log") + 1))
ssh_login kbd newbie "$P/newbie"
got_uid=$(printf '%s\n' "$OUT" | sed -n 1p)
got_pwd=$(printf '%s\n' "$OUT" | sed -n 2p)
got_name=$(printf '%s\n' "$OUT" | sed -n 3p)
if [ "$RC" -eq 0 ] && [ "$got_name" = newbie ]; then
	ok "first ssh login (keyboard-interactive) creates newbie and logs in, one connection"
else
	not_ok "first ssh login (keyboard-interactive) creates newbie and logs in, one connection" \
	    "exit $RC: $(printf '%s' "$OUT" | tail -3)" "$(tail -5 "$S/log")"
fi
pw=$(getent passwd newbie)
check "... the account exists now ($pw)" test -n "$pw"
check "... id -u in the session ($got_uid) is the created uid" \
    test "$got_uid" = "$(printf '%s' "$pw" | cut -d: -f3)"
check "... and the uid the NSS module answered before ($U)" test "$got_uid" = "$U"
check "... its primary group is users (D2)" \
    test "$(printf '%s' "$pw" | cut -d: -f4)" = "$USERS_GID"
check "... pwd in the session is the new home" test "$got_pwd" = /home/newbie
check "... the home belongs to newbie" \
    test "$(stat -c %u /home/newbie 2>/dev/null)" = "$U"
check "... a binding to its sub" grep -qx "sub nb-sub-1" "$STATE/bindings/newbie"
check "... and its uid recorded for it (D6: never handed to another name)" \
    test "$(cat "$STATE/uids/$U" 2>/dev/null)" = newbie
tail -n "+$sshd_from" "$S/log" >"$P/sshd.first"
check "... sshd accepted keyboard-interactive for newbie" \
    grep -q "Accepted keyboard-interactive/pam for newbie" "$P/sshd.first"
check "... and never called it an invalid user" \
    sh -c "! grep -q 'Invalid user newbie' '$P/sshd.first'"
expect_log "... the helper logged the creation with the uid" \
    'pam_cotter_useradd.*create ok: created account \\?"newbie\\?"'

# Issue 24: a token opens one login; each login its own (one sub).
put "$P/newbie2" "$(mint --identifier newbie@example.com --sub nb-sub-1)"
put "$P/newbie3" "$(mint --identifier newbie@example.com --sub nb-sub-1)"
ssh_login kbd newbie "$P/newbie2"
check "second login (keyboard-interactive) works" \
    test "$RC" -eq 0 -a "$(printf '%s\n' "$OUT" | sed -n 3p)" = newbie
ssh_login pw newbie "$P/newbie3"
check "second login (password) works" \
    test "$RC" -eq 0 -a "$(printf '%s\n' "$OUT" | sed -n 1p)" = "$U"
check "... one passwd line for newbie" \
    test "$(grep -c '^newbie:' /etc/passwd)" -eq 1

# primary_group = private (D2): a group named after the account, gid = uid,
# answered by the NSS module and created with exactly that gid.
write_conf "ssh_create_users = yes
primary_group = private"
P2=$(nss_ask newpriv | cut -d: -f3,4)
put "$P/newpriv" "$(mint --identifier newpriv@example.com)"
ssh_login kbd newpriv "$P/newpriv"
check "private group: the first login's session has uid = gid = $P2" \
    test "$RC" -eq 0 -a "$(printf '%s\n' "$OUT" | sed -n 1p):$(printf '%s\n' "$OUT" | sed -n 4p)" = "$P2" -a "${P2%%:*}" = "${P2#*:}"
check "... and the group newpriv has that gid" \
    test "$(getent group newpriv | cut -d: -f3)" = "${P2#*:}"
write_conf "ssh_create_users = yes"

# --- names built to collide -----------------------------------------------
# An account already holds the uid the NSS module would answer for
# "victim": the answer steps past it (and the control above answered the
# start slot when it was free).
rec=$(nss_ask victim)
V=$(printf '%s' "$rec" | cut -d: -f3)
useradd -M -u "$V" -s /bin/sh squatter
rec2=$(nss_ask victim)
V2=$(printf '%s' "$rec2" | cut -d: -f3)
check "a uid in use ($V, squatter) is never answered: victim gets $V2" \
    test -n "$V2" -a "$V2" != "$V"
groupadd -g "$V2" squatgrp
V3=$(nss_ask victim | cut -d: -f3)
check "a gid in use ($V2) is never answered either: victim gets $V3" \
    test -n "$V3" -a "$V3" != "$V2" -a "$V3" != "$V"

# --- a public key left in a removed account's home -------------------------
# ghost's home and authorized_keys are owned by the uid the NSS module
# answers for ghost (a removed account's files, the same name, the same
# uid).  The key must open nothing: the module's account function
# refuses a user that exists only as the NSS answer.
G=$(nss_ask ghost | cut -d: -f3)
ssh-keygen -q -t ed25519 -N '' -f "$P/userkey" </dev/null
for u in ghost alice; do
	mkdir -p "/home/$u/.ssh"
	cp "$P/userkey.pub" "/home/$u/.ssh/authorized_keys"
	chmod 0755 "/home/$u"
	chmod 0700 "/home/$u/.ssh"
	chmod 0600 "/home/$u/.ssh/authorized_keys"
done
chown -R "$G:$USERS_GID" /home/ghost
chown -R alice:alice /home/alice
key_login() {
	RC=0
	# shellcheck disable=SC2086
	# ssh takes the first value of an option: these come before $SSHO.
	OUT=$(HOME="$P/home" timeout 40 ssh -o BatchMode=yes \
	    -o PubkeyAuthentication=yes -o IdentitiesOnly=yes \
	    -o PreferredAuthentications=publickey -i "$P/userkey" $SSHO \
	    -l "$1" 127.0.0.1 id -un 2>&1) || RC=$?
}
b=$(snapshot)
sshd_pam "$AUTH" "account required $MODULE
account required pam_permit.so"
key_login alice
check "control: alice's key logs in (account: pam_cotter + pam_permit)" \
    test "$RC" -eq 0 -a "$OUT" = alice
log_mark
key_login ghost
check "ghost's left-over key does not log in (account: pam_cotter + pam_permit)" \
    test "$RC" -ne 0 -a "$RC" -ne 124
check "... sshd accepted the key, then the account step refused" \
    grep -q "Accepted key .* found at /home/ghost/.ssh/authorized_keys" "$S/log"
expect_log "... the module said why" \
    'refused user "ghost": no account yet'
sshd_pam "$AUTH" "account required pam_unix.so"
key_login alice
check "control: alice's key logs in (account: pam_unix alone)" \
    test "$RC" -eq 0 -a "$OUT" = alice
key_login ghost
check "ghost's left-over key does not log in (account: pam_unix alone)" \
    test "$RC" -ne 0 -a "$RC" -ne 124
check "... and nothing was created for ghost" test "$(snapshot)" = "$b"

finish

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# End to end through the real su (util-linux) and login (shadow), each on
# a pseudo-terminal driven as a person would type: the token opens the
# right account, refusals beside their controls, and the longest line a
# terminal carries to PAM.
. "$(dirname "$0")/lib.sh"

# tests/ns.sh gives this file its own /etc, /run, /home, /var/lib/sudo
# and devpts instance (tests/run-all.sh runs each e2e file in its own).
P=$(mktemp -d)		# in the namespace's private TMPDIR
umask 077

PTY="/usr/bin/python3 $top/tests/e2e/pty_drive.py"
for tool in su login setpriv cc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (apt-get install util-linux login)"
		finish
	fi
done

setup_world
CONF="config=$W/pam_cotter.conf"
echo "alice.liddell@wonderland.example alice" >>"$W/users"
for u in alice bob; do
	mkdir -m 0700 "/home/$u"
	chown "$u:$u" "/home/$u"
done
for f in /run/utmp /var/log/wtmp /var/log/btmp /var/log/lastlog \
    /var/log/faillog; do
	: >"$f"
done
chgrp utmp /run/utmp /var/log/wtmp /var/log/btmp /var/log/lastlog
chmod 0664 /run/utmp /var/log/wtmp /var/log/lastlog

# pam_file SERVICE AUTH_LINE: Debian's own /etc/pam.d/SERVICE with
# AUTH_LINE added before "@include common-auth" (the INSTALL.md snippet).
for s in su login; do
	cp "/etc/pam.d/$s" "$P/pam.$s.debian"
done
pam_file() {
	awk -v auth="$2" '$0 == "@include common-auth" { print auth }
	    { print }' "$P/pam.$1.debian" >"/etc/pam.d/$1"
}
pam_file su "auth sufficient $MODULE $CONF nodelay"
pam_file login "auth sufficient $MODULE $CONF nodelay"

# drive NAME WANT_RC SCRIPT_TEXT CMD...: runs CMD on a pty with the script
# (written to a 0600 file: it may hold a token); ok when the script ran to
# its end and CMD's exit status is WANT_RC ("any-fail": any but 0 and 124).
drive() {
	name=$1
	want=$2
	printf '%s\n' "$3" >"$P/script"
	shift 3
	RC=0
	OUT=$($PTY --timeout 30 "$P/script" -- "$@" 2>&1) || RC=$?
	case $want:$RC in
	any-fail:0|any-fail:124) res=no ;;
	any-fail:*) res=yes ;;
	"$RC:$RC") res=yes ;;
	*) res=no ;;
	esac
	if [ "$res" = yes ]; then
		ok "$name"
	else
		not_ok "$name" "exit $RC: $(printf '%s' "$OUT" | tail -4)"
	fi
}

good=$(mint --identifier alice.liddell@wonderland.example)
printf '%s\n' "$good" >"$P/good"
flipped=$(printf '%s' "$good" | sed 's/A$/Q/;t;s/.$/A/')
printf '%s\n' "$flipped" >"$P/flipped"
printf '%s\n' "$(mint --identifier bob@example.com)" >"$P/bobs"
# fresh_parts: a new token (issue 24: a token opens one login) in two
# parts, part1 and part2.
fresh_parts() {
	t=$(mint --identifier alice.liddell@wonderland.example)
	printf '%s\n' "$(printf '%s' "$t" | cut -c1-400)" >"$P/part1"
	printf '%s\n' "$(printf '%s' "$t" | cut -c401-)" >"$P/part2"
}
BOB="setpriv --reuid=bob --regid=bob --init-groups"

# --- su, run by bob -----------------------------------------------------------
log_mark
# shellcheck disable=SC2086
drive "su: bob types alice's token and gets a shell as alice" 0 \
"expect Cotter token: 
sendfile $P/good
expect (?m)^alice\\r?\$
eof" $BOB su - alice -c "id -un"
expect_log "the module logged the su login" \
    'su.*accepted Cotter token for user "alice"'
# After a refused token Debian's common-auth runs pam_unix, which (Linux-PAM
# 1.5, pam_get_authtok) would take what is in PAM_AUTHTOK instead of asking
# again.  A refused token is taken out of it (issue 19), so pam_unix asks
# for a password of its own: the token never reaches it.
# shellcheck disable=SC2086
drive "su: a token with one altered signature character is refused" any-fail \
"expect Cotter token: 
sendfile $P/flipped
expect Password: 
send not-the-password
expect Authentication failure
eof" $BOB su - alice -c "id -un"
# shellcheck disable=SC2086
drive "su: bob's own token does not open alice" any-fail \
"expect Cotter token: 
sendfile $P/bobs
expect Password: 
send not-the-password
expect Authentication failure
eof" $BOB su - alice -c "id -un"
fresh_parts
# shellcheck disable=SC2086
drive "su: the token in two parts [multi-part]" 0 \
"expect Cotter token: 
sendfile $P/part1
expect Cotter token, continued: 
sendfile $P/part2
expect (?m)^alice\\r?\$
eof" $BOB su - alice -c "id -un"

# --- login, run by root (as getty would) ------------------------------------
# Plain `login alice`, not `login -f`: PAM asks, pam_cotter first.
drive "login: alice's token opens a shell running as alice" 0 \
"expect Cotter token: 
sendfile $P/good
expect \\\$ \$
send id -un; exit
expect (?m)^alice\\r?\$
eof" login alice
case $OUT in
*"Cotter token: "*) ok "login shows the module's prompt" ;;
*) not_ok "login shows the module's prompt" "$OUT" ;;
esac
check "login recorded alice's session in wtmp" \
    sh -c 'last -f /var/log/wtmp alice | grep -q "^alice"'
# login asks again after "Login incorrect": the script then hangs up
# (SIGHUP, then SIGTERM if login is slow to go: any such end is fine once
# "Login incorrect" was seen; a timeout is 124 and fails).
drive "login: a token with one altered signature character is refused" any-fail \
"expect Cotter token: 
sendfile $P/flipped
expect Password: 
send not-the-password
expect Login incorrect
kill" login alice
case $OUT in
*"\$ "*) not_ok "login: no shell ran after the refusal" "$OUT" ;;
*) ok "login: no shell ran after the refusal" ;;
esac
fresh_parts
drive "login: the token in two parts [multi-part]" 0 \
"expect Cotter token: 
sendfile $P/part1
expect Cotter token, continued: 
sendfile $P/part2
expect \\\$ \$
send id -un; exit
expect (?m)^alice\\r?\$
eof" login alice

# --- the longest line a terminal carries --------------------------------------
cc -shared -fPIC -o "$P/pam_measure.so" "$top/tests/e2e/pam_measure.c" \
    -lpam || { not_ok "build tests/e2e/pam_measure.c"; finish; }
for s in su login; do
	echo "auth required $P/pam_measure.so out=$P/got" >"/etc/pam.d/$s"
done
got() {
	GOT=none
	[ -f "$P/got" ] || return 0
	line=$(head -n 1 "$P/got")
	case $line in
	CONV-ERR*) GOT=conv-err ;;
	*[!x]*) GOT=mangled ;;
	*) GOT=${#line} ;;
	esac
}
for n in 4095 4096; do
	head -c "$n" /dev/zero | tr '\0' x >"$P/send"
	echo >>"$P/send"
	want=$n
	[ "$n" -gt 4095 ] && want=4095
	rm -f "$P/got"
	printf 'expect Cotter token: \nsendfile %s\nexpect Authentication failure\neof\n' \
	    "$P/send" >"$P/script"
	# shellcheck disable=SC2086
	$PTY --timeout 30 "$P/script" -- $BOB su - alice -c true \
	    >/dev/null 2>&1
	got
	check "su on a terminal: a line of $n characters reaches PAM as $want ($GOT)" \
	    test "$GOT" = "$want"
	printf 'expect Cotter token: \nsendfile %s\nexpect Login incorrect\nkill\n' \
	    "$P/send" >"$P/script"
	rm -f "$P/got"
	$PTY --timeout 30 "$P/script" -- login alice >/dev/null 2>&1
	got
	check "login on a terminal: a line of $n characters reaches PAM as $want ($GOT)" \
	    test "$GOT" = "$want"
done
echo "# limit: a terminal in canonical mode carries 4095 characters a line (su, login); longer is cut silently"

finish

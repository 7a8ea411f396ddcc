#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# End to end through the real OpenSSH server (sshd on a loopback port, its
# own config, host key and PAM service file) and the real ssh client driven
# by sshpass or a pty: a realistic token logs in by password and by
# keyboard-interactive authentication, each refusal beside its control, the
# longest reply each path carries, and the first login of a person with no
# account (sshd hides the token from PAM: pre-creation is the way).
#
# Tokens only ever travel through 0600 files in a private tmpfs and the
# client's terminal, never argv or the environment.
. "$(dirname "$0")/lib.sh"

# tests/ns.sh gives this file its own /etc, /run, /home, /var/lib/sudo
# and devpts instance (tests/run-all.sh runs each e2e file in its own).
P=$(mktemp -d)		# in the namespace's private TMPDIR
umask 077

PTY="/usr/bin/python3 $top/tests/e2e/pty_drive.py"
for tool in /usr/sbin/sshd ssh sshpass ssh-keygen cc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (apt-get install openssh-server openssh-client sshpass)"
		finish
	fi
done

setup_world
CONF="config=$W/pam_cotter.conf"
# A real person's address makes a token of real size (700-900).
echo "alice.liddell@wonderland.example alice" >>"$W/users"
for u in alice bob; do
	mkdir -m 0700 "/home/$u"
	chown "$u:$u" "/home/$u"
done

# --- the server and the client (tests/e2e/lib.sh) ----------------------------
sshd_start no
sshd_pam "auth sufficient $MODULE $CONF nodelay
auth requisite pam_deny.so"

# ssh_login pw|kbd USER TOKENFILE: logs in and runs `id -un`; sets OUT, RC
# and MS (milliseconds taken).  sshpass matches ssh's "...'s password:"
# for password auth and our own "Cotter token" prompt for
# keyboard-interactive.
ssh_login() {
	case $1 in
	pw) how="-o PreferredAuthentications=password" match=assword ;;
	kbd) how="-o PreferredAuthentications=keyboard-interactive"
	    match="Cotter token" ;;
	esac
	t0=$(date +%s%N)
	RC=0
	# shellcheck disable=SC2086
	OUT=$(HOME="$P/home" timeout 40 sshpass -P "$match" -f "$3" \
	    ssh $SSHO $how "$2@127.0.0.1" id -un 2>&1) || RC=$?
	MS=$((($(date +%s%N) - t0) / 1000000))
}

# ssh_ok NAME pw|kbd USER TOKENFILE: the session runs as USER.
ssh_ok() {
	ssh_login "$2" "$3" "$4"
	if [ "$RC" -eq 0 ] && [ "$OUT" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "exit $RC, output: $(printf '%s' "$OUT" | tail -3)"
	fi
}

# ssh_refused NAME pw|kbd USER TOKENFILE: refused, and not by a hang.
ssh_refused() {
	ssh_login "$2" "$3" "$4"
	case $RC:$OUT in
	124:*|0:*) not_ok "$1" "exit $RC after $MS ms: $OUT" ;;
	*"Permission denied"*) ok "$1" ;;
	*) not_ok "$1" "exit $RC, output: $(printf '%s' "$OUT" | tail -3)" ;;
	esac
}

good=$(mint --identifier alice.liddell@wonderland.example)
len=${#good}
check "a minted token has realistic Cotter size (700-900: $len)" \
    test "$len" -ge 700 -a "$len" -le 900
put "$P/good" "$good"
# Issue 24: a token opens one login; fresh_good writes a new one.
fresh_good() {
	put "$P/good" "$(mint --identifier alice.liddell@wonderland.example)"
}

log_mark
ssh_ok "password auth: alice's token opens a session as alice" pw alice "$P/good"
expect_log "the module logged the ssh login" \
    'sshd.*accepted Cotter token for user "alice" \(identity "alice.liddell@wonderland.example"'
check "sshd reports Accepted password for alice" \
    grep -q "Accepted password for alice from 127.0.0.1" "$S/log"
fresh_good
ssh_ok "keyboard-interactive: alice's token opens a session as alice" \
    kbd alice "$P/good"
check "sshd reports Accepted keyboard-interactive/pam for alice" \
    grep -q "Accepted keyboard-interactive/pam for alice" "$S/log"

# The prompt a person sees over keyboard-interactive is the module's own.
fresh_good
cat >"$P/script" <<EOF
expect Cotter token: 
sendfile $P/good
expect (?m)^alice\r?$
eof
EOF
RC=0
# shellcheck disable=SC2086
OUT=$(HOME="$P/home" $PTY --timeout 30 "$P/script" -- \
    ssh $SSHO -o PreferredAuthentications=keyboard-interactive \
    alice@127.0.0.1 id -un 2>&1) || RC=$?
case $RC:$OUT in
0:*"Cotter token: "*) ok "keyboard-interactive through a pty: the prompt is \"Cotter token: \" and the token logs in" ;;
*) not_ok "keyboard-interactive through a pty: the prompt is \"Cotter token: \" and the token logs in" \
    "exit $RC: $OUT" ;;
esac

# Refusals, each beside its control above (or right after it).
flipped=$(printf '%s' "$good" | sed 's/A$/Q/;t;s/.$/A/')
put "$P/flipped" "$flipped"
log_mark
ssh_refused "password auth: a token with one altered signature character" \
    pw alice "$P/flipped"
expect_log "the refusal is logged with its reason" \
    'sshd.*refused user "alice": .*signature'
ssh_refused "keyboard-interactive: a token with one altered signature character" \
    kbd alice "$P/flipped"
put "$P/expired" "$(mint --identifier alice@example.com --exp-in -3600)"
ssh_refused "password auth: an expired token" pw alice "$P/expired"
ssh_refused "keyboard-interactive: an expired token" kbd alice "$P/expired"
put "$P/foreign_aud" "$(mint --claim 'aud="another-app-api-key"')"
ssh_refused "password auth: a token for another app (audience)" \
    pw alice "$P/foreign_aud"
put "$P/bobs" "$(mint --identifier bob@example.com)"
ssh_ok "password auth: bob's token opens bob (control)" pw bob "$P/bobs"
ssh_refused "password auth: bob's token does not open alice" \
    pw alice "$P/bobs"
ssh_refused "keyboard-interactive: bob's token does not open alice" \
    kbd alice "$P/bobs"
put "$P/garbage" "hunter2"
ssh_refused "password auth: a password instead of a token" \
    pw alice "$P/garbage"

# The usual delay: without nodelay the module asks libpam for pam_unix's
# 2 s failure delay (checked exactly in test_pam, through the
# application's PAM_FAIL_DELAY hook); here, through the real sshd, a
# refusal with that delay ends by itself (ssh_login's own timeout, 124,
# would mean a hang).  The time taken is printed, never asserted.
sshd_pam "auth sufficient $MODULE $CONF
auth requisite pam_deny.so"
ssh_refused "with the default delay a bad token is refused, not a hang" \
    pw alice "$P/flipped"
echo "# a refusal with the default delay took $MS ms"
fresh_good
ssh_ok "with the default delay the good token logs in (control)" \
    pw alice "$P/good"
echo "# an accepted login took $MS ms"
sshd_pam "auth sufficient $MODULE $CONF nodelay
auth requisite pam_deny.so"

# --- the INSTALL.md snippet: the token, else the local password -------------
# "auth sufficient pam_cotter.so" before Debian's "@include common-auth":
# pam_unix (Linux-PAM 1.5, pam_get_authtok) reuses what was typed at the
# token prompt, so a local password typed there still logs in.  A refused
# token is taken out of PAM_AUTHTOK (issue 19), so pam_unix asks for a
# password itself: the token never reaches it.
sshd_pam "auth sufficient $MODULE $CONF nodelay
@include common-auth"
fresh_good
ssh_ok "INSTALL snippet, keyboard-interactive: the token logs in" \
    kbd alice "$P/good"
printf '%s\n' "expect Cotter token: " "sendfile $P/flipped" \
    "expect Password: " "send not-the-password" \
    "expect Permission denied" "eof" >"$P/script"
RC=0
# shellcheck disable=SC2086
OUT=$(HOME="$P/home" $PTY --timeout 30 "$P/script" -- \
    ssh $SSHO -o PreferredAuthentications=keyboard-interactive \
    alice@127.0.0.1 id -un 2>&1) || RC=$?
name="INSTALL snippet, keyboard-interactive: a bad token is refused, then pam_unix asks for a password (issue 19)"
case $RC in
0|124) not_ok "$name" "exit $RC: $OUT" ;;
*) ok "$name" ;;
esac
mkdir -m 0700 /home/carol
chown carol:carol /home/carol
printf '%s\n' 'carol:Tr0ub4dor-3' | chpasswd
put "$P/carolpw" "Tr0ub4dor-3"
ssh_ok "INSTALL snippet, keyboard-interactive: a local password still works" \
    kbd carol "$P/carolpw"
ssh_ok "INSTALL snippet, password auth: a local password still works" \
    pw carol "$P/carolpw"
sshd_pam "auth sufficient $MODULE $CONF nodelay
auth requisite pam_deny.so"

# --- the token in two parts (keyboard-interactive) --------------------------
# Needs the module's multi-part entry (prompt_more).  Password auth cannot
# carry parts: sshd answers every prompt with the one password it got.
kbd_parts() {
	# kbd_parts NAME USER TOKEN CUT: first CUT characters, then the rest.
	first=$(printf '%s' "$3" | cut -c1-"$4")
	rest=$(printf '%s' "$3" | cut -c"$(($4 + 1))"-)
	put "$P/part1" "$first"
	put "$P/part2" "$rest"
	cat >"$P/script" <<EOF
expect Cotter token: 
sendfile $P/part1
expect Cotter token, continued: 
sendfile $P/part2
expect (?m)^$2\r?$
eof
EOF
	RC=0
	# shellcheck disable=SC2086
	OUT=$(HOME="$P/home" $PTY --timeout 30 "$P/script" -- \
	    ssh $SSHO -o PreferredAuthentications=keyboard-interactive \
	    "$2@127.0.0.1" id -un 2>&1) || RC=$?
	if [ "$RC" -eq 0 ]; then
		ok "$1"
	else
		not_ok "$1" "exit $RC: $(printf '%s' "$OUT" | tail -4)"
	fi
}
kbd_parts "keyboard-interactive: a token in two parts logs in [multi-part]" \
    alice "$(mint --identifier alice.liddell@wonderland.example)" 400
# A token longer than the client's 1023: padding in the payload makes one
# of about 1500 characters, as large RSA-signed tokens are.
pad=$(head -c 600 /dev/zero | tr '\0' p)
long=$(mint --identifier alice.liddell@wonderland.example --claim "pad=\"$pad\"")
check "the long token is longer than ssh's 1023 (${#long})" \
    test "${#long}" -gt 1100
kbd_parts "keyboard-interactive: a ${#long}-character token in two parts [multi-part]" \
    alice "$long" 750
put "$P/long" "$long"
log_mark
ssh_refused "password auth: the ${#long}-character token in one piece (cut to 1023)" \
    pw alice "$P/long"
expect_log "the cut token's refusal says why and what to do" \
    'sshd.*refused user "alice": part 2 repeats the first answer \(1023 characters\).*use keyboard-interactive'
tail -n "+$LOG_FROM" "$CT_SYSLOG" | grep 'refused user' | sed 's/^/# log: /'

# --- the first login of a person who has no account -------------------------
# sshd checks the user name before PAM runs; for a name with no account it
# still runs PAM (so timing does not tell), but it replaces every password
# and keyboard-interactive reply with "\b\n\r\177INCORRECT".  The module
# never sees the token, so it cannot create the account on an SSH login.
# Shown with the measuring module in the sshd stack:
cc -shared -fPIC -o "$P/pam_measure.so" "$top/tests/e2e/pam_measure.c" \
    -lpam || { not_ok "build tests/e2e/pam_measure.c"; finish; }
measure_stack() {
	sshd_pam "auth required $P/pam_measure.so out=$P/got"
}
measure_stack
erin=$(mint --identifier erin@example.com)
put "$P/erin" "$erin"
for m in pw kbd; do
	rm -f "$P/got"
	ssh_refused "$m: erin (no account yet) is refused" "$m" erin \
	    "$P/erin"
	if [ -f "$P/got" ] && grep -q INCORRECT "$P/got" &&
	    ! grep -qF "$(printf '%s' "$erin" | cut -c1-60)" "$P/got"; then
		ok "$m: for an unknown user PAM gets sshd's \"INCORRECT\", never the token"
	else
		not_ok "$m: for an unknown user PAM gets sshd's \"INCORRECT\", never the token" \
		    "$(od -c "$P/got" 2>/dev/null | head -2)"
	fi
done
check "sshd logged the unknown user" grep -q "Invalid user erin" "$S/log"

# The supported paths: the administrator creates the account first, with
# useradd and a map_file line, or with pam_cotter_useradd precreate (below),
# then the token works over SSH.
sshd_pam "auth sufficient $MODULE $CONF nodelay
auth requisite pam_deny.so"
ssh_refused "before pre-creation erin's valid token is refused" pw erin "$P/erin"
useradd -m -u 2005 -s /bin/sh erin
echo "erin@example.com erin" >>"$W/users"
ssh_ok "after pre-creation erin's token opens erin by password auth" \
    pw erin "$P/erin"
put "$P/erin" "$(mint --identifier erin@example.com)"
ssh_ok "after pre-creation erin's token opens erin by keyboard-interactive" \
    kbd erin "$P/erin"

# pam_cotter_useradd precreate: a pending binding that the first SSH login
# completes with the token's sub, which no other Cotter user can use after.
FSUB=7d0c2f4e-1a2b-4c3d-8e9f-00000000f4a7
frank=$(mint --identifier frank@example.com --sub "$FSUB")
put "$P/frank" "$frank"
other=$(mint --identifier frank@example.com)
put "$P/other" "$other"
sshd_pam "auth sufficient $MODULE $CONF nodelay state_dir=$W/state helper_dir=$top/helpers
auth requisite pam_deny.so"
ssh_refused "before precreate frank's valid token is refused" kbd frank \
    "$P/frank"
check "pam_cotter_useradd precreate -- frank frank@example.com" \
    "$top/helpers/pam_cotter_useradd" precreate --state-dir "$W/state" \
    -- frank frank@example.com
check "precreate made the account" id frank
ssh_ok "precreated: frank's token opens frank by keyboard-interactive" \
    kbd frank "$P/frank"
check "the first login recorded frank's sub in the binding" \
    grep -qx "sub $FSUB" "$W/state/bindings/frank"
ssh_refused "another Cotter user with frank's email is refused after that" \
    kbd frank "$P/other"
put "$P/frank" "$(mint --identifier frank@example.com --sub "$FSUB")"
ssh_ok "frank's own token still opens frank by password auth" \
    pw frank "$P/frank"

# --- the longest single reply each ssh path carries -------------------------
measure_stack
# measure pw|kbd N: sends N characters; sets GOT to the length PAM got.
measure() {
	head -c "$2" /dev/zero | tr '\0' x >"$P/send"
	echo >>"$P/send"
	rm -f "$P/got"
	ssh_login "$1" alice "$P/send"
	GOT=-1
	if [ -f "$P/got" ]; then
		line=$(head -n 1 "$P/got")
		case $line in
		CONV-ERR*) GOT=conv-err ;;
		*[!x]*) GOT=mangled ;;
		*) GOT=${#line} ;;
		esac
	fi
}
for m in pw kbd; do
	for n in 1023 1024 4096; do
		measure "$m" "$n"
		want=$n
		[ "$n" -gt 1023 ] && want=1023
		check "$m: a reply of $n characters reaches PAM as $want ($GOT)" \
		    test "$GOT" = "$want"
	done
	echo "# limit: ssh $m carries at most 1023 characters; longer is cut silently"
done

finish

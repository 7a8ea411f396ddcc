#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# End to end through the real sudo: alice, who has a sudoers rule, runs
# `sudo -S -k id -un` with a real-size token on standard input in two
# lines (Debian 12's sudo drops any reply of 512 bytes or more, so a token
# goes in two parts), and through a terminal as a person would.  A token
# pasted whole gets a second question that says how (issue 21).  Each
# refusal beside its control, and the longest reply sudo carries.
. "$(dirname "$0")/lib.sh"

# tests/ns.sh gives this file its own /etc, /run, /home, /var/lib/sudo
# and devpts instance (tests/run-all.sh runs each e2e file in its own).
P=$(mktemp -d)		# in the namespace's private TMPDIR
umask 077

PTY="/usr/bin/python3 $top/tests/e2e/pty_drive.py"
for tool in sudo visudo setpriv cc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (apt-get install sudo util-linux)"
		finish
	fi
done

setup_world
CONF="config=$W/pam_cotter.conf"
echo "alice.liddell@wonderland.example alice" >>"$W/users"

# /etc/pam.d/sudo: Debian's own file with one line added before
# "@include common-auth" (the INSTALL.md snippet).
cp /etc/pam.d/sudo "$P/pam.sudo.debian"
sudo_pam() {
	awk -v auth="$1" '$0 == "@include common-auth" { print auth }
	    { print }' "$P/pam.sudo.debian" >/etc/pam.d/sudo
}
sudo_pam "auth sufficient $MODULE $CONF nodelay"

echo 'alice ALL=(ALL:ALL) ALL' >/etc/sudoers.d/ct-alice
chmod 0440 /etc/sudoers.d/ct-alice
check "the sudoers rule for alice is valid (visudo -c)" \
    visudo -c -q

# as_user USER CMD...: CMD run by USER (real and effective ids, groups).
as_user() {
	u=$1
	shift
	setpriv --reuid="$u" --regid="$u" --init-groups "$@"
}

# sudo_S USER LINE...: USER runs `sudo -S -k id -un`, each LINE one reply
# on standard input (printf is a builtin: no token in any argv).  Sets RC,
# OUT (standard output) and ERR (what sudo printed: prompts, complaints).
sudo_S() {
	u=$1
	shift
	RC=0
	printf '%s\n' "$@" | timeout 30 setpriv --reuid="$u" --regid="$u" \
	    --init-groups sudo -S -k id -un >"$P/out" 2>"$P/err" || RC=$?
	OUT=$(cat "$P/out")
	ERR=$(cat "$P/err")
}

sudo_ok() {
	name=$1
	shift
	sudo_S "$@"
	if [ "$RC" -eq 0 ] && [ "$OUT" = root ]; then
		ok "$name"
	else
		not_ok "$name" "exit $RC, output: $OUT" \
		    "$(printf '%s' "$ERR" | tail -3)"
	fi
}

sudo_refused() {
	name=$1
	shift
	sudo_S "$@"
	if [ "$RC" -ne 0 ] && [ "$RC" -ne 124 ] && [ -z "$OUT" ]; then
		ok "$name"
	else
		not_ok "$name" "exit $RC, output: $OUT" \
		    "$(printf '%s' "$ERR" | tail -3)"
	fi
}

# half TOKEN: sets A and B, the token cut after 400 characters (each part
# under sudo's 511).
half() {
	A=$(printf '%s' "$1" | cut -c1-400)
	B=$(printf '%s' "$1" | cut -c401-)
}

good=$(mint --identifier alice.liddell@wonderland.example)
# Issue 24: a token opens one login; new_good mints the next one (good,
# and its halves A and B).
new_good() {
	good=$(mint --identifier alice.liddell@wonderland.example)
	half "$good"
}
len=${#good}
check "a minted token has realistic Cotter size (700-900: $len)" \
    test "$len" -ge 700 -a "$len" -le 900
half "$good"
check "each half is shorter than sudo's 512 (${#A} + ${#B})" \
    test "${#A}" -lt 512 -a "${#B}" -lt 512

log_mark
sudo_ok "alice's token in two lines: sudo runs the command as root [multi-part]" \
    alice "$A" "$B"
expect_log "the module logged the sudo login [multi-part]" \
    'sudo.*accepted Cotter token for user "alice"'
case $ERR in
*"Cotter token: "*"Cotter token, continued: "*)
	ok "sudo shows the module's prompts (first part, then continued) [multi-part]" ;;
*)	not_ok "sudo shows the module's prompts (first part, then continued) [multi-part]" \
	    "$ERR" ;;
esac

# Issue 21: sudo drops the whole token before PAM sees it; the person is
# told on screen (a second prompt that says how: sudo shows prompts
# although it passes PAM_SILENT), and the parts path still works.
HINT='That answer did not arrive: sudo takes at most 511 characters'
log_mark
sudo_refused "the whole token on one line is refused (sudo drops >= 512 bytes)" \
    alice "$good"
case $ERR in
*"$HINT"*"fold -w 500"*) ok "sudo -S: the screen says why and how (parts, fold -w 500)" ;;
*)	not_ok "sudo -S: the screen says why and how (parts, fold -w 500)" "$ERR" ;;
esac
expect_log "the log says why: the conversation gave no token" \
    'sudo.*refused user "alice": conversation failed, no token received \(.*after the hint'
new_good
sudo_ok "sudo -S: the whole token, then the same token in two parts at the hint [multi-part]" \
    alice "$good" "$A" "$B"
case $ERR in
*"$HINT"*"Cotter token, continued: "*) ok "... the parts followed the hint in the same attempt" ;;
*)	not_ok "... the parts followed the hint in the same attempt" "$ERR" ;;
esac
# A later part too long: the hint says how far the token came, and the
# rest follows in parts.
new_good
C=$(printf '%s' "$good" | cut -c1-100)
D=$(printf '%s' "$good" | cut -c101-)
D1=$(printf '%s' "$D" | cut -c1-400)
D2=$(printf '%s' "$D" | cut -c401-)
sudo_ok "sudo -S: a second part of ${#D} characters, then the rest in two parts at the hint [multi-part]" \
    alice "$C" "$D" "$D1" "$D2"
case $ERR in
*"Part 2 did not arrive (100 characters did): sudo takes at most 511"*"Paste the rest in parts"*)
	ok "... the hint names the part and how far the token came" ;;
*)	not_ok "... the hint names the part and how far the token came" "$ERR" ;;
esac
new_good
RC=0
printf '%s\n' "$good" | fold -w 500 | timeout 30 setpriv --reuid=alice \
    --regid=alice --init-groups sudo -S -k id -un >"$P/out" 2>"$P/err" || RC=$?
check "sudo -S: the token through fold -w 500 (the hint's command) runs the command" \
    test "$RC" -eq 0 -a "$(cat "$P/out")" = root
check "... with no hint on the screen" sh -c "! grep -qF '$HINT' '$P/err'"
sudo_refused "a password: refused" alice "hunter2"
case $ERR in
*"$HINT"*) not_ok "... with no hint (an answer that arrived)" "$ERR" ;;
*)	ok "... with no hint (an answer that arrived)" ;;
esac
RC=0
as_user alice timeout 30 sudo -n -k id -un >"$P/out" 2>"$P/err" </dev/null || RC=$?
check "sudo -n: refused without a question, and without the hint" \
    sh -c "[ $RC -ne 0 ] && ! grep -qF '$HINT' '$P/err'"

flipped=$(printf '%s' "$good" | sed 's/A$/Q/;t;s/.$/A/')
half "$flipped"
log_mark
sudo_refused "a token with one altered signature character, in two lines" \
    alice "$A" "$B"
expect_log "the refusal is logged with its reason [multi-part]" \
    'sudo.*refused user "alice": .*signature'

bobs=$(mint --identifier bob@example.com)
half "$bobs"
log_mark
sudo_refused "bob's token does not let alice sudo" alice "$A" "$B"
expect_log "someone else's token is logged as such" \
    'sudo.*refused user "alice"'

half "$(mint --identifier alice.liddell@wonderland.example --exp-in -3600)"
sudo_refused "an expired token, in two lines" alice "$A" "$B"
sudo_refused "a password instead of a token" alice "hunter2"
new_good
sudo_refused "the first half alone is refused" alice "$A"
bobs=$(mint --identifier bob@example.com)
sudo_refused "bob (no sudoers rule) with bob's own token gets nothing" \
    bob "$(printf '%s' "$bobs" | cut -c1-400)" \
    "$(printf '%s' "$bobs" | cut -c401-)"

# Through a terminal, as a person pastes it (sudo reads /dev/tty).
new_good
printf '%s\n' "$A" >"$P/part1"
printf '%s\n' "$B" >"$P/part2"
cat >"$P/script" <<EOF
expect Cotter token: 
sendfile $P/part1
expect Cotter token, continued: 
sendfile $P/part2
expect (?m)^root\r?$
eof
EOF
RC=0
OUT=$($PTY --timeout 30 "$P/script" -- setpriv --reuid=alice \
    --regid=alice --init-groups sudo -k id -un 2>&1) || RC=$?
if [ "$RC" -eq 0 ]; then
	ok "on a terminal: the token pasted in two parts runs the command [multi-part]"
else
	not_ok "on a terminal: the token pasted in two parts runs the command [multi-part]" \
	    "exit $RC: $(printf '%s' "$OUT" | tail -3)"
fi

# Pasted whole on a terminal: the hint, then the parts (issue 21).
new_good
printf '%s\n' "$good" >"$P/whole"
printf '%s\n' "$A" >"$P/part1"
printf '%s\n' "$B" >"$P/part2"
cat >"$P/script" <<EOF
expect Cotter token: 
sendfile $P/whole
expect That answer did not arrive: sudo takes at most 511 characters in one answer\\.
expect Paste the token in parts of at most 500 characters
expect Cotter token: 
sendfile $P/part1
expect Cotter token, continued: 
sendfile $P/part2
expect (?m)^root\\r?$
eof
EOF
RC=0
OUT=$($PTY --timeout 30 "$P/script" -- setpriv --reuid=alice \
    --regid=alice --init-groups sudo -k id -un 2>&1) || RC=$?
if [ "$RC" -eq 0 ]; then
	ok "on a terminal: a whole token gets the hint on screen, then two parts run the command [multi-part]"
else
	not_ok "on a terminal: a whole token gets the hint on screen, then two parts run the command [multi-part]" \
	    "exit $RC: $(printf '%s' "$OUT" | tail -4)"
fi

# --- the longest single reply sudo carries ----------------------------------
cc -shared -fPIC -o "$P/pam_measure.so" "$top/tests/e2e/pam_measure.c" \
    -lpam || { not_ok "build tests/e2e/pam_measure.c"; finish; }
echo "auth required $P/pam_measure.so out=$P/got" >/etc/pam.d/sudo
# got: what the first question got (a length, conv-err or none).
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
for n in 511 512 4096; do
	head -c "$n" /dev/zero | tr '\0' x >"$P/send"
	echo >>"$P/send"
	want=$n
	[ "$n" -ge 512 ] && want=conv-err
	rm -f "$P/got"
	as_user alice timeout 30 sudo -S -k true <"$P/send" >/dev/null 2>&1
	got
	check "sudo -S: a reply of $n characters reaches PAM as $want ($GOT)" \
	    test "$GOT" = "$want"
	printf 'expect Cotter token: \nsendfile %s\nexpect Sorry\nkill\n' \
	    "$P/send" >"$P/script"
	rm -f "$P/got"
	$PTY --timeout 30 "$P/script" -- setpriv --reuid=alice --regid=alice \
	    --init-groups sudo -k true >/dev/null 2>&1
	got
	check "sudo on a terminal: a reply of $n characters reaches PAM as $want ($GOT)" \
	    test "$GOT" = "$want"
done
echo "# limit: sudo carries at most 511 characters; 512 or more: the conversation fails, PAM gets no reply"

finish

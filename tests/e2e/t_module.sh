#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The built module's shape: exports, libraries, and first-pass options.
. "$(dirname "$0")/lib.sh"

exports=$(nm -D --defined-only "$MODULE" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort | tr '\n' ' ')
if [ "$exports" = "pam_sm_acct_mgmt pam_sm_authenticate pam_sm_setcred " ]; then
	ok "module exports only pam_sm_*"
else
	not_ok "module exports only pam_sm_*" "exports: $exports"
fi
needed=$(readelf -d "$MODULE" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
case $needed in
*curl*) not_ok "module does not link libcurl" "$needed" ;;
*) ok "module does not link libcurl ($needed)" ;;
esac
if readelf -d "$MODULE" | grep -q 'BIND_NOW' && readelf -l "$MODULE" | grep -q GNU_RELRO; then
	ok "module is built with full RELRO"
else
	not_ok "module is built with full RELRO"
fi

setup_world
# Issue 24: a token opens one login; each login below mints its own.
good=$(mint --identifier alice@example.com)
conf="config=$W/pam_cotter.conf nodelay"

# use_first_pass: the token typed at pam_unix's prompt is reused.
service_file "$conf use_first_pass" "auth optional pam_unix.so nodelay"
expect "use_first_pass takes the earlier module's token" success alice "$(mint --identifier alice@example.com)"
expect "use_first_pass with a bad first token does not prompt again" \
    auth_err alice "garbage" "$(mint --identifier alice@example.com)"
service_file "$conf use_first_pass"
expect "use_first_pass with no earlier token" auth_err alice "$(mint --identifier alice@example.com)"
service_file "$conf try_first_pass" "auth optional pam_unix.so nodelay"
expect "try_first_pass reuses a good first token" success alice "$(mint --identifier alice@example.com)"
expect "try_first_pass prompts again after a bad first token" success \
    alice "garbage" "$(mint --identifier alice@example.com)"
# Issue 21: an earlier module's password is no refused token (quiet); an
# earlier module's bad token still is (control).
log_mark
expect "try_first_pass: a password first, then the token" success \
    alice "a-unix-password" "$(mint --identifier alice@example.com)"
expect_no_log "... no line about the earlier module's password" \
    'refused the earlier module'
log_mark
expect "try_first_pass: bob's token first, then alice's" success \
    alice "$(mint --identifier bob@example.com)" "$(mint --identifier alice@example.com)"
expect_log "... the earlier module's token is logged as refused (control)" \
    'refused the earlier module.s token for user "alice": '
service_file "$conf debug"
log_mark
expect "debug: a password at the token prompt is refused" auth_err alice \
    "a-unix-password"
expect_log "... with one debug line" \
    'user "alice": the answer is not shaped like a token, left to the next module'
expect_no_log "... and no refusal line" 'refused user'
service_file "$conf" "auth optional pam_unix.so nodelay"
expect "default: always prompts (pam_unix semantics)" success alice \
    "garbage" "$(mint --identifier alice@example.com)"
expect "default: a good first answer does not count" auth_err alice \
    "$(mint --identifier alice@example.com)" "garbage"
# PAM_AUTHTOK after us (D4): a later module of the stack (pam_exec here,
# pam_gnome_keyring in real stacks) never receives an accepted token
# unless the module line says keep_authtok.  A refused answer stays
# PAM_AUTHTOK, so that a later pam_unix with try_first_pass can use it.
cat >"$W/grab" <<'GRAB'
#!/bin/sh
cat >"$1"
GRAB
chmod 0755 "$W/grab"
# grab_stack ARGS: our module (optional), then pam_exec exposing the item.
grab_stack() {
	rm -f "$W/authtok"
	{
		echo "auth optional $MODULE $conf $1"
		echo "auth required pam_exec.so expose_authtok quiet $W/grab $W/authtok"
		echo "account required pam_permit.so"
	} >/etc/pam.d/$SERVICE
}
grabbed() {
	tr -d '\0' <"$W/authtok" 2>/dev/null
}
first511=$(printf '%s' "$good" | head -c 511)
grab_stack ""
# pam_exec asks for a password when the item is unset: it gets this line.
login alice "$(mint --identifier alice@example.com)" "not-the-token"
if [ "$(grabbed)" = "not-the-token" ]; then
	ok "an accepted token is cleared from PAM_AUTHTOK (D4)"
else
	not_ok "an accepted token is cleared from PAM_AUTHTOK (D4)" \
	    "$OUT"
fi
grab_stack "keep_authtok"
good=$(mint --identifier alice@example.com)
first511=$(printf '%s' "$good" | head -c 511)
login alice "$good" "not-the-token"
# pam_exec hands a program at most PAM_MAX_RESP_SIZE - 1 = 511 bytes.
if [ "$RC" -eq 0 ] && [ "$(grabbed)" = "$first511" ]; then
	ok "with keep_authtok the token stays PAM_AUTHTOK (control)"
else
	not_ok "with keep_authtok the token stays PAM_AUTHTOK (control)" "$OUT"
fi
grab_stack ""
login alice "a-unix-password" "not-this"
if [ "$(grabbed)" = "a-unix-password" ]; then
	ok "a refused answer stays PAM_AUTHTOK for a later pam_unix"
else
	not_ok "a refused answer stays PAM_AUTHTOK for a later pam_unix" "$OUT"
fi
# Issue 19: input shaped like a token (three base64url segments, the
# first a JSON object) that we refuse is taken out of PAM_AUTHTOK, so a
# later module that never prompts (pam_sss use_first_pass; here the
# test-only tests/pam/authtok_probe.so, which records whether it saw an
# item) never sends it to a directory server as a password.
probe_stack() {
	rm -f "$W/probe"
	{
		[ -n "${2:-}" ] && printf '%s\n' "$2"
		echo "auth optional $MODULE $conf $1"
		echo "auth required $top/tests/pam/authtok_probe.so out=$W/probe"
		echo "account required pam_permit.so"
	} >/etc/pam.d/$SERVICE
}
# probe_check NAME WANT: WANT is "absent" or "present N".
probe_check() {
	got=$(cat "$W/probe" 2>/dev/null)
	if [ "$got" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "probe: ${got:-nothing}; $OUT"
	fi
}
bobs=$(mint --identifier bob@example.com)
probe_stack ""
login alice "$bobs"
probe_check "bob's valid token typed as alice: the next module gets no authtok" absent
login alice "$(mint --identifier alice@example.com --exp-in -3600)"
probe_check "an expired (refused) token: the next module gets no authtok" absent
login alice "a-unix-password"
probe_check "control: a refused password still reaches the next module" "present 15"
login alice "my.pass.word"
probe_check "control: a dotted password is not token-shaped and reaches it" "present 12"
# The token came from an earlier module's prompt (use_first_pass).
probe_stack "use_first_pass" "auth optional pam_unix.so nodelay"
login alice "$bobs"
probe_check "use_first_pass: an earlier module's refused token is cleared" absent
login alice "a-unix-password"
probe_check "use_first_pass: an earlier module's password stays (control)" "present 15"
rm -f "$W/authtok" "$W/probe"
service_file "$conf prompt=Token:"
login alice "$(mint --identifier alice@example.com)"
case $OUT in
*"Token:"*) ok "prompt comes from configuration" ;;
*) not_ok "prompt comes from configuration" "$OUT" ;;
esac

finish

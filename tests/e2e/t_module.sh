#!/bin/sh
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
good=$(mint --identifier alice@example.com)
conf="config=$W/pam_cotter.conf nodelay"

# use_first_pass: the token typed at pam_unix's prompt is reused.
service_file "$conf use_first_pass" "auth optional pam_unix.so nodelay"
expect "use_first_pass takes the earlier module's token" success alice "$good"
expect "use_first_pass with a bad first token does not prompt again" \
    auth_err alice "garbage" "$good"
service_file "$conf use_first_pass"
expect "use_first_pass with no earlier token" auth_err alice "$good"
service_file "$conf try_first_pass" "auth optional pam_unix.so nodelay"
expect "try_first_pass reuses a good first token" success alice "$good"
expect "try_first_pass prompts again after a bad first token" success \
    alice "garbage" "$good"
service_file "$conf" "auth optional pam_unix.so nodelay"
expect "default: always prompts (pam_unix semantics)" success alice \
    "garbage" "$good"
expect "default: a good first answer does not count" auth_err alice \
    "$good" "garbage"
# The answer to our prompt becomes PAM_AUTHTOK, so that a later module
# with try_first_pass (pam_unix in common-auth) can use it.
cat >"$W/grab" <<'GRAB'
#!/bin/sh
cat >"$1"
GRAB
chmod 0755 "$W/grab"
{
	echo "auth optional $MODULE $conf"
	echo "auth required pam_exec.so expose_authtok quiet $W/grab $W/authtok"
	echo "account required pam_permit.so"
} >/etc/pam.d/$SERVICE
login alice "$good"
# pam_exec hands a program at most PAM_MAX_RESP_SIZE - 1 = 511 bytes.
if [ "$RC" -eq 0 ] && [ "$(tr -d '\0' <"$W/authtok")" = \
    "$(printf '%s' "$good" | head -c 511)" ]; then
	ok "the token is stored as PAM_AUTHTOK for later modules"
else
	not_ok "the token is stored as PAM_AUTHTOK for later modules" "$OUT"
fi
rm -f "$W/authtok"
service_file "$conf prompt=Token:"
login alice "$good"
case $OUT in
*"Token:"*) ok "prompt comes from configuration" ;;
*) not_ok "prompt comes from configuration" "$OUT" ;;
esac

finish

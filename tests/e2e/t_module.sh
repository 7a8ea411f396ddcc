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
service_file "$conf prompt=Token:"
login alice "$good"
case $OUT in
*"Token:"*) ok "prompt comes from configuration" ;;
*) not_ok "prompt comes from configuration" "$OUT" ;;
esac

finish

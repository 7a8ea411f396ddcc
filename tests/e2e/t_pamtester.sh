#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# End to end through the real pamtester and the built module: a token
# login, each refusal beside its positive control, and the log lines.
. "$(dirname "$0")/lib.sh"
setup_world

good=$(mint --identifier alice@example.com)
# Issue 24: a token opens one login, so each login below that must reach
# the check it is about takes a token of its own: A (alice's), B (bob's).
A() { mint --identifier alice@example.com; }
B() { mint --identifier bob@example.com; }
len=${#good}
check "a minted token has realistic Cotter size (650-900: $len)" \
    test "$len" -ge 650 -a "$len" -le 900

log_mark
expect "valid token logs alice in" success alice "$good"
expect_log "success is logged with user and identity" \
    'accepted Cotter token for user "alice" \(identity "alice@example.com"'
case $OUT in
*"Cotter token: "*) ok "the default prompt is shown" ;;
*) not_ok "the default prompt is shown" "$OUT" ;;
esac

# Forgery: a key of the attacker's with the very same kid.
$ISSUER keygen "$W/evil" --kid "$KID" >/dev/null
forged=$($ISSUER mint "$W/evil" --aud "$AUD" --identifier alice@example.com)
log_mark
expect "forged signature (attacker key, same kid)" auth_err alice "$forged"
expect_log "forgery refusal is logged with its reason" \
    'refused user "alice": .*signature'

expect "expired token" auth_err alice "$(mint --exp-in -3600)"
expect "expired within leeway still accepted" success alice \
    "$(mint --exp-in -30)"
expect "foreign audience" auth_err alice \
    "$(mint --claim 'aud="another-app-api-key"')"
expect "foreign issuer" auth_err alice \
    "$(mint --iss https://evil.example)"
expect "Cotter ID token is not a password" auth_err alice \
    "$(mint --type client_id_token)"
expect "token without type" auth_err alice "$(mint --no-type)"
expect "not yet valid (nbf +1h)" auth_err alice "$(mint --nbf-offset 3600)"
expect "issued in the future (iat +1h)" auth_err alice \
    "$(mint --iat-offset 3600)"

bobs=$(mint --identifier bob@example.com)
expect "bob's own token opens bob (control)" success bob "$bobs"
log_mark
expect "another person's token (bob's, as alice)" auth_err alice "$(B)"
expect_log "someone else's token is logged as such" 'refused user "alice"'
expect "email compared case-insensitively" success alice \
    "$(mint --identifier ALICE@Example.COM)"
expect "PAM_USER differing only in case" auth_err Alice "$(A)"
expect "unmapped identity" user_unknown alice \
    "$(mint --identifier mallory@example.com)"
expect "phone identity maps exactly" success carol \
    "$(mint --identifier +15551234567)"
expect "phone identity with a different number" user_unknown carol \
    "$(mint --identifier +15551234568)"
expect "2020 token without identifier, mapped by sub" success dave \
    "$(mint --no-identifier --sub 0f3c1e1e-2020-4a5b-9c7d-000000000042)"
expect "token without identifier and unmapped sub" user_unknown dave \
    "$(mint --no-identifier)"
expect "token mapping to root never logs in" auth_err root \
    "$(mint --identifier root@example.com)"
expect "token mapping to daemon (uid < uid_min)" auth_err daemon \
    "$(mint --identifier daemon@example.com)"
expect "garbage instead of a token" auth_err alice "not-a-token"
expect "empty reply" auth_err alice ""
# The last character of an ES256 signature carries two bits: A, Q, g, w.
flipped=$(printf '%s' "$good" | sed 's/A$/Q/;t;s/.$/A/')
check "the altered token differs from the good one" test "$flipped" != "$good"
expect "token with one altered signature character" auth_err alice "$flipped"

# Long tokens through short pipes: a cut token continues in the next reply.
half=$((${#good} / 2))
parts=$(A)
p1=$(printf '%s' "$parts" | cut -c1-"$half")
p2=$(printf '%s' "$parts" | cut -c"$((half + 1))"-)
expect "token entered in two parts" success alice "$p1" "$p2"
case $OUT in
*"Cotter token, continued: "*) ok "the second part has its own prompt" ;;
*) not_ok "the second part has its own prompt" "$OUT" ;;
esac
log_mark
expect "first half only: the client cut it short" auth_err alice "$p1"
# Issue 21: only sudo (which drops long answers) is asked again with how
# to enter a token in parts; elsewhere a failed conversation ends it.
case $OUT in
*"did not arrive"*) not_ok "... not sudo: no second question after a failed one" "$OUT" ;;
*"Cotter token, continued: "*) ok "... not sudo: no second question after a failed one" ;;
*)	not_ok "... not sudo: no second question after a failed one" "$OUT" ;;
esac
expect_log "a cut-short token is logged as such" \
    "refused user \"alice\": conversation failed at part 2: the token arrived cut short after $half characters"
expect "a second part that cannot continue a token" auth_err alice "$p1" \
    "not a token!"

# D5: what the sender chose cannot forge a success line.  A kid and a login
# name made to close the quoted field and write "accepted ... root".
attack='"; accepted Cotter token for user "root'
forged_kid=$(mint --header "kid=\"\\\"; accepted Cotter token for user \\\"root\"")
check "the forged-kid token carries the attack in its header" sh -c \
    "printf '%s' '$(printf '%s' "$forged_kid" | cut -d. -f1)' | basenc --base64url -d 2>/dev/null | grep -qF 'accepted Cotter token'"
log_mark
expect "a kid that looks like a success line" auth_err alice "$forged_kid"
expect "a login name that looks like a success line" auth_err \
    "mallory$attack" "$(A)"
log_sync
if grep -F 'accepted Cotter token for user "root"' "$CT_SYSLOG" >"$W/forged"; then
	not_ok "no log line reads as root's acceptance (D5)" "$(cat "$W/forged")"
else
	ok "no log line reads as root's acceptance (D5)"
fi
expect_log "... the kid is logged as its hash" \
    'refused user "alice": unknown kid \(kid#[0-9a-f]{8}\)'
expect_log "... the login name is logged escaped" \
    'refused user "mallory\\"; accepted Cotter token for user \\"root"'

# D3: an email as the login name would skip an auth-phase deny list that
# names the local account (pam_listfile, pam_faillock preauth).
echo alice >"$W/deny"
chmod 0644 "$W/deny"
deny="auth requisite pam_listfile.so item=user sense=deny file=$W/deny onerr=fail"
service_file "config=$W/pam_cotter.conf nodelay" "$deny"
expect "pam_listfile denies alice (control)" auth_err alice "$(A)"
expect "alice@example.com with alice's token: refused (login_by_identity off)" \
    user_unknown alice@example.com "$(A)"
expect "bob is not on the deny list (control)" success bob "$(B)"
service_file "config=$W/pam_cotter.conf nodelay login_by_identity=yes allowed_domains=example.com" "$deny"
expect "with login_by_identity=yes the email maps to alice (opt-in)" success \
    alice@example.com "$(A)"
service_file "config=$W/pam_cotter.conf nodelay"

# Header members are token bytes too: never logged.
hmark="hdr-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
expect "a token with an unknown kid" auth_err alice \
    "$(mint --header "kid=\"$hmark-kid\"")"
# Accepted or not, other members are never logged either.
login alice "$(mint --header "typ=\"$hmark-typ\"" --header "x-note=\"$hmark-x\"")"
log_sync
if grep -qF "$hmark" "$CT_SYSLOG"; then
	not_ok "no header member is ever logged" "$(grep -F "$hmark" "$CT_SYSLOG")"
else
	ok "no header member is ever logged"
fi

# The token never reaches the log, whole or in part.
log_sync
sig=${good##*.}
payload=$(printf '%s' "$good" | cut -d. -f2)
if grep -qF "$sig" "$CT_SYSLOG" || grep -qF "$(printf '%s' "$payload" | cut -c1-24)" "$CT_SYSLOG"; then
	not_ok "no part of any token is ever logged"
else
	ok "no part of any token is ever logged"
fi

finish

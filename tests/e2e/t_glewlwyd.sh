#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The real-issuer test infrastructure (tests/issuer/glewlwyd.sh, for issues
# 22, 23 and 25), tested on its own: Debian's glewlwyd starts on 127.0.0.1,
# serves discovery and JWKS for both instances, gives access tokens through
# its token endpoint (never minted here) that the module verifies after the
# project's fetcher fetched the keys, carries a groups claim that follows
# gw_groups, and runs the device authorization grant (RFC 8628).
. "$(dirname "$0")/lib.sh"
. "$top/tests/issuer/glewlwyd.sh"

PC="$top/admin/pam-cotter"
setup_world
trap 'gw_stop' EXIT
trap 'exit 1' INT TERM HUP PIPE

if ! command -v glewlwyd >/dev/null; then
	not_ok "glewlwyd is installed (.ci/test-deps)"
	finish
fi
if gw_start "$W/gw"; then
	ok "glewlwyd starts on $GW_URL"
else
	not_ok "glewlwyd starts"
	finish
fi
# The listening sockets of its port: exactly one, on 127.0.0.1.
check "it listens on 127.0.0.1:$GW_PORT only" \
    test "$(ss -Hltn "sport = :$GW_PORT" | awk '{print $4}')" = \
    "127.0.0.1:$GW_PORT"
check "its TLS certificate is the throwaway CA's (not trusted otherwise)" \
    sh -c "curl -sf -o /dev/null --max-time 10 --cacert '$GW_CA' '$GW_URL/config' &&
! curl -sf -o /dev/null --max-time 10 '$GW_URL/config'"

# jq_ok JSON-FILE PYTHON-EXPR: the expression over d (the parsed file) holds.
jq_ok() {
	/usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval("(" + sys.argv[2] + ")") else 1)' "$1" "$2"
}

get() {
	curl -sf --max-time 10 --cacert "$GW_CA" -o "$2" "$1"
}

# jwt_part TOKEN N: part N (0 header, 1 payload) decoded, into $W/part.
jwt_part() {
	printf '%s\n' "$1" | /usr/bin/python3 -c 'import base64, sys
p = sys.stdin.read().strip().split(".")[int(sys.argv[1])]
sys.stdout.write(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)).decode())' \
	    "$2" >"$W/part"
}

# -------------------------------------------------- discovery and keys
for inst in es256 rs256; do
	alg=$(echo "$inst" | tr a-z A-Z)
	kty=EC
	[ "$inst" = rs256 ] && kty=RSA
	get "$(gw_discovery_url "$inst")" "$W/disc.json"
	check "$inst: discovery names its issuer, JWKS and both endpoints" \
	    jq_ok "$W/disc.json" "d['issuer'] == '$(gw_iss "$inst")' and
d['jwks_uri'] == '$(gw_jwks_url "$inst")' and
d['token_endpoint'] == '$(gw_iss "$inst")/token' and
d['device_authorization_endpoint'] == '$(gw_iss "$inst")/device_authorization'"
	get "$(gw_jwks_url "$inst")" "$W/jwks.$inst"
	check "$inst: JWKS holds one public $kty key, kid gw-$inst-1, alg $alg" \
	    jq_ok "$W/jwks.$inst" "len(d['keys']) == 1 and
d['keys'][0]['kty'] == '$kty' and d['keys'][0]['kid'] == 'gw-$inst-1' and
d['keys'][0].get('alg') == '$alg' and 'd' not in d['keys'][0]"
done
check "the two instances have different keys" \
    sh -c "! cmp -s '$W/jwks.es256' '$W/jwks.rs256'"

# -------------------------------------------------- tokens, real flow
tok=$(gw_token alice alice-pw es256)
jwt_part "$tok" 0
check "es256: alice's access token is typ at+jwt, ES256, kid gw-es256-1" \
    jq_ok "$W/part" "d == {'typ': 'at+jwt', 'alg': 'ES256', 'kid': 'gw-es256-1'}"
jwt_part "$tok" 1
cp "$W/part" "$W/alice.es256"
check "es256: claims iss, aud pam-login, email, sub, jti, iat, nbf, exp" \
    jq_ok "$W/part" "d['iss'] == '$(gw_iss es256)' and d['aud'] == 'pam-login'
and d['email'] == 'alice@example.com' and len(d['sub']) >= 16 and
len(d['jti']) >= 16 and d['iat'] == d['nbf'] and d['exp'] == d['iat'] + 3600
and d['type'] == 'access_token' and d['scope'] == 'pam-login'"
check "es256: groups claim as glewlwyd writes it (one string, commas)" \
    jq_ok "$W/part" "d['groups'] == 'linux-admins,developers'"

tok_rs=$(gw_token alice alice-pw rs256)
jwt_part "$tok_rs" 0
check "rs256: alice's access token is typ at+jwt, RS256, kid gw-rs256-1" \
    jq_ok "$W/part" "d == {'typ': 'at+jwt', 'alg': 'RS256', 'kid': 'gw-rs256-1'}"
jwt_part "$tok_rs" 1
check "rs256: its own issuer, same email, another sub than es256's" \
    jq_ok "$W/part" "d['iss'] == '$(gw_iss rs256)' and
d['email'] == 'alice@example.com' and
d['sub'] != json.load(open('$W/alice.es256'))['sub']"

out=$(gw_token alice wrong-pw es256 2>/dev/null) && rc=0 || rc=$?
check "a wrong password gets no token" test "$rc" -ne 0 -a -z "$out"
out=$(gw_token mallory alice-pw es256 2>/dev/null) && rc=0 || rc=$?
check "an unknown user gets no token" test "$rc" -ne 0 -a -z "$out"

# -------------------------------------------------- the module verifies them
# gw_conf INST ALG [AUDIENCE [NAME]]: a module configuration for that
# instance, in $W/NAME.conf (NAME defaults to INST).
gw_conf() {
	cat >"$W/${4:-$1}.conf" <<CONF
issuer = $(gw_iss "$1")
audience = ${3:-pam-login}
algorithms = $2
identity_claim = email
jwks_cache = $W/cache.$1.json
jwks_url = $(gw_jwks_url "$1")
ca_file = $GW_CA
helper_dir = $top/helpers
map_file = $W/users
CONF
	chmod 0644 "$W/${4:-$1}.conf"
}
gw_conf es256 ES256
gw_conf rs256 RS256
for inst in es256 rs256; do
	"$PC" --config="$W/$inst.conf" refresh >"$W/refresh.out" 2>&1
	check "$inst: the project's fetcher fetches its JWKS over HTTPS" \
	    jq_ok "$W/cache.$inst.json" "d['keys'][0]['kid'] == 'gw-$inst-1'"
done

# verdict CONF USER TOKEN: pam-cotter check's verdict line.
verdict() {
	printf '%s\n' "$3" | "$PC" check --config="$W/$1.conf" --user "$2" \
	    2>&1 | sed -n 's/^verdict: \([A-Z_]*\).*/\1/p'
}
check "pam-cotter check: alice's es256 token is valid for alice" \
    test "$(verdict es256 alice "$tok")" = PAM_SUCCESS
check "pam-cotter check: alice's rs256 token is valid for alice" \
    test "$(verdict rs256 alice "$tok_rs")" = PAM_SUCCESS
check "pam-cotter check: the es256 token is refused by the rs256 issuer" \
    test "$(verdict rs256 alice "$tok")" = PAM_AUTH_ERR

service_file "config=$W/es256.conf nodelay"
expect "pamtester: alice logs in with glewlwyd's es256 token" success \
    alice "$tok"
# Issue 24: a token of its own, so that the account check refuses it
# (the one that logged alice in would be refused as a replay).
expect "pamtester: alice's token does not open bob's account" auth_err \
    bob "$(gw_token alice alice-pw es256)"
service_file "config=$W/rs256.conf nodelay"
expect "pamtester: alice logs in with glewlwyd's rs256 token" success \
    alice "$tok_rs"

# -------------------------------------------------- code flow, RFC 8707
ctok=$(gw_token_code bob bob-pw es256)
jwt_part "$ctok" 1
check "code flow: bob's token, public client pam-cotter, aud pam-login" \
    jq_ok "$W/part" "d['email'] == 'bob@example.com' and
d['client_id'] == 'pam-cotter' and d['aud'] == 'pam-login'"
check "code flow: the module accepts it for bob" \
    test "$(verdict es256 bob "$ctok")" = PAM_SUCCESS
htok=$(gw_token_code bob bob-pw es256 https://host-a.example/)
jwt_part "$htok" 1
check "code flow with resource https://host-a.example/: that is the aud" \
    jq_ok "$W/part" "d['aud'] == 'https://host-a.example/'"
gw_conf es256 ES256 https://host-a.example/ host-a
gw_conf es256 ES256 https://host-b.example/ host-b
check "per-host audience: host-a accepts it, host-b and pam-login do not" \
    test "$(verdict host-a bob "$htok")" = PAM_SUCCESS -a \
    "$(verdict host-b bob "$htok")" = PAM_AUTH_ERR -a \
    "$(verdict es256 bob "$htok")" = PAM_AUTH_ERR
# Issue 22: several audiences; explicit typing of glewlwyd's at+jwt.
gw_conf es256 ES256 "pam-login https://host-a.example/" host-a-move
check "audience pam-login and host-a: both of bob's tokens pass" \
    test "$(verdict host-a-move bob "$htok")" = PAM_SUCCESS -a \
    "$(verdict host-a-move bob "$ctok")" = PAM_SUCCESS -a \
    "$(verdict host-b bob "$ctok")" = PAM_AUTH_ERR
gw_conf es256 ES256 pam-login typ
echo "require_typ = at+jwt" >>"$W/typ.conf"
gw_conf es256 ES256 pam-login typ-id
echo "require_typ = JWT" >>"$W/typ-id.conf"
check "require_typ at+jwt: glewlwyd's access token passes; typ JWT refuses" \
    test "$(verdict typ bob "$ctok")" = PAM_SUCCESS -a \
    "$(verdict typ-id bob "$ctok")" = PAM_AUTH_ERR
out=$(gw_token_code bob bob-pw es256 https://evil.example/ 2>/dev/null) &&
    rc=0 || rc=$?
check "a resource the issuer does not list gets no token" \
    test "$rc" -ne 0 -a -z "$out"

# -------------------------------------------------- groups follow gw_groups
gw_groups alice sudo,developers
jwt_part "$(gw_token alice alice-pw es256)" 1
check "gw_groups: alice's next token carries the new groups" \
    jq_ok "$W/part" "d['groups'] == 'sudo,developers'"
gw_groups alice ""
jwt_part "$(gw_token alice alice-pw es256)" 1
check "gw_groups '': no groups claim at all (glewlwyd drops it)" \
    jq_ok "$W/part" "'groups' not in d and d['email'] == 'alice@example.com'"
gw_groups alice linux-admins
jwt_part "$(gw_token alice alice-pw rs256)" 1
check "gw_groups one group: a string without comma (rs256 as well)" \
    jq_ok "$W/part" "d['groups'] == 'linux-admins'"
jwt_part "$(gw_token carol carol-pw es256)" 1
check "a user created without groups: no groups claim at all" \
    jq_ok "$W/part" "'groups' not in d"

# -------------------------------------------------- device authorization
gw_device_start es256
check "device: a user code XXXX-XXXX, interval 1, expires_in 600" \
    sh -c "printf '%s' '$GW_USER_CODE' | grep -qE '^[A-Z0-9]{4}-[A-Z0-9]{4}\$' &&
test '$GW_INTERVAL' = 1 -a '$GW_EXPIRES_IN' = 600"
check "device: the verification URIs are glewlwyd's, with the code" \
    test "$GW_VERIFICATION_URI" = "$(gw_iss es256)/device" -a \
    "$GW_VERIFICATION_URI_COMPLETE" = \
    "$(gw_iss es256)/device?code=$GW_USER_CODE"
check "device: before approval: authorization_pending" \
    test "$(gw_device_poll es256)" = authorization_pending
check "device: polling faster than the interval: slow_down" \
    test "$(gw_device_poll_fast es256)" = slow_down
if gw_device_approve es256 alice wrong-pw 2>/dev/null; then
	not_ok "device: approval with a wrong password is refused"
else
	ok "device: approval with a wrong password is refused"
fi
ans=$(gw_device_poll es256)
case $ans in
authorization_pending | slow_down)
	ok "device: still pending after the refused approval ($ans)" ;;
*)	not_ok "device: still pending after the refused approval" "$ans" ;;
esac
check "device: alice approves the code as in a browser" \
    gw_device_approve es256 alice alice-pw
dtok=$(gw_device_wait es256)
jwt_part "$dtok" 1
check "device: the poll returns alice's at+jwt for the public client" \
    jq_ok "$W/part" "d['email'] == 'alice@example.com' and
d['client_id'] == 'pam-cotter' and d['aud'] == 'pam-login'"
check "device: the module accepts it for alice" \
    test "$(verdict es256 alice "$dtok")" = PAM_SUCCESS
check "device: the device code is good once (then access_denied)" \
    test "$(gw_device_wait es256)" = access_denied
if gw_device_approve es256 alice alice-pw ZZZZ-ZZZZ 2>/dev/null; then
	not_ok "device: an unknown user code cannot be approved"
else
	ok "device: an unknown user code cannot be approved"
fi

gw_device_start rs256
gw_device_deny rs256
check "device deny (emulated): the poll answers access_denied" \
    test "$(gw_device_wait rs256)" = access_denied
gw_device_start rs256
gw_device_expire rs256
check "device expiry (emulated clock): the poll answers expired_token" \
    test "$(gw_device_wait rs256)" = expired_token
gw_device_start rs256
check "device: bob approves an rs256 code" \
    gw_device_approve rs256 bob bob-pw
dtok=$(gw_device_wait rs256)
check "device: bob's rs256 token is valid for bob, not for alice" \
    test "$(verdict rs256 bob "$dtok")" = PAM_SUCCESS -a \
    "$(verdict rs256 alice "$dtok")" = PAM_AUTH_ERR
gw_device_start rs256 https://host-b.example/
gw_device_approve rs256 bob bob-pw
jwt_part "$(gw_device_wait rs256)" 1
check "device with resource https://host-b.example/: that is the aud" \
    jq_ok "$W/part" "d['aud'] == 'https://host-b.example/' and
d['email'] == 'bob@example.com'"
if gw_device_start rs256 https://evil.example/ 2>/dev/null; then
	not_ok "device: a resource the issuer does not list is refused"
else
	ok "device: a resource the issuer does not list is refused"
fi

gw_stop
check "gw_stop: the server is gone" \
    sh -c "! curl -s -o /dev/null --max-time 5 --cacert '$GW_CA' '$GW_URL/config'"
finish

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Issue 22: every algorithm of RFC 7518 3.1 we verify and EdDSA (RFC 8037)
# logs in through the module with a key of its own type, made by the test
# issuer (python3-jwt); a host that allows RS256 only refuses an ES256
# token for its alg, not as "cut short"; require_typ (RFC 8725 3.11) and a
# per-host audience (RFC 8707) refuse beside their controls; an unknown
# algorithm in the file refuses every login, naming the file and line.
. "$(dirname "$0")/lib.sh"

ALGS="ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA"

setup_world
for a in $ALGS; do
	$ISSUER keygen "$W/keys" --alg "$a" --kid "k-$a" >/dev/null
done
$ISSUER jwks "$W/keys" >"$W/jwks.json"
cp "$W/pam_cotter.conf" "$W/base.conf"

# conf LINE...: the world's config plus these lines.
conf() {
	{ cat "$W/base.conf"; printf '%s\n' "$@"; } >"$W/pam_cotter.conf"
	chmod 0644 "$W/pam_cotter.conf"
}

conf "algorithms = $ALGS"
for a in $ALGS; do
	tok=$(mint --kid "k-$a")
	expect "a token signed $a logs in" success alice "$tok"
done

# Each algorithm, configured alone, refuses the others (one sample each).
conf "algorithms = EdDSA"
expect "EdDSA only: an EdDSA token logs in" success alice \
    "$(mint --kid k-EdDSA)"
expect "EdDSA only: an ES256 token is refused" auth_err alice \
    "$(mint --kid k-ES256)"
conf "algorithms = PS256"
expect "PS256 only: a PS256 token logs in" success alice \
    "$(mint --kid k-PS256)"
expect "PS256 only: an RS256 token is refused" auth_err alice \
    "$(mint --kid k-RS256)"

# The cut-short estimate: a short ES256 token on an RS256-only host.
conf "algorithms = RS256"
es=$(mint --kid k-ES256)
log_mark
expect "RS256 only: an ES256 token is refused" auth_err alice "$es"
if printf '%s' "$OUT" | grep -q "cut short"; then
	not_ok "... and not reported as cut short" "$(printf '%s' "$OUT" | tail -2)"
else
	ok "... and not reported as cut short"
fi
expect_log "... the log says its alg is not accepted" "alg not accepted"
expect "RS256 only: an RS256 token logs in" success alice \
    "$(mint --kid k-RS256)"

# Explicit typing (RFC 9068 2.1).
conf "algorithms = ES256" "require_typ = at+jwt"
expect "require_typ at+jwt: typ at+jwt logs in" success alice \
    "$(mint --kid k-ES256 --header 'typ="at+jwt"')"
expect "require_typ at+jwt: typ application/AT+JWT logs in" success alice \
    "$(mint --kid k-ES256 --header 'typ="application/AT+JWT"')"
log_mark
expect "require_typ at+jwt: typ JWT is refused" auth_err alice \
    "$(mint --kid k-ES256)"
expect_log "... the log names the typ" 'typ "JWT" is not the required'

# A per-host audience: a token for host B is useless on host A.
sed "s|^audience = .*|audience = https://host-a.example.org/|" \
    "$W/base.conf" >"$W/pam_cotter.conf"
expect "audience host A: a token for host A logs in" success alice \
    "$($ISSUER mint "$W/keys" --aud https://host-a.example.org/)"
expect "audience host A: a token for host B is refused" auth_err alice \
    "$($ISSUER mint "$W/keys" --aud https://host-b.example.org/)"
sed "s|^audience = .*|audience = https://host-a.example.org/ $AUD|" \
    "$W/base.conf" >"$W/pam_cotter.conf"
expect "audience host A and the app id: the app id logs in" success \
    alice "$(mint)"

# Bad input: an algorithm the module does not know.
conf "algorithms = ES256 HS256"
log_mark
expect "algorithms = ES256 HS256: every login refused" service_err alice \
    "$(mint)"
expect_log "... the log names the file, the line and the word" \
    "pam_cotter.conf:[0-9]+: algorithms: \"HS256\" is not an algorithm"

# Several issuers: the prompt measures an RSA signature against its own
# issuer's modulus once the claims have arrived (a 4096-bit signature cut
# after 400 of its 683 characters is asked to continue, not judged).
$ISSUER keygen "$W/big" --alg RS256 --kid k-big --bits 4096 >/dev/null
$ISSUER jwks "$W/big" >"$W/big.json"
chmod 0644 "$W/big.json"
{
	echo "map_file = $W/users"
	echo "[issuer es]"
	echo "issuer = https://es.example.org"
	echo "audience = $AUD"
	echo "algorithms = ES256"
	echo "jwks_url ="
	echo "jwks_cache = $W/jwks.json"
	echo "[issuer big]"
	echo "issuer = https://big.example.org"
	echo "audience = $AUD"
	echo "algorithms = RS256"
	echo "jwks_url ="
	echo "jwks_cache = $W/big.json"
} >"$W/pam_cotter.conf"
tok=$($ISSUER mint "$W/big" --aud "$AUD" --iss https://big.example.org)
body=${tok%.*}
sig=${tok##*.}
p1="$body.$(printf '%s' "$sig" | cut -c1-400)"
p2=$(printf '%s' "$sig" | cut -c401-)
expect "two issuers: a 4096-bit RS256 token in two parts logs in" \
    success alice "$p1" "$p2"
expect "... the first part alone is refused (cut short)" auth_err alice \
    "$p1"
expect "... an ES256 token of the other issuer logs in whole" success \
    alice "$($ISSUER mint "$W/keys" --aud "$AUD" --kid k-ES256 \
    --iss https://es.example.org)"

finish

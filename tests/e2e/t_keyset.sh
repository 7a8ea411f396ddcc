#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Issue 15: the module builds only the key a token's kid names, and still
# checks every key of the cached set for structure on every login.  A
# structurally bad key anywhere refuses every login (as before); a key
# that is structurally fine but cryptographically bad (never written by
# the fetcher, see t_fetcher "offcurve") refuses the tokens that name it,
# and only those.  Each refusal beside its control.
. "$(dirname "$0")/lib.sh"

setup_world
# Issue 24: each successful login below mints its own token.
good=$(mint --identifier alice@example.com)
cp "$W/jwks.json" "$W/jwks.orig"

# variant NAME: the world's set plus one more key, changed as NAME says.
variant() {
	/usr/bin/python3 - "$W/jwks.orig" "$1" >"$W/jwks.json" <<'PY'
import base64, json, sys
from cryptography.hazmat.primitives.asymmetric import ec
keys = json.load(open(sys.argv[1]))["keys"]
n = ec.generate_private_key(ec.SECP256R1()).public_key().public_numbers()
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
extra = {"kty": "EC", "crv": "P-256", "kid": "extra", "use": "sig",
         "x": b64(n.x.to_bytes(32, "big")), "y": b64(n.y.to_bytes(32, "big"))}
how = sys.argv[2]
if how == "use-enc":
    extra["use"] = "enc"
elif how == "short-x":
    extra["x"] = b64(n.x.to_bytes(32, "big")[1:])
elif how == "dup-kid":
    extra["kid"] = keys[0]["kid"]
elif how == "private":
    extra["d"] = b64(b"\x01" * 32)
elif how == "off-curve":
    y = bytearray(n.y.to_bytes(32, "big"))
    y[31] ^= 1
    extra["y"] = b64(bytes(y))
print(json.dumps({"keys": keys + [extra]}))
PY
	chmod 0644 "$W/jwks.json"
}

variant good
expect "a two-key set: the token's key logs in" success alice "$(mint --identifier alice@example.com)"
for v in use-enc short-x dup-kid private; do
	variant "$v"
	log_mark
	expect "another key of the set is bad ($v): every login refused" \
	    authinfo_unavail alice "$good"
	expect_log "... and the log says the key set was refused ($v)" \
	    "key set|JWK"
done
variant off-curve
expect "another key is off the curve, unused: the token's key logs in" \
    success alice "$(mint --identifier alice@example.com)"
offtok=$(mint --identifier alice@example.com --header 'kid="extra"')
log_mark
expect "a token naming the off-curve key is refused" authinfo_unavail \
    alice "$offtok"
expect_log "... because that key does not build" "JWK: EC point"
cp "$W/jwks.orig" "$W/jwks.json"
expect "control: the original set" success alice "$(mint --identifier alice@example.com)"

finish

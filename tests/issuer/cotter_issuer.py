#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A throwaway Cotter-shaped token issuer for tests (never for production).

Run with Debian's interpreter (/usr/bin/python3: python3-jwt and
python3-cryptography).  Keys live in a directory of the caller's choice.

  cotter_issuer.py keygen DIR [--alg ALG] [--kid KID] [--bits N]
        ALG: ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA
  cotter_issuer.py jwks DIR                 # JWK Set of every key in DIR
  cotter_issuer.py mint DIR --aud API_KEY_ID [--identifier ID | --no-identifier]
        [--sub S] [--kid KID] [--type T | --no-type] [--iss I]
        [--exp-in SECONDS] [--iat-offset SECONDS] [--nbf-offset SECONDS]
        [--claim NAME=JSON ...] [--header NAME=JSON ...]

The token goes to standard output; nothing else is printed on success.
"""

import argparse
import json
import os
import sys
import time
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

# RFC 7518 3.1, RFC 8037 3.1: the algorithms and what their keys are.
ALGS = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512",
        "PS256", "PS384", "PS512", "EdDSA"]
CURVES = {"ES256": (ec.SECP256R1, "P-256", 32),
          "ES384": (ec.SECP384R1, "P-384", 48),
          "ES512": (ec.SECP521R1, "P-521", 66)}


def _b64(n, length):
    return jwt.utils.base64url_encode(n.to_bytes(length, "big")).decode()


def _key_files(d):
    return sorted(f for f in os.listdir(d) if f.endswith(".pem"))


def _kid_of(fname):
    return fname[: -len(".pem")].split("__", 1)[1]


def _alg_of(fname):
    return fname.split("__", 1)[0]


def _fname(alg, kid):
    if "/" in kid or kid.startswith("."):
        raise SystemExit("kid unusable as a file name")
    return "%s__%s.pem" % (alg, kid)


def keygen(args):
    os.makedirs(args.dir, exist_ok=True)
    kid = args.kid or "SPACE_JWT_PUBLIC:%s" % uuid.uuid4()
    if args.alg in CURVES:
        key = ec.generate_private_key(CURVES[args.alg][0]())
    elif args.alg == "EdDSA":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=args.bits)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = os.path.join(args.dir, _fname(args.alg, kid))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    print(kid)


def _load(d, fname):
    with open(os.path.join(d, fname), "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def _public_jwk(alg, kid, key):
    if alg == "EdDSA":
        raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                            serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "kid": kid, "use": "sig",
                "alg": "EdDSA",
                "x": jwt.utils.base64url_encode(raw).decode()}
    pub = key.public_key().public_numbers()
    if alg in CURVES:
        _, crv, size = CURVES[alg]
        return {"kty": "EC", "crv": crv, "kid": kid, "use": "sig",
                "alg": alg, "x": _b64(pub.x, size), "y": _b64(pub.y, size)}
    nlen = (pub.n.bit_length() + 7) // 8
    elen = (pub.e.bit_length() + 7) // 8
    return {"kty": "RSA", "kid": kid, "use": "sig", "alg": alg,
            "n": _b64(pub.n, nlen), "e": _b64(pub.e, elen)}


def jwks(args):
    keys = [_public_jwk(_alg_of(f), _kid_of(f), _load(args.dir, f))
            for f in _key_files(args.dir)]
    json.dump({"keys": keys}, sys.stdout)
    sys.stdout.write("\n")


def _pick(d, kid):
    files = _key_files(d)
    if kid is not None:
        files = [f for f in files if _kid_of(f) == kid]
    if not files:
        raise SystemExit("no such key")
    return files[0]


def _kv(pairs):
    out = {}
    for p in pairs or []:
        name, _, value = p.partition("=")
        out[name] = json.loads(value)
    return out


def mint(args):
    fname = _pick(args.dir, args.kid)
    alg, kid = _alg_of(fname), _kid_of(fname)
    now = int(time.time()) if args.now is None else args.now
    claims = {
        "client_user_id": str(uuid.uuid4()),
        "authentication_method": "OTP",
        "type": args.type,
        "scope": "access",
        "aud": args.aud,
        "exp": now + args.exp_in,
        "jti": str(uuid.uuid4()),
        "iat": now + args.iat_offset,
        "iss": args.iss,
        "sub": args.sub or str(uuid.uuid4()),
    }
    if not args.no_identifier:
        claims["identifier"] = args.identifier
    if args.no_type:
        del claims["type"]
    if args.nbf_offset is not None:
        claims["nbf"] = now + args.nbf_offset
    if args.no_jti:
        del claims["jti"]
    claims.update(_kv(args.claim))
    headers = {"kid": kid}
    headers.update(_kv(args.header))
    tok = jwt.encode(claims, _load(args.dir, fname), algorithm=alg,
                     headers=headers)
    sys.stdout.write(tok + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    k = sub.add_parser("keygen")
    k.add_argument("dir")
    k.add_argument("--alg", choices=ALGS, default="ES256")
    k.add_argument("--kid")
    k.add_argument("--bits", type=int, default=2048)
    j = sub.add_parser("jwks")
    j.add_argument("dir")
    m = sub.add_parser("mint")
    m.add_argument("dir")
    m.add_argument("--aud", required=True)
    m.add_argument("--identifier", default="alice@example.com")
    m.add_argument("--no-identifier", action="store_true")
    m.add_argument("--sub")
    m.add_argument("--kid")
    m.add_argument("--type", default="client_access_token")
    m.add_argument("--no-type", action="store_true")
    m.add_argument("--no-jti", action="store_true")  # issue 24
    m.add_argument("--iss", default="https://www.cotter.app")
    m.add_argument("--exp-in", type=int, default=3600)
    m.add_argument("--iat-offset", type=int, default=0)
    m.add_argument("--nbf-offset", type=int)
    m.add_argument("--now", type=int)
    m.add_argument("--claim", action="append")
    m.add_argument("--header", action="append")
    args = ap.parse_args()
    {"keygen": keygen, "jwks": jwks, "mint": mint}[args.cmd](args)


if __name__ == "__main__":
    main()

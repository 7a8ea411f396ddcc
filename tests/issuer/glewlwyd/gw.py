#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Drives a test glewlwyd (Debian 12's 2.7.5) over its HTTP API, the way
its web front end and an OAuth client would.  Sourced through
tests/issuer/glewlwyd.sh; run with Debian's interpreter (python3-
cryptography for the signing keys).  Test use only, never production.

  gw.py setup DIR URL             configure a fresh server (admin API)
  gw.py token DIR INST USER       access token by the password grant
                                  (RFC 6749 section 4.3); password on stdin
  gw.py token-code DIR INST USER  the same by the authorization code grant
                                  (RFC 6749 section 4.1, public client)
  gw.py token-code-resource DIR INST USER RESOURCE   with an RFC 8707
                                  resource indicator: aud = RESOURCE
  gw.py groups DIR USER G1,G2     set USER's "groups" property (admin API)
  gw.py device-start DIR INST     RFC 8628 section 3.1; prints JSON
  gw.py device-start-resource DIR INST RESOURCE    with RFC 8707 resource
  gw.py device-poll DIR INST DEVICE_CODE_FILE
                                  one token request (RFC 8628 section 3.4):
                                  prints the token, or the error code on
                                  stdout and exits 2
  gw.py device-poll-resource DIR INST DEVICE_CODE_FILE RESOURCE
  gw.py device-burst DIR INST DEVICE_CODE_FILE
                                  two polls within one second: prints the
                                  second answer (slow_down)
  gw.py device-approve DIR INST USER USER_CODE  password on stdin:
                                  log in, grant the scope, verify the code
  gw.py device-deny DIR INST USER_CODE    see device_deny()
  gw.py device-expire DIR INST USER_CODE  see device_expire()

DIR is the server directory of gw_start (tls/ca.pem, glewlwyd.db, url).
Tokens and passwords travel on stdin/stdout and files, never in argv.
"""

import base64
import contextlib
import io
import hashlib
import http.cookiejar
import json
import os
import sqlite3
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives.asymmetric import ec, rsa

ADMIN = ("admin", "password")   # the Debian init script's default admin
CLIENT = "pam-cotter"            # public client: device flow (RFC 8628)
PW_CLIENT = ("pam-cotter-pw", "pw-client-secret")  # confidential: password
SCOPE = "pam-login"              # scope == aud of the access token
INSTANCES = {"es256": "ES256", "rs256": "RS256"}
USERS = {
    # login: (password, email, groups)
    "alice": ("alice-pw", "alice@example.com", ["linux-admins", "developers"]),
    "bob": ("bob-pw", "bob@example.com", ["developers"]),
    "carol": ("carol-pw", "carol@example.com", []),
}


def b64u(n_or_bytes):
    if isinstance(n_or_bytes, int):
        n = n_or_bytes
        n_or_bytes = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    return base64.urlsafe_b64encode(n_or_bytes).rstrip(b"=").decode()


def private_jwk(alg, kid):
    """A private JWK (RFC 7517/7518) for glewlwyd's jwks-private."""
    if alg == "ES256":
        k = ec.generate_private_key(ec.SECP256R1()).private_numbers()
        pub = k.public_numbers
        return {"kty": "EC", "crv": "P-256", "alg": alg, "kid": kid,
                "use": "sig",
                "x": b64u(pub.x.to_bytes(32, "big")),
                "y": b64u(pub.y.to_bytes(32, "big")),
                "d": b64u(k.private_value.to_bytes(32, "big"))}
    k = rsa.generate_private_key(65537, 2048).private_numbers()
    return {"kty": "RSA", "alg": alg, "kid": kid, "use": "sig",
            "n": b64u(k.public_numbers.n), "e": b64u(k.public_numbers.e),
            "d": b64u(k.d), "p": b64u(k.p), "q": b64u(k.q),
            "dp": b64u(k.dmp1), "dq": b64u(k.dmq1), "qi": b64u(k.iqmp)}


class Server:
    """One HTTP session (its own cookie jar) with the server in DIR."""

    def __init__(self, d):
        self.dir = d
        with open(os.path.join(d, "url")) as f:
            self.url = f.read().strip()
        ctx = ssl.create_default_context(cafile=os.path.join(d, "tls",
                                                             "ca.pem"))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=ctx),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect())

    def call(self, method, path, body=None, form=None):
        """(status, headers, parsed JSON or text)."""
        data, hdr = None, {}
        if body is not None:
            data = json.dumps(body).encode()
            hdr["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdr["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.url + path, data=data,
                                     headers=hdr, method=method)
        try:
            with self.opener.open(req, timeout=30) as r:
                status, headers, raw = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, headers, raw = e.code, e.headers, e.read()
        try:
            return status, headers, json.loads(raw or b"null")
        except ValueError:
            return status, headers, raw.decode(errors="replace")

    def ok(self, method, path, body=None, form=None):
        st, _, res = self.call(method, path, body, form)
        if st != 200:
            sys.exit("gw.py: %s %s: HTTP %d %s" % (method, path, st, res))
        return res

    def login(self, user, password):
        self.ok("POST", "/api/auth/", {"username": user,
                                       "password": password})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def setup_user_module(s):
    """Adds a multi-valued "groups" property to the database backend."""
    mod = s.ok("GET", "/api/mod/user/database")
    fmt = mod["parameters"].setdefault("data-format", {})
    fmt["groups"] = {"multiple": True, "read": True, "write": True,
                     "profile-read": True, "profile-write": False}
    for k in ("enabled",):
        mod.pop(k, None)
    s.ok("PUT", "/api/mod/user/database", mod)
    s.ok("PUT", "/api/mod/user/database/reset")


def plugin(inst, alg, iss):
    kid = "gw-%s-1" % inst
    return {
        "module": "oidc", "name": inst, "display_name": inst,
        "enabled": True,
        "parameters": {
            "iss": iss,
            "jwks-private": json.dumps({"keys": [private_jwk(alg, kid)]}),
            "default-kid": kid,
            "jwks-show": True,
            "code-duration": 600,
            "refresh-token-duration": 1209600,
            "access-token-duration": int(os.environ.get("GW_AT_DURATION",
                                                        "3600")),
            "allow-non-oidc": True,
            "auth-type-code-enabled": True,
            "auth-type-password-enabled": True,
            "auth-type-device-enabled": True,
            "auth-type-refresh-enabled": True,
            "auth-type-client-enabled": False,
            "auth-type-token-enabled": False,
            "auth-type-implicit-enabled": False,
            "device-authorization-expiration":
                int(os.environ.get("GW_DEVICE_EXPIRES", "600")),
            "device-authorization-interval":
                int(os.environ.get("GW_DEVICE_INTERVAL", "1")),
            "subject-type": "public",
            # RFC 8707 resource indicators, for a per-host audience: a
            # token request naming one of these gets it as aud (code and
            # device flows; glewlwyd's password grant ignores resource)
            "resource-allowed": True,
            "resource-scope": {SCOPE: os.environ.get(
                "GW_RESOURCES",
                "https://host-a.example/ https://host-b.example/").split()},
            "additional-parameters": [
                {"user-parameter": "email", "token-parameter": "email"},
                {"user-parameter": "groups", "token-parameter": "groups"},
            ],
        },
    }


def setup(d, url):
    with open(os.path.join(d, "url"), "w") as f:
        f.write(url + "\n")
    s = Server(d)
    s.login(*ADMIN)
    setup_user_module(s)
    s.ok("POST", "/api/scope/", {
        "name": SCOPE, "display_name": "PAM login",
        "description": "access tokens for pam_cotter", "password_required":
        True, "password_max_age": 0, "scheme": {}})
    for inst, alg in INSTANCES.items():
        s.ok("POST", "/api/mod/plugin/", plugin(inst, alg,
                                                iss(url, inst)))
    s.ok("POST", "/api/client/", {
        "client_id": CLIENT, "name": "pam_cotter tests",
        "confidential": False, "enabled": True, "scope": [SCOPE],
        "redirect_uri": [url + "/cb"],
        "authorization_type": ["device_authorization", "code",
                               "refresh_token"]})
    # glewlwyd refuses the password grant to a public client
    s.ok("POST", "/api/client/", {
        "client_id": PW_CLIENT[0], "name": "pam_cotter tests (password)",
        "confidential": True, "client_secret": PW_CLIENT[1],
        "token_endpoint_auth_method": ["client_secret_post"],
        "enabled": True, "scope": [SCOPE], "redirect_uri": [],
        # issue 25: the device grant of a confidential client too
        "authorization_type": ["password", "device_authorization"]})
    for user, (pw, email, groups) in USERS.items():
        s.ok("POST", "/api/user/", {
            "username": user, "name": user, "email": email,
            "password": pw, "scope": [SCOPE], "enabled": True,
            "groups": groups})
    for user, (pw, _, _) in USERS.items():
        with open(os.path.join(d, "pw." + user), "w") as f:
            f.write(pw + "\n")


def iss(url, inst):
    return "%s/api/%s" % (url, inst)


def token_code(d, inst, user, resource=None):
    """Authorization code grant (RFC 6749 section 4.1) as a browser and a
    public client do it: log in, consent, /auth answers a redirect with
    the code, the client redeems it at the token endpoint."""
    pw = sys.stdin.readline().rstrip("\n")
    s = Server(d)
    s.login(user, pw)
    s.ok("PUT", "/api/auth/grant/" + CLIENT, {"scope": SCOPE})
    q = {"response_type": "code", "client_id": CLIENT, "scope": SCOPE,
         "redirect_uri": s.url + "/cb", "state": "st-1",
         "g_continue": ""}   # what the login page adds once logged in
    extra = {"resource": resource} if resource else {}
    q.update(extra)
    st, hdr, _ = s.call("GET", "/api/%s/auth?%s" % (
        inst, urllib.parse.urlencode(q)))
    loc = urllib.parse.urlparse(hdr.get("Location", "") if hdr else "")
    got = urllib.parse.parse_qs(loc.query)
    if st != 302 or got.get("state") != ["st-1"] or "code" not in got:
        print("gw.py: token-code: /auth HTTP %d %s" % (st, loc.geturl()),
              file=sys.stderr)
        return 1
    form = {"grant_type": "authorization_code", "client_id": CLIENT,
            "code": got["code"][0], "redirect_uri": s.url + "/cb"}
    form.update(extra)
    st, _, res = s.call("POST", "/api/%s/token/" % inst, form=form)
    if st != 200 or not isinstance(res, dict) or "access_token" not in res:
        print("gw.py: token-code: HTTP %d %s" % (st, res), file=sys.stderr)
        return 1
    print(res["access_token"])
    return 0


def groups(d, user, value):
    s = Server(d)
    s.login(*ADMIN)
    u = s.ok("GET", "/api/user/" + urllib.parse.quote(user))
    u["groups"] = [g for g in value.split(",") if g]
    for k in ("source", "username"):
        u.pop(k, None)
    s.ok("PUT", "/api/user/" + urllib.parse.quote(user), u)


def token(d, inst, user):
    pw = sys.stdin.readline().rstrip("\n")
    s = Server(d)
    st, _, res = s.call("POST", "/api/%s/token/" % inst, form={
        "grant_type": "password", "client_id": PW_CLIENT[0],
        "client_secret": PW_CLIENT[1], "username": user, "password": pw,
        "scope": SCOPE})
    if st != 200 or not isinstance(res, dict) or "access_token" not in res:
        err = res.get("error", "?") if isinstance(res, dict) else "?"
        print("gw.py: token: HTTP %d, error %s" % (st, err),
              file=sys.stderr)
        return 1
    print(res["access_token"])
    return 0


def device_start(d, inst, resource=None):
    s = Server(d)
    form = {"client_id": CLIENT, "scope": SCOPE}
    if resource:
        form["resource"] = resource
    res = s.ok("POST", "/api/%s/device_authorization/" % inst, form=form)
    print(json.dumps(res))
    return 0


def device_poll(d, inst, code_file, resource=None):
    with open(code_file) as f:
        code = f.read().strip()
    s = Server(d)
    form = {"grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "client_id": CLIENT, "device_code": code}
    if resource:
        form["resource"] = resource
    st, _, res = s.call("POST", "/api/%s/token/" % inst, form=form)
    if st == 200 and isinstance(res, dict) and "access_token" in res:
        print(res["access_token"])
        return 0
    print(res.get("error", "http_%d" % st) if isinstance(res, dict)
          else "http_%d" % st)
    return 2


def device_burst(d, inst, code_file):
    """Two polls inside one second of the clock the server shares with us
    (retried, at most 10 times, when they straddle a second): the second
    is the server's real answer to a client polling faster than the
    interval (RFC 8628 section 3.5: 'slow_down')."""
    for _ in range(10):
        t0 = int(time.time())
        with contextlib.redirect_stdout(io.StringIO()):
            device_poll(d, inst, code_file)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = device_poll(d, inst, code_file)
        if int(time.time()) == t0:
            print(out.getvalue(), end="")
            return rc
    return 1


def device_approve(d, inst, user, user_code):
    """What a person does in the browser: log in, consent to the client's
    scope, open the verification URI with the code and continue."""
    pw = sys.stdin.readline().rstrip("\n")
    s = Server(d)
    s.login(user, pw)
    # Consent for both clients: the public one and (issue 25) the
    # confidential one, whichever asked for this code.
    for client in (CLIENT, PW_CLIENT[0]):
        s.ok("PUT", "/api/auth/grant/" + client, {"scope": SCOPE})
    q = urllib.parse.urlencode({"code": user_code, "g_continue": ""})
    st, hdr, _ = s.call("GET", "/api/%s/device?%s" % (inst, q))
    loc = hdr.get("Location", "") if hdr else ""
    if st != 302 or "prompt=deviceComplete" not in loc:
        print("gw.py: device-approve: HTTP %d, %s" % (st, loc),
              file=sys.stderr)
        return 1
    return 0


def pending_row(db, inst, user_code):
    """The id of the pending (status 0) request of USER_CODE: glewlwyd
    stores '{SHA512}' + base64(SHA-512(code)) (hash_algorithm SHA512)."""
    h = "{SHA512}" + base64.b64encode(
        hashlib.sha512(user_code.encode()).digest()).decode()
    row = db.execute(
        "SELECT gpoda_id FROM gpo_device_authorization WHERE "
        "gpoda_plugin_name = ? AND gpoda_user_code_hash = ? AND "
        "gpoda_status = 0", (inst, h)).fetchone()
    if row is None:
        sys.exit("gw.py: no pending device request with that user code")
    return row[0]


def device_deny(d, inst, user_code):
    """Emulated: glewlwyd 2.7.5 has no "deny" for a device code.  This puts
    the request in the state glewlwyd itself gives pending requests of a
    disabled user (gpoda_status 3), so that its token endpoint answers
    the real 'access_denied' (RFC 8628 section 3.5)."""
    with sqlite3.connect(os.path.join(d, "glewlwyd.db"), timeout=30) as db:
        db.execute("UPDATE gpo_device_authorization SET gpoda_status = 3 "
                   "WHERE gpoda_id = ?", (pending_row(db, inst, user_code),))
    return 0


def device_expire(d, inst, user_code):
    """Emulated clock: moves the request's expiry into the past, so that
    the token endpoint answers the real 'expired_token' at once."""
    with sqlite3.connect(os.path.join(d, "glewlwyd.db"), timeout=30) as db:
        db.execute("UPDATE gpo_device_authorization SET gpoda_expires_at ="
                   " strftime('%s','now') - 60 WHERE gpoda_id = ?",
                   (pending_row(db, inst, user_code),))
    return 0


def main(argv):
    cmds = {
        "setup": (2, lambda a: setup(*a) or 0),
        "token": (3, lambda a: token(*a)),
        "groups": (3, lambda a: groups(*a) or 0),
        "device-start": (2, lambda a: device_start(*a)),
        "device-start-resource": (3, lambda a: device_start(*a)),
        "token-code": (3, lambda a: token_code(*a)),
        "token-code-resource": (4, lambda a: token_code(*a)),
        "device-poll": (3, lambda a: device_poll(*a)),
        "device-poll-resource": (4, lambda a: device_poll(*a)),
        "device-burst": (3, lambda a: device_burst(*a)),
        "device-approve": (4, lambda a: device_approve(*a)),
        "device-deny": (3, lambda a: device_deny(*a)),
        "device-expire": (3, lambda a: device_expire(*a)),
    }
    if len(argv) < 2 or argv[1] not in cmds or \
            len(argv) - 2 != cmds[argv[1]][0]:
        print(__doc__, file=sys.stderr)
        return 64
    return cmds[argv[1]][1](argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))

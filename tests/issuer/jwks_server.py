#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""An HTTPS JWKS endpoint for the fetcher tests (never for production).
Run with Debian's interpreter (python3-cryptography; stdlib otherwise).

  jwks_server.py --dir DIR --port-file FILE --jwks FILE
      --cert good|wronghost|expired|selfsigned
      [--mode-file FILE] [--count-file FILE] [--lifetime SECONDS]

Listens on 127.0.0.1 on an ephemeral port and writes that port to
--port-file (temp file + rename, after listening), so a test can wait for
the file.  GET /jwks serves the bytes of --jwks with an ETag (quoted
sha256 of the body) and Last-Modified, and answers a matching
If-None-Match (or, without one, an unchanged If-Modified-Since) with 304
(RFC 7232 sections 3.2, 3.3, 6).  Every request adds one to the counter in
--count-file (temp + rename, under a lock).  The fault mode is read from
--mode-file at each request (one word; no file means "ok"):

  ok         the JWKS, honouring conditional requests
  slow       the JWKS at one byte per second
  huge       a 10 MB body with its Content-Length
  huge-nolength  a 10 MB body without Content-Length (close-delimited)
  truncated  Content-Length larger than the body, then close
  html       200 text/html
  404, 500   those statuses
  redirect   302 to http://127.0.0.1:PORT/jwks
  private    a set whose key carries the private member "d"
  dupkid     two different keys with the same kid
  empty      {"keys":[]}
  offcurve   the set plus a key whose point is off P-256 (structurally
             fine, cryptographically bad: issue 15)
  hang       read the request, never answer (gives up after 60 s)
  wide       the set plus an unused top-level object of 65 members (jansson
             takes it, the module's reader does not: issue 19)
  wide64     the same with 64 members (both readers take it)
  bigreal    the set plus an unused top-level real 1e308 (the same)
  real307    the same with 1e307 (both readers take it)

A POST to /jwks (issue 25: a device authorization or token endpoint
that answers garbage) gets what a GET gets in the same mode: the JWKS
in "ok" (no device_code, no access_token), a web page in "html", no
answer in "hang".

Fault modes ignore conditional headers.  The server exits by itself after
--lifetime seconds (default 600) and cleanly on SIGTERM.
"""

import argparse
import base64
import email.utils
import hashlib
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives.asymmetric import ec

HANG_LIMIT = 60
HUGE = 10 * 1024 * 1024


def _atomic_write(path, text):
    tmp = "%s.tmp.%d.%d" % (path, os.getpid(), threading.get_ident())
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _fresh_ec_jwk(kid):
    pub = ec.generate_private_key(ec.SECP256R1()).public_key()
    nums = pub.public_numbers()
    return {"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig",
            "alg": "ES256", "x": _b64(nums.x.to_bytes(32, "big")),
            "y": _b64(nums.y.to_bytes(32, "big"))}


def _off_curve_jwk(kid):
    k = _fresh_ec_jwk(kid)
    y = bytearray(base64.urlsafe_b64decode(k["y"] + "="))
    y[31] ^= 1
    k["y"] = _b64(bytes(y))
    return k


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, args, ctx):
        self.args = args
        self.ctx = ctx
        self.count = 0
        self.count_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the request's own thread, so a client
        # that stalls or refuses our certificate blocks nobody else.
        request.settimeout(HANG_LIMIT + 5)
        try:
            tls = self.ctx.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        pass            # a client that went away is a normal event here

    def bump(self):
        with self.count_lock:
            self.count += 1
            if self.args.count_file:
                _atomic_write(self.args.count_file, "%d\n" % self.count)


class Handler(BaseHTTPRequestHandler):
    server_version = "ct-jwks-test/1"
    timeout = HANG_LIMIT + 5

    def log_message(self, fmt, *args):
        pass

    def _mode(self):
        path = self.server.args.mode_file
        try:
            with open(path) as f:
                return f.read().strip() or "ok"
        except (OSError, TypeError):
            return "ok"

    def _send(self, status, body, ctype="application/json", extra=None,
              length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length",
                         str(len(body) if length is None else length))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _jwks(self):
        with open(self.server.args.jwks, "rb") as f:
            body = f.read()
        mtime = int(os.stat(self.server.args.jwks).st_mtime)
        return body, mtime

    def _not_modified(self, etag, mtime):
        inm = self.headers.get("If-None-Match")
        if inm is not None:     # RFC 7232 section 6: it takes precedence
            tags = [t.strip() for t in inm.split(",")]
            tags = [t[2:] if t.startswith("W/") else t for t in tags]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is not None:
            try:
                when = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return mtime <= when
        return False

    def _ok(self):
        body, mtime = self._jwks()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()
        validators = {"ETag": etag, "Last-Modified":
                      email.utils.formatdate(mtime, usegmt=True)}
        if self._not_modified(etag, mtime):
            self.send_response(304)
            for k, v in validators.items():
                self.send_header(k, v)
            self.end_headers()
            return
        self._send(200, body, extra=validators)

    def _slow(self):
        body, _ = self._jwks()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        for i in range(len(body)):
            self.wfile.write(body[i:i + 1])
            self.wfile.flush()
            time.sleep(1)

    def _huge(self, with_length):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if with_length:
            self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        chunk = b" " * 65536
        for _ in range(HUGE // len(chunk)):
            self.wfile.write(chunk)
        self.wfile.flush()
        self.close_connection = True

    def _truncated(self):
        body, _ = self._jwks()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) + 1000))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def _hang(self):
        # Never answer; return when the client gives up (EOF or error)
        # or after HANG_LIMIT seconds.
        self.connection.settimeout(HANG_LIMIT)
        try:
            while self.connection.recv(1):
                pass
        except (OSError, ssl.SSLError):
            pass
        self.close_connection = True

    def _set(self, mutate):
        body, _ = self._jwks()
        keys = json.loads(body)["keys"]
        self._send(200, json.dumps({"keys": mutate(keys)}).encode())

    def _extra(self, name, value):
        body, _ = self._jwks()
        doc = json.loads(body)
        doc[name] = value
        self._send(200, json.dumps(doc).encode())

    def _redirect(self):
        port = self.server.server_address[1]
        self._send(302, b"", extra={
            "Location": "http://127.0.0.1:%d/jwks" % port})

    def do_GET(self):
        self.server.bump()
        mode = self._mode()
        if self.path != "/jwks":
            self._send(404, b"not found\n", "text/plain")
            return
        simple = {
            "ok": self._ok,
            "slow": self._slow,
            "huge": lambda: self._huge(True),
            "huge-nolength": lambda: self._huge(False),
            "truncated": self._truncated,
            "hang": self._hang,
            "redirect": self._redirect,
            "html": lambda: self._send(
                200, b"<html><body>Service unavailable</body></html>\n",
                "text/html"),
            "404": lambda: self._send(404, b"not found\n", "text/plain"),
            "500": lambda: self._send(500, b"oops\n", "text/plain"),
            "private": lambda: self._set(
                lambda k: [dict(k[0], d=_b64(os.urandom(32)))] + k[1:]),
            "dupkid": lambda: self._set(
                lambda k: [k[0], _fresh_ec_jwk(k[0]["kid"])]),
            "empty": lambda: self._set(lambda k: []),
            "wide": lambda: self._extra(
                "x", {"m%d" % i: 0 for i in range(65)}),
            "wide64": lambda: self._extra(
                "x", {"m%d" % i: 0 for i in range(64)}),
            "bigreal": lambda: self._extra("x", 1e308),
            "real307": lambda: self._extra("x", 1e307),
            "offcurve": lambda: self._set(
                lambda k: k + [_off_curve_jwk(k[0]["kid"] + "-bad")]),
        }
        try:
            simple.get(mode, lambda: self._send(
                500, b"unknown mode\n", "text/plain"))()
        except (OSError, ssl.SSLError):
            self.close_connection = True    # the client went away

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= 65536:
            self.rfile.read(length)     # the form: never looked at
        self.do_GET()


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--jwks", required=True)
    p.add_argument("--cert", required=True,
                   choices=["good", "wronghost", "expired", "selfsigned"])
    p.add_argument("--mode-file")
    p.add_argument("--count-file")
    p.add_argument("--lifetime", type=float, default=600.0)
    args = p.parse_args(argv[1:])

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(args.dir, args.cert + ".pem"),
                        os.path.join(args.dir, args.cert + ".key"))

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())

    httpd = Server(args, ctx)
    if args.count_file:
        _atomic_write(args.count_file, "0\n")
    # Listening already (the constructor binds and listens): announce.
    _atomic_write(args.port_file, "%d\n" % httpd.server_address[1])

    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    stop.wait(args.lifetime)
    httpd.shutdown()
    httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

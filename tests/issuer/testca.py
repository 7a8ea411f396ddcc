#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A throwaway certificate authority for the fetcher tests (never for
production).  Run with Debian's interpreter (python3-cryptography).

  testca.py DIR

Creates in DIR (made if missing):
  ca.pem, ca.key                 the test CA
  good.pem, good.key             SAN DNS:localhost, IP:127.0.0.1, signed by the CA
  wronghost.pem, wronghost.key   SAN DNS:wrong.example only, signed by the CA
  expired.pem, expired.key       like good, but valid only in the past
  selfsigned.pem, selfsigned.key like good, but signed by itself, not the CA
Key files are mode 0600.
"""

import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DAY = datetime.timedelta(days=1)


def _name(cn):
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pam_cotter tests"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def _write_key(path, key):
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    if os.path.lexists(path):
        os.unlink(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    os.chmod(path, 0o600)


def _write_cert(path, cert):
    with open(path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    os.chmod(path, 0o644)


def make_ca(now):
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("pam_cotter test CA")
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - DAY)
        .not_valid_after(now + 30 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0),
                       critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False,
            key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_leaf(cn, sans, not_before, not_after, issuer_key, issuer_cert):
    key = ec.generate_private_key(ec.SECP256R1())
    if issuer_key is None:          # self-signed
        issuer_key, issuer_name = key, _name(cn)
        aki_key = key.public_key()
    else:
        issuer_name = issuer_cert.subject
        aki_key = issuer_key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
            critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(aki_key),
            critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    return key, cert


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: testca.py DIR\n")
        return 2
    d = argv[1]
    os.makedirs(d, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    good_sans = [x509.DNSName("localhost"),
                 x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    ca_key, ca_cert = make_ca(now)
    _write_key(os.path.join(d, "ca.key"), ca_key)
    _write_cert(os.path.join(d, "ca.pem"), ca_cert)
    leaves = {
        "good": (good_sans, now - DAY, now + 30 * DAY, ca_key, ca_cert),
        "wronghost": ([x509.DNSName("wrong.example")], now - DAY,
                      now + 30 * DAY, ca_key, ca_cert),
        "expired": (good_sans, now - 30 * DAY, now - DAY, ca_key, ca_cert),
        "selfsigned": (good_sans, now - DAY, now + 30 * DAY, None, None),
    }
    for name, (sans, nb, na, ikey, icert) in leaves.items():
        key, cert = make_leaf("pam_cotter test " + name, sans, nb, na,
                              ikey, icert)
        _write_key(os.path.join(d, name + ".key"), key)
        _write_cert(os.path.join(d, name + ".pem"), cert)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

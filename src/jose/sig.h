/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sig.h - JWS signature verification with OpenSSL 3 EVP
 * (RFC 7518 sections 3.3, 3.4, 3.5; RFC 8037 section 3.1).
 */
#ifndef CT_SIG_H
#define CT_SIG_H

#include <stddef.h>

#include "alg.h"
#include "err.h"
#include "jwk.h"

/*
 * Verifies sig over msg with key under alg.  The key must fit alg
 * (ct_key_fits: RFC 8725 3.1) and be of its type and curve.  ES*: sig must
 * be exactly R||S of the curve's size (RFC 7518 3.4), R and S each in
 * [1, n-1], converted to DER.  RS*, PS* (RFC 7518 3.3, 3.5): sig length
 * must equal the modulus length; PSS salt = hash length, MGF1 = the hash.
 * EdDSA (RFC 8037 3.1): Ed25519 only, 64 bytes.
 * Returns CT_OK only for a valid signature, otherwise CT_EAUTH (or
 * CT_ENOMEM).
 */
int ct_sig_verify(const struct ct_key *key, enum ct_alg alg,
    const unsigned char *msg, size_t msglen, const unsigned char *sig,
    size_t siglen, struct ct_err *e);

#endif

/*
 * sig.h - JWS signature verification with OpenSSL 3 EVP
 * (RFC 7518 sections 3.3 and 3.4).
 */
#ifndef CT_SIG_H
#define CT_SIG_H

#include <stddef.h>

#include "alg.h"
#include "err.h"
#include "jwk.h"

/*
 * Verifies sig over msg with key under alg.  alg must equal key->alg
 * (RFC 8725 3.1).  ES256: sig must be exactly 64 bytes R||S
 * (RFC 7518 3.4), R and S each in [1, n-1], converted to DER for
 * EVP_DigestVerify.  RS256: sig length must equal the modulus length.
 * Returns CT_OK only for a valid signature, otherwise CT_EAUTH (or
 * CT_ENOMEM).
 */
int ct_sig_verify(const struct ct_key *key, enum ct_alg alg,
    const unsigned char *msg, size_t msglen, const unsigned char *sig,
    size_t siglen, struct ct_err *e);

#endif

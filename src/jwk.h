/*
 * jwk.h - one JSON Web Key (RFC 7517 section 4, RFC 7518 section 6) to an
 * OpenSSL 3 public key, validated on load.
 */
#ifndef CT_JWK_H
#define CT_JWK_H

#include <jansson.h>
#include <openssl/evp.h>

#include "alg.h"
#include "err.h"

#define CT_KID_MAX 256		/* longest kid we store (bytes) */
#define CT_RSA_MIN_BITS 2048
#define CT_RSA_MAX_BITS 8192

struct ct_key {
	char *kid;		/* NULL when the JWK has no "kid" */
	enum ct_alg alg;	/* the one algorithm this key fits */
	EVP_PKEY *pkey;		/* public key */
};

/*
 * Loads one JWK object.  Accepts only:
 *  - kty "EC", crv "P-256", x and y each decoding to exactly 32 bytes, the
 *    point on the curve (EVP_PKEY_public_check_quick: for P-256, whose
 *    cofactor is 1, the full SP 800-56A validation) -> CT_ALG_ES256;
 *  - kty "RSA", n of 2048..8192 bits with no leading zero octet
 *    (RFC 7518 6.3.1.1), e odd, >= 3, at most 4 octets, no leading zero
 *    octet, and n not carrying the ROCA fingerprint (CVE-2017-15361)
 *    -> CT_ALG_RS256.
 * Refuses: any private member (d p q dp dq qi oth k), kty "oct" or any
 * other kty, "use" other than "sig", "alg" present and not the key's
 * algorithm, "key_ops" present without "verify", kid not a string or
 * longer than CT_KID_MAX, members of the wrong JSON type.
 * Returns CT_OK and fills *key (free with ct_key_clear), or CT_ENOKEYS with
 * a reason in e.
 */
int ct_jwk_load(const json_t *jwk, struct ct_key *key, struct ct_err *e);

/* Frees what ct_jwk_load put in key and zeroes it.  NULL-safe. */
void ct_key_clear(struct ct_key *key);

#endif

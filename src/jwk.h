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
	EVP_PKEY *pkey;		/* public key; NULL until ct_jwk_build */
	json_t *jwk;		/* the checked JWK, until it is built */
};

/*
 * Loads one JWK object: ct_jwk_check, then ct_jwk_build.  Accepts only:
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

/*
 * The structure half of ct_jwk_load (issue 15): every rule above that
 * needs no big-number or curve arithmetic (members and their types, kty,
 * crv, alg, use, key_ops, kid, x and y of 32 bytes, the octet sizes and
 * parity of n and e).  Fills key->kid, key->alg and key->jwk (a reference
 * to jwk); key->pkey stays NULL.  Returns CT_OK or CT_ENOKEYS.
 */
int ct_jwk_check(const json_t *jwk, struct ct_key *key, struct ct_err *e);

/*
 * The cryptographic half: builds key->pkey from a key ct_jwk_check
 * accepted (point on P-256; RSA bit length, no ROCA fingerprint, OpenSSL's
 * own checks).  Does nothing when the key is built already.  On refusal
 * the key stays unbuilt and CT_ENOKEYS says why.
 */
int ct_jwk_build(struct ct_key *key, struct ct_err *e);

/* Frees what ct_jwk_check/ct_jwk_load put in key, zeroes it; NULL-safe. */
void ct_key_clear(struct ct_key *key);

#endif

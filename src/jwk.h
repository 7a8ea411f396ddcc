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
 * The members of a JWK that the rules below look at, however the JSON was
 * read (jansson, or the key set scanner of jwks_scan.c): one set of rules,
 * ct_jwk_check_fields, for both.
 */
enum ct_jwk_type { CT_JWK_ABSENT = 0, CT_JWK_STRING, CT_JWK_OTHER };
struct ct_jwk_str {
	enum ct_jwk_type type;
	const char *s;		/* len bytes when type is STRING */
	size_t len;		/* bytes, without the terminator */
	int b64alpha;		/* 1: the reader saw only base64url bytes */
};
enum ct_jwk_ops {
	CT_JWK_OPS_ABSENT = 0, CT_JWK_OPS_VERIFY, CT_JWK_OPS_NO_VERIFY,
	CT_JWK_OPS_NOT_STRING, CT_JWK_OPS_NOT_ARRAY
};
struct ct_jwk_fields {
	struct ct_jwk_str kty, crv, x, y, n, e, kid, use, alg;
	enum ct_jwk_ops key_ops;
	unsigned private_mask;	/* bit i: private member i present */
	int kid_by_ref;		/* 1: check the kid, leave key->kid NULL */
};

/* The fields of a jansson object. */
void ct_jwk_fields_of(const json_t *jwk, struct ct_jwk_fields *f);

/* Index of name (len bytes) among the private members, or -1. */
int ct_jwk_private_index(const char *name, size_t len);

/*
 * The structure rules of ct_jwk_check on fields: fills key->kid and
 * key->alg (key->jwk and key->pkey stay NULL).  CT_OK or CT_ENOKEYS.
 */
int ct_jwk_check_fields(const struct ct_jwk_fields *f, struct ct_key *key,
    struct ct_err *e);

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

/*
 * ct_jwk_build from the fields of a JWK that passed ct_jwk_check_fields
 * with key->alg (the key set reader's path, without a jansson tree).
 */
int ct_jwk_build_fields(const struct ct_jwk_fields *f, struct ct_key *key,
    struct ct_err *e);

/* Frees what ct_jwk_check/ct_jwk_load put in key, zeroes it; NULL-safe. */
void ct_key_clear(struct ct_key *key);

#endif

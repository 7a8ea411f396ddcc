/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jwk.h - one JSON Web Key (RFC 7517 section 4, RFC 7518 section 6) to an
 * OpenSSL 3 public key, validated on load.
 */
#ifndef CT_JWK_H
#define CT_JWK_H

#include <openssl/evp.h>

#include "alg.h"
#include "err.h"

#define CT_KID_MAX 256		/* longest kid we store (bytes) */
#define CT_RSA_MIN_BITS 2048
#define CT_RSA_MAX_BITS 8192

struct ct_jwk_fields;
struct ct_jwk_src;

struct ct_key {
	char *kid;		/* NULL when the JWK has no "kid" */
	enum ct_alg alg;	/* its algorithm (RSA without "alg": RS256) */
	EVP_PKEY *pkey;		/* public key; NULL until ct_jwk_build */
	void *jwk;		/* the checked JWK, until it is built */
	const struct ct_jwk_src *src;	/* how to read and free jwk */
	/*
	 * Every algorithm the key verifies (CT_ALG_* mask, issue 22): its
	 * type pins it (EC: the curve's one ES alg; OKP Ed25519: EdDSA; RSA:
	 * RS256..PS512, or the one its "alg" member names).  0 = alg only.
	 */
	unsigned algs;
};

/* 1 when key may verify alg (RFC 8725 3.1: the key fixes the family). */
int ct_key_fits(const struct ct_key *key, enum ct_alg alg);

/*
 * What holds key->jwk, as the reader that filled it knows it (issue 15:
 * the module's own path, jwk.c and jwks.c, names no JSON library; the
 * jansson path of jwk_json.c sets these).
 */
struct ct_jwk_src {
	void (*fields)(const void *jwk, struct ct_jwk_fields *f);
	void (*release)(void *jwk);
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

/* Index of name (len bytes) among the private members, or -1. */
int ct_jwk_private_index(const char *name, size_t len);

/* Name of private member i (bit i of private_mask), NULL past the last. */
const char *ct_jwk_private_name(size_t i);

/*
 * The structure rules of ct_jwk_check (jwk_json.h) on fields: fills
 * key->kid and key->alg (key->jwk and key->pkey stay NULL).  CT_OK or
 * CT_ENOKEYS.
 */
int ct_jwk_check_fields(const struct ct_jwk_fields *f, struct ct_key *key,
    struct ct_err *e);

/*
 * The cryptographic half: builds key->pkey from a key ct_jwk_check
 * accepted, reading key->jwk through key->src (point on its curve, Ed25519 key; RSA bit
 * length, no ROCA fingerprint, OpenSSL's own checks), then releases
 * key->jwk.  Does nothing when the key is built already.  On refusal the
 * key stays unbuilt and CT_ENOKEYS says why.
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

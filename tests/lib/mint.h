/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mint.h - a small token minting library for tests (never for production).
 *
 * Makes keys, publishes them as JWK / JWK Set text (RFC 7517), signs
 * compact JWS tokens (RFC 7515 7.1) with ES256/384/512 (raw R||S, RFC 7518
 * 3.4), RS256/384/512 (PKCS#1 v1.5, 3.3), PS256/384/512 (3.5) and EdDSA
 * (RFC 8037), and crafts the malformed and hostile
 * tokens the attack catalogue needs.  It uses OpenSSL 3 EVP only and none of
 * the library's own code, so a bug in the library cannot hide behind the
 * same bug here.
 *
 * Every function aborts (after printing the reason and OpenSSL's error
 * queue to stderr) when anything fails: a test never runs on a half-made
 * fixture.  Every returned pointer is malloc'd and owned by the caller
 * (free(), json_decref() or mint_key_free()).
 */
#ifndef MINT_H
#define MINT_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "alg.h"

#define MINT_ISSUER	"https://www.cotter.app"
#define MINT_KID_MAX	256

struct mint_key {
	EVP_PKEY *pkey;			/* private key */
	enum ct_alg alg;		/* any CT_ALG_* (one) */
	char kid[MINT_KID_MAX + 1];	/* "" means: no kid */
};

/*
 * New P-256 / RSA key.  kid NULL gives a Cotter-style kid
 * ("SPACE_JWT_PUBLIC:<UUID>"); kid "" gives a key without a kid.
 */
struct mint_key *mint_key_new_es256(const char *kid);
/*
 * A new key for any one alg (issue 22): P-256/384/521 for ES*, Ed25519
 * for EdDSA, RSA 2048 for RS* and PS*; its JWK names alg.
 */
struct mint_key *mint_key_new(enum ct_alg alg, const char *kid);
struct mint_key *mint_key_new_rs256(unsigned bits, const char *kid);
void mint_key_free(struct mint_key *k);

/* Base64url without padding (RFC 7515 section 2), own implementation. */
char *mint_b64url(const void *buf, size_t len);

/* A fresh random UUID, upper case, into out (37 bytes). */
void mint_uuid(char out[37]);

/* printf into a malloc'd string. */
char *mint_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* n copies of c, NUL-terminated. */
char *mint_repeat(char c, size_t n);

/* s with the first occurrence of from replaced by to (from must occur). */
char *mint_replace(const char *s, const char *from, const char *to);

/*
 * JSON object text `obj` with raw member text `member` (e.g.
 * "\"alg\":\"none\"") inserted before its final '}': a way to write
 * duplicate names, which jansson itself cannot produce.
 */
char *mint_json_with(const char *obj, const char *member);

/* Compact serialization of a jansson value. */
char *mint_json_dump(const json_t *v);

/* Public JWK of k as an object / as text; the set of n keys as text. */
json_t *mint_jwk_obj(const struct mint_key *k);
char *mint_jwk_json(const struct mint_key *k);
char *mint_jwks_json(const struct mint_key *const *keys, size_t n);

/* Public key as SubjectPublicKeyInfo PEM text. */
char *mint_pub_pem(const struct mint_key *k);

/*
 * Raw public key bytes: EC the uncompressed point (65 bytes, 0x04||X||Y),
 * RSA the big-endian modulus.
 */
unsigned char *mint_pub_raw(const struct mint_key *k, size_t *len);

/* The usual header: {"alg":<k's alg>,"kid":...,"typ":"JWT"}. */
char *mint_header(const struct mint_key *k);

/*
 * Cotter access-token claims (DESIGN.md): iss, aud, sub (a UUID),
 * identifier (omitted when NULL, as in 2020-era tokens),
 * authentication_method "OTP", type "client_access_token", scope "access",
 * client_user_id, exp now+3600, iat now, jti.
 */
json_t *mint_cotter_claims_obj(time_t now, const char *aud,
    const char *identifier);
char *mint_cotter_claims(time_t now, const char *aud, const char *identifier);

/*
 * JOSE signature of msg with k: ES* raw R||S (64, 96, 132 bytes), RS* the
 * PKCS#1 v1.5 block, PS* the PSS block, EdDSA the 64-byte signature.  mint_sign_der returns what EVP_DigestSign produced (for EC
 * the DER ECDSA-Sig-Value).
 */
unsigned char *mint_sign(const struct mint_key *k, const void *msg,
    size_t len, size_t *siglen);
unsigned char *mint_sign_der(const struct mint_key *k, const void *msg,
    size_t len, size_t *siglen);

/* HMAC of msg (EVP_MAC); md is "SHA256", "SHA384" or "SHA512". */
unsigned char *mint_hmac(const char *md, const void *key, size_t keylen,
    const void *msg, size_t len, size_t *maclen);

/*
 * Compact JWS.  The header and payload are the caller's JSON text (so
 * "alg":"none" is just text); header NULL means mint_header(k).  The key
 * decides how the signing input is signed, whatever the header says.
 */
char *mint_token(const struct mint_key *k, const char *header,
    const char *payload);

/* Signs the literal text "h64.p64" (segments the caller encoded). */
char *mint_token_segments(const struct mint_key *k, const char *h64,
    const char *p64);

/* b64(header).b64(payload).b64(sig) with a crafted signature. */
char *mint_token_raw_sig(const char *header, const char *payload,
    const unsigned char *sig, size_t siglen);

/* b64(header).b64(payload).b64(HMAC-md(key, signing input)). */
char *mint_token_hmac(const char *md, const void *key, size_t keylen,
    const char *header, const char *payload);

/*
 * A pool of things to free at the end of a test, so that a failing
 * assertion (which longjmps out of a cmocka test) leaks nothing and
 * valgrind reports only leaks of the code under test.  mint_keep(p) frees
 * p with free(), mint_keep_with(p, fn) with fn; both return p.
 * mint_drain frees everything kept, newest first; its signature is that of
 * a cmocka setup/teardown function (state is ignored), returns 0.
 */
void *mint_keep(void *p);
void *mint_keep_with(void *p, void (*fn)(void *));
void mint_free_json(void *p);	/* json_decref, for mint_keep_with */
int mint_drain(void **state);

/* Default realistic token: mint_header + mint_cotter_claims. */
char *mint_cotter_token(const struct mint_key *k, time_t now,
    const char *aud, const char *identifier);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * alg.h - the JWS algorithms this project knows (RFC 7518 section 3.1,
 * RFC 8037 section 3.1).
 *
 * RFC 8725 section 3.1: the algorithm is pinned by configuration and by the
 * key's type, never chosen by the token.
 */
#ifndef CT_ALG_H
#define CT_ALG_H

enum ct_alg {
	CT_ALG_UNKNOWN = 0,
	CT_ALG_ES256 = 1 << 0,	/* ECDSA P-256 SHA-256, RFC 7518 3.4 */
	CT_ALG_RS256 = 1 << 1,	/* RSASSA-PKCS1-v1_5 SHA-256, RFC 7518 3.3 */
	CT_ALG_ES384 = 1 << 2,	/* ECDSA P-384 SHA-384, RFC 7518 3.4 */
	CT_ALG_ES512 = 1 << 3,	/* ECDSA P-521 SHA-512, RFC 7518 3.4 */
	CT_ALG_RS384 = 1 << 4,	/* RSASSA-PKCS1-v1_5 SHA-384, RFC 7518 3.3 */
	CT_ALG_RS512 = 1 << 5,	/* RSASSA-PKCS1-v1_5 SHA-512, RFC 7518 3.3 */
	CT_ALG_PS256 = 1 << 6,	/* RSASSA-PSS SHA-256, RFC 7518 3.5 */
	CT_ALG_PS384 = 1 << 7,	/* RSASSA-PSS SHA-384, RFC 7518 3.5 */
	CT_ALG_PS512 = 1 << 8,	/* RSASSA-PSS SHA-512, RFC 7518 3.5 */
	CT_ALG_EDDSA = 1 << 9	/* EdDSA, Ed25519 keys only, RFC 8037 3.1 */
};

/* Every RSA algorithm: what an RSA key without an "alg" member fits. */
#define CT_ALG_RSA_ALL (CT_ALG_RS256 | CT_ALG_RS384 | CT_ALG_RS512 | \
	CT_ALG_PS256 | CT_ALG_PS384 | CT_ALG_PS512)
#define CT_ALG_ALL (CT_ALG_RSA_ALL | CT_ALG_ES256 | CT_ALG_ES384 | \
	CT_ALG_ES512 | CT_ALG_EDDSA)

/*
 * Exact, case-sensitive match of a JWS "alg" value: one of "ES256",
 * "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
 * "EdDSA".  Everything else ("none", "None", "HS256", "es256", "ES256 ",
 * "Ed25519", ...) is CT_ALG_UNKNOWN.
 */
enum ct_alg ct_alg_from_name(const char *name);

/* The name above, or "unknown" (also for a mask of several). */
const char *ct_alg_name(enum ct_alg alg);

/*
 * Parses a space- or comma-separated list such as "ES256 RS256" into a
 * bitmask.  Returns 0 on success; -1 for an empty list or any unknown
 * name (the first unknown word, at most badsize - 1 bytes of it, is
 * copied to bad when bad is not NULL).
 */
int ct_alg_parse_list(const char *list, unsigned *mask);
int ct_alg_parse_list_bad(const char *list, unsigned *mask, char *bad,
    size_t badsize);

#endif

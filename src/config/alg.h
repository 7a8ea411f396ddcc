/*
 * alg.h - the JWS algorithms this project knows (RFC 7518 section 3.1).
 *
 * RFC 8725 section 3.1: the algorithm is pinned by configuration and by the
 * key's type, never chosen by the token.
 */
#ifndef CT_ALG_H
#define CT_ALG_H

enum ct_alg {
	CT_ALG_UNKNOWN = 0,
	CT_ALG_ES256 = 1 << 0,	/* ECDSA P-256 SHA-256, RFC 7518 3.4 */
	CT_ALG_RS256 = 1 << 1	/* RSASSA-PKCS1-v1_5 SHA-256, RFC 7518 3.3 */
};

/*
 * Exact, case-sensitive match of a JWS "alg" value: "ES256" or "RS256".
 * Everything else ("none", "None", "HS256", "es256", "ES256 ", ...) is
 * CT_ALG_UNKNOWN.
 */
enum ct_alg ct_alg_from_name(const char *name);

/* "ES256", "RS256", or "unknown". */
const char *ct_alg_name(enum ct_alg alg);

/*
 * Parses a space-separated list such as "ES256 RS256" into a bitmask.
 * Returns 0 on success; -1 for an empty list or any unknown name.
 */
int ct_alg_parse_list(const char *list, unsigned *mask);

#endif

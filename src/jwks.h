/*
 * jwks.h - a JWK Set (RFC 7517 section 5): parse, validate whole, look up
 * by kid.
 */
#ifndef CT_JWKS_H
#define CT_JWKS_H

#include <stddef.h>

#include "err.h"
#include "jwk.h"

#define CT_JWKS_MAX_BYTES (256 * 1024)	/* cache file / body cap */
#define CT_JWKS_MAX_KEYS 64

struct ct_jwks {
	size_t nkeys;
	struct ct_key *keys;
};

/*
 * Parses len bytes of buf as a JWK Set: an object whose "keys" member is a
 * non-empty array of at most CT_JWKS_MAX_KEYS JWK objects.  The set is
 * taken whole or not at all: every key must pass ct_jwk_load, no two keys
 * may share a kid, and a set of more than one key must give every key a
 * kid.  Returns CT_OK with *out (free with ct_jwks_free) or CT_ENOKEYS.
 */
int ct_jwks_parse(const char *buf, size_t len, struct ct_jwks **out,
    struct ct_err *e);

/*
 * Reads and parses the cache file at path through ct_safe_read (regular
 * file, root-owned, not group/world-writable, O_NOFOLLOW, at most
 * CT_JWKS_MAX_BYTES).  A missing, unsafe or unparsable file is CT_ENOKEYS.
 */
int ct_jwks_load_file(const char *path, struct ct_jwks **out,
    struct ct_err *e);

/*
 * Chooses the key for a token (RFC 7515 section 4.1.4).  With kid != NULL:
 * the key whose kid is byte-for-byte equal, else CT_ENOKID ("unknown
 * kid"; a key refresh may bring it).
 * With kid == NULL: the only key of a one-key set, else CT_EAUTH.
 * Returns CT_OK and sets *key (owned by the set).
 */
int ct_jwks_find(const struct ct_jwks *set, const char *kid,
    const struct ct_key **key, struct ct_err *e);

void ct_jwks_free(struct ct_jwks *set);

/*
 * "kid#" and the first 8 hex digits of the SHA-256 of len bytes of kid:
 * how log lines name the kid of a token not verified yet (D5).
 */
void ct_jwks_kid_tag(const char *kid, size_t len, char out[16]);

#endif

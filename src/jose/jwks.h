/* SPDX-License-Identifier: BSD-3-Clause */
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
	/* Sets read by ct_jwks_parse_lazy: the text, each key's object. */
	char *text;
	size_t *off, *len;
	char *kids;		/* the keys' kids, one allocation */
};

/*
 * The rules of ct_jwks_parse (jwks_json.h: the fetcher's, through
 * jansson), but the text is read by the one-pass reader of
 * jwks_scan.c and every key is only checked for structure (the rules of
 * ct_jwk_check: a bad one still refuses the whole set); ct_jwks_find
 * reads again (ct_jwks_scan_key) and builds the one key a token names
 * (issue 15: a login's cost barely grows with the set).  Used for the
 * cache, which only the fetcher writes, after ct_jwks_parse.  No jansson:
 * the module's path.
 */
int ct_jwks_parse_lazy(const char *buf, size_t len, struct ct_jwks **out,
    struct ct_err *e);

/*
 * ct_jwks_parse_lazy on the len bytes of *buf (a malloc'd block), which
 * the set keeps as its text on CT_OK (*buf is then NULL) instead of a
 * copy.  The caller frees *buf either way.
 */
int ct_jwks_adopt_lazy(char **buf, size_t len, struct ct_jwks **out,
    struct ct_err *e);

/*
 * What every parser of a set checks (jwks.c, jwks_json.c): first, that out
 * is there (*out is set to NULL) and len is at most CT_JWKS_MAX_BYTES;
 * last, that no two keys share a kid and a set of more than one key gives
 * every key one (RFC 7517 4.5).  CT_OK or CT_ENOKEYS.
 */
int ct_jwks_parse_start(size_t len, struct ct_jwks **out, struct ct_err *e);
int ct_jwks_check_kids(const struct ct_jwks *set, struct ct_err *e);

/* Builds every key of a set not yet built; CT_ENOKEYS if one fails. */
int ct_jwks_build_all(struct ct_jwks *set, struct ct_err *e);

/*
 * Reads and parses the cache file at path through ct_safe_read (regular
 * file, root-owned, not group/world-writable, O_NOFOLLOW, at most
 * CT_JWKS_MAX_BYTES) with ct_jwks_parse_lazy.  A missing, unsafe or
 * unparsable file is CT_ENOKEYS.
 */
int ct_jwks_load_file(const char *path, struct ct_jwks **out,
    struct ct_err *e);

/*
 * Chooses the key for a token (RFC 7515 section 4.1.4).  With kid != NULL:
 * the key whose kid is byte-for-byte equal, else CT_ENOKID ("unknown
 * kid"; a key refresh may bring it).
 * With kid == NULL: the only key of a one-key set, else CT_EAUTH.
 * The key found is built (ct_jwk_build) if it was not: CT_ENOKEYS when it
 * does not build.  Returns CT_OK and sets *key (owned by the set).
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

/*
 * jwks.c - a JWK Set (RFC 7517 section 5): parse, validate whole, look up
 * by kid (RFC 7515 section 4.1.4).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "json.h"
#include "jwks.h"

/*
 * RFC 7517 4.5: kids should be unique within a set; we require it, and a
 * kid on every key of a set of more than one, so the lookup is never a
 * guess.
 */
static int
jwks_check_kids(const struct ct_jwks *set, struct ct_err *e)
{
	size_t i, j;
	int r = CT_ENOKEYS;

	for (i = 0; i < set->nkeys; i++) {
		if (set->nkeys > 1 && set->keys[i].kid == NULL) {
			r = ct_fail(e, CT_ENOKEYS, "key set: key %zu of %zu "
			    "has no kid", i, set->nkeys);
			goto out;
		}
		for (j = 0; j < i && set->keys[i].kid != NULL; j++) {
			if (set->keys[j].kid != NULL &&
			    strcmp(set->keys[i].kid, set->keys[j].kid) == 0) {
				r = ct_fail(e, CT_ENOKEYS, "key set: keys %zu "
				    "and %zu share a kid", j, i);
				goto out;
			}
		}
	}
	r = CT_OK;
out:
	return r;
}

/* RFC 7517 5.1: "keys" is an array of JWKs, taken whole or not at all. */
static int
jwks_load_keys(const json_t *keys, struct ct_jwks *set, struct ct_err *e)
{
	size_t i, n;
	int r = CT_ENOKEYS;

	if (keys == NULL || !json_is_array(keys)) {
		r = ct_fail(e, CT_ENOKEYS, "key set: \"keys\" missing or not "
		    "an array");
		goto out;
	}
	n = json_array_size(keys);
	if (n == 0 || n > CT_JWKS_MAX_KEYS) {
		r = ct_fail(e, CT_ENOKEYS, "key set: %zu keys (want 1..%d)",
		    n, CT_JWKS_MAX_KEYS);
		goto out;
	}
	if ((set->keys = calloc(n, sizeof(*set->keys))) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "key set: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		/* Fail closed: one unusable key refuses the whole set. */
		if ((r = ct_jwk_load(json_array_get(keys, i), &set->keys[i],
		    e)) != CT_OK)
			goto out;
		set->nkeys = i + 1;
	}
	r = CT_OK;
out:
	return r;
}

int
ct_jwks_parse(const char *buf, size_t len, struct ct_jwks **out,
    struct ct_err *e)
{
	struct ct_jwks *set = NULL;
	json_t *root = NULL;
	int r = CT_ENOKEYS;

	if (out == NULL)
		goto out;
	*out = NULL;
	if (len > CT_JWKS_MAX_BYTES) {
		r = ct_fail(e, CT_ENOKEYS, "key set: larger than %d bytes",
		    CT_JWKS_MAX_BYTES);
		goto out;
	}
	if ((root = ct_json_parse_object(buf, len, "key set", CT_ENOKEYS,
	    e)) == NULL) {
		r = CT_ENOKEYS;
		goto out;
	}
	if ((set = calloc(1, sizeof(*set))) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "key set: out of memory");
		goto out;
	}
	if ((r = jwks_load_keys(json_object_get(root, "keys"), set,
	    e)) != CT_OK)
		goto out;
	if ((r = jwks_check_kids(set, e)) != CT_OK)
		goto out;
	*out = set;
	set = NULL;
	r = CT_OK;
out:
	ct_jwks_free(set);
	json_decref(root);
	return r;
}

/*
 * The kid of a token whose signature nobody checked yet is the sender's
 * text: log it only as "kid#" and the first 8 hex digits of its SHA-256
 * (D5), enough to tell kids apart, nothing a log reader could mistake.
 */
static void
kid_tag(const char *kid, size_t len, char out[16])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int i;

	(void)strcpy(out, "kid#?");
	if (EVP_Digest(kid, len, md, &mdlen, EVP_sha256(), NULL) == 1 &&
	    mdlen >= 4) {
		for (i = 0; i < 4; i++) {
			out[4 + 2 * i] = hex[md[i] >> 4];
			out[5 + 2 * i] = hex[md[i] & 0x0f];
		}
		out[12] = '\0';
	}
}

int
ct_jwks_find(const struct ct_jwks *set, const char *kid,
    const struct ct_key **key, struct ct_err *e)
{
	const struct ct_key *found = NULL;
	char tag[16];
	size_t i, kidlen;
	int r = CT_EAUTH;

	if (set == NULL || key == NULL || set->nkeys == 0) {
		r = ct_fail(e, CT_EAUTH, "no key set");
		goto out;
	}
	/* RFC 7515 4.1.4: without a kid only a lone key is certain. */
	if (kid == NULL && set->nkeys != 1) {
		r = ct_fail(e, CT_EAUTH, "token has no kid and the key set "
		    "has %zu keys", set->nkeys);
		goto out;
	}
	if (kid == NULL)
		found = &set->keys[0];
	/* Byte-for-byte equality only; a longer kid can match nothing. */
	kidlen = kid == NULL ? 0 : strnlen(kid, CT_KID_MAX + 1);
	for (i = 0; kid != NULL && kidlen <= CT_KID_MAX && found == NULL &&
	    i < set->nkeys; i++) {
		if (set->keys[i].kid != NULL &&
		    strcmp(set->keys[i].kid, kid) == 0)
			found = &set->keys[i];
	}
	if (found == NULL) {
		kid_tag(kid, kidlen, tag);
		/* A refresh may bring it (the caller decides). */
		r = ct_fail(e, CT_ENOKID, "unknown kid (%s)", tag);
		goto out;
	}
	*key = found;
	r = CT_OK;
out:
	return r;
}

void
ct_jwks_free(struct ct_jwks *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->nkeys; i++)
		ct_key_clear(&set->keys[i]);
	free(set->keys);
	free(set);
}

void
ct_jwks_kid_tag(const char *kid, size_t len, char out[16])
{
	kid_tag(kid, len, out);
}

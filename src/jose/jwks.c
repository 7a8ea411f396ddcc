/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jwks.c - a JWK Set (RFC 7517 section 5): parse, validate whole, look up
 * by kid (RFC 7515 section 4.1.4).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "jwks.h"
#include "jwks_scan.h"

/*
 * RFC 7517 4.5: kids should be unique within a set; we require it, and a
 * kid on every key of a set of more than one, so the lookup is never a
 * guess.
 */
/*
 * Where the search for kid s starts: its length and its first and last
 * (up to) eight bytes, mixed (issue 15: every key of the set, every
 * login).  Equal kids are found by strcmp whatever the hash says, and a
 * set holds at most CT_JWKS_MAX_KEYS keys: kids alike in those bytes cost
 * comparisons, never a wrong answer.
 */
static uint64_t
kid_hash(const char *s)
{
	size_t len = strlen(s), n = len < 8 ? len : 8;
	uint64_t a = 0, b = 0;

	memcpy(&a, s, n);
	memcpy(&b, s + len - n, n);
	/* MurmurHash3's 64-bit finalizer: every input bit reaches the low
	 * bits the caller keeps. */
	a ^= b * 0x9e3779b97f4a7c15ULL + len;
	a ^= a >> 33;
	a *= 0xff51afd7ed558ccdULL;
	a ^= a >> 33;
	a *= 0xc4ceb9fe1a85ec53ULL;
	a ^= a >> 33;
	return a;
}

int
ct_jwks_check_kids(const struct ct_jwks *set, struct ct_err *e)
{
	/* Open addressing, twice as many slots as keys: n, not n^2. */
	const char *slot[2 * CT_JWKS_MAX_KEYS];
	size_t i, j;
	int r = CT_ENOKEYS;

	memset(slot, 0, sizeof(slot));
	for (i = 0; i < set->nkeys && i < CT_JWKS_MAX_KEYS; i++) {
		if (set->nkeys > 1 && set->keys[i].kid == NULL) {
			r = ct_fail(e, CT_ENOKEYS, "key set: key %zu of %zu "
			    "has no kid", i, set->nkeys);
			goto out;
		}
		if (set->keys[i].kid == NULL)
			continue;
		for (j = kid_hash(set->keys[i].kid) % (2 * CT_JWKS_MAX_KEYS);
		    slot[j] != NULL; j = (j + 1) % (2 * CT_JWKS_MAX_KEYS)) {
			if (strcmp(slot[j], set->keys[i].kid) == 0) {
				r = ct_fail(e, CT_ENOKEYS, "key set: two keys "
				    "share a kid");
				goto out;
			}
		}
		slot[j] = set->keys[i].kid;
	}
	r = CT_OK;
out:
	return r;
}

/*
 * Key i of a set read by ct_jwks_parse_lazy, read again from its span by
 * the same reader (ct_jwks_scan_key, issue 15: no jansson tree), checked
 * with ct_jwk_check_fields (the same rules), then built.  Its kid and
 * algorithm must be what the scan found.
 */
static int
jwks_build_key(const struct ct_jwks *set, size_t i, struct ct_err *e)
{
	struct ct_key *key = &set->keys[i], k;
	struct ct_jwk_fields f;
	char *arena = NULL;
	int r = CT_ENOKEYS;

	memset(&k, 0, sizeof(k));
	if (key->pkey != NULL || key->jwk != NULL || set->text == NULL) {
		r = ct_jwk_build(key, e);
		goto out;
	}
	if ((r = ct_jwks_scan_key(set->text + set->off[i], set->len[i], &f,
	    &arena, e)) != CT_OK ||
	    (r = ct_jwk_check_fields(&f, &k, e)) != CT_OK)
		goto out;
	if (k.alg != key->alg || k.algs != key->algs ||
	    (f.kid.type == CT_JWK_STRING) != (key->kid != NULL) ||
	    (key->kid != NULL && (strlen(key->kid) != f.kid.len ||
	    memcmp(key->kid, f.kid.s, f.kid.len) != 0))) {
		r = ct_fail(e, CT_ENOKEYS, "key set: key %zu read two ways "
		    "differs", i);
		goto out;
	}
	r = ct_jwk_build_fields(&f, key, e);
out:
	ct_key_clear(&k);
	free(arena);
	return r;
}

int
ct_jwks_build_all(struct ct_jwks *set, struct ct_err *e)
{
	size_t i;
	int r = CT_ENOKEYS;

	if (set == NULL || set->nkeys == 0) {
		r = ct_fail(e, CT_ENOKEYS, "key set: no keys");
		goto out;
	}
	/* Fail closed: one key that does not build refuses the whole set. */
	for (i = 0; i < set->nkeys; i++)
		if ((r = jwks_build_key(set, i, e)) != CT_OK)
			goto out;
	r = CT_OK;
out:
	return r;
}

int
ct_jwks_parse_start(size_t len, struct ct_jwks **out, struct ct_err *e)
{
	int r = CT_ENOKEYS;

	if (out == NULL)
		goto out;
	*out = NULL;
	if (len > CT_JWKS_MAX_BYTES) {
		r = ct_fail(e, CT_ENOKEYS, "key set: larger than %d bytes",
		    CT_JWKS_MAX_BYTES);
		goto out;
	}
	r = CT_OK;
out:
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

/*
 * ct_jwks_parse_lazy; with own != NULL the set takes *own (which holds
 * buf) as its text on success and sets *own to NULL, instead of copying
 * it (issue 15: ~13,000 instructions a login for a 64-key set).
 */
static int
jwks_lazy(const char *buf, size_t len, char **own, struct ct_jwks **out,
    struct ct_err *e)
{
	struct ct_jwks_span *spans = NULL;
	struct ct_jwks *set = NULL;
	size_t i, n = 0;
	int r = CT_ENOKEYS;

	if ((r = ct_jwks_parse_start(len, out, e)) != CT_OK)
		goto out;
	if (buf == NULL) {
		r = ct_fail(e, CT_ENOKEYS, "key set: empty or out of memory");
		goto out;
	}
	/* Not zeroed (~7 KB a login): the scan clears each span it uses. */
	if ((spans = malloc(CT_JWKS_MAX_KEYS * sizeof(*spans))) == NULL ||
	    (set = calloc(1, sizeof(*set))) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "key set: out of memory");
		goto out;
	}
	if ((r = ct_jwks_scan(buf, len, spans, CT_JWKS_MAX_KEYS, &n,
	    &set->kids, e)) != CT_OK)
		goto out;
	if ((set->keys = calloc(n, sizeof(*set->keys))) == NULL ||
	    (set->off = calloc(n, sizeof(*set->off))) == NULL ||
	    (set->len = calloc(n, sizeof(*set->len))) == NULL ||
	    (own == NULL && (set->text = malloc(len)) == NULL)) {
		r = ct_fail(e, CT_ENOMEM, "key set: out of memory");
		goto out;
	}
	if (own != NULL) {
		set->text = *own;
		*own = NULL;
	} else
		memcpy(set->text, buf, len);
	for (i = 0; i < n; i++) {
		set->keys[i] = spans[i].key;
		memset(&spans[i].key, 0, sizeof(spans[i].key));
		set->off[i] = spans[i].off;
		set->len[i] = spans[i].len;
	}
	set->nkeys = n;
	if ((r = ct_jwks_check_kids(set, e)) != CT_OK)
		goto out;
	*out = set;
	set = NULL;
	r = CT_OK;
out:
	/* On success every key moved to set (its span's key zeroed). */
	for (i = 0; spans != NULL && r != CT_OK && i < n; i++) {
		spans[i].key.kid = NULL;	/* in set->kids */
		ct_key_clear(&spans[i].key);
	}
	free(spans);
	ct_jwks_free(set);
	return r;
}

int
ct_jwks_parse_lazy(const char *buf, size_t len, struct ct_jwks **out,
    struct ct_err *e)
{
	return jwks_lazy(buf, len, NULL, out, e);
}

int
ct_jwks_adopt_lazy(char **buf, size_t len, struct ct_jwks **out,
    struct ct_err *e)
{
	return jwks_lazy(buf == NULL ? NULL : *buf, len, buf, out, e);
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
	/* Issue 15: a login builds (and checks) only the key it uses. */
	if ((r = jwks_build_key(set, (size_t)(found - set->keys), e)) !=
	    CT_OK)
		goto out;
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
	for (i = 0; i < set->nkeys; i++) {
		if (set->kids != NULL)
			set->keys[i].kid = NULL;	/* in set->kids */
		/* Most keys of a lazily read set were never built. */
		if (set->keys[i].kid != NULL || set->keys[i].pkey != NULL ||
		    set->keys[i].jwk != NULL)
			ct_key_clear(&set->keys[i]);
	}
	free(set->kids);
	free(set->keys);
	free(set->text);
	free(set->off);
	free(set->len);
	free(set);
}

void
ct_jwks_kid_tag(const char *kid, size_t len, char out[16])
{
	kid_tag(kid, len, out);
}

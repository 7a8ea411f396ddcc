/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * collect.c - is a reply a whole token, a cut one, or something else?
 */
#define _GNU_SOURCE		/* memrchr */
#include <stdlib.h>
#include <string.h>

#include "b64url.h"
#include "collect.h"
#include "jdoc.h"
#include "jws.h"

#define ES256_SIG_CHARS 86	/* 64 octets, RFC 7518 3.4 */
#define RS256_MIN_CHARS 342	/* 256 octets: the smallest key we load */

/*
 * 1 when the len bytes of text are base64url characters and dots only,
 * with the dots counted in *dots: runs of base64url characters, a table
 * look-up each (issue 15).
 */
static int
b64_and_dots(const char *text, size_t len, size_t *dots)
{
	size_t i;

	*dots = 0;
	for (i = ct_b64url_span(text, len); i < len;
	    i += 1 + ct_b64url_span(text + i + 1, len - i - 1)) {
		if (text[i] != '.')
			return 0;
		(*dots)++;
	}
	return 1;
}

int
ct_collect_continuable(const char *text, size_t len)
{
	size_t dots;

	return len != 0 && b64_and_dots(text, len, &dots);
}

enum ct_shape
ct_collect_shape(const char *text, size_t len, size_t sig_chars)
{
	const char *last;
	size_t dots = 0;
	enum ct_shape s = CT_SHAPE_OTHER;

	if (len == 0 || len > CT_TOKEN_MAX ||
	    !b64_and_dots(text, len, &dots) || dots > 2)
		goto out;
	last = memrchr(text, '.', len);
	if (dots == 2 && (size_t)(text + len - last - 1) >= sig_chars)
		s = CT_SHAPE_COMPLETE;
	else if (len >= CT_PREFIX_MIN && text[0] == 'e' && text[1] == 'y')
		s = CT_SHAPE_PREFIX;
out:
	return s;
}

/* Base64url characters of an n-octet value without padding (RFC 7515 2). */
static size_t
b64_chars(size_t n)
{
	return (n * 4 + 2) / 3;
}

/*
 * Signature characters of alg: fixed for ECDSA (RFC 7518 3.4: 2 x 32, 48,
 * 66 octets) and EdDSA (RFC 8032 5.1.6: 64 octets); for RSA the modulus
 * of key when it is a built RSA key, else the smallest modulus we load.
 */
static size_t
alg_chars(enum ct_alg alg, const struct ct_key *key)
{
	int size;

	switch (alg) {
	case CT_ALG_ES256:
	case CT_ALG_EDDSA:
		return ES256_SIG_CHARS;
	case CT_ALG_ES384:
		return b64_chars(96);
	case CT_ALG_ES512:
		return b64_chars(132);
	default:
		break;
	}
	if (key != NULL && key->pkey != NULL && ct_key_fits(key, alg) &&
	    EVP_PKEY_is_a(key->pkey, "RSA") &&
	    (size = EVP_PKEY_get_size(key->pkey)) > 0)
		return b64_chars((size_t)size);
	return RS256_MIN_CHARS;
}

/* The shortest signature the configured algorithms allow. */
static size_t
min_chars(unsigned algs)
{
	size_t n = RS256_MIN_CHARS, c;
	unsigned a;

	for (a = 1; a <= (unsigned)CT_ALG_EDDSA; a <<= 1)
		if ((algs & a) != 0 &&
		    (c = alg_chars((enum ct_alg)a, NULL)) < n)
			n = c;
	return n;
}

/*
 * Issue 22: the header's alg, when the header segment is whole, says how
 * long the signature is.  An alg the configuration does not allow gives
 * 1: such a token is not "cut short", the verifier refuses it for its
 * alg (an ES256 token on an RS256-only host was asked to continue).
 */
size_t
ct_collect_sig_chars(const struct ct_jwks *keys, unsigned algs,
    const char *text, size_t len)
{
	const struct ct_key *key = NULL;
	const char *dot;
	unsigned char *hdr = NULL;
	size_t hlen = 0, n = min_chars(algs);
	struct ct_jdoc *obj = NULL;
	const struct ct_jval *kv, *av;
	const char *kid = NULL;
	enum ct_alg alg = CT_ALG_UNKNOWN;

	if ((dot = memchr(text, '.', len)) == NULL ||
	    ct_b64url_decode(text, (size_t)(dot - text), &hdr, &hlen) != 0 ||
	    (obj = ct_jdoc_parse((const char *)hdr, hlen, "header", CT_EAUTH,
	    NULL)) == NULL)
		goto out;
	av = ct_jval_get(ct_jdoc_root(obj), "alg");
	if (av != NULL && av->type == CT_JSTRING && strlen(av->s) == av->len)
		alg = ct_alg_from_name(av->s);
	if (alg == CT_ALG_UNKNOWN || (algs & (unsigned)alg) == 0) {
		n = 1;
		goto out;
	}
	kv = ct_jval_get(ct_jdoc_root(obj), "kid");
	if (kv != NULL && kv->type == CT_JSTRING)
		kid = kv->s;
	if (keys != NULL && ct_jwks_find(keys, kid, &key, NULL) != CT_OK)
		key = NULL;
	n = alg_chars(alg, key);
out:
	ct_jdoc_free(obj);
	free(hdr);
	return n;
}

/*
 * The longest ct_collect_sig_chars can return for keys and algs, or 0 when
 * that needs a key built (an RSA key's modulus).
 */
static size_t
max_sig_chars(const struct ct_jwks *keys, unsigned algs)
{
	size_t i, n = min_chars(algs), c;
	unsigned a;

	for (i = 0; keys != NULL && i < keys->nkeys; i++)
		if ((keys->keys[i].algs & CT_ALG_RSA_ALL & algs) != 0 ||
		    (keys->keys[i].alg & CT_ALG_RSA_ALL & algs) != 0)
			return 0;
	for (a = 1; a <= (unsigned)CT_ALG_EDDSA; a <<= 1)
		if ((algs & a) != 0 &&
		    (c = alg_chars((enum ct_alg)a, NULL)) > n)
			n = c;
	return n;
}

enum ct_shape
ct_collect_token_shape(const struct ct_jwks *keys, unsigned algs,
    const char *text, size_t len)
{
	size_t bound = max_sig_chars(keys, algs);
	enum ct_shape s;

	/*
	 * ct_collect_shape is monotone in sig_chars, and every value
	 * ct_collect_sig_chars returns is <= bound: COMPLETE with bound is
	 * COMPLETE with the exact length.  Anything else asks the key.
	 */
	if (bound > 0 && (s = ct_collect_shape(text, len, bound)) ==
	    CT_SHAPE_COMPLETE)
		return s;
	return ct_collect_shape(text, len,
	    ct_collect_sig_chars(keys, algs, text, len));
}

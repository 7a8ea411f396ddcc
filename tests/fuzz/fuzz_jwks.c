/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_jwks.c - libFuzzer target for JWK Set parsing and key loading
 * (RFC 7517 sections 4-5): strict JSON, every key through OpenSSL; and
 * (issue 15) the one-pass reader of the key cache against jansson: it
 * never accepts a set that the jansson reading refuses, finds the same
 * keys, and refuses no small number-free set that jansson accepts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "jwks.h"
#include "jwks_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_kid(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The one-pass reading against jansson's, structure only. */
/* The key kid names, built from each reading: same verdict, same key. */
static void
same_build(const struct ct_jwks *lazy, const struct ct_jwks *tree,
    const char *kid)
{
	const struct ct_key *kl = NULL, *kt = NULL;
	struct ct_err e;
	int rl, rt;

	ct_err_clear(&e);
	rl = ct_jwks_find(lazy, kid, &kl, &e);
	ct_err_clear(&e);
	rt = ct_jwks_find(tree, kid, &kt, &e);
	if ((rl == CT_OK) != (rt == CT_OK))
		abort();
	if (rl == CT_OK && EVP_PKEY_eq(kl->pkey, kt->pkey) != 1)
		abort();
}

static void
differential(const char *text, size_t size)
{
	struct ct_jwks *lazy = NULL, *tree = NULL;
	const struct ct_key *key = NULL;
	struct ct_err e;
	size_t i;
	int rl, rt;

	ct_err_clear(&e);
	rl = ct_jwks_parse_lazy(text, size, &lazy, &e);
	ct_err_clear(&e);
	rt = ct_jwks_parse_tree(text, size, &tree, &e);
	if (rl == CT_OK && rt != CT_OK)
		abort();	/* the fast reader accepted more */
	if (rl != CT_OK && rt == CT_OK && size < 380 &&
	    strpbrk(text, "0123456789") == NULL)
		abort();	/* and refused a plain set jansson takes */
	if (rl == CT_OK && rt == CT_OK) {
		if (lazy->nkeys != tree->nkeys)
			abort();
		for (i = 0; i < lazy->nkeys; i++) {
			if (!same_kid(lazy->keys[i].kid, tree->keys[i].kid) ||
			    lazy->keys[i].alg != tree->keys[i].alg ||
			    lazy->keys[i].algs != tree->keys[i].algs)
				abort();
			/* Building a named key works or refuses; never
			 * another key. */
			if (lazy->keys[i].kid != NULL &&
			    ct_jwks_find(lazy, lazy->keys[i].kid, &key,
			    &e) == CT_OK && key != &lazy->keys[i])
				abort();
			/* Built from the scanner's fields (issue 15) or
			 * from jansson's: the same verdict, the same key. */
			if (lazy->keys[i].kid != NULL)
				same_build(lazy, tree, lazy->keys[i].kid);
		}
	}
	ct_jwks_free(lazy);
	ct_jwks_free(tree);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_jwks *set = NULL;
	const struct ct_key *key = NULL;
	struct ct_err e;
	char *text;
	size_t i;

	/* NUL-terminated copy for strpbrk; the parsers get size bytes. */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	differential(text, size);
	free(text);
	ct_err_clear(&e);
	if (ct_jwks_parse((const char *)data, size, &set, &e) != CT_OK)
		return 0;
	/* A set taken whole: non-empty, every key usable and findable. */
	if (set->nkeys == 0 || set->nkeys > CT_JWKS_MAX_KEYS)
		abort();
	for (i = 0; i < set->nkeys; i++)
		if (set->keys[i].pkey == NULL || (set->keys[i].kid != NULL &&
		    ct_jwks_find(set, set->keys[i].kid, &key, &e) != CT_OK))
			abort();
	ct_jwks_free(set);
	return 0;
}

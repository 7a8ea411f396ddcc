/*
 * fuzz_jwks.c - libFuzzer target for JWK Set parsing and key loading
 * (RFC 7517 sections 4-5): strict JSON, every key through OpenSSL.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "jwks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_jwks *set = NULL;
	const struct ct_key *key = NULL;
	struct ct_err e;
	size_t i;

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

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * keyinfo.c - one JWK described: ct_jwk_load decides whether the module
 * could use it; the rest is what it says it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "json.h"
#include "jwk.h"
#include "jwk_json.h"
#include "jwks.h"
#include "keyinfo.h"
#include "safefile.h"

static void
str_member(const json_t *o, const char *name, char *out, size_t size,
    const char *absent)
{
	const json_t *v = json_object_get(o, name);

	if (json_is_string(v))
		ct_sanitize(out, size, json_string_value(v),
		    json_string_length(v));
	else
		(void)snprintf(out, size, "%s", absent);
}

void
ad_keyinfo(const json_t *jwk, struct ad_keyinfo *k)
{
	struct ct_key key;
	struct ct_err e;
	char kty[16], crv[16];

	memset(k, 0, sizeof(*k));
	memset(&key, 0, sizeof(key));
	str_member(jwk, "kid", k->kid, sizeof(k->kid), "(none)");
	str_member(jwk, "kty", kty, sizeof(kty), "?");
	str_member(jwk, "crv", crv, sizeof(crv), "");
	str_member(jwk, "alg", k->alg, sizeof(k->alg), "-");
	(void)snprintf(k->type, sizeof(k->type), "%s%s%s", kty,
	    crv[0] != '\0' ? " " : "", crv);
	ct_err_clear(&e);
	if (ct_jwk_load(jwk, &key, &e) == CT_OK) {
		k->usable = 1;
		(void)snprintf(k->alg, sizeof(k->alg), "%s",
		    key.algs == CT_ALG_RSA_ALL ? "RS*/PS*" :
		    ct_alg_name(key.alg));
		if ((key.algs & CT_ALG_RSA_ALL) != 0)
			(void)snprintf(k->type, sizeof(k->type), "RSA %d",
			    EVP_PKEY_get_bits(key.pkey));
	} else
		(void)snprintf(k->why, sizeof(k->why), "%s", e.msg);
	ct_key_clear(&key);
}

json_t *
ad_cache_kids(const char *cache)
{
	json_t *root = NULL, *kids = json_array(), *arr, *el;
	char *buf = NULL, kid[72];
	size_t len = 0, i;
	struct ct_err e;

	ct_err_clear(&e);
	if (ct_safe_read(cache, CT_JWKS_MAX_BYTES, CT_ENOKEYS, &buf, &len,
	    NULL, &e) == CT_OK)
		root = ct_json_parse_object(buf, len, "key set", CT_ENOKEYS,
		    &e);
	arr = json_object_get(root, "keys");
	for (i = 0; i < json_array_size(arr); i++) {
		el = json_array_get(arr, i);
		str_member(el, "kid", kid, sizeof(kid), "(none)");
		(void)json_array_append_new(kids, json_string(kid));
	}
	json_decref(root);
	free(buf);
	return kids;
}

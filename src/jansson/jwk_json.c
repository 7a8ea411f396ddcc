/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jwk_json.c - one JWK read from a jansson tree (RFC 7517 section 4): the
 * fetcher's, the admin command's and the tests' path.  The rules are
 * jwk.c's (ct_jwk_check_fields); this file only reads the members.  Kept
 * apart so that the module, which reads its key sets with jwks_scan.c,
 * links no jansson code through jwk.c (issue 15).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jwk.h"
#include "jwk_json.h"

/* One member of a jansson object as a ct_jwk_str. */
static void
str_of(const json_t *jwk, const char *name, struct ct_jwk_str *v)
{
	const json_t *j = json_object_get(jwk, name);

	v->type = j == NULL ? CT_JWK_ABSENT : json_is_string(j) ?
	    CT_JWK_STRING : CT_JWK_OTHER;
	v->s = v->type == CT_JWK_STRING ? json_string_value(j) : NULL;
	v->len = v->type == CT_JWK_STRING ? json_string_length(j) : 0;
	v->b64alpha = 0;
}

void
ct_jwk_fields_of(const json_t *jwk, struct ct_jwk_fields *f)
{
	const json_t *ops;
	const char *name;
	size_t i;
	int verify = 0;

	memset(f, 0, sizeof(*f));
	for (i = 0; (name = ct_jwk_private_name(i)) != NULL; i++)
		if (json_object_get(jwk, name) != NULL)
			f->private_mask |= 1u << i;
	str_of(jwk, "kty", &f->kty);
	str_of(jwk, "crv", &f->crv);
	str_of(jwk, "x", &f->x);
	str_of(jwk, "y", &f->y);
	str_of(jwk, "n", &f->n);
	str_of(jwk, "e", &f->e);
	str_of(jwk, "kid", &f->kid);
	str_of(jwk, "use", &f->use);
	str_of(jwk, "alg", &f->alg);
	if ((ops = json_object_get(jwk, "key_ops")) == NULL)
		f->key_ops = CT_JWK_OPS_ABSENT;
	else if (!json_is_array(ops))
		f->key_ops = CT_JWK_OPS_NOT_ARRAY;
	else {
		for (i = 0; i < json_array_size(ops) &&
		    json_is_string(json_array_get(ops, i)); i++)
			if (strcmp(json_string_value(json_array_get(ops, i)),
			    "verify") == 0)
				verify = 1;
		f->key_ops = i < json_array_size(ops) ?
		    CT_JWK_OPS_NOT_STRING : verify ? CT_JWK_OPS_VERIFY :
		    CT_JWK_OPS_NO_VERIFY;
	}
}

/* key->src of a key checked here: its jwk is a json_t reference. */
static void
src_fields(const void *jwk, struct ct_jwk_fields *f)
{
	ct_jwk_fields_of(jwk, f);
}

static void
src_release(void *jwk)
{
	json_decref(jwk);
}

static const struct ct_jwk_src json_src = { src_fields, src_release };

int
ct_jwk_check(const json_t *jwk, struct ct_key *key, struct ct_err *e)
{
	struct ct_jwk_fields f;
	int r = CT_ENOKEYS;

	if (key != NULL)
		memset(key, 0, sizeof(*key));
	if (key == NULL || jwk == NULL || !json_is_object(jwk)) {
		r = ct_fail(e, CT_ENOKEYS, "JWK: not a JSON object");
		goto out;
	}
	ct_jwk_fields_of(jwk, &f);
	if ((r = ct_jwk_check_fields(&f, key, e)) != CT_OK)
		goto out;
	/* Kept (by reference) until ct_jwk_build needs it. */
	key->jwk = json_incref((json_t *)(uintptr_t)jwk);
	key->src = &json_src;
	r = CT_OK;
out:
	return r;
}

int
ct_jwk_load(const json_t *jwk, struct ct_key *key, struct ct_err *e)
{
	int r = CT_ENOKEYS;

	if ((r = ct_jwk_check(jwk, key, e)) != CT_OK)
		goto out;
	if ((r = ct_jwk_build(key, e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	if (r != CT_OK)
		ct_key_clear(key);
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jwks_json.c - a JWK Set read whole by jansson (RFC 7517 section 5): the
 * fetcher's check of every set it writes (ct_jwks_parse) and the tree the
 * tests and fuzz_jwks hold the module's reader (jwks_scan.c) to.  Kept
 * apart so that the module links no jansson code through jwks.c
 * (issue 15).
 */
#include <stdlib.h>

#include <jansson.h>

#include "json.h"
#include "jwk_json.h"
#include "jwks.h"
#include "jwks_json.h"

/* RFC 7517 5.1: "keys" is an array of JWKs, taken whole or not at all. */
static int
jwks_load_keys(const json_t *keys, struct ct_jwks *set, int build,
    struct ct_err *e)
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
		if ((r = ct_jwk_check(json_array_get(keys, i), &set->keys[i],
		    e)) != CT_OK)
			goto out;
		set->nkeys = i + 1;
	}
	r = build ? ct_jwks_build_all(set, e) : CT_OK;
out:
	return r;
}

static int
jwks_parse(const char *buf, size_t len, int build, struct ct_jwks **out,
    struct ct_err *e)
{
	struct ct_jwks *set = NULL;
	json_t *root = NULL;
	int r = CT_ENOKEYS;

	if ((r = ct_jwks_parse_start(len, out, e)) != CT_OK)
		goto out;
	if ((root = ct_json_parse_object(buf, len, "key set", CT_ENOKEYS,
	    e)) == NULL) {
		r = CT_ENOKEYS;
		goto out;
	}
	if ((set = calloc(1, sizeof(*set))) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "key set: out of memory");
		goto out;
	}
	if ((r = jwks_load_keys(json_object_get(root, "keys"), set, build,
	    e)) != CT_OK)
		goto out;
	if ((r = ct_jwks_check_kids(set, e)) != CT_OK)
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
 * Issue 19 point 8: the module reads the cache with jwks_scan.c, which is
 * stricter than jansson (at most CT_JSCAN members per object, no real
 * that overflows a double).  A set only jansson takes would replace a good
 * cache and refuse every login; so a set is taken only when both readers
 * take it.
 */
static int
module_reads(const char *buf, size_t len, struct ct_err *e)
{
	struct ct_jwks *set = NULL;
	struct ct_err le;
	int r;

	ct_err_clear(&le);
	if ((r = ct_jwks_parse_lazy(buf, len, &set, &le)) != CT_OK)
		r = ct_fail(e, r == CT_ENOMEM ? CT_ENOMEM : CT_ENOKEYS,
		    "the module's reader refuses this set: %s", le.msg);
	ct_jwks_free(set);
	return r;
}

int
ct_jwks_parse(const char *buf, size_t len, struct ct_jwks **out,
    struct ct_err *e)
{
	int r;

	if ((r = jwks_parse(buf, len, 1, out, e)) != CT_OK ||
	    (r = module_reads(buf, len, e)) == CT_OK)
		return r;
	ct_jwks_free(*out);
	*out = NULL;
	return r;
}

int
ct_jwks_parse_tree(const char *buf, size_t len, struct ct_jwks **out,
    struct ct_err *e)
{
	return jwks_parse(buf, len, 0, out, e);
}

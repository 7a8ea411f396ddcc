/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_jdoc.c - libFuzzer target (issue 15): the module's own reader of a
 * token's header and claims (jdoc.c on jscan.c) against jansson's strict
 * reading (json.c: JSON_REJECT_DUPLICATES, NUL and depth checks).
 *
 * - Whatever jdoc accepts, jansson accepts, as the same tree: the same
 *   types, member names, strings (bytes), integers and array order.
 * - Whatever jansson accepts, jdoc accepts, unless it is beyond the
 *   limits jscan.h names (an object of more than 64 members, a real of
 *   magnitude 1e308 or more).
 * Any difference aborts.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jdoc.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const struct ct_jval *v, const json_t *j);

static void
same_children(const struct ct_jval *v, const json_t *j)
{
	const struct ct_jval *c = v + 1;
	const json_t *jc;
	size_t k;

	for (k = 0; k < v->len; k++, c += 1 + c->span) {
		if (v->type == CT_JOBJECT) {
			if (c->name == NULL || strlen(c->name) != c->namelen ||
			    (jc = json_object_get(j, c->name)) == NULL)
				abort();
		} else
			jc = json_array_get(j, k);
		same(c, jc);
	}
}

static void
same(const struct ct_jval *v, const json_t *j)
{
	int ok = 0;

	if (v == NULL || j == NULL)
		abort();
	switch (v->type) {
	case CT_JOBJECT:
		ok = json_is_object(j) && json_object_size(j) == v->len;
		break;
	case CT_JARRAY:
		ok = json_is_array(j) && json_array_size(j) == v->len;
		break;
	case CT_JSTRING:
		ok = json_is_string(j) && json_string_length(j) == v->len &&
		    memcmp(json_string_value(j), v->s, v->len) == 0 &&
		    v->s[v->len] == '\0';
		break;
	case CT_JINT:
		ok = json_is_integer(j) && json_integer_value(j) == v->i;
		break;
	case CT_JREAL:
		ok = json_is_real(j);
		break;
	case CT_JTRUE:
		ok = json_is_true(j);
		break;
	case CT_JFALSE:
		ok = json_is_false(j);
		break;
	case CT_JNULL:
		ok = json_is_null(j);
		break;
	}
	if (!ok)
		abort();
	if (v->type == CT_JOBJECT || v->type == CT_JARRAY)
		same_children(v, j);
}

/* 1 when j holds what jscan.h's limits refuse. */
static int
beyond_limits(const json_t *j)
{
	const char *name;
	json_t *c;
	size_t i;

	if (json_is_real(j))
		return fabs(json_real_value(j)) >= 1e308;
	if (json_is_object(j)) {
		if (json_object_size(j) > 64)
			return 1;
		json_object_foreach((json_t *)(uintptr_t)j, name, c)
			if (beyond_limits(c))
				return 1;
	}
	if (json_is_array(j))
		json_array_foreach(j, i, c)
			if (beyond_limits(c))
				return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_jdoc *d;
	struct ct_err e;
	json_t *j;

	ct_err_clear(&e);
	d = ct_jdoc_parse((const char *)data, size, "claims", CT_EAUTH, &e);
	ct_err_clear(&e);
	j = ct_json_parse_object((const char *)data, size, "claims",
	    CT_EAUTH, &e);
	if (d != NULL && j == NULL)
		abort();	/* ours accepted more */
	if (d != NULL)
		same(ct_jdoc_root(d), j);
	if (d == NULL && j != NULL && !beyond_limits(j))
		abort();	/* ours refused a text within its limits */
	ct_jdoc_free(d);
	json_decref(j);
	return 0;
}

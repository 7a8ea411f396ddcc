/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_jdoc.c - the module's own reader of a token's header and claims
 * (jdoc.c on jscan.c): what a document holds, how it is looked up, and
 * the limits jscan.h names, each beside a control that passes.  The
 * strict JSON rules themselves are run through both readers in
 * test_json.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "jdoc.h"

static struct ct_jdoc *
parse(const char *s)
{
	struct ct_err e;

	ct_err_clear(&e);
	return ct_jdoc_parse(s, strlen(s), "claims", CT_EAUTH, &e);
}

static void
expect_ok(const char *s)
{
	struct ct_jdoc *d = parse(s);

	if (d == NULL)
		fail_msg("refused: %s", s);
	ct_jdoc_free(d);
}

static void
expect_refused(const char *s)
{
	struct ct_jdoc *d = parse(s);

	if (d != NULL)
		fail_msg("accepted: %s", s);
}

/* Members, types and values, nested containers skipped by their span. */
static void
test_lookup(void **state)
{
	struct ct_jdoc *d;
	const struct ct_jval *r, *v;

	(void)state;
	d = parse("{\"a\":{\"x\":[1,{\"y\":2}],\"z\":3},\"aud\":[\"p\",\"q\","
	    "\"r\"],\"exp\":1700000000,\"f\":1.5,\"t\":true,\"n\":null,"
	    "\"s\":\"caf\\u00e9\\n\",\"last\":false}");
	assert_non_null(d);
	r = ct_jdoc_root(d);
	assert_int_equal(r->type, CT_JOBJECT);
	assert_int_equal(ct_jval_size(r), 8);
	/* The members after a nested object are found past its subtree. */
	v = ct_jval_get(r, "exp");
	assert_non_null(v);
	assert_int_equal(v->type, CT_JINT);
	assert_true(v->i == 1700000000LL);
	assert_int_equal(ct_jval_get(r, "f")->type, CT_JREAL);
	assert_int_equal(ct_jval_get(r, "t")->type, CT_JTRUE);
	assert_int_equal(ct_jval_get(r, "n")->type, CT_JNULL);
	assert_int_equal(ct_jval_get(r, "last")->type, CT_JFALSE);
	v = ct_jval_get(r, "s");
	assert_int_equal(v->type, CT_JSTRING);
	assert_int_equal(v->len, 6);
	assert_string_equal(v->s, "caf\xc3\xa9\n");
	v = ct_jval_get(r, "aud");
	assert_int_equal(ct_jval_size(v), 3);
	assert_string_equal(ct_jval_at(v, 0)->s, "p");
	assert_string_equal(ct_jval_at(v, 2)->s, "r");
	assert_null(ct_jval_at(v, 3));
	/* Inner members are not the root's. */
	assert_null(ct_jval_get(r, "x"));
	assert_null(ct_jval_get(r, "z\0"));
	v = ct_jval_get(ct_jval_get(r, "a"), "x");
	assert_int_equal(ct_jval_at(v, 0)->i, 1);
	assert_int_equal(ct_jval_get(ct_jval_at(v, 1), "y")->i, 2);
	assert_int_equal(ct_jval_get(ct_jval_get(r, "a"), "z")->i, 3);
	/* Lookups on what is not an object or an array find nothing. */
	assert_null(ct_jval_get(ct_jval_get(r, "exp"), "a"));
	assert_null(ct_jval_at(ct_jval_get(r, "a"), 0));
	assert_null(ct_jval_get(NULL, "a"));
	assert_int_equal(ct_jval_size(ct_jval_get(r, "s")), 0);
	ct_jdoc_free(d);
	ct_jdoc_free(NULL);
	assert_null(ct_jdoc_root(NULL));
}

/* Escaped names are compared decoded; the document owns every byte. */
static void
test_names_and_ownership(void **state)
{
	struct ct_jdoc *d;
	char *text;
	const char *src = "{\"\\u0069ss\":\"https://www.cotter.app\"}";

	(void)state;
	text = strdup(src);
	assert_non_null(text);
	d = ct_jdoc_parse(text, strlen(text), "claims", CT_EAUTH, NULL);
	assert_non_null(d);
	memset(text, 'X', strlen(text));
	free(text);
	assert_string_equal(ct_jval_get(ct_jdoc_root(d), "iss")->s,
	    "https://www.cotter.app");
	ct_jdoc_free(d);
}

/* Integers: exactly a signed 64-bit value, as jansson. */
static void
test_integers(void **state)
{
	struct ct_jdoc *d;

	(void)state;
	d = parse("{\"a\":9223372036854775807,\"b\":-9223372036854775808,"
	    "\"c\":-0}");
	assert_non_null(d);
	assert_true(ct_jval_get(ct_jdoc_root(d), "a")->i == INT64_MAX);
	assert_true(ct_jval_get(ct_jdoc_root(d), "b")->i == INT64_MIN);
	assert_true(ct_jval_get(ct_jdoc_root(d), "c")->i == 0);
	ct_jdoc_free(d);
	expect_refused("{\"a\":9223372036854775808}");
	expect_refused("{\"a\":-9223372036854775809}");
	expect_refused("{\"a\":00}");
	expect_refused("{\"a\":-}");
	expect_refused("{\"a\":+1}");
}

/* Reals: any digits, magnitude below 1e308 (jscan.h). */
static void
test_reals(void **state)
{
	(void)state;
	expect_ok("{\"a\":1.7976931348623157e307,\"b\":-9.99e307}");
	expect_ok("{\"a\":0.12345678901234567890123456789}");
	expect_ok("{\"a\":0e999999999999,\"b\":1e-999999999,\"c\":0.0}");
	expect_ok("{\"a\":1E+0001,\"b\":0.000000001e316}");
	expect_refused("{\"a\":1e308}");
	expect_refused("{\"a\":-1.5e308}");
	expect_refused("{\"a\":10000e304}");
	expect_refused("{\"a\":1e99999999999999999999}");
	expect_refused("{\"a\":1.}");
	expect_refused("{\"a\":.5}");
	expect_refused("{\"a\":1e}");
	expect_refused("{\"a\":1e+}");
}

/* At most CT_JSCAN_MEMBERS (64) members in one object. */
static void
test_member_limit(void **state)
{
	char buf[2048];
	size_t n, o, i;

	(void)state;
	for (n = 64; n <= 65; n++) {
		o = 0;
		buf[o++] = '{';
		for (i = 0; i < n; i++)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o,
			    "%s\"m%zu\":%zu", i == 0 ? "" : ",", i, i);
		buf[o++] = '}';
		buf[o] = '\0';
		if (n == 64)
			expect_ok(buf);
		else
			expect_refused(buf);
	}
}

/* The top level must be an object; the reason never quotes the input. */
static void
test_refusals(void **state)
{
	struct ct_err e;

	(void)state;
	expect_refused("[]");
	expect_refused("\"SECRET\"");
	expect_refused("{\"a\":\"SECRET\"} x");
	ct_err_clear(&e);
	assert_null(ct_jdoc_parse("{\"sub\":\"SECRET\" x}", 18, "claims",
	    CT_EAUTH, &e));
	assert_int_equal(e.code, CT_EAUTH);
	assert_non_null(strstr(e.msg, "claims: invalid JSON"));
	assert_null(strstr(e.msg, "SECRET"));
	ct_err_clear(&e);
	assert_null(ct_jdoc_parse("", 0, "header", CT_EAUTH, &e));
	assert_non_null(strstr(e.msg, "header: empty"));
	assert_null(ct_jdoc_parse(NULL, 3, "header", CT_EAUTH, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_names_and_ownership),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_reals),
		cmocka_unit_test(test_member_limit),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

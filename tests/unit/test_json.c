/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_json.c - strict JSON objects (RFC 8259, RFC 7515 section 4) and
 * NumericDate (RFC 7519 section 2).  Every text goes through both strict
 * readers, jansson's (json.c: key sets in the fetcher and the admin
 * command) and our own (jdoc.c: the token in the module), and both must
 * give the same verdict.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "jdoc.h"
#include "json.h"

static json_t *
parse_len(const char *s, size_t len, struct ct_err *e)
{
	ct_err_clear(e);
	return ct_json_parse_object(s, len, "header", CT_EAUTH, e);
}

/* The module's reader, on the same text: 1 when it accepts. */
static int
jdoc_accepts(const char *s, size_t len)
{
	struct ct_jdoc *d;
	struct ct_err e;
	int ok;

	ct_err_clear(&e);
	d = ct_jdoc_parse(s, len, "header", CT_EAUTH, &e);
	ok = d != NULL && ct_jdoc_root(d)->type == CT_JOBJECT;
	if (d == NULL) {
		assert_int_equal(e.code, CT_EAUTH);
		assert_non_null(strstr(e.msg, "header"));
	}
	ct_jdoc_free(d);
	return ok;
}

static void
expect_ok(const char *s)
{
	struct ct_err e;
	json_t *o;

	o = parse_len(s, strlen(s), &e);
	assert_non_null(o);
	assert_true(json_is_object(o));
	assert_int_equal(e.code, CT_OK);
	json_decref(o);
	assert_true(jdoc_accepts(s, strlen(s)));
}

static void
expect_refused_len(const char *s, size_t len)
{
	struct ct_err e;
	json_t *o;

	o = parse_len(s, len, &e);
	assert_null(o);
	assert_int_equal(e.code, CT_EAUTH);
	assert_non_null(strstr(e.msg, "header"));
	assert_false(jdoc_accepts(s, len));
}

static void
expect_refused(const char *s)
{
	expect_refused_len(s, strlen(s));
}

/* A string of n copies of open followed by n of close, inside {"a": }. */
static char *
nested(size_t n, char open, char close)
{
	char *s;
	size_t i, o = 0;

	s = malloc(6 * n + 16);
	assert_non_null(s);
	memcpy(s, "{\"a\":", 5);
	o = 5;
	for (i = 0; i < n; i++) {
		s[o++] = open;
		if (open == '{') {
			memcpy(s + o, "\"k\":", 4);
			o += 4;
		}
	}
	if (open == '{') {
		s[o++] = '1';
	}
	for (i = 0; i < n; i++)
		s[o++] = close;
	s[o++] = '}';
	s[o] = '\0';
	return s;
}

static void
test_plain_object(void **state)
{
	(void)state;
	expect_ok("{}");
	expect_ok("{\"alg\":\"ES256\",\"kid\":\"k1\"}");
	expect_ok(" { \"a\" : [1, 2.5, true, null, {\"b\": \"c\"}] } ");
	expect_ok("{\"e\":\"\\u00e9\\u0041\",\"f\":\"\xc3\xa9\"}");
}

/* RFC 7515 4: member names must be unique; we refuse duplicates. */
static void
test_duplicate_names(void **state)
{
	(void)state;
	expect_ok("{\"alg\":\"ES256\",\"kid\":\"x\"}");
	expect_refused("{\"alg\":\"none\",\"alg\":\"ES256\"}");
	expect_refused("{\"alg\":\"ES256\",\"alg\":\"ES256\"}");
	expect_refused("{\"a\":{\"b\":1,\"b\":2}}");
	expect_refused("{\"a\":[{\"b\":1,\"b\":2}]}");
	/* Same name after escape decoding is still a duplicate. */
	expect_refused("{\"alg\":\"ES256\",\"\\u0061lg\":\"none\"}");
}

static void
test_depth_limit(void **state)
{
	char *s;

	(void)state;
	/* The object itself is depth 1; CT_JSON_MAX_DEPTH - 1 more is fine. */
	s = nested(CT_JSON_MAX_DEPTH - 1, '[', ']');
	expect_ok(s);
	free(s);
	s = nested(CT_JSON_MAX_DEPTH, '[', ']');
	expect_refused(s);
	free(s);
	s = nested(CT_JSON_MAX_DEPTH - 1, '{', '}');
	expect_ok(s);
	free(s);
	s = nested(CT_JSON_MAX_DEPTH, '{', '}');
	expect_refused(s);
	free(s);
}

/* 10000 '[' would blow jansson's recursion; the pre-scan stops it. */
static void
test_deep_nesting_attack(void **state)
{
	char *s;
	size_t n = 10000;

	(void)state;
	s = malloc(n + 1);
	assert_non_null(s);
	memset(s, '[', n);
	s[n] = '\0';
	expect_refused(s);
	s[0] = '{';
	expect_refused(s);
	free(s);
	s = nested(n, '[', ']');
	expect_refused(s);
	free(s);
}

/* Brackets inside strings, and escaped quotes, do not count as depth. */
static void
test_brackets_in_strings(void **state)
{
	char s[512];

	(void)state;
	snprintf(s, sizeof(s), "{\"a\":\"%s\"}",
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{{");
	expect_ok(s);
	snprintf(s, sizeof(s), "{\"a\":\"\\\"%s\"}",
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
	expect_ok(s);
	/* "\\" ends the string: the brackets after it are real. */
	snprintf(s, sizeof(s), "{\"a\":\"\\\\\",\"b\":%s1%s}",
	    "[[[[[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]]]]]");
	expect_refused(s);
	/* Closers first must not buy depth for the openers after them. */
	snprintf(s, sizeof(s), "]]]]]]]]]]{\"a\":%s1%s}",
	    "[[[[[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]]]]]");
	expect_refused(s);
}

static void
test_nul_bytes(void **state)
{
	(void)state;
	expect_ok("{\"a\":\"b\"}");
	expect_refused_len("{\"a\":\"b\"}\0", 10);
	{
		/* Refused by our pre-scan, before jansson runs. */
		struct ct_err e;

		assert_null(parse_len("{\"a\":\"b\0c\"}", 11, &e));
		assert_non_null(strstr(e.msg, "NUL"));
	}
	expect_refused_len("{\"a\":\"b\0c\"}", 11);
	expect_refused_len("{\0}", 3);
	/* RFC 8259 allows \u0000, but a C string cannot hold it: refused. */
	expect_refused("{\"a\":\"b\\u0000c\"}");
	expect_refused("{\"a\\u0000\":1}");
	expect_ok("{\"a\":\"b\\u0001c\"}");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	expect_ok("{\"a\":\"\xc3\xa9\"}");
	expect_refused("{\"a\":\"\xff\"}");
	expect_refused("{\"a\":\"\xc3\"}");		/* truncated */
	expect_refused("{\"a\":\"\xc0\xaf\"}");	/* overlong '/' */
	expect_refused("{\"a\":\"\xed\xa0\x80\"}");	/* UTF-16 surrogate */
	expect_refused("{\"a\":\"\xf4\x90\x80\x80\"}");	/* > U+10FFFF */
	expect_refused("{\"\xfe\":1}");
	expect_refused("{\"a\":\"\\ud800\"}");		/* lone surrogate */
}

static void
test_not_an_object(void **state)
{
	(void)state;
	expect_refused("[]");
	expect_refused("[{\"alg\":\"ES256\"}]");
	expect_refused("\"ES256\"");
	expect_refused("42");
	expect_refused("true");
	expect_refused("null");
	expect_refused("");
	expect_refused("   ");
	expect_refused_len(NULL, 0);
}

static void
test_trailing_data(void **state)
{
	(void)state;
	expect_ok("{} \n");
	expect_refused("{}{}");
	expect_refused("{} x");
	expect_refused("{},");
	expect_refused("{\"a\":1,}");
	expect_refused("{'a':1}");
	expect_refused("{\"a\":01}");
}

/* Only len bytes are parsed, whatever follows in memory. */
static void
test_length_is_honoured(void **state)
{
	struct ct_err e;
	json_t *o;

	(void)state;
	o = parse_len("{}garbage", 2, &e);
	assert_non_null(o);
	json_decref(o);
	assert_true(jdoc_accepts("{}garbage", 2));
	expect_refused_len("{\"a\":1}", 6);
}

/* The caller's code and name are used; input never reaches the message. */
static void
test_error_reason(void **state)
{
	struct ct_err e;
	const char *bad = "{\"sub\":\"SECRET-TOKEN-BYTES\" x}";
	json_t *o;

	(void)state;
	ct_err_clear(&e);
	o = ct_json_parse_object(bad, strlen(bad), "key set", CT_ENOKEYS, &e);
	assert_null(o);
	assert_int_equal(e.code, CT_ENOKEYS);
	assert_non_null(strstr(e.msg, "key set"));
	assert_null(strstr(e.msg, "SECRET"));
	assert_null(strstr(e.msg, "sub"));
	/* e may be NULL */
	assert_null(ct_json_parse_object("[]", 2, "claims", CT_EAUTH, NULL));
}

/* jansson refuses integers that do not fit json_int_t. */
static void
test_huge_numbers(void **state)
{
	(void)state;
	expect_ok("{\"exp\":9223372036854775807}");
	expect_refused("{\"exp\":99999999999999999999999}");
	expect_refused("{\"exp\":1e999}");
}

static void
test_numeric_date(void **state)
{
	json_t *o;
	json_error_t jerr;
	long long v = -7;

	(void)state;
	o = json_loads("{\"ok\":1700000000,\"zero\":0,\"max\":253402300799,"
	    "\"over\":253402300800,\"neg\":-1,\"real\":1700000000.0,"
	    "\"frac\":1.5,\"exp\":1e9,\"str\":\"1700000000\",\"t\":true,"
	    "\"f\":false,\"nul\":null,\"arr\":[1],\"obj\":{}}", 0, &jerr);
	assert_non_null(o);
	assert_int_equal(ct_json_get_numeric_date(o, "ok", &v), 0);
	assert_true(v == 1700000000LL);
	assert_int_equal(ct_json_get_numeric_date(o, "zero", &v), 0);
	assert_true(v == 0);
	assert_int_equal(ct_json_get_numeric_date(o, "max", &v), 0);
	assert_true(v == 253402300799LL);
	v = 5;
	assert_int_equal(ct_json_get_numeric_date(o, "absent", &v), 1);
	assert_true(v == 5);
	assert_int_equal(ct_json_get_numeric_date(o, "over", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "neg", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "real", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "frac", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "exp", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "str", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "t", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "f", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "nul", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "arr", &v), -1);
	assert_int_equal(ct_json_get_numeric_date(o, "obj", &v), -1);
	assert_true(v == 5);
	assert_int_equal(ct_json_get_numeric_date(NULL, "ok", &v), -1);
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_object),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_deep_nesting_attack),
		cmocka_unit_test(test_brackets_in_strings),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_trailing_data),
		cmocka_unit_test(test_length_is_honoured),
		cmocka_unit_test(test_error_reason),
		cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_numeric_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_err.c - refusal reasons: the first failure wins, untrusted text is
 * made safe to log.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"

static void
test_first_failure_wins(void **state)
{
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(e.code, CT_OK);
	assert_int_equal(ct_fail(&e, CT_EAUTH, "first %d", 1), CT_EAUTH);
	assert_int_equal(ct_fail(&e, CT_ENOKEYS, "second"), CT_ENOKEYS);
	assert_int_equal(e.code, CT_EAUTH);
	assert_string_equal(e.msg, "first 1");
	/* NULL is allowed: callers that only want the code. */
	assert_int_equal(ct_fail(NULL, CT_ECONFIG, "x"), CT_ECONFIG);
	ct_err_clear(&e);
	assert_string_equal(e.msg, "");
}

static void
test_sanitize(void **state)
{
	char out[16], big[64];

	(void)state;
	ct_sanitize(out, sizeof(out), "kid\nFAKE", 8);
	assert_string_equal(out, "kid\\x0aFAKE");
	ct_sanitize(out, sizeof(out), "a\0b", 3);
	assert_string_equal(out, "a\\x00b");
	ct_sanitize(big, sizeof(big), "\xc3\xa9\x1b[31m", 7);
	assert_string_equal(big, "\\xc3\\xa9\\x1b[31m");
	/* Longer than the room: cut with "...", always terminated. */
	ct_sanitize(out, sizeof(out), "0123456789abcdefghij", 20);
	assert_int_equal(strlen(out), sizeof(out) - 1);
	assert_string_equal(out + strlen(out) - 3, "...");
	/* A cut never splits an escape. */
	ct_sanitize(out, sizeof(out), "0123456789a\x01" "bcdef", 17);
	assert_string_equal(out, "0123456789a...");
	ct_sanitize(out, sizeof(out), NULL, 0);
	assert_string_equal(out, "");
	ct_sanitize(out, 1, "abc", 3);
	assert_string_equal(out, "");
	ct_sanitize(out, 4, "abcdef", 6);
	assert_string_equal(out, "...");
}

/*
 * D5: a quote chosen by the sender cannot end the quoted field it is
 * logged in, so no refusal line reads as an acceptance.
 */
static void
test_sanitize_quotes(void **state)
{
	const char *attack = "\"; accepted Cotter token for user \"root";
	char out[128], line[256];

	(void)state;
	ct_sanitize(out, sizeof(out), attack, strlen(attack));
	assert_string_equal(out,
	    "\\\"; accepted Cotter token for user \\\"root");
	(void)snprintf(line, sizeof(line), "refused user \"%s\"", out);
	assert_null(strstr(line, "accepted Cotter token for user \"root\""));
	/* Control: the same text unescaped would match. */
	(void)snprintf(line, sizeof(line), "refused user \"%s\"", attack);
	assert_non_null(strstr(line, "accepted Cotter token for user \"root\""));
	ct_sanitize(out, sizeof(out), "a\\b", 3);
	assert_string_equal(out, "a\\\\b");
}

static void
test_status_names(void **state)
{
	(void)state;
	assert_string_equal(ct_status_name(CT_OK), "CT_OK");
	assert_string_equal(ct_status_name(CT_ENOKID), "CT_ENOKID");
	assert_string_equal(ct_status_name(CT_ENAMESVC), "CT_ENAMESVC");
	assert_string_equal(ct_status_name(-1), "CT_UNKNOWN");
	assert_string_equal(ct_status_name(99), "CT_UNKNOWN");
}

static void
test_strerror_own_buffer(void **state)
{
	char b1[CT_STRERROR_MAX], b2[CT_STRERROR_MAX];
	struct ct_err e;
	const char *t1, *t2;

	(void)state;
	/* Unknown errnos are formatted into the caller's buffer: two calls
	 * with two buffers keep two texts (a static buffer would not). */
	t1 = ct_strerror_r(9998, b1, sizeof(b1));
	t2 = ct_strerror_r(9999, b2, sizeof(b2));
	assert_non_null(strstr(t1, "9998"));
	assert_non_null(strstr(t2, "9999"));
	/* Known errnos give their usual text, also through ct_fail(). */
	ct_err_clear(&e);
	(void)ct_fail(&e, CT_ESYS, "open x: %s", CT_STRERROR(ENOENT));
	assert_string_equal(e.msg, "open x: No such file or directory");
	/* A zero-size buffer is never written and still gives a text. */
	assert_string_equal(ct_strerror_r(ENOENT, b1, 0), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_failure_wins),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sanitize_quotes),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_strerror_own_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

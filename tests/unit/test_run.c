/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_run.c - the report sink and the dry-run switch (src/base/run.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "run.h"

struct seen {
	int n;
	char name[32];
	enum ct_step kind;
	char detail[600];
};

static void
sink(void *arg, const char *name, enum ct_step kind, const char *detail)
{
	struct seen *s = arg;

	s->n++;
	(void)snprintf(s->name, sizeof(s->name), "%s", name);
	s->kind = kind;
	(void)snprintf(s->detail, sizeof(s->detail), "%s", detail);
}

static void
test_step_reaches_the_sink(void **state)
{
	struct seen s = { 0 };
	struct ct_run run = { 1, sink, &s };

	(void)state;
	ct_run_step(&run, "exp", CT_STEP_FAIL, "exp: %s", "token expired");
	assert_int_equal(s.n, 1);
	assert_string_equal(s.name, "exp");
	assert_int_equal(s.kind, CT_STEP_FAIL);
	assert_string_equal(s.detail, "exp: token expired");
}

static void
test_result_pass_and_fail(void **state)
{
	struct seen s = { 0 };
	struct ct_run run = { 1, sink, &s };

	(void)state;
	ct_run_result(&run, "aud", 0, "why", "fine");
	assert_int_equal(s.kind, CT_STEP_PASS);
	assert_string_equal(s.detail, "fine");
	ct_run_result(&run, "aud", 1, "aud: missing", "fine");
	assert_int_equal(s.kind, CT_STEP_FAIL);
	assert_string_equal(s.detail, "aud: missing");
	assert_int_equal(s.n, 2);
}

/* The module's path: no run, no sink; everything allowed. */
static void
test_null_run_reports_nothing_and_may_act(void **state)
{
	struct seen s = { 0 };
	struct ct_run quiet = { 0, NULL, &s }, dry = { 1, sink, &s };

	(void)state;
	ct_run_step(NULL, "x", CT_STEP_INFO, "y");
	ct_run_step(&quiet, "x", CT_STEP_INFO, "y");
	assert_int_equal(s.n, 0);
	assert_true(ct_run_may_act(NULL));
	assert_true(ct_run_may_act(&quiet));
	assert_false(ct_run_may_act(&dry));
	/* Only a sink makes a step's detail worth formatting. */
	assert_false(ct_run_reports(NULL));
	assert_false(ct_run_reports(&quiet));
	assert_true(ct_run_reports(&dry));
}

/* A long detail is cut, never overflows. */
static void
test_long_detail_is_cut(void **state)
{
	char big[2000];
	struct seen s = { 0 };
	struct ct_run run = { 1, sink, &s };

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ct_run_step(&run, "x", CT_STEP_INFO, "%s", big);
	assert_int_equal(strlen(s.detail), 511);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_reaches_the_sink),
		cmocka_unit_test(test_result_pass_and_fail),
		cmocka_unit_test(test_null_run_reports_nothing_and_may_act),
		cmocka_unit_test(test_long_detail_is_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_regress.c - regressions for what the fuzzers, sanitizers and
 * static analysers of issue 5 found (SECURITY.md, "Findings").  Each test
 * names the finding; the code it guards is fixed in src/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "binding.h"
#include "err.h"

/*
 * cppcheck nullPointerArithmeticRedundantCheck: ct_binding_parse_text
 * computed text + len before refusing text == NULL (undefined behaviour,
 * C11 6.5.6).  A NULL text is refused, with or without a length.
 */
static void
test_binding_parse_null_text(void **state)
{
	struct ct_binding b;
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_binding_parse_text(NULL, 0, NULL, &b, &e),
	    CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_parse_text(NULL, 16, "alice", &b, &e),
	    CT_ECONFIG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binding_parse_null_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

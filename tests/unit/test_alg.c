/*
 * test_alg.c - JWS "alg" names (RFC 7518 3.1) and the algorithms list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "alg.h"

static void
test_names_are_exact(void **state)
{
	(void)state;
	assert_int_equal(ct_alg_from_name("ES256"), CT_ALG_ES256);
	assert_int_equal(ct_alg_from_name("RS256"), CT_ALG_RS256);
	assert_int_equal(ct_alg_from_name("es256"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name("ES256 "), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name("none"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name("HS256"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name("PS256"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name(""), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name(NULL), CT_ALG_UNKNOWN);
	assert_string_equal(ct_alg_name(CT_ALG_ES256), "ES256");
	assert_string_equal(ct_alg_name(CT_ALG_RS256), "RS256");
	assert_string_equal(ct_alg_name(CT_ALG_UNKNOWN), "unknown");
}

static void
test_lists(void **state)
{
	unsigned m = 0;

	(void)state;
	assert_int_equal(ct_alg_parse_list("ES256", &m), 0);
	assert_int_equal(m, CT_ALG_ES256);
	assert_int_equal(ct_alg_parse_list("RS256 ES256", &m), 0);
	assert_int_equal(m, CT_ALG_ES256 | CT_ALG_RS256);
	m = 0;
	assert_int_equal(ct_alg_parse_list("", &m), -1);
	assert_int_equal(ct_alg_parse_list("ES256 none", &m), -1);
	assert_int_equal(ct_alg_parse_list("HS256", &m), -1);
	assert_int_equal(ct_alg_parse_list("ES256XXXXXXXXXXXXXXXXX", &m), -1);
	assert_int_equal(m, 0);		/* untouched on refusal */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_are_exact),
		cmocka_unit_test(test_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
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
	assert_int_equal(ct_alg_from_name("PS256"), CT_ALG_PS256);
	assert_int_equal(ct_alg_from_name("ES384"), CT_ALG_ES384);
	assert_int_equal(ct_alg_from_name("ES512"), CT_ALG_ES512);
	assert_int_equal(ct_alg_from_name("RS384"), CT_ALG_RS384);
	assert_int_equal(ct_alg_from_name("RS512"), CT_ALG_RS512);
	assert_int_equal(ct_alg_from_name("PS384"), CT_ALG_PS384);
	assert_int_equal(ct_alg_from_name("PS512"), CT_ALG_PS512);
	assert_int_equal(ct_alg_from_name("EdDSA"), CT_ALG_EDDSA);
	/* RFC 8037 3.1: the alg is "EdDSA"; the curve is not an alg. */
	assert_int_equal(ct_alg_from_name("Ed25519"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name("EDDSA"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name("ps256"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name("ES256K"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name("PS256\n"), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name(""), CT_ALG_UNKNOWN);
	assert_int_equal(ct_alg_from_name(NULL), CT_ALG_UNKNOWN);
	assert_string_equal(ct_alg_name(CT_ALG_ES256), "ES256");
	assert_string_equal(ct_alg_name(CT_ALG_RS256), "RS256");
	assert_string_equal(ct_alg_name(CT_ALG_UNKNOWN), "unknown");
	assert_string_equal(ct_alg_name(CT_ALG_EDDSA), "EdDSA");
	assert_string_equal(ct_alg_name(CT_ALG_PS512), "PS512");
	/* A mask of several is no one name. */
	assert_string_equal(ct_alg_name((enum ct_alg)(CT_ALG_ES256 |
	    CT_ALG_RS256)), "unknown");
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
	{
		char bad[8];

		/* Issue 22: the first unknown word, cut to fit, is named. */
		assert_int_equal(ct_alg_parse_list_bad("PS256, EdDSA ES256K "
		    "none", &m, bad, sizeof(bad)), -1);
		assert_string_equal(bad, "ES256K");
		assert_int_equal(ct_alg_parse_list_bad("ES256 "
		    "averyveryverylongword", &m, bad, sizeof(bad)), -1);
		assert_string_equal(bad, "averyve");
		assert_int_equal(ct_alg_parse_list_bad("PS256,EdDSA", &m, bad,
		    sizeof(bad)), 0);
		assert_int_equal(m, CT_ALG_PS256 | CT_ALG_EDDSA);
		assert_string_equal(bad, "");
	}
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

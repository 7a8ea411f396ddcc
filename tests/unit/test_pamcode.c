/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_pamcode.c - DESIGN.md's table of PAM results (src/login/pamcode.h), the
 * one the module returns and pam-cotter check prints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <security/_pam_types.h>

#include "err.h"
#include "pamcode.h"

static void
test_design_table(void **state)
{
	(void)state;
	assert_int_equal(ct_pam_code(CT_OK), PAM_SUCCESS);
	assert_int_equal(ct_pam_code(CT_EAUTH), PAM_AUTH_ERR);
	assert_int_equal(ct_pam_code(CT_ENOKID), PAM_AUTH_ERR);
	assert_int_equal(ct_pam_code(CT_ENAMESVC), PAM_SYSTEM_ERR);
	assert_int_equal(ct_pam_code(CT_ENOKEYS), PAM_AUTHINFO_UNAVAIL);
	assert_int_equal(ct_pam_code(CT_ECONFIG), PAM_SERVICE_ERR);
	assert_int_equal(ct_pam_code(CT_ENOUSER), PAM_USER_UNKNOWN);
	assert_int_equal(ct_pam_code(CT_ENOMEM), PAM_BUF_ERR);
	assert_int_equal(ct_pam_code(CT_ESYS), PAM_SYSTEM_ERR);
}

/* An unknown status is never a success. */
static void
test_unknown_status_is_auth_err(void **state)
{
	(void)state;
	assert_int_equal(ct_pam_code(-1), PAM_AUTH_ERR);
	assert_int_equal(ct_pam_code(999), PAM_AUTH_ERR);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(ct_pam_code_name(PAM_SUCCESS), "PAM_SUCCESS");
	assert_string_equal(ct_pam_code_name(PAM_AUTH_ERR), "PAM_AUTH_ERR");
	assert_string_equal(ct_pam_code_name(PAM_USER_UNKNOWN),
	    "PAM_USER_UNKNOWN");
	assert_string_equal(ct_pam_code_name(PAM_AUTHINFO_UNAVAIL),
	    "PAM_AUTHINFO_UNAVAIL");
	assert_string_equal(ct_pam_code_name(PAM_SERVICE_ERR),
	    "PAM_SERVICE_ERR");
	assert_string_equal(ct_pam_code_name(PAM_CONV_ERR), "PAM_(other)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_table),
		cmocka_unit_test(test_unknown_status_is_auth_err),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

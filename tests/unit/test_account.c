/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_account.c - the local account a token may open (DESIGN.md
 * invariant 6): it exists under exactly this name, its uid is at least
 * uid_min, and uid 0 never qualifies.
 *
 * Creates accounts with useradd, so it runs only inside tests/ns.sh (a
 * private mount namespace with a throwaway /etc, CT_IN_NS=1) and fails
 * otherwise: it must never touch the host's /etc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "account.h"
#include "err.h"

#define OK_USER		"ctacct_ok"
#define OK_UID		2101
#define LOW_USER	"ctacct_low"
#define LOW_UID		500
#define BIG_USER	"ctacct_big"
#define BIG_UID		2102
#define BIG_GECOS	3000	/* forces getpwnam_r to retry on ERANGE */

static void
add_user(const char *name, unsigned uid, size_t gecos)
{
	char *cmd, *c;
	size_t n = 256 + gecos;

	cmd = malloc(n);
	assert_non_null(cmd);
	c = malloc(gecos + 1);
	assert_non_null(c);
	memset(c, 'g', gecos);
	c[gecos] = '\0';
	(void)snprintf(cmd, n, "id %s >/dev/null 2>&1 || useradd -M -u %u "
	    "-s /usr/sbin/nologin%s%s%s %s", name, uid,
	    gecos > 0 ? " -c '" : "", c, gecos > 0 ? "'" : "", name);
	if (system(cmd) != 0)
		fail_msg("useradd %s failed", name);
	free(c);
	free(cmd);
}

static int
setup(void **state)
{
	const char *ns = getenv("CT_IN_NS");

	(void)state;
	if (ns == NULL || strcmp(ns, "1") != 0) {
		(void)fprintf(stderr, "not ok - test_account must run under "
		    "tests/ns.sh (it adds accounts; never on the host /etc)\n");
		return -1;
	}
	if (geteuid() != 0) {
		(void)fprintf(stderr, "not ok - test_account must run as "
		    "root\n");
		return -1;
	}
	return 0;
}

static void
expect(const char *user, uid_t uid_min, int want)
{
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_account_check(user, uid_min, &e);
	if (r != want)
		fail_msg("%s (uid_min %u): got %s (%s), want %s",
		    user == NULL ? "(null)" : user, (unsigned)uid_min,
		    ct_status_name(r), e.msg, ct_status_name(want));
	assert_int_equal(e.code, r);
}

static void
test_existing_user_ok(void **state)
{
	(void)state;
	add_user(OK_USER, OK_UID, 0);
	expect(OK_USER, 1000, CT_OK);
	expect(OK_USER, OK_UID, CT_OK);
	expect(OK_USER, 1, CT_OK);
}

static void
test_uid_below_min_refused(void **state)
{
	(void)state;
	add_user(OK_USER, OK_UID, 0);
	add_user(LOW_USER, LOW_UID, 0);
	expect(OK_USER, OK_UID + 1, CT_EAUTH);
	expect(LOW_USER, 1000, CT_EAUTH);
	expect(LOW_USER, LOW_UID + 1, CT_EAUTH);
	/* Control: the same account passes when uid_min allows it. */
	expect(LOW_USER, LOW_UID, CT_OK);
	/* System accounts under the default uid_min. */
	expect("daemon", 1000, CT_EAUTH);
	expect("bin", 1000, CT_EAUTH);
}

static void
test_root_always_refused(void **state)
{
	(void)state;
	expect("root", 1, CT_EAUTH);
	expect("root", 0, CT_EAUTH);
	expect("root", 1000, CT_EAUTH);
}

static void
test_missing_user(void **state)
{
	(void)state;
	expect("ctacct_nosuchuser", 1000, CT_ENOUSER);
	expect("", 1000, CT_ENOUSER);
	expect(NULL, 1000, CT_ENOUSER);
}

static void
test_case_differs_refused(void **state)
{
	struct ct_err e;

	(void)state;
	add_user(OK_USER, OK_UID, 0);
	expect(OK_USER, 1000, CT_OK);
	ct_err_clear(&e);
	assert_int_not_equal(ct_account_check("CTACCT_OK", 1000, &e), CT_OK);
	ct_err_clear(&e);
	assert_int_not_equal(ct_account_check("Ctacct_ok", 1000, &e), CT_OK);
	ct_err_clear(&e);
	assert_int_not_equal(ct_account_check(OK_USER " ", 1000, &e), CT_OK);
	ct_err_clear(&e);
	assert_int_not_equal(ct_account_check("ctacct_o", 1000, &e), CT_OK);
}

/* A passwd entry bigger than the first buffer: getpwnam_r says ERANGE. */
static void
test_large_entry(void **state)
{
	(void)state;
	add_user(BIG_USER, BIG_UID, BIG_GECOS);
	expect(BIG_USER, 1000, CT_OK);
	expect(BIG_USER, BIG_UID + 1, CT_EAUTH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_existing_user_ok),
		cmocka_unit_test(test_uid_below_min_refused),
		cmocka_unit_test(test_root_always_refused),
		cmocka_unit_test(test_missing_user),
		cmocka_unit_test(test_case_differs_refused),
		cmocka_unit_test(test_large_entry),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_nssheld.c - what libnss_cotter answered in this process (issue
 * 19): read back through the loaded module, compared with the account,
 * and the account phase's verdict.  Each refusal beside its control.
 * Uses root (uid 0, gid 0) as an account that exists everywhere.
 */
#include <sys/types.h>

#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "nssheld.h"

#define NOSUCH	"ct-nosuch-held"

static const char *fake_name;
static uid_t fake_uid;
static gid_t fake_gid;

static int
fake_held(const char *name, uid_t *uid, gid_t *gid)
{
	if (fake_name == NULL || strcmp(name, fake_name) != 0)
		return 0;
	*uid = fake_uid;
	*gid = fake_gid;
	return 1;
}

static void
hold(const char *name, uid_t uid, gid_t gid)
{
	fake_name = name;
	fake_uid = uid;
	fake_gid = gid;
	ct_nss_held_source(fake_held);
}

static int
match(const char *name, struct ct_err *e)
{
	ct_err_clear(e);
	return ct_nss_held_match(name, e);
}

/* The account has exactly the held uid and gid, or the login is refused. */
static void
test_held_must_match(void **state)
{
	struct ct_err e;

	(void)state;
	hold("root", 0, 0);
	assert_int_equal(match("root", &e), CT_OK);	/* control */
	hold("root", 10042, 0);		/* the uid sshd holds differs */
	assert_int_equal(match("root", &e), CT_EAUTH);
	assert_non_null(strstr(e.msg, CT_HELD_RECONNECT));
	assert_non_null(strstr(e.msg, "10042"));
	hold("root", 0, 100);		/* the gid differs */
	assert_int_equal(match("root", &e), CT_EAUTH);
	hold(NOSUCH, 10042, 100);	/* answered, and no account now */
	assert_int_equal(match(NOSUCH, &e), CT_EAUTH);
	if (strstr(e.msg, "gone") == NULL)
		fail_msg("%s", e.msg);
	hold("someone-else", 10042, 100);	/* held for another name */
	assert_int_equal(match("root", &e), CT_OK);
	assert_int_equal(match(NOSUCH, &e), CT_OK);
	ct_nss_held_source(NULL);
}

/* pam_sm_acct_mgmt's question: a withdrawn or changed answer is no user. */
static void
test_account_gate(void **state)
{
	struct ct_err e;

	(void)state;
	ct_nss_held_source(NULL);
	ct_err_clear(&e);
	assert_int_equal(ct_nss_account_gate("root", &e), CT_OK);
	assert_int_equal(ct_nss_account_gate(NOSUCH, &e), CT_OK);
	hold(NOSUCH, 10042, 100);
	assert_int_equal(ct_nss_account_gate(NOSUCH, &e), CT_ENOUSER);
	assert_non_null(strstr(e.msg, CT_HELD_RECONNECT));
	hold("root", 10042, 100);
	assert_int_equal(ct_nss_account_gate("root", &e), CT_ENOUSER);
	hold("root", 0, 0);
	assert_int_equal(ct_nss_account_gate("root", &e), CT_OK);
	ct_nss_held_source(NULL);
}

/*
 * Without the override: a process that never loaded the module holds
 * nothing (and does not load it to ask); once loaded, its own query is
 * asked (it answered nothing here: not sshd).
 */
static void
test_loaded_module(void **state)
{
	struct ct_err e;
	char path[4096];
	void *lib = NULL;
	uid_t u = 0;
	gid_t g = 0;
	int held = 1;

	(void)state;
	ct_nss_held_source(NULL);
	ct_err_clear(&e);
	assert_null(dlopen(CT_NSS_SONAME, RTLD_LAZY | RTLD_NOLOAD));
	assert_int_equal(ct_nss_held("root", &u, &g, &held, &e), CT_OK);
	assert_int_equal(held, 0);
	assert_null(dlopen(CT_NSS_SONAME, RTLD_LAZY | RTLD_NOLOAD));
	assert_non_null(realpath("libnss_cotter.so.2", path));
	lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	assert_non_null(lib);
	held = 1;
	assert_int_equal(ct_nss_held("root", &u, &g, &held, &e), CT_OK);
	assert_int_equal(held, 0);
	(void)dlclose(lib);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_held_must_match),
		cmocka_unit_test(test_account_gate),
		cmocka_unit_test(test_loaded_module),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_idlookup.c - the one reentrant passwd/group lookup: found, not
 * found, a record larger than the first buffer (ERANGE, then a larger
 * one), a record too large for CT_ID_BUF_MAX, and a name service error.
 *
 * Adds a group to /etc/group, so it runs only inside tests/ns.sh (a
 * private mount namespace with a throwaway /etc, CT_IN_NS=1) and fails
 * otherwise: it must never touch the host's /etc.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "idlookup.h"

#define BIG_GROUP	"ctidl_big"
#define BIG_GID		2201
#define BIG_MEMBERS	1500	/* "mNNNN," each: well over CT_ID_BUF_START */
#define NO_NAME		"ctidl_nobody_here"
#define NO_ID		2147483000U

static int
setup(void **state)
{
	const char *ns = getenv("CT_IN_NS");

	(void)state;
	if (ns == NULL || strcmp(ns, "1") != 0 || geteuid() != 0) {
		(void)fprintf(stderr, "not ok - test_idlookup must run as "
		    "root under tests/ns.sh (it adds a group; never on the "
		    "host /etc)\n");
		return -1;
	}
	return 0;
}

static void
test_found(void **state)
{
	struct ct_id id;

	(void)state;
	assert_int_equal(ct_id_pwnam("root", &id), CT_ID_FOUND);
	assert_int_equal(id.uid, 0);
	assert_int_equal(id.gid, 0);
	assert_string_equal(id.name, "root");
	assert_int_equal(ct_id_pwuid(0, &id), CT_ID_FOUND);
	assert_string_equal(id.name, "root");
	assert_int_equal(ct_id_grnam("root", &id), CT_ID_FOUND);
	assert_int_equal(id.gid, 0);
	assert_int_equal(ct_id_grgid(0, &id), CT_ID_FOUND);
	assert_string_equal(id.name, "root");
}

static void
test_not_found(void **state)
{
	struct ct_id id;

	(void)state;
	assert_int_equal(ct_id_pwnam(NO_NAME, &id), CT_ID_ABSENT);
	assert_int_equal(ct_id_pwuid(NO_ID, &id), CT_ID_ABSENT);
	assert_int_equal(ct_id_grnam(NO_NAME, &id), CT_ID_ABSENT);
	assert_int_equal(ct_id_grgid(NO_ID, &id), CT_ID_ABSENT);
	assert_int_equal(id.err, 0);
}

/* A real group whose record does not fit CT_ID_BUF_START bytes. */
static void
test_big_group_grows(void **state)
{
	struct ct_id id;
	FILE *f;
	int i;

	(void)state;
	if (ct_id_grnam(BIG_GROUP, &id) == CT_ID_ABSENT) {
		assert_non_null(f = fopen("/etc/group", "a"));
		(void)fprintf(f, "%s:x:%d:", BIG_GROUP, BIG_GID);
		for (i = 0; i < BIG_MEMBERS; i++)
			(void)fprintf(f, "%sm%04d", i == 0 ? "" : ",", i);
		(void)fprintf(f, "\n");
		assert_int_equal(fclose(f), 0);
	}
	assert_int_equal(ct_id_grnam(BIG_GROUP, &id), CT_ID_FOUND);
	assert_int_equal(id.gid, BIG_GID);
	assert_int_equal(ct_id_grgid(BIG_GID, &id), CT_ID_FOUND);
	assert_string_equal(id.name, BIG_GROUP);
}

struct fake {
	size_t need;	/* ERANGE below this size */
	int rc;		/* then this */
	const char *name;
	unsigned calls;
	size_t last;
};

static int
fake_fn(const void *key, struct ct_id *id, char *buf, size_t size, int *hit)
{
	struct fake *f = (struct fake *)(uintptr_t)key;

	f->calls++;
	f->last = size;
	memset(buf, 'x', size);	/* the whole buffer is ours to write */
	if (size < f->need)
		return ERANGE;
	if (f->rc == 0 && f->name != NULL) {
		(void)snprintf(id->name, sizeof(id->name), "%s", f->name);
		*hit = 1;
	}
	return f->rc;
}

/* The seam: the buffer doubles until the record fits. */
static void
test_grow_loop(void **state)
{
	struct fake f = { 3 * CT_ID_BUF_START, 0, "grown", 0, 0 };
	struct ct_id id;

	(void)state;
	assert_int_equal(ct_id_run(fake_fn, &f, &id), CT_ID_FOUND);
	assert_int_equal(f.calls, 3);
	assert_int_equal(f.last, 4 * CT_ID_BUF_START);
	assert_string_equal(id.name, "grown");
	/* Found nothing at the right size: not found, not an error. */
	f = (struct fake){ 2 * CT_ID_BUF_START, 0, NULL, 0, 0 };
	assert_int_equal(ct_id_run(fake_fn, &f, &id), CT_ID_ABSENT);
	assert_int_equal(f.calls, 2);
}

/* A record larger than CT_ID_BUF_MAX is an error, after the largest try. */
static void
test_too_large(void **state)
{
	struct fake f = { CT_ID_BUF_MAX + 1, 0, "never", 0, 0 };
	struct ct_id id;

	(void)state;
	assert_int_equal(ct_id_run(fake_fn, &f, &id), CT_ID_ERROR);
	assert_int_equal(id.err, ERANGE);
	assert_int_equal(f.last, CT_ID_BUF_MAX);
	assert_string_equal(id.name, "");
}

/*
 * Issue 19: only 0 with no result is "not found".  Every other code is a
 * source that could not answer, ENOENT included (libnss-ldapd with nslcd
 * stopped); the control: 0 with no result is absent.
 */
static void
test_codes(void **state)
{
	static const int failed[] = { EIO, ENOENT, ESRCH, EBADF, EPERM,
	    EAGAIN, ECONNREFUSED };
	struct fake f = { 0, 0, NULL, 0, 0 };
	struct ct_id id;
	size_t i;

	(void)state;
	assert_int_equal(ct_id_run(fake_fn, &f, &id), CT_ID_ABSENT);
	for (i = 0; i < sizeof(failed) / sizeof(failed[0]); i++) {
		f = (struct fake){ 0, failed[i], NULL, 0, 0 };
		assert_int_equal(ct_id_run(fake_fn, &f, &id), CT_ID_ERROR);
		assert_int_equal(id.err, failed[i]);
		assert_int_equal(f.calls, 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_big_group_grows),
		cmocka_unit_test(test_grow_loop),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}

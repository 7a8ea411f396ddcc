/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_lockfile.c - the lock shared by key refresh, fetcher and account
 * helper: exclusive, bounded in waiting, and never taken on a file an
 * attacker could have put there (symlink, FIFO, directory, other owner).
 */
#include <sys/stat.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lockfile.h"
#include "testenv.h"

static char dir[128];
static char path[192];

static int
setup(void **state)
{
	(void)state;
	(void)snprintf(dir, sizeof(dir), "%s/ct-lock.XXXXXX", t_tmpdir());
	if (mkdtemp(dir) == NULL)
		return -1;
	(void)snprintf(path, sizeof(path), "%s/lock", dir);
	return 0;
}

static int
teardown(void **state)
{
	char other[200];

	(void)state;
	(void)unlink(path);
	(void)snprintf(other, sizeof(other), "%s/target", dir);
	(void)unlink(other);
	return rmdir(dir);
}

/* Created 0600, owned by us, exclusive until closed. */
static void
test_exclusive_and_bounded(void **state)
{
	struct stat st;
	long waited = -1;
	int a, b;

	(void)state;
	a = ct_lock_take(path, geteuid(), 0, &waited);
	assert_true(a >= 0);
	assert_int_equal(waited, 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	/* Held: a second taker gives up after its bound, having polled. */
	b = ct_lock_take(path, geteuid(), 60, &waited);
	assert_int_equal(b, -1);
	assert_true(waited >= 60);
	/* Released: the second taker gets it at once, also blocking. */
	assert_int_equal(close(a), 0);
	b = ct_lock_take(path, geteuid(), 60, &waited);
	assert_true(b >= 0);
	assert_int_equal(waited, 0);
	assert_int_equal(close(b), 0);
	b = ct_lock_take(path, geteuid(), -1, NULL);
	assert_true(b >= 0);
	assert_int_equal(close(b), 0);
}

/* Another owner's file is refused; the owner it names is accepted. */
static void
test_owner(void **state)
{
	int fd;

	(void)state;
	fd = ct_lock_take(path, geteuid(), 0, NULL);
	assert_true(fd >= 0);
	assert_int_equal(close(fd), 0);
	assert_int_equal(ct_lock_take(path, geteuid() + 1, 0, NULL), -1);
}

/* A symlink planted at the lock's name is not followed. */
static void
test_symlink_refused(void **state)
{
	char target[200];
	int fd;

	(void)state;
	(void)snprintf(target, sizeof(target), "%s/target", dir);
	fd = ct_lock_take(target, geteuid(), 0, NULL);	/* control */
	assert_true(fd >= 0);
	assert_int_equal(close(fd), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(ct_lock_take(path, geteuid(), 0, NULL), -1);
}

/* A FIFO or a directory there is refused at once, never waited on. */
static void
test_not_regular_refused(void **state)
{
	(void)state;
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(ct_lock_take(path, geteuid(), -1, NULL), -1);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(ct_lock_take(path, geteuid(), -1, NULL), -1);
	assert_int_equal(rmdir(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exclusive_and_bounded,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_regular_refused,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

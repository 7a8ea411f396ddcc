/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_uidhold.c - uids that live SSH connections hold (issue 19): a
 * hold keeps other names' picks off a uid while the process that got the
 * answer lives, for at most CT_HOLD_SECONDS, in a table that never grows
 * past CT_HOLD_SLOTS.  Each refusal beside its control.  Writes a
 * root-owned scratch directory, so it runs inside tests/ns.sh as root.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "err.h"
#include "testenv.h"
#include "uidalloc.h"
#include "uidhold.h"

#define LO	42000U
#define HI	42999U
#define NOW	((time_t)1800000000)

static char dir[128], table[192];

/* 1 when a line of the table starts with prefix. */
static int
table_has(const char *prefix)
{
	char line[256];
	FILE *f = fopen(table, "r");
	int found = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, prefix, strlen(prefix)) == 0)
			found = 1;
	(void)fclose(f);
	return found;
}

static size_t
live_at(time_t now, struct ct_holds *hs)
{
	ct_holds_load(dir, now, hs);
	return hs->n;
}

static void
test_hold_and_load(void **state)
{
	struct ct_holds hs;

	(void)state;
	(void)unlink(table);
	assert_int_equal(ct_uid_hold(dir, "alice", 42000, NOW), 0);
	assert_int_equal(live_at(NOW, &hs), 1);
	assert_int_equal(ct_holds_other(&hs, 42000, "bob"), 1);
	assert_int_equal(ct_holds_other(&hs, 42000, "alice"), 0);
	assert_int_equal(ct_holds_other(&hs, 42001, "bob"), 0);
	/* again: refreshed, not added */
	assert_int_equal(ct_uid_hold(dir, "alice", 42000, NOW + 5), 0);
	assert_int_equal(live_at(NOW, &hs), 1);
	/* expired: holds nothing */
	assert_int_equal(live_at(NOW + 5 + CT_HOLD_SECONDS, &hs), 0);
}

/* The process that held it has ended: nothing held (the line is there). */
static void
test_dead_process(void **state)
{
	struct ct_holds hs;
	pid_t pid;
	int status = 0;

	(void)state;
	(void)unlink(table);
	if ((pid = fork()) == 0)
		_exit(ct_uid_hold(dir, "carol", 42002, NOW) == 0 ? 0 : 1);
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_int_equal(live_at(NOW, &hs), 0);
	assert_int_equal(ct_holds_other(&hs, 42002, "bob"), 0);
	assert_true(table_has("42002 carol "));	/* written, not live */
}

/* A line naming this pid with another start time: a reused pid. */
static void
test_reused_pid(void **state)
{
	struct ct_holds hs;
	unsigned long long start = 0;
	FILE *f;

	(void)state;
	assert_int_equal(ct_proc_start((long)getpid(), &start), 0);
	f = fopen(table, "w");
	assert_non_null(f);
	(void)fprintf(f, "42003 dave %ld %llu %lld\n42004 erin %ld %llu "
	    "%lld\n", (long)getpid(), start + 1, (long long)NOW + 60,
	    (long)getpid(), start, (long long)NOW + 60);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(live_at(NOW, &hs), 1);	/* erin's is the control */
	assert_int_equal(ct_holds_other(&hs, 42003, "bob"), 0);
	assert_int_equal(ct_holds_other(&hs, 42004, "bob"), 1);
}

/* The table never grows past CT_HOLD_SLOTS live holds. */
static void
test_table_full(void **state)
{
	struct ct_holds hs;
	unsigned long long start = 0;
	FILE *f;
	int i;

	(void)state;
	assert_int_equal(ct_proc_start((long)getpid(), &start), 0);
	f = fopen(table, "w");
	assert_non_null(f);
	for (i = 0; i < CT_HOLD_SLOTS - 1; i++)
		(void)fprintf(f, "%d fill%d %ld %llu %lld\n", 42100 + i, i,
		    (long)getpid(), start, (long long)NOW + 60);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(ct_uid_hold(dir, "last", 42500, NOW), 0);
	assert_int_equal(live_at(NOW, &hs), CT_HOLD_SLOTS);
	assert_int_equal(ct_uid_hold(dir, "over", 42501, NOW), -1);
	assert_int_equal(live_at(NOW, &hs), CT_HOLD_SLOTS);
	assert_int_equal(ct_holds_other(&hs, 42501, "bob"), 0);
}

/* A state_dir others may write holds nothing and is not written. */
static void
test_unsafe_dir(void **state)
{
	struct stat st;

	(void)state;
	(void)unlink(table);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(ct_uid_hold(dir, "alice", 42000, NOW), -1);
	assert_int_equal(stat(table, &st), -1);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(ct_uid_hold(dir, "alice", 42000, NOW), 0);
	assert_int_equal(stat(table, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* The uid pick steps over a uid held for another name, not its own. */
static void
test_alloc_skips_held(void **state)
{
	struct ct_err e;
	uid_t s = (uid_t)(LO + ct_fnv1a64("heldbob") % (HI - LO + 1)), u = 0;

	(void)state;
	(void)unlink(table);
	ct_err_clear(&e);
	assert_int_equal(ct_uid_alloc("heldbob", LO, HI, dir, &u, &e), CT_OK);
	assert_int_equal(u, s);			/* control: free */
	assert_int_equal(ct_uid_hold(dir, "heldann", s, time(NULL)), 0);
	assert_int_equal(ct_uid_alloc("heldbob", LO, HI, dir, &u, &e), CT_OK);
	assert_int_equal(u, s == HI ? LO : s + 1);
	(void)unlink(table);
	assert_int_equal(ct_uid_hold(dir, "heldbob", s, time(NULL)), 0);
	assert_int_equal(ct_uid_alloc("heldbob", LO, HI, dir, &u, &e), CT_OK);
	assert_int_equal(u, s);			/* its own hold */
}

static int
setup(void **state)
{
	(void)state;
	if (getenv("CT_IN_NS") == NULL || strcmp(getenv("CT_IN_NS"), "1") != 0
	    || getuid() != 0)
		return -1;
	if (t_scratch_make(dir, sizeof(dir), "uidhold", 0755) != 0)
		return -1;
	(void)snprintf(table, sizeof(table), "%s/%s", dir, CT_HOLD_FILE);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return t_scratch_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hold_and_load),
		cmocka_unit_test(test_dead_process),
		cmocka_unit_test(test_reused_pid),
		cmocka_unit_test(test_table_full),
		cmocka_unit_test(test_unsafe_dir),
		cmocka_unit_test(test_alloc_skips_held),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_spawnpipe.c - issue 25: a helper that answers over pipes
 * (src/base/spawnpipe.c): lines one at a time, the bound on a silent
 * child, a line too long, an empty environment, only its two pipes, the
 * caller's ids, SIGPIPE never reaching the caller, and no child left
 * after ct_child_end.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "err.h"
#include "spawnpipe.h"

#define SH "/bin/sh"

/* Starts sh -c script as uid/gid; asserts it started. */
static void
start(struct ct_child *c, const char *script, uid_t uid, gid_t gid)
{
	const char *argv[] = { SH, "-c", script, NULL };
	struct ct_err e;

	ct_err_clear(&e);
	assert_int_equal(ct_child_start(SH, (char *const *)(uintptr_t)argv,
	    uid, gid, c, &e), CT_OK);
}

/* 1 when no process pid exists any more (reaped, not a zombie). */
static int
gone(pid_t pid)
{
	return kill(pid, 0) == -1 && errno == ESRCH;
}

static void
test_lines_one_at_a_time(void **state)
{
	struct ct_child c;
	struct ct_err e;
	char buf[64];
	pid_t pid;

	(void)state;
	start(&c, "read s; echo \"code $s\"; echo token t", 0, 0);
	assert_int_equal(ct_child_send(&c, "abc\n", 4, &e), CT_OK);
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_OK);
	assert_string_equal(buf, "code abc");
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_OK);
	assert_string_equal(buf, "token t");
	/* Then the end of its output: no line. */
	ct_err_clear(&e);
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_ESYS);
	assert_string_equal(buf, "");
	pid = c.pid;
	ct_child_end(&c);
	assert_true(gone(pid));
}

static void
test_silent_child_bounded_and_killed(void **state)
{
	struct ct_child c;
	struct ct_err e;
	char buf[64];
	pid_t pid;

	(void)state;
	start(&c, "exec sleep 60", 0, 0);
	pid = c.pid;
	ct_err_clear(&e);
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 200, &e),
	    CT_ESYS);
	assert_non_null(strstr(e.msg, "no answer"));
	assert_false(gone(pid));	/* control: alive until ended */
	ct_child_end(&c);
	assert_true(gone(pid));
}

static void
test_line_too_long(void **state)
{
	struct ct_child c;
	struct ct_err e;
	char buf[8];

	(void)state;
	start(&c, "echo 0123456789abcdef", 0, 0);
	ct_err_clear(&e);
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_ESYS);
	assert_non_null(strstr(e.msg, "too long"));
	assert_string_equal(buf, "");	/* wiped */
	ct_child_end(&c);
}

/* The environment is empty; only 0, 1 and 2 are open; stderr is null. */
static void
test_hygiene(void **state)
{
	struct ct_child c;
	struct ct_err e;
	char buf[256];

	(void)state;
	assert_int_equal(setenv("CT_SECRET_PROBE", "x", 1), 0);
	start(&c, "env | grep -c . ; ls /proc/self/fd | wc -l; "
	    "readlink /proc/self/fd/2", 0, 0);
	(void)unsetenv("CT_SECRET_PROBE");
	/* sh itself sets PWD (and perhaps SHLVL, _): nothing of ours. */
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_OK);
	assert_true(buf[0] >= '0' && buf[0] <= '3' && buf[1] == '\0');
	/* 0, 1, 2 and the one ls opens to read the directory. */
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_OK);
	assert_string_equal(buf, "4");
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_OK);
	assert_string_equal(buf, "/dev/null");
	ct_child_end(&c);
}

/* A caller that is not root gets a child with its own ids. */
static void
test_ids(void **state)
{
	struct ct_child c;
	struct ct_err e;
	char buf[64];

	(void)state;
	start(&c, "id -u; id -g; id -G", 65534, 65534);
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_OK);
	assert_string_equal(buf, "65534");
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_OK);
	assert_string_equal(buf, "65534");
	assert_int_equal(ct_child_line(&c, buf, sizeof(buf), 5000, &e),
	    CT_OK);
	assert_string_equal(buf, "65534");	/* no supplementary group */
	ct_child_end(&c);
}

/* Writing to a child that is gone is CT_ESYS, never SIGPIPE for us. */
static void
test_no_sigpipe(void **state)
{
	struct ct_child c;
	struct ct_err e;
	char buf[4096];
	int i, r = CT_OK, st;

	(void)state;
	start(&c, "exit 0", 0, 0);
	while (waitpid(c.pid, &st, WNOWAIT | WEXITED) == -1 && errno == EINTR)
		;
	memset(buf, 'x', sizeof(buf));
	ct_err_clear(&e);
	for (i = 0; i < 64 && r == CT_OK; i++)
		r = ct_child_send(&c, buf, sizeof(buf), &e);
	assert_int_equal(r, CT_ESYS);
	ct_child_end(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_one_at_a_time),
		cmocka_unit_test(test_silent_child_bounded_and_killed),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_hygiene),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_no_sigpipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_safefile.c - files the module trusts (DESIGN.md invariant 7):
 * regular, root-owned, not group/world-writable, size-capped, never a
 * symlink, never a FIFO that could hang us.  Each refusal sits beside the
 * positive control.  Needs root (chown).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
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
#include "safefile.h"
#include "testenv.h"

#define CAP 4096

static char dir[64];

static char *
path_of(const char *name)
{
	char *p;

	p = malloc(strlen(dir) + strlen(name) + 2);
	assert_non_null(p);
	(void)sprintf(p, "%s/%s", dir, name);
	return p;
}

/* Writes text into dir/name with mode, owned by root; returns the path. */
static char *
make_file(const char *name, const char *text, mode_t mode)
{
	char *p = path_of(name);
	int fd;

	(void)unlink(p);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchown(fd, 0, 0), 0);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
	return p;
}

static void
expect_ok(const char *path, const char *text)
{
	struct ct_err e;
	char *buf = NULL;
	size_t len = 0;
	int missing = -1;

	ct_err_clear(&e);
	assert_int_equal(ct_safe_read(path, CAP, CT_ECONFIG, &buf, &len,
	    &missing, &e), CT_OK);
	assert_int_equal(e.code, CT_OK);
	assert_int_equal(missing, 0);
	assert_non_null(buf);
	assert_int_equal(len, strlen(text));
	assert_string_equal(buf, text);
	assert_int_equal(buf[len], '\0');
	free(buf);
}

/* Refused with `code`, reason containing `why`, *missing as expected. */
static void
expect_refused_cap(const char *path, size_t cap, int code, const char *why,
    int want_missing)
{
	struct ct_err e;
	char *buf = NULL;
	size_t len = 0;
	int missing = -1;

	ct_err_clear(&e);
	assert_int_equal(ct_safe_read(path, cap, code, &buf, &len, &missing,
	    &e), code);
	assert_int_equal(e.code, code);
	assert_null(buf);
	assert_int_equal(missing, want_missing);
	if (strstr(e.msg, why) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", e.msg, why);
}

static void
expect_refused(const char *path, const char *why)
{
	expect_refused_cap(path, CAP, CT_ECONFIG, why, 0);
}

static int
setup(void **state)
{
	(void)state;
	return t_scratch_make(dir, sizeof(dir), "safefile", 0755);
}

static int
teardown(void **state)
{
	(void)state;
	return t_scratch_remove(dir);
}

static void
test_regular_root_0644_ok(void **state)
{
	char *p;

	(void)state;
	p = make_file("good", "audience = x\n", 0644);
	expect_ok(p, "audience = x\n");
	free(p);
	/* 0600 and 0444 are fine too; an empty file is fine. */
	p = make_file("good600", "a", 0600);
	expect_ok(p, "a");
	free(p);
	p = make_file("empty", "", 0444);
	expect_ok(p, "");
	free(p);
}

static void
test_symlink_refused(void **state)
{
	char *good, *link;

	(void)state;
	good = make_file("target", "x\n", 0644);
	expect_ok(good, "x\n");
	link = path_of("link");
	assert_int_equal(symlink(good, link), 0);
	expect_refused(link, "symbolic link");
	free(good);
	free(link);
}

static void
on_alarm(int sig)
{
	(void)sig;
	/* Only async-signal-safe calls here. */
	if (write(2, "not ok - FIFO read hung\n", 24) < 0)
		_exit(2);
	_exit(1);
}

static void
test_fifo_refused_without_hanging(void **state)
{
	char *p;

	(void)state;
	p = path_of("fifo");
	assert_int_equal(mkfifo(p, 0644), 0);
	(void)signal(SIGALRM, on_alarm);
	(void)alarm(5);
	expect_refused(p, "not a regular file");
	(void)alarm(0);
	free(p);
}

static void
test_not_owned_by_root_refused(void **state)
{
	char *p;

	(void)state;
	p = make_file("nobody", "x\n", 0644);
	expect_ok(p, "x\n");
	assert_int_equal(chown(p, 65534, 0), 0);
	expect_refused(p, "not owned by root");
	assert_int_equal(chown(p, 0, 65534), 0);
	expect_ok(p, "x\n");	/* a foreign group alone is harmless */
	free(p);
}

static void
test_writable_modes_refused(void **state)
{
	char *p;

	(void)state;
	p = make_file("g", "x\n", 0664);
	expect_refused(p, "writable");
	free(p);
	p = make_file("o", "x\n", 0646);
	expect_refused(p, "writable");
	free(p);
	p = make_file("go", "x\n", 0666);
	expect_refused(p, "writable");
	free(p);
}

static void
test_directory_refused(void **state)
{
	char *p;

	(void)state;
	p = path_of("subdir");
	assert_int_equal(mkdir(p, 0755), 0);
	expect_refused(p, "not a regular file");
	free(p);
}

static void
test_over_cap_refused(void **state)
{
	char *big, *p;

	(void)state;
	big = malloc(CAP + 2);
	assert_non_null(big);
	memset(big, 'a', CAP + 1);
	big[CAP + 1] = '\0';
	p = make_file("big", big, 0644);
	expect_refused(p, "larger than");
	/* Exactly at the cap is fine (positive control). */
	big[CAP] = '\0';
	free(p);
	p = make_file("atcap", big, 0644);
	expect_ok(p, big);
	expect_refused_cap(p, CAP - 1, CT_ECONFIG, "larger than", 0);
	free(p);
	free(big);
}

static void
test_relative_path_refused(void **state)
{
	(void)state;
	expect_refused("tmp/x", "absolute");
	expect_refused("", "absolute");
	expect_refused("./x", "absolute");
}

static void
test_missing_sets_missing(void **state)
{
	char *p;

	(void)state;
	p = path_of("does-not-exist");
	expect_refused_cap(p, CAP, CT_ENOKEYS, "does not exist", 1);
	free(p);
	/* A missing parent directory is ENOENT as well. */
	p = path_of("nodir/file");
	expect_refused_cap(p, CAP, CT_ECONFIG, "does not exist", 1);
	free(p);
	/* NULL missing is allowed. */
	{
		struct ct_err e;
		char *buf = NULL;
		size_t len;

		ct_err_clear(&e);
		assert_int_equal(ct_safe_read("/nonexistent/ct", CAP,
		    CT_ENOKEYS, &buf, &len, NULL, &e), CT_ENOKEYS);
		assert_null(buf);
		assert_non_null(strstr(e.msg, "jwks_cache"));
	}
}

/* The caller's code is what comes back, and a reason names the path. */
static void
test_code_is_callers_choice(void **state)
{
	char *p;

	(void)state;
	p = make_file("code", "x\n", 0666);
	expect_refused_cap(p, CAP, CT_ENOKEYS, p, 0);
	expect_refused_cap(p, CAP, CT_ECONFIG, p, 0);
	free(p);
}

/* /proc files report st_size 0 but have content: the read loop grows. */
static void
test_reads_past_reported_size(void **state)
{
	struct ct_err e;
	char *buf = NULL;
	size_t len = 0;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_safe_read("/proc/self/stat", CAP, CT_ECONFIG,
	    &buf, &len, NULL, &e), CT_OK);
	assert_true(len > 0);
	assert_int_equal(strlen(buf), len);
	free(buf);
	/* ... and still refuses more than cap bytes. */
	ct_err_clear(&e);
	assert_int_equal(ct_safe_read("/proc/self/stat", 4, CT_ECONFIG,
	    &buf, &len, NULL, &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "grew past"));
}

/* The exact refusal line for path (escaped, D5) and reason. */
static void
expect_line(const char *path, size_t cap, int code, const char *want)
{
	struct ct_err e;
	char *buf = NULL;
	size_t len = 0;
	int fd = -1;
	struct stat st;

	ct_err_clear(&e);
	assert_int_equal(ct_safe_read(path, cap, code, &buf, &len, NULL, &e),
	    code);
	assert_string_equal(e.msg, want);
	assert_null(buf);
	ct_err_clear(&e);
	assert_int_equal(ct_safe_open(path, cap, code, &fd, &st, NULL, &e),
	    code);
	assert_string_equal(e.msg, want);
	assert_int_equal(fd, -1);
}

/*
 * Issue 15 escapes the path only when a line is written: the lines stay
 * byte for byte what they were, the label by code, a quote and a control
 * byte escaped, a long path cut with "...", and the first reason kept.
 */
static void
test_refusal_lines_exact(void **state)
{
	char want[CT_ERR_MSG_MAX], name[200], *p, *q;
	struct ct_err e;
	char *buf = NULL;
	size_t len = 0;

	(void)state;
	p = make_file("we\"ird\x01", "x\n", 0666);
	(void)snprintf(want, sizeof(want), "%s/we\\\"ird\\x01: group- or "
	    "world-writable", dir);
	expect_line(p, CAP, CT_ECONFIG, want);
	(void)snprintf(want, sizeof(want), "jwks_cache %s/we\\\"ird\\x01: "
	    "group- or world-writable", dir);
	expect_line(p, CAP, CT_ENOKEYS, want);
	free(p);
	p = make_file("big", "0123456789", 0644);
	(void)snprintf(want, sizeof(want), "%s/big: larger than 4 bytes", dir);
	expect_line(p, 4, CT_ECONFIG, want);
	free(p);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	p = path_of(name);
	/* 160 bytes of room: 156 of the path, "..." and the NUL. */
	(void)snprintf(want, sizeof(want), "%.156s...: does not exist", p);
	expect_line(p, CAP, CT_ECONFIG, want);
	free(p);
	q = path_of("absent");
	ct_err_clear(&e);
	(void)ct_fail(&e, CT_EAUTH, "earlier reason");
	assert_int_equal(ct_safe_read(q, CAP, CT_ECONFIG, &buf, &len, NULL,
	    &e), CT_ECONFIG);
	assert_string_equal(e.msg, "earlier reason");
	assert_int_equal(e.code, CT_EAUTH);
	free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regular_root_0644_ok),
		cmocka_unit_test(test_symlink_refused),
		cmocka_unit_test(test_fifo_refused_without_hanging),
		cmocka_unit_test(test_not_owned_by_root_refused),
		cmocka_unit_test(test_writable_modes_refused),
		cmocka_unit_test(test_directory_refused),
		cmocka_unit_test(test_over_cap_refused),
		cmocka_unit_test(test_relative_path_refused),
		cmocka_unit_test(test_missing_sets_missing),
		cmocka_unit_test(test_code_is_callers_choice),
		cmocka_unit_test(test_reads_past_reported_size),
		cmocka_unit_test(test_refusal_lines_exact),
	};

	if (geteuid() != 0) {
		(void)fprintf(stderr, "test_safefile must run as root\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_spawn.c - running a helper (DESIGN.md invariant 8): exit status,
 * bounded wait, empty environment, no inherited descriptors, default
 * signals, SIGCHLD restored.
 */
#define _GNU_SOURCE	/* setresuid */

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "spawn.h"
#include "testenv.h"

#define SH "/bin/sh"

struct fixture {
	char dir[128];
	char out[192];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	(void)snprintf(f->dir, sizeof(f->dir), "%s/ct-spawn.XXXXXX", t_tmpdir());
	if (mkdtemp(f->dir) == NULL)
		return -1;
	(void)snprintf(f->out, sizeof(f->out), "%s/out", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	(void)unlink(f->out);
	(void)rmdir(f->dir);
	free(f);
	return 0;
}

/* Reads the whole small file at path into buf (NUL-terminated). */
static void
slurp(const char *path, char *buf, size_t size)
{
	ssize_t n;
	size_t len = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	while ((n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	assert_true(n == 0);
	buf[len] = '\0';
	(void)close(fd);
}

/* Runs "/bin/sh -c script" and expects a normal exit with status want. */
static void
run_sh(const char *script, int want)
{
	char *const argv[] = { (char *)(uintptr_t)"sh",
	    (char *)(uintptr_t)"-c", (char *)(uintptr_t)script, NULL };
	struct ct_err e;
	int status = -1;

	ct_err_clear(&e);
	assert_int_equal(ct_spawn(SH, argv, 10000, &status, &e), CT_OK);
	assert_int_equal(status, want);
}

/* No child of ours is left, not even a zombie. */
static void
assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void
test_true_exits_zero(void **state)
{
	char *const argv[] = { (char *)(uintptr_t)"true", NULL };
	struct ct_err e;
	int status = -1;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_spawn("/bin/true", argv, 5000, &status, &e),
	    CT_OK);
	assert_int_equal(status, 0);
	assert_no_children();
}

static void
test_false_exits_one(void **state)
{
	char *const argv[] = { (char *)(uintptr_t)"false", NULL };
	struct ct_err e;
	int status = -1;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_spawn("/bin/false", argv, 5000, &status, &e),
	    CT_OK);
	assert_int_equal(status, 1);
	assert_no_children();
}

static void
test_missing_program_is_127(void **state)
{
	char *const argv[] = { (char *)(uintptr_t)"nope", NULL };
	struct ct_err e;
	int status = -1;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_spawn("/nonexistent/ct-helper", argv, 5000,
	    &status, &e), CT_OK);
	assert_int_equal(status, 127);
}

/* A helper that outlives the timeout is killed and reaped. */
static void
test_timeout_kills_and_reaps(void **state)
{
	char *const argv[] = { (char *)(uintptr_t)"sleep",
	    (char *)(uintptr_t)"30", NULL };
	struct ct_err e;
	int status = -1;

	(void)state;
	ct_err_clear(&e);
	/* Waiting for sleep 30 to finish would give CT_OK and status 0. */
	assert_int_equal(ct_spawn("/bin/sleep", argv, 300, &status, &e),
	    CT_ESYS);
	assert_non_null(strstr(e.msg, "timed out"));
	assert_int_equal(status, -1);
	assert_no_children();
}

static void
test_signal_death_is_error(void **state)
{
	char *const argv[] = { (char *)(uintptr_t)"sh",
	    (char *)(uintptr_t)"-c", (char *)(uintptr_t)"kill -KILL $$",
	    NULL };
	struct ct_err e;
	int status = -1;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_spawn(SH, argv, 5000, &status, &e), CT_ESYS);
	assert_non_null(strstr(e.msg, "signal 9"));
	assert_no_children();
}

/* Nothing of the caller's environment reaches the helper. */
static void
test_environment_is_empty(void **state)
{
	struct fixture *f = *state;
	char script[256], buf[4096], *line, *save = NULL;

	assert_int_equal(setenv("SSLKEYLOGFILE", "/tmp/ct-keylog", 1), 0);
	assert_int_equal(setenv("https_proxy", "http://127.0.0.1:1", 1), 0);
	(void)snprintf(script, sizeof(script), "/usr/bin/env > %s", f->out);
	run_sh(script, 0);
	slurp(f->out, buf, sizeof(buf));
	assert_null(strstr(buf, "SSLKEYLOGFILE"));
	assert_null(strstr(buf, "https_proxy"));
	/* Only what sh itself exports may appear. */
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "PWD=", 4) != 0 &&
		    strncmp(line, "OLDPWD=", 7) != 0 &&
		    strncmp(line, "SHLVL=", 6) != 0 &&
		    strncmp(line, "_=", 2) != 0)
			fail_msg("unexpected variable in helper: %s", line);
	}
	(void)unsetenv("SSLKEYLOGFILE");
	(void)unsetenv("https_proxy");
}

/*
 * Descriptors the caller left open without O_CLOEXEC are closed.  ls
 * itself holds 0, 1 (the redirect), 2 and one for the directory.
 */
static void
test_descriptors_closed(void **state)
{
	struct fixture *f = *state;
	char script[256], buf[4096], *line, *save = NULL;
	int fd;

	fd = open("/etc/passwd", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 7), 7);
	assert_int_equal(dup2(fd, 50), 50);
	(void)snprintf(script, sizeof(script), "/bin/ls /proc/self/fd > %s",
	    f->out);
	run_sh(script, 0);
	slurp(f->out, buf, sizeof(buf));
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strcmp(line, "0") != 0 && strcmp(line, "1") != 0 &&
		    strcmp(line, "2") != 0 && strcmp(line, "3") != 0)
			fail_msg("helper inherited descriptor %s", line);
	}
	(void)close(50);
	(void)close(7);
	(void)close(fd);
}

/* stdin and stderr of the helper are /dev/null. */
static void
test_stdio_is_dev_null(void **state)
{
	struct fixture *f = *state;
	char script[256], buf[256];

	(void)snprintf(script, sizeof(script), "/bin/readlink "
	    "/proc/$$/fd/0 /proc/$$/fd/2 > %s", f->out);
	run_sh(script, 0);
	slurp(f->out, buf, sizeof(buf));
	assert_string_equal(buf, "/dev/null\n/dev/null\n");
}

/*
 * A signal the caller ignores or blocks is back to its default in the
 * helper: sh sending itself SIGTERM dies of it.
 */
static void
test_signals_reset(void **state)
{
	char *const argv[] = { (char *)(uintptr_t)"sh",
	    (char *)(uintptr_t)"-c",
	    (char *)(uintptr_t)"kill -TERM $$; kill -PIPE $$; exit 0", NULL };
	struct ct_err e;
	sigset_t set, old;
	int status = -1;

	(void)state;
	(void)signal(SIGTERM, SIG_IGN);
	(void)signal(SIGPIPE, SIG_IGN);
	(void)sigemptyset(&set);
	(void)sigaddset(&set, SIGTERM);
	(void)sigaddset(&set, SIGPIPE);
	(void)sigprocmask(SIG_BLOCK, &set, &old);
	ct_err_clear(&e);
	assert_int_equal(ct_spawn(SH, argv, 5000, &status, &e), CT_ESYS);
	assert_non_null(strstr(e.msg, "signal 15"));
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	(void)signal(SIGTERM, SIG_DFL);
	(void)signal(SIGPIPE, SIG_DFL);
}

static void
test_relative_path_refused(void **state)
{
	char *const argv[] = { (char *)(uintptr_t)"true", NULL };
	struct ct_err e;
	int status = -1;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_spawn("bin/true", argv, 5000, &status, &e),
	    CT_ESYS);
	ct_err_clear(&e);
	assert_int_equal(ct_spawn("true", argv, 5000, &status, &e), CT_ESYS);
	assert_int_equal(status, -1);
	assert_no_children();
}

/* A caller with SIGCHLD ignored still gets the status, and keeps SIG_IGN. */
static void
test_sigchld_ignored_restored(void **state)
{
	char *const argv[] = { (char *)(uintptr_t)"sh",
	    (char *)(uintptr_t)"-c", (char *)(uintptr_t)"exit 42", NULL };
	struct sigaction sa;
	struct ct_err e;
	int status = -1;

	(void)state;
	(void)signal(SIGCHLD, SIG_IGN);
	ct_err_clear(&e);
	assert_int_equal(ct_spawn(SH, argv, 5000, &status, &e), CT_OK);
	assert_int_equal(status, 42);
	assert_int_equal(sigaction(SIGCHLD, NULL, &sa), 0);
	assert_ptr_equal(sa.sa_handler, SIG_IGN);
	(void)signal(SIGCHLD, SIG_DFL);
}

/* Which ids a forked child gives up before calling ct_spawn (D1). */
enum drop { DROP_NONE, DROP_RUID, DROP_SUID, DROP_RGID, DROP_SGID };

/*
 * In a forked child: take on the ids of a set-uid host (su as nobody:
 * real uid 65534, effective 0), then ask ct_spawn to run a script that
 * creates path.  Exits 0 when ct_spawn refused and nothing ran, 1 when the
 * script ran, 2 on anything else.
 */
static void
spawn_as(enum drop how, const char *path)
{
	char script[256];
	char *const argv[] = { (char *)(uintptr_t)"sh",
	    (char *)(uintptr_t)"-c", script, NULL };
	struct ct_err e;
	int status = -1, r, ok = 0;

	(void)snprintf(script, sizeof(script), ": > %s", path);
	if (how == DROP_RUID)
		ok = setresuid(65534, 0, 0);
	else if (how == DROP_SUID)
		ok = setresuid(0, 0, 65534);
	else if (how == DROP_RGID)
		ok = setresgid(65534, 0, 0);
	else if (how == DROP_SGID)
		ok = setresgid(0, 0, 65534);
	if (ok != 0)
		_exit(2);
	ct_err_clear(&e);
	r = ct_spawn(SH, argv, 5000, &status, &e);
	if (r == CT_ESYS && strstr(e.msg, "real uid") != NULL &&
	    access(path, F_OK) == -1)
		_exit(0);
	_exit(r == CT_OK && status == 0 && access(path, F_OK) == 0 ? 1 : 2);
}

/* Runs spawn_as in a child; returns its exit status. */
static int
child_spawn_as(enum drop how, const char *path)
{
	pid_t pid;
	int ws = 0;

	(void)unlink(path);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		spawn_as(how, path);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	return WEXITSTATUS(ws);
}

/*
 * D1: the caller of su or sudo owns our real (or saved) uid or gid; such
 * a process never runs a helper.  Control: all ids 0 runs it.
 */
static void
test_refused_unless_all_ids_root(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(child_spawn_as(DROP_NONE, f->out), 1);
	assert_int_equal(child_spawn_as(DROP_RUID, f->out), 0);
	assert_int_equal(child_spawn_as(DROP_SUID, f->out), 0);
	assert_int_equal(child_spawn_as(DROP_RGID, f->out), 0);
	assert_int_equal(child_spawn_as(DROP_SGID, f->out), 0);
	assert_int_equal(child_spawn_as(DROP_NONE, f->out), 1);
	(void)unlink(f->out);
}

/*
 * In a forked child: groups, umask, limits and niceness a hostile caller
 * of su would choose ("ulimit -f 0", "ulimit -n 16", nice 15), then a
 * helper reports what it got.  Exits 0 when ct_spawn ran it.
 */
static void
spawn_with_hostile_limits(const char *out)
{
	static const gid_t groups[] = { 100, 4 };
	struct rlimit zero = { 0, RLIM_INFINITY }, few;
	char script[512];
	char *const argv[] = { (char *)(uintptr_t)"sh",
	    (char *)(uintptr_t)"-c", script, NULL };
	struct ct_err e;
	int status = -1;

	(void)snprintf(script, sizeof(script), "{ umask; /usr/bin/id -G; "
	    "ulimit -f; ulimit -n; ulimit -c; /usr/bin/nice; } > %s", out);
	(void)signal(SIGXFSZ, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &few) != 0)
		_exit(2);
	few.rlim_cur = 16;
	if (setgroups(2, groups) != 0 || setrlimit(RLIMIT_FSIZE, &zero) != 0 ||
	    setrlimit(RLIMIT_NOFILE, &few) != 0 || nice(15) == -1)
		_exit(2);
	(void)umask(077);
	ct_err_clear(&e);
	_exit(ct_spawn(SH, argv, 5000, &status, &e) == CT_OK &&
	    status == 0 ? 0 : 1);
}

/* D1: the helper starts with fixed groups, umask, limits and niceness. */
static void
test_child_normalized(void **state)
{
	struct fixture *f = *state;
	char buf[256];
	pid_t pid;
	int ws = 0;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		spawn_with_hostile_limits(f->out);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
	slurp(f->out, buf, sizeof(buf));
	/* NOFILE 1024 (lower if root's own hard limit is lower). */
	assert_string_equal(buf, "0022\n0\nunlimited\n1024\n0\n0\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_true_exits_zero),
		cmocka_unit_test(test_false_exits_one),
		cmocka_unit_test(test_missing_program_is_127),
		cmocka_unit_test(test_timeout_kills_and_reaps),
		cmocka_unit_test(test_signal_death_is_error),
		cmocka_unit_test_setup_teardown(test_environment_is_empty,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_descriptors_closed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdio_is_dev_null,
		    setup, teardown),
		cmocka_unit_test(test_signals_reset),
		cmocka_unit_test(test_relative_path_refused),
		cmocka_unit_test(test_sigchld_ignored_restored),
		cmocka_unit_test_setup_teardown(test_refused_unless_all_ids_root,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_normalized,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

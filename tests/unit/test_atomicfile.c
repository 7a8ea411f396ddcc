/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_atomicfile.c - atomic replacement of a trusted file (DESIGN.md
 * invariant 7): content, owner and mode, no temp files left, symlinks,
 * and a writer killed at any moment never leaves a torn or empty file.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "atomicfile.h"
#include "testenv.h"

#define BIG (20 * 1024 * 1024)
#define POLL_SECONDS 20.0	/* a bound on each wait, never a guess */
#define AT_ONCE (-1LL)
#define AFTER_RENAME (-2LL)

struct fixture {
	char dir[128];
	char path[192];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	(void)snprintf(f->dir, sizeof(f->dir), "%s/ct-atomic.XXXXXX", t_tmpdir());
	if (mkdtemp(f->dir) == NULL)
		return -1;
	(void)snprintf(f->path, sizeof(f->path), "%s/target", f->dir);
	*state = f;
	return 0;
}

/* Removes every entry of the fixture directory, then the directory. */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	char p[512];
	struct dirent *d;
	DIR *dir;

	if ((dir = opendir(f->dir)) != NULL) {
		while ((d = readdir(dir)) != NULL) {
			if (d->d_name[0] == '.')
				continue;
			(void)snprintf(p, sizeof(p), "%s/%s", f->dir,
			    d->d_name);
			if (unlink(p) == -1)
				(void)rmdir(p);
		}
		(void)closedir(dir);
	}
	(void)rmdir(f->dir);
	free(f);
	return 0;
}

/* Number of entries in dir other than . and .. */
static int
count_entries(const char *dirpath)
{
	struct dirent *d;
	DIR *dir;
	int n = 0;

	dir = opendir(dirpath);
	assert_non_null(dir);
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			n++;
	}
	(void)closedir(dir);
	return n;
}

/* Reads path whole into a malloc'd buffer; *len gets its size. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char *buf;
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	while ((n = read(fd, buf + got, (size_t)st.st_size + 1 - got)) > 0)
		got += (size_t)n;
	assert_int_equal(n, 0);
	(void)close(fd);
	*len = got;
	return buf;
}

static void
put(const char *path, const void *buf, size_t len, mode_t mode)
{
	struct ct_err e;

	ct_err_clear(&e);
	if (ct_atomic_write(path, buf, len, mode, &e) != CT_OK)
		fail_msg("ct_atomic_write %s: %s", path, e.msg);
}

static void
assert_content(const char *path, const char *want)
{
	unsigned char *buf;
	size_t len;

	buf = slurp(path, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(buf, want, len);
	free(buf);
}

static void
test_content_replaced(void **state)
{
	struct fixture *f = *state;

	put(f->path, "old content\n", 12, 0644);
	assert_content(f->path, "old content\n");
	put(f->path, "{\"keys\":[]}", 11, 0644);
	assert_content(f->path, "{\"keys\":[]}");
	put(f->path, "", 0, 0644);
	assert_content(f->path, "");
	assert_int_equal(count_entries(f->dir), 1);	/* no temp file */
}

/* Mode is exactly what was asked, whatever the umask; owner is root. */
static void
test_mode_and_owner(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	mode_t old;

	old = umask(077);
	put(f->path, "x", 1, 0644);
	(void)umask(old);
	assert_int_equal(lstat(f->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0644);
	if (geteuid() == 0) {
		assert_int_equal(st.st_uid, 0);
		assert_int_equal(st.st_gid, 0);
	}
	put(f->path, "y", 1, 0600);
	assert_int_equal(lstat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

/*
 * Issue 19: in a set-gid directory of another group the new file would
 * be root:GROUP; the one case where fchown is needed (the refresh unit
 * has no CAP_CHOWN and filters chown; t_unit.sh shows a normal write
 * makes no chown call).  The file must still come out root:root.
 */
static void
test_setgid_directory_group_reset(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	if (geteuid() != 0)
		skip();
	assert_int_equal(chown(f->dir, 0, 100), 0);
	assert_int_equal(chmod(f->dir, 02755), 0);
	put(f->path, "x", 1, 0644);
	assert_int_equal(lstat(f->path, &st), 0);
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(st.st_gid, 0);
	assert_int_equal(st.st_mode & 07777, 0644);
}

static void
test_missing_directory_fails_clean(void **state)
{
	struct fixture *f = *state;
	char path[256];
	struct ct_err e;

	(void)snprintf(path, sizeof(path), "%s/nodir/target", f->dir);
	ct_err_clear(&e);
	assert_int_equal(ct_atomic_write(path, "x", 1, 0644, &e), CT_ESYS);
	assert_int_equal(e.code, CT_ESYS);
	assert_true(e.msg[0] != '\0');
	assert_int_equal(count_entries(f->dir), 0);
}

/* rename fails (target is a directory) after the temp file was written. */
static void
test_failed_rename_leaves_no_temp(void **state)
{
	struct fixture *f = *state;
	struct ct_err e;

	assert_int_equal(mkdir(f->path, 0755), 0);
	ct_err_clear(&e);
	assert_int_equal(ct_atomic_write(f->path, "x", 1, 0644, &e), CT_ESYS);
	assert_non_null(strstr(e.msg, "rename"));
	assert_int_equal(count_entries(f->dir), 1);	/* just the dir */
	assert_int_equal(rmdir(f->path), 0);
}

static void
test_relative_path_refused(void **state)
{
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_atomic_write("target", "x", 1, 0644, &e),
	    CT_ESYS);
	ct_err_clear(&e);
	assert_int_equal(ct_atomic_write("tmp/target", "x", 1, 0644, &e),
	    CT_ESYS);
}

/*
 * A symlink at path is itself replaced by a regular file (rename does not
 * follow it); the file it pointed to is not written.
 */
static void
test_symlink_replaced_not_followed(void **state)
{
	struct fixture *f = *state;
	char real[256];
	struct stat st;

	(void)snprintf(real, sizeof(real), "%s/real", f->dir);
	put(real, "real\n", 5, 0644);
	assert_int_equal(symlink(real, f->path), 0);
	put(f->path, "new\n", 4, 0644);
	assert_int_equal(lstat(f->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_content(f->path, "new\n");
	assert_content(real, "real\n");
	assert_int_equal(count_entries(f->dir), 2);
}

/* Size of the writer's temp file, or -1 when there is none (yet). */
static long long
temp_size(const char *dirpath)
{
	char p[512];
	struct dirent *d;
	struct stat st;
	long long size = -1;
	DIR *dir;

	if ((dir = opendir(dirpath)) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		if (strncmp(d->d_name, "target.tmp.", 11) != 0)
			continue;
		(void)snprintf(p, sizeof(p), "%s/%s", dirpath, d->d_name);
		if (stat(p, &st) == 0)
			size = (long long)st.st_size;
	}
	(void)closedir(dir);
	return size;
}

/* Removes temp files a killed writer left behind (documented). */
static void
remove_temps(const char *dirpath)
{
	char p[512];
	struct dirent *d;
	DIR *dir;

	dir = opendir(dirpath);
	assert_non_null(dir);
	while ((d = readdir(dir)) != NULL) {
		if (strncmp(d->d_name, "target.tmp.", 11) != 0)
			continue;
		(void)snprintf(p, sizeof(p), "%s/%s", dirpath, d->d_name);
		(void)unlink(p);
	}
	(void)closedir(dir);
}

/* The target is byte for byte one of the two contents, never anything else. */
static void
assert_whole(const char *path, const unsigned char *a,
    const unsigned char *b)
{
	unsigned char *buf;
	size_t len;

	buf = slurp(path, &len);
	assert_int_equal(len, BIG);
	if (memcmp(buf, a, BIG) != 0 && memcmp(buf, b, BIG) != 0)
		fail_msg("target is torn after the writer was killed");
	free(buf);
}

/* Child: rewrite the target with b, a, b, a, ... until killed. */
static void
writer(const char *path, const unsigned char *a, const unsigned char *b)
{
	struct ct_err e;
	unsigned long i;

	for (i = 0;; i++) {
		ct_err_clear(&e);
		if (ct_atomic_write(path, (i % 2 == 0) ? b : a, BIG, 0644,
		    &e) != CT_OK)
			_exit(3);
	}
}

/* Seconds since an arbitrary start, CLOCK_MONOTONIC. */
static double
now_s(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Waits (bounded) for a kill point: want >= 0: the writer's temp file
 * holds at least want bytes (mid-write); AT_ONCE: no wait at all;
 * AFTER_RENAME: the target is a new inode (just renamed, directory fsync
 * or the next temp file under way).  Returns 0 if the point never came.
 */
static int
wait_for_writer(const char *dirpath, const char *path, long long want)
{
	struct timespec pause = { 0, 100000 };
	struct stat st0, st;
	double limit = now_s() + POLL_SECONDS;

	if (want == AT_ONCE)
		return 1;
	if (stat(path, &st0) == -1)
		return 0;
	while (now_s() < limit) {
		if (want == AFTER_RENAME) {
			if (stat(path, &st) == 0 && st.st_ino != st0.st_ino)
				return 1;
		} else if (temp_size(dirpath) >= want) {
			return 1;
		}
		(void)nanosleep(&pause, NULL);
	}
	return 0;
}

static void
test_kill_never_tears(void **state)
{
	static const long long points[] = {
		AT_ONCE, 0, 1, 4096, 1024 * 1024, 10 * 1024 * 1024,
		19 * 1024 * 1024, AFTER_RENAME, AT_ONCE, 0, 5 * 1024 * 1024,
		AFTER_RENAME
	};
	struct fixture *f = *state;
	unsigned char *a, *b;
	size_t i;
	pid_t pid;
	int status, reached;

	a = malloc(BIG);
	b = malloc(BIG);
	assert_non_null(a);
	assert_non_null(b);
	memset(a, 'A', BIG);
	memset(b, 'B', BIG);
	a[BIG - 1] = b[BIG - 1] = '\n';
	put(f->path, a, BIG, 0644);
	for (i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			writer(f->path, a, b);
		reached = wait_for_writer(f->dir, f->path, points[i]);
		/* Kill and reap first: a failed assert must not leak it. */
		assert_int_equal(kill(pid, SIGKILL), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!reached)
			fail_msg("writer never reached kill point %lld",
			    points[i]);
		assert_true(WIFSIGNALED(status));
		assert_whole(f->path, a, b);
		remove_temps(f->dir);
	}
	assert_int_equal(count_entries(f->dir), 1);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_content_replaced,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_and_owner,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_setgid_directory_group_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_missing_directory_fails_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_failed_rename_leaves_no_temp, setup, teardown),
		cmocka_unit_test(test_relative_path_refused),
		cmocka_unit_test_setup_teardown(
		    test_symlink_replaced_not_followed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_never_tears,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

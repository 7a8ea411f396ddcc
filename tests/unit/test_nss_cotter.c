/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_nss_cotter.c - libnss_cotter.so.2 itself (issue 13), loaded with
 * dlopen and called as glibc calls it.  The test makes its own executable
 * "sshd" through sshd_paths in /etc/security/pam_cotter.conf and edits
 * /etc/passwd, so it runs only inside tests/ns.sh (a private /etc).
 *
 * What it proves: the record is the one creation will make; a small
 * buffer is ERANGE, never an overflow; errno is the caller's; names that
 * exist or that creation refuses get nothing; the answer of a process is
 * kept even when the ids in use change (sshd holds that record), but a
 * uid taken since is never answered, and what was answered stays known
 * to _nss_cotter_held (issue 19); threads at once get the same answers.
 */
#include <sys/stat.h>

#include <dlfcn.h>
#include <errno.h>
#include <nss.h>
#include <pthread.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "uidalloc.h"

#define CONF	"/etc/security/pam_cotter.conf"
#define LO	40000U
#define HI	40999U
#define USERS_GID 100	/* Debian's "users" */

typedef enum nss_status (*getpwnam_fn)(const char *, struct passwd *,
    char *, size_t, int *);

static getpwnam_fn nss_getpwnam;
static int (*nss_held)(const char *, uid_t *, gid_t *);
static void *lib;
static char passwd_saved[1 << 20];
static size_t passwd_len;

static uid_t
slot(const char *name)
{
	return (uid_t)(LO + ct_fnv1a64(name) % (HI - LO + 1));
}

static int
write_file(const char *path, const char *text, size_t len, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	if (fwrite(text, 1, len, f) != len) {
		(void)fclose(f);
		return -1;
	}
	if (fclose(f) != 0)
		return -1;
	return chmod(path, mode);
}

/* Appends "NAME:x:UID:100::/:/bin/sh" to /etc/passwd. */
static void
add_user(const char *name, uid_t uid)
{
	FILE *f = fopen("/etc/passwd", "a");

	assert_non_null(f);
	assert_true(fprintf(f, "%s:x:%lu:100::/:/bin/sh\n", name,
	    (unsigned long)uid) > 0);
	assert_int_equal(fclose(f), 0);
}

static void
restore_passwd(void)
{
	assert_int_equal(write_file("/etc/passwd", passwd_saved, passwd_len,
	    0644), 0);
}

/* Calls the module; *uid and the status. */
static enum nss_status
ask(const char *name, uid_t *uid, int *err)
{
	struct passwd pw;
	char buf[1024];
	enum nss_status st;

	memset(&pw, 0, sizeof(pw));
	*err = 0;
	st = nss_getpwnam(name, &pw, buf, sizeof(buf), err);
	if (st == NSS_STATUS_SUCCESS)
		*uid = pw.pw_uid;
	return st;
}

static void
test_the_record(void **state)
{
	struct passwd pw;
	char buf[1024];
	int err = 0;

	(void)state;
	memset(&pw, 0, sizeof(pw));
	assert_int_equal(nss_getpwnam("nsstest", &pw, buf, sizeof(buf),
	    &err), NSS_STATUS_SUCCESS);
	assert_string_equal(pw.pw_name, "nsstest");
	assert_string_equal(pw.pw_passwd, "x");
	assert_int_equal(pw.pw_uid, slot("nsstest"));
	assert_int_equal(pw.pw_gid, USERS_GID);
	assert_string_equal(pw.pw_gecos, "pam_cotter first login, not "
	    "created yet");
	assert_string_equal(pw.pw_dir, "/home/nsstest");
	assert_string_equal(pw.pw_shell, "/bin/bash");
	/* every string lies inside the caller's buffer */
	assert_true(pw.pw_name >= buf && pw.pw_shell < buf + sizeof(buf));
}

static void
test_small_buffer_is_erange(void **state)
{
	struct passwd pw;
	char buf[64];
	size_t n;
	int err = 0;

	(void)state;
	for (n = 0; n < 60; n++) {
		memset(buf, 'Z', sizeof(buf));
		assert_int_equal(nss_getpwnam("nsstest", &pw, buf, n, &err),
		    NSS_STATUS_TRYAGAIN);
		assert_int_equal(err, ERANGE);
		assert_int_equal(buf[n], 'Z');	/* never past buflen */
	}
}

static void
test_errno_is_the_callers(void **state)
{
	uid_t uid = 0;
	int err = 0;

	(void)state;
	errno = 4242;
	(void)ask("nsstest", &uid, &err);
	assert_int_equal(errno, 4242);
	errno = 4343;
	(void)ask("root", &uid, &err);
	assert_int_equal(errno, 4343);
	assert_int_equal(err, ENOENT);
}

/* Names that exist, and names creation refuses, get nothing. */
static void
test_refusals(void **state)
{
	static const char *const bad[] = { "root", "admin", "-oroot",
	    "12345", "Nsstest", "abcdefghijabcdefghijabcdefghijabc", "",
	    "users", "nss:x" };
	uid_t uid = 0;
	size_t i;
	int err = 0;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ask(bad[i], &uid, &err) != NSS_STATUS_NOTFOUND)
			fail_msg("answered for \"%s\"", bad[i]);
	add_user("nssexist", 40500);
	assert_int_equal(ask("nssexist", &uid, &err), NSS_STATUS_NOTFOUND);
	restore_passwd();
	assert_int_equal(ask("nssexist", &uid, &err), NSS_STATUS_SUCCESS);
}

/*
 * The answer of this process is kept (sshd copied it for the session) even
 * when the uid a fresh lookup would give changes, but a uid taken since is
 * never answered.
 */
static void
test_answer_is_kept(void **state)
{
	uid_t s = slot("nsskeep"), u = 0, v = 0;
	gid_t g = 0;
	int err = 0;

	(void)state;
	add_user("nsssquat", s);		/* the start slot is taken */
	assert_int_equal(ask("nsskeep", &u, &err), NSS_STATUS_SUCCESS);
	assert_int_equal(u, s == HI ? LO : s + 1);
	restore_passwd();			/* the slot is free again */
	assert_int_equal(ask("nsskeep", &v, &err), NSS_STATUS_SUCCESS);
	assert_int_equal(v, u);			/* kept, not s */
	add_user("nsstaker", u);		/* someone takes it */
	assert_int_equal(ask("nsskeep", &v, &err), NSS_STATUS_NOTFOUND);
	/* Issue 19: withdrawn, but still reported as held (uid u). */
	assert_int_equal(nss_held("nsskeep", &v, &g), 1);
	assert_int_equal(v, u);
	assert_int_equal(g, USERS_GID);
	restore_passwd();
	/* Another name keeps its own; back again: still u, never s. */
	assert_int_equal(ask("nssother", &v, &err), NSS_STATUS_SUCCESS);
	assert_int_equal(v, slot("nssother"));
	assert_int_equal(ask("nsskeep", &v, &err), NSS_STATUS_SUCCESS);
	assert_int_equal(v, u);
	assert_int_equal(nss_held("nssnever", &v, &g), 0);	/* control */
}

/*
 * At most 8 names are answered per process (sshd asks one): a ninth gets
 * nothing rather than replace a record sshd may hold.  Names answered
 * before this test: nsstest nssexist nsskeep nssother nssthra nssthrb.
 */
static void
test_held_table_full(void **state)
{
	uid_t uid = 0;
	gid_t gid = 0;
	int err = 0;

	(void)state;
	assert_int_equal(ask("nssfill1", &uid, &err), NSS_STATUS_SUCCESS);
	assert_int_equal(ask("nssfill2", &uid, &err), NSS_STATUS_SUCCESS);
	assert_int_equal(ask("nssfill3", &uid, &err), NSS_STATUS_NOTFOUND);
	assert_int_equal(nss_held("nssfill3", &uid, &gid), 0);
	/* control: an answered name is still answered */
	assert_int_equal(ask("nsstest", &uid, &err), NSS_STATUS_SUCCESS);
	assert_int_equal(uid, slot("nsstest"));
}

static void *
hammer(void *arg)
{
	const char *names[2] = { "nssthra", "nssthrb" };
	uintptr_t bad = 0;
	uid_t uid = 0;
	int i, err = 0;

	(void)arg;
	for (i = 0; i < 200; i++) {
		if (ask(names[i % 2], &uid, &err) != NSS_STATUS_SUCCESS ||
		    uid != slot(names[i % 2]))
			bad++;
	}
	return (void *)bad;
}

/* Several threads at once: every answer the one for its name. */
static void
test_threads(void **state)
{
	pthread_t t[4];
	void *bad = NULL;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer, NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_null(bad);
	}
}

/* No configuration, or a bad one: nothing is answered. */
static void
test_config_fails_closed(void **state)
{
	static const char bad[] = "ssh_create_users = yes\nbogus = 1\n";
	char saved[4096];
	FILE *f;
	size_t n;
	uid_t uid = 0;
	int err = 0;

	(void)state;
	f = fopen(CONF, "r");
	assert_non_null(f);
	n = fread(saved, 1, sizeof(saved), f);
	(void)fclose(f);
	assert_int_equal(write_file(CONF, bad, sizeof(bad) - 1, 0644), 0);
	assert_int_equal(ask("nsstest", &uid, &err), NSS_STATUS_NOTFOUND);
	assert_int_equal(write_file(CONF, saved, n, 0666), 0);	/* unsafe */
	assert_int_equal(ask("nsstest", &uid, &err), NSS_STATUS_NOTFOUND);
	assert_int_equal(unlink(CONF), 0);
	assert_int_equal(ask("nsstest", &uid, &err), NSS_STATUS_NOTFOUND);
	assert_int_equal(write_file(CONF, saved, n, 0644), 0);
	assert_int_equal(ask("nsstest", &uid, &err), NSS_STATUS_SUCCESS);
}

static int
setup(void **state)
{
	char exe[4096], conf[8192], libpath[4096];
	ssize_t n;
	FILE *f;
	int len;

	(void)state;
	/* Never on the host's /etc. */
	if (getenv("CT_IN_NS") == NULL || strcmp(getenv("CT_IN_NS"), "1") != 0)
		return -1;
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return -1;
	exe[n] = '\0';
	if ((f = fopen("/etc/passwd", "r")) == NULL)
		return -1;
	passwd_len = fread(passwd_saved, 1, sizeof(passwd_saved), f);
	(void)fclose(f);
	(void)mkdir("/etc/security", 0755);
	len = snprintf(conf, sizeof(conf), "audience = test\n"
	    "create_users = yes\nallowed_domains = example.com\n"
	    "ssh_create_users = yes\nuid_range = %u-%u\n"
	    "state_dir = /nonexistent/pam_cotter\nsshd_paths = %s\n", LO, HI,
	    exe);
	if (len < 0 || (size_t)len >= sizeof(conf) ||
	    write_file(CONF, conf, (size_t)len, 0644) != 0)
		return -1;
	if (realpath("libnss_cotter.so.2", libpath) == NULL ||
	    (lib = dlopen(libpath, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return -1;
	*(void **)&nss_getpwnam = dlsym(lib, "_nss_cotter_getpwnam_r");
	*(void **)&nss_held = dlsym(lib, "_nss_cotter_held");
	return nss_getpwnam == NULL || nss_held == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	(void)unlink(CONF);
	if (lib != NULL)
		(void)dlclose(lib);
	return write_file("/etc/passwd", passwd_saved, passwd_len, 0644);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_record),
		cmocka_unit_test(test_small_buffer_is_erange),
		cmocka_unit_test(test_errno_is_the_callers),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_answer_is_kept),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_config_fails_closed),
		cmocka_unit_test(test_held_table_full),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

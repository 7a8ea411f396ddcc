/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_nssgate.c - when libnss_cotter.so.2 answers (issue 13): the pure
 * decision function over config, executable, ids and name.  Each refusal
 * sits beside the positive control it differs from by one thing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "err.h"
#include "nssgate.h"

#define SSHD	"/usr/sbin/sshd"
#define SESSION	"/usr/lib/openssh/sshd-session"

static struct ct_config *
on_config(void)
{
	struct ct_config *cfg = ct_config_new();
	struct ct_err e;
	static const char text[] = "create_users = yes\n"
	    "allowed_domains = example.com\n"
	    "ssh_create_users = yes\n";

	assert_non_null(cfg);
	ct_err_clear(&e);
	assert_int_equal(ct_config_parse_text(cfg, text, sizeof(text) - 1,
	    "test", &e), CT_OK);
	return cfg;
}

static int
gate(const struct ct_config *cfg, const char *exe, uid_t r, uid_t eu,
    const char *name)
{
	struct ct_err e;
	int rc;

	ct_err_clear(&e);
	rc = ct_nss_gate(cfg, exe, r, eu, name, &e);
	if (rc != CT_OK && (rc != CT_ENOUSER || e.msg[0] == '\0'))
		fail_msg("%s: %s without a reason", name == NULL ? "(null)" :
		    name, ct_status_name(rc));
	return rc;
}

static void
test_positive_controls(void **state)
{
	struct ct_config *cfg = on_config();

	(void)state;
	assert_int_equal(gate(cfg, SSHD, 0, 0, "newbie"), CT_OK);
	assert_int_equal(gate(cfg, SESSION, 0, 0, "newbie"), CT_OK);
	assert_int_equal(gate(cfg, SSHD, 0, 0, "a.b-c_d9"), CT_OK);
	assert_int_equal(gate(cfg, SSHD, 0, 0,
	    "abcdefghijabcdefghijabcdefghijab"), CT_OK);	/* 32 */
	assert_true(ct_nss_in_sshd(cfg, SSHD, 0, 0));
	ct_config_free(cfg);
}

/* Only sshd, by its resolved path, exactly; never by name or parent. */
static void
test_only_sshd(void **state)
{
	struct ct_config *cfg = on_config();
	static const char *const others[] = {
		"/usr/bin/getent", "/usr/bin/id", "/usr/sbin/sshd (deleted)",
		"/usr/sbin/sshd2", "/usr/sbin/ssh", "/usr/sbin/sshd/",
		"/usr//sbin/sshd", "sshd", "/tmp/sshd", "", "/usr/sbin/sshd ",
		"/usr/lib/openssh/sshd-session.x",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (gate(cfg, others[i], 0, 0, "newbie") != CT_ENOUSER)
			fail_msg("answered for exe \"%s\"", others[i]);
	assert_int_equal(gate(cfg, NULL, 0, 0, "newbie"), CT_ENOUSER);
	ct_config_free(cfg);
}

/* Real and effective uid 0: a set-uid program or a dropped one is not. */
static void
test_only_root(void **state)
{
	struct ct_config *cfg = on_config();

	(void)state;
	assert_int_equal(gate(cfg, SSHD, 1000, 0, "newbie"), CT_ENOUSER);
	assert_int_equal(gate(cfg, SSHD, 0, 1000, "newbie"), CT_ENOUSER);
	assert_int_equal(gate(cfg, SSHD, 104, 104, "newbie"), CT_ENOUSER);
	ct_config_free(cfg);
}

/* Feature off (each of its three keys) = today's behaviour. */
static void
test_feature_keys(void **state)
{
	struct ct_config *cfg;
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	cfg = on_config();
	assert_int_equal(ct_config_set(cfg, "ssh_create_users", "no", &e),
	    CT_OK);
	assert_int_equal(gate(cfg, SSHD, 0, 0, "newbie"), CT_ENOUSER);
	ct_config_free(cfg);
	cfg = on_config();
	assert_int_equal(ct_config_set(cfg, "create_users", "no", &e), CT_OK);
	assert_int_equal(gate(cfg, SSHD, 0, 0, "newbie"), CT_ENOUSER);
	ct_config_free(cfg);
	cfg = on_config();
	assert_int_equal(ct_config_set(cfg, "allowed_domains", "  ", &e),
	    CT_OK);
	assert_int_equal(gate(cfg, SSHD, 0, 0, "newbie"), CT_ENOUSER);
	ct_config_free(cfg);
	/* the defaults answer nothing */
	cfg = ct_config_new();
	assert_non_null(cfg);
	assert_int_equal(gate(cfg, SSHD, 0, 0, "newbie"), CT_ENOUSER);
	ct_config_free(cfg);
}

/* sshd_paths replaces the list; it is not added to. */
static void
test_sshd_paths(void **state)
{
	struct ct_config *cfg = on_config();
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "sshd_paths",
	    "/opt/ssh/sbin/sshd  /opt/ssh/libexec/sshd-session", &e), CT_OK);
	assert_int_equal(gate(cfg, "/opt/ssh/sbin/sshd", 0, 0, "newbie"),
	    CT_OK);
	assert_int_equal(gate(cfg, "/opt/ssh/libexec/sshd-session", 0, 0,
	    "newbie"), CT_OK);
	assert_int_equal(gate(cfg, SSHD, 0, 0, "newbie"), CT_ENOUSER);
	assert_int_equal(ct_config_set(cfg, "sshd_paths", "sshd", &e),
	    CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "sshd_paths", "/a relative", &e),
	    CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "sshd_paths", "", &e),
	    CT_ECONFIG);
	ct_config_free(cfg);
}

/* A name creation refuses is never answered (automatic mapping's rules). */
static void
test_names(void **state)
{
	struct ct_config *cfg = on_config();
	static const char *const bad[] = {
		"root", "admin", "-oroot", "12345", "1abc", "Alice", "_apt",
		"a:b", "a b", "", "toor", "nobody", "sudo", "users", "sshd",
		"abcdefghijabcdefghijabcdefghijabc",	/* 33 */
		"a..b", "a.", "www-data", "al\nice", "alice\xc3\xa9",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (gate(cfg, SSHD, 0, 0, bad[i]) != CT_ENOUSER)
			fail_msg("answered for name \"%s\"", bad[i]);
	assert_int_equal(gate(cfg, SSHD, 0, 0, NULL), CT_ENOUSER);
	/* D2: with private groups, names packages create as groups too */
	assert_int_equal(gate(cfg, SSHD, 0, 0, "wireshark"), CT_OK);
	assert_int_equal(ct_config_set(cfg, "primary_group", "private", NULL),
	    CT_OK);
	assert_int_equal(gate(cfg, SSHD, 0, 0, "wireshark"), CT_ENOUSER);
	assert_int_equal(gate(cfg, SSHD, 0, 0, "newbie"), CT_OK);
	ct_config_free(cfg);
}

/* D2: the primary gid; never 0. */
static void
test_primary_gid(void **state)
{
	struct ct_config *cfg = on_config();
	struct ct_err e;
	gid_t gid = 0;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_primary_gid(cfg, 12345, &gid, &e), CT_OK);
	assert_int_not_equal(gid, 0);		/* Debian's "users": 100 */
	assert_int_not_equal(gid, 12345);
	assert_int_equal(ct_config_set(cfg, "primary_group", "private", &e),
	    CT_OK);
	assert_int_equal(ct_primary_gid(cfg, 12345, &gid, &e), CT_OK);
	assert_int_equal(gid, 12345);
	assert_int_equal(ct_config_set(cfg, "primary_group", "root", &e),
	    CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "primary_group", "no-such-grp",
	    &e), CT_OK);
	assert_int_equal(ct_primary_gid(cfg, 12345, &gid, &e), CT_ECONFIG);
	ct_config_free(cfg);
}

/* uid_range: parsed, and below uid_min is a configuration error. */
static void
test_uid_range_key(void **state)
{
	struct ct_config *cfg = on_config();
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(cfg->uid_lo, 10000);
	assert_int_equal(cfg->uid_hi, 59999);
	assert_int_equal(ct_config_check_ids(cfg, &e), CT_OK);
	assert_int_equal(ct_config_set(cfg, "uid_range", "2000-2999", &e),
	    CT_OK);
	assert_int_equal(ct_config_check_ids(cfg, &e), CT_OK);
	assert_int_equal(ct_config_set(cfg, "uid_min", "2500", &e), CT_OK);
	assert_int_equal(ct_config_check_ids(cfg, &e), CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "uid_range", "0-10", &e),
	    CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "uid_range", "20-10", &e),
	    CT_ECONFIG);
	assert_int_equal(cfg->uid_lo, 2000);	/* a refused value changes
						 * nothing */
	ct_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positive_controls),
		cmocka_unit_test(test_only_sshd),
		cmocka_unit_test(test_only_root),
		cmocka_unit_test(test_feature_keys),
		cmocka_unit_test(test_sshd_paths),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_primary_gid),
		cmocka_unit_test(test_uid_range_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

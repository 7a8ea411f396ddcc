/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_automap.c - automatic mapping of an email identity to a local name
 * (allowed_domains) and the rules for names, shells and groups of created
 * accounts.  Every hostile identity sits beside a positive control.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "automap.h"
#include "err.h"

#define ALLOWED "example.com  Example.ORG"

/* ct_automap(ALLOWED, identity) gives want (CT_OK: name). */
static void
expect_map(const char *identity, int want, const char *name)
{
	struct ct_err e;
	char *got = NULL;
	int r;

	ct_err_clear(&e);
	r = ct_automap(ALLOWED, identity, &got, &e);
	if (r != want)
		fail_msg("\"%s\": got %s (%s), want %s", identity == NULL ?
		    "(null)" : identity, ct_status_name(r), e.msg,
		    ct_status_name(want));
	assert_int_equal(e.code, r);
	if (want == CT_OK) {
		assert_non_null(got);
		assert_string_equal(got, name);
	} else
		assert_null(got);
	free(got);
}

/* Refused with CT_EAUTH and a reason holding why. */
static void
expect_refused(const char *identity, const char *why)
{
	struct ct_err e;
	char *got = NULL;
	int r;

	ct_err_clear(&e);
	r = ct_automap(ALLOWED, identity, &got, &e);
	if (r != CT_EAUTH || strstr(e.msg, why) == NULL)
		fail_msg("identity \"%s\": got %s (%s), want CT_EAUTH \"%s\"",
		    identity, ct_status_name(r), e.msg, why);
	assert_null(got);
}

static void
test_maps_local_part(void **state)
{
	(void)state;
	expect_map("alice@example.com", CT_OK, "alice");
	expect_map("Alice@EXAMPLE.com", CT_OK, "alice");
	expect_map("ALICE@example.org", CT_OK, "alice");
	expect_map("a.b-c_d9@example.com", CT_OK, "a.b-c_d9");
	/* 32 characters fit; 33 do not (below). */
	expect_map("abcdefghijabcdefghijabcdefghijab@example.com", CT_OK,
	    "abcdefghijabcdefghijabcdefghijab");
}

static void
test_unlisted_is_no_user(void **state)
{
	(void)state;
	expect_map("alice@other.com", CT_ENOUSER, NULL);
	expect_map("alice@sub.example.com", CT_ENOUSER, NULL);
	expect_map("alice@example.com.evil.net", CT_ENOUSER, NULL);
	expect_map("alice@example.co", CT_ENOUSER, NULL);
	expect_map("+15551234567", CT_ENOUSER, NULL);
	expect_map("alice", CT_ENOUSER, NULL);
	expect_map(NULL, CT_ENOUSER, NULL);
	/* Cyrillic 'е' (U+0435) in the domain: not the listed domain. */
	expect_map("alice@\x65xampl\xd0\xb5.com", CT_ENOUSER, NULL);
	/* Nothing maps when the list is empty. */
	{
		struct ct_err e;
		char *got = NULL;

		ct_err_clear(&e);
		assert_int_equal(ct_automap("", "alice@example.com", &got,
		    &e), CT_ENOUSER);
		assert_null(got);
	}
}

static void
test_hostile_identities(void **state)
{
	static const char *fit = "does not fit the user name pattern";
	static const char *plain = "not a plain ASCII email";

	(void)state;
	expect_refused("-oroot@example.com", fit);
	expect_refused("a/b@example.com", fit);
	expect_refused("..@example.com", plain);
	expect_refused(".hidden@example.com", plain);
	expect_refused("alice.@example.com", plain);
	expect_refused("a..b@example.com", plain);
	expect_refused("abcdefghijabcdefghijabcdefghijabc@example.com", fit);
	expect_refused("abcdefghijabcdefghijabcdefghijabcdefghij@example.com",
	    fit);
	expect_refused("12345@example.com", fit);
	expect_refused("1alice@example.com", fit);
	expect_refused("_apt@example.com", fit);
	expect_refused("alice+tag@example.com", fit);
	expect_refused("a:b@example.com", plain);
	expect_refused("a,b@example.com", plain);
	expect_refused("\"quoted\"@example.com", plain);
	expect_refused("\"a b\"@example.com", plain);
	expect_refused("\xd0\xb0lice@example.com", plain);	/* Cyrillic a */
	expect_refused("\xe2\x80\xae" "alice@example.com", plain); /* RLO */
	expect_refused("ali\xe2\x80\xaeme@example.com", plain);
	expect_refused("ali\nce@example.com", plain);
	expect_refused("ali\tce@example.com", plain);
	expect_refused("ali ce@example.com", plain);
	expect_refused("ali\x7f" "ce@example.com", plain);
	expect_refused("a@b@example.com", plain);
	expect_refused("@example.com", plain);
	/* Reserved and privileged names never map, whatever their uid. */
	expect_refused("root@example.com", fit);
	expect_refused("Root@example.com", fit);
	expect_refused("nobody@example.com", fit);
	expect_refused("admin@example.com", fit);
	expect_refused("sudo@example.com", fit);
	expect_refused("wheel@example.com", fit);
	expect_refused("docker@example.com", fit);
	expect_refused("daemon@example.com", fit);
	expect_refused("bin@example.com", fit);
}

static void
test_email_and_domain_rules(void **state)
{
	char longdom[300];

	(void)state;
	assert_true(ct_email_valid("a@b.c"));
	assert_true(ct_email_valid("o'brien&x=1!#$%{|}~@example.com"));
	assert_false(ct_email_valid("a@b..c"));
	assert_false(ct_email_valid("a@-b.c"));
	assert_false(ct_email_valid("a@b-.c"));
	assert_false(ct_email_valid("a@b_c.d"));
	assert_false(ct_email_valid("a@"));
	assert_false(ct_email_valid(""));
	assert_false(ct_email_valid(NULL));
	assert_true(ct_domain_valid("xn--bcher-kva.de"));
	assert_false(ct_domain_valid("b\xc3\xbc" "cher.de"));
	assert_false(ct_domain_valid(".example.com"));
	assert_false(ct_domain_valid("example.com."));
	memset(longdom, 'a', sizeof(longdom));
	longdom[64] = '\0';	/* a label of 64 */
	assert_false(ct_domain_valid(longdom));
	longdom[63] = '\0';
	assert_true(ct_domain_valid(longdom));
	assert_true(ct_domains_valid(""));
	assert_true(ct_domains_valid(" example.com  b.org "));
	assert_false(ct_domains_valid("example.com,b.org"));
	assert_true(ct_domain_allowed(ALLOWED, "EXAMPLE.COM"));
	assert_true(ct_domain_allowed(ALLOWED, "example.org"));
	assert_false(ct_domain_allowed(ALLOWED, "example"));
	assert_false(ct_domain_allowed(ALLOWED, "xample.com"));
	assert_true(ct_ascii_caseeq("Alice@Example.COM", "alice@example.com"));
	assert_false(ct_ascii_caseeq("alice@example.com", "alice@example.co"));
	assert_false(ct_ascii_caseeq(NULL, "a"));
}

static void
test_names_shells_groups(void **state)
{
	char out[CT_GROUPS_MAX + 1], many[400];
	size_t i;

	(void)state;
	assert_true(ct_newname_valid("alice"));
	assert_false(ct_newname_valid("_alice"));
	assert_false(ct_newname_valid("root"));
	assert_false(ct_newname_valid("Alice"));
	assert_true(ct_name_reserved("admin"));
	assert_false(ct_name_reserved("alice"));
	assert_true(ct_shell_valid("/bin/bash"));
	assert_true(ct_shell_valid("/usr/local/bin/fish-3.6_x+y"));
	assert_false(ct_shell_valid("/bin/sh:x"));
	assert_false(ct_shell_valid("/bin/sh,x"));
	assert_false(ct_shell_valid("/bin/sh\n"));
	assert_false(ct_shell_valid("/bin/../sh"));
	assert_false(ct_shell_valid("sh"));
	assert_int_equal(ct_groups_normalize("", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(ct_groups_normalize(" users,audio  video, ", out,
	    sizeof(out)), 0);
	assert_string_equal(out, "users,audio,video");
	assert_int_equal(ct_groups_normalize("a:b", out, sizeof(out)), -1);
	assert_int_equal(ct_groups_normalize("users,users", out,
	    sizeof(out)), -1);
	assert_int_equal(ct_groups_normalize("users", out, 5), -1);
	/* 33 groups is too many. */
	many[0] = '\0';
	for (i = 0; i < 33; i++)
		(void)snprintf(many + strlen(many), sizeof(many) -
		    strlen(many), "g%zu ", i);
	assert_int_equal(ct_groups_normalize(many, out, sizeof(out)), -1);
}

/* D2: names Debian packages create as groups (private groups only). */
static void
test_package_groups(void **state)
{
	static const char *pkg[] = { "wireshark", "ssl-cert", "lpadmin",
	    "systemd-network", "systemd-anything", "bluetooth", "docker" };
	static const char *plain[] = { "alice", "ua.first", "wire", "ssl",
	    "systemd", "wiresharks", "ssl-cert2" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pkg) / sizeof(pkg[0]); i++)
		if (!ct_package_group(pkg[i]) && !ct_name_reserved(pkg[i]))
			fail_msg("%s is not refused", pkg[i]);
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (ct_package_group(plain[i]))
			fail_msg("%s is refused", plain[i]);
	assert_true(ct_newname_valid("wireshark"));	/* "users" mode */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps_local_part),
		cmocka_unit_test(test_unlisted_is_no_user),
		cmocka_unit_test(test_hostile_identities),
		cmocka_unit_test(test_email_and_domain_rules),
		cmocka_unit_test(test_names_shells_groups),
		cmocka_unit_test(test_package_groups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

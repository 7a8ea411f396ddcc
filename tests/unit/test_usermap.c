/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_usermap.c - the administrator's identity map (DESIGN.md invariant
 * 6): an account is reachable only by the identity bound to it.  Each
 * refusal sits beside a positive control.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "claims.h"
#include "err.h"
#include "usermap.h"
#include "testenv.h"

#define SUB_A	"0f3c1e1e-2020-4a5b-9c7d-000000000042"

static const char map[] =
    "# identity map\n"
    "\n"
    "alice@example.com alice\n"
    "Bob@Example.COM\tbob\n"
    "+15551234567    carol\n"
    "sub:" SUB_A " dave\n"
    "   # indented comment\n"
    "shared@example.com erin\n"
    "shared@example.com frank\n"
    "alice@example.com alice.admin\n";

static char dir[64];

static int
check(const char *text, const char *ident, const char *sub,
    const char *user, struct ct_err *e)
{
	struct ct_identity id;

	id.iss = NULL;
	id.sub = (char *)(uintptr_t)sub;
	id.identity = (char *)(uintptr_t)ident;
	ct_err_clear(e);
	return ct_usermap_check_text(text, strlen(text), "users", &id, user,
	    e);
}

static void
expect(const char *text, const char *ident, const char *sub,
    const char *user, int want)
{
	struct ct_err e;
	int r;

	r = check(text, ident, sub, user, &e);
	if (r != want)
		fail_msg("%s / %s for %s: got %s (%s), want %s",
		    ident == NULL ? "(null)" : ident, sub == NULL ? "(null)" :
		    sub, user, ct_status_name(r), e.msg, ct_status_name(want));
	assert_int_equal(e.code, r);
}

/* A malformed map refuses whole, naming the line. */
static void
malformed(const char *text, const char *why)
{
	struct ct_err e;
	int r;

	r = check(text, "alice@example.com", SUB_A, "alice", &e);
	if (r != CT_ECONFIG)
		fail_msg("map \"%s\": got %s, want CT_ECONFIG", text,
		    ct_status_name(r));
	if (strstr(e.msg, why) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", e.msg, why);
}

static void
test_email_case_insensitive(void **state)
{
	(void)state;
	expect(map, "alice@example.com", "x", "alice", CT_OK);
	expect(map, "ALICE@Example.Com", "x", "alice", CT_OK);
	expect(map, "bob@example.com", "x", "bob", CT_OK);
	expect(map, "BOB@EXAMPLE.COM", "x", "bob", CT_OK);
	/* One identity may own several accounts. */
	expect(map, "alice@example.com", "x", "alice.admin", CT_OK);
	/* Case folding is ASCII only: no Unicode look-alikes. */
	expect(map, "alice@exampl\xc3\xa9.com", "x", "alice", CT_ENOUSER);
	expect(map, "alice@example.co", "x", "alice", CT_ENOUSER);
	expect(map, "alice@example.comm", "x", "alice", CT_ENOUSER);
	expect(map, "xalice@example.com", "x", "alice", CT_ENOUSER);
}

static void
test_phone_exact(void **state)
{
	(void)state;
	expect(map, "+15551234567", "x", "carol", CT_OK);
	expect(map, "15551234567", "x", "carol", CT_ENOUSER);
	expect(map, "+155512345678", "x", "carol", CT_ENOUSER);
	expect(map, "+1 5551234567", "x", "carol", CT_ENOUSER);
}

static void
test_sub_match(void **state)
{
	(void)state;
	/* 2020-era token: no identity at all, only sub. */
	expect(map, NULL, SUB_A, "dave", CT_OK);
	expect(map, "someone@example.com", SUB_A, "dave", CT_OK);
	expect(map, NULL, "0F3C1E1E-2020-4A5B-9C7D-000000000042", "dave",
	    CT_ENOUSER);
	expect(map, NULL, SUB_A "0", "dave", CT_ENOUSER);
	/* The identity "sub:..." is not the sub. */
	expect(map, "sub:" SUB_A, "x", "dave", CT_ENOUSER);
	expect(map, NULL, "x", "alice", CT_ENOUSER);
}

static void
test_identity_of_another_user(void **state)
{
	(void)state;
	/* alice's token for bob's account: the token is someone else's. */
	expect(map, "alice@example.com", "x", "bob", CT_EAUTH);
	expect(map, "+15551234567", "x", "alice", CT_EAUTH);
	expect(map, NULL, SUB_A, "alice", CT_EAUTH);
	expect(map, "shared@example.com", "x", "alice", CT_EAUTH);
	expect(map, "shared@example.com", "x", "erin", CT_OK);
	expect(map, "shared@example.com", "x", "frank", CT_OK);
	/* root is never in the map here; asking for it is foreign. */
	expect(map, "alice@example.com", "x", "root", CT_EAUTH);
}

static void
test_no_match(void **state)
{
	(void)state;
	expect(map, "mallory@example.com", "x", "alice", CT_ENOUSER);
	expect("", "alice@example.com", "x", "alice", CT_ENOUSER);
	expect("# only comments\n\n", "alice@example.com", "x", "alice",
	    CT_ENOUSER);
}

static void
test_user_case_mismatch(void **state)
{
	(void)state;
	expect(map, "alice@example.com", "x", "Alice", CT_EAUTH);
	expect(map, "alice@example.com", "x", "ALICE", CT_EAUTH);
	expect(map, "alice@example.com", "x", "alice ", CT_EAUTH);
	expect(map, "alice@example.com", "x", "alic", CT_EAUTH);
}

static void
test_malformed_lines(void **state)
{
	static const char nul[] = "alice@example.com alice\0\n";
	struct ct_identity id = { NULL, NULL, NULL, NULL };
	struct ct_err e;

	(void)state;
	malformed("alice@example.com alice extra\n", "users:1");
	malformed("alice@example.com alice # comment\n", "users:1");
	malformed("# c\nalice@example.com\n", "users:2");
	malformed("a@b alice\nmallory@example.com Root\n", "users:2");
	malformed("mallory@example.com -oroot\n", "-oroot");
	malformed("mallory@example.com a/b\n", "users:1");
	malformed("mallory@example.com ../root\n", "users:1");
	malformed("sub: dave\n", "users:1");
	malformed("sub:\tdave\n", "users:1");
	malformed("al\x01" "ce@example.com alice\n", "users:1");
	malformed("j\xc3\xb6rg@example.com alice\n", "users:1");
	malformed("alice@example.com alice\r\n", "carriage return");
	/* A bad line after a good match still fails the whole map. */
	malformed("alice@example.com alice\nbad line here\n", "users:2");
	ct_err_clear(&e);
	id.identity = (char *)(uintptr_t)"alice@example.com";
	assert_int_equal(ct_usermap_check_text(nul, sizeof(nul) - 1, "users",
	    &id, "alice", &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "NUL"));
}

static void
test_line_length(void **state)
{
	char *text;
	size_t n;

	(void)state;
	/* 1024 bytes of line: accepted (positive control). */
	text = malloc(2048);
	assert_non_null(text);
	n = 1024 - strlen(" alice");
	memset(text, 'a', n);
	text[n - 12] = '@';
	(void)strcpy(text + n, " alice\n");
	expect(text, "x", "x", "alice", CT_ENOUSER);
	/* 1025 bytes: refused. */
	memset(text, 'a', n + 1);
	text[n - 12] = '@';
	(void)strcpy(text + n + 1, " alice\n");
	malformed(text, "users:1");
	free(text);
}

static void
test_username_valid(void **state)
{
	static const char *good[] = { "alice", "_svc", "a", "bob.smith",
	    "x-y_z.9", "a0", "abcdefghijklmnopqrstuvwxyz012345" };
	static const char *bad[] = { "", "Root", "Alice", "-oroot", "a/b",
	    "..", "a..b", "alice.", ".alice", "0day", "9", "-", "a b",
	    "a\tb", "a:b", "abcdefghijklmnopqrstuvwxyz0123456",
	    "al\xc3\xaf" "ce", "root\n", "a$", "a@b" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (ct_username_valid(good[i]) != 1)
			fail_msg("\"%s\" refused", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ct_username_valid(bad[i]) != 0)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(ct_username_valid(NULL), 0);
}

/* ct_usermap_check reads the file safely; missing means no entries. */
static void
test_map_file(void **state)
{
	struct ct_identity id = { NULL, NULL, NULL, NULL };
	struct ct_err e;
	char path[128];
	int fd;

	(void)state;
	id.identity = (char *)(uintptr_t)"alice@example.com";
	id.sub = (char *)(uintptr_t)"x";
	(void)snprintf(path, sizeof(path), "%s/users", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, map, strlen(map)), (ssize_t)strlen(map));
	assert_int_equal(fchown(fd, 0, 0), 0);
	assert_int_equal(fchmod(fd, 0644), 0);
	assert_int_equal(close(fd), 0);
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "alice", &e), CT_OK);
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "bob", &e), CT_EAUTH);
	assert_int_equal(chmod(path, 0666), 0);
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "alice", &e),
	    CT_ECONFIG);
	assert_non_null(strstr(e.msg, "map_file"));
	assert_non_null(strstr(e.msg, "writable"));
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chown(path, 65534, 0), 0);
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "alice", &e),
	    CT_ECONFIG);
	(void)snprintf(path, sizeof(path), "%s/missing", dir);
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "alice", &e),
	    CT_ENOUSER);
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check("users", &id, "alice", &e),
	    CT_ECONFIG);
}

static int
setup(void **state)
{
	(void)state;
	return t_scratch_make(dir, sizeof(dir), "usermap", 0755);
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
		cmocka_unit_test(test_email_case_insensitive),
		cmocka_unit_test(test_phone_exact),
		cmocka_unit_test(test_sub_match),
		cmocka_unit_test(test_identity_of_another_user),
		cmocka_unit_test(test_no_match),
		cmocka_unit_test(test_user_case_mismatch),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_username_valid),
		cmocka_unit_test(test_map_file),
	};

	if (geteuid() != 0) {
		(void)fprintf(stderr, "test_usermap must run as root\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_binding.c - the binding store (DESIGN.md invariants 6 and 7): the
 * strict file grammar, round trips, and the reader's refusal of anything
 * unsafe (links, foreign owners, writable files or directories).
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

#include "binding.h"
#include "err.h"
#include "uidalloc.h"
#include "testenv.h"

#define ISS	"https://www.cotter.app"
#define SUB	"0f3c1e1e-2020-4a5b-9c7d-000000000042"

static const char good[] =
    "version 1\nuser alice\nstate bound\niss " ISS "\nsub " SUB "\n"
    "identity alice@example.com\ncreated 1717171717\n";
static const char pending[] =
    "version 1\nuser alice\nstate pending\niss " ISS "\n"
    "identity alice@example.com\ncreated 1717171717\n";

static char dir[96], state[128];

static int
parse(const char *text, size_t len, const char *user, struct ct_binding *b,
    struct ct_err *e)
{
	ct_err_clear(e);
	return ct_binding_parse_text(text, len, user, b, e);
}

/* good with `from` replaced by `to` is refused naming why. */
static void
bad_variant(const char *from, const char *to, const char *why)
{
	struct ct_binding b;
	struct ct_err e;
	char text[1024];
	const char *p = strstr(good, from);
	size_t n;

	assert_non_null(p);
	n = (size_t)(p - good);
	memcpy(text, good, n);
	memcpy(text + n, to, strlen(to));
	memcpy(text + n + strlen(to), p + strlen(from),
	    strlen(p + strlen(from)));
	n += strlen(to) + strlen(p + strlen(from));
	if (parse(text, n, "alice", &b, &e) != CT_ECONFIG)
		fail_msg("accepted: %s -> %s", from, to);
	if (strstr(e.msg, why) == NULL)
		fail_msg("%s -> %s: reason \"%s\" lacks \"%s\"", from, to,
		    e.msg, why);
	assert_string_equal(b.user, "");	/* nothing half-parsed */
}

static void
test_parse_good(void **state_)
{
	struct ct_binding b;
	struct ct_err e;

	(void)state_;
	assert_int_equal(parse(good, strlen(good), "alice", &b, &e), CT_OK);
	assert_string_equal(b.user, "alice");
	assert_string_equal(b.iss, ISS);
	assert_string_equal(b.sub, SUB);
	assert_string_equal(b.identity, "alice@example.com");
	assert_true(b.created == 1717171717LL);
	assert_int_equal(b.pending, 0);
	assert_true(ct_binding_matches(&b, ISS, SUB));
	/* Byte for byte: case, prefix or another issuer do not match. */
	assert_false(ct_binding_matches(&b, ISS, "0F3C1E1E-2020-4A5B-9C7D-"
	    "000000000042"));
	assert_false(ct_binding_matches(&b, ISS, SUB "0"));
	assert_false(ct_binding_matches(&b, ISS "/", SUB));
	assert_int_equal(parse(good, strlen(good), NULL, &b, &e), CT_OK);
	assert_int_equal(parse(pending, strlen(pending), "alice", &b, &e),
	    CT_OK);
	assert_int_equal(b.pending, 1);
	assert_string_equal(b.sub, "");
	/* A pending binding matches no sub at all. */
	assert_false(ct_binding_matches(&b, ISS, ""));
	assert_false(ct_binding_matches(&b, ISS, SUB));
}

static void
test_parse_strict(void **state_)
{
	struct ct_binding b;
	struct ct_err e;

	(void)state_;
	bad_variant("version 1", "version 2", "unknown version");
	bad_variant("user alice", "user bob", "another account");
	bad_variant("user alice", "user Alice", "invalid user name");
	bad_variant("user alice", "user  alice", "printable");
	bad_variant("state bound", "state owned", "neither bound");
	bad_variant("\nsub " SUB, "", "unexpected line");
	bad_variant("sub " SUB, "sub " SUB " x", "printable");
	bad_variant("sub " SUB, "sub a\x01" "b", "printable");
	bad_variant("sub " SUB, "sub \xc3\xa9", "printable");
	bad_variant("sub " SUB, "sub ", "empty");
	bad_variant("identity alice", "identity\talice", "unexpected line");
	bad_variant("created 1717171717", "created -1", "decimal");
	bad_variant("created 1717171717", "created 01", "decimal");
	bad_variant("created 1717171717", "created 99999999999999999999",
	    "range");
	bad_variant("created 1717171717\n", "created 1717171717", "newline");
	bad_variant("created 1717171717\n", "created 1717171717\n\n",
	    "trailing");
	bad_variant("created 1717171717\n", "created 1717171717\r\n",
	    "printable");
	bad_variant("iss " ISS "\nsub " SUB, "sub " SUB "\niss " ISS,
	    "unexpected line");
	bad_variant("state bound", "state pending", "unexpected line");
	/* NUL inside a value. */
	{
		char text[sizeof(good)];

		memcpy(text, good, sizeof(good));
		text[strstr(good, "alice@") - good + 2] = '\0';
		assert_int_equal(parse(text, sizeof(good) - 1, "alice", &b,
		    &e), CT_ECONFIG);
	}
	assert_int_equal(parse("", 0, "alice", &b, &e), CT_ECONFIG);
	assert_int_equal(parse(good, strlen(good) - 1, "alice", &b, &e),
	    CT_ECONFIG);
}

static void
test_make_and_format(void **state_)
{
	struct ct_binding b, c;
	struct ct_err e;
	char buf[CT_BINDING_MAX_BYTES], big[600];
	size_t len = 0;

	(void)state_;
	ct_err_clear(&e);
	assert_int_equal(ct_binding_make(&b, "alice", ISS, SUB,
	    "alice@example.com", 1717171717, &e), CT_OK);
	assert_int_equal(ct_binding_format(&b, buf, sizeof(buf), &len, &e),
	    CT_OK);
	assert_int_equal(len, strlen(good));
	assert_memory_equal(buf, good, len);
	assert_int_equal(ct_binding_make(&b, "alice", ISS, NULL,
	    "alice@example.com", 1717171717, &e), CT_OK);
	assert_int_equal(ct_binding_format(&b, buf, sizeof(buf), &len, &e),
	    CT_OK);
	assert_memory_equal(buf, pending, len);
	assert_int_equal(parse(buf, len, "alice", &c, &e), CT_OK);
	assert_int_equal(c.pending, 1);
	/* Values that cannot be stored are refused, never mangled. */
	assert_int_equal(ct_binding_make(&b, "alice", ISS, "a b",
	    "alice@example.com", 1, &e), CT_EAUTH);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_make(&b, "alice", ISS, "a\nb",
	    "alice@example.com", 1, &e), CT_EAUTH);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_make(&b, "../x", ISS, SUB, "x@y.z", 1,
	    &e), CT_EAUTH);
	ct_err_clear(&e);
	memset(big, 's', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(ct_binding_make(&b, "alice", ISS, big, "x@y.z", 1,
	    &e), CT_EAUTH);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_path("/s", "a/b", buf, sizeof(buf), &e),
	    CT_EAUTH);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_path("/s", "..", buf, sizeof(buf), &e),
	    CT_EAUTH);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_path("/s", "alice", buf, sizeof(buf),
	    &e), CT_OK);
	assert_string_equal(buf, "/s/bindings/alice");
}

static int
read_b(const char *user, struct ct_binding *b, int *found, struct ct_err *e)
{
	ct_err_clear(e);
	return ct_binding_read(state, user, b, found, e);
}

static void
test_store_round_trip(void **state_)
{
	struct ct_binding b, c;
	struct ct_err e;
	struct stat st;
	char path[256];
	int found = 1;

	(void)state_;
	/* No store yet: nobody is bound. */
	assert_int_equal(read_b("alice", &c, &found, &e), CT_OK);
	assert_int_equal(found, 0);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_dirs(state, &e), CT_OK);
	assert_int_equal(stat(state, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(read_b("alice", &c, &found, &e), CT_OK);
	assert_int_equal(found, 0);
	assert_int_equal(ct_binding_make(&b, "alice", ISS, SUB,
	    "alice@example.com", 1717171717, &e), CT_OK);
	assert_int_equal(ct_binding_write(state, &b, &e), CT_OK);
	(void)snprintf(path, sizeof(path), "%s/bindings/alice", state);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(read_b("alice", &c, &found, &e), CT_OK);
	assert_int_equal(found, 1);
	assert_memory_equal(&b, &c, sizeof(b));
	/* remove forgets it; a second remove finds nothing. */
	assert_int_equal(ct_binding_remove(state, "alice", &found, &e), CT_OK);
	assert_int_equal(found, 1);
	assert_int_equal(ct_binding_remove(state, "alice", &found, &e), CT_OK);
	assert_int_equal(found, 0);
	assert_int_equal(read_b("alice", &c, &found, &e), CT_OK);
	assert_int_equal(found, 0);
}

/* The reader refuses an unsafe store with CT_ECONFIG. */
static void
test_store_unsafe(void **state_)
{
	struct ct_binding b, c;
	struct ct_err e;
	char path[256], link[256];
	int found = 0;

	(void)state_;
	ct_err_clear(&e);
	assert_int_equal(ct_binding_dirs(state, &e), CT_OK);
	assert_int_equal(ct_binding_make(&b, "bob", ISS, SUB, "bob@x.org", 1,
	    &e), CT_OK);
	assert_int_equal(ct_binding_write(state, &b, &e), CT_OK);
	assert_int_equal(read_b("bob", &c, &found, &e), CT_OK);	/* control */
	(void)snprintf(path, sizeof(path), "%s/bindings/bob", state);
	assert_int_equal(chmod(path, 0622), 0);
	assert_int_equal(read_b("bob", &c, &found, &e), CT_ECONFIG);
	assert_int_equal(chmod(path, 0664), 0);	/* group-writable */
	assert_int_equal(read_b("bob", &c, &found, &e), CT_ECONFIG);
	assert_int_equal(chmod(path, 0644), 0);	/* readable by all: fine */
	assert_int_equal(read_b("bob", &c, &found, &e), CT_OK);
	assert_int_equal(chown(path, 65534, 65534), 0);
	assert_int_equal(read_b("bob", &c, &found, &e), CT_ECONFIG);
	assert_int_equal(chown(path, 0, 0), 0);
	assert_int_equal(read_b("bob", &c, &found, &e), CT_OK);
	(void)snprintf(path, sizeof(path), "%s/bindings", state);
	assert_int_equal(chmod(path, 0777), 0);
	assert_int_equal(read_b("bob", &c, &found, &e), CT_ECONFIG);
	assert_int_equal(chmod(path, 0775), 0);
	assert_int_equal(read_b("bob", &c, &found, &e), CT_ECONFIG);
	assert_int_equal(chmod(path, 0755), 0);
	assert_int_equal(read_b("bob", &c, &found, &e), CT_OK);
	/* A binding file that is a symbolic link to a good one. */
	(void)snprintf(link, sizeof(link), "%s/bindings/carol", state);
	assert_int_equal(symlink("bob", link), 0);
	assert_int_equal(read_b("carol", &c, &found, &e), CT_ECONFIG);
	/* The state directory itself as a symbolic link. */
	(void)snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(symlink(state, link), 0);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_read(link, "bob", &c, &found, &e),
	    CT_ECONFIG);
	/* bob's file renamed to dave: the user line must name the file. */
	(void)snprintf(path, sizeof(path), "%s/bindings/bob", state);
	(void)snprintf(link, sizeof(link), "%s/bindings/dave", state);
	assert_int_equal(rename(path, link), 0);
	assert_int_equal(read_b("dave", &c, &found, &e), CT_ECONFIG);
	assert_int_equal(found, 0);
}

/* D6: the uid records; a uid recorded for one name is that name's
 * while that account holds it (issue 19). */
static void
test_uid_records(void **state_)
{
	struct ct_err e;
	char owner[CT_BIND_USER_MAX + 1], path[256];
	int found = 1, taken = 1;
	FILE *f;

	(void)state_;
	ct_err_clear(&e);
	assert_int_equal(ct_binding_dirs(state, &e), CT_OK);
	assert_int_equal(ct_uid_owner(state, 31000, owner, sizeof(owner),
	    &found, &e), CT_OK);
	assert_int_equal(found, 0);	/* no uids/ yet */
	assert_int_equal(ct_uid_record(state, 31000, "erin", &e), CT_OK);
	assert_int_equal(ct_uid_owner(state, 31000, owner, sizeof(owner),
	    &found, &e), CT_OK);
	assert_int_equal(found, 1);
	assert_string_equal(owner, "erin");
	/*
	 * Issue 19: no account erin exists, so her record gives the uid to
	 * nobody, not even to a new "erin" (another person, same name).
	 */
	assert_int_equal(ct_uid_bound_other(state, 31000, "erin", &taken), 0);
	assert_int_equal(taken, 1);
	/* Control: the account named in a record holds that uid: its own. */
	assert_int_equal(ct_uid_record(state, 65534, "nobody", &e), CT_OK);
	assert_int_equal(ct_uid_bound_other(state, 65534, "nobody", &taken),
	    0);
	assert_int_equal(taken, 0);
	assert_int_equal(ct_uid_bound_other(state, 65534, "frank", &taken),
	    0);
	assert_int_equal(taken, 1);
	assert_int_equal(ct_uid_bound_other(state, 31000, "frank", &taken),
	    0);
	assert_int_equal(taken, 1);	/* nobody else ever does */
	assert_int_equal(ct_uid_bound_other(state, 31001, "frank", &taken),
	    0);
	assert_int_equal(taken, 0);
	assert_int_equal(ct_uid_record(state, 0, "erin", &e), CT_EAUTH);
	ct_err_clear(&e);
	assert_int_equal(ct_uid_record(state, 5, "-oroot", &e), CT_EAUTH);
	/* malformed and unsafe records refuse (the allocation then fails) */
	(void)snprintf(path, sizeof(path), "%s/uids/31002", state);
	f = fopen(path, "w");
	assert_non_null(f);
	(void)fputs("bad name\n", f);
	(void)fclose(f);
	ct_err_clear(&e);
	assert_int_equal(ct_uid_owner(state, 31002, owner, sizeof(owner),
	    &found, &e), CT_ECONFIG);
	assert_int_equal(ct_uid_bound_other(state, 31002, "x", &taken), -1);
	(void)snprintf(path, sizeof(path), "%s/uids/31000", state);
	assert_int_equal(chmod(path, 0666), 0);
	ct_err_clear(&e);
	assert_int_equal(ct_uid_owner(state, 31000, owner, sizeof(owner),
	    &found, &e), CT_ECONFIG);
}

static int
setup(void **state_)
{
	(void)state_;
	if (t_scratch_make(dir, sizeof(dir), "binding", 0) != 0)
		return -1;
	(void)snprintf(state, sizeof(state), "%s/state", dir);
	return 0;
}

static int
teardown(void **state_)
{
	(void)state_;
	return t_scratch_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_strict),
		cmocka_unit_test(test_make_and_format),
		cmocka_unit_test(test_store_round_trip),
		cmocka_unit_test(test_store_unsafe),
		cmocka_unit_test(test_uid_records),
	};

	if (geteuid() != 0) {
		(void)fprintf(stderr, "test_binding must run as root\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}

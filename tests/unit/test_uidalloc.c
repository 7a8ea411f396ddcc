/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_uidalloc.c - the uid of an account this module creates (D6):
 * FNV-1a-64 vectors, range parsing, determinism, and the attack the
 * probing stops: names built to land on a uid or gid in use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "uidalloc.h"

#define LO	10000U
#define HI	59999U
#define TAKEN_MAX 64

struct world {
	uid_t uids[TAKEN_MAX];
	gid_t gids[TAKEN_MAX];
	size_t nu, ng;
	uid_t bound[TAKEN_MAX];	/* recorded for other Cotter users */
	size_t nb;
	int fail_at;		/* uid whose lookup fails; 0 = none */
	unsigned calls;
	unsigned left;		/* first_taken: candidates still taken */
};

static int
w_uid(void *ctx, uid_t uid, int *taken)
{
	struct world *w = ctx;
	size_t i;

	w->calls++;
	if (w->fail_at != 0 && uid == (uid_t)w->fail_at)
		return -1;
	*taken = 0;
	for (i = 0; i < w->nu; i++)
		if (w->uids[i] == uid)
			*taken = 1;
	return 0;
}

static int
w_gid(void *ctx, gid_t gid, int *taken)
{
	struct world *w = ctx;
	size_t i;

	*taken = 0;
	for (i = 0; i < w->ng; i++)
		if (w->gids[i] == gid)
			*taken = 1;
	return 0;
}

static int
w_bound(void *ctx, uid_t uid, int *taken)
{
	struct world *w = ctx;
	size_t i;

	*taken = 0;
	for (i = 0; i < w->nb; i++)
		if (w->bound[i] == uid)
			*taken = 1;
	return 0;
}

static uid_t
pick(struct world *w, const char *name, uid_t lo, uid_t hi, int want)
{
	const struct ct_idcheck chk = { w_uid, w_gid, w_bound, w };
	struct ct_err e;
	uid_t uid = 0;
	int r;

	ct_err_clear(&e);
	r = ct_uid_pick(name, lo, hi, &chk, &uid, &e);
	if (r != want)
		fail_msg("%s: got %s (%s)", name, ct_status_name(r), e.msg);
	return uid;
}

static uid_t
start_of(const char *name, uid_t lo, uid_t hi)
{
	return (uid_t)(lo + ct_fnv1a64(name) % ((uint64_t)hi - lo + 1));
}

/* draft-eastlake-fnv test vectors for FNV-1a 64. */
static void
test_fnv_vectors(void **state)
{
	(void)state;
	assert_true(ct_fnv1a64("") == 0xcbf29ce484222325ULL);
	assert_true(ct_fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
	assert_true(ct_fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

static void
test_range_parse(void **state)
{
	uid_t lo = 7, hi = 7;

	(void)state;
	assert_int_equal(ct_uid_range_parse("10000-59999", &lo, &hi), 0);
	assert_int_equal(lo, 10000);
	assert_int_equal(hi, 59999);
	assert_int_equal(ct_uid_range_parse("5-5", &lo, &hi), 0);
	assert_int_equal(ct_uid_range_parse("2147483646-2147483646", &lo,
	    &hi), 0);
	lo = hi = 7;
	assert_int_equal(ct_uid_range_parse("0-100", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("100-99", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("1-2147483647", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("1-99999999999999999999", &lo,
	    &hi), -1);
	assert_int_equal(ct_uid_range_parse("-1-5", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("+1-5", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("1 -5", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("1-5 ", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("01-5", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("15", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse("", &lo, &hi), -1);
	assert_int_equal(ct_uid_range_parse(NULL, &lo, &hi), -1);
	assert_int_equal(lo, 7);	/* untouched on failure */
	assert_int_equal(hi, 7);
}

/* Same name, same free range: same uid (two hosts agree). */
static void
test_deterministic(void **state)
{
	struct world a, b;
	uid_t u1, u2;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	b.uids[b.nu++] = 1000;	/* another host: other accounts, outside */
	u1 = pick(&a, "alice", LO, HI, CT_OK);
	u2 = pick(&b, "alice", LO, HI, CT_OK);
	assert_int_equal(u1, u2);
	assert_int_equal(u1, start_of("alice", LO, HI));
	assert_true(u1 >= LO && u1 <= HI);
	assert_int_not_equal(pick(&a, "bob", LO, HI, CT_OK), u1);
}

/* Finds two names of the form "nNNNN" whose start slots are equal. */
static void
colliding_pair(char *x, char *y, size_t size)
{
	static uid_t seen[5000];
	unsigned i, j;

	for (i = 0; i < 5000; i++) {
		(void)snprintf(x, size, "n%u", i);
		seen[i] = start_of(x, LO, HI);
		for (j = 0; j < i; j++)
			if (seen[j] == seen[i]) {
				(void)snprintf(y, size, "n%u", j);
				return;
			}
	}
	fail_msg("no collision among 5000 names");
}

/*
 * The attack: a name built so that FNV-1a lands on an existing account's
 * uid (CVE-2024-9312 in authd: uids from the name alone).  It gets
 * another uid; the control without the account gets the start slot.
 */
static void
test_collision_never_lands_on_existing(void **state)
{
	struct world w;
	char x[16], y[16];
	uid_t slot, ux, uy;

	(void)state;
	memset(&w, 0, sizeof(w));
	colliding_pair(x, y, sizeof(x));
	slot = start_of(x, LO, HI);
	assert_int_equal(slot, start_of(y, LO, HI));
	/* control: nothing taken, x gets its slot */
	assert_int_equal(pick(&w, x, LO, HI, CT_OK), slot);
	/* y's account exists at the slot: x must step past it */
	w.uids[w.nu++] = slot;
	ux = pick(&w, x, LO, HI, CT_OK);
	assert_int_not_equal(ux, slot);
	assert_int_equal(ux, slot == HI ? LO : slot + 1);
	/* and a group holding the next id is stepped over too */
	w.gids[w.ng++] = ux;
	uy = pick(&w, y, LO, HI, CT_OK);
	assert_int_not_equal(uy, slot);
	assert_int_not_equal(uy, ux);
}

/*
 * A uid recorded for another Cotter user (whose account was deleted, its
 * files perhaps not) is never handed to a new name.
 */
static void
test_bound_uid_skipped(void **state)
{
	struct world w;
	uid_t slot;

	(void)state;
	memset(&w, 0, sizeof(w));
	slot = pick(&w, "frank", LO, HI, CT_OK);
	w.bound[w.nb++] = slot;
	assert_int_not_equal(pick(&w, "frank", LO, HI, CT_OK), slot);
}

/* Probing wraps from the top of the range to its bottom. */
static void
test_wraps(void **state)
{
	struct world w;
	uid_t lo = 100, hi = 104, s;

	(void)state;
	memset(&w, 0, sizeof(w));
	s = start_of("carol", lo, hi);
	assert_int_not_equal(s, lo);	/* fnv("carol") % 5 != 0 */
	for (uid_t u = s; u <= hi; u++)
		w.uids[w.nu++] = u;
	assert_int_equal(pick(&w, "carol", lo, hi, CT_OK), lo);
}

/* A full range and a failing lookup both fail: never a guess. */
static void
test_full_and_failures(void **state)
{
	struct world w;
	uid_t u;

	(void)state;
	memset(&w, 0, sizeof(w));
	for (u = 200; u <= 209; u++)
		w.uids[w.nu++] = u;
	(void)pick(&w, "dave", 200, 209, CT_ESYS);
	memset(&w, 0, sizeof(w));
	/* Issue 19: a lookup that cannot be answered is no "free". */
	w.fail_at = (int)start_of("dave", LO, HI);
	(void)pick(&w, "dave", LO, HI, CT_ENAMESVC);
	memset(&w, 0, sizeof(w));
	(void)pick(&w, "dave", 0, 10, CT_ECONFIG);
	(void)pick(&w, "dave", 20, 10, CT_ECONFIG);
	(void)pick(&w, "dave", 1, 2147483647U, CT_ECONFIG);
}

static int
all_taken(void *ctx, uid_t uid, int *taken)
{
	(void)uid;
	((struct world *)ctx)->calls++;
	*taken = 1;
	return 0;
}

/* A crowded range stops after CT_UID_PROBE_MAX candidates. */
static void
test_probe_bound(void **state)
{
	struct world w;
	struct ct_idcheck chk;
	struct ct_err e;
	uid_t uid = 0;

	(void)state;
	memset(&w, 0, sizeof(w));
	chk.uid_taken = all_taken;
	chk.gid_taken = w_gid;
	chk.bound_taken = NULL;
	chk.ctx = &w;
	ct_err_clear(&e);
	assert_int_equal(ct_uid_pick("erin", LO, HI, &chk, &uid, &e),
	    CT_ESYS);
	assert_int_equal(w.calls, CT_UID_PROBE_MAX);
	assert_non_null(strstr(e.msg, "no free uid"));
}

/* The first `left` candidates are taken, every later one is free. */
static int
first_taken(void *ctx, uid_t uid, int *taken)
{
	struct world *w = ctx;

	(void)uid;
	*taken = w->calls++ < w->left;
	return 0;
}

/*
 * Issue 19, point 5: the name picks where the probe starts, so a run of
 * taken ids costs at most CT_UID_PROBE_MAX candidates, a small number;
 * one more taken id than that fails closed.  Control: one fewer finds the
 * free uid after the run.
 */
static void
test_probe_bound_small(void **state)
{
	struct world w;
	struct ct_idcheck chk;
	struct ct_err e;
	uid_t uid = 0, start;

	(void)state;
	assert_true(CT_UID_PROBE_MAX <= 64);
	start = (uid_t)(LO + ct_fnv1a64("erin") % (HI - LO + 1));
	memset(&w, 0, sizeof(w));
	chk.uid_taken = first_taken;
	chk.gid_taken = w_gid;
	chk.bound_taken = NULL;
	chk.ctx = &w;
	ct_err_clear(&e);
	w.left = CT_UID_PROBE_MAX - 1;
	assert_int_equal(ct_uid_pick("erin", LO, HI, &chk, &uid, &e), CT_OK);
	assert_int_equal(uid, LO + (start - LO + CT_UID_PROBE_MAX - 1) %
	    (HI - LO + 1));
	w.calls = 0;
	w.left = CT_UID_PROBE_MAX;
	assert_int_equal(ct_uid_pick("erin", LO, HI, &chk, &uid, &e),
	    CT_ESYS);
	assert_int_equal(w.calls, CT_UID_PROBE_MAX);
}

/* The name service judge: uid 0 (root) and gid 0 are always in use. */
static void
test_nss_judge(void **state)
{
	int taken = 0;

	(void)state;
	assert_int_equal(ct_uid_in_use(0, &taken), 0);
	assert_int_equal(taken, 1);
	assert_int_equal(ct_gid_in_use(0, &taken), 0);
	assert_int_equal(taken, 1);
	assert_int_equal(ct_uid_in_use(2147483000U, &taken), 0);
	assert_int_equal(taken, 0);
	/* An entry of the name being allocated is that name's own. */
	assert_int_equal(ct_uid_in_use_by_other(0, "root", &taken), 0);
	assert_int_equal(taken, 0);
	assert_int_equal(ct_uid_in_use_by_other(0, "rooT", &taken), 0);
	assert_int_equal(taken, 1);
	assert_int_equal(ct_gid_in_use_by_other(0, "root", &taken), 0);
	assert_int_equal(taken, 0);
	assert_int_equal(ct_gid_in_use_by_other(0, "alice", &taken), 0);
	assert_int_equal(taken, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv_vectors),
		cmocka_unit_test(test_range_parse),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_collision_never_lands_on_existing),
		cmocka_unit_test(test_bound_uid_skipped),
		cmocka_unit_test(test_wraps),
		cmocka_unit_test(test_full_and_failures),
		cmocka_unit_test(test_probe_bound),
		cmocka_unit_test(test_probe_bound_small),
		cmocka_unit_test(test_nss_judge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

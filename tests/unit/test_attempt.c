/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_attempt.c - one authentication's steps (src/login/attempt.h), run for
 * real and as a dry run: the same verdict and reason, each step reported
 * in the module's order, and a dry run that never starts the fetcher or
 * the account helper (stand-in scripts that leave a mark) where the
 * normal path does.  Runs under tests/ns.sh (CT_IN_NS=1).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "attempt.h"
#include "mapindex.h"
#include "mint.h"
#include "testenv.h"

#define AUD "0b2f6a1c-4c1e-4d8a-9d5e-6a3f2b1c0d9e"

static char dir[PATH_MAX - 64];
static char marks[PATH_MAX];
static struct mint_key *key;

/* What the sink saw: the step names in order, kinds, last detail. */
struct seen {
	char names[1024];
	int would;
	int fails;
	char last_fail[512];
};

static void
sink(void *arg, const char *name, enum ct_step kind, const char *detail)
{
	struct seen *s = arg;
	size_t n = strlen(s->names);

	(void)snprintf(s->names + n, sizeof(s->names) - n, "%s%s",
	    n > 0 ? " " : "", name);
	s->would += kind == CT_STEP_WOULD;
	if (kind == CT_STEP_FAIL) {
		s->fails++;
		(void)snprintf(s->last_fail, sizeof(s->last_fail), "%s",
		    detail);
	}
}

/* Free functions of the right type for mint_keep_with. */
static void
free_cfg(void *p)
{
	ct_config_free(p);
}

static void
free_key(void *p)
{
	mint_key_free(p);
}

static void
put(const char *name, const char *text, mode_t mode)
{
	char *path = mint_printf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0 ||
	    chmod(path, mode) != 0)
		t_die("cannot write %s", path);
	free(path);
}

/* Lines in the marks file: one per helper run. */
static int
helper_runs(void)
{
	FILE *f = fopen(marks, "r");
	int n = 0, c;

	if (f == NULL)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	(void)fclose(f);
	(void)unlink(marks);
	return n;
}

static void
age_cache(long long age)
{
	char *path = mint_printf("%s/jwks.json", dir);
	struct timespec ts[2];

	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - (time_t)age;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	if (utimensat(AT_FDCWD, path, ts, 0) != 0)
		t_die("utimensat");
	free(path);
	path = mint_printf("%s/jwks.json.attempt", dir);
	(void)unlink(path);
	free(path);
}

static struct ct_config *
config(void)
{
	struct ct_config *cfg = ct_config_new();
	char *v;

	if (cfg == NULL)
		t_die("ct_config_new");
	t_cfg_set(cfg, "audience", AUD);
	v = mint_printf("%s/jwks.json", dir);
	t_cfg_set(cfg, "jwks_cache", v);
	free(v);
	t_cfg_set(cfg, "jwks_url", "https://127.0.0.1:9/jwks");
	v = mint_printf("%s/helpers", dir);
	t_cfg_set(cfg, "helper_dir", v);
	free(v);
	v = mint_printf("%s/users", dir);
	t_cfg_set(cfg, "map_file", v);
	free(v);
	v = mint_printf("%s/state", dir);
	t_cfg_set(cfg, "state_dir", v);
	free(v);
	t_cfg_set(cfg, "create_users", "yes");
	t_cfg_set(cfg, "allowed_domains", "example.com");
	return mint_keep_with(cfg, free_cfg);
}

static int
setup(void **state)
{
	char *jwks, *script;

	(void)state;
	if (getenv("CT_IN_NS") == NULL)
		return -1;
	(void)snprintf(dir, sizeof(dir), "%s/ct-attempt.XXXXXX",
	    t_tmpdir());
	if (mkdtemp(dir) == NULL || chmod(dir, 0755) != 0)
		return -1;
	(void)snprintf(marks, sizeof(marks), "%s/marks", dir);
	key = mint_key_new_es256("k1");
	jwks = mint_jwks_json((const struct mint_key *const *)&key, 1);
	put("jwks.json", jwks, 0644);
	free(jwks);
	put("users", "alice@example.com alice\n", 0644);
	script = mint_printf("%s/helpers", dir);
	if (mkdir(script, 0755) != 0)
		return -1;
	free(script);
	script = mint_printf("#!/bin/sh\necho ran >>%s\nexit 0\n", marks);
	put("helpers/pam_cotter_fetch", script, 0755);
	put("helpers/pam_cotter_useradd", script, 0755);
	free(script);
	return system("id alice >/dev/null 2>&1 || "
	    "useradd -M -u 2001 -s /bin/sh alice") == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = mint_printf("rm -rf '%s'", dir);
	int r = system(cmd);

	(void)state;
	free(cmd);
	mint_key_free(key);
	return r == 0 ? 0 : -1;
}

/* One attempt; the verdict, the reason in e, the steps in s. */
static int
attempt(const struct ct_config *cfg, const struct ct_run *run,
    const char *user, const char *tok, struct ct_err *e)
{
	struct ct_identity *id = NULL;
	struct ct_attempt a;
	char *account = NULL;
	int r;

	ct_err_clear(e);
	if ((r = ct_attempt_begin(&a, cfg, run, time(NULL), e)) == CT_OK)
		r = ct_attempt_token(&a, user, tok, strlen(tok), &account,
		    &id, e);
	free(account);
	ct_identity_free(id);
	ct_attempt_end(&a);
	return r;
}

/* Every check is reported, in the module's order. */
static void
test_steps_in_order(void **state)
{
	struct seen s = { { 0 }, 0, 0, { 0 } };
	struct ct_run run = { 1, sink, &s };
	const struct ct_config *cfg = config();
	char *tok = mint_keep(mint_cotter_token(key, time(NULL), AUD,
	    "alice@example.com"));
	struct ct_err e;

	(void)state;
	age_cache(0);
	assert_int_equal(attempt(cfg, &run, "alice", tok, &e), CT_OK);
	assert_string_equal(s.names, "keys format+alg key signature iss aud "
	    "exp/nbf/iat type sub identifier jti replay mapping account");
	assert_int_equal(s.fails, 0);
	assert_int_equal(helper_runs(), 0);
}

/* A refusal: the same code and reason as the module's path. */
static void
test_refusal_same_as_module(void **state)
{
	struct seen s = { { 0 }, 0, 0, { 0 } };
	struct ct_run run = { 1, sink, &s };
	const struct ct_config *cfg = config();
	char *tok = mint_keep(mint_cotter_token(key, time(NULL) - 7200, AUD,
	    "alice@example.com"));
	struct ct_err e1, e2;

	(void)state;
	age_cache(0);
	assert_int_equal(attempt(cfg, NULL, "alice", tok, &e1), CT_EAUTH);
	assert_int_equal(attempt(cfg, &run, "alice", tok, &e2), CT_EAUTH);
	assert_string_equal(e1.msg, e2.msg);
	assert_string_equal(s.last_fail, e2.msg);
	assert_int_equal(s.fails, 1);
}

/* A due cache: the module runs the fetcher, a dry run only says so. */
static void
test_dry_run_never_fetches(void **state)
{
	struct seen s = { { 0 }, 0, 0, { 0 } };
	struct ct_run run = { 1, sink, &s };
	const struct ct_config *cfg = config();
	char *tok = mint_keep(mint_cotter_token(key, time(NULL), AUD,
	    "alice@example.com"));
	struct ct_err e;

	(void)state;
	age_cache(7200);
	assert_int_equal(attempt(cfg, &run, "alice", tok, &e), CT_OK);
	assert_int_equal(helper_runs(), 0);
	assert_int_equal(s.would, 2);	/* and the replay record (issue 24) */
	age_cache(7200);
	assert_int_equal(attempt(cfg, NULL, "alice", tok, &e), CT_OK);
	assert_int_equal(helper_runs(), 1);	/* positive control */
}

/* A first login: the module runs the account helper, a dry run not. */
static void
test_dry_run_never_creates(void **state)
{
	struct seen s = { { 0 }, 0, 0, { 0 } };
	struct ct_run run = { 1, sink, &s };
	const struct ct_config *cfg = config();
	char *tok = mint_keep(mint_cotter_token(key, time(NULL), AUD,
	    "newbie@example.com"));
	/* The bindings (state/replay is the replay store's, issue 24). */
	char *st = mint_keep(mint_printf("%s/state/bindings", dir));
	struct ct_err e;

	(void)state;
	age_cache(0);
	assert_int_equal(attempt(cfg, &run, "newbie", tok, &e), CT_OK);
	assert_int_equal(helper_runs(), 0);
	assert_int_equal(s.would, 2);	/* and the replay record (issue 24) */
	assert_int_equal(access(st, F_OK), -1);
	/* The stand-in helper records no binding: the module then refuses. */
	assert_int_equal(attempt(cfg, NULL, "newbie", tok, &e), CT_EAUTH);
	assert_int_equal(helper_runs(), 1);	/* positive control */
}

/* An unknown kid: a dry run reports the refresh, never runs it. */
static void
test_dry_run_unknown_kid(void **state)
{
	struct seen s = { { 0 }, 0, 0, { 0 } };
	struct ct_run run = { 1, sink, &s };
	const struct ct_config *cfg = config();
	struct mint_key *other = mint_keep_with(mint_key_new_es256("k2"),
	    free_key);
	char *tok = mint_keep(mint_cotter_token(other, time(NULL), AUD,
	    "alice@example.com"));
	struct ct_err e;

	(void)state;
	age_cache(0);
	assert_int_equal(attempt(cfg, &run, "alice", tok, &e), CT_EAUTH);
	assert_int_equal(helper_runs(), 0);
	assert_int_equal(s.would, 1);
	assert_non_null(strstr(e.msg, "unknown kid"));
}

/*
 * A map big enough for an index, last changed over a second ago: a root
 * login writes "<map>.index" (issue 15); a dry run writes nothing.
 */
static void
test_dry_run_never_indexes(void **state)
{
	struct seen s = { { 0 }, 0, 0, { 0 } };
	struct ct_run run = { 1, sink, &s };
	const struct ct_config *cfg = config();
	char *tok = mint_keep(mint_cotter_token(key, time(NULL), AUD,
	    "alice@example.com"));
	char *index = mint_keep(mint_printf("%s/users.index", dir));
	char *map = mint_keep(mint_printf("%s/users", dir));
	struct ct_err e;
	struct stat st;
	FILE *f;
	int i;

	(void)state;
	age_cache(0);
	if ((f = fopen(map, "w")) == NULL)
		t_die("map");
	for (i = 0; i < 4000; i++)
		(void)fprintf(f, "f%d@filler.example f%d\n", i, i);
	(void)fprintf(f, "alice@example.com alice\n");
	assert_int_equal(fclose(f), 0);
	assert_int_equal(stat(map, &st), 0);
	assert_true(st.st_size >= CT_MAPINDEX_MIN_BYTES);
	/* The index waits for a map unchanged for a second: a fixed rule. */
	for (i = 0; i < 40 && time(NULL) <= st.st_ctime + 1; i++)
		(void)usleep(100000);
	assert_int_equal(attempt(cfg, &run, "alice", tok, &e), CT_OK);
	assert_int_equal(access(index, F_OK), -1);
	assert_int_equal(attempt(cfg, NULL, "alice", tok, &e), CT_OK);
	assert_int_equal(access(index, F_OK), 0);	/* positive control */
}

#define TEST(f) cmocka_unit_test_teardown(f, mint_drain)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_steps_in_order),
		TEST(test_refusal_same_as_module),
		TEST(test_dry_run_never_fetches),
		TEST(test_dry_run_never_creates),
		TEST(test_dry_run_unknown_kid),
		TEST(test_dry_run_never_indexes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_issuers.c - several issuers at once (issue 22): the token's
 * unverified iss chooses its [issuer] section, whose keys and rules alone
 * judge it; another issuer's key never verifies it; an iss that names no
 * section is refused with the iss shown; only the chosen issuer's cache is
 * read.  Runs under tests/ns.sh (CT_IN_NS=1).
 */
#include <sys/stat.h>

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
#include <jansson.h>

#include "attempt.h"
#include "mint.h"
#include "peek.h"
#include "testenv.h"

#define AUD_A "cotter-api-key"
#define AUD_B "pam-login"
#define ISS_B "https://idp.corp.example/realms/staff"

static char dir[PATH_MAX - 64];
static struct mint_key *ka, *kb;

static void
free_cfg(void *p)
{
	ct_config_free(p);
}

static void
put(const char *name, const char *text)
{
	char *path = mint_printf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0 ||
	    chmod(path, 0644) != 0)
		t_die("cannot write %s", path);
	free(path);
}

/* The Cotter preset and one other issuer, each with a static key set. */
static struct ct_config *
config(void)
{
	struct ct_config *cfg = ct_config_new();
	struct ct_err e;
	char *text;

	if (cfg == NULL)
		t_die("ct_config_new");
	text = mint_printf("map_file = %s/users\nstate_dir = %s/state\n"
	    "helper_dir = %s/helpers\n"
	    "[issuer cotter]\nissuer = https://www.cotter.app\n"
	    "audience = " AUD_A "\njwks_url =\njwks_cache = %s/a.json\n"
	    "[issuer corp]\nissuer = " ISS_B "\naudience = " AUD_B "\n"
	    "jwks_url =\njwks_cache = %s/b.json\n", dir, dir, dir, dir, dir);
	ct_err_clear(&e);
	if (ct_config_parse_text(cfg, text, strlen(text), "t", &e) != CT_OK ||
	    ct_config_check(cfg, &e) != CT_OK)
		t_die("config: %s", e.msg);
	free(text);
	return mint_keep_with(cfg, free_cfg);
}

/* A token of issuer iss for aud, signed by k. */
static char *
token(const struct mint_key *k, const char *iss, const char *aud)
{
	json_t *c = mint_cotter_claims_obj(time(NULL), aud,
	    "alice@example.com");
	char *payload, *tok;

	if (json_object_set_new(c, "iss", json_string(iss)) != 0)
		t_die("json");
	payload = mint_json_dump(c);
	json_decref(c);
	tok = mint_token(k, NULL, payload);
	free(payload);
	return mint_keep(tok);
}

static int
setup(void **state)
{
	char *jwks, *sub;

	(void)state;
	if (getenv("CT_IN_NS") == NULL)
		return -1;
	(void)snprintf(dir, sizeof(dir), "%s/ct-issuers.XXXXXX", t_tmpdir());
	if (mkdtemp(dir) == NULL || chmod(dir, 0755) != 0)
		return -1;
	ka = mint_key_new_es256("ka");
	kb = mint_key_new_es256("kb");
	jwks = mint_jwks_json((const struct mint_key *const *)&ka, 1);
	put("a.json", jwks);
	free(jwks);
	jwks = mint_jwks_json((const struct mint_key *const *)&kb, 1);
	put("b.json", jwks);
	free(jwks);
	put("users", "alice@example.com alice\n");
	sub = mint_printf("%s/state", dir);
	if (mkdir(sub, 0755) != 0)
		return -1;
	free(sub);
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
	mint_key_free(ka);
	mint_key_free(kb);
	return r == 0 ? 0 : -1;
}

/* One attempt; the verdict, the reason in e, the chosen section. */
static int
attempt(const struct ct_config *cfg, const char *tok, struct ct_err *e,
    char *section, size_t size)
{
	struct ct_identity *id = NULL;
	struct ct_attempt a;
	char *account = NULL;
	int r;

	ct_err_clear(e);
	if ((r = ct_attempt_begin(&a, cfg, NULL, time(NULL), e)) == CT_OK)
		r = ct_attempt_token(&a, "alice", tok, strlen(tok), &account,
		    &id, e);
	(void)snprintf(section, size, "%s", a.cfg->section);
	free(account);
	ct_identity_free(id);
	ct_attempt_end(&a);
	return r;
}

/* Each issuer's token logs in through its own section. */
static void
test_each_issuer_by_its_section(void **state)
{
	const struct ct_config *cfg = config();
	struct ct_err e;
	char sec[40];

	(void)state;
	assert_int_equal(ct_config_issuers(cfg), 2);
	assert_int_equal(attempt(cfg, token(ka, "https://www.cotter.app",
	    AUD_A), &e, sec, sizeof(sec)), CT_OK);
	assert_string_equal(sec, "cotter");
	assert_int_equal(attempt(cfg, token(kb, ISS_B, AUD_B), &e, sec,
	    sizeof(sec)), CT_OK);
	assert_string_equal(sec, "corp");
}

/* Another issuer's key never verifies a token: the attack and control. */
static void
test_never_another_issuers_key(void **state)
{
	const struct ct_config *cfg = config();
	struct ct_err e;
	char sec[40];

	(void)state;
	/* Signed with Cotter's key, claiming corp: corp's set lacks "ka". */
	assert_int_equal(attempt(cfg, token(ka, ISS_B, AUD_B), &e, sec,
	    sizeof(sec)), CT_EAUTH);
	assert_non_null(strstr(e.msg, "kid"));
	/* And the other way round. */
	assert_int_equal(attempt(cfg, token(kb, "https://www.cotter.app",
	    AUD_A), &e, sec, sizeof(sec)), CT_EAUTH);
	/* Corp's key with corp's iss passes (positive control). */
	assert_int_equal(attempt(cfg, token(kb, ISS_B, AUD_B), &e, sec,
	    sizeof(sec)), CT_OK);
}

/* Each section's own rules: corp's token with Cotter's audience. */
static void
test_rules_of_its_own_section(void **state)
{
	const struct ct_config *cfg = config();
	struct ct_err e;
	char sec[40];

	(void)state;
	assert_int_equal(attempt(cfg, token(kb, ISS_B, AUD_A), &e, sec,
	    sizeof(sec)), CT_EAUTH);
	assert_non_null(strstr(e.msg, "aud"));
	assert_int_equal(attempt(cfg, token(ka, "https://www.cotter.app",
	    AUD_B), &e, sec, sizeof(sec)), CT_EAUTH);
	assert_non_null(strstr(e.msg, "aud"));
}

/* An iss no section names: refused, the iss shown escaped. */
static void
test_unknown_iss_named(void **state)
{
	const struct ct_config *cfg = config();
	struct ct_err e;
	char sec[40];

	(void)state;
	assert_int_equal(attempt(cfg, token(kb, "https://evil.example/\n",
	    AUD_B), &e, sec, sizeof(sec)), CT_EAUTH);
	assert_non_null(strstr(e.msg, "names no issuer section"));
	assert_non_null(strstr(e.msg, "https://evil.example/"));
	assert_null(strchr(e.msg, '\n'));
	/* A prefix of a configured iss is not that iss. */
	assert_int_equal(attempt(cfg, token(kb, "https://idp.corp.example",
	    AUD_B), &e, sec, sizeof(sec)), CT_EAUTH);
	assert_non_null(strstr(e.msg, "names no issuer section"));
}

/* Only the token's own issuer's cache is read. */
static void
test_only_its_own_cache(void **state)
{
	const struct ct_config *cfg = config();
	char *a = mint_keep(mint_printf("%s/a.json", dir));
	char *hidden = mint_keep(mint_printf("%s/a.hidden", dir));
	struct ct_err e;
	char sec[40];
	int r1, r2;

	(void)state;
	assert_int_equal(rename(a, hidden), 0);
	r1 = attempt(cfg, token(kb, ISS_B, AUD_B), &e, sec, sizeof(sec));
	r2 = attempt(cfg, token(ka, "https://www.cotter.app", AUD_A), &e, sec,
	    sizeof(sec));
	assert_int_equal(rename(hidden, a), 0);
	assert_int_equal(r1, CT_OK);
	assert_int_not_equal(r2, CT_OK);	/* control: a.json is needed */
}

/* The unverified reader: only a string iss of a strict payload. */
static void
test_peek_iss(void **state)
{
	struct ct_err e;
	char *iss = NULL, *tok = token(kb, ISS_B, AUD_B);

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_peek_iss(tok, strlen(tok), &iss, &e), CT_OK);
	assert_string_equal(iss, ISS_B);
	free(iss);
	tok = mint_keep(mint_token(kb, NULL, "{\"iss\":7}"));
	assert_int_equal(ct_peek_iss(tok, strlen(tok), &iss, &e), CT_EAUTH);
	tok = mint_keep(mint_token(kb, NULL,
	    "{\"iss\":\"a\",\"iss\":\"b\"}"));
	assert_int_equal(ct_peek_iss(tok, strlen(tok), &iss, &e), CT_EAUTH);
	assert_int_equal(ct_peek_iss("abc", 3, &iss, &e), CT_EAUTH);
	assert_null(iss);
}

#define TEST(f) cmocka_unit_test_teardown(f, mint_drain)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_each_issuer_by_its_section),
		TEST(test_never_another_issuers_key),
		TEST(test_rules_of_its_own_section),
		TEST(test_unknown_iss_named),
		TEST(test_only_its_own_cache),
		TEST(test_peek_iss),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

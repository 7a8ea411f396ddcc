/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_config_sections.c - issuer sections and the drop-in directory
 * (issue 22): a file without sections is one issuer "default" that means
 * what it meant before; sections and their defaults; every bad input a
 * configuration error naming the file and the line.
 */
#include <sys/stat.h>

#include <dirent.h>
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

#include "alg.h"
#include "config.h"
#include "err.h"
#include "testenv.h"

static char dir[64];

#define CORP "[issuer corp]\nissuer = https://idp.example\n" \
	"audience = pam-login\njwks_url = https://idp.example/jwks\n"

/* text is refused, the reason holding want. */
static void
refused(const char *text, const char *want)
{
	struct ct_err e;

	assert_int_equal(t_cfg_parse(text, NULL, &e), CT_ECONFIG);
	if (strstr(e.msg, want) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", e.msg, want);
}

/* Reads a whole file (the package's example). */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, 65535, f);
	(void)fclose(f);
	return buf;
}

/* The issuer keys of a view equal those of the plain configuration. */
static void
same_issuer(const struct ct_config *a, const struct ct_config *b)
{
	assert_string_equal(a->issuer, b->issuer);
	if (a->audience == NULL || b->audience == NULL)
		assert_ptr_equal(a->audience, b->audience);
	else
		assert_string_equal(a->audience, b->audience);
	assert_int_equal(a->algorithms, b->algorithms);
	assert_string_equal(a->token_type, b->token_type);
	assert_string_equal(a->identity_claim, b->identity_claim);
	assert_string_equal(a->allowed_domains, b->allowed_domains);
	assert_string_equal(a->jwks_url, b->jwks_url);
	assert_string_equal(a->jwks_cache, b->jwks_cache);
	assert_string_equal(a->ca_file, b->ca_file);
	assert_int_equal(a->leeway, b->leeway);
	assert_int_equal(a->max_token_age, b->max_token_age);
	assert_int_equal(a->refresh_interval, b->refresh_interval);
	assert_int_equal(a->max_stale, b->max_stale);
	assert_int_equal(a->refresh_min_interval, b->refresh_min_interval);
}

/*
 * Every configuration without sections (the package's example, the
 * shapes the e2e tests write) is one issuer "default" whose view is the
 * configuration itself: the same behaviour as before sections.
 */
static void
test_no_sections_is_default(void **state)
{
	static const char *texts[] = {
		"audience = A\n",
		"audience = A\nissuer = https://127.0.0.1:8443/api/es256\n"
		"algorithms = ES256 RS256\nidentity_claim = email\n"
		"token_type =\njwks_url =\njwks_cache = /run/x/jwks.json\n",
		"audience = A\ncreate_users = yes\nallowed_domains = "
		"example.com\nuid_min = 1000\nleeway = 0\n",
	};
	struct ct_config *cfg = NULL, view;
	struct ct_err e;
	size_t i, len;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(t_cfg_parse(texts[i], &cfg, &e), CT_OK);
		assert_int_equal(ct_config_issuers(cfg), 1);
		assert_string_equal(ct_config_issuer_name(cfg, 0), "default");
		ct_config_view(cfg, 0, &view);
		same_issuer(&view, cfg);
		ct_config_free(cfg);
	}
	text = slurp("conf/pam_cotter.conf", &len);
	cfg = ct_config_new();
	assert_int_equal(ct_config_parse_text(cfg, text, len, "example", &e),
	    CT_OK);
	assert_int_equal(ct_config_issuers(cfg), 1);
	ct_config_view(cfg, 0, &view);
	same_issuer(&view, cfg);
	assert_int_equal(ct_config_unconfigured(cfg), 1);
	ct_config_free(cfg);
	free(text);
}

/* 1 when a line of text opens with '[' (after blanks): a section. */
static int
has_section(const char *text)
{
	const char *p = text;

	while (*p != '\0') {
		p += strspn(p, " \t");
		if (*p == '[')
			return 1;
		p += strcspn(p, "\n");
		p += *p == '\n';
	}
	return 0;
}

/*
 * Every configuration of the fuzz corpus (the shapes the tests have
 * written over time) that has no section and parses: one issuer
 * "default" whose view is the configuration itself.
 */
static void
test_corpus_is_default(void **state)
{
	const char *d = "tests/fuzz/corpus/fuzz_config";
	struct ct_config *cfg, view;
	struct dirent *de;
	struct ct_err e;
	char path[512], *text;
	size_t len, seen = 0;
	DIR *dir_p = opendir(d);

	(void)state;
	assert_non_null(dir_p);
	while ((de = readdir(dir_p)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", d, de->d_name);
		text = slurp(path, &len);
		cfg = ct_config_new();
		assert_non_null(cfg);
		if (!has_section(text) && ct_config_parse_text(cfg, text, len,
		    path, &e) == CT_OK) {
			assert_int_equal(ct_config_issuers(cfg), 1);
			ct_config_view(cfg, 0, &view);
			same_issuer(&view, cfg);
			seen++;
		}
		ct_config_free(cfg);
		free(text);
	}
	(void)closedir(dir_p);
	assert_true(seen >= 2);		/* full.conf, example.conf at least */
}

/* "Token:" unless every issuer is the Cotter preset; a set prompt stays. */
static void
test_neutral_prompt(void **state)
{
	char path[256], arg[300];
	const char *argv[1] = { arg };
	struct ct_config *cfg = NULL;
	struct ct_err e;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/p.conf", dir);
	(void)snprintf(arg, sizeof(arg), "config=%s", path);
	t_file_put(path, "audience = A\n", 0644);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_OK);
	assert_string_equal(cfg->prompt, "Cotter token: ");
	ct_config_free(cfg);
	t_file_put(path, "audience = A\nissuer = https://idp.example\n", 0644);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_OK);
	assert_string_equal(cfg->prompt, "Token: ");
	assert_string_equal(cfg->prompt_more, "Token, continued: ");
	ct_config_free(cfg);
	t_file_put(path, "audience = A\n" CORP, 0644);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_OK);
	assert_string_equal(cfg->prompt, "Token: ");
	ct_config_free(cfg);
	t_file_put(path, "prompt = \"Corp token: \"\n" CORP, 0644);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_OK);
	assert_string_equal(cfg->prompt, "Corp token: ");
	assert_int_equal(ct_config_any_domains(cfg), 0);
	ct_config_free(cfg);
	t_file_put(path, CORP "allowed_domains = example.com\n", 0644);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_OK);
	assert_int_equal(ct_config_any_domains(cfg), 1);	/* NSS gate */
	ct_config_free(cfg);
}

/* Sections: their keys, their defaults, the globals shared. */
static void
test_sections(void **state)
{
	struct ct_config *cfg = NULL, v;
	struct ct_err e;

	(void)state;
	assert_int_equal(t_cfg_parse("create_users = yes\n" CORP
	    "identity_claim = email\nalgorithms = RS256\n"
	    "[issuer cotter]\nissuer = https://www.cotter.app\n"
	    "audience = K\n", &cfg, &e), CT_OK);
	assert_int_equal(ct_config_issuers(cfg), 2);
	assert_string_equal(ct_config_issuer_name(cfg, 0), "corp");
	assert_string_equal(ct_config_issuer_name(cfg, 1), "cotter");
	ct_config_view(cfg, 0, &v);
	assert_string_equal(v.section, "corp");
	assert_string_equal(v.identity_claim, "email");
	assert_int_equal(v.algorithms, CT_ALG_RS256);
	assert_string_equal(v.jwks_cache,
	    "/var/cache/pam_cotter/issuer-corp.json");
	assert_int_equal(v.create_users, 1);	/* global */
	ct_config_view(cfg, 1, &v);
	assert_string_equal(v.audience, "K");
	assert_string_equal(v.identity_claim, "identifier");
	assert_string_equal(v.jwks_url,
	    "https://www.cotter.app/api/v0/token/jwks");
	assert_int_equal(ct_config_issuer_find(cfg, "https://idp.example"), 0);
	assert_int_equal(ct_config_issuer_find(cfg, "https://www.cotter.app"),
	    1);
	assert_int_equal(ct_config_issuer_find(cfg, "https://idp.example/"),
	    -1);
	assert_int_equal(ct_config_unconfigured(cfg), 0);
	ct_config_free(cfg);
	/* Global issuer keys and a section: "default" comes first. */
	assert_int_equal(t_cfg_parse("audience = A\n" CORP, &cfg, &e), CT_OK);
	assert_int_equal(ct_config_issuers(cfg), 2);
	assert_string_equal(ct_config_issuer_name(cfg, 0), "default");
	assert_string_equal(ct_config_issuer_name(cfg, 1), "corp");
	ct_config_free(cfg);
}

/* The issue's bad input: each an error naming the file and line. */
static void
test_bad_input(void **state)
{
	(void)state;
	refused(CORP "[issuer b]\nissuer = https://idp.example\n"
	    "audience = x\njwks_url =\n", "f.conf:5: [issuer b]: another "
	    "issuer section already has this issuer");
	refused("issuer = https://idp.example\naudience = A\n" CORP,
	    "f.conf:3: [issuer corp]: another issuer");
	refused("[issuer a]\nissuer = https://idp.example\njwks_url =\n",
	    "f.conf:1: [issuer a]: audience is not set");
	refused("[issuer a]\naudience = x\n", "f.conf:1: [issuer a]: issuer "
	    "is not set");
	refused("[issuer a]\nissuer = https://x\naudience = x\n",
	    "f.conf:1: [issuer a]: jwks_url is not set");
	refused(CORP "colour = blue\n", "f.conf:5: unknown config key "
	    "\"colour\"");
	refused(CORP "create_users = yes\n", "f.conf:5: create_users: a "
	    "global key");
	refused(CORP "prompt = x\n", "f.conf:5: prompt: a global key");
	refused(CORP "algorithms = HS256\n", "f.conf:5: algorithms:");
	refused(CORP "algorithms = ES256 none\n", "f.conf:5: algorithms:");
	refused(CORP "audience = y\n", "f.conf:5: duplicate key");
	refused(CORP CORP, "f.conf:5: [issuer corp]: a second section");
	refused("[issuer default]\n", "f.conf:1: [issuer NAME]");
	refused("[issuer]\n", "f.conf:1: expected \"[issuer NAME]\"");
	refused("[issuers a]\n", "f.conf:1: expected");
	refused("[issuer a b]\n", "f.conf:1: [issuer NAME]");
	refused("[issuer a\n", "f.conf:1: expected");
	refused("[server a]\n", "f.conf:1: expected");
	refused(CORP "[issuer b]\nissuer = https://b\naudience = x\n"
	    "jwks_url =\njwks_cache = /var/cache/pam_cotter/issuer-corp.json\n",
	    "have the same jwks_cache");
}

/* At most CT_ISSUERS_MAX sections. */
static void
test_section_limit(void **state)
{
	struct ct_config *cfg = NULL;
	struct ct_err e;
	char *text = calloc(CT_ISSUERS_MAX + 1, 128), *p = text;
	int i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < CT_ISSUERS_MAX; i++)
		p += sprintf(p, "[issuer i%d]\nissuer = https://i%d\n"
		    "audience = a\njwks_url =\n", i, i);
	assert_int_equal(t_cfg_parse(text, &cfg, &e), CT_OK);
	assert_int_equal(ct_config_issuers(cfg), CT_ISSUERS_MAX);
	ct_config_free(cfg);
	(void)sprintf(p, "[issuer last]\n");
	assert_int_equal(t_cfg_parse(text, NULL, &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "more than 32 issuer sections"));
	free(text);
}

/* The drop-in directory: *.conf in name order, errors name the file. */
static void
test_dropin(void **state)
{
	char path[256], arg[300], d[128];
	const char *argv[1] = { arg };
	struct ct_config *cfg = NULL;
	struct ct_err e;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/main.conf", dir);
	(void)snprintf(arg, sizeof(arg), "config=%s", path);
	(void)snprintf(d, sizeof(d), "%s/main.d", dir);
	t_file_put(path, "audience = A\n", 0644);
	assert_int_equal(mkdir(d, 0755), 0);
	(void)snprintf(path, sizeof(path), "%s/20-b.conf", d);
	t_file_put(path, "[issuer b]\nissuer = https://b\naudience = x\n"
	    "jwks_url =\n", 0644);
	(void)snprintf(path, sizeof(path), "%s/10-a.conf", d);
	t_file_put(path, "[issuer a]\nissuer = https://a\naudience = x\n"
	    "jwks_url =\n", 0644);
	(void)snprintf(path, sizeof(path), "%s/30-c.conf.bak", d);
	t_file_put(path, "junk\n", 0644);
	ct_err_clear(&e);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_OK);
	assert_int_equal(ct_config_issuers(cfg), 3);
	assert_string_equal(ct_config_issuer_name(cfg, 1), "a");
	assert_string_equal(ct_config_issuer_name(cfg, 2), "b");
	ct_config_free(cfg);
	/* An error in a drop-in names that file and its line. */
	(void)snprintf(path, sizeof(path), "%s/40-d.conf", d);
	t_file_put(path, "[issuer d]\nuid_min = 5\n", 0644);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "40-d.conf:2: uid_min: a global key"));
	/* An unsafe drop-in is refused like an unsafe config file. */
	t_file_put(path, "\n", 0666);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "40-d.conf"));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(ct_config_load(1, argv, &cfg, &e), CT_OK);
	ct_config_free(cfg);
}

static int
setup(void **state)
{
	(void)state;
	return t_scratch_make(dir, sizeof(dir), "sections", 0755);
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
		cmocka_unit_test(test_no_sections_is_default),
		cmocka_unit_test(test_corpus_is_default),
		cmocka_unit_test(test_neutral_prompt),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_section_limit),
		cmocka_unit_test(test_dropin),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_allocfail.c - allocation-failure injection on the token path
 * (issue 5).  For n = 1, 2, ... the n-th allocation made while verifying
 * fails: malloc, calloc, realloc, strdup and strndup of our code (linked
 * with -Wl,--wrap, see mk/allocfail.mk), OpenSSL's (CRYPTO_set_mem_
 * functions) and jansson's (json_set_alloc_funcs).  The verification is
 * the whole path: config, ct_jwks_parse, ct_token_verify (parse, key,
 * signature, claims).  Every run must end in a refusal, never a crash;
 * a success is tolerated only for a token that succeeds anyway and only
 * when the failed allocation was OpenSSL's (it retries or falls back,
 * e.g. its caches), and then the identity must be the right one.  Once n
 * passes the number of allocations the run must equal the unfailed run
 * (positive control).  Leaks on these paths are ASan's (make check-asan)
 * and valgrind's (make check-valgrind) to find.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "config.h"
#include "err.h"
#include "jwks.h"
#include "jwks_json.h"
#include "mint.h"
#include "nssgate.h"
#include "token.h"

#define NOW	((time_t)1700000000)
#define AUD	"3b1b2d5c-6a1f-4c1e-9d55-5ad7c0ffee01"
#define IDENT	"alice@example.com"

enum who { WHO_NONE, WHO_OURS, WHO_OSSL, WHO_JSON };

static struct {
	int armed;		/* count (and maybe fail) allocations */
	unsigned long count;	/* allocations seen while armed */
	unsigned long fail_at;	/* 0: never */
	enum who failed;	/* whose allocation was failed */
	int in_loadb;		/* inside jansson's json_loadb */
} A;

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
char *__real_strdup(const char *);
char *__real_strndup(const char *, size_t);
void *__wrap_malloc(size_t);
void *__wrap_calloc(size_t, size_t);
void *__wrap_realloc(void *, size_t);
char *__wrap_strdup(const char *);
char *__wrap_strndup(const char *, size_t);
json_t *__real_json_loadb(const char *, size_t, size_t, json_error_t *);
json_t *__wrap_json_loadb(const char *, size_t, size_t, json_error_t *);

/* 1 when this allocation is the one to fail. */
static int
fail_now(enum who who)
{
	if (!A.armed)
		return 0;
	if (++A.count != A.fail_at)
		return 0;
	A.failed = who;
	return 1;
}

void *
__wrap_malloc(size_t n)
{
	return fail_now(WHO_OURS) ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t m, size_t n)
{
	return fail_now(WHO_OURS) ? NULL : __real_calloc(m, n);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return fail_now(WHO_OURS) ? NULL : __real_realloc(p, n);
}

char *
__wrap_strdup(const char *s)
{
	return fail_now(WHO_OURS) ? NULL : __real_strdup(s);
}

char *
__wrap_strndup(const char *s, size_t n)
{
	return fail_now(WHO_OURS) ? NULL : __real_strndup(s, n);
}

static void *
ossl_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return fail_now(WHO_OSSL) ? NULL : __real_malloc(n);
}

static void *
ossl_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return fail_now(WHO_OSSL) ? NULL : __real_realloc(p, n);
}

static void
ossl_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	free(p);
}

/*
 * jansson 2.14 (Debian 12) does not survive a failed allocation inside
 * its lexer: lex_save() drops the error of strbuffer_append_byte(), the
 * saved text and the input fall out of step, and an assert aborts the
 * process (upstream akheron/jansson issue 362, unfixed in 2.14).  That
 * is fail-closed (the login process dies, nothing is accepted) and not
 * ours to fix, so jansson's own allocations inside json_loadb are not
 * failed here; jansson allocations elsewhere are, and so is everything
 * our code does with the result of json_loadb.
 */
static void *
json_malloc(size_t n)
{
	if (A.in_loadb)
		return __real_malloc(n);
	return fail_now(WHO_JSON) ? NULL : __real_malloc(n);
}

json_t *
__wrap_json_loadb(const char *buf, size_t len, size_t flags,
    json_error_t *err)
{
	json_t *v;

	/* json_loadb may fail as a whole, as jansson reports it. */
	if (fail_now(WHO_JSON)) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			(void)snprintf(err->text, sizeof(err->text),
			    "out of memory");
		}
		return NULL;
	}
	A.in_loadb = 1;
	v = __real_json_loadb(buf, len, flags, err);
	A.in_loadb = 0;
	return v;
}

static struct {
	char *jwks;		/* ES256 + RS256 key set text */
	char *valid_es, *valid_rs, *forged, *expired, *foreign;
	char *sub_es, *sub_rs;	/* sub claims of the valid tokens */
} F;

/* The whole path; *sub gets a copy of the accepted sub (or NULL). */
static int
verify(const char *token, char **sub)
{
	struct ct_config *cfg = NULL;
	struct ct_jwks *keys = NULL;
	struct ct_identity *id = NULL;
	struct ct_err e;
	int r = CT_ENOMEM;

	*sub = NULL;
	ct_err_clear(&e);
	if ((cfg = ct_config_new()) == NULL)
		goto out;
	if ((r = ct_config_set(cfg, "audience", AUD, &e)) != CT_OK ||
	    (r = ct_config_set(cfg, "algorithms", "ES256 RS256", &e)) != CT_OK)
		goto out;
	if ((r = ct_jwks_parse(F.jwks, strlen(F.jwks), &keys, &e)) != CT_OK)
		goto out;
	if ((r = ct_token_verify(token, strlen(token), keys, cfg, NOW + 60,
	    &id, &e)) != CT_OK)
		goto out;
	if (id == NULL || id->sub == NULL || id->identity == NULL ||
	    strcmp(id->identity, IDENT) != 0) {
		r = -1;		/* success with a wrong identity */
		goto out;
	}
	*sub = __real_strdup(id->sub);
	r = CT_OK;
out:
	ct_identity_free(id);
	ct_jwks_free(keys);
	ct_config_free(cfg);
	return r;
}

/* Runs verify with the n-th allocation failing (0: none). */
static int
verify_failing(const char *token, unsigned long n, char **sub)
{
	int r;

	A.count = 0;
	A.fail_at = n;
	A.failed = WHO_NONE;
	A.armed = 1;
	r = verify(token, sub);
	A.armed = 0;
	return r;
}

static const char *
who_name(enum who w)
{
	return w == WHO_OURS ? "ours" : w == WHO_OSSL ? "OpenSSL" :
	    w == WHO_JSON ? "jansson" : "none";
}

/*
 * Fails every allocation in turn.  want is the unfailed result, want_sub
 * the sub a success must carry.
 */
static void
fail_each(const char *token, int want, const char *want_sub)
{
	unsigned long n, total, recovered = 0;
	char *sub = NULL;
	int r;

	/* Warm-up: OpenSSL's one-time setup is not part of the path. */
	assert_int_equal(verify(token, &sub), want);
	free(sub);
	assert_int_equal(verify_failing(token, 0, &sub), want);
	free(sub);
	total = A.count;
	assert_true(total > 10);
	for (n = 1; n <= total; n++) {
		r = verify_failing(token, n, &sub);
		if (A.failed == WHO_NONE)
			fail_msg("allocation %lu of %lu was never made", n,
			    total);
		if (r == CT_OK) {
			/* Only a token good anyway, only OpenSSL recovering. */
			if (want != CT_OK || A.failed != WHO_OSSL ||
			    sub == NULL || strcmp(sub, want_sub) != 0)
				fail_msg("allocation %lu of %lu (%s) failed and "
				    "the token was accepted", n, total,
				    who_name(A.failed));
			recovered++;
		} else if (r < 0)
			fail_msg("allocation %lu (%s): accepted with a wrong "
			    "identity", n, who_name(A.failed));
		free(sub);
		sub = NULL;
	}
	/* Positive control: past the last allocation nothing fails. */
	r = verify_failing(token, total + 1, &sub);
	assert_int_equal(A.failed, WHO_NONE);
	assert_int_equal(r, want);
	if (want == CT_OK)
		assert_string_equal(sub, want_sub);
	free(sub);
	printf("# %lu allocations failed in turn, %lu recovered by OpenSSL\n",
	    total, recovered);
}

static void
test_valid_es256_token(void **state)
{
	(void)state;
	fail_each(F.valid_es, CT_OK, F.sub_es);
}

static void
test_valid_rs256_token(void **state)
{
	(void)state;
	fail_each(F.valid_rs, CT_OK, F.sub_rs);
}

static void
test_forged_token(void **state)
{
	(void)state;
	fail_each(F.forged, CT_EAUTH, NULL);
}

static void
test_expired_token(void **state)
{
	(void)state;
	fail_each(F.expired, CT_EAUTH, NULL);
}

static void
test_foreign_audience(void **state)
{
	(void)state;
	fail_each(F.foreign, CT_EAUTH, NULL);
}

/*
 * libnss_cotter's reader (issue 13): the config text as the NSS module
 * parses it, then its decision.  A failed allocation anywhere must end in
 * "no answer", never in an answer from a half-read configuration (here a
 * half-read one would miss ssh_create_users or sshd_paths).
 */
static int
nss_reader(void)
{
	static const char text[] = "audience = " AUD "\n"
	    "create_users = yes\nallowed_domains = example.com\n"
	    "ssh_create_users = yes\nuid_range = 20000-29999\n"
	    "primary_group = private\n"
	    "sshd_paths = /opt/sshd /usr/sbin/sshd\n";
	struct ct_config *cfg = NULL;
	struct ct_err e;
	int r = CT_ENOMEM;

	ct_err_clear(&e);
	if ((cfg = ct_config_new()) == NULL)
		goto out;
	if ((r = ct_config_parse_text(cfg, text, sizeof(text) - 1, "nss",
	    &e)) != CT_OK || (r = ct_config_check_ids(cfg, &e)) != CT_OK)
		goto out;
	r = ct_nss_gate(cfg, "/usr/sbin/sshd", 0, 0, "newbie", &e);
	if (r == CT_OK && (cfg->uid_lo != 20000 || cfg->uid_hi != 29999 ||
	    strcmp(cfg->primary_group, "private") != 0))
		r = -1;		/* answered from a wrong configuration */
out:
	ct_config_free(cfg);
	return r;
}

static void
test_nss_config_reader(void **state)
{
	unsigned long n, total;
	int r;

	(void)state;
	assert_int_equal(nss_reader(), CT_OK);	/* control */
	A.count = 0;
	A.fail_at = 0;
	A.armed = 1;
	assert_int_equal(nss_reader(), CT_OK);
	A.armed = 0;
	total = A.count;
	assert_true(total > 5);
	for (n = 1; n <= total; n++) {
		A.count = 0;
		A.fail_at = n;
		A.failed = WHO_NONE;
		A.armed = 1;
		r = nss_reader();
		A.armed = 0;
		if (A.failed == WHO_NONE || r != CT_ENOMEM)
			fail_msg("allocation %lu of %lu failed: %s, want "
			    "CT_ENOMEM (no answer)", n, total,
			    r < 0 ? "answered" : ct_status_name(r));
	}
	printf("# nss reader: %lu allocations failed in turn\n", total);
}

/* The failing allocator itself works: a failed malloc is seen. */
static void
test_injection_reaches_every_allocator(void **state)
{
	int seen[4] = { 0, 0, 0, 0 };
	unsigned long n, total;
	char *sub = NULL;

	(void)state;
	(void)verify_failing(F.valid_es, 0, &sub);
	free(sub);
	total = A.count;
	for (n = 1; n <= total; n++) {
		(void)verify_failing(F.valid_es, n, &sub);
		free(sub);
		seen[A.failed] = 1;
	}
	assert_true(seen[WHO_OURS]);
	assert_true(seen[WHO_OSSL]);
	assert_true(seen[WHO_JSON]);
}

static int
setup(void **state)
{
	struct mint_key *ec, *rs, *evil;
	const struct mint_key *set[2];
	json_t *claims;
	char *payload;

	(void)state;
	ec = mint_key_new_es256(NULL);
	rs = mint_key_new_rs256(2048, NULL);
	evil = mint_key_new_es256(ec->kid);
	set[0] = ec;
	set[1] = rs;
	F.jwks = mint_jwks_json(set, 2);
	claims = mint_cotter_claims_obj(NOW, AUD, IDENT);
	F.sub_es = __real_strdup(json_string_value(json_object_get(claims,
	    "sub")));
	payload = mint_json_dump(claims);
	F.valid_es = mint_token(ec, NULL, payload);
	F.forged = mint_token(evil, NULL, payload);
	free(payload);
	json_decref(claims);
	claims = mint_cotter_claims_obj(NOW, AUD, IDENT);
	F.sub_rs = __real_strdup(json_string_value(json_object_get(claims,
	    "sub")));
	payload = mint_json_dump(claims);
	F.valid_rs = mint_token(rs, NULL, payload);
	free(payload);
	json_decref(claims);
	F.expired = mint_cotter_token(ec, NOW - 7200, AUD, IDENT);
	F.foreign = mint_cotter_token(rs, NOW, "another-app", IDENT);
	mint_key_free(ec);
	mint_key_free(rs);
	mint_key_free(evil);
	return F.sub_es == NULL || F.sub_rs == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(F.jwks);
	free(F.valid_es);
	free(F.valid_rs);
	free(F.forged);
	free(F.expired);
	free(F.foreign);
	free(F.sub_es);
	free(F.sub_rs);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_es256_token),
		cmocka_unit_test(test_valid_rs256_token),
		cmocka_unit_test(test_forged_token),
		cmocka_unit_test(test_expired_token),
		cmocka_unit_test(test_foreign_audience),
		cmocka_unit_test(test_injection_reaches_every_allocator),
		cmocka_unit_test(test_nss_config_reader),
	};

	/* Before any OpenSSL allocation, or OpenSSL refuses the hooks. */
	if (CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc,
	    ossl_free) != 1) {
		fprintf(stderr, "CRYPTO_set_mem_functions refused\n");
		return 1;
	}
	json_set_alloc_funcs(json_malloc, free);
	return cmocka_run_group_tests(tests, setup, teardown);
}

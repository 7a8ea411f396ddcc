/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_claims.c - claim checks (RFC 7519 section 4.1, RFC 8725 sections
 * 3.8-3.11) against a fixed clock: a realistic Cotter access-token claim
 * set passes (positive control) and every wrong form of each claim
 * refuses with a reason naming the claim.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "claims.h"
#include "config.h"
#include "err.h"
#include "jdoc.h"

/*
 * The module reads claims with its own reader (jdoc.h); the tests build
 * them with jansson.  check() prints c and reads it back, so every claim
 * set below goes through the module's reader too.  A value that is not an
 * object is read as the member of a wrapper object.
 */
static int
check(const json_t *c, const struct ct_config *cfg, time_t now,
    struct ct_identity **id, struct ct_err *e)
{
	struct ct_jdoc *d;
	json_t *w = NULL;
	char *text;
	int r;

	if (c == NULL)
		return ct_claims_check(NULL, cfg, now, id, e);
	if (!json_is_object(c))
		w = json_pack("{s:O}", "v", c);
	text = json_dumps(w != NULL ? w : c, JSON_COMPACT);
	assert_non_null(text);
	/* "\u0000" in a string: the reader refuses it (jdoc.h). */
	if ((d = ct_jdoc_parse(text, strlen(text), "claims", CT_EAUTH,
	    e)) == NULL) {
		free(text);
		json_decref(w);
		*id = NULL;
		return CT_EAUTH;
	}
	r = ct_claims_check(w != NULL ? ct_jval_get(ct_jdoc_root(d), "v") :
	    ct_jdoc_root(d), cfg, now, id, e);
	ct_jdoc_free(d);
	free(text);
	json_decref(w);
	return r;
}

#define NOW	((time_t)1700000000)
#define AUD	"api-key-id"
#define ISS	"https://www.cotter.app"
#define SUB	"0f3c1e1e-2020-4a5b-9c7d-000000000042"
#define IDENT	"alice@example.com"

static struct ct_config *
mkcfg(void)
{
	struct ct_config *cfg;
	struct ct_err e;

	cfg = ct_config_new();
	assert_non_null(cfg);
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "audience", AUD, &e), CT_OK);
	return cfg;
}

static void
cfg_set(struct ct_config *cfg, const char *key, const char *value)
{
	struct ct_err e;

	ct_err_clear(&e);
	if (ct_config_set(cfg, key, value, &e) != CT_OK)
		fail_msg("config %s=%s: %s", key, value, e.msg);
}

/* The good claim set of a Cotter access token, issued 10 s ago. */
static json_t *
good_claims(void)
{
	json_t *c;

	c = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}",
	    "iss", ISS, "aud", AUD, "sub", SUB, "identifier", IDENT,
	    "type", "client_access_token",
	    "exp", (json_int_t)(NOW + 3600), "iat", (json_int_t)(NOW - 10),
	    "scope", "access", "jti", "7a4c1f0e-jti",
	    "authentication_method", "OTP");
	assert_non_null(c);
	return c;
}

/* Good claims with member name replaced by v (NULL: removed); steals v. */
static json_t *
with(const char *name, json_t *v)
{
	json_t *c = good_claims();

	if (v == NULL)
		assert_int_equal(json_object_del(c, name), 0);
	else
		assert_int_equal(json_object_set_new(c, name, v), 0);
	return c;
}

/* Accepted: identity filled as expected (ident NULL: no identity). */
static void
accepted_cfg(json_t *c, const struct ct_config *cfg, const char *ident)
{
	struct ct_identity *id = NULL;
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = check(c, cfg, NOW, &id, &e);
	json_decref(c);
	if (r != CT_OK)
		fail_msg("positive control refused: %s", e.msg);
	assert_non_null(id);
	assert_string_equal(id->iss, ISS);
	assert_string_equal(id->sub, SUB);
	if (ident == NULL)
		assert_null(id->identity);
	else {
		assert_non_null(id->identity);
		assert_string_equal(id->identity, ident);
	}
	ct_identity_free(id);
}

/* Refused with CT_EAUTH and a reason naming `claim`; consumes c. */
static void
refused_cfg(json_t *c, const struct ct_config *cfg, const char *claim)
{
	struct ct_identity *id = NULL;
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = check(c, cfg, NOW, &id, &e);
	json_decref(c);
	if (id != NULL) {
		ct_identity_free(id);
		fail_msg("ACCEPTED: an identity was returned (%s)", claim);
	}
	if (r != CT_EAUTH)
		fail_msg("expected CT_EAUTH for %s, got %s (%s)", claim,
		    ct_status_name(r), e.msg);
	assert_int_equal(e.code, CT_EAUTH);
	if (strncmp(e.msg, claim, strlen(claim)) != 0)
		fail_msg("reason \"%s\" does not name %s", e.msg, claim);
}

/* Refused with a reason containing why; consumes c. */
static void
refused_why(json_t *c, const char *why)
{
	struct ct_config *cfg = mkcfg();
	struct ct_identity *id = NULL;
	struct ct_err e;

	ct_err_clear(&e);
	assert_int_equal(check(c, cfg, NOW, &id, &e), CT_EAUTH);
	json_decref(c);
	ct_config_free(cfg);
	assert_null(id);
	if (strstr(e.msg, why) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", e.msg, why);
}

static void
accepted(json_t *c)
{
	struct ct_config *cfg = mkcfg();

	accepted_cfg(c, cfg, IDENT);
	ct_config_free(cfg);
}

static void
refused(json_t *c, const char *claim)
{
	struct ct_config *cfg = mkcfg();

	refused_cfg(c, cfg, claim);
	ct_config_free(cfg);
}

/* -------------------------------------------------------------- tests */

static void
test_good_claims_accepted(void **state)
{
	(void)state;
	accepted(good_claims());
	/* Also with aud as an array holding ours among others. */
	accepted(with("aud", json_pack("[s,s]", "other", AUD)));
	accepted(with("aud", json_pack("[s]", AUD)));
	/* Also the other default type. */
	accepted(with("type", json_string("access_token")));
}

/* RFC 7519 4.1.1: iss is required and compared byte for byte. */
static void
test_iss(void **state)
{
	(void)state;
	refused(with("iss", NULL), "iss");
	refused(with("iss", json_string("https://evil.example")), "iss");
	refused(with("iss", json_string("https://www.cotter.app/")), "iss");
	refused(with("iss", json_string("https://www.Cotter.app")), "iss");
	refused(with("iss", json_string("HTTPS://WWW.COTTER.APP")), "iss");
	refused(with("iss", json_string("https://www.cotter.app ")), "iss");
	refused(with("iss", json_string("")), "iss");
	refused(with("iss", json_pack("[s]", ISS)), "iss");
	refused(with("iss", json_integer(1)), "iss");
	refused(with("iss", json_null()), "iss");
	refused(with("iss", json_true()), "iss");
	refused(with("iss", json_pack("{s:s}", "iss", ISS)), "iss");
}

/* A reason quotes iss sanitized and at most 64 characters. */
static void
test_iss_reason_sanitized(void **state)
{
	struct ct_config *cfg = mkcfg();
	struct ct_identity *id = NULL;
	struct ct_err e;
	json_t *c;
	char longv[300];

	(void)state;
	memset(longv, 'A', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	c = with("iss", json_string(longv));
	ct_err_clear(&e);
	assert_int_equal(check(c, cfg, NOW, &id, &e), CT_EAUTH);
	json_decref(c);
	assert_null(id);
	/* 65 or more A's would mean the value was not cut at 64. */
	memset(longv, 'A', 65);
	longv[65] = '\0';
	assert_null(strstr(e.msg, longv));
	assert_non_null(strstr(e.msg, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "..."));
	ct_config_free(cfg);
}

/* RFC 7519 4.1.3: aud string or array of strings holding ours. */
static void
test_aud(void **state)
{
	json_t *many;
	int i;

	(void)state;
	refused(with("aud", NULL), "aud");
	refused(with("aud", json_string("other-app")), "aud");
	refused(with("aud", json_string("API-KEY-ID")), "aud");
	refused(with("aud", json_string("")), "aud");
	refused(with("aud", json_array()), "aud");
	refused_why(with("aud", json_array()), "array of 0 elements");
	refused_why(with("aud", json_string("other-app")),
	    "\"other-app\" does not hold");
	refused_why(with("iss", json_string("https://evil.example")),
	    "\"https://evil.example\" is not");
	refused_why(with("type", json_string("client_id_token")),
	    "\"client_id_token\" is not");
	refused(with("aud", json_pack("[s,i]", AUD, 1)), "aud");
	refused(with("aud", json_pack("[i,s]", 1, AUD)), "aud");
	refused(with("aud", json_pack("[s,n]", AUD)), "aud");
	refused(with("aud", json_pack("[s,s]", "a", "b")), "aud");
	refused(with("aud", json_pack("[[s]]", AUD)), "aud");
	refused(with("aud", json_pack("{s:s}", "aud", AUD)), "aud");
	refused(with("aud", json_integer(7)), "aud");
	refused(with("aud", json_true()), "aud");
	/* More than 32 elements refuse, even with ours among them. */
	many = json_array();
	assert_non_null(many);
	for (i = 0; i < 32; i++)
		assert_int_equal(json_array_append_new(many,
		    json_string("x")), 0);
	assert_int_equal(json_array_append_new(many, json_string(AUD)), 0);
	refused(with("aud", many), "aud");
	/* Control: exactly 32 with ours last is fine. */
	many = json_array();
	for (i = 0; i < 31; i++)
		assert_int_equal(json_array_append_new(many,
		    json_string("x")), 0);
	assert_int_equal(json_array_append_new(many, json_string(AUD)), 0);
	accepted(with("aud", many));
}

/* RFC 7519 4.1.4: exp required, an integer NumericDate, in the future. */
static void
test_exp(void **state)
{
	(void)state;
	refused(with("exp", NULL), "exp");
	refused(with("exp", json_integer(NOW - 3600)), "exp");
	refused(with("exp", json_string("1700003600")), "exp");
	refused(with("exp", json_real(1700003600.0)), "exp");
	refused(with("exp", json_real(1700003600.5)), "exp");
	refused(with("exp", json_integer(-1)), "exp");
	refused(with("exp", json_integer(253402300800LL)), "exp");
	refused(with("exp", json_integer(INT64_MAX)), "exp");
	refused(with("exp", json_true()), "exp");
	refused(with("exp", json_null()), "exp");
	/* Boundary (leeway 60): expired exactly at exp + leeway. */
	refused(with("exp", json_integer(NOW - 60)), "exp");
	accepted(with("exp", json_integer(NOW - 59)));
	accepted(with("exp", json_integer(NOW + 1)));
	accepted(with("exp", json_integer(253402300799LL)));
}

static void
test_exp_leeway_zero(void **state)
{
	struct ct_config *cfg = mkcfg();

	(void)state;
	cfg_set(cfg, "leeway", "0");
	refused_cfg(with("exp", json_integer(NOW)), cfg, "exp");
	accepted_cfg(with("exp", json_integer(NOW + 1)), cfg, IDENT);
	cfg_set(cfg, "leeway", "300");
	refused_cfg(with("exp", json_integer(NOW - 300)), cfg, "exp");
	accepted_cfg(with("exp", json_integer(NOW - 299)), cfg, IDENT);
	ct_config_free(cfg);
}

/* RFC 7519 4.1.5: nbf not in the future beyond leeway. */
static void
test_nbf(void **state)
{
	(void)state;
	refused(with("nbf", json_integer(NOW + 61)), "nbf");
	refused(with("nbf", json_integer(NOW + 3000)), "nbf");
	refused(with("nbf", json_string("0")), "nbf");
	refused(with("nbf", json_real(1.0)), "nbf");
	refused(with("nbf", json_integer(-1)), "nbf");
	accepted(with("nbf", json_integer(NOW + 60)));
	accepted(with("nbf", json_integer(NOW + 30)));
	accepted(with("nbf", json_integer(NOW - 10)));
	accepted(with("nbf", json_integer(0)));
}

/* RFC 7519 4.1.6: iat not in the future beyond leeway. */
static void
test_iat(void **state)
{
	(void)state;
	refused(with("iat", json_integer(NOW + 61)), "iat");
	refused(with("iat", json_integer(NOW + 86400)), "iat");
	refused(with("iat", json_string("1700000000")), "iat");
	refused(with("iat", json_real(1699999990.0)), "iat");
	refused(with("iat", json_false()), "iat");
	accepted(with("iat", json_integer(NOW + 60)));
	/* iat is optional unless max_token_age is set. */
	accepted(with("iat", NULL));
}

static void
test_max_token_age(void **state)
{
	struct ct_config *cfg = mkcfg();

	(void)state;
	cfg_set(cfg, "max_token_age", "600");
	accepted_cfg(good_claims(), cfg, IDENT);
	accepted_cfg(with("iat", json_integer(NOW - 600)), cfg, IDENT);
	refused_cfg(with("iat", json_integer(NOW - 601)), cfg, "iat");
	refused_cfg(with("iat", json_integer(NOW - 86400)), cfg, "iat");
	refused_cfg(with("iat", NULL), cfg, "iat");
	/* Off (0): an old iat is fine while exp holds. */
	cfg_set(cfg, "max_token_age", "0");
	accepted_cfg(with("iat", json_integer(NOW - 86400)), cfg, IDENT);
	ct_config_free(cfg);
}

/* Cotter "type": an access token, never an ID token (RFC 8725 3.11). */
static void
test_type(void **state)
{
	struct ct_config *cfg = mkcfg();

	(void)state;
	refused(with("type", NULL), "type");
	refused(with("type", json_string("client_id_token")), "type");
	refused(with("type", json_string("Client_Access_Token")), "type");
	refused(with("type", json_string("client_access_token ")), "type");
	refused(with("type", json_string("client_access")), "type");
	refused(with("type", json_string("access_token client_access_token")),
	    "type");
	refused(with("type", json_string("")), "type");
	refused(with("type", json_integer(1)), "type");
	refused(with("type", json_pack("[s]", "client_access_token")),
	    "type");
	/* A single configured word. */
	cfg_set(cfg, "token_type", "client_access_token");
	refused_cfg(with("type", json_string("access_token")), cfg, "type");
	accepted_cfg(good_claims(), cfg, IDENT);
	/* token_type "" disables the check: missing and odd types pass. */
	cfg_set(cfg, "token_type", "");
	accepted_cfg(with("type", NULL), cfg, IDENT);
	accepted_cfg(with("type", json_string("client_id_token")), cfg,
	    IDENT);
	ct_config_free(cfg);
}

/* RFC 7519 4.1.2: sub required, a non-empty string. */
static void
test_sub(void **state)
{
	(void)state;
	refused(with("sub", NULL), "sub");
	refused(with("sub", json_string("")), "sub");
	refused(with("sub", json_integer(42)), "sub");
	refused(with("sub", json_null()), "sub");
	refused(with("sub", json_string("abc\ndef")), "sub");
}

static void
test_identity(void **state)
{
	struct ct_config *cfg = mkcfg();
	char *longv;

	(void)state;
	/* 2020-era tokens carry no identifier: allowed, identity NULL. */
	accepted_cfg(with("identifier", NULL), cfg, NULL);
	accepted_cfg(with("identifier", json_string("+15551234567")), cfg,
	    "+15551234567");
	refused(with("identifier", json_integer(15551234567LL)),
	    "identifier");
	refused(with("identifier", json_string("")), "identifier");
	refused(with("identifier", json_null()), "identifier");
	refused(with("identifier", json_pack("[s]", IDENT)), "identifier");
	refused(with("identifier", json_string("alice@example.com\n")),
	    "identifier");
	refused(with("identifier", json_string("alice\r@example.com")),
	    "identifier");
	refused(with("identifier", json_string("al\x1b[2Jice@example.com")),
	    "identifier");
	refused(with("identifier", json_string("alice\x7f@example.com")),
	    "identifier");
	refused(with("identifier", json_string("alice\xc2\x85@example.com")),
	    "identifier");
	/* A NUL ("\u0000") never reaches the check: the reader refuses it. */
	refused_why(with("identifier", json_stringn("a\0b", 3)),
	    "claims: invalid JSON");
	/* Non-ASCII UTF-8 that is not a control is fine. */
	accepted_cfg(with("identifier", json_string("j\xc3\xb6rg@example.com")),
	    cfg, "j\xc3\xb6rg@example.com");
	/* CT_CLAIM_STR_MAX bytes pass, one more refuses. */
	longv = malloc(CT_CLAIM_STR_MAX + 2);
	assert_non_null(longv);
	memset(longv, 'a', CT_CLAIM_STR_MAX + 1);
	longv[CT_CLAIM_STR_MAX] = '\0';
	accepted_cfg(with("identifier", json_string(longv)), cfg, longv);
	longv[CT_CLAIM_STR_MAX] = 'a';
	longv[CT_CLAIM_STR_MAX + 1] = '\0';
	refused(with("identifier", json_string(longv)), "identifier");
	free(longv);
	/* A configured identity_claim is the one read. */
	cfg_set(cfg, "identity_claim", "email");
	accepted_cfg(good_claims(), cfg, NULL);
	accepted_cfg(with("email", json_string("bob@example.com")), cfg,
	    "bob@example.com");
	refused_cfg(with("email", json_true()), cfg, "email");
	ct_config_free(cfg);
}

static void
test_not_an_object(void **state)
{
	struct ct_config *cfg = mkcfg();
	struct ct_identity *id = NULL;
	struct ct_err e;
	json_t *a;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(check(NULL, cfg, NOW, &id, &e), CT_EAUTH);
	assert_null(id);
	a = json_array();
	ct_err_clear(&e);
	assert_int_equal(check(a, cfg, NOW, &id, &e), CT_EAUTH);
	assert_null(id);
	json_decref(a);
	/* No audience configured: never a success. */
	a = good_claims();
	free(cfg->audience);
	cfg->audience = NULL;
	ct_err_clear(&e);
	assert_int_not_equal(check(a, cfg, NOW, &id, &e), CT_OK);
	assert_null(id);
	json_decref(a);
	ct_config_free(cfg);
	ct_identity_free(NULL);
}

/* The clock comes from `now`: the same token is refused an hour later. */
static void
test_clock_is_the_argument(void **state)
{
	struct ct_config *cfg = mkcfg();
	struct ct_identity *id = NULL;
	struct ct_err e;
	json_t *c = good_claims();

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(check(c, cfg, NOW + 3600 + 59, &id, &e),
	    CT_OK);
	ct_identity_free(id);
	id = NULL;
	ct_err_clear(&e);
	assert_int_equal(check(c, cfg, NOW + 3600 + 60, &id, &e),
	    CT_EAUTH);
	assert_null(id);
	ct_err_clear(&e);
	assert_int_equal(check(c, cfg, (time_t)-1, &id, &e),
	    CT_EAUTH);
	assert_null(id);
	json_decref(c);
	ct_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_claims_accepted),
		cmocka_unit_test(test_iss),
		cmocka_unit_test(test_iss_reason_sanitized),
		cmocka_unit_test(test_aud),
		cmocka_unit_test(test_exp),
		cmocka_unit_test(test_exp_leeway_zero),
		cmocka_unit_test(test_nbf),
		cmocka_unit_test(test_iat),
		cmocka_unit_test(test_max_token_age),
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_sub),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_clock_is_the_argument),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

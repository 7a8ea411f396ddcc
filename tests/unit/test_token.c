/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_token.c - ct_token_verify (src/jose/token.h) end to end with a fixed
 * clock: ES256 and RS256 positive controls, key selection by kid, the
 * configurable claim checks and their boundaries, and the minting library
 * itself (checked against OpenSSL, not against the code under test).
 * The attacks live in test_attacks.c.
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
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "config.h"
#include "err.h"
#include "jwks.h"
#include "jwks_json.h"
#include "jws.h"
#include "mint.h"
#include "testenv.h"
#include "token.h"

#define NOW	((time_t)1600000000)	/* fixed clock: 2020-09-13 */
#define AUD	"0b2f6a1c-4c1e-4d8a-9d5e-6a3f2b1c0d9e"
#define IDENT	"alice@example.com"
#define NKEYS	CT_JWKS_MAX_KEYS

static struct {
	struct mint_key *ec, *ec2, *rsa;
	struct ct_jwks *set_ec, *set_rsa, *set_all;
	struct ct_config *cfg_es, *cfg_rs, *cfg_both;
} F;



/* audience and algorithms, then optional key/value pairs, NULL-ended. */
static struct ct_config *
mkcfg(const char *algs, ...)
{
	struct ct_config *cfg;
	struct ct_err e;
	const char *k, *v;
	va_list ap;

	if ((cfg = ct_config_new()) == NULL)
		t_die("ct_config_new");
	t_cfg_set(cfg, "audience", AUD);
	t_cfg_set(cfg, "algorithms", algs);
	t_cfg_set(cfg, "leeway", "60");
	t_cfg_set(cfg, "token_type", "client_access_token");
	va_start(ap, algs);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		t_cfg_set(cfg, k, v);
	}
	va_end(ap);
	ct_err_clear(&e);
	if (ct_config_check(cfg, &e) != CT_OK)
		t_die("ct_config_check: %s", e.msg);
	return cfg;
}

static struct ct_jwks *
mkset(const struct mint_key *const *keys, size_t n)
{
	struct ct_jwks *set = NULL;
	struct ct_err e;
	char *text;

	text = mint_jwks_json(keys, n);
	ct_err_clear(&e);
	if (ct_jwks_parse(text, strlen(text), &set, &e) != CT_OK ||
	    set == NULL)
		t_die("ct_jwks_parse of our own key set: %s", e.msg);
	free(text);
	return set;
}

static int
group_setup(void **state)
{
	const struct mint_key *k[3];

	(void)state;
	F.ec = mint_key_new_es256(NULL);
	F.ec2 = mint_key_new_es256(NULL);
	F.rsa = mint_key_new_rs256(2048, NULL);
	k[0] = F.ec;
	F.set_ec = mkset(k, 1);
	k[0] = F.rsa;
	F.set_rsa = mkset(k, 1);
	k[0] = F.ec;
	k[1] = F.ec2;
	k[2] = F.rsa;
	F.set_all = mkset(k, 3);
	F.cfg_es = mkcfg("ES256", NULL);
	F.cfg_rs = mkcfg("RS256", NULL);
	F.cfg_both = mkcfg("ES256 RS256", NULL);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	ct_jwks_free(F.set_ec);
	ct_jwks_free(F.set_rsa);
	ct_jwks_free(F.set_all);
	ct_config_free(F.cfg_es);
	ct_config_free(F.cfg_rs);
	ct_config_free(F.cfg_both);
	mint_key_free(F.ec);
	mint_key_free(F.ec2);
	mint_key_free(F.rsa);
	return 0;
}

/* ------------------------------------------------------------- helpers */

/* Free functions for mint_keep_with. */
static void
free_identity(void *p)
{
	ct_identity_free(p);
}

static void
free_cfg(void *p)
{
	ct_config_free(p);
}

static void
free_jwks(void *p)
{
	ct_jwks_free(p);
}

static void
free_key(void *p)
{
	mint_key_free(p);
}

/* Verifies at time now; returns the status, *id on success. */
static int
verify_at(const char *tok, size_t len, const struct ct_jwks *set,
    const struct ct_config *cfg, time_t now, struct ct_identity **id)
{
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	*id = NULL;
	r = ct_token_verify(tok, len, set, cfg, now, id, &e);
	assert_int_equal(e.code, r);
	if (r == CT_OK) {
		assert_non_null(*id);
		(void)mint_keep_with(*id, free_identity);
	}
	else {
		assert_null(*id);
		assert_true(e.msg[0] != '\0');
	}
	return r;
}

/* Accepted at now: returns the identity (kept). */
static struct ct_identity *
ok_at(const char *tok, const struct ct_jwks *set,
    const struct ct_config *cfg, time_t now)
{
	struct ct_identity *id;
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	id = NULL;
	r = ct_token_verify(tok, strlen(tok), set, cfg, now, &id, &e);
	if (r != CT_OK)
		fail_msg("refused: %s (%s)", ct_status_name(r), e.msg);
	assert_non_null(id);
	return mint_keep_with(id, free_identity);
}

static void
accepted_at(const char *tok, const struct ct_jwks *set,
    const struct ct_config *cfg, time_t now)
{
	(void)ok_at(tok, set, cfg, now);
}

static void
refused_at(const char *tok, const struct ct_jwks *set,
    const struct ct_config *cfg, time_t now)
{
	struct ct_identity *id;
	int r;

	/* verify_at keeps id */
	r = verify_at(tok, strlen(tok), set, cfg, now, &id);
	if (id != NULL)
		fail_msg("accepted");
	if (r != CT_EAUTH && r != CT_ENOKID)
		fail_msg("expected a refusal, got %s", ct_status_name(r));
}

/* Token by k with our claims plus `name` set to the JSON value v. */
static char *
tok_claim(const struct mint_key *k, const char *name, json_t *v)
{
	json_t *c;
	char *t, *tok;

	c = mint_cotter_claims_obj(NOW, AUD, IDENT);
	if (v == NULL)
		(void)json_object_del(c, name);
	else
		assert_int_equal(json_object_set_new(c, name, v), 0);
	t = mint_json_dump(c);
	tok = mint_token(k, NULL, t);
	free(t);
	json_decref(c);
	return tok;
}

static char *
tok_time(const char *name, time_t t)
{
	return tok_claim(F.ec, name, json_integer((json_int_t)t));
}

/* ------------------------------------------- the minting library itself */

static void
test_mint_b64url_vectors(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} v[] = {	/* RFC 4648 section 10, without padding */
		{ "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" },
		{ "foobar", "Zm9vYmFy" }, { "\xfb\xff", "-_8" },
		{ "\xff\xfe\xfd", "__79" }
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		s = mint_keep(mint_b64url(v[i].in, strlen(v[i].in)));
		assert_string_equal(s, v[i].out);
	}
}

/* RFC 4231 test case 2. */
static void
test_mint_hmac_sha256_vector(void **state)
{
	static const unsigned char want[32] = {
		0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e,
		0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
		0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83,
		0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43
	};
	const char *msg = "what do ya want for nothing?";
	unsigned char *mac;
	size_t n;

	(void)state;
	mac = mint_keep(mint_hmac("SHA256", "Jefe", 4, msg, strlen(msg), &n));
	assert_int_equal(n, 32);
	assert_memory_equal(mac, want, 32);
}

/* Raw R||S back to DER, checked by OpenSSL directly. */
static void
test_mint_es256_signature_is_raw_r_s(void **state)
{
	const char *msg = "eyJhbGciOiJFUzI1NiJ9.e30";
	unsigned char *sig, *der = NULL;
	ECDSA_SIG *es;
	EVP_MD_CTX *ctx;
	size_t n;
	int derlen;

	(void)state;
	sig = mint_keep(mint_sign(F.ec, msg, strlen(msg), &n));
	assert_int_equal(n, 64);
	es = ECDSA_SIG_new();
	assert_non_null(es);
	assert_int_equal(ECDSA_SIG_set0(es, BN_bin2bn(sig, 32, NULL),
	    BN_bin2bn(sig + 32, 32, NULL)), 1);
	derlen = i2d_ECDSA_SIG(es, &der);
	assert_true(derlen > 0);
	ctx = EVP_MD_CTX_new();
	assert_non_null(ctx);
	assert_int_equal(EVP_DigestVerifyInit_ex(ctx, NULL, "SHA256", NULL,
	    NULL, F.ec->pkey, NULL), 1);
	assert_int_equal(EVP_DigestVerify(ctx, der, (size_t)derlen,
	    (const unsigned char *)msg, strlen(msg)), 1);
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
}

static void
test_mint_rs256_signature(void **state)
{
	const char *msg = "eyJhbGciOiJSUzI1NiJ9.e30";
	unsigned char *sig;
	EVP_MD_CTX *ctx;
	size_t n;

	(void)state;
	sig = mint_keep(mint_sign(F.rsa, msg, strlen(msg), &n));
	assert_int_equal(n, 256);
	ctx = EVP_MD_CTX_new();
	assert_non_null(ctx);
	assert_int_equal(EVP_DigestVerifyInit_ex(ctx, NULL, "SHA256", NULL,
	    NULL, F.rsa->pkey, NULL), 1);
	assert_int_equal(EVP_DigestVerify(ctx, sig, n,
	    (const unsigned char *)msg, strlen(msg)), 1);
	EVP_MD_CTX_free(ctx);
}

static void
test_mint_jwk_shapes(void **state)
{
	json_t *o;

	(void)state;
	o = mint_keep_with(mint_jwk_obj(F.ec), mint_free_json);
	assert_string_equal(json_string_value(json_object_get(o, "kty")),
	    "EC");
	assert_string_equal(json_string_value(json_object_get(o, "crv")),
	    "P-256");
	assert_int_equal(strlen(json_string_value(json_object_get(o, "x"))),
	    43);
	assert_int_equal(strlen(json_string_value(json_object_get(o, "y"))),
	    43);
	assert_string_equal(json_string_value(json_object_get(o, "kid")),
	    F.ec->kid);
	assert_null(json_object_get(o, "d"));
	o = mint_keep_with(mint_jwk_obj(F.rsa), mint_free_json);
	assert_string_equal(json_string_value(json_object_get(o, "kty")),
	    "RSA");
	assert_string_equal(json_string_value(json_object_get(o, "e")),
	    "AQAB");
	assert_int_equal(strlen(json_string_value(json_object_get(o, "n"))),
	    342);
	assert_null(json_object_get(o, "d"));
	assert_int_equal(strncmp(F.ec->kid, "SPACE_JWT_PUBLIC:", 17), 0);
	assert_int_equal(strlen(F.ec->kid), 17 + 36);
}

/* DESIGN.md: a realistic Cotter token is 650-900 characters. */
static void
test_token_default_token_realistic_size(void **state)
{
	char *tok;
	size_t n;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, IDENT));
	n = strlen(tok);
	if (n < 650 || n > 900)
		fail_msg("default token is %zu characters", n);
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);
}

/* ---------------------------------------------------- positive controls */

static void
test_token_es256_identity(void **state)
{
	struct ct_identity *id;
	json_t *c;
	char *t, *tok;

	(void)state;
	c = mint_keep_with(mint_cotter_claims_obj(NOW, AUD, IDENT),
	    mint_free_json);
	t = mint_keep(mint_json_dump(c));
	tok = mint_keep(mint_token(F.ec, NULL, t));
	id = ok_at(tok, F.set_ec, F.cfg_es, NOW);
	assert_string_equal(id->iss, MINT_ISSUER);
	assert_string_equal(id->sub,
	    json_string_value(json_object_get(c, "sub")));
	assert_non_null(id->identity);
	assert_string_equal(id->identity, IDENT);
}

static void
test_token_rs256_accepted(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.rsa, NOW, AUD, IDENT));
	accepted_at(tok, F.set_rsa, F.cfg_rs, NOW);
	accepted_at(tok, F.set_all, F.cfg_both, NOW);
	refused_at(tok, F.set_all, F.cfg_es, NOW);
}

static void
test_token_es256_refused_by_rs256_only_config(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, IDENT));
	refused_at(tok, F.set_all, F.cfg_rs, NOW);
	accepted_at(tok, F.set_all, F.cfg_both, NOW);
}

/* RFC 7515 4.1.4: the kid picks the key. */
static void
test_token_key_selection_by_kid(void **state)
{
	const struct mint_key *k[3];
	char *tok, *h, *c;
	size_t i, j;

	(void)state;
	k[0] = F.ec;
	k[1] = F.ec2;
	k[2] = F.rsa;
	c = mint_keep(mint_cotter_claims(NOW, AUD, IDENT));
	for (i = 0; i < 3; i++) {
		tok = mint_keep(mint_token(k[i], NULL, c));
		accepted_at(tok, F.set_all, F.cfg_both, NOW);
		for (j = 0; j < 3; j++) {
			if (j == i)
				continue;
			h = mint_keep(mint_printf(
			    "{\"alg\":\"%s\",\"kid\":\"%s\"}",
			    ct_alg_name(k[i]->alg), k[j]->kid));
			tok = mint_keep(mint_token(k[i], h, c));
			refused_at(tok, F.set_all, F.cfg_both, NOW);
		}
	}
}

static void
test_token_no_kid(void **state)
{
	char *c, *tok;

	(void)state;
	c = mint_keep(mint_cotter_claims(NOW, AUD, IDENT));
	tok = mint_keep(mint_token(F.ec, "{\"alg\":\"ES256\"}", c));
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);	/* the only key */
	refused_at(tok, F.set_all, F.cfg_es, NOW);	/* ambiguous */
}

/* A full set (CT_JWKS_MAX_KEYS): the last key is found. */
static void
test_token_full_key_set(void **state)
{
	struct mint_key *k[NKEYS];
	const struct mint_key *ck[NKEYS];
	struct ct_jwks *set;
	char *tok;
	size_t i;

	(void)state;
	for (i = 0; i < NKEYS; i++)
		ck[i] = k[i] = mint_keep_with(mint_key_new_es256(NULL),
		    free_key);
	set = mint_keep_with(mkset(ck, NKEYS), free_jwks);
	assert_int_equal(set->nkeys, NKEYS);
	tok = mint_keep(mint_cotter_token(k[NKEYS - 1], NOW, AUD, IDENT));
	accepted_at(tok, set, F.cfg_es, NOW);
	tok = mint_keep(mint_cotter_token(k[0], NOW, AUD, IDENT));
	accepted_at(tok, set, F.cfg_es, NOW);
}

/* 2020-era Cotter access tokens carry no identifier. */
static void
test_token_without_identifier(void **state)
{
	struct ct_identity *id;
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, NULL));
	id = ok_at(tok, F.set_ec, F.cfg_es, NOW);
	assert_null(id->identity);
	assert_non_null(id->sub);
}

static void
test_token_phone_identifier(void **state)
{
	struct ct_identity *id;
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, "+15551234567"));
	id = ok_at(tok, F.set_ec, F.cfg_es, NOW);
	assert_string_equal(id->identity, "+15551234567");
}

static void
test_token_identity_claim_configurable(void **state)
{
	struct ct_config *cfg;
	struct ct_identity *id;
	char *tok;

	(void)state;
	cfg = mint_keep_with(mkcfg("ES256", "identity_claim", "email", NULL),
	    free_cfg);
	tok = mint_keep(tok_claim(F.ec, "email",
	    json_string("bob@example.com")));
	id = ok_at(tok, F.set_ec, cfg, NOW);
	assert_string_equal(id->identity, "bob@example.com");
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, IDENT));
	id = ok_at(tok, F.set_ec, cfg, NOW);	/* no "email": none */
	assert_null(id->identity);
}

static void
test_token_type_list(void **state)
{
	struct ct_config *cfg;
	char *tok;

	(void)state;
	tok = mint_keep(tok_claim(F.ec, "type",
	    json_string("client_id_token")));
	refused_at(tok, F.set_ec, F.cfg_es, NOW);
	cfg = mint_keep_with(mkcfg("ES256", "token_type",
	    "client_access_token client_id_token", NULL), free_cfg);
	accepted_at(tok, F.set_ec, cfg, NOW);
	/* An empty token_type turns the check off. */
	cfg = mint_keep_with(mkcfg("ES256", "token_type", "", NULL), free_cfg);
	accepted_at(tok, F.set_ec, cfg, NOW);
	tok = mint_keep(tok_claim(F.ec, "type", NULL));
	accepted_at(tok, F.set_ec, cfg, NOW);
	refused_at(tok, F.set_ec, F.cfg_es, NOW);
}

static void
test_token_aud_array(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_claim(F.ec, "aud",
	    json_pack("[s, s]", "other", AUD)));
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);
	tok = mint_keep(tok_claim(F.ec, "aud", json_pack("[s, s]", "a", "b")));
	refused_at(tok, F.set_ec, F.cfg_es, NOW);
}

/* ------------------------------------------------------- clock and leeway */

/* exp = NOW + 3600, leeway 60: valid while now < exp + 60. */
static void
test_token_lifetime_by_clock(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, IDENT));
	accepted_at(tok, F.set_ec, F.cfg_es, NOW + 3600 + 59);
	refused_at(tok, F.set_ec, F.cfg_es, NOW + 3600 + 60);
	refused_at(tok, F.set_ec, F.cfg_es, NOW + 86400);
	accepted_at(tok, F.set_ec, F.cfg_es, NOW - 60);	/* iat leeway */
	refused_at(tok, F.set_ec, F.cfg_es, NOW - 61);
}

static void
test_token_exp_boundary(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_time("exp", NOW - 59));
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);
	tok = mint_keep(tok_time("exp", NOW - 60));
	refused_at(tok, F.set_ec, F.cfg_es, NOW);
}

static void
test_token_leeway_zero(void **state)
{
	struct ct_config *cfg;
	char *tok;

	(void)state;
	cfg = mint_keep_with(mkcfg("ES256", "leeway", "0", NULL), free_cfg);
	tok = mint_keep(tok_time("exp", NOW + 1));
	accepted_at(tok, F.set_ec, cfg, NOW);
	tok = mint_keep(tok_time("exp", NOW));
	refused_at(tok, F.set_ec, cfg, NOW);
	tok = mint_keep(tok_time("nbf", NOW));
	accepted_at(tok, F.set_ec, cfg, NOW);
	tok = mint_keep(tok_time("nbf", NOW + 1));
	refused_at(tok, F.set_ec, cfg, NOW);
}

static void
test_token_leeway_max(void **state)
{
	struct ct_config *cfg;
	struct ct_err e;
	char *tok;

	(void)state;
	cfg = mint_keep_with(mkcfg("ES256", "leeway", "300", NULL), free_cfg);
	tok = mint_keep(tok_time("exp", NOW - 299));
	accepted_at(tok, F.set_ec, cfg, NOW);
	tok = mint_keep(tok_time("exp", NOW - 300));
	refused_at(tok, F.set_ec, cfg, NOW);
	ct_err_clear(&e);
	assert_int_not_equal(ct_config_set(cfg, "leeway", "301", &e), CT_OK);
}

static void
test_token_nbf_boundary(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_time("nbf", NOW + 60));
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);
	tok = mint_keep(tok_time("nbf", NOW + 61));
	refused_at(tok, F.set_ec, F.cfg_es, NOW);
	tok = mint_keep(tok_time("nbf", NOW - 100000));
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);
}

static void
test_token_iat_boundary(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_time("iat", NOW + 60));
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);
	tok = mint_keep(tok_time("iat", NOW + 61));
	refused_at(tok, F.set_ec, F.cfg_es, NOW);
	/* max_token_age is off: an old iat is fine */
	tok = mint_keep(tok_time("iat", NOW - 100000));
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);
}

static void
test_token_max_token_age(void **state)
{
	struct ct_config *cfg;
	char *tok;

	(void)state;
	cfg = mint_keep_with(mkcfg("ES256", "max_token_age", "600", NULL),
	    free_cfg);
	tok = mint_keep(tok_time("iat", NOW - 600));
	accepted_at(tok, F.set_ec, cfg, NOW);
	tok = mint_keep(tok_time("iat", NOW - 601));
	refused_at(tok, F.set_ec, cfg, NOW);
	tok = mint_keep(tok_claim(F.ec, "iat", NULL));
	refused_at(tok, F.set_ec, cfg, NOW);
	accepted_at(tok, F.set_ec, F.cfg_es, NOW);	/* iat optional */
}

/* ------------------------------------------------------ calling contract */

/* len is honoured: the buffer has no NUL and trailing bytes (valgrind
 * catches any read past len). */
static void
test_token_len_argument_honoured(void **state)
{
	struct ct_identity *id;
	char *tok, *buf;
	size_t n;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, IDENT));
	n = strlen(tok);
	buf = mint_keep(malloc(n));
	assert_non_null(buf);
	memcpy(buf, tok, n);
	assert_int_equal(verify_at(buf, n, F.set_ec, F.cfg_es, NOW, &id),
	    CT_OK);
	buf = mint_keep(mint_printf("%s.garbage", tok));
	assert_int_equal(verify_at(buf, n, F.set_ec, F.cfg_es, NOW, &id),
	    CT_OK);
	assert_int_equal(verify_at(buf, n - 1, F.set_ec, F.cfg_es, NOW, &id),
	    CT_EAUTH);
}

/* The identity is a copy: it outlives the token buffer. */
static void
test_token_identity_outlives_token(void **state)
{
	struct ct_identity *id;
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, IDENT));
	id = ok_at(tok, F.set_ec, F.cfg_es, NOW);
	memset(tok, 'A', strlen(tok));
	assert_string_equal(id->identity, IDENT);
	assert_string_equal(id->iss, MINT_ISSUER);
	assert_int_equal(strlen(id->sub), 36);
}

static void
test_token_verify_is_repeatable(void **state)
{
	char *tok;
	int i;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec, NOW, AUD, IDENT));
	for (i = 0; i < 3; i++) {
		accepted_at(tok, F.set_all, F.cfg_es, NOW);
		refused_at(tok, F.set_all, F.cfg_rs, NOW);
	}
}

static void
test_token_refusal_contract(void **state)
{
	struct ct_identity *id = NULL;
	struct ct_err e;
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.ec2, NOW, "another-app", IDENT));
	ct_err_clear(&e);
	assert_int_equal(ct_token_verify(tok, strlen(tok), F.set_all,
	    F.cfg_es, NOW, &id, &e), CT_EAUTH);
	assert_null(id);
	assert_int_equal(e.code, CT_EAUTH);
	assert_true(strlen(e.msg) > 0);
}

static void
test_token_no_keys_for_alg(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(F.rsa, NOW, AUD, IDENT));
	refused_at(tok, F.set_ec, F.cfg_both, NOW);
}

/* Every test frees what it kept, pass or fail. */
#define TEST(f) cmocka_unit_test_teardown(f, mint_drain)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_mint_b64url_vectors),
		TEST(test_mint_hmac_sha256_vector),
		TEST(test_mint_es256_signature_is_raw_r_s),
		TEST(test_mint_rs256_signature),
		TEST(test_mint_jwk_shapes),
		TEST(test_token_default_token_realistic_size),
		TEST(test_token_es256_identity),
		TEST(test_token_rs256_accepted),
		TEST(test_token_es256_refused_by_rs256_only_config),
		TEST(test_token_key_selection_by_kid),
		TEST(test_token_no_kid),
		TEST(test_token_full_key_set),
		TEST(test_token_without_identifier),
		TEST(test_token_phone_identifier),
		TEST(test_token_identity_claim_configurable),
		TEST(test_token_type_list),
		TEST(test_token_aud_array),
		TEST(test_token_lifetime_by_clock),
		TEST(test_token_exp_boundary),
		TEST(test_token_leeway_zero),
		TEST(test_token_leeway_max),
		TEST(test_token_nbf_boundary),
		TEST(test_token_iat_boundary),
		TEST(test_token_max_token_age),
		TEST(test_token_len_argument_honoured),
		TEST(test_token_identity_outlives_token),
		TEST(test_token_verify_is_repeatable),
		TEST(test_token_refusal_contract),
		TEST(test_token_no_keys_for_alg),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

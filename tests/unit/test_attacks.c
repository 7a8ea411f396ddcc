/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_attacks.c - the attack catalogue for ct_token_verify (src/jose/token.h).
 *
 * Each test_attack_* names one attack and asserts that the library refuses
 * it with CT_EAUTH (CT_ENOKID where the kid is not in the set), never
 * returning an identity.  Every attack token is built so that, apart from
 * the one defect under test, it is a valid token: signed by our own key
 * over the literal signing input, with good claims, against the same keys,
 * config and clock as the positive controls (test_control_*), which must
 * pass.  So a library that ignores the defect fails the test.
 *
 * RFC 8725 (JWT BCP), RFC 7515/7518/7519, DESIGN.md invariants 1-4.
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

#include "config.h"
#include "err.h"
#include "jwks.h"
#include "jwks_json.h"
#include "jws.h"
#include "mint.h"
#include "testenv.h"
#include "token.h"

#define NOW	((time_t)1600000000)	/* fixed clock: 2020-09-13 */
/* The app's Cotter API_KEY_ID. */
#define AUD	"0b2f6a1c-4c1e-4d8a-9d5e-6a3f2b1c0d9e"
#define IDENT	"alice@example.com"
#define ESSIG	64			/* ES256 R||S length */
#define KIDTAG	"@KID@"		/* header placeholder: our kid */
/* Header text: ES256 with our kid, left open for more members. */
#define HDR_OURS	"{\"alg\":\"ES256\",\"kid\":\"" KIDTAG "\""
#define NOKID_HEADER	"{\"alg\":\"ES256\",\"typ\":\"JWT\"}"
#define B64URL_ALPHABET \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

static const unsigned char p256_n[32] = {	/* order of P-256 */
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51
};

static struct {
	struct mint_key *ec;		/* our ES256 key, Cotter kid */
	struct mint_key *ec2;		/* our second ES256 key */
	struct mint_key *rsa;		/* our RS256 key */
	struct mint_key *evil_ec;	/* attacker's key, kid of ec */
	struct mint_key *evil_rsa;	/* attacker's key, kid of rsa */
	struct mint_key *rsa1024;	/* too short to be trusted */
	struct ct_jwks *set_ec;		/* { ec } */
	struct ct_jwks *set_all;	/* { ec, ec2, rsa } */
	struct ct_config *cfg;		/* algorithms ES256 */
	struct ct_config *cfg_both;	/* algorithms ES256 RS256 */
	struct ct_config *cfg_age;	/* max_token_age 600 */
	struct ct_config *cfg_default;	/* only audience set */
	/* issue 22: every algorithm */
	struct mint_key *every[10];	/* one key per alg, kid "every-ALG" */
	struct mint_key *rsa_any;	/* RSA, its JWK without "alg" */
	char *every_json;		/* { every..., rsa_any } */
	struct ct_jwks *set_every;
	struct ct_config *cfg_every;	/* algorithms: all ten */
	struct ct_config *cfg_typ;	/* ES256, require_typ at+jwt */
	struct ct_config *cfg_hosts;	/* ES256, audience: two hosts */
} F;

/* The ten algorithms, in the order of F.every. */
static const enum ct_alg every_alg[10] = {
	CT_ALG_ES256, CT_ALG_ES384, CT_ALG_ES512, CT_ALG_RS256, CT_ALG_RS384,
	CT_ALG_RS512, CT_ALG_PS256, CT_ALG_PS384, CT_ALG_PS512, CT_ALG_EDDSA
};
#define NEVERY	(sizeof(every_alg) / sizeof(every_alg[0]))
#define EVERY_ALGS	"ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 " \
	"PS512 EdDSA"
#define HOST_A	"https://host-a.example.org/"
#define HOST_B	"https://host-b.example.org/"

/* One table-driven case: a claim (or header text) and raw JSON values. */
struct tcase {
	const char *name;
	const char *v1;
	const char *v2;
};


/* ---------------------------------------------------------------- setup */


static struct ct_config *
mkcfg(const char *algs, const char *max_age)
{
	struct ct_config *cfg;
	struct ct_err e;

	if ((cfg = ct_config_new()) == NULL)
		t_die("ct_config_new");
	t_cfg_set(cfg, "audience", AUD);
	if (algs != NULL) {
		t_cfg_set(cfg, "algorithms", algs);
		t_cfg_set(cfg, "leeway", "60");
		t_cfg_set(cfg, "token_type", "client_access_token");
	}
	if (max_age != NULL)
		t_cfg_set(cfg, "max_token_age", max_age);
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

/* Every key of F.every and F.rsa_any as one set; rsa_any without alg. */
static void
mkset_every(void)
{
	json_t *arr = json_array(), *o, *set;
	struct ct_err e;
	size_t i;

	for (i = 0; i < NEVERY; i++)
		(void)json_array_append_new(arr, mint_jwk_obj(F.every[i]));
	o = mint_jwk_obj(F.rsa_any);
	(void)json_object_del(o, "alg");
	(void)json_array_append_new(arr, o);
	set = json_pack("{s:o}", "keys", arr);
	F.every_json = mint_json_dump(set);
	json_decref(set);
	ct_err_clear(&e);
	if (ct_jwks_parse(F.every_json, strlen(F.every_json), &F.set_every,
	    &e) != CT_OK)
		t_die("ct_jwks_parse of every key: %s", e.msg);
}

static void
setup_every(void)
{
	char kid[32];
	size_t i;

	for (i = 0; i < NEVERY; i++) {
		(void)snprintf(kid, sizeof(kid), "every-%s",
		    ct_alg_name(every_alg[i]));
		F.every[i] = mint_key_new(every_alg[i], kid);
	}
	F.rsa_any = mint_key_new(CT_ALG_RS256, "every-rsa-any");
	mkset_every();
	F.cfg_every = mkcfg(EVERY_ALGS, NULL);
	F.cfg_typ = mkcfg("ES256", NULL);
	t_cfg_set(F.cfg_typ, "require_typ", "at+jwt");
	F.cfg_hosts = mkcfg("ES256", NULL);
	t_cfg_set(F.cfg_hosts, "audience", HOST_A " " AUD);
}

static int
group_setup(void **state)
{
	const struct mint_key *one[1], *all[3];

	(void)state;	/* left NULL so that each test gets its prestate */
	F.ec = mint_key_new_es256(NULL);
	F.ec2 = mint_key_new_es256(NULL);
	F.rsa = mint_key_new_rs256(2048, NULL);
	F.evil_ec = mint_key_new_es256(F.ec->kid);
	F.evil_rsa = mint_key_new_rs256(2048, F.rsa->kid);
	F.rsa1024 = mint_key_new_rs256(1024, NULL);
	one[0] = F.ec;
	all[0] = F.ec;
	all[1] = F.ec2;
	all[2] = F.rsa;
	F.set_ec = mkset(one, 1);
	F.set_all = mkset(all, 3);
	F.cfg = mkcfg("ES256", NULL);
	F.cfg_both = mkcfg("ES256 RS256", NULL);
	F.cfg_age = mkcfg("ES256", "600");
	F.cfg_default = mkcfg(NULL, NULL);
	setup_every();
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	ct_jwks_free(F.set_ec);
	ct_jwks_free(F.set_all);
	ct_config_free(F.cfg);
	ct_config_free(F.cfg_both);
	ct_config_free(F.cfg_age);
	ct_config_free(F.cfg_default);
	mint_key_free(F.ec);
	mint_key_free(F.ec2);
	mint_key_free(F.rsa);
	mint_key_free(F.evil_ec);
	mint_key_free(F.evil_rsa);
	mint_key_free(F.rsa1024);
	for (size_t i = 0; i < NEVERY; i++)
		mint_key_free(F.every[i]);
	mint_key_free(F.rsa_any);
	free(F.every_json);
	ct_jwks_free(F.set_every);
	ct_config_free(F.cfg_every);
	ct_config_free(F.cfg_typ);
	ct_config_free(F.cfg_hosts);
	(void)mint_drain(NULL);
	return 0;
}

/* ------------------------------------------------------------- verdicts */

#ifdef CT_ATTACKS_EQUIV
/*
 * test_admin_equiv.c builds this catalogue again with this hook: every
 * token judged here is also given to the module (pam_authenticate) and to
 * pam-cotter check, whose verdicts must be equal.
 */
static void equiv(const char *tok, size_t len, const struct ct_jwks *set,
    const struct ct_config *cfg);
#define EQUIV(tok, len, set, cfg) equiv(tok, len, set, cfg)
#else
#define EQUIV(tok, len, set, cfg) ((void)0)
#endif

/* Free functions for mint_keep_with. */
static void
free_identity(void *p)
{
	ct_identity_free(p);
}

static void
free_jwks(void *p)
{
	ct_jwks_free(p);
}

/*
 * The reason must be one printable line (it goes to syslog) and must not
 * quote the token (DESIGN.md invariant 5): no run of 20 or more base64url
 * characters from the reason may occur in the token.
 */
static void
check_reason(const char *msg, const char *tok, size_t len)
{
	size_t i, run;
	const char *p;

	assert_true(msg[0] != '\0');
	for (p = msg; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			fail_msg("reason holds a control character: %s", msg);
	for (p = msg; *p != '\0'; p += run == 0 ? 1 : run) {
		for (run = 0; p[run] != '\0' &&
		    strchr(B64URL_ALPHABET, p[run]) != NULL; run++)
			;
		if (run < 20)
			continue;
		for (i = 0; i + run <= len; i++)
			if (memcmp(tok + i, p, run) == 0)
				fail_msg("reason quotes the token: %s", msg);
	}
}

static void
refused_as(const char *tok, size_t len, const struct ct_jwks *set,
    const struct ct_config *cfg, int also_ok)
{
	struct ct_identity *id = NULL;
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_token_verify(tok, len, set, cfg, NOW, &id, &e);
	if (id != NULL) {
		ct_identity_free(id);
		fail_msg("ACCEPTED (%s): an identity was returned",
		    ct_status_name(r));
	}
	if (r != CT_EAUTH && r != also_ok)
		fail_msg("expected CT_EAUTH, got %s (%s)", ct_status_name(r),
		    e.msg);
	assert_int_equal(e.code, r);
	check_reason(e.msg, tok, len);
	EQUIV(tok, len, set, cfg);
	if (getenv("CT_VERBOSE") != NULL)	/* tests/run-all.sh */
		print_message("refused (%s): %s\n", ct_status_name(r), e.msg);
}

/* Refused with CT_EAUTH. */
static void
refused_in(const char *tok, const struct ct_jwks *set,
    const struct ct_config *cfg)
{
	refused_as(tok, strlen(tok), set, cfg, CT_EAUTH);
}

static void
refused(const char *tok)
{
	refused_in(tok, F.set_all, F.cfg);
}

/* Refused with CT_EAUTH or CT_ENOKID: the kid names no key of ours. */
static void
refused_kid(const char *tok)
{
	refused_as(tok, strlen(tok), F.set_all, F.cfg, CT_ENOKID);
}

static void
accepted_in(const char *tok, size_t len, const struct ct_jwks *set,
    const struct ct_config *cfg, const char *ident)
{
	struct ct_identity *id = NULL;
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_token_verify(tok, len, set, cfg, NOW, &id, &e);
	if (r != CT_OK)
		fail_msg("positive control refused: %s (%s)",
		    ct_status_name(r), e.msg);
	assert_non_null(id);
	(void)mint_keep_with(id, free_identity);
	assert_non_null(id->iss);
	assert_string_equal(id->iss, MINT_ISSUER);
	assert_non_null(id->sub);
	if (ident == NULL)
		assert_null(id->identity);
	else {
		assert_non_null(id->identity);
		assert_string_equal(id->identity, ident);
	}
	EQUIV(tok, len, set, cfg);
}

static void
accepted(const char *tok)
{
	accepted_in(tok, strlen(tok), F.set_all, F.cfg, IDENT);
}

/* --------------------------------------------------------- token making */

static char *
subst_kid(const char *text, const char *kid)
{
	char *s, *t;

	s = mint_printf("%s", text);
	while (strstr(s, KIDTAG) != NULL) {
		t = mint_replace(s, KIDTAG, kid);
		free(s);
		s = t;
	}
	return s;
}

/* Our default claims with `name` removed, then given raw values added. */
static char *
claims_with(const char *name, const char *raw1, const char *raw2)
{
	const char *raw[2] = { raw1, raw2 };
	json_t *c;
	char *t, *m, *u;
	size_t i;

	c = mint_cotter_claims_obj(NOW, AUD, IDENT);
	if (name != NULL)
		(void)json_object_del(c, name);
	t = mint_json_dump(c);
	json_decref(c);
	for (i = 0; name != NULL && i < 2 && raw[i] != NULL; i++) {
		m = mint_printf("\"%s\":%s", name, raw[i]);
		u = mint_json_with(t, m);
		free(m);
		free(t);
		t = u;
	}
	return t;
}

static char *
default_claims(void)
{
	return mint_cotter_claims(NOW, AUD, IDENT);
}

/* Signed by k; header text with KIDTAG replaced by k's kid (NULL: ours). */
static char *
tok_by(const struct mint_key *k, const char *header, const char *claims)
{
	char *h = NULL, *c = NULL, *tok;

	if (header != NULL)
		h = subst_kid(header, k->kid);
	if (claims == NULL)
		claims = c = default_claims();
	tok = mint_token(k, h, claims);
	free(h);
	free(c);
	return tok;
}

static char *
tok_good(void)
{
	return tok_by(F.ec, NULL, NULL);
}

/* The parts of a good token, to be put together differently (kept). */
struct parts {
	char *h64;
	char *p64;
	char *s64;
	unsigned char *sig;
	size_t siglen;
};

static void
parts_make(struct parts *p, const struct mint_key *k, const char *claims)
{
	char *h, *c = NULL, *input;

	if (claims == NULL)
		claims = c = default_claims();
	h = mint_header(k);
	p->h64 = mint_keep(mint_b64url(h, strlen(h)));
	p->p64 = mint_keep(mint_b64url(claims, strlen(claims)));
	input = mint_printf("%s.%s", p->h64, p->p64);
	p->sig = mint_keep(mint_sign(k, input, strlen(input), &p->siglen));
	p->s64 = mint_keep(mint_b64url(p->sig, p->siglen));
	free(input);
	free(h);
	free(c);
}

static char *
parts_token(const struct parts *p, const unsigned char *sig, size_t siglen)
{
	char *s64, *tok;

	s64 = mint_b64url(sig, siglen);
	tok = mint_printf("%s.%s.%s", p->h64, p->p64, s64);
	free(s64);
	return tok;
}

/* ------------------------------------------------- table-driven runners */

/* Claim `name` set to raw JSON v1 (and v2 after it); NULL v1: omitted. */
static void
run_claim_refused(void **state)
{
	const struct tcase *tc = *state;
	char *c, *tok;

	c = mint_keep(claims_with(tc->name, tc->v1, tc->v2));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused(tok);
}

static void
run_claim_accepted(void **state)
{
	const struct tcase *tc = *state;
	char *c, *tok;

	c = mint_keep(claims_with(tc->name, tc->v1, tc->v2));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	accepted(tok);
}

/* Same, against the config with max_token_age. */
static void
run_claim_refused_age(void **state)
{
	const struct tcase *tc = *state;
	char *c, *tok;

	c = mint_keep(claims_with(tc->name, tc->v1, tc->v2));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused_in(tok, F.set_all, F.cfg_age);
}

static void
run_claim_accepted_age(void **state)
{
	const struct tcase *tc = *state;
	char *c, *tok;

	c = mint_keep(claims_with(tc->name, tc->v1, tc->v2));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	accepted_in(tok, strlen(tok), F.set_all, F.cfg_age, IDENT);
}

/* Header text tc->name, signed by our ES256 key over good claims. */
static void
run_header_refused(void **state)
{
	const struct tcase *tc = *state;
	char *tok;

	tok = mint_keep(tok_by(F.ec, tc->name, NULL));
	refused_as(tok, strlen(tok), F.set_all, F.cfg_both, CT_ENOKID);
}

/* The kid tc->name (raw JSON) in an otherwise good header. */
static void
run_kid_refused(void **state)
{
	const struct tcase *tc = *state;
	char *h, *tok;

	h = mint_keep(mint_printf(
	    "{\"alg\":\"ES256\",\"kid\":%s,\"typ\":\"JWT\"}", tc->name));
	tok = mint_keep(tok_by(F.ec, h, NULL));
	refused_kid(tok);
}

/* Payload text tc->name (KIDTAG-free), signed by our key. */
static void
run_payload_refused(void **state)
{
	const struct tcase *tc = *state;
	char *tok;

	tok = mint_keep(tok_by(F.ec, NULL, tc->name));
	refused(tok);
}

/* A good token, then tc->name put before it and tc->v1 after it. */
static void
run_wrapped_refused(void **state)
{
	const struct tcase *tc = *state;
	char *good, *tok;

	good = mint_keep(tok_good());
	tok = mint_keep(mint_printf("%s%s%s", tc->name, good, tc->v1));
	refused(tok);
}

/* Every test frees what it kept, pass or fail. */
#define TEST(f) cmocka_unit_test_teardown(f, mint_drain)
#define T(name, fn, a, b, c) \
	{ "test_" #name, fn, NULL, mint_drain, &(struct tcase){ a, b, c } }
#define CLAIM_BAD(name, claim, v1) \
	T(attack_##name, run_claim_refused, claim, v1, NULL)
#define CLAIM_DUP(name, claim, v1, v2) \
	T(attack_##name, run_claim_refused, claim, v1, v2)
#define CLAIM_OK(name, claim, v1) \
	T(control_##name, run_claim_accepted, claim, v1, NULL)
#define HEADER_BAD(name, text) \
	T(attack_##name, run_header_refused, text, NULL, NULL)
#define KID_BAD(name, raw) \
	T(attack_##name, run_kid_refused, raw, NULL, NULL)
#define PAYLOAD_BAD(name, text) \
	T(attack_##name, run_payload_refused, text, NULL, NULL)
#define WRAP_BAD(name, pre, post) \
	T(attack_##name, run_wrapped_refused, pre, post, NULL)

/* ----------------------------------------------------- positive controls */

static void
test_control_es256_accepted(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_good());
	accepted(tok);
	accepted_in(tok, strlen(tok), F.set_ec, F.cfg, IDENT);
	accepted_in(tok, strlen(tok), F.set_all, F.cfg_both, IDENT);
}

static void
test_control_rs256_accepted_when_allowed(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_by(F.rsa, NULL, NULL));
	accepted_in(tok, strlen(tok), F.set_all, F.cfg_both, IDENT);
}

/* DESIGN.md: a realistic Cotter token is 650-900 characters. */
static void
test_control_realistic_size(void **state)
{
	char *tok;
	size_t n;

	(void)state;
	tok = mint_keep(tok_good());
	n = strlen(tok);
	if (n < 650 || n > 900)
		fail_msg("default token is %zu characters, not 650-900", n);
	accepted(tok);
}

static void
test_control_default_config_accepts_access_token(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_good());
	accepted_in(tok, strlen(tok), F.set_all, F.cfg_default, IDENT);
}

static void
test_control_no_kid_one_key_set(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_by(F.ec, NOKID_HEADER, NULL));
	accepted_in(tok, strlen(tok), F.set_ec, F.cfg, IDENT);
}

static void
test_control_2020_token_without_identifier(void **state)
{
	char *c, *tok;

	(void)state;
	c = mint_keep(mint_cotter_claims(NOW, AUD, NULL));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	accepted_in(tok, strlen(tok), F.set_all, F.cfg, NULL);
}

/* ------------------------------------------- alg "none" (RFC 8725 3.1) */

/*
 * tc->name is the alg; tc->v1 non-NULL adds a valid ES256 signature by our
 * key, so a verifier that ignores the header alg and goes by the key type
 * would accept.
 */
static void
run_alg_none(void **state)
{
	const struct tcase *tc = *state;
	char *h, *h0, *c, *h64, *h064, *p64, *tok, *tok0;

	h = mint_keep(mint_printf(
	    "{\"alg\":\"%s\",\"kid\":\"%s\",\"typ\":\"JWT\"}", tc->name,
	    F.ec->kid));
	h0 = mint_keep(mint_printf("{\"alg\":\"%s\"}", tc->name));
	c = mint_keep(default_claims());
	h64 = mint_keep(mint_b64url(h, strlen(h)));
	h064 = mint_keep(mint_b64url(h0, strlen(h0)));
	p64 = mint_keep(mint_b64url(c, strlen(c)));
	if (tc->v1 != NULL) {
		tok = mint_keep(mint_token_segments(F.ec, h64, p64));
		tok0 = mint_keep(mint_token_segments(F.ec, h064, p64));
	} else {
		tok = mint_keep(mint_printf("%s.%s.", h64, p64));
		tok0 = mint_keep(mint_printf("%s.%s.", h064, p64));
	}
	refused_in(tok, F.set_all, F.cfg_both);
	refused_in(tok0, F.set_ec, F.cfg_both);	/* no kid, one key */
}

/* ------------------ HMAC keyed with our public key (RFC 8725 2.1) */

/* tc->name: HMAC digest; tc->v1: "jwk", "pem", "raw", "jwks"; tc->v2: alg. */
static void
run_hmac_confusion(void **state)
{
	const struct tcase *tc = *state;
	const struct mint_key *k = F.ec;
	const struct mint_key *one[1];
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	char *mat = NULL, *h, *c, *tok;

	if (strncmp(tc->v1, "rsa-", 4) == 0)
		k = F.rsa;
	one[0] = k;
	if (strstr(tc->v1, "jwks") != NULL)
		mat = mint_keep(mint_jwks_json(one, 1));
	else if (strstr(tc->v1, "jwk") != NULL)
		mat = mint_keep(mint_jwk_json(k));
	else if (strstr(tc->v1, "pem") != NULL)
		mat = mint_keep(mint_pub_pem(k));
	else
		raw = mint_keep(mint_pub_raw(k, &rawlen));
	h = mint_keep(mint_printf(
	    "{\"alg\":\"%s\",\"kid\":\"%s\",\"typ\":\"JWT\"}", tc->v2,
	    k->kid));
	c = mint_keep(default_claims());
	if (mat != NULL)
		tok = mint_keep(mint_token_hmac(tc->name, mat, strlen(mat),
		    h, c));
	else
		tok = mint_keep(mint_token_hmac(tc->name, raw, rawlen, h, c));
	refused_in(tok, F.set_all, F.cfg_both);
}

/* HS256 is not a configurable algorithm at all (invariant 1). */
static void
test_attack_config_algorithms_refuses_hmac_and_none(void **state)
{
	static const char *bad[] = { "HS256", "HS384", "HS512", "none",
	    "None", "ES256 none", "ES256 HS256", "es256", "Ed25519", "ES256K",
	    "Ed448", "eddsa", "ps256", "" };
	struct ct_config *cfg;
	struct ct_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if ((cfg = ct_config_new()) == NULL)
			fail_msg("ct_config_new");
		ct_err_clear(&e);
		if (ct_config_set(cfg, "algorithms", bad[i], &e) == CT_OK) {
			ct_config_free(cfg);
			fail_msg("algorithms=\"%s\" was accepted", bad[i]);
		}
		ct_config_free(cfg);
	}
}

/* ------------------------------------------------------- algorithm swaps */

/* Header {"alg":alg,"kid":kid} signed by `signer`. */
static char *
tok_swap(const struct mint_key *signer, const char *alg, const char *kid)
{
	char *h, *tok;

	h = mint_printf("{\"alg\":\"%s\",\"kid\":\"%s\",\"typ\":\"JWT\"}",
	    alg, kid);
	tok = tok_by(signer, h, NULL);
	free(h);
	return tok;
}

static void
test_attack_rs256_token_when_only_es256_allowed(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_swap(F.rsa, "RS256", F.rsa->kid));
	refused_in(tok, F.set_all, F.cfg);
	accepted_in(tok, strlen(tok), F.set_all, F.cfg_both, IDENT);
}

static void
test_attack_rs256_alg_with_ec_key(void **state)
{
	char *tok;

	(void)state;
	/* An EC R||S signature, then an RSA one. */
	tok = mint_keep(tok_swap(F.ec, "RS256", F.ec->kid));
	refused_in(tok, F.set_all, F.cfg_both);
	tok = mint_keep(tok_swap(F.rsa, "RS256", F.ec->kid));
	refused_in(tok, F.set_all, F.cfg_both);
}

static void
test_attack_es256_alg_with_rsa_kid(void **state)
{
	char *tok;

	(void)state;
	/* An RSA signature, then an EC R||S one. */
	tok = mint_keep(tok_swap(F.rsa, "ES256", F.rsa->kid));
	refused_in(tok, F.set_all, F.cfg_both);
	tok = mint_keep(tok_swap(F.ec, "ES256", F.rsa->kid));
	refused_in(tok, F.set_all, F.cfg_both);
}

/* A verifier that "tries every key" would accept this. */
static void
test_attack_kid_of_our_other_key(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_swap(F.ec, "ES256", F.ec2->kid));
	refused(tok);
}


/* ------------------------------------------ every algorithm (issue 22) */

/* Octets of R (and S) of an ES alg, 0 for the others. */
static size_t
es_half(enum ct_alg a)
{
	return a == CT_ALG_ES256 ? 32 : a == CT_ALG_ES384 ? 48 :
	    a == CT_ALG_ES512 ? 66 : 0;
}

/*
 * A token with header alg `alg` and the kid of k, signed with k's private
 * key as genuinely as k's type allows: an RSA key signs any RS or PS alg
 * for real, an EC key any ES alg whose R and S are at least as wide as
 * its own (a P-256 signature over SHA-384, zero-padded to 96 octets);
 * otherwise k signs with its own alg and only the header lies.
 */
static char *
tok_alg(const struct mint_key *k, enum ct_alg alg, const char *claims)
{
	struct mint_key as = *k;
	char *h, *tok;

	if (((k->alg & CT_ALG_RSA_ALL) != 0 &&
	    ((unsigned)alg & CT_ALG_RSA_ALL) != 0) ||
	    (es_half(k->alg) != 0 && es_half(alg) >= es_half(k->alg)))
		as.alg = alg;
	h = mint_printf("{\"alg\":\"%s\",\"kid\":\"%s\",\"typ\":\"JWT\"}",
	    ct_alg_name(alg), k->kid);
	tok = mint_token(&as, h, claims == NULL ? NULL : claims);
	free(h);
	return tok;
}

/* Claims the every-alg cases sign (the default ones). */
static char *
every_claims(void)
{
	return mint_keep(default_claims());
}

/* The positive controls: each key verifies its own algorithm. */
static void
test_control_every_alg_accepted(void **state)
{
	char *c = every_claims(), *tok;
	size_t i;

	(void)state;
	for (i = 0; i < NEVERY; i++) {
		tok = mint_keep(tok_alg(F.every[i], every_alg[i], c));
		accepted_in(tok, strlen(tok), F.set_every, F.cfg_every, IDENT);
	}
}

/* RFC 7518 6.3: an RSA key without "alg" fits every RS and PS alg. */
static void
test_control_rsa_key_without_alg_fits_rs_and_ps(void **state)
{
	char *c = every_claims(), *tok;
	size_t i;

	(void)state;
	for (i = 0; i < NEVERY; i++) {
		tok = mint_keep(tok_alg(F.rsa_any, every_alg[i], c));
		if (((unsigned)every_alg[i] & CT_ALG_RSA_ALL) != 0)
			accepted_in(tok, strlen(tok), F.set_every,
			    F.cfg_every, IDENT);
		else	/* an RSA key never verifies ES or EdDSA */
			refused_in(tok, F.set_every, F.cfg_every);
	}
}

/*
 * Every confusion between the ten algorithms: the token names alg j and
 * the kid of the key of alg i (i != j), signed by that key as well as its
 * type allows.  The key's type, curve and JWK "alg" pin its algorithm
 * (RFC 8725 3.1), so all 90 are refused with every algorithm configured.
 */
static void
test_attack_alg_confusion_every_pair(void **state)
{
	char *c = every_claims(), *tok;
	size_t i, j, n = 0;

	(void)state;
	for (i = 0; i < NEVERY; i++)
		for (j = 0; j < NEVERY; j++) {
			if (i == j)
				continue;
			tok = mint_keep(tok_alg(F.every[i], every_alg[j], c));
			refused_in(tok, F.set_every, F.cfg_every);
			n++;
		}
	assert_int_equal(n, NEVERY * (NEVERY - 1));
}

/*
 * The configuration pins too: with algorithms = ES256 only, a good token
 * of each other algorithm is refused (its positive control above).
 */
static void
test_attack_every_alg_not_configured(void **state)
{
	char *c = every_claims(), *tok;
	size_t i;

	(void)state;
	for (i = 0; i < NEVERY; i++) {
		tok = mint_keep(tok_alg(F.every[i], every_alg[i], c));
		if (every_alg[i] == CT_ALG_ES256)
			accepted_in(tok, strlen(tok), F.set_every, F.cfg,
			    IDENT);
		else
			refused_in(tok, F.set_every, F.cfg);
	}
}

/*
 * Signatures of the wrong length for their alg: one octet short, one
 * octet (zero) long; each is refused, the whole one accepted.
 */
static void
test_attack_every_alg_signature_length(void **state)
{
	struct parts p;
	unsigned char *longer;
	size_t i;
	char *c = every_claims(), *tok;

	(void)state;
	for (i = 0; i < NEVERY; i++) {
		parts_make(&p, F.every[i], c);
		tok = mint_keep(parts_token(&p, p.sig, p.siglen - 1));
		refused_in(tok, F.set_every, F.cfg_every);
		longer = mint_keep(calloc(1, p.siglen + 1));
		assert_non_null(longer);
		memcpy(longer, p.sig, p.siglen);
		tok = mint_keep(parts_token(&p, longer, p.siglen + 1));
		refused_in(tok, F.set_every, F.cfg_every);
		tok = mint_keep(parts_token(&p, p.sig, p.siglen));
		accepted_in(tok, strlen(tok), F.set_every, F.cfg_every, IDENT);
	}
}

/* ----------------------------------------- explicit typing (issue 22) */

/* RFC 8725 3.11, RFC 9068 2.1: require_typ = at+jwt. */
static void
test_attack_typ_not_required_type(void **state)
{
	static const char *bad[] = { "\"JWT\"", "\"jwt\"",
	    "\"application/jwt\"", "\"at+jwt \"", "\"at+jwtx\"",
	    "\"at+jw\"", "\"\"", "\"application/\"",
	    "\"text/at+jwt\"", "\"application/application/at+jwt\"" };
	static const char *good[] = { "\"at+jwt\"", "\"AT+JWT\"",
	    "\"application/at+jwt\"", "\"Application/At+Jwt\"" };
	char *h, *tok;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		h = mint_keep(mint_printf(HDR_OURS ",\"typ\":%s}", bad[i]));
		tok = mint_keep(tok_by(F.ec, h, NULL));
		refused_in(tok, F.set_all, F.cfg_typ);
		/* The same token passes where typ is not required. */
		accepted_in(tok, strlen(tok), F.set_all, F.cfg, IDENT);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		h = mint_keep(mint_printf(HDR_OURS ",\"typ\":%s}", good[i]));
		tok = mint_keep(tok_by(F.ec, h, NULL));
		accepted_in(tok, strlen(tok), F.set_all, F.cfg_typ, IDENT);
	}
	/* No typ at all. */
	h = mint_keep(mint_printf(HDR_OURS "}"));
	tok = mint_keep(tok_by(F.ec, h, NULL));
	refused_in(tok, F.set_all, F.cfg_typ);
	accepted_in(tok, strlen(tok), F.set_all, F.cfg, IDENT);
}

/* ------------------------------------------ audiences (issue 22) */

/*
 * A per-host audience (RFC 8707 resource indicator): a token minted for
 * host B is refused on host A, whose audience lists A and the app id.
 */
static void
test_attack_audience_of_another_host(void **state)
{
	char *c, *tok;

	(void)state;
	c = mint_keep(mint_cotter_claims(NOW, HOST_B, IDENT));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused_in(tok, F.set_all, F.cfg_hosts);
	c = mint_keep(mint_cotter_claims(NOW, HOST_A, IDENT));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	accepted_in(tok, strlen(tok), F.set_all, F.cfg_hosts, IDENT);
	refused_in(tok, F.set_all, F.cfg);
	/* The second value of the list is as good as the first. */
	tok = mint_keep(tok_good());
	accepted_in(tok, strlen(tok), F.set_all, F.cfg_hosts, IDENT);
	/* A value that is the two joined, or a prefix, is neither. */
	c = mint_keep(mint_cotter_claims(NOW, HOST_A " " AUD, IDENT));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused_in(tok, F.set_all, F.cfg_hosts);
	c = mint_keep(mint_cotter_claims(NOW, "https://host-a.example.org",
	    IDENT));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused_in(tok, F.set_all, F.cfg_hosts);
}

/* ------------------------------------------------------------ kid abuse */

static void
test_attack_kid_missing_two_key_set(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_by(F.ec, NOKID_HEADER, NULL));
	refused_kid(tok);
	accepted_in(tok, strlen(tok), F.set_ec, F.cfg, IDENT);
}

static void
test_attack_kid_10k(void **state)
{
	char *kid, *tok;

	(void)state;
	kid = mint_keep(mint_repeat('A', 10240));
	tok = mint_keep(tok_swap(F.ec, "ES256", kid));
	refused_kid(tok);
}

/* Our kid followed by 10 kB: a strncmp(kid, ours, strlen(ours)) bug. */
static void
test_attack_kid_ours_plus_10k(void **state)
{
	char *pad, *kid, *tok;

	(void)state;
	pad = mint_keep(mint_repeat('A', 10240));
	kid = mint_keep(mint_printf("%s%s", F.ec->kid, pad));
	tok = mint_keep(tok_swap(F.ec, "ES256", kid));
	refused_kid(tok);
}

static void
test_attack_kid_ours_truncated(void **state)
{
	char *kid, *tok;

	(void)state;
	kid = mint_keep(mint_printf("%.*s", (int)strlen(F.ec->kid) - 1,
	    F.ec->kid));
	tok = mint_keep(tok_swap(F.ec, "ES256", kid));
	refused_kid(tok);
}

/* RFC 7515 4.1.4: a kid is a case-sensitive string. */
static void
test_attack_kid_ours_case_changed(void **state)
{
	char *kid, *p, *tok;

	(void)state;
	kid = mint_keep(mint_printf("%s", F.ec->kid));
	for (p = kid; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	tok = mint_keep(tok_swap(F.ec, "ES256", kid));
	refused_kid(tok);
}

/* ------------------------------------------- ES256 signature (RFC 7518 3.4) */

enum sig_edit {
	SIG_DER, SIG_R0, SIG_S0, SIG_RS0, SIG_RN, SIG_SN, SIG_RSN, SIG_FF,
	SIG_63, SIG_65, SIG_65_LEAD, SIG_0, SIG_128
};

/* Our good token with its R||S signature edited. */
static void
sig_edit_refused(enum sig_edit how)
{
	struct parts p;
	unsigned char buf[2 * ESSIG], *der = NULL;
	size_t n = ESSIG, derlen;
	char *input, *tok;

	parts_make(&p, F.ec, NULL);
	memcpy(buf, p.sig, ESSIG);
	switch (how) {
	case SIG_DER:
		input = mint_keep(mint_printf("%s.%s", p.h64, p.p64));
		der = mint_keep(mint_sign_der(F.ec, input, strlen(input),
		    &derlen));
		break;
	case SIG_R0:
		memset(buf, 0, 32);
		break;
	case SIG_S0:
		memset(buf + 32, 0, 32);
		break;
	case SIG_RS0:
		memset(buf, 0, ESSIG);
		break;
	case SIG_RN:
		memcpy(buf, p256_n, 32);
		break;
	case SIG_SN:
		memcpy(buf + 32, p256_n, 32);
		break;
	case SIG_RSN:
		memcpy(buf, p256_n, 32);
		memcpy(buf + 32, p256_n, 32);
		break;
	case SIG_FF:
		memset(buf, 0xff, ESSIG);
		break;
	case SIG_63:
		n = 63;
		break;
	case SIG_65:
		buf[ESSIG] = 0;
		n = 65;
		break;
	case SIG_65_LEAD:
		buf[0] = 0;
		memcpy(buf + 1, p.sig, ESSIG);
		n = 65;
		break;
	case SIG_0:
		n = 0;
		break;
	case SIG_128:	/* R and S each left-padded to 64 bytes */
		memset(buf, 0, sizeof(buf));
		memcpy(buf + 32, p.sig, 32);
		memcpy(buf + 96, p.sig + 32, 32);
		n = 128;
		break;
	}
	tok = mint_keep(der != NULL ? parts_token(&p, der, derlen) :
	    parts_token(&p, buf, n));
	refused(tok);
}

static void
test_attack_sig_der_ecdsa(void **state)
{
	(void)state;
	sig_edit_refused(SIG_DER);
}

static void
test_attack_sig_r_zero(void **state)
{
	(void)state;
	sig_edit_refused(SIG_R0);
}

static void
test_attack_sig_s_zero(void **state)
{
	(void)state;
	sig_edit_refused(SIG_S0);
}

/* CVE-2022-21449 ("psychic signatures"). */
static void
test_attack_sig_r_s_zero(void **state)
{
	(void)state;
	sig_edit_refused(SIG_RS0);
}

static void
test_attack_sig_r_equals_n(void **state)
{
	(void)state;
	sig_edit_refused(SIG_RN);
}

static void
test_attack_sig_s_equals_n(void **state)
{
	(void)state;
	sig_edit_refused(SIG_SN);
}

static void
test_attack_sig_r_s_equal_n(void **state)
{
	(void)state;
	sig_edit_refused(SIG_RSN);
}

/* out = n - s (32 bytes each, big-endian); returns 1 when s > n / 2. */
static int
s_twin(const unsigned char s[32], unsigned char out[32])
{
	BIGNUM *n = BN_bin2bn(p256_n, 32, NULL), *v = BN_bin2bn(s, 32, NULL);
	BIGNUM *half = BN_new(), *t = BN_new();
	int high;

	assert_true(n != NULL && v != NULL && half != NULL && t != NULL);
	assert_int_equal(BN_rshift1(half, n), 1);
	high = BN_cmp(v, half) > 0;
	assert_int_equal(BN_sub(t, n, v), 1);
	assert_int_equal(BN_bn2binpad(t, out, 32), 32);
	BN_free(n);
	BN_free(v);
	BN_free(half);
	BN_free(t);
	return high;
}

/*
 * SECURITY.md, "Signature malleability": (r, n - s) is as valid as (r, s)
 * (SEC 1 4.1.4; Wycheproof's ecdsa_secp256r1_sha256_p1363 vectors expect
 * both accepted).  The twin carries the same header and claims, and the
 * module keeps no state per signature (jti is not tracked), so it opens
 * exactly what its twin opens, nothing more.  Whichever of the two is the
 * high-S one, both verify alike.
 */
static void
test_high_s_twin_verifies_as_its_twin(void **state)
{
	struct ct_identity *a = NULL, *b = NULL;
	struct ct_err e;
	struct parts p;
	unsigned char twin[ESSIG];
	char *tok, *tok2;
	int i, seen[2] = { 0, 0 };

	(void)state;
	/* Until a high-S original and a low-S one were both seen. */
	for (i = 0; i < 64 && !(seen[0] && seen[1]); i++) {
		parts_make(&p, F.ec, NULL);
		memcpy(twin, p.sig, 32);
		seen[s_twin(p.sig + 32, twin + 32)] = 1;
		tok = mint_keep(parts_token(&p, p.sig, ESSIG));
		tok2 = mint_keep(parts_token(&p, twin, ESSIG));
		assert_string_not_equal(tok, tok2);
		ct_err_clear(&e);
		assert_int_equal(ct_token_verify(tok, strlen(tok), F.set_all,
		    F.cfg, NOW, &a, &e), CT_OK);
		ct_err_clear(&e);
		assert_int_equal(ct_token_verify(tok2, strlen(tok2), F.set_all,
		    F.cfg, NOW, &b, &e), CT_OK);
		assert_string_equal(a->iss, b->iss);
		assert_string_equal(a->sub, b->sub);
		assert_string_equal(a->identity, b->identity);
		ct_identity_free(a);
		ct_identity_free(b);
		a = b = NULL;
	}
	/* Each s is high with probability 1/2: 64 tries miss one 2^-63. */
	assert_true(seen[0] && seen[1]);
}

static void
test_attack_sig_all_ff(void **state)
{
	(void)state;
	sig_edit_refused(SIG_FF);
}

static void
test_attack_sig_63_bytes(void **state)
{
	(void)state;
	sig_edit_refused(SIG_63);
}

static void
test_attack_sig_65_bytes_trailing_zero(void **state)
{
	(void)state;
	sig_edit_refused(SIG_65);
}

static void
test_attack_sig_65_bytes_leading_zero(void **state)
{
	(void)state;
	sig_edit_refused(SIG_65_LEAD);
}

static void
test_attack_sig_0_bytes(void **state)
{
	(void)state;
	sig_edit_refused(SIG_0);
}

static void
test_attack_sig_128_bytes_padded_halves(void **state)
{
	(void)state;
	sig_edit_refused(SIG_128);
}

/* ----------------------------------------------- RS256 signature edits */

enum rsig_edit { RSIG_LEAD0, RSIG_TRUNC, RSIG_ZERO, RSIG_ONE, RSIG_N };

static void
rsig_edit_refused(enum rsig_edit how)
{
	struct parts p;
	unsigned char *buf, *nraw;
	size_t n, nlen;
	char *tok;

	parts_make(&p, F.rsa, NULL);
	n = p.siglen;
	buf = mint_keep(calloc(1, n + 1));
	assert_non_null(buf);
	memcpy(buf, p.sig, n);
	switch (how) {
	case RSIG_LEAD0:
		buf[0] = 0;
		memcpy(buf + 1, p.sig, n);
		n++;
		break;
	case RSIG_TRUNC:
		n--;
		break;
	case RSIG_ZERO:
		memset(buf, 0, n);
		break;
	case RSIG_ONE:
		memset(buf, 0, n);
		buf[n - 1] = 1;
		break;
	case RSIG_N:
		nraw = mint_keep(mint_pub_raw(F.rsa, &nlen));
		assert_int_equal(nlen, n);
		memcpy(buf, nraw, n);
		break;
	}
	tok = mint_keep(parts_token(&p, buf, n));
	refused_in(tok, F.set_all, F.cfg_both);
}

static void
test_attack_rs256_sig_leading_zero_byte(void **state)
{
	(void)state;
	rsig_edit_refused(RSIG_LEAD0);
}

static void
test_attack_rs256_sig_truncated(void **state)
{
	(void)state;
	rsig_edit_refused(RSIG_TRUNC);
}

static void
test_attack_rs256_sig_zero(void **state)
{
	(void)state;
	rsig_edit_refused(RSIG_ZERO);
}

static void
test_attack_rs256_sig_one(void **state)
{
	(void)state;
	rsig_edit_refused(RSIG_ONE);
}

static void
test_attack_rs256_sig_equals_modulus(void **state)
{
	(void)state;
	rsig_edit_refused(RSIG_N);
}

/* ------------------------------------------- signature / content mixing */

/* Bob's valid signature on Alice's header and payload. */
static void
test_attack_signature_transplant(void **state)
{
	struct parts a, b;
	char *cb, *tok;

	(void)state;
	cb = mint_keep(mint_cotter_claims(NOW, AUD, "bob@example.com"));
	parts_make(&a, F.ec, NULL);
	parts_make(&b, F.ec, cb);
	tok = mint_keep(parts_token(&a, b.sig, b.siglen));
	refused(tok);
}

static void
test_attack_payload_modified_identifier(void **state)
{
	struct parts p;
	char *c, *p64, *tok;

	(void)state;
	parts_make(&p, F.ec, NULL);
	c = mint_keep(mint_cotter_claims(NOW, AUD, "root@example.com"));
	p64 = mint_keep(mint_b64url(c, strlen(c)));
	tok = mint_keep(mint_printf("%s.%s.%s", p.h64, p64, p.s64));
	refused(tok);
}

static void
test_attack_payload_modified_exp(void **state)
{
	struct parts p;
	json_t *c;
	char *ct, *p64, *tok;

	(void)state;
	parts_make(&p, F.ec, NULL);
	c = mint_keep_with(mint_cotter_claims_obj(NOW, AUD, IDENT),
	    mint_free_json);
	assert_int_equal(json_object_set_new(c, "exp",
	    json_integer((json_int_t)NOW + 86400 * 365)), 0);
	ct = mint_keep(mint_json_dump(c));
	p64 = mint_keep(mint_b64url(ct, strlen(ct)));
	tok = mint_keep(mint_printf("%s.%s.%s", p.h64, p64, p.s64));
	refused(tok);
}

static void
test_attack_header_modified(void **state)
{
	struct parts p;
	char *h, *h64, *tok;

	(void)state;
	parts_make(&p, F.ec, NULL);
	h = mint_keep(mint_printf("{\"alg\":\"ES256\",\"kid\":\"%s\"}",
	    F.ec->kid));
	h64 = mint_keep(mint_b64url(h, strlen(h)));
	tok = mint_keep(mint_printf("%s.%s.%s", h64, p.p64, p.s64));
	refused(tok);
}

/* The signature of our header and payload, signed by the attacker's key
 * that carries our kid (key substitution). */
static void
test_attack_key_substitution_same_kid(void **state)
{
	char *tok;

	(void)state;
	assert_string_equal(F.evil_ec->kid, F.ec->kid);
	tok = mint_keep(tok_by(F.evil_ec, NULL, NULL));
	refused(tok);
	refused_in(tok, F.set_ec, F.cfg);
}

/* The reason ct_token_verify gives for tok (CT_EAUTH expected). */
static void
reason_of(const char *tok, char *why, size_t whysize)
{
	struct ct_identity *id = NULL;
	struct ct_err e;

	ct_err_clear(&e);
	assert_int_equal(ct_token_verify(tok, strlen(tok), F.set_ec, F.cfg,
	    NOW, &id, &e), CT_EAUTH);
	assert_null(id);
	snprintf(why, whysize, "%s", e.msg);
}

/*
 * Issue 19 (DESIGN.md step 5): the claims are parsed only once the
 * signature verifies.  Payloads that the claims reader refuses, each
 * under a forged signature (the attacker's key, our kid): refused at
 * the signature, so the claims reader never ran; the same payloads
 * signed by our key (control) reach it and are refused there.
 */
static void
test_attack_bad_signature_claims_never_parsed(void **state)
{
	const char *hostile[] = { "not json at all", "[1,2,3]",
	    "{\"sub\":\"a\",\"sub\":\"b\"}", NULL, NULL };
	char why[CT_ERR_MSG_MAX], *deep, *h, *h64, *tok;
	size_t i;

	(void)state;
	deep = mint_keep(mint_repeat('[', 10000));
	hostile[3] = deep;
	for (i = 0; hostile[i] != NULL; i++) {
		tok = mint_keep(tok_by(F.evil_ec, NULL, hostile[i]));
		reason_of(tok, why, sizeof(why));
		assert_non_null(strstr(why, "signature"));
		assert_null(strstr(why, "claims"));
		tok = mint_keep(tok_by(F.ec, NULL, hostile[i]));
		reason_of(tok, why, sizeof(why));
		assert_non_null(strstr(why, "claims"));
	}
	/* A payload segment that is not strict base64url ("e30" is {}). */
	h = mint_keep(mint_header(F.ec));
	h64 = mint_keep(mint_b64url(h, strlen(h)));
	tok = mint_keep(mint_token_segments(F.evil_ec, h64, "e31"));
	reason_of(tok, why, sizeof(why));
	assert_non_null(strstr(why, "signature"));
	tok = mint_keep(mint_token_segments(F.ec, h64, "e31"));
	reason_of(tok, why, sizeof(why));
	assert_non_null(strstr(why, "claims"));
}

static void
test_attack_key_substitution_same_kid_rsa(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_by(F.evil_rsa, NULL, NULL));
	refused_in(tok, F.set_all, F.cfg_both);
}

static void
test_attack_key_substitution_no_kid(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_by(F.evil_ec, NOKID_HEADER, NULL));
	refused_in(tok, F.set_ec, F.cfg);
}

/* ------------------------------- base64url strictness (RFC 7515 section 2) */

static const char b64url_alphabet[] = B64URL_ALPHABET;

/* JSON object text with spaces after '{' so its length is not 0 mod 3:
 * its base64url encoding then has a partial last group. */
static char *
unaligned(const char *json)
{
	char *s, *t;

	s = mint_printf("%s", json);
	while (strlen(s) % 3 == 0) {
		t = mint_printf("{ %s", s + 1);
		free(s);
		s = t;
	}
	return s;
}

static char *
b64_unaligned(const char *json)
{
	char *u, *s;

	u = unaligned(json);
	s = mint_b64url(u, strlen(u));
	free(u);
	return s;
}

/* The header and claims of a good token, each with a partial last group. */
static void
unaligned_segments(char **h64, char **p64)
{
	char *h, *c;

	h = mint_keep(mint_header(F.ec));
	c = mint_keep(default_claims());
	*h64 = mint_keep(b64_unaligned(h));
	*p64 = mint_keep(b64_unaligned(c));
	assert_true(strlen(*h64) % 4 != 0 && strlen(*p64) % 4 != 0);
}

static void
test_control_unaligned_segments(void **state)
{
	char *h64, *p64, *tok;

	(void)state;
	unaligned_segments(&h64, &p64);
	tok = mint_keep(mint_token_segments(F.ec, h64, p64));
	accepted(tok);
}

static char *
with_padding(const char *seg)
{
	size_t r = strlen(seg) % 4;

	return mint_printf("%s%s", seg, r == 2 ? "==" : r == 3 ? "=" : "");
}

/* which: 0 header, 1 payload, 2 signature; signed over the literal text. */
static void
padding_refused(int which)
{
	char *h64, *p64, *tok;

	unaligned_segments(&h64, &p64);
	if (which == 0) {
		h64 = mint_keep(with_padding(h64));
	} else if (which == 1) {
		p64 = mint_keep(with_padding(p64));
	}
	tok = mint_keep(mint_token_segments(F.ec, h64, p64));
	if (which == 2) {
		/* 64 bytes: 86 characters, "==" in padded base64 */
		assert_int_equal(strlen(strrchr(tok, '.') + 1), 86);
		tok = mint_keep(mint_printf("%s==", tok));
	}
	refused(tok);
}

static void
test_attack_padding_on_header(void **state)
{
	(void)state;
	padding_refused(0);
}

static void
test_attack_padding_on_payload(void **state)
{
	(void)state;
	padding_refused(1);
}

static void
test_attack_padding_on_signature(void **state)
{
	(void)state;
	padding_refused(2);
}

static void
test_attack_padding_on_aligned_segment(void **state)
{
	char *good, *tok;

	(void)state;
	good = mint_keep(tok_good());
	tok = mint_keep(mint_replace(good, ".", "====."));
	refused(tok);
}

/* Claims whose base64url text holds both '-' and '_'. */
static char *
claims_with_dash_underscore(void)
{
	char *pad, *v, *c, *p64;
	size_t i;

	for (i = 0; i < 6; i++) {
		pad = mint_repeat('a', i);
		v = mint_printf("\"%s~~~???\"", pad);
		c = claims_with("note", v, NULL);
		p64 = mint_b64url(c, strlen(c));
		free(v);
		free(pad);
		if (strchr(p64, '-') != NULL && strchr(p64, '_') != NULL) {
			free(p64);
			return c;
		}
		free(p64);
		free(c);
	}
	fail_msg("no claims text encodes to both '-' and '_'");
	return NULL;
}

static void
std_alphabet(char *s, char from, char to)
{
	for (; *s != '\0'; s++)
		if (*s == from)
			*s = to;
}

static void
std_alphabet_payload_refused(char from, char to)
{
	char *c, *h, *h64, *p64, *tok;

	c = mint_keep(claims_with_dash_underscore());
	h = mint_keep(mint_header(F.ec));
	h64 = mint_keep(mint_b64url(h, strlen(h)));
	p64 = mint_keep(mint_b64url(c, strlen(c)));
	tok = mint_keep(mint_token_segments(F.ec, h64, p64));
	accepted(tok);		/* control: the url-safe form is good */
	std_alphabet(p64, from, to);
	tok = mint_keep(mint_token_segments(F.ec, h64, p64));
	refused(tok);
}

static void
test_attack_b64_plus_in_payload(void **state)
{
	(void)state;
	std_alphabet_payload_refused('-', '+');
}

static void
test_attack_b64_slash_in_payload(void **state)
{
	(void)state;
	std_alphabet_payload_refused('_', '/');
}

/* A good token whose signature segment holds c (ECDSA is randomized). */
static void
std_alphabet_sig_refused(char from, char to)
{
	struct parts p;
	char *tok;
	int i;

	for (i = 0; i < 500; i++) {
		parts_make(&p, F.ec, NULL);
		if (strchr(p.s64, from) != NULL)
			break;
	}
	assert_true(i < 500);
	std_alphabet(p.s64, from, to);
	tok = mint_keep(mint_printf("%s.%s.%s", p.h64, p.p64, p.s64));
	refused(tok);
}

static void
test_attack_b64_plus_in_signature(void **state)
{
	(void)state;
	std_alphabet_sig_refused('-', '+');
}

static void
test_attack_b64_slash_in_signature(void **state)
{
	(void)state;
	std_alphabet_sig_refused('_', '/');
}

/* Sets an unused trailing bit of the last character (RFC 4648 3.5). */
static void
noncanonical(char *seg)
{
	size_t n = strlen(seg);
	const char *p;

	assert_true(n % 4 == 2 || n % 4 == 3);
	p = strchr(b64url_alphabet, seg[n - 1]);
	assert_non_null(p);
	assert_true(((p - b64url_alphabet) & 1) == 0);
	seg[n - 1] = b64url_alphabet[(p - b64url_alphabet) | 1];
}

static void
noncanonical_refused(int which)
{
	char *h64, *p64, *tok;

	unaligned_segments(&h64, &p64);
	if (which == 0)
		noncanonical(h64);
	else if (which == 1)
		noncanonical(p64);
	tok = mint_keep(mint_token_segments(F.ec, h64, p64));
	if (which == 2)
		noncanonical(tok + strlen(tok) - 86);
	refused(tok);
}

static void
test_attack_b64_noncanonical_header(void **state)
{
	(void)state;
	noncanonical_refused(0);
}

static void
test_attack_b64_noncanonical_payload(void **state)
{
	(void)state;
	noncanonical_refused(1);
}

static void
test_attack_b64_noncanonical_signature(void **state)
{
	(void)state;
	noncanonical_refused(2);
}

/* A newline inside the payload segment, signed over the literal text. */
static void
test_attack_newline_inside_payload_segment(void **state)
{
	struct parts p;
	char *p64, *tok;

	(void)state;
	parts_make(&p, F.ec, NULL);
	p64 = mint_keep(mint_printf("%.40s\n%s", p.p64, p.p64 + 40));
	tok = mint_keep(mint_token_segments(F.ec, p.h64, p64));
	refused(tok);
}

static void
test_attack_space_inside_signature_segment(void **state)
{
	struct parts p;
	char *tok;

	(void)state;
	parts_make(&p, F.ec, NULL);
	tok = mint_keep(mint_printf("%s.%s.%.40s %s", p.h64, p.p64, p.s64,
	    p.s64 + 40));
	refused(tok);
}

static void
test_attack_space_after_dot(void **state)
{
	struct parts p;
	char *tok;

	(void)state;
	parts_make(&p, F.ec, NULL);
	tok = mint_keep(mint_printf("%s. %s. %s", p.h64, p.p64, p.s64));
	refused(tok);
}

/* ------------------------------------------------------------ segments */

enum shape {
	SH_ONE, SH_TWO, SH_TWO_HS, SH_FOUR, SH_FOUR_TRAIL, SH_FOUR_LEAD,
	SH_FOUR_DD, SH_FIVE, SH_EMPTY_SIG, SH_JSON_GENERAL, SH_JSON_FLAT
};

static char *
shape_token(enum shape sh, const struct parts *p)
{
	const char *h = p->h64, *c = p->p64, *s = p->s64;

	switch (sh) {
	case SH_ONE:
		return mint_printf("%s", h);
	case SH_TWO:
		return mint_printf("%s.%s", h, c);
	case SH_TWO_HS:
		return mint_printf("%s.%s", h, s);
	case SH_FOUR:
		return mint_printf("%s.%s.%s.AAAA", h, c, s);
	case SH_FOUR_TRAIL:
		return mint_printf("%s.%s.%s.", h, c, s);
	case SH_FOUR_LEAD:
		return mint_printf(".%s.%s.%s", h, c, s);
	case SH_FOUR_DD:
		return mint_printf("%s..%s.%s", h, c, s);
	case SH_FIVE:	/* JWE-shaped (RFC 7516 7.1) */
		return mint_printf("%s.%s.%s.AAAA.AAAA", h, c, s);
	case SH_EMPTY_SIG:
		return mint_printf("%s.%s.", h, c);
	case SH_JSON_GENERAL:	/* RFC 7515 7.2.1 */
		return mint_printf("{\"payload\":\"%s\",\"signatures\":"
		    "[{\"protected\":\"%s\",\"signature\":\"%s\"}]}",
		    c, h, s);
	case SH_JSON_FLAT:	/* RFC 7515 7.2.2 */
		return mint_printf("{\"payload\":\"%s\",\"protected\":"
		    "\"%s\",\"signature\":\"%s\"}", c, h, s);
	}
	fail_msg("unknown shape");
	return NULL;
}

/* The parts of a good token put together in the wrong shape. */
static void
segments_refused(enum shape sh)
{
	struct parts p;
	char *tok;

	parts_make(&p, F.ec, NULL);
	tok = mint_keep(shape_token(sh, &p));
	refused(tok);
}

static void
test_attack_one_segment(void **state)
{
	(void)state;
	segments_refused(SH_ONE);
}

static void
test_attack_two_segments(void **state)
{
	(void)state;
	segments_refused(SH_TWO);
}

static void
test_attack_two_segments_header_signature(void **state)
{
	(void)state;
	segments_refused(SH_TWO_HS);
}

static void
test_attack_four_segments(void **state)
{
	(void)state;
	segments_refused(SH_FOUR);
}

static void
test_attack_four_segments_trailing_dot(void **state)
{
	(void)state;
	segments_refused(SH_FOUR_TRAIL);
}

static void
test_attack_four_segments_leading_dot(void **state)
{
	(void)state;
	segments_refused(SH_FOUR_LEAD);
}

static void
test_attack_four_segments_double_dot(void **state)
{
	(void)state;
	segments_refused(SH_FOUR_DD);
}

static void
test_attack_five_segments(void **state)
{
	(void)state;
	segments_refused(SH_FIVE);
}

static void
test_attack_empty_header_segment(void **state)
{
	struct parts p;
	char *tok;

	(void)state;
	parts_make(&p, F.ec, NULL);
	tok = mint_keep(mint_token_segments(F.ec, "", p.p64));
	refused(tok);
}

static void
test_attack_empty_payload_segment(void **state)
{
	struct parts p;
	char *tok;

	(void)state;
	parts_make(&p, F.ec, NULL);
	tok = mint_keep(mint_token_segments(F.ec, p.h64, ""));
	refused(tok);
}

static void
test_attack_empty_signature_segment(void **state)
{
	(void)state;
	segments_refused(SH_EMPTY_SIG);
}

static void
test_attack_only_dots(void **state)
{
	(void)state;
	refused("..");
	refused(".");
	refused("...");
	refused_as("", 0, F.set_all, F.cfg, CT_EAUTH);
}

/* RFC 7515 7.2: JWS JSON Serialization, general and flattened. */
static void
test_attack_jws_json_serialization(void **state)
{
	(void)state;
	segments_refused(SH_JSON_GENERAL);
	segments_refused(SH_JSON_FLAT);
}

/* ------------------------------------------------------------- size cap */

static size_t
b64len(size_t n)
{
	return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

/* A good token of exactly want characters (a "pad" claim fills it). */
static char *
tok_of_len(size_t want)
{
	char *hdr, *h, *base, *pad, *v, *c, *tok;
	size_t hs, k, total = 0;

	hdr = mint_header(F.ec);
	base = claims_with("pad", "\"\"", NULL);
	for (hs = 0; hs < 3; hs++) {
		h = mint_printf("{%.*s%s", (int)hs, "   ", hdr + 1);
		for (k = 0; total < want; k++)
			total = b64len(strlen(h)) + b64len(strlen(base) + k) +
			    2 + b64len(ESSIG);
		if (total == want) {
			pad = mint_repeat('x', k - 1);
			v = mint_printf("\"%s\"", pad);
			c = claims_with("pad", v, NULL);
			tok = mint_token(F.ec, h, c);
			free(c);
			free(v);
			free(pad);
			free(h);
			free(base);
			free(hdr);
			assert_int_equal(strlen(tok), want);
			return tok;
		}
		total = 0;
		free(h);
	}
	fail_msg("cannot make a token of %zu characters", want);
	return NULL;
}

static void
test_control_token_of_max_size(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_of_len(CT_TOKEN_MAX));
	accepted(tok);
}

static void
test_attack_token_max_size_plus_one(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_of_len(CT_TOKEN_MAX + 1));
	refused(tok);
}

static void
test_attack_token_1mb(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_of_len(1024 * 1024));
	refused(tok);
}

/* ------------------------------------------------------------- nesting */

static void
test_attack_deep_nesting_header(void **state)
{
	char *open, *close, *h, *tok;

	(void)state;
	open = mint_keep(mint_repeat('[', 10000));
	h = mint_keep(mint_printf("{\"alg\":\"ES256\",\"kid\":\"%s\",\"x\":%s",
	    F.ec->kid, open));
	tok = mint_keep(tok_by(F.ec, h, NULL));
	refused(tok);
	close = mint_keep(mint_repeat(']', 5000));
	h = mint_keep(mint_printf(
	    "{\"alg\":\"ES256\",\"kid\":\"%s\",\"x\":%s%s}", F.ec->kid,
	    open + 5000, close));
	tok = mint_keep(tok_by(F.ec, h, NULL));
	refused(tok);
}

static void
test_attack_deep_nesting_payload(void **state)
{
	char *open, *close, *v, *c, *tok;

	(void)state;
	open = mint_keep(mint_repeat('[', 10000));
	c = mint_keep(claims_with("x", open, NULL));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused(tok);
	close = mint_keep(mint_repeat(']', 5000));
	v = mint_keep(mint_printf("%s%s", open + 5000, close));
	c = mint_keep(claims_with("x", v, NULL));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused(tok);
}

/* Header that is nothing but 10000 '['. */
static void
test_attack_deep_nesting_bare_brackets(void **state)
{
	char *open, *tok;

	(void)state;
	open = mint_keep(mint_repeat('[', 10000));
	tok = mint_keep(tok_by(F.ec, open, NULL));
	refused(tok);
	tok = mint_keep(tok_by(F.ec, NULL, open));
	refused(tok);
}

/* json.h: deeper than CT_JSON_MAX_DEPTH (16) is refused. */
static void
test_attack_nesting_objects_depth_20(void **state)
{
	char *v, *t;
	int i;

	(void)state;
	v = mint_keep(mint_printf("1"));
	for (i = 0; i < 20; i++)
		v = mint_keep(mint_printf("{\"a\":%s}", v));
	t = mint_keep(claims_with("x", v, NULL));
	v = mint_keep(tok_by(F.ec, NULL, t));
	refused(v);
}

/* ----------------------------------------------------- NUL and raw bytes */

/* json (len bytes, may hold NUL) as the header (0) or payload (1). */
static void
raw_segment_refused(int which, const char *json, size_t len)
{
	char *h, *c, *h64, *p64, *tok;

	h = mint_keep(mint_header(F.ec));
	c = mint_keep(default_claims());
	h64 = mint_keep(mint_b64url(which == 0 ? json : h,
	    which == 0 ? len : strlen(h)));
	p64 = mint_keep(mint_b64url(which == 1 ? json : c,
	    which == 1 ? len : strlen(c)));
	tok = mint_keep(mint_token_segments(F.ec, h64, p64));
	refused(tok);
}

static void
test_attack_nul_byte_after_header_json(void **state)
{
	char *h, *t;
	size_t n;

	(void)state;
	h = mint_keep(mint_header(F.ec));
	t = mint_keep(mint_printf("%s#{}", h));
	n = strlen(t);
	t[strlen(h)] = '\0';
	raw_segment_refused(0, t, n);
}

/* A strlen()-based parser would see a valid object. */
static void
test_attack_nul_byte_after_payload_json(void **state)
{
	char *c, *t;
	size_t n;

	(void)state;
	c = mint_keep(default_claims());
	t = mint_keep(mint_printf("%s#{\"sub\":\"root\"}", c));
	n = strlen(t);
	t[strlen(c)] = '\0';
	raw_segment_refused(1, t, n);
}

static void
test_attack_nul_byte_in_claim_string(void **state)
{
	char *c, *t, *p;

	(void)state;
	c = mint_keep(default_claims());
	t = mint_keep(mint_printf("%s", c));
	p = strstr(t, "@example.com");
	assert_non_null(p);
	*p = '\0';
	raw_segment_refused(1, t, strlen(c));
}

/* The length argument covers a NUL byte after the token. */
static void
test_attack_nul_byte_after_token(void **state)
{
	char *good, *tok;
	size_t n;

	(void)state;
	good = mint_keep(tok_good());
	n = strlen(good);
	tok = mint_keep(mint_printf("%s#garbage", good));
	tok[n] = '\0';
	refused_as(tok, n + 1, F.set_all, F.cfg, CT_EAUTH);
	refused_as(tok, n + 8, F.set_all, F.cfg, CT_EAUTH);
}

/* The payload is a JSON string holding the claims (double encoding). */
static void
test_attack_payload_double_encoded(void **state)
{
	json_t *s;
	char *c, *t, *tok;

	(void)state;
	c = mint_keep(default_claims());
	s = mint_keep_with(json_string(c), mint_free_json);
	assert_non_null(s);
	t = mint_keep(mint_json_dump(s));
	tok = mint_keep(tok_by(F.ec, NULL, t));
	refused(tok);
}

static void
test_attack_payload_claims_in_array(void **state)
{
	char *c, *t, *tok;

	(void)state;
	c = mint_keep(default_claims());
	t = mint_keep(mint_printf("[%s]", c));
	tok = mint_keep(tok_by(F.ec, NULL, t));
	refused(tok);
}

static void
test_attack_payload_trailing_data(void **state)
{
	char *c, *t, *tok;

	(void)state;
	c = mint_keep(default_claims());
	t = mint_keep(mint_printf("%s{\"sub\":\"root\"}", c));
	tok = mint_keep(tok_by(F.ec, NULL, t));
	refused(tok);
	t = mint_keep(mint_printf("%sx", c));
	tok = mint_keep(tok_by(F.ec, NULL, t));
	refused(tok);
}

static void
test_attack_header_trailing_data(void **state)
{
	char *h, *t, *tok;

	(void)state;
	h = mint_keep(mint_header(F.ec));
	t = mint_keep(mint_printf("%s{\"alg\":\"none\"}", h));
	tok = mint_keep(tok_by(F.ec, t, NULL));
	refused(tok);
}

/* jansson decodes escapes in names: "\u0061ud" is a second "aud". */
static void
test_attack_duplicate_aud_escaped_name(void **state)
{
	char *c, *t, *tok;

	(void)state;
	c = mint_keep(default_claims());
	t = mint_keep(mint_json_with(c, "\"\\u0061ud\":\"other-api-key\""));
	tok = mint_keep(tok_by(F.ec, NULL, t));
	refused(tok);
}

static void
test_attack_utf8_bom_in_header_json(void **state)
{
	char *h, *t;

	(void)state;
	h = mint_keep(mint_header(F.ec));
	t = mint_keep(mint_printf("\xef\xbb\xbf%s", h));
	raw_segment_refused(0, t, strlen(t));
}

/* ------------------------------------- keys supplied by the token itself */

/* RFC 8725 3.10 / CVE-2018-0114: the attacker's own key in "jwk". */
static void
test_attack_jwk_header_attacker_key(void **state)
{
	json_t *o;
	char *jwk, *h, *tok;

	(void)state;
	jwk = mint_keep(mint_jwk_json(F.evil_ec));
	h = mint_keep(mint_printf(
	    "{\"alg\":\"ES256\",\"kid\":\"%s\",\"jwk\":%s}", F.ec->kid, jwk));
	tok = mint_keep(tok_by(F.evil_ec, h, NULL));
	refused(tok);
	o = mint_jwk_obj(F.evil_ec);
	(void)json_object_del(o, "kid");
	jwk = mint_keep(mint_json_dump(o));
	json_decref(o);
	h = mint_keep(mint_printf("{\"alg\":\"ES256\",\"jwk\":%s}", jwk));
	tok = mint_keep(tok_by(F.evil_ec, h, NULL));
	refused_in(tok, F.set_ec, F.cfg);
}

/* Even our own key may not come from the token: the member refuses. */
static void
test_attack_jwk_header_our_key(void **state)
{
	char *jwk, *h, *tok;

	(void)state;
	jwk = mint_keep(mint_jwk_json(F.ec));
	h = mint_keep(mint_printf(
	    "{\"alg\":\"ES256\",\"kid\":\"%s\",\"jwk\":%s}", F.ec->kid, jwk));
	tok = mint_keep(tok_by(F.ec, h, NULL));
	refused(tok);
}

static void
test_attack_jku_attacker_key(void **state)
{
	char *tok;

	(void)state;
	tok = mint_keep(tok_by(F.evil_ec, HDR_OURS ","
	    "\"jku\":\"https://evil.example/jwks.json\"}", NULL));
	refused(tok);
}

/* ------------------------------------------------ claims: special cases */

/* ID tokens are not passwords, even perfectly signed (DESIGN.md). */
static void
test_attack_id_token_default_config(void **state)
{
	char *c, *tok;

	(void)state;
	c = mint_keep(claims_with("type", "\"client_id_token\"", NULL));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused_in(tok, F.set_all, F.cfg_default);
	refused_in(tok, F.set_all, F.cfg);
}

static void
long_claim_refused(const char *name)
{
	char *s, *v, *c, *tok;

	s = mint_keep(mint_repeat('a', CT_CLAIM_STR_MAX + 1));
	v = mint_keep(mint_printf("\"%s\"", s));
	c = mint_keep(claims_with(name, v, NULL));
	tok = mint_keep(tok_by(F.ec, NULL, c));
	refused(tok);
}

static void
test_attack_sub_too_long(void **state)
{
	(void)state;
	long_claim_refused("sub");
}

static void
test_attack_identifier_too_long(void **state)
{
	(void)state;
	long_claim_refused("identifier");
}

static void
test_attack_iss_too_long(void **state)
{
	(void)state;
	long_claim_refused("iss");
}

/* ---------------------------------------------- poisoned key sets (jwks.h) */

static void
jwks_refused(json_t *keys)
{
	struct ct_jwks *set = NULL;
	struct ct_err e;
	json_t *o;
	char *text;
	int r;

	o = json_pack("{s:o}", "keys", keys);
	assert_non_null(o);
	text = mint_keep(mint_json_dump(o));
	json_decref(o);
	ct_err_clear(&e);
	r = ct_jwks_parse(text, strlen(text), &set, &e);
	if (r == CT_OK) {
		ct_jwks_free(set);
		fail_msg("poisoned key set accepted");
	}
	if (r != CT_ENOKEYS)
		fail_msg("expected CT_ENOKEYS, got %s (%s)",
		    ct_status_name(r), e.msg);
	assert_null(set);
	assert_true(e.msg[0] != '\0');
}

/* Our key set with one member of key i changed (value NULL: removed). */
static void
jwks_edit_refused(const struct mint_key *k, const char *name, json_t *value)
{
	json_t *o;

	o = mint_jwk_obj(k);
	if (value == NULL)
		(void)json_object_del(o, name);
	else
		assert_int_equal(json_object_set_new(o, name, value), 0);
	jwks_refused(json_pack("[o, o]", o, mint_jwk_obj(F.ec2)));
}

static json_t *
b64_json(const void *buf, size_t len)
{
	char *s;
	json_t *v;

	s = mint_b64url(buf, len);
	v = json_string(s);
	free(s);
	return v;
}

static void
test_control_jwks_good_set_parses(void **state)
{
	const struct mint_key *all[3];
	struct ct_jwks *set = NULL;
	struct ct_err e;
	char *text;

	(void)state;
	all[0] = F.ec;
	all[1] = F.ec2;
	all[2] = F.rsa;
	text = mint_keep(mint_jwks_json(all, 3));
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_parse(text, strlen(text), &set, &e), CT_OK);
	assert_non_null(set);
	(void)mint_keep_with(set, free_jwks);
	assert_int_equal(set->nkeys, 3);
}

static void
test_attack_jwks_rsa_1024(void **state)
{
	(void)state;
	jwks_refused(json_pack("[o]", mint_jwk_obj(F.rsa1024)));
	jwks_refused(json_pack("[o, o]", mint_jwk_obj(F.ec),
	    mint_jwk_obj(F.rsa1024)));
}

static void
test_attack_jwks_rsa_exponent_1(void **state)
{
	(void)state;
	jwks_edit_refused(F.rsa, "e", json_string("AQ"));
}

static void
test_attack_jwks_rsa_exponent_even(void **state)
{
	(void)state;
	jwks_edit_refused(F.rsa, "e", json_string("AQAA"));	/* 65536 */
}

static void
test_attack_jwks_ec_private_d(void **state)
{
	unsigned char d[32];

	(void)state;
	memset(d, 1, sizeof(d));
	jwks_edit_refused(F.ec, "d", b64_json(d, sizeof(d)));
}

static void
test_attack_jwks_rsa_private_d(void **state)
{
	unsigned char d[256];

	(void)state;
	memset(d, 1, sizeof(d));
	jwks_edit_refused(F.rsa, "d", b64_json(d, sizeof(d)));
}

/* A symmetric key in the set would make HS256 forgeable with it. */
static void
test_attack_jwks_oct_key(void **state)
{
	char *pem;
	json_t *k;

	(void)state;
	pem = mint_keep(mint_pub_pem(F.ec));
	k = json_pack("{s:s, s:o, s:s, s:s}", "kty", "oct",
	    "k", b64_json(pem, strlen(pem)), "alg", "HS256", "kid", "hmac");
	assert_non_null(k);
	jwks_refused(json_pack("[O]", k));
	jwks_refused(json_pack("[o, o]", mint_jwk_obj(F.ec), k));
}

static void
test_attack_jwks_duplicate_kid(void **state)
{
	json_t *o;

	(void)state;
	o = mint_jwk_obj(F.ec2);
	assert_int_equal(json_object_set_new(o, "kid",
	    json_string(F.ec->kid)), 0);
	jwks_refused(json_pack("[o, o]", mint_jwk_obj(F.ec), o));
}

static void
test_attack_jwks_two_keys_one_without_kid(void **state)
{
	(void)state;
	jwks_edit_refused(F.ec, "kid", NULL);
}

/* Invalid-curve attack: a point not on P-256. */
static void
test_attack_jwks_invalid_curve_point(void **state)
{
	unsigned char *raw;
	size_t len;

	(void)state;
	raw = mint_keep(mint_pub_raw(F.ec, &len));
	raw[64] ^= 1;	/* last byte of Y */
	jwks_edit_refused(F.ec, "y", b64_json(raw + 33, 32));
}

static void
test_attack_jwks_ec_x_31_bytes(void **state)
{
	unsigned char *raw;
	size_t len;

	(void)state;
	raw = mint_keep(mint_pub_raw(F.ec, &len));
	jwks_edit_refused(F.ec, "x", b64_json(raw + 2, 31));
}

static void
test_attack_jwks_alg_hs256_on_ec_key(void **state)
{
	(void)state;
	jwks_edit_refused(F.ec, "alg", json_string("HS256"));
}

static void
test_attack_jwks_alg_rs256_on_ec_key(void **state)
{
	(void)state;
	jwks_edit_refused(F.ec, "alg", json_string("RS256"));
}

static void
test_attack_jwks_use_enc(void **state)
{
	(void)state;
	jwks_edit_refused(F.ec, "use", json_string("enc"));
}

static void
test_attack_jwks_crv_p384_label(void **state)
{
	(void)state;
	jwks_edit_refused(F.ec, "crv", json_string("P-384"));
}

static void
test_attack_jwks_key_ops_sign_only(void **state)
{
	(void)state;
	jwks_edit_refused(F.ec, "key_ops", json_pack("[s]", "sign"));
}

/* ----------------------------------------------------------------- main */

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_control_es256_accepted),
		TEST(test_control_rs256_accepted_when_allowed),
		TEST(test_control_realistic_size),
		TEST(test_control_default_config_accepts_access_token),
		TEST(test_control_no_kid_one_key_set),
		TEST(test_control_2020_token_without_identifier),
		TEST(test_control_unaligned_segments),
		TEST(test_control_token_of_max_size),
		TEST(test_control_jwks_good_set_parses),
		TEST(test_attack_config_algorithms_refuses_hmac_and_none),
		TEST(test_attack_rs256_token_when_only_es256_allowed),
		TEST(test_attack_rs256_alg_with_ec_key),
		TEST(test_attack_es256_alg_with_rsa_kid),
		TEST(test_attack_kid_of_our_other_key),
		TEST(test_control_every_alg_accepted),
		TEST(test_control_rsa_key_without_alg_fits_rs_and_ps),
		TEST(test_attack_alg_confusion_every_pair),
		TEST(test_attack_every_alg_not_configured),
		TEST(test_attack_every_alg_signature_length),
		TEST(test_attack_typ_not_required_type),
		TEST(test_attack_audience_of_another_host),
		TEST(test_attack_kid_missing_two_key_set),
		TEST(test_attack_kid_10k),
		TEST(test_attack_kid_ours_plus_10k),
		TEST(test_attack_kid_ours_truncated),
		TEST(test_attack_kid_ours_case_changed),
		TEST(test_attack_sig_der_ecdsa),
		TEST(test_attack_sig_r_zero),
		TEST(test_attack_sig_s_zero),
		TEST(test_attack_sig_r_s_zero),
		TEST(test_attack_sig_r_equals_n),
		TEST(test_attack_sig_s_equals_n),
		TEST(test_attack_sig_r_s_equal_n),
		TEST(test_high_s_twin_verifies_as_its_twin),
		TEST(test_attack_sig_all_ff),
		TEST(test_attack_sig_63_bytes),
		TEST(test_attack_sig_65_bytes_trailing_zero),
		TEST(test_attack_sig_65_bytes_leading_zero),
		TEST(test_attack_sig_0_bytes),
		TEST(test_attack_sig_128_bytes_padded_halves),
		TEST(test_attack_rs256_sig_leading_zero_byte),
		TEST(test_attack_rs256_sig_truncated),
		TEST(test_attack_rs256_sig_zero),
		TEST(test_attack_rs256_sig_one),
		TEST(test_attack_rs256_sig_equals_modulus),
		TEST(test_attack_signature_transplant),
		TEST(test_attack_payload_modified_identifier),
		TEST(test_attack_payload_modified_exp),
		TEST(test_attack_header_modified),
		TEST(test_attack_key_substitution_same_kid),
		TEST(test_attack_key_substitution_same_kid_rsa),
		TEST(test_attack_bad_signature_claims_never_parsed),
		TEST(test_attack_key_substitution_no_kid),
		TEST(test_attack_padding_on_header),
		TEST(test_attack_padding_on_payload),
		TEST(test_attack_padding_on_signature),
		TEST(test_attack_padding_on_aligned_segment),
		TEST(test_attack_b64_plus_in_payload),
		TEST(test_attack_b64_slash_in_payload),
		TEST(test_attack_b64_plus_in_signature),
		TEST(test_attack_b64_slash_in_signature),
		TEST(test_attack_b64_noncanonical_header),
		TEST(test_attack_b64_noncanonical_payload),
		TEST(test_attack_b64_noncanonical_signature),
		TEST(test_attack_newline_inside_payload_segment),
		TEST(test_attack_space_inside_signature_segment),
		TEST(test_attack_space_after_dot),
		TEST(test_attack_one_segment),
		TEST(test_attack_two_segments),
		TEST(test_attack_two_segments_header_signature),
		TEST(test_attack_four_segments),
		TEST(test_attack_four_segments_trailing_dot),
		TEST(test_attack_four_segments_leading_dot),
		TEST(test_attack_four_segments_double_dot),
		TEST(test_attack_five_segments),
		TEST(test_attack_empty_header_segment),
		TEST(test_attack_empty_payload_segment),
		TEST(test_attack_empty_signature_segment),
		TEST(test_attack_only_dots),
		TEST(test_attack_jws_json_serialization),
		TEST(test_attack_token_max_size_plus_one),
		TEST(test_attack_token_1mb),
		TEST(test_attack_deep_nesting_header),
		TEST(test_attack_deep_nesting_payload),
		TEST(test_attack_deep_nesting_bare_brackets),
		TEST(test_attack_nesting_objects_depth_20),
		TEST(test_attack_nul_byte_after_header_json),
		TEST(test_attack_nul_byte_after_payload_json),
		TEST(test_attack_nul_byte_in_claim_string),
		TEST(test_attack_nul_byte_after_token),
		TEST(test_attack_payload_double_encoded),
		TEST(test_attack_payload_claims_in_array),
		TEST(test_attack_payload_trailing_data),
		TEST(test_attack_header_trailing_data),
		TEST(test_attack_duplicate_aud_escaped_name),
		TEST(test_attack_utf8_bom_in_header_json),
		TEST(test_attack_jwk_header_attacker_key),
		TEST(test_attack_jwk_header_our_key),
		TEST(test_attack_jku_attacker_key),
		TEST(test_attack_id_token_default_config),
		TEST(test_attack_sub_too_long),
		TEST(test_attack_identifier_too_long),
		TEST(test_attack_iss_too_long),
		TEST(test_attack_jwks_rsa_1024),
		TEST(test_attack_jwks_rsa_exponent_1),
		TEST(test_attack_jwks_rsa_exponent_even),
		TEST(test_attack_jwks_ec_private_d),
		TEST(test_attack_jwks_rsa_private_d),
		TEST(test_attack_jwks_oct_key),
		TEST(test_attack_jwks_duplicate_kid),
		TEST(test_attack_jwks_two_keys_one_without_kid),
		TEST(test_attack_jwks_invalid_curve_point),
		TEST(test_attack_jwks_ec_x_31_bytes),
		TEST(test_attack_jwks_alg_hs256_on_ec_key),
		TEST(test_attack_jwks_alg_rs256_on_ec_key),
		TEST(test_attack_jwks_use_enc),
		TEST(test_attack_jwks_crv_p384_label),
		TEST(test_attack_jwks_key_ops_sign_only),
		/* alg "none" in every spelling (RFC 8725 3.1, CVE-2015-9235) */
		T(attack_alg_none_empty_sig, run_alg_none, "none", NULL, NULL),
		T(attack_alg_none_with_sig, run_alg_none, "none", "sig", NULL),
		T(attack_alg_None_empty_sig, run_alg_none, "None", NULL, NULL),
		T(attack_alg_None_with_sig, run_alg_none, "None", "sig", NULL),
		T(attack_alg_NONE_empty_sig, run_alg_none, "NONE", NULL, NULL),
		T(attack_alg_NONE_with_sig, run_alg_none, "NONE", "sig", NULL),
		T(attack_alg_nOnE_empty_sig, run_alg_none, "nOnE", NULL, NULL),
		T(attack_alg_nOnE_with_sig, run_alg_none, "nOnE", "sig", NULL),
		/* HMAC keyed with our public key (RFC 8725 2.1) */
		T(attack_hs256_keyed_with_jwk_json, run_hmac_confusion,
		    "SHA256", "jwk", "HS256"),
		T(attack_hs256_keyed_with_pem, run_hmac_confusion,
		    "SHA256", "pem", "HS256"),
		T(attack_hs256_keyed_with_raw_point, run_hmac_confusion,
		    "SHA256", "raw", "HS256"),
		T(attack_hs384_keyed_with_jwk_json, run_hmac_confusion,
		    "SHA384", "jwk", "HS384"),
		T(attack_hs384_keyed_with_pem, run_hmac_confusion,
		    "SHA384", "pem", "HS384"),
		T(attack_hs384_keyed_with_raw_point, run_hmac_confusion,
		    "SHA384", "raw", "HS384"),
		T(attack_hs512_keyed_with_jwk_json, run_hmac_confusion,
		    "SHA512", "jwk", "HS512"),
		T(attack_hs512_keyed_with_pem, run_hmac_confusion,
		    "SHA512", "pem", "HS512"),
		T(attack_hs512_keyed_with_raw_point, run_hmac_confusion,
		    "SHA512", "raw", "HS512"),
		T(attack_hs256_keyed_with_jwks_text, run_hmac_confusion,
		    "SHA256", "jwks", "HS256"),
		T(attack_hs256_keyed_with_rsa_pem, run_hmac_confusion,
		    "SHA256", "rsa-pem", "HS256"),
		T(attack_hs256_keyed_with_rsa_jwk_json, run_hmac_confusion,
		    "SHA256", "rsa-jwk", "HS256"),
		T(attack_hs256_keyed_with_rsa_modulus, run_hmac_confusion,
		    "SHA256", "rsa-raw", "HS256"),
		/* algorithms outside the configured list */
		HEADER_BAD(alg_es384, "{\"alg\":\"ES384\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_es512, "{\"alg\":\"ES512\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_es256k,
		    "{\"alg\":\"ES256K\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_ps256, "{\"alg\":\"PS256\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_rs512, "{\"alg\":\"RS512\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_eddsa, "{\"alg\":\"EdDSA\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_lowercase_es256,
		    "{\"alg\":\"es256\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_es256_trailing_space,
		    "{\"alg\":\"ES256 \",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_es256_nul_suffix,
		    "{\"alg\":\"ES256\\u0000\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_empty, "{\"alg\":\"\",\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_array,
		    "{\"alg\":[\"ES256\"],\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_null, "{\"alg\":null,\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_number, "{\"alg\":256,\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_object, "{\"alg\":{},\"kid\":\"@KID@\"}"),
		HEADER_BAD(alg_missing, "{\"kid\":\"@KID@\",\"typ\":\"JWT\"}"),
		/* hostile kid values */
		KID_BAD(kid_unknown,
		    "\"SPACE_JWT_PUBLIC:00000000-0000-4000-8000-"
		    "000000000000\""),
		KID_BAD(kid_path_traversal, "\"../../etc/passwd\""),
		KID_BAD(kid_absolute_path, "\"/etc/shadow\""),
		KID_BAD(kid_format_string, "\"%s%s%n%x%n\""),
		KID_BAD(kid_sql_injection, "\"x' OR '1'='1\""),
		KID_BAD(kid_log_injection,
		    "\"x\\nsshd[1]: Accepted publickey for root\""),
		KID_BAD(kid_terminal_escape, "\"\\u001b[2J\""),
		KID_BAD(kid_nul_escape_after_ours, "\"@KID@\\u0000evil\""),
		KID_BAD(kid_nul_escape_at_end, "\"@KID@\\u0000\""),
		KID_BAD(kid_ours_plus_char, "\"@KID@x\""),
		KID_BAD(kid_ours_trailing_space, "\"@KID@ \""),
		KID_BAD(kid_ours_leading_space, "\" @KID@\""),
		KID_BAD(kid_empty, "\"\""),
		KID_BAD(kid_number, "1"),
		KID_BAD(kid_object, "{}"),
		KID_BAD(kid_object_with_ours, "{\"kid\":\"@KID@\"}"),
		KID_BAD(kid_array_with_ours, "[\"@KID@\"]"),
		KID_BAD(kid_null, "null"),
		KID_BAD(kid_true, "true"),
		/* duplicate header names (JSON_REJECT_DUPLICATES) */
		HEADER_BAD(duplicate_alg_es256_then_none,
		    HDR_OURS ",\"alg\":\"none\"}"),
		HEADER_BAD(duplicate_alg_none_then_es256,
		    "{\"alg\":\"none\",\"kid\":\"@KID@\",\"alg\":\"ES256\"}"),
		HEADER_BAD(duplicate_alg_escaped_name,
		    HDR_OURS ",\"\\u0061lg\":\"none\"}"),
		HEADER_BAD(duplicate_kid_same_value,
		    HDR_OURS ",\"kid\":\"@KID@\"}"),
		HEADER_BAD(duplicate_kid_unknown_then_ours,
		    "{\"alg\":\"ES256\",\"kid\":\"unknown\","
		    "\"kid\":\"@KID@\"}"),
		HEADER_BAD(duplicate_typ, HDR_OURS ","
		    "\"typ\":\"JWT\",\"typ\":\"JWT\"}"),
		HEADER_BAD(duplicate_name_nested_in_header,
		    HDR_OURS ",\"x\":{\"a\":1,\"a\":2}}"),
		/* crit (RFC 7515 4.1.11); no key from the header (8725 3.10) */
		HEADER_BAD(crit_unknown, HDR_OURS ","
		    "\"crit\":[\"x-unknown\"],\"x-unknown\":1}"),
		HEADER_BAD(crit_known_exp, HDR_OURS ","
		    "\"crit\":[\"exp\"],\"exp\":1600003600}"),
		HEADER_BAD(crit_b64, HDR_OURS ","
		    "\"crit\":[\"b64\"],\"b64\":true}"),
		HEADER_BAD(crit_alg, HDR_OURS ","
		    "\"crit\":[\"alg\"]}"),
		HEADER_BAD(crit_empty_array,
		    HDR_OURS ",\"crit\":[]}"),
		HEADER_BAD(crit_string,
		    HDR_OURS ",\"crit\":\"x-unknown\"}"),
		HEADER_BAD(b64_false,
		    HDR_OURS ",\"b64\":false}"),
		HEADER_BAD(jku_present, HDR_OURS ","
		    "\"jku\":\"https://evil.example/jwks.json\"}"),
		HEADER_BAD(x5u_present, HDR_OURS ","
		    "\"x5u\":\"https://evil.example/cert.pem\"}"),
		HEADER_BAD(x5c_present, HDR_OURS ","
		    "\"x5c\":[\"MIIBszCCAVmgAwIBAgIUJ2Vq\"]}"),
		HEADER_BAD(typ_number,
		    HDR_OURS ",\"typ\":1}"),
		HEADER_BAD(typ_null,
		    HDR_OURS ",\"typ\":null}"),
		HEADER_BAD(cty_object,
		    HDR_OURS ",\"cty\":{}}"),
		/* header that is not an object, or not clean text */
		HEADER_BAD(header_array, "[\"ES256\",\"@KID@\"]"),
		HEADER_BAD(header_string, "\"ES256\""),
		HEADER_BAD(header_number, "256"),
		HEADER_BAD(header_null, "null"),
		HEADER_BAD(header_true, "true"),
		HEADER_BAD(header_empty_object, "{}"),
		HEADER_BAD(header_nul_escape_in_typ,
		    HDR_OURS ",\"typ\":\"JWT\\u0000\"}"),
		HEADER_BAD(header_invalid_utf8,
		    HDR_OURS ",\"typ\":\"JWT\xff\"}"),
		HEADER_BAD(header_lone_surrogate,
		    HDR_OURS ",\"typ\":\"\\ud800\"}"),
		/* payload that is not an object */
		PAYLOAD_BAD(payload_array, "[]"),
		PAYLOAD_BAD(payload_string, "\"claims\""),
		PAYLOAD_BAD(payload_number, "1"),
		PAYLOAD_BAD(payload_null, "null"),
		PAYLOAD_BAD(payload_true, "true"),
		PAYLOAD_BAD(payload_empty_object, "{}"),
		/* whitespace and decoration around the token */
		WRAP_BAD(leading_space, " ", ""),
		WRAP_BAD(leading_tab, "\t", ""),
		WRAP_BAD(leading_newline, "\n", ""),
		WRAP_BAD(trailing_space, "", " "),
		WRAP_BAD(trailing_newline, "", "\n"),
		WRAP_BAD(trailing_crlf, "", "\r\n"),
		WRAP_BAD(bearer_prefix, "Bearer ", ""),
		WRAP_BAD(quoted, "\"", "\""),
		WRAP_BAD(utf8_bom_prefix, "\xef\xbb\xbf", ""),
		/* iss (RFC 7519 4.1.1: compared byte for byte) */
		CLAIM_BAD(iss_missing, "iss", NULL),
		CLAIM_BAD(iss_other, "iss", "\"https://evil.example\""),
		CLAIM_BAD(iss_trailing_slash, "iss",
		    "\"https://www.cotter.app/\""),
		CLAIM_BAD(iss_case_changed, "iss",
		    "\"https://www.Cotter.app\""),
		CLAIM_BAD(iss_upper_case, "iss", "\"HTTPS://WWW.COTTER.APP\""),
		CLAIM_BAD(iss_http_scheme, "iss", "\"http://www.cotter.app\""),
		CLAIM_BAD(iss_suffix, "iss",
		    "\"https://www.cotter.app.evil.example\""),
		CLAIM_BAD(iss_prefix, "iss", "\"https://www.cotter.ap\""),
		CLAIM_BAD(iss_leading_space, "iss",
		    "\" https://www.cotter.app\""),
		CLAIM_BAD(iss_trailing_space, "iss",
		    "\"https://www.cotter.app \""),
		CLAIM_BAD(iss_homoglyph, "iss",
		    "\"https://www.c\xd0\xbe" "tter.app\""),
		CLAIM_BAD(iss_nul_escape, "iss",
		    "\"https://www.cotter.app\\u0000.evil.example\""),
		CLAIM_BAD(iss_array, "iss", "[\"https://www.cotter.app\"]"),
		CLAIM_BAD(iss_null, "iss", "null"),
		CLAIM_BAD(iss_number, "iss", "1"),
		CLAIM_BAD(iss_empty, "iss", "\"\""),
		CLAIM_BAD(iss_object, "iss",
		    "{\"iss\":\"https://www.cotter.app\"}"),
		CLAIM_OK(iss_escaped_slashes_accepted, "iss",
		    "\"https:\\/\\/www.cotter.app\""),
		/* aud (RFC 7519 4.1.3) */
		CLAIM_BAD(aud_missing, "aud", NULL),
		CLAIM_BAD(aud_other, "aud", "\"other-api-key\""),
		CLAIM_BAD(aud_empty_string, "aud", "\"\""),
		CLAIM_BAD(aud_empty_array, "aud", "[]"),
		CLAIM_BAD(aud_array_without_match, "aud", "[\"a\",\"b\"]"),
		CLAIM_BAD(aud_array_with_non_string, "aud", "[\"" AUD "\",1]"),
		CLAIM_BAD(aud_array_of_number, "aud", "[1]"),
		CLAIM_BAD(aud_array_of_null, "aud", "[null]"),
		CLAIM_BAD(aud_nested_array, "aud", "[[\"" AUD "\"]]"),
		CLAIM_BAD(aud_number, "aud", "1"),
		CLAIM_BAD(aud_object, "aud", "{\"aud\":\"" AUD "\"}"),
		CLAIM_BAD(aud_null, "aud", "null"),
		CLAIM_BAD(aud_true, "aud", "true"),
		CLAIM_BAD(aud_prefix, "aud",
		    "\"0b2f6a1c-4c1e-4d8a-9d5e-6a3f2b1c0d9\""),
		CLAIM_BAD(aud_suffix, "aud", "\"" AUD "x\""),
		CLAIM_BAD(aud_upper_case, "aud",
		    "\"0B2F6A1C-4C1E-4D8A-9D5E-6A3F2B1C0D9E\""),
		CLAIM_BAD(aud_trailing_space, "aud", "\"" AUD " \""),
		CLAIM_BAD(aud_nul_escape, "aud", "\"" AUD "\\u0000x\""),
		CLAIM_BAD(aud_space_separated_list, "aud", "\"other " AUD "\""),
		CLAIM_OK(aud_array_with_match, "aud",
		    "[\"other\",\"" AUD "\"]"),
		CLAIM_OK(aud_one_element_array, "aud", "[\"" AUD "\"]"),
		/* exp (RFC 7519 4.1.4); NOW 1600000000, leeway 60 */
		CLAIM_BAD(exp_missing, "exp", NULL),
		CLAIM_BAD(exp_past_beyond_leeway, "exp", "1599999940"),
		CLAIM_OK(exp_just_inside_leeway, "exp", "1599999941"),
		CLAIM_BAD(exp_far_past, "exp", "1000000000"),
		CLAIM_BAD(exp_zero, "exp", "0"),
		CLAIM_BAD(exp_string, "exp", "\"9999999999\""),
		CLAIM_BAD(exp_float, "exp", "1600003600.0"),
		CLAIM_BAD(exp_float_exponent, "exp", "1.6000036e9"),
		CLAIM_BAD(exp_1e300, "exp", "1e300"),
		CLAIM_BAD(exp_negative, "exp", "-1"),
		CLAIM_BAD(exp_bool, "exp", "true"),
		CLAIM_BAD(exp_null, "exp", "null"),
		CLAIM_BAD(exp_array, "exp", "[1600003600]"),
		CLAIM_BAD(exp_object, "exp", "{}"),
		CLAIM_BAD(exp_after_year_9999, "exp", "253402300800"),
		CLAIM_OK(exp_year_9999, "exp", "253402300799"),
		CLAIM_BAD(exp_int64_max, "exp", "9223372036854775807"),
		CLAIM_BAD(exp_int64_overflow, "exp", "99999999999999999999"),
		/* nbf (RFC 7519 4.1.5) */
		CLAIM_BAD(nbf_future_beyond_leeway, "nbf", "1600000061"),
		CLAIM_OK(nbf_at_leeway_edge, "nbf", "1600000060"),
		CLAIM_BAD(nbf_string, "nbf", "\"1599990000\""),
		CLAIM_BAD(nbf_float, "nbf", "1599990000.5"),
		CLAIM_BAD(nbf_negative, "nbf", "-1"),
		CLAIM_BAD(nbf_null, "nbf", "null"),
		CLAIM_BAD(nbf_bool, "nbf", "false"),
		/* iat (RFC 7519 4.1.6) */
		CLAIM_BAD(iat_future_beyond_leeway, "iat", "1600000061"),
		CLAIM_OK(iat_at_leeway_edge, "iat", "1600000060"),
		CLAIM_BAD(iat_string, "iat", "\"1600000000\""),
		CLAIM_BAD(iat_float, "iat", "1600000000.5"),
		CLAIM_BAD(iat_negative, "iat", "-1"),
		CLAIM_BAD(iat_null, "iat", "null"),
		T(attack_iat_older_than_max_token_age, run_claim_refused_age,
		    "iat", "1599999399", NULL),
		T(attack_iat_missing_with_max_token_age, run_claim_refused_age,
		    "iat", NULL, NULL),
		T(attack_iat_string_with_max_token_age, run_claim_refused_age,
		    "iat", "\"1600000000\"", NULL),
		T(control_iat_at_max_token_age, run_claim_accepted_age,
		    "iat", "1599999400", NULL),
		/* type: ID tokens and anything else are not access tokens */
		CLAIM_BAD(type_missing, "type", NULL),
		CLAIM_BAD(type_id_token, "type", "\"client_id_token\""),
		CLAIM_BAD(type_number, "type", "1"),
		CLAIM_BAD(type_upper_case, "type", "\"CLIENT_ACCESS_TOKEN\""),
		CLAIM_BAD(type_trailing_space, "type",
		    "\"client_access_token \""),
		CLAIM_BAD(type_leading_space, "type",
		    "\" client_access_token\""),
		CLAIM_BAD(type_two_words, "type",
		    "\"client_id_token client_access_token\""),
		CLAIM_BAD(type_nul_escape, "type",
		    "\"client_access_token\\u0000\""),
		CLAIM_BAD(type_array, "type", "[\"client_access_token\"]"),
		CLAIM_BAD(type_null, "type", "null"),
		CLAIM_BAD(type_empty, "type", "\"\""),
		/* sub (RFC 7519 4.1.2) */
		CLAIM_BAD(sub_missing, "sub", NULL),
		CLAIM_BAD(sub_empty, "sub", "\"\""),
		CLAIM_BAD(sub_number, "sub", "1"),
		CLAIM_BAD(sub_null, "sub", "null"),
		CLAIM_BAD(sub_array, "sub", "[\"x\"]"),
		CLAIM_BAD(sub_object, "sub", "{}"),
		CLAIM_BAD(sub_control_char, "sub", "\"a\\nb\""),
		CLAIM_BAD(sub_nul_escape, "sub", "\"abc\\u0000def\""),
		CLAIM_BAD(sub_invalid_utf8, "sub", "\"abc\xff\""),
		/* identity claim */
		CLAIM_BAD(identifier_number, "identifier", "1"),
		CLAIM_BAD(identifier_array, "identifier", "[\"" IDENT "\"]"),
		CLAIM_BAD(identifier_object, "identifier", "{}"),
		CLAIM_BAD(identifier_bool, "identifier", "true"),
		CLAIM_BAD(identifier_null, "identifier", "null"),
		CLAIM_BAD(identifier_empty, "identifier", "\"\""),
		CLAIM_BAD(identifier_control_char, "identifier",
		    "\"alice\\n@example.com\""),
		CLAIM_BAD(identifier_del_char, "identifier",
		    "\"alice\\u007f@example.com\""),
		CLAIM_BAD(identifier_nul_escape, "identifier",
		    "\"" IDENT "\\u0000@evil.example\""),
		CLAIM_BAD(identifier_invalid_utf8, "identifier",
		    "\"alice\xff@example.com\""),
		CLAIM_BAD(identifier_overlong_utf8, "identifier",
		    "\"alice\xc0\xae" "example.com\""),
		CLAIM_BAD(identifier_utf8_encoded_surrogate, "identifier",
		    "\"alice\xed\xa0\x80@example.com\""),
		CLAIM_BAD(identifier_truncated_utf8, "identifier",
		    "\"alice\xe2\x82\""),
		CLAIM_BAD(identifier_lone_surrogate_escape, "identifier",
		    "\"alice\\ud800@example.com\""),
		/* duplicate claim names */
		CLAIM_DUP(duplicate_aud_ours_then_other, "aud",
		    "\"" AUD "\"", "\"other-api-key\""),
		CLAIM_DUP(duplicate_aud_other_then_ours, "aud",
		    "\"other-api-key\"", "\"" AUD "\""),
		CLAIM_DUP(duplicate_sub, "sub", "\"victim\"", "\"attacker\""),
		CLAIM_DUP(duplicate_exp_past_then_future, "exp",
		    "1599000000", "1600003600"),
		CLAIM_DUP(duplicate_exp_future_then_past, "exp",
		    "1600003600", "1599000000"),
		CLAIM_DUP(duplicate_iss_other_then_ours, "iss",
		    "\"https://evil.example\"", "\"https://www.cotter.app\""),
		CLAIM_DUP(duplicate_identifier, "identifier",
		    "\"" IDENT "\"", "\"root@example.com\""),
		CLAIM_DUP(duplicate_type_id_then_access, "type",
		    "\"client_id_token\"", "\"client_access_token\""),
		CLAIM_BAD(duplicate_name_nested_in_claims, "x",
		    "{\"a\":1,\"a\":2}"),
		/* harmless extras stay harmless */
		CLAIM_OK(unknown_claim_ignored, "x-extra", "{\"a\":[1,2]}"),
		CLAIM_OK(payload_nesting_3, "x", "[[[1]]]"),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

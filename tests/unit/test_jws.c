/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_jws.c - compact JWS parsing (RFC 7515 7.1) and JOSE header checks
 * (RFC 7515 4.1, RFC 8725 3).  Attack tests are named for the attack and
 * sit beside a positive control.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "jwk.h"
#include "jwk_json.h"
#include "jws.h"
#include "sig.h"
#include "mint.h"

#define BOTH (CT_ALG_ES256 | CT_ALG_RS256)
#define HDR_OK "{\"alg\":\"ES256\",\"kid\":\"k1\",\"typ\":\"JWT\"}"
#define CLAIMS "{\"iss\":\"https://www.cotter.app\",\"sub\":\"SECRET-SUB\"}"

/* b64(header) '.' b64(claims) '.' b64(64 bytes of 0x11). */
static char *
mk(const char *hdr, const char *claims)
{
	unsigned char sig[64];
	char *h, *c, *s, *t;

	memset(sig, 0x11, sizeof(sig));
	h = mint_b64url(hdr, strlen(hdr));
	c = mint_b64url(claims, strlen(claims));
	s = mint_b64url(sig, sizeof(sig));
	assert_true(asprintf(&t, "%s.%s.%s", h, c, s) > 0);
	free(h);
	free(c);
	free(s);
	return t;
}

static int
parse(const char *t, size_t len, unsigned allowed, struct ct_jws **jws,
    struct ct_err *e)
{
	int r;

	ct_err_clear(e);
	*jws = (struct ct_jws *)1;
	r = ct_jws_parse(t, len, allowed, jws, e);
	assert_int_equal(e->code, r);
	if (r != CT_OK)
		assert_null(*jws);
	else
		assert_null((*jws)->claims);	/* not before the signature */
	/* The payload as token.c reads it once the signature verified. */
	if (r == CT_OK && (r = ct_jws_claims(*jws, e)) != CT_OK) {
		assert_int_equal(e->code, r);
		ct_jws_free(*jws);
		*jws = NULL;
	}
	return r;
}

static void
expect_ok_token(const char *t)
{
	struct ct_jws *jws;
	struct ct_err e;

	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_OK);
	ct_jws_free(jws);
}

/* Refused with CT_EAUTH and a reason that holds no token bytes. */
static void
expect_refused_token_len(const char *t, size_t len, unsigned allowed)
{
	struct ct_jws *jws;
	struct ct_err e;

	assert_int_equal(parse(t, len, allowed, &jws, &e), CT_EAUTH);
	assert_true(e.msg[0] != '\0');
	assert_null(strstr(e.msg, "SECRET"));
}

static void
expect_refused_token(const char *t)
{
	expect_refused_token_len(t, strlen(t), BOTH);
}

static void
expect_ok(const char *hdr, const char *claims)
{
	char *t = mk(hdr, claims);

	expect_ok_token(t);
	free(t);
}

static void
expect_refused(const char *hdr, const char *claims)
{
	char *t = mk(hdr, claims);

	expect_refused_token(t);
	free(t);
}

static void
test_valid_token(void **state)
{
	struct ct_jws *jws;
	struct ct_err e;
	char *t, *dot;

	(void)state;
	t = mk(HDR_OK, CLAIMS);
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_OK);
	assert_int_equal(jws->alg, CT_ALG_ES256);
	assert_string_equal(jws->kid, "k1");
	assert_string_equal(ct_jval_get(ct_jdoc_root(jws->claims),
	    "iss")->s, "https://www.cotter.app");
	assert_string_equal(ct_jval_get(ct_jdoc_root(jws->header),
	    "typ")->s, "JWT");
	dot = strrchr(t, '.');
	assert_int_equal(jws->signing_input_len, (size_t)(dot - t));
	assert_memory_equal(jws->signing_input, t, jws->signing_input_len);
	assert_int_equal(jws->signing_input[jws->signing_input_len], '\0');
	assert_int_equal(jws->siglen, 64);
	assert_int_equal(jws->sig[0], 0x11);
	ct_jws_free(jws);
	ct_jws_free(NULL);
	free(t);
	expect_ok("{\"alg\":\"RS256\"}", "{}");
}

/* End to end: a token signed here verifies through parse + sig. */
static void
test_signed_roundtrip(void **state)
{
	EVP_PKEY *k;
	EVP_MD_CTX *md;
	ECDSA_SIG *es;
	BIGNUM *bx = NULL, *by = NULL;
	unsigned char der[80], rs[64], x[32], y[32];
	const unsigned char *p = der;
	char *h, *c, *sx, *sy, *s, *t;
	size_t derlen = sizeof(der);
	struct ct_jws *jws;
	struct ct_key key;
	struct ct_err e;
	json_t *o;

	(void)state;
	k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	assert_non_null(k);
	h = mint_b64url(HDR_OK, strlen(HDR_OK));
	c = mint_b64url(CLAIMS, strlen(CLAIMS));
	assert_true(asprintf(&t, "%s.%s", h, c) > 0);
	md = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestSignInit_ex(md, NULL, "SHA256", NULL, NULL,
	    k, NULL), 1);
	assert_int_equal(EVP_DigestSign(md, der, &derlen,
	    (const unsigned char *)t, strlen(t)), 1);
	EVP_MD_CTX_free(md);
	es = d2i_ECDSA_SIG(NULL, &p, (long)derlen);
	assert_non_null(es);
	BN_bn2binpad(ECDSA_SIG_get0_r(es), rs, 32);
	BN_bn2binpad(ECDSA_SIG_get0_s(es), rs + 32, 32);
	ECDSA_SIG_free(es);
	s = mint_b64url(rs, 64);
	free(t);
	assert_true(asprintf(&t, "%s.%s.%s", h, c, s) > 0);

	assert_int_equal(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_X,
	    &bx), 1);
	assert_int_equal(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_Y,
	    &by), 1);
	BN_bn2binpad(bx, x, 32);
	BN_bn2binpad(by, y, 32);
	sx = mint_b64url(x, 32);
	sy = mint_b64url(y, 32);
	o = json_pack("{s:s,s:s,s:s,s:s}", "kty", "EC", "crv", "P-256", "x",
	    sx, "y", sy);
	ct_err_clear(&e);
	assert_int_equal(ct_jwk_load(o, &key, &e), CT_OK);

	assert_int_equal(parse(t, strlen(t), CT_ALG_ES256, &jws, &e), CT_OK);
	assert_int_equal(ct_sig_verify(&key, jws->alg,
	    (const unsigned char *)jws->signing_input, jws->signing_input_len,
	    jws->sig, jws->siglen, &e), CT_OK);
	ct_jws_free(jws);
	/* The same signature over changed claims does not verify. */
	free(t);
	free(c);
	c = mint_b64url("{\"sub\":\"mallory\"}", 17);
	assert_true(asprintf(&t, "%s.%s.%s", h, c, s) > 0);
	assert_int_equal(parse(t, strlen(t), CT_ALG_ES256, &jws, &e), CT_OK);
	assert_int_equal(ct_sig_verify(&key, jws->alg,
	    (const unsigned char *)jws->signing_input, jws->signing_input_len,
	    jws->sig, jws->siglen, &e), CT_EAUTH);
	ct_jws_free(jws);
	ct_key_clear(&key);
	json_decref(o);
	BN_free(bx);
	BN_free(by);
	EVP_PKEY_free(k);
	free(h);
	free(c);
	free(s);
	free(sx);
	free(sy);
	free(t);
}

/* RFC 8725 2.1, 3.1: "none" in any spelling is never an algorithm. */
static void
test_alg_none_all_spellings(void **state)
{
	static const char *const algs[] = {
		"none", "None", "NONE", "nOnE", "nonE", "", " ", "ES256 ",
		" ES256", "es256", "Es256", "ES256\\u0000", "RS256\\n"
	};
	char hdr[128];
	char *t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		snprintf(hdr, sizeof(hdr), "{\"alg\":\"%s\"}", algs[i]);
		t = mk(hdr, CLAIMS);
		expect_refused_token_len(t, strlen(t), BOTH);
		expect_refused_token_len(t, strlen(t), ~0U);
		free(t);
		/* An unsigned token: empty third segment. */
		snprintf(hdr, sizeof(hdr), "{\"alg\":\"%s\"}", algs[i]);
		t = mk(hdr, CLAIMS);
		*(strrchr(t, '.') + 1) = '\0';
		expect_refused_token(t);
		free(t);
	}
	expect_ok("{\"alg\":\"ES256\"}", CLAIMS);
}

/* HMAC with a public key as secret (CVE-2015-9235 family), and others. */
static void
test_alg_hmac_and_unknown(void **state)
{
	static const char *const algs[] = {
		"HS256", "HS384", "HS512", "RS384", "RS512", "PS256", "ES384",
		"ES512", "ES256K", "EdDSA", "RSA1_5", "dir"
	};
	char hdr[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		snprintf(hdr, sizeof(hdr), "{\"alg\":\"%s\",\"kid\":\"k\"}",
		    algs[i]);
		expect_refused(hdr, CLAIMS);
	}
	expect_refused("{\"kid\":\"k\"}", CLAIMS);
	expect_refused("{\"alg\":256}", CLAIMS);
	expect_refused("{\"alg\":null}", CLAIMS);
	expect_refused("{\"alg\":[\"ES256\"]}", CLAIMS);
	expect_refused("{\"alg\":{\"ES256\":1}}", CLAIMS);
	expect_refused("{\"alg\":true}", CLAIMS);
	expect_ok("{\"alg\":\"ES256\",\"kid\":\"k\"}", CLAIMS);
}

/* RFC 8725 3.1: only configured algorithms pass (alg downgrade). */
static void
test_alg_not_allowed_by_mask(void **state)
{
	struct ct_jws *jws;
	struct ct_err e;
	char *es, *rs;

	(void)state;
	es = mk("{\"alg\":\"ES256\"}", CLAIMS);
	rs = mk("{\"alg\":\"RS256\"}", CLAIMS);
	expect_refused_token_len(es, strlen(es), CT_ALG_RS256);
	expect_refused_token_len(rs, strlen(rs), CT_ALG_ES256);
	expect_refused_token_len(es, strlen(es), 0);
	expect_refused_token_len(rs, strlen(rs), 0);
	assert_int_equal(parse(es, strlen(es), CT_ALG_ES256, &jws, &e), CT_OK);
	assert_int_equal(jws->alg, CT_ALG_ES256);
	ct_jws_free(jws);
	assert_int_equal(parse(rs, strlen(rs), CT_ALG_RS256, &jws, &e), CT_OK);
	assert_int_equal(jws->alg, CT_ALG_RS256);
	ct_jws_free(jws);
	free(es);
	free(rs);
}

/* RFC 7515 4.1.11: we understand no extension, so any crit refuses. */
static void
test_crit_refused(void **state)
{
	(void)state;
	expect_refused("{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1}",
	    CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"crit\":[]}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"crit\":null}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"b64\":false,\"crit\":[\"b64\"]}",
	    CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"b64\":true}", CLAIMS);
	expect_ok("{\"alg\":\"ES256\",\"exp\":1}", CLAIMS);
}

/* RFC 8725 3.10: the token never supplies its own key (key injection). */
static void
test_embedded_key_refused(void **state)
{
	(void)state;
	expect_refused("{\"alg\":\"ES256\",\"jku\":"
	    "\"https://evil.example/jwks\"}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"x5u\":"
	    "\"https://evil.example/cert\"}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\","
	    "\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"x5c\":[\"MIIB\"]}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"jwk\":null}", CLAIMS);
	/* x5t is only a hint and never used: harmless, accepted. */
	expect_ok("{\"alg\":\"ES256\",\"x5t\":\"abc\"}", CLAIMS);
}

static void
test_typ_cty(void **state)
{
	(void)state;
	expect_ok("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"cty\":\"x\"}",
	    CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"typ\":1}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"typ\":null}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"cty\":[\"JWT\"]}", CLAIMS);
}

/* RFC 7515 4.1.4: kid is a short string; hostile ones parse or refuse. */
static void
test_kid(void **state)
{
	struct ct_jws *jws;
	struct ct_err e;
	char *hdr, *t, kid[CT_KID_MAX + 2];

	(void)state;
	expect_refused("{\"alg\":\"ES256\",\"kid\":1}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"kid\":null}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"kid\":\"\"}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"kid\":[\"a\"]}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"kid\":\"a\\u0000b\"}", CLAIMS);
	memset(kid, 'k', sizeof(kid) - 1);
	kid[CT_KID_MAX + 1] = '\0';
	assert_true(asprintf(&hdr, "{\"alg\":\"ES256\",\"kid\":\"%s\"}",
	    kid) > 0);
	expect_refused(hdr, CLAIMS);
	free(hdr);
	kid[CT_KID_MAX] = '\0';
	assert_true(asprintf(&hdr, "{\"alg\":\"ES256\",\"kid\":\"%s\"}",
	    kid) > 0);
	expect_ok(hdr, CLAIMS);
	free(hdr);
	/* Path and format-string kids are just strings here. */
	t = mk("{\"alg\":\"ES256\",\"kid\":\"../../etc/passwd\"}", CLAIMS);
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_OK);
	assert_string_equal(jws->kid, "../../etc/passwd");
	ct_jws_free(jws);
	free(t);
	t = mk("{\"alg\":\"ES256\",\"kid\":\"%n%s%x%n\"}", CLAIMS);
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_OK);
	assert_string_equal(jws->kid, "%n%s%x%n");
	ct_jws_free(jws);
	free(t);
	t = mk("{\"alg\":\"ES256\"}", CLAIMS);
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_OK);
	assert_null(jws->kid);
	ct_jws_free(jws);
	free(t);
}

static void
test_kid_10k(void **state)
{
	char *kid, *hdr;

	(void)state;
	kid = malloc(10241);
	assert_non_null(kid);
	memset(kid, 'A', 10240);
	kid[10240] = '\0';
	assert_true(asprintf(&hdr, "{\"alg\":\"ES256\",\"kid\":\"%s\"}",
	    kid) > 0);
	expect_refused(hdr, "{}");
	free(hdr);
	free(kid);
}

/* RFC 7515 7.1: exactly three segments (no JWE, no JSON serialization). */
static void
test_segment_count(void **state)
{
	char *t, *t2;

	(void)state;
	t = mk(HDR_OK, CLAIMS);
	expect_ok_token(t);
	*strrchr(t, '.') = '\0';			/* 2 segments */
	expect_refused_token(t);
	free(t);
	t = mk(HDR_OK, CLAIMS);
	assert_true(asprintf(&t2, "%s.%s", t, "AAAA") > 0);	/* 4 */
	expect_refused_token(t2);
	free(t2);
	assert_true(asprintf(&t2, "%s.%s", t, "AAAA.AAAA") > 0);	/* 5 */
	expect_refused_token(t2);
	free(t2);
	assert_true(asprintf(&t2, "%s.", t) > 0);	/* trailing dot */
	expect_refused_token(t2);
	free(t2);
	assert_true(asprintf(&t2, ".%s", t) > 0);	/* leading dot */
	expect_refused_token(t2);
	free(t2);
	free(t);
	expect_refused_token("AAAA");
	expect_refused_token("..");
	expect_refused_token(".");
	expect_refused_token("....");
	/* JWS JSON serialization (RFC 7515 7.2) */
	expect_refused_token("{\"payload\":\"e30\",\"signatures\":[{"
	    "\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":\"AA\"}]}");
}

static void
test_empty_segments(void **state)
{
	char *h, *c, *s, *t;
	unsigned char sig[64];

	(void)state;
	memset(sig, 1, sizeof(sig));
	h = mint_b64url(HDR_OK, strlen(HDR_OK));
	c = mint_b64url(CLAIMS, strlen(CLAIMS));
	s = mint_b64url(sig, 64);
	assert_true(asprintf(&t, ".%s.%s", c, s) > 0);
	expect_refused_token(t);
	free(t);
	assert_true(asprintf(&t, "%s..%s", h, s) > 0);
	expect_refused_token(t);
	free(t);
	assert_true(asprintf(&t, "%s.%s.", h, c) > 0);
	expect_refused_token(t);
	free(t);
	assert_true(asprintf(&t, "%s.%s.%s", h, c, s) > 0);
	expect_ok_token(t);
	free(t);
	free(h);
	free(c);
	free(s);
}

/* DESIGN.md invariant 2: size capped before decoding. */
static void
test_size_cap(void **state)
{
	char *t, *claims, *big;
	size_t n = 17 * 1024;

	(void)state;
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'A', n);
	big[100] = '.';
	big[200] = '.';
	big[n] = '\0';
	expect_refused_token(big);			/* 17 KiB */
	expect_refused_token_len(big, CT_TOKEN_MAX + 1, BOTH);
	free(big);
	/* Positive control: a 15 KiB token with a big claim parses. */
	claims = malloc(11 * 1024 + 32);
	assert_non_null(claims);
	memcpy(claims, "{\"pad\":\"", 8);
	memset(claims + 8, 'x', 11 * 1024);
	memcpy(claims + 8 + 11 * 1024, "\"}", 3);
	t = mk(HDR_OK, claims);
	assert_true(strlen(t) > 14 * 1024 && strlen(t) <= CT_TOKEN_MAX);
	expect_ok_token(t);
	free(t);
	free(claims);
	expect_refused_token_len("", 0, BOTH);
}

/* Issue 21.6: an empty reply is logged as empty, a long one as too long. */
static void
test_size_messages(void **state)
{
	struct ct_jws *jws;
	struct ct_err e;
	char *big;

	(void)state;
	assert_int_equal(parse("", 0, BOTH, &jws, &e), CT_EAUTH);
	assert_non_null(strstr(e.msg, "token: empty"));
	assert_null(strstr(e.msg, "longer"));
	big = malloc(CT_TOKEN_MAX + 2);
	assert_non_null(big);
	memset(big, 'A', CT_TOKEN_MAX + 1);
	big[CT_TOKEN_MAX + 1] = '\0';
	assert_int_equal(parse(big, CT_TOKEN_MAX + 1, BOTH, &jws, &e),
	    CT_EAUTH);
	assert_non_null(strstr(e.msg, "token: too long"));
	assert_null(strstr(e.msg, "empty"));
	free(big);
	expect_refused_token_len(NULL, 0, BOTH);
	expect_refused_token_len(NULL, 10, BOTH);
}

/* Only [A-Za-z0-9_-] and '.' are token bytes (RFC 7515 2, 7.1). */
static void
test_charset(void **state)
{
	static const char *const bad[] = {
		" ", "\n", "\r\n", "\t", "=", "==", "+", "/", "%", "\"", "\x80",
		"\xc3\xa9", ","
	};
	char *t, *t2;
	size_t i, n;

	(void)state;
	t = mk(HDR_OK, CLAIMS);
	n = strlen(t);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true(asprintf(&t2, "%s%s", t, bad[i]) > 0);
		expect_refused_token(t2);
		free(t2);
		assert_true(asprintf(&t2, "%s%s", bad[i], t) > 0);
		expect_refused_token(t2);
		free(t2);
		assert_true(asprintf(&t2, "%.*s%s%s", 10, t, bad[i],
		    t + 10) > 0);
		expect_refused_token(t2);
		free(t2);
	}
	/* A NUL byte inside the given length. */
	t2 = strdup(t);
	t2[12] = '\0';
	expect_refused_token_len(t2, n, BOTH);
	free(t2);
	/* Only len bytes count: the token followed by junk parses. */
	assert_true(asprintf(&t2, "%s\n junk", t) > 0);
	{
		struct ct_jws *jws;
		struct ct_err e;

		assert_int_equal(parse(t2, n, BOTH, &jws, &e), CT_OK);
		ct_jws_free(jws);
	}
	free(t2);
	free(t);
}

/* Padding and non-canonical base64url in each segment. */
static void
test_strict_base64url(void **state)
{
	unsigned char sig[64];
	char *h, *c, *s, *t;

	(void)state;
	memset(sig, 0, sizeof(sig));
	h = mint_b64url(HDR_OK, strlen(HDR_OK));
	c = mint_b64url(CLAIMS, strlen(CLAIMS));
	s = mint_b64url(sig, 64);		/* 86 chars, last is 'A' */
	assert_true(asprintf(&t, "%s.%s.%s", h, c, s) > 0);
	expect_ok_token(t);
	free(t);
	s[85] = 'B';			/* non-zero unused bits */
	assert_true(asprintf(&t, "%s.%s.%s", h, c, s) > 0);
	expect_refused_token(t);
	free(t);
	s[85] = 'A';
	assert_true(asprintf(&t, "%s.%s.%sA", h, c, s) > 0);	/* %4 == 3 */
	expect_ok_token(t);
	free(t);
	assert_true(asprintf(&t, "%s.%s.%sAAA", h, c, s) > 0);	/* %4 == 1 */
	expect_refused_token(t);
	free(t);
	assert_true(asprintf(&t, "%sA.%s.%s", h, c, s) > 0);
	expect_refused_token(t);
	free(t);
	free(h);
	free(c);
	free(s);
}

static void
test_header_not_object(void **state)
{
	(void)state;
	expect_refused("[\"ES256\"]", CLAIMS);
	expect_refused("\"ES256\"", CLAIMS);
	expect_refused("null", CLAIMS);
	expect_refused("{\"alg\":\"ES256\"", CLAIMS);
	expect_refused("{\"alg\":\"ES256\"}x", CLAIMS);
	expect_refused("{\"alg\":\"ES256\"}{}", CLAIMS);
	expect_refused("{\"alg\":\"\xff\"}", CLAIMS);
	/* Duplicate alg: a parser that keeps the first sees "none". */
	expect_refused("{\"alg\":\"none\",\"alg\":\"ES256\"}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"alg\":\"none\"}", CLAIMS);
	expect_refused("{\"alg\":\"ES256\",\"kid\":\"a\",\"kid\":\"b\"}",
	    CLAIMS);
	expect_ok("{\"alg\":\"ES256\"}", CLAIMS);
}

static void
test_payload_not_object(void **state)
{
	char deep[20100];
	size_t i;

	(void)state;
	expect_refused(HDR_OK, "[]");
	expect_refused(HDR_OK, "\"sub\"");
	expect_refused(HDR_OK, "12");
	expect_refused(HDR_OK, "");
	expect_refused(HDR_OK, "{\"sub\":\"a\",\"sub\":\"b\"}");
	expect_refused(HDR_OK, "{\"sub\":\"a\\u0000b\"}");
	expect_refused(HDR_OK, "{\"sub\":\"\xc0\xaf\"}");
	memcpy(deep, "{\"a\":", 5);
	for (i = 5; i < 10005; i++)
		deep[i] = '[';
	deep[i] = '\0';
	expect_refused(HDR_OK, deep);
	expect_ok(HDR_OK, "{}");
}

/* RFC 7515 5.2: the header is judged before the payload is decoded. */
static void
test_order_of_checks(void **state)
{
	struct ct_jws *jws;
	struct ct_err e;
	char *t;

	(void)state;
	t = mk("{\"alg\":\"none\"}", "not json at all");
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_EAUTH);
	assert_non_null(strstr(e.msg, "alg"));
	free(t);
	t = mk(HDR_OK, "not json at all");
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_EAUTH);
	assert_non_null(strstr(e.msg, "claims"));
	free(t);
}

/* No reason ever quotes token bytes. */
static void
test_reason_has_no_token_bytes(void **state)
{
	struct ct_jws *jws;
	struct ct_err e;
	char *t;

	(void)state;
	t = mk("{\"alg\":\"SECRET-ALG\"}", CLAIMS);
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_EAUTH);
	assert_null(strstr(e.msg, "SECRET"));
	free(t);
	t = mk(HDR_OK, "{\"sub\":\"SECRET\" SECRET}");
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_EAUTH);
	assert_null(strstr(e.msg, "SECRET"));
	free(t);
	t = mk("{\"alg\":\"ES256\",\"SECRET\":1,\"SECRET\":2}", CLAIMS);
	assert_int_equal(parse(t, strlen(t), BOTH, &jws, &e), CT_EAUTH);
	assert_null(strstr(e.msg, "SECRET"));
	free(t);
}

/* Issue 19: what counts as "shaped like a token" (ct_jws_shaped). */
static void
test_token_shape(void **state)
{
	const char *no[] = { "", "hunter2", "my.pass.word", "a.b.c",
	    "e30.e30", "e30..e30", ".e30.e30", "e30.e30.", "e30.e30.e30.e30",
	    "e30=.e30.e30", "e30 .e30.e30", "W10.e30.e30", "InsiOiAxfSI.x.y",
	    "e31.e30.e30", NULL };
	char *t, *sp;
	size_t i;

	(void)state;
	for (i = 0; no[i] != NULL; i++)
		if (ct_jws_shaped(no[i], strlen(no[i])))
			fail_msg("\"%s\" taken for a token", no[i]);
	assert_false(ct_jws_shaped(NULL, 0));
	assert_true(ct_jws_shaped("e30.e30.e30", 11));	/* {} */
	assert_true(ct_jws_shaped("e30.x.y", 7));	/* any later segments */
	/* Every token ct_jws_parse takes, signature or not. */
	t = mk(HDR_OK, CLAIMS);
	assert_true(ct_jws_shaped(t, strlen(t)));
	assert_false(ct_jws_shaped(t, strlen(t) - 1 - strlen(strrchr(t,
	    '.') + 1)));	/* cut before the signature */
	free(t);
	t = mk(" \n{\"alg\":\"none\"}\t", "not json");
	assert_true(ct_jws_shaped(t, strlen(t)));
	free(t);
	/* A space, or a fourth segment, is not a token. */
	t = mk(HDR_OK, CLAIMS);
	assert_non_null(sp = strchr(t, '.'));
	*sp = ' ';
	assert_false(ct_jws_shaped(t, strlen(t)));
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_token),
		cmocka_unit_test(test_signed_roundtrip),
		cmocka_unit_test(test_alg_none_all_spellings),
		cmocka_unit_test(test_alg_hmac_and_unknown),
		cmocka_unit_test(test_alg_not_allowed_by_mask),
		cmocka_unit_test(test_crit_refused),
		cmocka_unit_test(test_embedded_key_refused),
		cmocka_unit_test(test_typ_cty),
		cmocka_unit_test(test_kid),
		cmocka_unit_test(test_kid_10k),
		cmocka_unit_test(test_segment_count),
		cmocka_unit_test(test_empty_segments),
		cmocka_unit_test(test_size_messages),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_charset),
		cmocka_unit_test(test_strict_base64url),
		cmocka_unit_test(test_header_not_object),
		cmocka_unit_test(test_payload_not_object),
		cmocka_unit_test(test_order_of_checks),
		cmocka_unit_test(test_reason_has_no_token_bytes),
		cmocka_unit_test(test_token_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

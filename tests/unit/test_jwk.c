/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_jwk.c - one JWK to a validated public key (RFC 7517 4, RFC 7518 6).
 * Every refusal sits beside a positive control built from the same key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "jwk.h"
#include "jwk_json.h"
#include "mint.h"

/* Wycheproof json_web_key_test.json tcId 5 (good) and tcId 7 (ROCA). */
static const char good_n[] =
    "kqGboBfAWttWPCA-0cGRgsY6SaYoIARt0B_PkaEcIq9HPYNdu9n6UuWHuuTHrjF_ZoQW9"
    "7r5HaAorNvrMEGTGdxCHZdEtkHvNVVmrtxTBLiQCbCozXhFoIrVcr3qUBrdGnNn_M3jJi"
    "7Wg7p_-x62nS5gNG875oyheRkutHsQXikFZwsN3q_TsPNOVlCiHy8mxzaFTUQGm-X8UYe"
    "xFyAivlDSjgDJLAZSWfxd7k9Gxuwa3AUfQqQcVcegmgKGCaErQ3qQbh1x7WB6iopE3_-G"
    "Z8HMAVtR9AmrVscqYsnjhaCehfAI0iKKs8zXr8tISc0ORbaalrkk03H1ZrsEnDKEWQ";
static const char roca_n[] =
    "AanFpofbj7KjD4Lf-N2hVMKR7yewSyXhhbirIMTGpfYEhZ_lnt5UoK98DnKIgArXGTu3M"
    "aW_HhFw16HGaTDUHqPrId7fe4r11CqRw09yBFuW79V8sYIwHdzCaWflUI6auImYbVfoN9"
    "_nD5n8N8SY9DwXw7mwZM9wREPXoDPgOoIWl6q_MPsp7n0zs3Z5ZaiQWOOzl1S9OhwAfSi"
    "iOwz6efnXEaxuTEtPd7BjSx7NaFka8Dx9U7YqXy2RFj1O9PjyaDGuRh7YXsX3iMUSP_wS"
    "yHQg_c_qHRtKUsNSGCT7OZg0hzm2KphtjnayKJvC64vAbROBR4Ubg6Bxg9IQVZ-QYyE";

struct keys {
	EVP_PKEY *ec;
	EVP_PKEY *rsa;
	EVP_PKEY *rsa1024;
	unsigned char x[32], y[32];
	unsigned char n[1024], e[8];
	size_t nlen, elen;
};

static void
set_b64(json_t *o, const char *name, const unsigned char *p, size_t n)
{
	char *s = mint_b64url(p, n);

	assert_int_equal(json_object_set_new(o, name, json_string(s)), 0);
	free(s);
}

static size_t
get_bn(EVP_PKEY *k, const char *param, unsigned char *out, int pad)
{
	BIGNUM *bn = NULL;
	int n;

	assert_int_equal(EVP_PKEY_get_bn_param(k, param, &bn), 1);
	n = pad > 0 ? BN_bn2binpad(bn, out, pad) : BN_bn2bin(bn, out);
	assert_true(n > 0);
	BN_free(bn);
	return (size_t)n;
}

static int
setup(void **state)
{
	struct keys *k = calloc(1, sizeof(*k));

	assert_non_null(k);
	k->ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	k->rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	k->rsa1024 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	assert_non_null(k->ec);
	assert_non_null(k->rsa);
	assert_non_null(k->rsa1024);
	get_bn(k->ec, OSSL_PKEY_PARAM_EC_PUB_X, k->x, 32);
	get_bn(k->ec, OSSL_PKEY_PARAM_EC_PUB_Y, k->y, 32);
	k->nlen = get_bn(k->rsa, OSSL_PKEY_PARAM_RSA_N, k->n, 0);
	k->elen = get_bn(k->rsa, OSSL_PKEY_PARAM_RSA_E, k->e, 0);
	*state = k;
	return 0;
}

static int
teardown(void **state)
{
	struct keys *k = *state;

	EVP_PKEY_free(k->ec);
	EVP_PKEY_free(k->rsa);
	EVP_PKEY_free(k->rsa1024);
	free(k);
	return 0;
}

static json_t *
ec_jwk(const struct keys *k)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "kty", "EC", "crv", "P-256",
	    "kid", "ec-1");

	assert_non_null(o);
	set_b64(o, "x", k->x, 32);
	set_b64(o, "y", k->y, 32);
	return o;
}

static json_t *
rsa_jwk(const struct keys *k)
{
	json_t *o = json_pack("{s:s, s:s}", "kty", "RSA", "kid", "rsa-1");

	assert_non_null(o);
	set_b64(o, "n", k->n, k->nlen);
	set_b64(o, "e", k->e, k->elen);
	return o;
}

/* Loads jwk, takes the reference, and returns the status. */
static int
load(json_t *jwk, struct ct_key *key)
{
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	memset(key, 0, sizeof(*key));
	r = ct_jwk_load(jwk, key, &e);
	json_decref(jwk);
	if (r != CT_OK) {
		assert_int_equal(e.code, r);
		assert_true(e.msg[0] != '\0');
		assert_null(key->pkey);
		assert_null(key->kid);
	}
	/* Nothing left for the host process's OpenSSL error queue. */
	assert_int_equal(ERR_peek_error(), 0);
	return r;
}

static void
expect_ok(json_t *jwk, enum ct_alg alg)
{
	struct ct_key key;

	assert_int_equal(load(jwk, &key), CT_OK);
	assert_int_equal(key.alg, alg);
	assert_non_null(key.pkey);
	ct_key_clear(&key);
	assert_null(key.pkey);
}

static void
expect_refused(json_t *jwk)
{
	struct ct_key key;

	assert_int_equal(load(jwk, &key), CT_ENOKEYS);
}

static void
test_ec_valid(void **state)
{
	struct keys *k = *state;
	struct ct_key key;
	json_t *o;

	assert_int_equal(load(ec_jwk(k), &key), CT_OK);
	assert_int_equal(key.alg, CT_ALG_ES256);
	assert_string_equal(key.kid, "ec-1");
	assert_true(EVP_PKEY_eq(key.pkey, k->ec) == 1);
	ct_key_clear(&key);
	o = ec_jwk(k);
	json_object_del(o, "kid");
	assert_int_equal(load(o, &key), CT_OK);
	assert_null(key.kid);
	ct_key_clear(&key);
	ct_key_clear(&key);	/* twice is harmless */
	ct_key_clear(NULL);
	o = ec_jwk(k);
	json_object_set_new(o, "alg", json_string("ES256"));
	json_object_set_new(o, "use", json_string("sig"));
	json_object_set_new(o, "key_ops", json_pack("[s,s]", "sign",
	    "verify"));
	json_object_set_new(o, "x5t", json_string("ignored"));
	expect_ok(o, CT_ALG_ES256);
}

static void
test_rsa_valid(void **state)
{
	struct keys *k = *state;
	struct ct_key key;
	json_t *o;

	assert_int_equal(load(rsa_jwk(k), &key), CT_OK);
	assert_int_equal(key.alg, CT_ALG_RS256);
	assert_string_equal(key.kid, "rsa-1");
	assert_true(EVP_PKEY_eq(key.pkey, k->rsa) == 1);
	ct_key_clear(&key);
	o = rsa_jwk(k);
	json_object_set_new(o, "alg", json_string("RS256"));
	expect_ok(o, CT_ALG_RS256);
}

/* A published key set carries no private or symmetric key material. */
static void
test_private_members(void **state)
{
	static const char *const priv[] = {
		"d", "p", "q", "dp", "dq", "qi", "oth", "k"
	};
	struct keys *k = *state;
	json_t *o;
	size_t i;

	for (i = 0; i < sizeof(priv) / sizeof(priv[0]); i++) {
		o = ec_jwk(k);
		json_object_set_new(o, priv[i], json_string("AQAB"));
		expect_refused(o);
		o = rsa_jwk(k);
		json_object_set_new(o, priv[i], json_string("AQAB"));
		expect_refused(o);
		o = rsa_jwk(k);
		json_object_set_new(o, priv[i], json_null());
		expect_refused(o);
	}
	expect_ok(ec_jwk(k), CT_ALG_ES256);
}

/* RFC 7518 6.4: symmetric keys never verify a login token. */
static void
test_oct_and_unknown_kty(void **state)
{
	struct keys *k = *state;
	json_t *o;

	expect_refused(json_pack("{s:s, s:s, s:s}", "kty", "oct", "k",
	    "-ebuDNsVZ2iJtoZ-akfXTSCt4UO2cruLCsbWlBinggE", "alg", "HS256"));
	expect_refused(json_pack("{s:s, s:s}", "kty", "oct", "alg", "HS256"));
	o = ec_jwk(k);
	json_object_set_new(o, "kty", json_string("OKP"));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "kty", json_string("ec"));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "kty", json_integer(1));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_del(o, "kty");
	expect_refused(o);
	o = rsa_jwk(k);
	json_object_set_new(o, "kty", json_string("EC"));
	expect_refused(o);
	expect_refused(json_pack("[s]", "kty"));
	expect_refused(json_string("EC"));
	assert_int_equal(ct_jwk_load(NULL, NULL, NULL), CT_ENOKEYS);
}

static void
test_ec_wrong_curve(void **state)
{
	static const char *const curves[] = {
		"P-384", "P-521", "P-256K", "secp256k1", "p-256", "P-256 ",
		"prime256v1", ""
	};
	struct keys *k = *state;
	json_t *o;
	size_t i;

	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
		o = ec_jwk(k);
		json_object_set_new(o, "crv", json_string(curves[i]));
		expect_refused(o);
	}
	o = ec_jwk(k);
	json_object_del(o, "crv");
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "crv", json_integer(256));
	expect_refused(o);
	expect_ok(ec_jwk(k), CT_ALG_ES256);
}

/* Invalid-curve attack: a point that is not on P-256 never loads. */
static void
test_ec_point_not_on_curve(void **state)
{
	struct keys *k = *state;
	unsigned char y[32], zero[32] = { 0 };
	json_t *o;

	memcpy(y, k->y, 32);
	y[31] ^= 0x01;
	o = ec_jwk(k);
	set_b64(o, "y", y, 32);
	expect_refused(o);
	o = ec_jwk(k);
	set_b64(o, "x", zero, 32);
	set_b64(o, "y", zero, 32);
	expect_refused(o);
	o = ec_jwk(k);		/* x and y swapped */
	set_b64(o, "x", k->y, 32);
	set_b64(o, "y", k->x, 32);
	expect_refused(o);
	expect_ok(ec_jwk(k), CT_ALG_ES256);
}

/*
 * A coordinate must be below the field prime p (SEC 1 2.3.4 / SP 800-56A
 * 5.6.2.3.3 step 2), not reduced mod p: x = p is refused although
 * (x mod p, y) = (0, y) is on P-256, and (0, y) itself loads.
 */
static void
test_ec_coordinate_not_reduced(void **state)
{
	static const unsigned char p256_p[32] = {
		0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	static const unsigned char y0[32] = {	/* y of the point x = 0 */
		0x66, 0x48, 0x5c, 0x78, 0x0e, 0x2f, 0x83, 0xd7,
		0x24, 0x33, 0xbd, 0x5d, 0x84, 0xa0, 0x6b, 0xb6,
		0x54, 0x1c, 0x2a, 0xf3, 0x1d, 0xae, 0x87, 0x17,
		0x28, 0xbf, 0x85, 0x6a, 0x17, 0x4f, 0x93, 0xf4
	};
	unsigned char zero[32] = { 0 };
	struct keys *k = *state;
	json_t *o;

	o = ec_jwk(k);
	set_b64(o, "x", p256_p, 32);
	set_b64(o, "y", y0, 32);
	expect_refused(o);
	o = ec_jwk(k);		/* positive control: the reduced point */
	set_b64(o, "x", zero, 32);
	set_b64(o, "y", y0, 32);
	expect_ok(o, CT_ALG_ES256);
}

/* RFC 7518 6.2.1.2: exactly 32 octets, even for a leading zero. */
static void
test_ec_coordinate_length(void **state)
{
	struct keys *k = *state;
	unsigned char buf[33];
	json_t *o;

	buf[0] = 0;
	memcpy(buf + 1, k->x, 32);
	o = ec_jwk(k);
	set_b64(o, "x", buf, 33);
	expect_refused(o);
	o = ec_jwk(k);
	set_b64(o, "x", k->x + 1, 31);
	expect_refused(o);
	o = ec_jwk(k);
	set_b64(o, "y", buf, 33);
	expect_refused(o);
	o = ec_jwk(k);
	set_b64(o, "y", k->y, 0);
	expect_refused(o);
	expect_ok(ec_jwk(k), CT_ALG_ES256);
}

static void
test_ec_bad_encoding(void **state)
{
	struct keys *k = *state;
	json_t *o;
	char *s;
	size_t n;

	o = ec_jwk(k);		/* padded */
	s = mint_b64url(k->x, 32);
	n = strlen(s);
	s = realloc(s, n + 2);
	assert_non_null(s);
	memcpy(s + n, "=", 2);
	json_object_set_new(o, "x", json_string(s));
	expect_refused(o);
	s[n] = '\0';
	o = ec_jwk(k);		/* standard alphabet / whitespace */
	s[0] = '+';
	json_object_set_new(o, "x", json_string(s));
	expect_refused(o);
	s[0] = ' ';
	o = ec_jwk(k);
	json_object_set_new(o, "x", json_string(s));
	expect_refused(o);
	free(s);
	o = ec_jwk(k);
	json_object_set_new(o, "x", json_integer(5));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_del(o, "y");
	expect_refused(o);
	expect_ok(ec_jwk(k), CT_ALG_ES256);
}

/* RFC 7517 4.2, 4.3: use must be "sig"; key_ops must allow "verify". */
static void
test_use_and_key_ops(void **state)
{
	struct keys *k = *state;
	json_t *o;

	o = ec_jwk(k);
	json_object_set_new(o, "use", json_string("enc"));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "use", json_integer(1));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "key_ops", json_pack("[s]", "sign"));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "key_ops", json_string("verify"));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "key_ops", json_pack("[s,i]", "verify", 1));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "key_ops", json_array());
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "use", json_string("sig"));
	json_object_set_new(o, "key_ops", json_pack("[s]", "verify"));
	expect_ok(o, CT_ALG_ES256);
}

/* RFC 7517 4.4, RFC 8725 3.1: "alg" must be the key type's one alg. */
static void
test_alg_member(void **state)
{
	static const char *const bad[] = {
		"RS256", "ES384", "ES512", "ES256K", "HS256", "none", "es256",
		"ES521", "ES224", "PS256", ""
	};
	struct keys *k = *state;
	json_t *o;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o = ec_jwk(k);
		json_object_set_new(o, "alg", json_string(bad[i]));
		expect_refused(o);
	}
	o = rsa_jwk(k);
	json_object_set_new(o, "alg", json_string("ES256"));
	expect_refused(o);
	o = rsa_jwk(k);
	json_object_set_new(o, "alg", json_string("RSA1_5"));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "alg", json_null());
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "alg", json_string("ES256"));
	expect_ok(o, CT_ALG_ES256);
}

static void
test_kid_member(void **state)
{
	struct keys *k = *state;
	char kid[CT_KID_MAX + 2];
	json_t *o;

	o = ec_jwk(k);
	json_object_set_new(o, "kid", json_integer(7));
	expect_refused(o);
	o = ec_jwk(k);
	json_object_set_new(o, "kid", json_null());
	expect_refused(o);
	memset(kid, 'a', sizeof(kid) - 1);
	kid[CT_KID_MAX + 1] = '\0';
	o = ec_jwk(k);
	json_object_set_new(o, "kid", json_string(kid));
	expect_refused(o);
	kid[CT_KID_MAX] = '\0';
	o = ec_jwk(k);
	json_object_set_new(o, "kid", json_string(kid));
	expect_ok(o, CT_ALG_ES256);
	o = ec_jwk(k);
	json_object_set_new(o, "kid", json_stringn("a\0b", 3));
	expect_refused(o);
}

/* RFC 7518 6.3.1.1: 2048..8192 bits. */
static void
test_rsa_too_small(void **state)
{
	struct keys *k = *state;
	unsigned char n[512];
	size_t nlen;
	json_t *o;

	nlen = get_bn(k->rsa1024, OSSL_PKEY_PARAM_RSA_N, n, 0);
	o = rsa_jwk(k);
	set_b64(o, "n", n, nlen);
	expect_refused(o);
	/* 2047 bits: the real modulus shifted right by one, made odd. */
	memcpy(n, k->n, k->nlen);
	n[0] >>= 1;
	n[255] |= 1;
	o = rsa_jwk(k);
	set_b64(o, "n", n, 256);
	expect_refused(o);
	expect_ok(rsa_jwk(k), CT_ALG_RS256);
}

static void
test_rsa_too_large(void **state)
{
	struct keys *k = *state;
	unsigned char *n;
	json_t *o;

	n = malloc(1025);
	assert_non_null(n);
	memset(n, 0xab, 1025);	/* 8200 bits */
	n[1024] = 0xb5;
	o = rsa_jwk(k);
	set_b64(o, "n", n, 1025);
	expect_refused(o);
	free(n);
}

/* RFC 7518 6.3.1.1: no leading zero octet in n. */
static void
test_rsa_leading_zero(void **state)
{
	struct keys *k = *state;
	unsigned char n[600], e[4] = { 0, 1, 0, 1 };
	json_t *o;

	n[0] = 0;
	memcpy(n + 1, k->n, k->nlen);
	o = rsa_jwk(k);
	set_b64(o, "n", n, k->nlen + 1);
	expect_refused(o);
	o = rsa_jwk(k);
	set_b64(o, "e", e, 4);
	expect_refused(o);
	expect_ok(rsa_jwk(k), CT_ALG_RS256);
}

static void
test_rsa_exponent(void **state)
{
	struct keys *k = *state;
	static const unsigned char e1[] = { 1 }, e2[] = { 2 }, e3[] = { 3 },
	    e4[] = { 4 }, e65536[] = { 1, 0, 0 }, e5b[] = { 1, 0, 0, 0, 1 },
	    e4b[] = { 0x7f, 0xff, 0xff, 0xff };
	json_t *o;

	o = rsa_jwk(k);
	set_b64(o, "e", e1, 1);
	expect_refused(o);
	o = rsa_jwk(k);
	set_b64(o, "e", e2, 1);
	expect_refused(o);
	o = rsa_jwk(k);
	set_b64(o, "e", e4, 1);
	expect_refused(o);
	o = rsa_jwk(k);
	set_b64(o, "e", e65536, 3);
	expect_refused(o);
	o = rsa_jwk(k);
	set_b64(o, "e", e5b, 5);
	expect_refused(o);
	o = rsa_jwk(k);
	set_b64(o, "e", e3, 0);
	expect_refused(o);
	o = rsa_jwk(k);
	json_object_del(o, "e");
	expect_refused(o);
	/* Positive controls: e = 3, e = 65537 and a 4-octet odd e load. */
	o = rsa_jwk(k);
	set_b64(o, "e", e3, 1);
	expect_ok(o, CT_ALG_RS256);
	o = rsa_jwk(k);
	set_b64(o, "e", e4b, 4);
	expect_ok(o, CT_ALG_RS256);
	expect_ok(rsa_jwk(k), CT_ALG_RS256);
}

static void
test_rsa_even_modulus(void **state)
{
	struct keys *k = *state;
	unsigned char n[600];
	json_t *o;

	memcpy(n, k->n, k->nlen);
	n[k->nlen - 1] ^= 1;
	o = rsa_jwk(k);
	set_b64(o, "n", n, k->nlen);
	expect_refused(o);
}

/* CVE-2017-15361: the Wycheproof ROCA key is refused, its twin is not. */
static void
test_rsa_roca(void **state)
{
	struct ct_key key;
	struct ct_err e;
	json_t *o;

	(void)state;
	o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "RSA", "alg",
	    "RS256", "use", "sig", "e", "AQAB", "n", roca_n);
	ct_err_clear(&e);
	memset(&key, 0, sizeof(key));
	assert_int_equal(ct_jwk_load(o, &key, &e), CT_ENOKEYS);
	assert_non_null(strstr(e.msg, "ROCA"));	/* refused for ROCA */
	json_decref(o);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "RSA", "alg",
	    "RS256", "use", "sig", "e", "AQAB", "n", good_n);
	expect_ok(o, CT_ALG_RS256);
}

/* A modulus with a small prime factor is no RSA modulus at all. */
static void
test_rsa_small_factor(void **state)
{
	struct keys *k = *state;
	unsigned char n[600];
	BIGNUM *bn;
	BN_ULONG rem;
	json_t *o;

	bn = BN_bin2bn(k->n, (int)k->nlen, NULL);
	assert_non_null(bn);
	/* add 2*j so that n stays odd and becomes divisible by 3 */
	rem = BN_mod_word(bn, 3);
	assert_int_equal(BN_add_word(bn, rem == 0 ? 0 : (rem == 1 ? 2 : 4)),
	    1);
	assert_int_equal(BN_mod_word(bn, 3), 0);
	assert_int_equal(BN_bn2binpad(bn, n, (int)k->nlen), (int)k->nlen);
	BN_free(bn);
	o = rsa_jwk(k);
	set_b64(o, "n", n, k->nlen);
	expect_refused(o);
}

static void
test_rsa_member_types(void **state)
{
	struct keys *k = *state;
	json_t *o;

	o = rsa_jwk(k);
	json_object_set_new(o, "n", json_integer(65537));
	expect_refused(o);
	o = rsa_jwk(k);
	json_object_set_new(o, "e", json_integer(65537));
	expect_refused(o);
	o = rsa_jwk(k);
	json_object_set_new(o, "n", json_string("AQAB=="));
	expect_refused(o);
	o = rsa_jwk(k);
	json_object_del(o, "n");
	expect_refused(o);
	expect_ok(rsa_jwk(k), CT_ALG_RS256);
}

/*
 * Issue 22: P-384, P-521, Ed25519 and RSA keys for PS; the key type (and
 * curve) pins the algorithm; the JWK "alg" must fit it and narrows an
 * RSA key to that one algorithm.
 */
static void
test_every_key_type(void **state)
{
	static const enum ct_alg algs[] = { CT_ALG_ES256, CT_ALG_ES384,
	    CT_ALG_ES512, CT_ALG_RS256, CT_ALG_RS384, CT_ALG_RS512,
	    CT_ALG_PS256, CT_ALG_PS384, CT_ALG_PS512, CT_ALG_EDDSA };
	struct mint_key *m;
	struct ct_key key;
	json_t *o;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		m = mint_key_new(algs[i], "k");
		/* The JWK names its alg: the key fits that one only. */
		assert_int_equal(load(mint_jwk_obj(m), &key), CT_OK);
		assert_int_equal(key.alg, algs[i]);
		for (j = 0; j < sizeof(algs) / sizeof(algs[0]); j++)
			assert_int_equal(ct_key_fits(&key, algs[j]), i == j);
		ct_key_clear(&key);
		/* Without alg: the type's family (RSA: every RS and PS). */
		o = mint_jwk_obj(m);
		json_object_del(o, "alg");
		assert_int_equal(load(o, &key), CT_OK);
		for (j = 0; j < sizeof(algs) / sizeof(algs[0]); j++)
			assert_int_equal(ct_key_fits(&key, algs[j]), i == j ||
			    ((algs[i] & CT_ALG_RSA_ALL) != 0 &&
			    (algs[j] & CT_ALG_RSA_ALL) != 0));
		ct_key_clear(&key);
		/* An alg of another type or curve refuses the key. */
		for (j = 0; j < sizeof(algs) / sizeof(algs[0]); j++) {
			if (j == i || ((algs[i] & CT_ALG_RSA_ALL) != 0 &&
			    (algs[j] & CT_ALG_RSA_ALL) != 0))
				continue;
			o = mint_jwk_obj(m);
			json_object_set_new(o, "alg",
			    json_string(ct_alg_name(algs[j])));
			expect_refused(o);
		}
		mint_key_free(m);
	}
}

/* RFC 8037 2: OKP is Ed25519 only, x of 32 octets, no y, no d. */
static void
test_okp_rules(void **state)
{
	struct mint_key *m = mint_key_new(CT_ALG_EDDSA, "ed");
	json_t *o;

	(void)state;
	expect_ok(mint_jwk_obj(m), CT_ALG_EDDSA);
	o = mint_jwk_obj(m);
	json_object_set_new(o, "crv", json_string("Ed448"));
	expect_refused(o);
	o = mint_jwk_obj(m);
	json_object_set_new(o, "crv", json_string("X25519"));
	expect_refused(o);
	o = mint_jwk_obj(m);
	json_object_del(o, "crv");
	expect_refused(o);
	o = mint_jwk_obj(m);
	json_object_set_new(o, "y", json_string("AAAA"));
	expect_refused(o);
	o = mint_jwk_obj(m);
	json_object_set_new(o, "d", json_string("AAAA"));
	expect_refused(o);
	o = mint_jwk_obj(m);
	json_object_set_new(o, "x", json_string(
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));	/* 31 octets */
	expect_refused(o);
	o = mint_jwk_obj(m);
	json_object_set_new(o, "x", json_string(
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));	/* 34 */
	expect_refused(o);
	o = mint_jwk_obj(m);
	json_object_set_new(o, "kty", json_string("EC"));	/* no y */
	expect_refused(o);
	mint_key_free(m);
}

/* RFC 7518 6.2.1.2: x and y are exactly the curve's field size. */
static void
test_ec_coordinate_length_per_curve(void **state)
{
	struct mint_key *m384 = mint_key_new(CT_ALG_ES384, "p384");
	struct mint_key *m521 = mint_key_new(CT_ALG_ES512, "p521");
	json_t *o, *p256;

	(void)state;
	/* A P-521 point labelled P-384, and the other way round. */
	o = mint_jwk_obj(m521);
	json_object_set_new(o, "crv", json_string("P-384"));
	json_object_del(o, "alg");
	expect_refused(o);
	o = mint_jwk_obj(m384);
	json_object_set_new(o, "crv", json_string("P-521"));
	json_object_del(o, "alg");
	expect_refused(o);
	/* A P-384 point labelled P-256 (x and y too long). */
	o = mint_jwk_obj(m384);
	json_object_set_new(o, "crv", json_string("P-256"));
	json_object_del(o, "alg");
	expect_refused(o);
	/* x replaced by y: a point off P-384, refused. */
	p256 = mint_jwk_obj(m384);
	json_object_set(p256, "x", json_object_get(p256, "y"));
	expect_refused(p256);
	mint_key_free(m384);
	mint_key_free(m521);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ec_valid),
		cmocka_unit_test(test_every_key_type),
		cmocka_unit_test(test_okp_rules),
		cmocka_unit_test(test_ec_coordinate_length_per_curve),
		cmocka_unit_test(test_rsa_valid),
		cmocka_unit_test(test_private_members),
		cmocka_unit_test(test_oct_and_unknown_kty),
		cmocka_unit_test(test_ec_wrong_curve),
		cmocka_unit_test(test_ec_point_not_on_curve),
		cmocka_unit_test(test_ec_coordinate_not_reduced),
		cmocka_unit_test(test_ec_coordinate_length),
		cmocka_unit_test(test_ec_bad_encoding),
		cmocka_unit_test(test_use_and_key_ops),
		cmocka_unit_test(test_alg_member),
		cmocka_unit_test(test_kid_member),
		cmocka_unit_test(test_rsa_too_small),
		cmocka_unit_test(test_rsa_too_large),
		cmocka_unit_test(test_rsa_leading_zero),
		cmocka_unit_test(test_rsa_exponent),
		cmocka_unit_test(test_rsa_even_modulus),
		cmocka_unit_test(test_rsa_roca),
		cmocka_unit_test(test_rsa_small_factor),
		cmocka_unit_test(test_rsa_member_types),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

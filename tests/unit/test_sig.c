/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_sig.c - ES256 and RS256 verification (RFC 7518 3.3, 3.4) with the
 * algorithm pinned by the key (RFC 8725 3.1).
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
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "jwk.h"
#include "jwk_json.h"
#include "sig.h"
#include "mint.h"

static const unsigned char p256_n[32] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51
};

static const char msg[] = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9";

struct fixture {
	EVP_PKEY *ec, *rsa;		/* private, for signing */
	struct ct_key eckey, rsakey;	/* public, loaded from JWKs */
	unsigned char es[64];		/* ES256 R||S over msg */
	unsigned char rs[256];		/* RS256 over msg */
	unsigned char der[80];		/* the ES256 signature as DER */
	size_t derlen;
};

static void
set_bn(json_t *o, const char *name, EVP_PKEY *k, const char *param, int pad)
{
	unsigned char buf[1024];
	BIGNUM *bn = NULL;
	char *s;
	int n;

	assert_int_equal(EVP_PKEY_get_bn_param(k, param, &bn), 1);
	n = pad > 0 ? BN_bn2binpad(bn, buf, pad) : BN_bn2bin(bn, buf);
	assert_true(n > 0);
	s = mint_b64url(buf, (size_t)n);
	assert_int_equal(json_object_set_new(o, name, json_string(s)), 0);
	free(s);
	BN_free(bn);
}

/* Loads the public half of k through ct_jwk_load, as production does. */
static void
load_public(EVP_PKEY *k, struct ct_key *key)
{
	json_t *o = json_object();
	struct ct_err e;

	if (EVP_PKEY_is_a(k, "EC")) {
		json_object_set_new(o, "kty", json_string("EC"));
		json_object_set_new(o, "crv", json_string("P-256"));
		set_bn(o, "x", k, OSSL_PKEY_PARAM_EC_PUB_X, 32);
		set_bn(o, "y", k, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
	} else {
		json_object_set_new(o, "kty", json_string("RSA"));
		set_bn(o, "n", k, OSSL_PKEY_PARAM_RSA_N, 0);
		set_bn(o, "e", k, OSSL_PKEY_PARAM_RSA_E, 0);
	}
	ct_err_clear(&e);
	assert_int_equal(ct_jwk_load(o, key, &e), CT_OK);
	json_decref(o);
}

/* EVP_DigestSign; pad > 0 asks for an RSA padding mode. */
static size_t
sign(EVP_PKEY *k, const char *md, int pad, const void *m, size_t mlen,
    unsigned char *out, size_t outmax)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	size_t n = outmax;

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestSignInit_ex(ctx, &pctx, md, NULL, NULL, k,
	    NULL), 1);
	if (pad > 0)
		assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pctx, pad), 1);
	assert_int_equal(EVP_DigestSign(ctx, out, &n, m, mlen), 1);
	EVP_MD_CTX_free(ctx);
	return n;
}

/* DER ECDSA-Sig-Value to the JWS R||S form (RFC 7518 3.4). */
static void
der_to_rs(const unsigned char *der, size_t derlen, unsigned char *rs)
{
	const unsigned char *p = der;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)derlen);

	assert_non_null(s);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(s), rs, 32), 32);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(s), rs + 32, 32), 32);
	ECDSA_SIG_free(s);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	f->rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	assert_non_null(f->ec);
	assert_non_null(f->rsa);
	load_public(f->ec, &f->eckey);
	load_public(f->rsa, &f->rsakey);
	f->derlen = sign(f->ec, "SHA256", 0, msg, strlen(msg), f->der,
	    sizeof(f->der));
	der_to_rs(f->der, f->derlen, f->es);
	assert_int_equal(sign(f->rsa, "SHA256", RSA_PKCS1_PADDING, msg,
	    strlen(msg), f->rs, sizeof(f->rs)), 256);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	EVP_PKEY_free(f->ec);
	EVP_PKEY_free(f->rsa);
	ct_key_clear(&f->eckey);
	ct_key_clear(&f->rsakey);
	free(f);
	return 0;
}

static int
verify(const struct ct_key *key, enum ct_alg alg, const void *m, size_t mlen,
    const unsigned char *s, size_t slen)
{
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_sig_verify(key, alg, m, mlen, s, slen, &e);
	assert_int_equal(e.code, r);
	/* Nothing may leak onto the host process's OpenSSL error queue. */
	assert_int_equal(ERR_peek_error(), 0);
	return r;
}

static void
test_es256_valid(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg),
	    f->es, 64), CT_OK);
}

static void
test_es256_tampered(void **state)
{
	struct fixture *f = *state;
	unsigned char s[64];
	char m[sizeof(msg)];
	size_t i;

	memcpy(m, msg, sizeof(msg));
	m[5] ^= 1;
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, m, strlen(m), f->es,
	    64), CT_EAUTH);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg) - 1,
	    f->es, 64), CT_EAUTH);
	for (i = 0; i < 64; i += 9) {
		memcpy(s, f->es, 64);
		s[i] ^= 0x80;
		assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg,
		    strlen(msg), s, 64), CT_EAUTH);
	}
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg),
	    f->es, 64), CT_OK);
}

/* RFC 7518 3.4: exactly 64 octets. */
static void
test_es256_length(void **state)
{
	struct fixture *f = *state;
	unsigned char s[65];

	memcpy(s, f->es, 64);
	s[64] = 0;
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    63), CT_EAUTH);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    65), CT_EAUTH);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    0), CT_EAUTH);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg),
	    NULL, 64), CT_EAUTH);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    64), CT_OK);
}

/* A DER signature (what OpenSSL itself emits) is not the JWS form. */
static void
test_es256_der_refused(void **state)
{
	struct fixture *f = *state;
	unsigned char der[64];

	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg),
	    f->der, f->derlen), CT_EAUTH);
	/* Even cut or padded to 64 bytes it is no valid R||S. */
	memset(der, 0, sizeof(der));
	memcpy(der, f->der, f->derlen < 64 ? f->derlen : 64);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg),
	    der, 64), CT_EAUTH);
}

/* FIPS 186-4 6.4.2: r and s in [1, n-1]; r = 0 or s = 0 is a forgery. */
static void
test_es256_range(void **state)
{
	struct fixture *f = *state;
	unsigned char s[64];

	memcpy(s, f->es, 64);
	memset(s, 0, 32);			/* r = 0 */
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    64), CT_EAUTH);
	memcpy(s, f->es, 64);
	memset(s + 32, 0, 32);			/* s = 0 */
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    64), CT_EAUTH);
	memset(s, 0, 64);			/* both 0 */
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    64), CT_EAUTH);
	memcpy(s, p256_n, 32);			/* r = n */
	memcpy(s + 32, f->es + 32, 32);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    64), CT_EAUTH);
	memcpy(s, f->es, 32);			/* s = n */
	memcpy(s + 32, p256_n, 32);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    64), CT_EAUTH);
	memset(s, 0xff, 64);			/* r, s > n */
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg), s,
	    64), CT_EAUTH);
	/* Refused by our own range check, before any BIGNUM or DER work. */
	{
		struct ct_err e;

		ct_err_clear(&e);
		memcpy(s, p256_n, 32);
		memcpy(s + 32, f->es + 32, 32);
		assert_int_equal(ct_sig_verify(&f->eckey, CT_ALG_ES256,
		    (const unsigned char *)msg, strlen(msg), s, 64, &e),
		    CT_EAUTH);
		assert_non_null(strstr(e.msg, "out of range"));
		memset(s, 0, 32);
		ct_err_clear(&e);
		assert_int_equal(ct_sig_verify(&f->eckey, CT_ALG_ES256,
		    (const unsigned char *)msg, strlen(msg), s, 64, &e),
		    CT_EAUTH);
		assert_non_null(strstr(e.msg, "out of range"));
	}
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg),
	    f->es, 64), CT_OK);
}

static void
test_rs256_valid(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg),
	    f->rs, 256), CT_OK);
}

static void
test_rs256_tampered(void **state)
{
	struct fixture *f = *state;
	unsigned char s[256];

	memcpy(s, f->rs, 256);
	s[100] ^= 4;
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg), s,
	    256), CT_EAUTH);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, 3, f->rs, 256),
	    CT_EAUTH);
	memset(s, 0, sizeof(s));
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg), s,
	    256), CT_EAUTH);
	memset(s, 0xff, sizeof(s));
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg), s,
	    256), CT_EAUTH);
}

/* RFC 8017 8.2.2: the signature is exactly k = modulus octets long. */
static void
test_rs256_length(void **state)
{
	struct fixture *f = *state;
	unsigned char s[258];

	s[0] = 0;
	memcpy(s + 1, f->rs, 256);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg), s,
	    257), CT_EAUTH);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg),
	    f->rs, 255), CT_EAUTH);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg),
	    f->rs, 0), CT_EAUTH);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg),
	    f->rs, 64), CT_EAUTH);
}

/* PS256 or RS384 signatures by the same key are not RS256. */
static void
test_rs256_other_modes(void **state)
{
	struct fixture *f = *state;
	unsigned char s[256];

	assert_int_equal(sign(f->rsa, "SHA256", RSA_PKCS1_PSS_PADDING, msg,
	    strlen(msg), s, sizeof(s)), 256);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg), s,
	    256), CT_EAUTH);
	assert_int_equal(sign(f->rsa, "SHA384", RSA_PKCS1_PADDING, msg,
	    strlen(msg), s, sizeof(s)), 256);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg), s,
	    256), CT_EAUTH);
	assert_int_equal(sign(f->rsa, "SHA1", RSA_PKCS1_PADDING, msg,
	    strlen(msg), s, sizeof(s)), 256);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg), s,
	    256), CT_EAUTH);
}

/* RFC 8725 3.1: the key fixes the algorithm; the token cannot switch it. */
static void
test_alg_does_not_fit_key(void **state)
{
	struct fixture *f = *state;
	struct ct_err e;

	ct_err_clear(&e);
	assert_int_equal(ct_sig_verify(&f->eckey, CT_ALG_RS256,
	    (const unsigned char *)msg, strlen(msg), f->rs, 256, &e), CT_EAUTH);
	assert_string_equal(e.msg, "alg does not fit key");
	ct_err_clear(&e);
	assert_int_equal(ct_sig_verify(&f->rsakey, CT_ALG_ES256,
	    (const unsigned char *)msg, strlen(msg), f->es, 64, &e), CT_EAUTH);
	assert_string_equal(e.msg, "alg does not fit key");
	assert_int_equal(verify(&f->rsakey, CT_ALG_UNKNOWN, msg, strlen(msg),
	    f->rs, 256), CT_EAUTH);
	assert_int_equal(verify(&f->eckey, (enum ct_alg)3, msg, strlen(msg),
	    f->es, 64), CT_EAUTH);
	/* Positive controls with the matching alg. */
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, msg, strlen(msg),
	    f->es, 64), CT_OK);
	assert_int_equal(verify(&f->rsakey, CT_ALG_RS256, msg, strlen(msg),
	    f->rs, 256), CT_OK);
}

/* A key struct whose alg label lies about its EVP key is still refused. */
static void
test_mislabelled_key(void **state)
{
	struct fixture *f = *state;
	struct ct_key liar = f->rsakey;

	liar.alg = CT_ALG_ES256;
	assert_int_equal(verify(&liar, CT_ALG_ES256, msg, strlen(msg), f->es,
	    64), CT_EAUTH);
	assert_int_equal(verify(NULL, CT_ALG_ES256, msg, strlen(msg), f->es,
	    64), CT_EAUTH);
	liar.pkey = NULL;
	assert_int_equal(verify(&liar, CT_ALG_ES256, msg, strlen(msg), f->es,
	    64), CT_EAUTH);
}

/*
 * Issue 22: every algorithm round trip, and every mislabelled key refused
 * by the EVP key's own type and curve (sig.c checks it, whatever the
 * ct_key's labels say): a P-384 key labelled ES256, an Ed25519 key
 * labelled ES256, an RSA key labelled EdDSA.
 */
static void
test_every_alg_and_its_key(void **state)
{
	static const enum ct_alg algs[] = { CT_ALG_ES256, CT_ALG_ES384,
	    CT_ALG_ES512, CT_ALG_RS256, CT_ALG_RS384, CT_ALG_RS512,
	    CT_ALG_PS256, CT_ALG_PS384, CT_ALG_PS512, CT_ALG_EDDSA };
	const size_t n = sizeof(algs) / sizeof(algs[0]);
	struct mint_key *m;
	struct ct_key key;
	unsigned char *sig;
	size_t i, j, siglen;

	(void)state;
	for (i = 0; i < n; i++) {
		m = mint_key_new(algs[i], "k");
		sig = mint_sign(m, msg, strlen(msg), &siglen);
		for (j = 0; j < n; j++) {
			memset(&key, 0, sizeof(key));
			key.pkey = m->pkey;
			/* The labels lie: the key claims to fit alg j. */
			key.alg = algs[j];
			key.algs = (unsigned)algs[j];
			assert_int_equal(verify(&key, algs[j], msg, strlen(msg),
			    sig, siglen), i == j ? CT_OK : CT_EAUTH);
		}
		/* Flipped last bit: refused. */
		sig[siglen - 1] ^= 1;
		key.alg = algs[i];
		key.algs = (unsigned)algs[i];
		assert_int_equal(verify(&key, algs[i], msg, strlen(msg), sig,
		    siglen), CT_EAUTH);
		free(sig);
		mint_key_free(m);
	}
}

/* An empty message is legal input and verifies when signed. */
static void
test_empty_message(void **state)
{
	struct fixture *f = *state;
	unsigned char der[80], rs[64];
	size_t n;

	n = sign(f->ec, "SHA256", 0, "", 0, der, sizeof(der));
	der_to_rs(der, n, rs);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, NULL, 0, rs, 64),
	    CT_OK);
	assert_int_equal(verify(&f->eckey, CT_ALG_ES256, "x", 1, rs, 64),
	    CT_EAUTH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_es256_valid),
		cmocka_unit_test(test_every_alg_and_its_key),
		cmocka_unit_test(test_es256_tampered),
		cmocka_unit_test(test_es256_length),
		cmocka_unit_test(test_es256_der_refused),
		cmocka_unit_test(test_es256_range),
		cmocka_unit_test(test_rs256_valid),
		cmocka_unit_test(test_rs256_tampered),
		cmocka_unit_test(test_rs256_length),
		cmocka_unit_test(test_rs256_other_modes),
		cmocka_unit_test(test_alg_does_not_fit_key),
		cmocka_unit_test(test_mislabelled_key),
		cmocka_unit_test(test_empty_message),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

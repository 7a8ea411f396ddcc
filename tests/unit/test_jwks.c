/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_jwks.c - JWK Sets (RFC 7517 section 5): whole or nothing, unique
 * kids, lookup by exact kid (RFC 7515 section 4.1.4).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "jwks.h"
#include "jwks_json.h"
#include "mint.h"
#include "testenv.h"

struct fixture {
	EVP_PKEY *ec[2];
	EVP_PKEY *rsa;
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

/* A public JWK for k with the given kid (NULL: none). */
static json_t *
jwk(EVP_PKEY *k, const char *kid)
{
	json_t *o = json_object();

	assert_non_null(o);
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
	if (kid != NULL)
		json_object_set_new(o, "kid", json_string(kid));
	return o;
}

/* {"keys": keys} as text (takes the reference). */
static char *
set_text_of(json_t *keys)
{
	json_t *root = json_pack("{s:o}", "keys", keys);
	char *text;

	assert_non_null(root);
	text = json_dumps(root, JSON_COMPACT);
	assert_non_null(text);
	json_decref(root);
	return text;
}

/*
 * Serialises {"keys": keys} (takes the reference) and parses it.  A set
 * refused here must be refused by the structure-only parse of the cache
 * too unless `crypto_only` says its fault is one of arithmetic.
 */
static int
parse_keys2(json_t *keys, int crypto_only, struct ct_jwks **set,
    struct ct_err *e)
{
	struct ct_jwks *lazy = NULL;
	char *text = set_text_of(keys);
	int r;

	ct_err_clear(e);
	r = ct_jwks_parse(text, strlen(text), set, e);
	if (r != CT_OK) {
		assert_null(*set);
		assert_int_equal(e->code, r);
		if (!crypto_only) {
			assert_int_equal(ct_jwks_parse_lazy(text,
			    strlen(text), &lazy, e), r);
			assert_null(lazy);
		}
	}
	free(text);
	return r;
}

static int
parse_keys(json_t *keys, struct ct_jwks **set, struct ct_err *e)
{
	return parse_keys2(keys, 0, set, e);
}

static void
expect_refused(json_t *keys)
{
	struct ct_jwks *set = (struct ct_jwks *)1;
	struct ct_err e;

	assert_int_equal(parse_keys(keys, &set, &e), CT_ENOKEYS);
}

static void
expect_refused_text(const char *text)
{
	struct ct_jwks *set = (struct ct_jwks *)1;
	struct ct_err e;

	ct_err_clear(&e);
	assert_int_equal(ct_jwks_parse(text, strlen(text), &set, &e),
	    CT_ENOKEYS);
	assert_null(set);
	assert_int_equal(e.code, CT_ENOKEYS);
}

static size_t
expect_ok(json_t *keys)
{
	struct ct_jwks *set = NULL;
	struct ct_err e;
	size_t n;

	assert_int_equal(parse_keys(keys, &set, &e), CT_OK);
	assert_non_null(set);
	n = set->nkeys;
	ct_jwks_free(set);
	return n;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ec[0] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	f->ec[1] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	f->rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	assert_non_null(f->ec[0]);
	assert_non_null(f->ec[1]);
	assert_non_null(f->rsa);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	EVP_PKEY_free(f->ec[0]);
	EVP_PKEY_free(f->ec[1]);
	EVP_PKEY_free(f->rsa);
	free(f);
	return 0;
}

static void
test_one_key(void **state)
{
	struct fixture *f = *state;
	struct ct_jwks *set = NULL;
	const struct ct_key *key = NULL;
	struct ct_err e;

	assert_int_equal(parse_keys(json_pack("[o]", jwk(f->ec[0], NULL)),
	    &set, &e), CT_OK);
	assert_int_equal(set->nkeys, 1);
	assert_int_equal(set->keys[0].alg, CT_ALG_ES256);
	/* RFC 7515 4.1.4: no kid in token, one key in set: that key. */
	assert_int_equal(ct_jwks_find(set, NULL, &key, &e), CT_OK);
	assert_ptr_equal(key, &set->keys[0]);
	/* A kid in the token must match even a lone key. */
	key = NULL;
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_find(set, "k1", &key, &e), CT_ENOKID);
	assert_null(key);
	ct_jwks_free(set);
	ct_jwks_free(NULL);
}

static void
test_cotter_shaped_set(void **state)
{
	struct fixture *f = *state;
	const char *kid =
	    "SPACE_JWT_PUBLIC:8028AAA3-EC2D-4BAA-BE7A-7C8359CCB9F9";
	struct ct_jwks *set = NULL;
	const struct ct_key *key = NULL;
	json_t *k;
	struct ct_err e;

	k = jwk(f->ec[0], kid);
	json_object_set_new(k, "use", json_string("sig"));
	json_object_set_new(k, "alg", json_string("ES256"));
	assert_int_equal(parse_keys(json_pack("[o]", k), &set, &e), CT_OK);
	assert_int_equal(ct_jwks_find(set, kid, &key, &e), CT_OK);
	assert_string_equal(key->kid, kid);
	ct_jwks_free(set);
}

static void
test_find_by_kid(void **state)
{
	struct fixture *f = *state;
	struct ct_jwks *set = NULL;
	const struct ct_key *key = NULL;
	struct ct_err e;

	assert_int_equal(parse_keys(json_pack("[o,o,o]",
	    jwk(f->ec[0], "a"), jwk(f->ec[1], "b"), jwk(f->rsa, "r")), &set,
	    &e), CT_OK);
	assert_int_equal(set->nkeys, 3);
	assert_int_equal(ct_jwks_find(set, "b", &key, &e), CT_OK);
	assert_true(EVP_PKEY_eq(key->pkey, f->ec[1]) == 1);
	assert_int_equal(ct_jwks_find(set, "r", &key, &e), CT_OK);
	assert_int_equal(key->alg, CT_ALG_RS256);
	assert_int_equal(ct_jwks_find(set, "a", &key, &e), CT_OK);
	assert_true(EVP_PKEY_eq(key->pkey, f->ec[0]) == 1);
	/* Byte-for-byte: no case folding, no prefix match. */
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_find(set, "A", &key, &e), CT_ENOKID);
	assert_int_equal(ct_jwks_find(set, "a ", &key, &e), CT_ENOKID);
	assert_int_equal(ct_jwks_find(set, "", &key, &e), CT_ENOKID);
	/* Without a kid, a three-key set gives no key. */
	assert_int_equal(ct_jwks_find(set, NULL, &key, &e), CT_EAUTH);
	ct_jwks_free(set);
	assert_int_equal(ct_jwks_find(NULL, "a", &key, &e), CT_EAUTH);
}

/* A kid is data for strcmp, never a path nor a format. */
static void
test_hostile_kids(void **state)
{
	struct fixture *f = *state;
	struct ct_jwks *set = NULL;
	const struct ct_key *key = NULL;
	struct ct_err e;
	char *big;

	assert_int_equal(parse_keys(json_pack("[o,o]",
	    jwk(f->ec[0], "%n%s%x%n"), jwk(f->ec[1], "k2")), &set, &e), CT_OK);
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_find(set, "../../etc/passwd", &key, &e),
	    CT_ENOKID);
	assert_non_null(strstr(e.msg, "unknown kid"));
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_find(set, "%n%s%s%s%s%n", &key, &e),
	    CT_ENOKID);
	/* D5: an unverified kid is logged as a short hash, never its text. */
	assert_null(strstr(e.msg, "%n"));
	assert_non_null(strstr(e.msg, "(kid#"));
	assert_int_equal(strspn(strstr(e.msg, "kid#") + 4,
	    "0123456789abcdef"), 8);
	assert_int_equal(ct_jwks_find(set, "%n%s%x%n", &key, &e), CT_OK);
	assert_true(EVP_PKEY_eq(key->pkey, f->ec[0]) == 1);
	/* Control characters are sanitised out of the reason. */
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_find(set, "k2\nFAKE LOG LINE", &key, &e),
	    CT_ENOKID);
	assert_null(strchr(e.msg, '\n'));
	assert_null(strstr(e.msg, "FAKE"));
	/* A kid made to look like a success line leaves no quote behind. */
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_find(set, "\"; accepted Cotter token for "
	    "user \"root", &key, &e), CT_ENOKID);
	assert_null(strchr(e.msg, '"'));
	assert_null(strstr(e.msg, "accepted"));
	/* 10 kB kid: no match, no overflow, a short reason. */
	big = malloc(10241);
	assert_non_null(big);
	memset(big, 'k', 10240);
	big[10240] = '\0';
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_find(set, big, &key, &e), CT_ENOKID);
	assert_true(strlen(e.msg) < 120);
	free(big);
	ct_jwks_free(set);
}

/* RFC 7517 4.5 + fail closed: duplicate kids make the lookup a guess. */
static void
test_duplicate_kid(void **state)
{
	struct fixture *f = *state;

	expect_refused(json_pack("[o,o]", jwk(f->ec[0], "same"),
	    jwk(f->ec[1], "same")));
	expect_refused(json_pack("[o,o,o]", jwk(f->ec[0], "a"),
	    jwk(f->rsa, "b"), jwk(f->ec[1], "a")));
	assert_int_equal(expect_ok(json_pack("[o,o]", jwk(f->ec[0], "same"),
	    jwk(f->ec[1], "Same"))), 2);
}

static void
test_missing_kid_in_multikey_set(void **state)
{
	struct fixture *f = *state;

	expect_refused(json_pack("[o,o]", jwk(f->ec[0], NULL),
	    jwk(f->ec[1], "b")));
	expect_refused(json_pack("[o,o]", jwk(f->ec[0], "a"),
	    jwk(f->ec[1], NULL)));
	assert_int_equal(expect_ok(json_pack("[o,o]", jwk(f->ec[0], "a"),
	    jwk(f->ec[1], "b"))), 2);
}

/* Fail closed: one unknown or bad key refuses the whole set. */
static void
test_one_bad_key_refuses_set(void **state)
{
	struct fixture *f = *state;
	json_t *bad;

	expect_refused(json_pack("[o,{s:s,s:s,s:s}]", jwk(f->ec[0], "a"),
	    "kty", "OKP", "crv", "Ed25519", "kid", "b"));
	expect_refused(json_pack("[o,{s:s,s:s,s:s}]", jwk(f->ec[0], "a"),
	    "kty", "oct", "k", "AAAA", "kid", "b"));
	bad = jwk(f->ec[1], "b");
	json_object_set_new(bad, "d", json_string("AAAA"));
	expect_refused(json_pack("[o,o]", jwk(f->ec[0], "a"), bad));
	expect_refused(json_pack("[o,s]", jwk(f->ec[0], "a"), "b"));
	expect_refused(json_pack("[o,n]", jwk(f->ec[0], "a")));
	assert_int_equal(expect_ok(json_pack("[o]", jwk(f->ec[0], "a"))), 1);
}

static void
test_keys_member(void **state)
{
	struct fixture *f = *state;
	json_t *k;
	char *text, *set_text;

	expect_refused(json_array());
	expect_refused_text("{}");
	expect_refused_text("{\"keys\":{}}");
	expect_refused_text("{\"keys\":\"x\"}");
	expect_refused_text("{\"keys\":null}");
	expect_refused_text("{\"Keys\":[]}");
	expect_refused_text("[]");
	expect_refused_text("");
	expect_refused_text("not json");
	/* A bare JWK is not a JWK Set. */
	k = jwk(f->ec[0], "a");
	text = json_dumps(k, JSON_COMPACT);
	expect_refused_text(text);
	/* Duplicate "keys" member (JSON_REJECT_DUPLICATES). */
	assert_true(asprintf(&set_text, "{\"keys\":[%s],\"keys\":[%s]}", text,
	    text) > 0);
	expect_refused_text(set_text);
	free(set_text);
	assert_true(asprintf(&set_text, "{\"keys\":[%s]}", text) > 0);
	{
		struct ct_jwks *set = NULL;
		struct ct_err e;

		ct_err_clear(&e);
		assert_int_equal(ct_jwks_parse(set_text, strlen(set_text),
		    &set, &e), CT_OK);
		ct_jwks_free(set);
	}
	free(set_text);
	free(text);
	json_decref(k);
}

static void
test_key_count_limit(void **state)
{
	struct fixture *f = *state;
	json_t *keys;
	char kid[16];
	int i;

	keys = json_array();
	for (i = 0; i < CT_JWKS_MAX_KEYS; i++) {
		snprintf(kid, sizeof(kid), "k%d", i);
		json_array_append_new(keys, jwk(f->ec[i % 2], kid));
	}
	assert_int_equal(expect_ok(json_incref(keys)), CT_JWKS_MAX_KEYS);
	json_array_append_new(keys, jwk(f->ec[0], "one-too-many"));
	expect_refused(keys);
}

static void
test_size_limit(void **state)
{
	struct ct_jwks *set = (struct ct_jwks *)1;
	struct ct_err e;
	char *big;
	size_t n = CT_JWKS_MAX_BYTES + 16;

	(void)state;
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, ' ', n);
	memcpy(big, "{\"keys\":[]}", 11);
	big[n] = '\0';
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_parse(big, n, &set, &e), CT_ENOKEYS);
	assert_null(set);
	free(big);
}

/* Fail closed on deep nesting and NUL bytes in the cache too. */
static void
test_hostile_text(void **state)
{
	struct ct_jwks *set = NULL;
	struct ct_err e;
	char *deep;
	size_t i;

	(void)state;
	deep = malloc(20011);
	assert_non_null(deep);
	memcpy(deep, "{\"keys\":", 8);
	for (i = 8; i < 10008; i++)
		deep[i] = '[';
	deep[10008] = '\0';
	expect_refused_text(deep);
	free(deep);
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_parse("{\"keys\":[]}\0", 12, &set, &e),
	    CT_ENOKEYS);
	assert_int_equal(ct_jwks_parse(NULL, 0, &set, &e), CT_ENOKEYS);
}

/* The public JWK of k with y changed: structurally fine, off the curve. */
static json_t *
off_curve_jwk(EVP_PKEY *k, const char *kid)
{
	unsigned char y[32];
	BIGNUM *bn = NULL;
	json_t *o = jwk(k, kid);
	char *s;

	assert_int_equal(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_Y,
	    &bn), 1);
	assert_int_equal(BN_bn2binpad(bn, y, 32), 32);
	y[31] ^= 1;
	s = mint_b64url(y, 32);
	json_object_set_new(o, "y", json_string(s));
	free(s);
	BN_free(bn);
	return o;
}

/*
 * Issue 15: the cache's set is checked for structure on every load, and a
 * login builds only the key its kid names.  A key that is structurally
 * fine but cryptographically bad (a point off P-256, an RSA modulus with a
 * small factor) is refused by the full parse the fetcher uses, and, in a
 * set parsed for structure only, refused the moment a token names it.
 */
static void
test_lazy_set_builds_one_key(void **state)
{
	struct fixture *f = *state;
	const struct ct_key *key = NULL;
	struct ct_jwks *set = NULL;
	struct ct_err e;
	json_t *rsa;
	BIGNUM *n;
	unsigned char nb[256];
	char *text, *s;

	/* n = 3 * (a 2046-bit odd number): 2048 bits, odd, small factor */
	n = BN_new();
	assert_non_null(n);
	assert_int_equal(BN_rand(n, 2046, BN_RAND_TOP_TWO, BN_RAND_BOTTOM_ODD),
	    1);
	assert_int_equal(BN_mul_word(n, 3), 1);
	assert_int_equal(BN_num_bits(n), 2048);
	assert_int_equal(BN_bn2binpad(n, nb, 256), 256);
	rsa = jwk(f->rsa, "r");
	s = mint_b64url(nb, 256);
	json_object_set_new(rsa, "n", json_string(s));
	free(s);
	BN_free(n);
	text = set_text_of(json_pack("[o,o,o]", jwk(f->ec[0], "a"),
	    off_curve_jwk(f->ec[1], "b"), rsa));
	/* The fetcher's parse: every key built, the set refused. */
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_parse(text, strlen(text), &set, &e),
	    CT_ENOKEYS);
	assert_null(set);
	assert_non_null(strstr(e.msg, "JWK: EC point"));
	/* The module's parse: structure only; nothing built yet. */
	assert_int_equal(ct_jwks_parse_lazy(text, strlen(text), &set, &e),
	    CT_OK);
	assert_int_equal(set->nkeys, 3);
	assert_null(set->keys[0].pkey);
	assert_null(set->keys[1].pkey);
	assert_int_equal(ct_jwks_find(set, "a", &key, &e), CT_OK);
	assert_true(EVP_PKEY_eq(key->pkey, f->ec[0]) == 1);
	assert_null(set->keys[1].pkey);
	assert_null(set->keys[2].pkey);
	/* The bad keys are refused when named, and stay refused. */
	key = NULL;
	assert_int_equal(ct_jwks_find(set, "b", &key, &e), CT_ENOKEYS);
	assert_null(key);
	assert_int_equal(ct_jwks_find(set, "b", &key, &e), CT_ENOKEYS);
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_find(set, "r", &key, &e), CT_ENOKEYS);
	assert_non_null(strstr(e.msg, "small factor"));
	assert_null(key);
	assert_int_equal(ct_jwks_build_all(set, &e), CT_ENOKEYS);
	ct_jwks_free(set);
	free(text);
	/* Positive control: a good set builds whole. */
	text = set_text_of(json_pack("[o,o,o]", jwk(f->ec[0], "a"),
	    jwk(f->ec[1], "b"), jwk(f->rsa, "r")));
	assert_int_equal(ct_jwks_parse_lazy(text, strlen(text), &set, &e),
	    CT_OK);
	assert_int_equal(ct_jwks_build_all(set, &e), CT_OK);
	assert_true(EVP_PKEY_eq(set->keys[2].pkey, f->rsa) == 1);
	assert_int_equal(ct_jwks_find(set, "b", &key, &e), CT_OK);
	assert_true(EVP_PKEY_eq(key->pkey, f->ec[1]) == 1);
	ct_jwks_free(set);
	free(text);
}

/* Structural faults refuse the set in the structure-only parse too. */
static void
test_lazy_set_structure(void **state)
{
	struct fixture *f = *state;
	struct ct_jwks *set = (struct ct_jwks *)1;
	struct ct_err e;
	json_t *bad;

	bad = jwk(f->ec[1], "b");
	json_object_set_new(bad, "x", json_string("AAAA"));
	expect_refused(json_pack("[o,o]", jwk(f->ec[0], "a"), bad));
	bad = jwk(f->rsa, "r");
	json_object_set_new(bad, "e", json_string("AAE"));	/* e = 1 */
	expect_refused(json_pack("[o,o]", jwk(f->ec[0], "a"), bad));
	bad = jwk(f->ec[1], "b");
	json_object_set_new(bad, "use", json_string("enc"));
	expect_refused(json_pack("[o,o]", jwk(f->ec[0], "a"), bad));
	expect_refused(json_pack("[o,o]", jwk(f->ec[0], "a"),
	    jwk(f->ec[1], "a")));
	/* An off-curve key: the full parse refuses, the lazy one does not. */
	assert_int_equal(parse_keys2(json_pack("[o,o]", jwk(f->ec[0], "a"),
	    off_curve_jwk(f->ec[1], "b")), 1, &set, &e), CT_ENOKEYS);
}

/*
 * Issue 15: the cache is read by the one-pass reader of jwks_scan.c.  On
 * every text here it must decide as the jansson reading does (and find the
 * same kids), whatever JSON a set is written in.
 */
static void
agree(const char *fmt, const char *jwk_text, int want)
{
	struct ct_jwks *lazy = NULL, *tree = NULL;
	struct ct_err e;
	char *text;
	int rl, rt;
	size_t i;
	const char *at = strstr(fmt, "%s");

	assert_non_null(at);
	text = malloc(strlen(fmt) + strlen(jwk_text) + 1);
	assert_non_null(text);
	memcpy(text, fmt, (size_t)(at - fmt));
	strcpy(text + (at - fmt), jwk_text);
	strcat(text, at + 2);
	ct_err_clear(&e);
	rt = ct_jwks_parse_tree(text, strlen(text), &tree, &e);
	ct_err_clear(&e);
	rl = ct_jwks_parse_lazy(text, strlen(text), &lazy, &e);
	if (rl != rt || rt != want)
		fail_msg("%s: jansson %d, scan %d (%s), want %d", text, rt, rl,
		    e.msg, want);
	for (i = 0; rl == CT_OK && i < lazy->nkeys; i++)
		assert_true((lazy->keys[i].kid == NULL &&
		    tree->keys[i].kid == NULL) || strcmp(lazy->keys[i].kid,
		    tree->keys[i].kid) == 0);
	ct_jwks_free(lazy);
	ct_jwks_free(tree);
	free(text);
}

static void
test_scanner_agrees(void **state)
{
	struct fixture *f = *state;
	static const char *const ok[] = {
		"{\"keys\":[%s]}",
		" \t\r\n{ \"keys\" : [ %s ] } \n",
		"{\"a\":[1,-0,0.5,-1.25e+10,3E-7,true,false,null,{},[],\"\"],"
		    "\"keys\":[%s],\"b\":{\"c\":{\"d\":[[[]]]}}}",
		"{\"k\\u0065ys\":[%s]}",
		"{\"keys\":[%s],\"x\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t"
		    "\\u00e9\\ud83d\\ude00\xc3\xa9\xf0\x9f\x98\x80\"}",
	};
	static const char *const bad[] = {
		"{\"keys\":[%s],}", "{\"keys\":[%s,]}", "{\"keys\":[%s]}x",
		"{\"keys\":[%s]}{}", "[%s]", "{\"keys\":[%s],\"keys\":[]}",
		"{\"keys\":[%s],\"k\\u0065ys\":1}",
		"{\"keys\":[%s],\"a\":01}", "{\"keys\":[%s],\"a\":1.}",
		"{\"keys\":[%s],\"a\":-}", "{\"keys\":[%s],\"a\":.5}",
		"{\"keys\":[%s],\"a\":+1}", "{\"keys\":[%s],\"a\":tru}",
		"{\"keys\":[%s],\"a\":\"\\ud800\"}",
		"{\"keys\":[%s],\"a\":\"\\udc00\\ud800\"}",
		"{\"keys\":[%s],\"a\":\"\\u0000\"}",
		"{\"keys\":[%s],\"a\":\"\\x\"}",
		"{\"keys\":[%s],\"a\":\"\xc0\xaf\"}",
		"{\"keys\":[%s],\"a\":\"\xed\xa0\x80\"}",
		"{\"keys\":[%s],\"a\":\"\xf4\x90\x80\x80\"}",
		"{\"keys\":[%s],\"a\":\"\x80\"}",
		"{\"keys\":[%s],\"a\":\"\t\"}",
		"{\"keys\":[%s],\"a\":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}",
		"{\"keys\":[%s],\"a\":'x'}", "{\"keys\":[%s] \"a\":1}",
		"{\"keys\":[%s],\"a\"}", "{\"keys\":[%s],\"a\":}",
		"{\"keys\":[%s]", "{\"keys\":[%s]}\xef\xbb\xbf",
		"\xef\xbb\xbf{\"keys\":[%s]}", "{\"keys\":[%s,1]}",
		"{\"keys\":[%s,\"k\"]}", "{\"keys\":{\"a\":%s}}",
	};
	json_t *k;
	char *one;
	size_t i;

	k = jwk(f->ec[0], "k\xc3\xa9/1");
	one = json_dumps(k, JSON_COMPACT);
	json_decref(k);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		agree(ok[i], one, CT_OK);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		agree(bad[i], one, CT_ENOKEYS);
	/* A member name written with escapes is the same name. */
	agree("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"k\\u0069d\":"
	    "\"a\",\"kid\":\"a\",\"x\":\"\",\"y\":\"\"}%s]}", "", CT_ENOKEYS);
	free(one);
	/* Wrong types and values in a key: the same refusals. */
	agree("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":1,\"y\":"
	    "\"\"}%s]}", "", CT_ENOKEYS);
	agree("{\"keys\":[{\"kty\":[\"EC\"]%s}]}", "", CT_ENOKEYS);
	agree("{\"keys\":[{\"kty\":\"EC\",\"key_ops\":[\"verify\",1]%s}]}", "",
	    CT_ENOKEYS);
}

/*
 * Issue 22: the module's reader (jwks_scan.c) and the fetcher's (jansson)
 * take EC P-384 / P-521, OKP Ed25519 and RSA keys of every RS / PS alg
 * alike, build them, and refuse the same broken ones.
 */
static void
test_every_key_type_both_readers(void **state)
{
	static const enum ct_alg algs[] = { CT_ALG_ES256, CT_ALG_ES384,
	    CT_ALG_ES512, CT_ALG_RS384, CT_ALG_PS256, CT_ALG_PS512,
	    CT_ALG_EDDSA };
	struct mint_key *m[7];
	struct ct_jwks *set = NULL;
	const struct ct_key *key;
	struct ct_err e;
	char *one, *all, *bad;
	size_t i;

	(void)state;
	for (i = 0; i < 7; i++) {
		m[i] = mint_key_new(algs[i], ct_alg_name(algs[i]));
		one = mint_jwk_json(m[i]);
		agree("{\"keys\":[%s]}", one, CT_OK);
		/* A private key in the set refuses it, in both readers. */
		bad = mint_replace(one, "\"kty\"", "\"d\":\"AAAA\",\"kty\"");
		agree("{\"keys\":[%s]}", bad, CT_ENOKEYS);
		free(bad);
		free(one);
	}
	all = mint_jwks_json((const struct mint_key *const *)m, 7);
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_parse_lazy(all, strlen(all), &set, &e), CT_OK);
	assert_int_equal(set->nkeys, 7);
	assert_int_equal(ct_jwks_build_all(set, &e), CT_OK);
	for (i = 0; i < 7; i++) {
		assert_int_equal(ct_jwks_find(set, ct_alg_name(algs[i]), &key,
		    &e), CT_OK);
		assert_int_equal(key->alg, algs[i]);
		assert_true(ct_key_fits(key, algs[i]));
	}
	ct_jwks_free(set);
	free(all);
	agree("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":"
	    "\"AAAA\"%s}]}", "", CT_ENOKEYS);
	agree("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":"
	    "\"AAAA\"%s}]}", "", CT_ENOKEYS);
	agree("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":"
	    "\"AAAA\",\"y\":\"AAAA\"%s}]}", "", CT_ENOKEYS);
	for (i = 0; i < 7; i++)
		mint_key_free(m[i]);
}

/*
 * Issue 19 point 8: a set jansson takes but the module's reader refuses
 * (an unused object of 65 members, a real of 1e308) is refused by
 * ct_jwks_parse, the fetcher's check, so it never replaces a good cache;
 * the control (64 members, 1e307) is taken by both.
 */
/* jansson takes text; ct_jwks_parse (the fetcher's check) says want. */
static void
both_readers(const char *text, int want)
{
	struct ct_jwks *set = NULL, *tree = NULL;
	struct ct_err e;

	ct_err_clear(&e);
	assert_int_equal(ct_jwks_parse_tree(text, strlen(text), &tree, &e),
	    CT_OK);
	ct_jwks_free(tree);
	ct_err_clear(&e);
	assert_int_equal(ct_jwks_parse(text, strlen(text), &set, &e), want);
	assert_true(want == CT_OK ? set != NULL : set == NULL);
	ct_jwks_free(set);
}

static void
test_parse_refuses_what_module_refuses(void **state)
{
	struct fixture *f = *state;
	char wide[1024], text[4096], *one;
	json_t *k;
	size_t i, o;

	k = jwk(f->ec[0], "k1");
	one = json_dumps(k, JSON_COMPACT);
	json_decref(k);
	for (i = 0, o = 0; i < 65; i++) {
		o += (size_t)snprintf(wide + o, sizeof(wide) - o, "%s\"m%zu\":0",
		    i == 0 ? "" : ",", i);
		if (i == 63) {	/* 64 members: the control */
			(void)snprintf(text, sizeof(text),
			    "{\"keys\":[%s],\"x\":{%s}}", one, wide);
			both_readers(text, CT_OK);
		}
	}
	(void)snprintf(text, sizeof(text), "{\"keys\":[%s],\"x\":{%s}}", one,
	    wide);
	both_readers(text, CT_ENOKEYS);
	(void)snprintf(text, sizeof(text), "{\"keys\":[%s],\"x\":1e307}",
	    one);
	both_readers(text, CT_OK);
	(void)snprintf(text, sizeof(text), "{\"keys\":[%s],\"x\":1e308}",
	    one);
	both_readers(text, CT_ENOKEYS);
	free(one);
}

/* Loads path; returns the status, with the reason in why. */
static int
load_cache(const char *path, char *why, size_t size)
{
	struct ct_jwks *set = NULL;
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_jwks_load_file(path, &set, &e);
	ct_jwks_free(set);
	(void)snprintf(why, size, "%s", e.msg);
	return r;
}

/*
 * Issue 19: every directory above the cache is root's alone too, like
 * OpenSSH's safe_path: a sticky world-writable ancestor (a /tmp) or one
 * owned by another uid lets its writer swap the whole subtree.  dir (0755
 * root) gets a child holding a copy of the set: control, then attacks.
 */
static void
ancestors_checked(const char *dir, const char *text)
{
	static const mode_t bad_modes[] = { 01777, 0777, 0775 };
	char sub[200], path[240], why[256];
	FILE *f;
	size_t i;

	(void)snprintf(sub, sizeof(sub), "%s/sub", dir);
	(void)snprintf(path, sizeof(path), "%s/jwks.json", sub);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_non_null(f = fopen(path, "w"));
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(load_cache(path, why, sizeof(why)), CT_OK);
	for (i = 0; i < sizeof(bad_modes) / sizeof(bad_modes[0]); i++) {
		assert_int_equal(chmod(dir, bad_modes[i]), 0);
		assert_int_equal(load_cache(path, why, sizeof(why)),
		    CT_ENOKEYS);
		assert_non_null(strstr(why, "not owned by root"));
	}
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(chown(dir, 65534, 0), 0);
	assert_int_equal(load_cache(path, why, sizeof(why)), CT_ENOKEYS);
	assert_int_equal(chown(dir, 0, 0), 0);
	assert_int_equal(load_cache(path, why, sizeof(why)), CT_OK);
	(void)unlink(path);
	(void)rmdir(sub);
}

/*
 * Issue 11.6: the cache's directory is root's alone.  Whoever may write
 * in it may rename a key set of their own over the cache between the
 * fetcher's write and the next login, so the module refuses such a
 * directory (group- or world-writable, sticky or not, or another owner),
 * beside the control that the same file in a 0755 root directory loads.
 */
static void
test_cache_directory_checked(void **state)
{
	static const mode_t bad_modes[] = { 0777, 01777, 0775, 0757 };
	struct mint_key *k = mint_key_new_es256("k1");
	char dir[160], path[200], why[256], *text;
	FILE *f;
	size_t i;

	(void)state;
	assert_non_null(k);
	(void)snprintf(dir, sizeof(dir), "%s/ct-cache.XXXXXX", t_tmpdir());
	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/jwks.json", dir);
	text = mint_jwks_json((const struct mint_key *const *)&k, 1);
	assert_non_null(f = fopen(path, "w"));
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(load_cache(path, why, sizeof(why)), CT_OK);
	for (i = 0; i < sizeof(bad_modes) / sizeof(bad_modes[0]); i++) {
		assert_int_equal(chmod(dir, bad_modes[i]), 0);
		assert_int_equal(load_cache(path, why, sizeof(why)),
		    CT_ENOKEYS);
		assert_non_null(strstr(why, "jwks_cache directory"));
	}
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(chown(dir, 65534, 0), 0);
	assert_int_equal(load_cache(path, why, sizeof(why)), CT_ENOKEYS);
	assert_non_null(strstr(why, "not owned by root"));
	assert_int_equal(chown(dir, 0, 0), 0);
	assert_int_equal(load_cache(path, why, sizeof(why)), CT_OK);
	ancestors_checked(dir, text);
	(void)unlink(path);
	(void)rmdir(dir);
	free(text);
	mint_key_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key_type_both_readers),
		cmocka_unit_test(test_one_key),
		cmocka_unit_test(test_cotter_shaped_set),
		cmocka_unit_test(test_find_by_kid),
		cmocka_unit_test(test_hostile_kids),
		cmocka_unit_test(test_duplicate_kid),
		cmocka_unit_test(test_missing_kid_in_multikey_set),
		cmocka_unit_test(test_one_bad_key_refuses_set),
		cmocka_unit_test(test_keys_member),
		cmocka_unit_test(test_key_count_limit),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_lazy_set_builds_one_key),
		cmocka_unit_test(test_lazy_set_structure),
		cmocka_unit_test(test_scanner_agrees),
		cmocka_unit_test(test_parse_refuses_what_module_refuses),
		cmocka_unit_test(test_cache_directory_checked),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

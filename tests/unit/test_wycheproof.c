/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_wycheproof.c - Project Wycheproof vectors (DESIGN.md: "the verifier
 * must agree with every one").  Files are read at test time from
 * $CT_WYCHEPROOF_DIR, default tests/vectors/wycheproof (vendored in the
 * tree, see its SOURCE) relative to the repository root, where
 * tests/run-all.sh runs; a missing directory or file FAILS the test.
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

#include "alg.h"
#include "b64url.h"
#include "json.h"
#include "jwk.h"
#include "jwk_json.h"
#include "jwks.h"
#include "jwks_json.h"
#include "jws.h"
#include "sig.h"
#include "mint.h"

static json_t *
load_vectors(const char *name)
{
	const char *dir = getenv("CT_WYCHEPROOF_DIR");
	json_error_t jerr;
	json_t *root;
	char *path;

	if (dir == NULL || *dir == '\0')
		dir = "tests/vectors/wycheproof";
	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		print_error("cannot read %s: %s\n", path, jerr.text);
	free(path);
	assert_non_null(root);
	assert_true(json_is_integer(json_object_get(root, "numberOfTests")));
	return root;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	assert_true(c >= 'A' && c <= 'F');
	return c - 'A' + 10;
}

/* Decodes hex member `name` of o into a malloc'd buffer. */
static unsigned char *
hex(const json_t *o, const char *name, size_t *len)
{
	const char *s = json_string_value(json_object_get(o, name));
	unsigned char *buf;
	size_t i, n;

	assert_non_null(s);
	n = strlen(s);
	assert_int_equal(n % 2, 0);
	buf = malloc(n / 2 + 1);
	assert_non_null(buf);
	for (i = 0; i < n / 2; i++)
		buf[i] = (unsigned char)(hexval(s[2 * i]) * 16 +
		    hexval(s[2 * i + 1]));
	*len = n / 2;
	return buf;
}

/*
 * Sets o[name] to base64url of hex member `hname` of src, as an unsigned
 * integer of `width` octets (0: minimal, leading zero octets stripped).
 */
static void
set_int(json_t *o, const char *name, const json_t *src, const char *hname,
    size_t width)
{
	unsigned char *raw, *p, buf[80];
	size_t len;
	char *s;

	raw = hex(src, hname, &len);
	p = raw;
	while (len > 0 && *p == 0) {
		p++;
		len--;
	}
	if (width > 0) {
		assert_true(len <= width && width <= sizeof(buf));
		memset(buf, 0, width);
		memcpy(buf + width - len, p, len);
		p = buf;
		len = width;
	}
	s = mint_b64url(p, len);
	json_object_set_new(o, name, json_string(s));
	free(s);
	free(raw);
}

static int
verify_hex(const struct ct_key *key, enum ct_alg alg, const json_t *t)
{
	unsigned char *m, *s;
	size_t mlen, slen;
	struct ct_err e;
	int r;

	m = hex(t, "msg", &mlen);
	s = hex(t, "sig", &slen);
	ct_err_clear(&e);
	r = ct_sig_verify(key, alg, m, mlen, s, slen, &e);
	free(m);
	free(s);
	return r;
}

/* 1 when vector t carries flag. */
static int
has_flag(const json_t *t, const char *flag)
{
	const json_t *f;
	size_t i;

	json_array_foreach(json_object_get(t, "flags"), i, f)
		if (strcmp(json_string_value(f), flag) == 0)
			return 1;
	return 0;
}

/*
 * One vector t checked under alg with key: "valid" must verify, "invalid"
 * must not, "acceptable" may go either way.  Every vector, valid ones
 * included, must fail under `other` (an algorithm of another family,
 * padding or curve: issue 22, the key's type pins its algorithm), except
 * the "WrongPrimitive" / "WrongHash" ones, which are signatures of the
 * other kind made on purpose (a PSS signature in the PKCS #1 file): those
 * are invalid under alg, and *confused counts them.  Returns 1 for a
 * valid vector.
 */
static int
check_vector(const struct ct_key *key, enum ct_alg alg, enum ct_alg other,
    const json_t *t, const char *what, size_t *confused)
{
	const char *res = json_string_value(json_object_get(t, "result"));
	int r;

	if (has_flag(t, "WrongPrimitive") || has_flag(t, "WrongHash")) {
		assert_string_equal(res, "invalid");
		if (verify_hex(key, alg, t) != CT_EAUTH)
			fail_msg("%s tcId %lld: other primitive verified",
			    what, json_integer_value(json_object_get(t,
			    "tcId")));
		(*confused)++;
		return 0;
	}

	assert_non_null(res);
	r = verify_hex(key, alg, t);
	if (strcmp(res, "acceptable") == 0)
		assert_true(r == CT_OK || r == CT_EAUTH);
	else if (r != (strcmp(res, "valid") == 0 ? CT_OK : CT_EAUTH))
		fail_msg("%s tcId %lld: want %s", what,
		    json_integer_value(json_object_get(t, "tcId")), res);
	if (verify_hex(key, other, t) != CT_EAUTH)
		fail_msg("%s tcId %lld: verified as %s", what,
		    json_integer_value(json_object_get(t, "tcId")),
		    ct_alg_name(other));
	return strcmp(res, "valid") == 0;
}

/*
 * Runs every group of file: key from the group (jwk_of), every vector
 * through check_vector; all vectors counted, some valid, some not.
 */
static void
run_sig_file(const char *file, enum ct_alg alg, enum ct_alg other,
    json_t *(*jwk_of)(const json_t *g))
{
	json_t *root, *g, *t, *jwk;
	struct ct_key key;
	struct ct_err e;
	size_t gi, ti, count = 0, nvalid = 0, nconfused = 0;

	root = load_vectors(file);
	json_array_foreach(json_object_get(root, "testGroups"), gi, g) {
		jwk = jwk_of(g);
		ct_err_clear(&e);
		if (ct_jwk_load(jwk, &key, &e) != CT_OK)
			fail_msg("%s group %zu: key refused: %s", file, gi,
			    e.msg);
		assert_true(ct_key_fits(&key, alg));
		json_array_foreach(json_object_get(g, "tests"), ti, t) {
			nvalid += (size_t)check_vector(&key, alg, other, t,
			    file, &nconfused);
			count++;
		}
		ct_key_clear(&key);
		json_decref(jwk);
	}
	assert_int_equal(count, json_integer_value(json_object_get(root,
	    "numberOfTests")));
	assert_true(nvalid > 0 && nvalid < count);
	/* RSA files hold signatures of the other padding or hash. */
	if ((alg & CT_ALG_RSA_ALL) != 0)
		assert_true(nconfused > 0);
	json_decref(root);
}

/* The group's own publicKeyJwk, or one made of wx / wy (crv, width). */
static json_t *
ec_jwk_of(const json_t *g, const char *crv, size_t width)
{
	json_t *jwk = json_incref(json_object_get(g, "publicKeyJwk"));

	if (jwk == NULL) {	/* a few groups give only wx / wy */
		jwk = json_pack("{s:s,s:s}", "kty", "EC", "crv", crv);
		set_int(jwk, "x", json_object_get(g, "publicKey"), "wx",
		    width);
		set_int(jwk, "y", json_object_get(g, "publicKey"), "wy",
		    width);
	}
	return jwk;
}

static json_t *
p256_jwk(const json_t *g)
{
	return ec_jwk_of(g, "P-256", 32);
}

/* ECDSA, IEEE P1363 (R||S) = the JWS form (RFC 7518 3.4). */
static void
test_ecdsa_p256_p1363(void **state)
{
	(void)state;
	run_sig_file("ecdsa_secp256r1_sha256_p1363_test.json", CT_ALG_ES256,
	    CT_ALG_ES384, p256_jwk);
}

/*
 * An RSA key from modulus and exponent, no "alg" member (fits every RS
 * and PS algorithm); the file's own JWK, where given, is the same key.
 */
static json_t *
rsa_jwk(const json_t *g)
{
	json_t *jwk, *wjwk;
	struct ct_key key, wkey;
	struct ct_err e;

	jwk = json_pack("{s:s}", "kty", "RSA");
	set_int(jwk, "n", json_object_get(g, "publicKey"), "modulus", 0);
	set_int(jwk, "e", json_object_get(g, "publicKey"), "publicExponent",
	    0);
	if ((wjwk = json_object_get(g, "keyJwk")) == NULL)
		wjwk = json_object_get(g, "publicKeyJwk");
	if (wjwk != NULL) {
		ct_err_clear(&e);
		assert_int_equal(ct_jwk_load(jwk, &key, &e), CT_OK);
		assert_int_equal(ct_jwk_load(wjwk, &wkey, &e), CT_OK);
		assert_true(EVP_PKEY_eq(key.pkey, wkey.pkey) == 1);
		ct_key_clear(&key);
		ct_key_clear(&wkey);
	}
	return jwk;
}

/*
 * RSASSA-PKCS1-v1_5 2048, SHA-256.  Every key fits our policy
 * (2048 bits, e = 65537 or 3), so every vector is checked.  The one
 * "acceptable" vector of the file (DigestInfo without the NULL
 * parameter) may go either way: RFC 8017 9.2 note 2 allows both (OpenSSL
 * 3.0 on Debian 12 refuses it, which is the stricter answer).  No vector
 * verifies as PSS with the same hash.
 */
static void
test_rsa_2048_sha256(void **state)
{
	(void)state;
	run_sig_file("rsa_signature_2048_sha256_test.json", CT_ALG_RS256,
	    CT_ALG_PS256, rsa_jwk);
}

/*
 * The JWS layer alone, for a compact JWS whose payload need not be JSON:
 * header alg must be ES256/RS256, the key comes from the set by kid, and
 * the signature must verify over the signing input (RFC 7515 5.2).
 */
static int
raw_jws_verify(const struct ct_jwks *keys, const char *tok)
{
	const char *dot1, *dot2;
	unsigned char *hdr = NULL, *sig = NULL;
	size_t hdrlen = 0, siglen = 0;
	const struct ct_key *key = NULL;
	const json_t *kid;
	json_t *h = NULL;
	enum ct_alg alg = CT_ALG_UNKNOWN;
	struct ct_err e;
	int r = CT_EAUTH;

	ct_err_clear(&e);
	dot1 = strchr(tok, '.');
	assert_non_null(dot1);
	dot2 = strchr(dot1 + 1, '.');
	assert_non_null(dot2);
	if (ct_b64url_decode(tok, (size_t)(dot1 - tok), &hdr, &hdrlen) != 0 ||
	    ct_b64url_decode(dot2 + 1, strlen(dot2 + 1), &sig, &siglen) != 0)
		goto out;
	if ((h = ct_json_parse_object((const char *)hdr, hdrlen, "header",
	    CT_EAUTH, &e)) == NULL)
		goto out;
	alg = ct_alg_from_name(json_string_value(json_object_get(h, "alg")));
	kid = json_object_get(h, "kid");
	if (alg == CT_ALG_UNKNOWN || (r = ct_jwks_find(keys,
	    json_string_value(kid), &key, &e)) != CT_OK)
		goto out;
	r = ct_sig_verify(key, alg, (const unsigned char *)tok,
	    (size_t)(dot2 - tok), sig, siglen, &e);
out:
	if (r == CT_OK && alg == CT_ALG_UNKNOWN)
		r = CT_EAUTH;
	json_decref(h);
	free(hdr);
	free(sig);
	return r;
}

/*
 * Runs one JsonWebKey vector.  *raw is the JWS-layer result (key set,
 * alg, kid, signature); the return value is the full token path
 * (ct_jws_parse, which also demands a JSON object payload, RFC 7519 7.2
 * step 10), which *set_ok / *parse_ok break down.
 */
static int
jwk_vector(const json_t *set, const char *jwstext, int *raw, int *set_ok,
    int *parse_ok, char *why, size_t whysize)
{
	struct ct_jwks *keys = NULL;
	struct ct_jws *jws = NULL;
	const struct ct_key *key = NULL;
	struct ct_err e;
	char *text;
	int r;

	text = json_dumps(set, JSON_COMPACT);
	assert_non_null(text);
	ct_err_clear(&e);
	r = ct_jwks_parse(text, strlen(text), &keys, &e);
	free(text);
	*set_ok = r == CT_OK;
	*raw = r == CT_OK ? raw_jws_verify(keys, jwstext) : r;
	ct_err_clear(&e);
	/* The payload too, as token.c reads it after the signature. */
	*parse_ok = ct_jws_parse(jwstext, strlen(jwstext), CT_ALG_ES256 |
	    CT_ALG_RS256, &jws, &e) == CT_OK && ct_jws_claims(jws, &e) == CT_OK;
	snprintf(why, whysize, "%s", e.msg);
	if (!*parse_ok)
		r = CT_EAUTH;
	if (r == CT_OK)
		r = ct_jwks_find(keys, jws->kid, &key, &e);
	if (r == CT_OK)
		r = ct_sig_verify(key, jws->alg,
		    (const unsigned char *)jws->signing_input,
		    jws->signing_input_len, jws->sig, jws->siglen, &e);
	ct_jws_free(jws);
	ct_jwks_free(keys);
	return r;
}

/* The vector's header "alg", read without our policy. */
static void
header_alg(const char *jwstext, char *buf, size_t bufsize)
{
	unsigned char *hdr = NULL;
	size_t hdrlen = 0;
	json_t *h;

	assert_int_equal(ct_b64url_decode(jwstext, strcspn(jwstext, "."),
	    &hdr, &hdrlen), 0);
	h = json_loadb((const char *)hdr, hdrlen, 0, NULL);
	assert_non_null(h);
	snprintf(buf, bufsize, "%s",
	    json_string_value(json_object_get(h, "alg")));
	json_decref(h);
	free(hdr);
}

/*
 * JWK sets + JWS.  Every "invalid" vector must be refused, both by the
 * JWS layer alone and by the full token path.  The "valid" RS256 vector
 * must pass the JWS layer (key set, kid, alg, signature).  Its payload
 * is the bare string "foo", not a JWT claims set, so the full token path
 * refuses it at the payload, and only there (the reason names "claims").
 * "valid" HMAC vectors (HS256/384/512) must be refused by policy: a
 * published key set never holds a symmetric key (RFC 8725 3.1, DESIGN.md
 * invariant 1), and HS* is never an allowed alg; both are asserted.
 * Groups that give only a "private" set must be refused whole.
 */
static void
test_json_web_key(void **state)
{
	json_t *root, *g, *t, *set;
	size_t gi, ti, count = 0, npass = 0;
	const char *res, *jwstext;
	char alg[16], why[CT_ERR_MSG_MAX];
	int r, raw, set_ok, parse_ok;

	(void)state;
	root = load_vectors("json_web_key_test.json");
	json_array_foreach(json_object_get(root, "testGroups"), gi, g) {
		set = json_object_get(g, "public");
		if (set == NULL)
			set = json_object_get(g, "private");
		assert_non_null(set);
		json_array_foreach(json_object_get(g, "tests"), ti, t) {
			res = json_string_value(json_object_get(t, "result"));
			jwstext = json_string_value(json_object_get(t, "jws"));
			assert_non_null(jwstext);
			r = jwk_vector(set, jwstext, &raw, &set_ok, &parse_ok,
			    why, sizeof(why));
			if (json_object_get(g, "public") == NULL)
				assert_false(set_ok);
			header_alg(jwstext, alg, sizeof(alg));
			assert_int_not_equal(r, CT_OK);	/* payload "foo" */
			if (strcmp(res, "invalid") == 0) {
				if (raw == CT_OK)
					fail_msg("JWK tcId %lld: invalid "
					    "accepted", json_integer_value(
					    json_object_get(t, "tcId")));
			} else if (strncmp(alg, "HS", 2) == 0) {
				assert_string_equal(res, "valid");
				assert_false(set_ok);
				assert_false(parse_ok);
				assert_int_not_equal(raw, CT_OK);
			} else {
				assert_string_equal(res, "valid");
				if (raw != CT_OK)
					fail_msg("JWK tcId %lld: valid %s "
					    "refused", json_integer_value(
					    json_object_get(t, "tcId")), alg);
				assert_true(set_ok);
				assert_false(parse_ok);
				assert_non_null(strstr(why, "claims"));
				npass++;
			}
			count++;
		}
	}
	assert_int_equal(count, json_integer_value(json_object_get(root,
	    "numberOfTests")));
	assert_int_equal(npass, 1);	/* tcId 5, the RS256 key */
	json_decref(root);
}

/*
 * ROCA (CVE-2017-15361): of all RSA moduli in json_web_key_test.json,
 * loaded with e = AQAB, exactly the Infineon one is refused for ROCA; the
 * 1024-bit one is refused for its size; every other one loads.
 */
static void
test_json_web_key_roca(void **state)
{
	json_t *root, *g, *k, *jwk, *sets[2];
	struct ct_key key;
	struct ct_err e;
	size_t gi, ki, s, nroca = 0, nok = 0;
	const char *comment;
	int r;

	(void)state;
	root = load_vectors("json_web_key_test.json");
	json_array_foreach(json_object_get(root, "testGroups"), gi, g) {
		comment = json_string_value(json_object_get(g, "comment"));
		sets[0] = json_object_get(json_object_get(g, "public"),
		    "keys");
		sets[1] = json_object_get(json_object_get(g, "private"),
		    "keys");
		for (s = 0; s < 2; s++) {
			json_array_foreach(sets[s], ki, k) {
				if (json_object_get(k, "n") == NULL)
					continue;
				jwk = json_pack("{s:s,s:O,s:s}", "kty", "RSA",
				    "n", json_object_get(k, "n"), "e", "AQAB");
				ct_err_clear(&e);
				memset(&key, 0, sizeof(key));
				r = ct_jwk_load(jwk, &key, &e);
				json_decref(jwk);
				ct_key_clear(&key);
				if (strcmp(comment, "jws_rsa_roca_key") == 0) {
					assert_int_equal(r, CT_ENOKEYS);
					assert_non_null(strstr(e.msg, "ROCA"));
					nroca++;
				} else if (strcmp(comment,
				    "keysize_too_small") == 0) {
					assert_int_equal(r, CT_ENOKEYS);
					assert_null(strstr(e.msg, "ROCA"));
				} else {
					assert_int_equal(r, CT_OK);
					nok++;
				}
			}
		}
	}
	assert_int_equal(nroca, 2);	/* public and private set */
	assert_true(nok >= 4);
	json_decref(root);
}

/*
 * ECDH WebCrypto: every "public" JWK of file (curve of alg).  Invalid-
 * curve points, other curves and modified points must be refused by
 * ct_jwk_load; every valid point must load (the positive control).  Issue
 * 22: a valid point on another NIST curve (P-384 in the P-256 file) loads
 * now, but as a key of that curve's algorithm, never of alg.
 */
static void
ecdh_public_keys(const char *file, enum ct_alg alg)
{
	json_t *root, *g, *t;
	struct ct_key key;
	struct ct_err e;
	size_t gi, ti, count = 0, nvalid = 0, ninvalid = 0, npinned = 0;
	const char *res;
	int r;

	root = load_vectors(file);
	json_array_foreach(json_object_get(root, "testGroups"), gi, g) {
		json_array_foreach(json_object_get(g, "tests"), ti, t) {
			res = json_string_value(json_object_get(t, "result"));
			assert_true(strcmp(res, "valid") == 0 ||
			    strcmp(res, "invalid") == 0);
			ct_err_clear(&e);
			r = ct_jwk_load(json_object_get(t, "public"), &key, &e);
			if (r == CT_OK && strcmp(res, "invalid") == 0 &&
			    key.alg != alg) {
				assert_false(ct_key_fits(&key, alg));
				assert_true(has_flag(t, "WrongCurve") ||
				    has_flag(t, "ModifiedGroup"));
				npinned++;
				r = CT_ENOKEYS;
			} else if (r == CT_OK)
				assert_true(ct_key_fits(&key, alg));
			ct_key_clear(&key);
			if (r != (strcmp(res, "valid") == 0 ? CT_OK :
			    CT_ENOKEYS))
				fail_msg("ECDH %s tcId %lld: want %s, got %s",
				    file, json_integer_value(json_object_get(t,
				    "tcId")), res, ct_status_name(r));
			if (strcmp(res, "valid") == 0)
				nvalid++;
			else
				ninvalid++;
			count++;
		}
	}
	assert_int_equal(count, json_integer_value(json_object_get(root,
	    "numberOfTests")));
	assert_true(nvalid > 300);
	assert_int_equal(ninvalid, 23);
	/* the two other NIST curves; the P-384 and P-521 files add P-256 */
	assert_true(npinned >= 2 && npinned <= 3);
	json_decref(root);
}

static void
test_ecdh_webcrypto_public_keys(void **state)
{
	(void)state;
	ecdh_public_keys("ecdh_secp256r1_webcrypto_test.json", CT_ALG_ES256);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecdsa_p256_p1363),
		cmocka_unit_test(test_rsa_2048_sha256),
		cmocka_unit_test(test_json_web_key),
		cmocka_unit_test(test_json_web_key_roca),
		cmocka_unit_test(test_ecdh_webcrypto_public_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_collect.c - which replies are whole tokens, which are cut ones to
 * be continued, and which are neither (issue 6, "long tokens through short
 * pipes").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "collect.h"
#include "jwks.h"
#include "jwks_json.h"
#include "jws.h"
#include "mint.h"

#define AUD "api-key-id"

static size_t
shape_len(const char *t, size_t len, size_t sig)
{
	return (size_t)ct_collect_shape(t, len, sig);
}

static void
test_complete_and_every_prefix(void **state)
{
	struct mint_key *k = mint_key_new_es256(NULL);
	char *tok = mint_keep(mint_cotter_token(k, time(NULL), AUD,
	    "alice@example.com"));
	size_t n, len = strlen(tok);

	(void)state;
	mint_key_free(k);
	/* Positive control: the whole token is complete. */
	assert_int_equal(ct_collect_shape(tok, len, 86), CT_SHAPE_COMPLETE);
	/* Every cut from CT_PREFIX_MIN on is a prefix to continue. */
	for (n = CT_PREFIX_MIN; n < len; n++)
		assert_int_equal(shape_len(tok, n, 86), CT_SHAPE_PREFIX);
	/* Shorter cuts are too short to be taken for a cut token. */
	assert_int_equal(ct_collect_shape(tok, CT_PREFIX_MIN - 1, 86),
	    CT_SHAPE_OTHER);
}

static void
test_not_tokens(void **state)
{
	char *longpw = mint_keep(mint_repeat('a', 64));

	(void)state;
	assert_int_equal(ct_collect_shape("", 0, 86), CT_SHAPE_OTHER);
	assert_int_equal(ct_collect_shape("hunter2", 7, 86), CT_SHAPE_OTHER);
	/* A long local password does not start like a JOSE header. */
	assert_int_equal(ct_collect_shape(longpw, 64, 86), CT_SHAPE_OTHER);
	/* Spaces, '+', '/', '=' or a third dot can continue nothing. */
	assert_int_equal(ct_collect_shape("eyJhbGciOiJFUzI1NiJ9 with space..",
	    33, 86), CT_SHAPE_OTHER);
	assert_int_equal(ct_collect_shape(
	    "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.abc.def", 44, 86),
	    CT_SHAPE_OTHER);
	assert_int_equal(ct_collect_shape(
	    "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0=", 37, 86), CT_SHAPE_OTHER);
	assert_false(ct_collect_continuable("", 0));
	assert_false(ct_collect_continuable("ab+c", 4));
	assert_true(ct_collect_continuable("ab-c_.d", 7));
}

static void
test_over_cap_is_not_continued(void **state)
{
	char *big = mint_keep(mint_repeat('e', CT_TOKEN_MAX + 1));

	(void)state;
	big[1] = 'y';
	assert_int_equal(ct_collect_shape(big, CT_TOKEN_MAX, 86),
	    CT_SHAPE_PREFIX);
	assert_int_equal(ct_collect_shape(big, CT_TOKEN_MAX + 1, 86),
	    CT_SHAPE_OTHER);
}

/* The signature length comes from the token's own key. */
static void
test_sig_chars_from_the_key(void **state)
{
	struct mint_key *ec = mint_key_new_es256("ec");
	struct mint_key *rsa = mint_key_new_rs256(3072, "rsa");
	const struct mint_key *both[2] = { ec, rsa };
	struct ct_jwks *set = NULL;
	char *jwks = mint_keep(mint_jwks_json(both, 2));
	char *t_ec = mint_keep(mint_cotter_token(ec, time(NULL), AUD, NULL));
	char *t_rsa = mint_keep(mint_cotter_token(rsa, time(NULL), AUD, NULL));
	char *last;

	(void)state;
	assert_int_equal(ct_jwks_parse(jwks, strlen(jwks), &set, NULL), CT_OK);
	assert_int_equal(ct_collect_sig_chars(set, CT_ALG_ES256 | CT_ALG_RS256,
	    t_ec, strlen(t_ec)), 86);
	/* RS256 with 3072 bits: 384 octets, 512 characters. */
	assert_int_equal(ct_collect_sig_chars(set, CT_ALG_ES256 | CT_ALG_RS256,
	    t_rsa, strlen(t_rsa)), 512);
	last = strrchr(t_rsa, '.');
	assert_int_equal(strlen(last + 1), 512);
	/* Cut inside the RSA signature: a prefix, not a token. */
	assert_int_equal(ct_collect_shape(t_rsa, strlen(t_rsa) - 100, 512),
	    CT_SHAPE_PREFIX);
	/* Without keys, or before the header is whole: the shortest. */
	assert_int_equal(ct_collect_sig_chars(NULL, CT_ALG_RS256, t_rsa,
	    strlen(t_rsa)), 342);
	assert_int_equal(ct_collect_sig_chars(set, CT_ALG_ES256 | CT_ALG_RS256,
	    t_rsa, 10), 86);
	ct_jwks_free(set);
	mint_key_free(ec);
	mint_key_free(rsa);
}

/*
 * ct_collect_token_shape answers as ct_collect_shape with the exact
 * length does, with and without an RSA key in the set, for the whole
 * token and for every cut of it (issue 15: the prompt skips the header
 * only when the answer cannot depend on it).
 */
static void
test_token_shape_agrees(void **state)
{
	struct mint_key *ec = mint_key_new_es256("ec");
	struct mint_key *ec2 = mint_key_new_es256("ec2");
	struct mint_key *rsa = mint_key_new_rs256(2048, "rsa");
	const struct mint_key *ecs[2] = { ec, ec2 }, *mixed[2] = { ec, rsa };
	const struct mint_key *const *sets[2] = { ecs, mixed };
	char *t[3];
	struct ct_jwks *set;
	char *jwks;
	unsigned algs[3] = { CT_ALG_ES256, CT_ALG_RS256,
	    CT_ALG_ES256 | CT_ALG_RS256 };
	size_t si, ti, ai, len, n = 0;

	(void)state;
	t[0] = mint_keep(mint_cotter_token(ec, time(NULL), AUD, NULL));
	t[1] = mint_keep(mint_cotter_token(rsa, time(NULL), AUD, NULL));
	t[2] = mint_keep(mint_cotter_token(ec2, time(NULL), AUD, NULL));
	for (si = 0; si < 2; si++) {
		jwks = mint_keep(mint_jwks_json(sets[si], 2));
		set = NULL;
		assert_int_equal(ct_jwks_parse_lazy(jwks, strlen(jwks), &set,
		    NULL), CT_OK);
		for (ti = 0; ti < 3; ti++)
			for (ai = 0; ai < 3; ai++)
				for (len = 0; len <= strlen(t[ti]); len++) {
					assert_int_equal(ct_collect_token_shape(
					    set, algs[ai], t[ti], len),
					    ct_collect_shape(t[ti], len,
					    ct_collect_sig_chars(set, algs[ai],
					    t[ti], len)));
					n += ct_collect_token_shape(set,
					    algs[ai], t[ti], len) ==
					    CT_SHAPE_COMPLETE;
				}
		ct_jwks_free(set);
	}
	/* The positive control: whole tokens were found COMPLETE. */
	assert_true(n >= 6);
	/* ES256 keys only, a whole ES256 token: COMPLETE; cut: PREFIX. */
	assert_int_equal(ct_collect_token_shape(NULL, CT_ALG_ES256, t[0],
	    strlen(t[0])), CT_SHAPE_COMPLETE);
	assert_int_equal(ct_collect_token_shape(NULL, CT_ALG_ES256, t[0],
	    strlen(t[0]) - 1), CT_SHAPE_PREFIX);
	mint_key_free(ec);
	mint_key_free(ec2);
	mint_key_free(rsa);
}

/*
 * Issue 22: an ES256 token on a host that allows RS256 only is whole, not
 * "cut short": its header names an alg the configuration refuses, so the
 * verifier gets it (and says why); before, 86 < 342 characters asked for
 * a continuation.  Every algorithm's whole token is COMPLETE under a
 * configuration that allows it, and every cut inside its signature is a
 * PREFIX.
 */
static void
test_other_alg_is_not_cut_short(void **state)
{
	static const enum ct_alg algs[] = { CT_ALG_ES256, CT_ALG_ES384,
	    CT_ALG_ES512, CT_ALG_RS256, CT_ALG_RS384, CT_ALG_RS512,
	    CT_ALG_PS256, CT_ALG_PS384, CT_ALG_PS512, CT_ALG_EDDSA };
	struct mint_key *k[10];
	struct ct_jwks *set = NULL;
	char *jwks, *t, *last;
	size_t i, n = sizeof(algs) / sizeof(algs[0]), cut;

	(void)state;
	for (i = 0; i < n; i++)
		k[i] = mint_key_new(algs[i], ct_alg_name(algs[i]));
	jwks = mint_keep(mint_jwks_json((const struct mint_key *const *)k,
	    n));
	assert_int_equal(ct_jwks_parse_lazy(jwks, strlen(jwks), &set, NULL),
	    CT_OK);
	for (i = 0; i < n; i++) {
		t = mint_keep(mint_cotter_token(k[i], time(NULL), AUD, NULL));
		last = strrchr(t, '.') + 1;
		/* Allowed: whole is COMPLETE, cut in the signature PREFIX. */
		assert_int_equal(ct_collect_token_shape(set, algs[i], t,
		    strlen(t)), CT_SHAPE_COMPLETE);
		assert_int_equal(ct_collect_token_shape(NULL, algs[i], t,
		    strlen(t)), CT_SHAPE_COMPLETE);
		for (cut = 1; cut < strlen(last); cut += 7)
			assert_int_equal(ct_collect_token_shape(set, algs[i],
			    t, strlen(t) - cut), CT_SHAPE_PREFIX);
		/* Not allowed (RS256 only, or ES256 only): whole, too. */
		assert_int_equal(ct_collect_token_shape(set, algs[i] ==
		    CT_ALG_RS256 ? CT_ALG_ES256 : CT_ALG_RS256, t, strlen(t)),
		    CT_SHAPE_COMPLETE);
		assert_int_equal(ct_collect_token_shape(NULL, CT_ALG_RS256 |
		    (algs[i] == CT_ALG_RS256 ? CT_ALG_ES256 : 0), t,
		    strlen(t)), CT_SHAPE_COMPLETE);
		/* The fast path agrees with the exact length, every cut. */
		for (cut = 0; cut <= strlen(t); cut++)
			assert_int_equal(ct_collect_token_shape(set,
			    CT_ALG_ALL, t, cut), ct_collect_shape(t, cut,
			    ct_collect_sig_chars(set, CT_ALG_ALL, t, cut)));
		/* A cut header still asks for more (the shortest length). */
		assert_int_equal(ct_collect_token_shape(set, CT_ALG_RS256, t,
		    (size_t)(strchr(t, '.') - t)), CT_SHAPE_PREFIX);
	}
	/* The case of the issue, with an RS256-only key set as well. */
	t = mint_keep(mint_cotter_token(k[0], time(NULL), AUD, NULL));
	assert_int_equal(ct_collect_sig_chars(NULL, CT_ALG_RS256, t,
	    strlen(t)), 1);
	assert_int_equal(ct_collect_sig_chars(set, CT_ALG_ES256 | CT_ALG_RS256,
	    t, strlen(t)), 86);
	ct_jwks_free(set);
	for (i = 0; i < n; i++)
		mint_key_free(k[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_other_alg_is_not_cut_short,
		    mint_drain),
		cmocka_unit_test_teardown(test_complete_and_every_prefix,
		    mint_drain),
		cmocka_unit_test_teardown(test_not_tokens, mint_drain),
		cmocka_unit_test_teardown(test_over_cap_is_not_continued,
		    mint_drain),
		cmocka_unit_test_teardown(test_sig_chars_from_the_key,
		    mint_drain),
		cmocka_unit_test_teardown(test_token_shape_agrees,
		    mint_drain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

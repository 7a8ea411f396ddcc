/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sig.c - JWS signature verification with OpenSSL 3 EVP (RFC 7518
 * sections 3.3, 3.4 and 3.5; RFC 8037 section 3.1).
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "sig.h"

#define CT_EC_HALF_MAX 66	/* P-521: R and S are 66 octets each */
#define CT_ED25519_SIG 64	/* RFC 8032 5.1.6: R || S, 64 octets */

/* Orders n of the NIST base points (FIPS 186-4 D.1.2), big-endian. */
static const unsigned char p256_order[32] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51
};
static const unsigned char p384_order[48] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
	0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
	0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73
};
static const unsigned char p521_order[66] = {
	0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xfa, 0x51, 0x86, 0x87, 0x83, 0xbf, 0x2f,
	0x96, 0x6b, 0x7f, 0xcc, 0x01, 0x48, 0xf7, 0x09,
	0xa5, 0xd0, 0x3b, 0xb5, 0xc9, 0xb8, 0x89, 0x9c,
	0x47, 0xae, 0xbb, 0x6f, 0xb7, 0x1e, 0x91, 0x38,
	0x64, 0x09
};

/*
 * What each algorithm needs (RFC 7518 3.1, RFC 8037 3.1): the key type it
 * is pinned to, the digest, the padding, and for ECDSA the curve (group)
 * with the size of R and S and the curve order.
 */
static const struct sig_alg {
	enum ct_alg alg;
	const char *type;	/* EVP_PKEY_is_a name */
	const char *md;		/* NULL: EdDSA hashes itself */
	int pad;		/* RSA padding, 0 for EC and EdDSA */
	const char *group;	/* EC group name */
	size_t half;		/* octets of R and of S */
	const unsigned char *order;
} sig_algs[] = {
	{ CT_ALG_ES256, "EC", "SHA256", 0, "prime256v1", 32, p256_order },
	{ CT_ALG_ES384, "EC", "SHA384", 0, "secp384r1", 48, p384_order },
	{ CT_ALG_ES512, "EC", "SHA512", 0, "secp521r1", 66, p521_order },
	{ CT_ALG_RS256, "RSA", "SHA256", RSA_PKCS1_PADDING, NULL, 0, NULL },
	{ CT_ALG_RS384, "RSA", "SHA384", RSA_PKCS1_PADDING, NULL, 0, NULL },
	{ CT_ALG_RS512, "RSA", "SHA512", RSA_PKCS1_PADDING, NULL, 0, NULL },
	{ CT_ALG_PS256, "RSA", "SHA256", RSA_PKCS1_PSS_PADDING, NULL, 0,
	    NULL },
	{ CT_ALG_PS384, "RSA", "SHA384", RSA_PKCS1_PSS_PADDING, NULL, 0,
	    NULL },
	{ CT_ALG_PS512, "RSA", "SHA512", RSA_PKCS1_PSS_PADDING, NULL, 0,
	    NULL },
	{ CT_ALG_EDDSA, "ED25519", NULL, 0, NULL, 0, NULL }
};

static const struct sig_alg *
sig_alg_of(enum ct_alg alg)
{
	size_t i;

	for (i = 0; i < sizeof(sig_algs) / sizeof(sig_algs[0]); i++)
		if (sig_algs[i].alg == alg)
			return &sig_algs[i];
	return NULL;
}

/* 1 if big-endian v (a->half octets) is in [1, n-1] (FIPS 186-4 6.4.2). */
static int
ec_scalar_ok(const struct sig_alg *a, const unsigned char *v)
{
	static const unsigned char zero[CT_EC_HALF_MAX];

	return memcmp(v, zero, a->half) != 0 &&
	    memcmp(v, a->order, a->half) < 0;
}

/*
 * RFC 7518 3.4: the JWS signature is R || S, each exactly the curve's
 * size (64, 96 or 132 octets in all).  OpenSSL wants the DER
 * ECDSA-Sig-Value, so range-check R and S, then re-encode.
 */
static int
ec_to_der(const struct sig_alg *a, const unsigned char *sig, size_t siglen,
    unsigned char **der, size_t *derlen, struct ct_err *e)
{
	ECDSA_SIG *es = NULL;
	BIGNUM *br = NULL, *bs = NULL;
	int n, r = CT_EAUTH;

	if (siglen != 2 * a->half) {
		r = ct_fail(e, CT_EAUTH, "%s signature is not %zu bytes",
		    ct_alg_name(a->alg), 2 * a->half);
		goto out;
	}
	if (!ec_scalar_ok(a, sig) || !ec_scalar_ok(a, sig + a->half)) {
		r = ct_fail(e, CT_EAUTH, "%s signature out of range",
		    ct_alg_name(a->alg));
		goto out;
	}
	if ((es = ECDSA_SIG_new()) == NULL ||
	    (br = BN_bin2bn(sig, (int)a->half, NULL)) == NULL ||
	    (bs = BN_bin2bn(sig + a->half, (int)a->half, NULL)) == NULL ||
	    ECDSA_SIG_set0(es, br, bs) != 1) {
		r = ct_fail(e, CT_ENOMEM, "signature: out of memory");
		goto out;
	}
	br = bs = NULL;		/* owned by es now */
	if ((n = i2d_ECDSA_SIG(es, der)) <= 0) {
		r = ct_fail(e, CT_ENOMEM, "signature: out of memory");
		goto out;
	}
	*derlen = (size_t)n;
	r = CT_OK;
out:
	BN_free(br);
	BN_free(bs);
	ECDSA_SIG_free(es);
	return r;
}

/*
 * RSA padding: PKCS #1 v1.5 (RFC 7518 3.3), or PSS with MGF1 over the
 * same hash and a salt exactly as long as the hash (RFC 7518 3.5).
 */
static int
sig_set_padding(const struct sig_alg *a, EVP_PKEY_CTX *pctx)
{
	if (a->pad == 0)
		return 1;
	if (EVP_PKEY_CTX_set_rsa_padding(pctx, a->pad) != 1)
		return 0;
	if (a->pad != RSA_PKCS1_PSS_PADDING)
		return 1;
	return EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, a->md, NULL) == 1 &&
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx,
	    RSA_PSS_SALTLEN_DIGEST) == 1;
}

/* One-shot EVP_DigestVerify; only a return of 1 is valid. */
static int
sig_digest_verify(const struct sig_alg *a, EVP_PKEY *pkey,
    const unsigned char *msg, size_t msglen, const unsigned char *sig,
    size_t siglen, struct ct_err *e)
{
	EVP_MD_CTX *md = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	int r = CT_EAUTH;

	if ((md = EVP_MD_CTX_new()) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "signature: out of memory");
		goto out;
	}
	if (EVP_DigestVerifyInit_ex(md, &pctx, a->md, NULL, NULL, pkey,
	    NULL) != 1 || !sig_set_padding(a, pctx)) {
		r = ct_fail(e, CT_EAUTH, "signature: cannot set up verify");
		goto out;
	}
	if (EVP_DigestVerify(md, sig, siglen, msg, msglen) != 1) {
		r = ct_fail(e, CT_EAUTH, "signature does not verify");
		goto out;
	}
	r = CT_OK;
out:
	EVP_MD_CTX_free(md);	/* frees pctx too */
	/* Leave nothing on the OpenSSL error queue of the host process. */
	ERR_clear_error();
	return r;
}

/* 1 when pkey is of a's type, and for ECDSA on a's curve. */
static int
sig_key_is(const struct sig_alg *a, EVP_PKEY *pkey)
{
	char group[32];
	size_t glen = 0;

	if (!EVP_PKEY_is_a(pkey, a->type))
		return 0;
	if (a->group == NULL)
		return 1;
	return EVP_PKEY_get_utf8_string_param(pkey,
	    OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &glen) == 1 &&
	    strcmp(group, a->group) == 0;
}

/* The length rules before any EVP work: RSA and Ed25519. */
static int
sig_length_ok(const struct sig_alg *a, EVP_PKEY *pkey, size_t siglen,
    struct ct_err *e)
{
	int r = CT_OK;

	/* RFC 8017 8.1.2 / 8.2.2 step 1: length equals the modulus length. */
	if (a->pad != 0 && (EVP_PKEY_get_size(pkey) <= 0 ||
	    siglen != (size_t)EVP_PKEY_get_size(pkey)))
		r = ct_fail(e, CT_EAUTH, "%s signature length does not fit "
		    "the key", ct_alg_name(a->alg));
	/* RFC 8032 5.1.7: an Ed25519 signature is exactly 64 octets. */
	else if (a->alg == CT_ALG_EDDSA && siglen != CT_ED25519_SIG)
		r = ct_fail(e, CT_EAUTH, "EdDSA signature is not %d bytes",
		    CT_ED25519_SIG);
	return r;
}

int
ct_sig_verify(const struct ct_key *key, enum ct_alg alg,
    const unsigned char *msg, size_t msglen, const unsigned char *sig,
    size_t siglen, struct ct_err *e)
{
	const struct sig_alg *a = sig_alg_of(alg);
	unsigned char *der = NULL;
	size_t derlen = 0;
	int r = CT_EAUTH;

	if (msg == NULL && msglen == 0)
		msg = (const unsigned char *)"";
	if (key == NULL || key->pkey == NULL || sig == NULL ||
	    (msg == NULL && msglen != 0)) {
		r = ct_fail(e, CT_EAUTH, "signature: no key or no signature");
		goto out;
	}
	/* RFC 8725 3.1: the key fixes the algorithm, not the token. */
	if (a == NULL || !ct_key_fits(key, alg) || !sig_key_is(a, key->pkey)) {
		r = ct_fail(e, CT_EAUTH, "alg does not fit key");
		goto out;
	}
	if (a->group != NULL) {
		if ((r = ec_to_der(a, sig, siglen, &der, &derlen, e)) != CT_OK)
			goto out;
		r = sig_digest_verify(a, key->pkey, msg, msglen, der, derlen,
		    e);
	} else if ((r = sig_length_ok(a, key->pkey, siglen, e)) == CT_OK)
		r = sig_digest_verify(a, key->pkey, msg, msglen, sig, siglen,
		    e);
	if (r != CT_OK)
		goto out;
	r = CT_OK;
out:
	ERR_clear_error();
	OPENSSL_clear_free(der, derlen);	/* token material */
	return r;
}

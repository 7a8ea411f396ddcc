/*
 * sig.c - JWS signature verification with OpenSSL 3 EVP
 * (RFC 7518 sections 3.3 and 3.4).
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "sig.h"

#define CT_ES256_HALF 32	/* RFC 7518 3.4: R and S are 32 octets each */

/* Order n of the P-256 base point (FIPS 186-4 D.1.2.3), big-endian. */
static const unsigned char p256_order[CT_ES256_HALF] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51
};

/* 1 if the 32-byte big-endian v is in [1, n-1] (FIPS 186-4 6.4.2). */
static int
es256_scalar_ok(const unsigned char *v)
{
	static const unsigned char zero[CT_ES256_HALF];

	return memcmp(v, zero, CT_ES256_HALF) != 0 &&
	    memcmp(v, p256_order, CT_ES256_HALF) < 0;
}

/*
 * RFC 7518 3.4: the JWS signature is R || S, 64 octets.  OpenSSL wants
 * the DER ECDSA-Sig-Value, so range-check R and S, then re-encode.
 */
static int
es256_to_der(const unsigned char *sig, size_t siglen, unsigned char **der,
    size_t *derlen, struct ct_err *e)
{
	ECDSA_SIG *es = NULL;
	BIGNUM *br = NULL, *bs = NULL;
	int n, r = CT_EAUTH;

	if (siglen != 2 * CT_ES256_HALF) {
		r = ct_fail(e, CT_EAUTH, "ES256 signature is not %d bytes",
		    2 * CT_ES256_HALF);
		goto out;
	}
	if (!es256_scalar_ok(sig) || !es256_scalar_ok(sig + CT_ES256_HALF)) {
		r = ct_fail(e, CT_EAUTH, "ES256 signature out of range");
		goto out;
	}
	if ((es = ECDSA_SIG_new()) == NULL ||
	    (br = BN_bin2bn(sig, CT_ES256_HALF, NULL)) == NULL ||
	    (bs = BN_bin2bn(sig + CT_ES256_HALF, CT_ES256_HALF,
	    NULL)) == NULL ||
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

/* One-shot EVP_DigestVerify with SHA-256; only a return of 1 is valid. */
static int
sig_digest_verify(EVP_PKEY *pkey, int rsa, const unsigned char *msg,
    size_t msglen, const unsigned char *sig, size_t siglen, struct ct_err *e)
{
	EVP_MD_CTX *md = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	int r = CT_EAUTH;

	if ((md = EVP_MD_CTX_new()) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "signature: out of memory");
		goto out;
	}
	if (EVP_DigestVerifyInit_ex(md, &pctx, "SHA256", NULL, NULL, pkey,
	    NULL) != 1 ||
	    (rsa && EVP_PKEY_CTX_set_rsa_padding(pctx,
	    RSA_PKCS1_PADDING) != 1)) {
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

int
ct_sig_verify(const struct ct_key *key, enum ct_alg alg,
    const unsigned char *msg, size_t msglen, const unsigned char *sig,
    size_t siglen, struct ct_err *e)
{
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
	if (alg != key->alg ||
	    (alg == CT_ALG_ES256 && !EVP_PKEY_is_a(key->pkey, "EC")) ||
	    (alg == CT_ALG_RS256 && !EVP_PKEY_is_a(key->pkey, "RSA")) ||
	    (alg != CT_ALG_ES256 && alg != CT_ALG_RS256)) {
		r = ct_fail(e, CT_EAUTH, "alg does not fit key");
		goto out;
	}
	if (alg == CT_ALG_ES256) {
		if ((r = es256_to_der(sig, siglen, &der, &derlen, e)) != CT_OK)
			goto out;
		r = sig_digest_verify(key->pkey, 0, msg, msglen, der, derlen,
		    e);
	} else {
		/* RFC 8017 8.2.2 step 1: length equals the modulus length. */
		if (EVP_PKEY_get_size(key->pkey) <= 0 ||
		    siglen != (size_t)EVP_PKEY_get_size(key->pkey)) {
			r = ct_fail(e, CT_EAUTH, "RS256 signature length does "
			    "not fit the key");
			goto out;
		}
		r = sig_digest_verify(key->pkey, 1, msg, msglen, sig, siglen,
		    e);
	}
	if (r != CT_OK)
		goto out;
	r = CT_OK;
out:
	OPENSSL_clear_free(der, derlen);	/* token material */
	return r;
}

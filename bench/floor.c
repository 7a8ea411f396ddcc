/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * floor.c - the cost floor of a login (issue 7, figure 1): one ES256
 * verification of a realistic token's signing input with OpenSSL 3,
 * EVP_DigestVerifyInit_ex + EVP_DigestVerify on a warm process, the
 * public key already built.  Prints the median per verification.
 *
 *	floor KEY.pem TOKENFILE [BATCHES]
 */
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "b64url.h"
#include "bench.h"

#define BATCH	200

/* The public half of the issuer's private key (as the JWKS holds it). */
static EVP_PKEY *
load_public(const char *path)
{
	EVP_PKEY *priv = NULL, *pub = NULL;
	unsigned char *der = NULL;
	const unsigned char *p;
	FILE *f;
	int n;

	if ((f = fopen(path, "re")) == NULL)
		bench_die("cannot open the key file");
	priv = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (priv == NULL || (n = i2d_PUBKEY(priv, &der)) <= 0)
		bench_die("cannot read the key");
	p = der;
	if ((pub = d2i_PUBKEY(NULL, &p, n)) == NULL)
		bench_die("cannot rebuild the public key");
	OPENSSL_free(der);
	EVP_PKEY_free(priv);
	return pub;
}

/* R || S (RFC 7518 3.4) to the DER form EVP wants. */
static unsigned char *
sig_der(const char *b64, size_t *derlen)
{
	unsigned char *raw = NULL, *der = NULL;
	size_t rawlen = 0;
	ECDSA_SIG *es;
	int n;

	if (ct_b64url_decode(b64, strlen(b64), &raw, &rawlen) != 0 ||
	    rawlen != 64)
		bench_die("signature is not 64 bytes of base64url");
	if ((es = ECDSA_SIG_new()) == NULL ||
	    ECDSA_SIG_set0(es, BN_bin2bn(raw, 32, NULL),
	    BN_bin2bn(raw + 32, 32, NULL)) != 1 ||
	    (n = i2d_ECDSA_SIG(es, &der)) <= 0)
		bench_die("cannot encode the signature");
	*derlen = (size_t)n;
	ECDSA_SIG_free(es);
	free(raw);
	return der;
}

static void
verify_once(EVP_PKEY *pkey, const unsigned char *msg, size_t msglen,
    const unsigned char *der, size_t derlen)
{
	EVP_MD_CTX *md;

	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit_ex(md, NULL, "SHA256", NULL, NULL, pkey,
	    NULL) != 1 ||
	    EVP_DigestVerify(md, der, derlen, msg, msglen) != 1)
		bench_die("the token does not verify");
	EVP_MD_CTX_free(md);
}

int
main(int argc, char **argv)
{
	EVP_PKEY *pkey;
	unsigned char *der;
	char *tok, *dot;
	size_t derlen, msglen, nb, i, j;
	long long *t, t0;

	if (argc < 3)
		bench_die("usage: floor KEY.pem TOKENFILE [BATCHES]");
	nb = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 41;
	if (nb == 0 || (t = calloc(nb, sizeof(*t))) == NULL)
		bench_die("bad batch count");
	pkey = load_public(argv[1]);
	tok = bench_read_token(argv[2]);
	if ((dot = strrchr(tok, '.')) == NULL)
		bench_die("not a compact JWS");
	msglen = (size_t)(dot - tok);
	der = sig_der(dot + 1, &derlen);
	for (i = 0; i < BATCH; i++)	/* warm caches and the CPU */
		verify_once(pkey, (unsigned char *)tok, msglen, der, derlen);
	for (j = 0; j < nb; j++) {
		t0 = bench_now_ns();
		for (i = 0; i < BATCH; i++)
			verify_once(pkey, (unsigned char *)tok, msglen, der,
			    derlen);
		t[j] = (bench_now_ns() - t0) / BATCH;
	}
	printf("floor_ns %lld p10 %lld p90 %lld signing_input %zu token %zu\n",
	    bench_quantile(t, nb, 0.5), bench_quantile(t, nb, 0.1),
	    bench_quantile(t, nb, 0.9), msglen, strlen(tok));
	explicit_bzero(tok, strlen(tok));
	free(tok);
	free(t);
	OPENSSL_free(der);
	EVP_PKEY_free(pkey);
	return 0;
}

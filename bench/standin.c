/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * standin.c - the stand-in module of issue 15 (bench/pam_standin.so): the
 * least a token module can do, as the issue defines it.  It loads
 * libcrypto and jansson (pam_cotter linked both when the issue was
 * written; it now reads JSON with its own src/jose/jscan.c and links libcrypto
 * only), parses the JWK Set file with jansson, builds its first
 * (P-256) key and verifies the token's ES256 signature, nothing else: no
 * claims, no config, no map, no account, no log line.  Its cost is the
 * floor pam_cotter's own work is compared with.  Never install it.
 *
 *	auth required pam_standin.so jwks=/path/to/jwks.json
 */
#include <string.h>

#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#define PAM_SM_AUTH
#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "b64url.h"

int pam_sm_authenticate(pam_handle_t *, int, int, const char **);
int pam_sm_setcred(pam_handle_t *, int, int, const char **);

/* The first key of the set at path, as a P-256 public key. */
static EVP_PKEY *
first_key(const char *path)
{
	unsigned char pt[65], *x = NULL, *y = NULL;
	size_t xl = 0, yl = 0;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *par = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *k = NULL;
	json_t *root, *key;
	const char *xs, *ys;

	if ((root = json_load_file(path, 0, NULL)) == NULL)
		return NULL;
	key = json_array_get(json_object_get(root, "keys"), 0);
	xs = json_string_value(json_object_get(key, "x"));
	ys = json_string_value(json_object_get(key, "y"));
	if (xs != NULL && ys != NULL &&
	    ct_b64url_decode(xs, strlen(xs), &x, &xl) == 0 &&
	    ct_b64url_decode(ys, strlen(ys), &y, &yl) == 0 &&
	    xl == 32 && yl == 32) {
		pt[0] = 4;
		memcpy(pt + 1, x, 32);
		memcpy(pt + 33, y, 32);
		if ((bld = OSSL_PARAM_BLD_new()) != NULL &&
		    OSSL_PARAM_BLD_push_utf8_string(bld,
		    OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1 &&
		    OSSL_PARAM_BLD_push_octet_string(bld,
		    OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt)) == 1 &&
		    (par = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
		    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) !=
		    NULL && EVP_PKEY_fromdata_init(ctx) == 1)
			(void)EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY,
			    par);
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(par);
	OSSL_PARAM_BLD_free(bld);
	free(x);
	free(y);
	json_decref(root);
	return k;
}

/* ES256 (RFC 7518 3.4) over the signing input of the compact token. */
static int
verify(EVP_PKEY *k, const char *tok)
{
	const char *dot = strrchr(tok, '.');
	unsigned char *raw = NULL, *der = NULL;
	size_t rawlen = 0;
	ECDSA_SIG *es = NULL;
	EVP_MD_CTX *md = NULL;
	int n = 0, ok = 0;

	if (dot != NULL &&
	    ct_b64url_decode(dot + 1, strlen(dot + 1), &raw, &rawlen) == 0 &&
	    rawlen == 64 && (es = ECDSA_SIG_new()) != NULL &&
	    ECDSA_SIG_set0(es, BN_bin2bn(raw, 32, NULL),
	    BN_bin2bn(raw + 32, 32, NULL)) == 1 &&
	    (n = i2d_ECDSA_SIG(es, &der)) > 0 &&
	    (md = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestVerifyInit_ex(md, NULL, "SHA256", NULL, NULL, k,
	    NULL) == 1)
		ok = EVP_DigestVerify(md, der, (size_t)n,
		    (const unsigned char *)tok, (size_t)(dot - tok)) == 1;
	EVP_MD_CTX_free(md);
	ECDSA_SIG_free(es);
	OPENSSL_free(der);
	free(raw);
	return ok;
}

int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	const char *tok = NULL, *jwks = NULL;
	EVP_PKEY *k = NULL;
	int i, r = PAM_AUTH_ERR;

	(void)flags;
	for (i = 0; i < argc; i++)
		if (strncmp(argv[i], "jwks=", 5) == 0)
			jwks = argv[i] + 5;
	if (jwks != NULL &&
	    pam_get_authtok(pamh, PAM_AUTHTOK, &tok, NULL) == PAM_SUCCESS &&
	    tok != NULL && (k = first_key(jwks)) != NULL && verify(k, tok))
		r = PAM_SUCCESS;
	EVP_PKEY_free(k);
	return r;
}

int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mint.c - token minting for tests; see mint.h.  Aborts on any failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "mint.h"

#define MINT_ES256_HALF	32
#define MINT_ED25519_LEN 32

/* Octets of R and of S for an ECDSA alg (RFC 7518 3.4), 0 otherwise. */
static size_t
mint_ec_half(enum ct_alg alg)
{
	return alg == CT_ALG_ES256 ? 32 : alg == CT_ALG_ES384 ? 48 :
	    alg == CT_ALG_ES512 ? 66 : 0;
}

static void mint_die(const char *what) __attribute__((noreturn));

/* The JWS name of alg, spelled here (mint uses none of the library). */
static const char *
mint_alg_name(enum ct_alg alg)
{
	switch (alg) {
	case CT_ALG_ES256: return "ES256";
	case CT_ALG_ES384: return "ES384";
	case CT_ALG_ES512: return "ES512";
	case CT_ALG_RS256: return "RS256";
	case CT_ALG_RS384: return "RS384";
	case CT_ALG_RS512: return "RS512";
	case CT_ALG_PS256: return "PS256";
	case CT_ALG_PS384: return "PS384";
	case CT_ALG_PS512: return "PS512";
	case CT_ALG_EDDSA: return "EdDSA";
	default: break;
	}
	mint_die("mint_alg_name");
}

/* The digest of alg (RFC 7518 3.1), NULL for EdDSA. */
static const char *
mint_md(enum ct_alg alg)
{
	if (alg & (CT_ALG_ES384 | CT_ALG_RS384 | CT_ALG_PS384))
		return "SHA384";
	if (alg & (CT_ALG_ES512 | CT_ALG_RS512 | CT_ALG_PS512))
		return "SHA512";
	return alg == CT_ALG_EDDSA ? NULL : "SHA256";
}

struct mint_kept {
	void *p;
	void (*fn)(void *);
};

static struct mint_kept *mint_pool;
static size_t mint_npool, mint_pool_cap;

static const char b64url_tab[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void mint_die(const char *what) __attribute__((noreturn));
static void *mint_xmalloc(size_t n);

static void
mint_die(const char *what)
{
	fprintf(stderr, "mint: %s failed\n", what);
	ERR_print_errors_fp(stderr);
	abort();
}

static void *
mint_xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		mint_die("malloc");
	return p;
}

char *
mint_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		mint_die("vsnprintf");
	s = mint_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	if (vsnprintf(s, (size_t)n + 1, fmt, ap) != n)
		mint_die("vsnprintf");
	va_end(ap);
	return s;
}

char *
mint_repeat(char c, size_t n)
{
	char *s;

	s = mint_xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

char *
mint_replace(const char *s, const char *from, const char *to)
{
	const char *p;
	size_t pre;

	if ((p = strstr(s, from)) == NULL)
		mint_die("mint_replace (pattern not found)");
	pre = (size_t)(p - s);
	return mint_printf("%.*s%s%s", (int)pre, s, to, p + strlen(from));
}

char *
mint_json_with(const char *obj, const char *member)
{
	const char *end;
	size_t pre;

	if ((end = strrchr(obj, '}')) == NULL)
		mint_die("mint_json_with (no '}')");
	pre = (size_t)(end - obj);
	/* "{}" takes the member without a comma. */
	return mint_printf("%.*s%s%s%s", (int)pre, obj,
	    strcmp(obj, "{}") == 0 ? "" : ",", member, end);
}

char *
mint_json_dump(const json_t *v)
{
	char *s;

	if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		mint_die("json_dumps");
	return s;
}

char *
mint_b64url(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	unsigned long v;
	size_t i;
	char *out, *o;

	out = o = mint_xmalloc(len / 3 * 4 + 5);
	for (i = 0; i + 3 <= len; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 |
		    p[i + 2];
		*o++ = b64url_tab[(v >> 18) & 63];
		*o++ = b64url_tab[(v >> 12) & 63];
		*o++ = b64url_tab[(v >> 6) & 63];
		*o++ = b64url_tab[v & 63];
	}
	if (len - i == 1) {
		v = (unsigned long)p[i] << 16;
		*o++ = b64url_tab[(v >> 18) & 63];
		*o++ = b64url_tab[(v >> 12) & 63];
	} else if (len - i == 2) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
		*o++ = b64url_tab[(v >> 18) & 63];
		*o++ = b64url_tab[(v >> 12) & 63];
		*o++ = b64url_tab[(v >> 6) & 63];
	}
	*o = '\0';
	return out;
}

void
mint_uuid(char out[37])
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		mint_die("RAND_bytes");
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 */
	(void)snprintf(out, 37, "%02X%02X%02X%02X-%02X%02X-%02X%02X-"
	    "%02X%02X-%02X%02X%02X%02X%02X%02X", b[0], b[1], b[2], b[3],
	    b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
	    b[14], b[15]);
}

static struct mint_key *
mint_key_wrap(EVP_PKEY *pkey, enum ct_alg alg, const char *kid)
{
	struct mint_key *k;
	char uuid[37];

	if (pkey == NULL)
		mint_die("EVP_PKEY_Q_keygen");
	k = mint_xmalloc(sizeof(*k));
	memset(k, 0, sizeof(*k));
	k->pkey = pkey;
	k->alg = alg;
	if (kid == NULL) {
		mint_uuid(uuid);
		(void)snprintf(k->kid, sizeof(k->kid), "SPACE_JWT_PUBLIC:%s",
		    uuid);
	} else if (strlen(kid) >= sizeof(k->kid))
		mint_die("mint_key (kid too long)");
	else
		(void)snprintf(k->kid, sizeof(k->kid), "%s", kid);
	return k;
}

struct mint_key *
mint_key_new_es256(const char *kid)
{
	return mint_key_wrap(EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"),
	    CT_ALG_ES256, kid);
}

struct mint_key *
mint_key_new_rs256(unsigned bits, const char *kid)
{
	return mint_key_wrap(EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
	    (size_t)bits), CT_ALG_RS256, kid);
}

struct mint_key *
mint_key_new(enum ct_alg alg, const char *kid)
{
	EVP_PKEY *pkey = NULL;

	if (alg == CT_ALG_ES256)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	else if (alg == CT_ALG_ES384)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	else if (alg == CT_ALG_ES512)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521");
	else if (alg == CT_ALG_EDDSA)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	else if ((alg & CT_ALG_RSA_ALL) != 0)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	else
		mint_die("mint_key_new (alg)");
	return mint_key_wrap(pkey, alg, kid);
}

void
mint_key_free(struct mint_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

/* Big-endian bytes of a BIGNUM parameter, padded to pad (0: minimal). */
static char *
mint_bn_param_b64(const EVP_PKEY *pkey, const char *name, int pad)
{
	BIGNUM *bn = NULL;
	unsigned char *buf;
	int n;
	char *out;

	if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1)
		mint_die("EVP_PKEY_get_bn_param");
	n = pad > 0 ? pad : BN_num_bytes(bn);
	buf = mint_xmalloc((size_t)n);
	if (BN_bn2binpad(bn, buf, n) != n)
		mint_die("BN_bn2binpad");
	out = mint_b64url(buf, (size_t)n);
	free(buf);
	BN_free(bn);
	return out;
}

static json_t *
mint_jwk_ec(const struct mint_key *k)
{
	int half = (int)mint_ec_half(k->alg);
	const char *crv = k->alg == CT_ALG_ES256 ? "P-256" :
	    k->alg == CT_ALG_ES384 ? "P-384" : "P-521";
	char *x, *y;
	json_t *o;

	x = mint_bn_param_b64(k->pkey, OSSL_PKEY_PARAM_EC_PUB_X, half);
	y = mint_bn_param_b64(k->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, half);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "EC",
	    "use", "sig", "alg", mint_alg_name(k->alg), "crv", crv, "x", x,
	    "y", y);
	free(x);
	free(y);
	return o;
}

static json_t *
mint_jwk_rsa(const struct mint_key *k)
{
	char *n, *e;
	json_t *o;

	n = mint_bn_param_b64(k->pkey, OSSL_PKEY_PARAM_RSA_N, 0);
	e = mint_bn_param_b64(k->pkey, OSSL_PKEY_PARAM_RSA_E, 0);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "RSA",
	    "use", "sig", "alg", mint_alg_name(k->alg), "n", n, "e", e);
	free(n);
	free(e);
	return o;
}

/* RFC 8037 2: an Ed25519 public key. */
static json_t *
mint_jwk_okp(const struct mint_key *k)
{
	unsigned char raw[MINT_ED25519_LEN];
	size_t n = sizeof(raw);
	char *x;
	json_t *o;

	if (EVP_PKEY_get_raw_public_key(k->pkey, raw, &n) != 1 ||
	    n != sizeof(raw))
		mint_die("EVP_PKEY_get_raw_public_key");
	x = mint_b64url(raw, n);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "OKP",
	    "use", "sig", "alg", "EdDSA", "crv", "Ed25519", "x", x);
	free(x);
	return o;
}

json_t *
mint_jwk_obj(const struct mint_key *k)
{
	json_t *o;

	o = mint_ec_half(k->alg) != 0 ? mint_jwk_ec(k) :
	    k->alg == CT_ALG_EDDSA ? mint_jwk_okp(k) : mint_jwk_rsa(k);
	if (o == NULL)
		mint_die("json_pack (jwk)");
	if (k->kid[0] != '\0' &&
	    json_object_set_new(o, "kid", json_string(k->kid)) != 0)
		mint_die("json_object_set_new (kid)");
	return o;
}

char *
mint_jwk_json(const struct mint_key *k)
{
	json_t *o;
	char *s;

	o = mint_jwk_obj(k);
	s = mint_json_dump(o);
	json_decref(o);
	return s;
}

char *
mint_jwks_json(const struct mint_key *const *keys, size_t n)
{
	json_t *set, *arr;
	size_t i;
	char *s;

	if ((arr = json_array()) == NULL)
		mint_die("json_array");
	for (i = 0; i < n; i++)
		if (json_array_append_new(arr, mint_jwk_obj(keys[i])) != 0)
			mint_die("json_array_append_new");
	if ((set = json_pack("{s:o}", "keys", arr)) == NULL)
		mint_die("json_pack (jwks)");
	s = mint_json_dump(set);
	json_decref(set);
	return s;
}

char *
mint_pub_pem(const struct mint_key *k)
{
	BIO *bio;
	char *data = NULL, *s;
	long n;

	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		mint_die("BIO_new");
	if (PEM_write_bio_PUBKEY(bio, k->pkey) != 1)
		mint_die("PEM_write_bio_PUBKEY");
	if ((n = BIO_get_mem_data(bio, &data)) <= 0 || data == NULL)
		mint_die("BIO_get_mem_data");
	s = mint_xmalloc((size_t)n + 1);
	memcpy(s, data, (size_t)n);
	s[n] = '\0';
	BIO_free(bio);
	return s;
}

unsigned char *
mint_pub_raw(const struct mint_key *k, size_t *len)
{
	BIGNUM *bn = NULL;
	unsigned char *buf;
	size_t n = 0;

	if (mint_ec_half(k->alg) != 0) {
		buf = mint_xmalloc(1 + 2 * mint_ec_half(k->alg));
		if (EVP_PKEY_get_octet_string_param(k->pkey,
		    OSSL_PKEY_PARAM_PUB_KEY, buf, 1 + 2 *
		    mint_ec_half(k->alg), &n) != 1 ||
		    n != 1 + 2 * mint_ec_half(k->alg))
			mint_die("EVP_PKEY_get_octet_string_param");
		*len = n;
		return buf;
	}
	if (k->alg == CT_ALG_EDDSA) {
		buf = mint_xmalloc(MINT_ED25519_LEN);
		n = MINT_ED25519_LEN;
		if (EVP_PKEY_get_raw_public_key(k->pkey, buf, &n) != 1)
			mint_die("EVP_PKEY_get_raw_public_key");
		*len = n;
		return buf;
	}
	if (EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_N, &bn) != 1)
		mint_die("EVP_PKEY_get_bn_param (n)");
	n = (size_t)BN_num_bytes(bn);
	buf = mint_xmalloc(n);
	if (BN_bn2bin(bn, buf) != (int)n)
		mint_die("BN_bn2bin");
	BN_free(bn);
	*len = n;
	return buf;
}

char *
mint_header(const struct mint_key *k)
{
	const char *alg = mint_alg_name(k->alg);
	json_t *o;
	char *s;

	if ((o = json_pack("{s:s}", "alg", alg)) == NULL)
		mint_die("json_pack (header)");
	if (k->kid[0] != '\0' &&
	    json_object_set_new(o, "kid", json_string(k->kid)) != 0)
		mint_die("json_object_set_new (kid)");
	if (json_object_set_new(o, "typ", json_string("JWT")) != 0)
		mint_die("json_object_set_new (typ)");
	s = mint_json_dump(o);
	json_decref(o);
	return s;
}

json_t *
mint_cotter_claims_obj(time_t now, const char *aud, const char *identifier)
{
	char cuid[37], jti[37], sub[37];
	json_t *o;

	mint_uuid(cuid);
	mint_uuid(jti);
	mint_uuid(sub);
	/* Member order as in Cotter's documented access token. */
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:s}",
	    "client_user_id", cuid, "authentication_method", "OTP",
	    "type", "client_access_token", "scope", "access", "aud", aud,
	    "exp", (json_int_t)now + 3600, "jti", jti,
	    "iat", (json_int_t)now, "iss", MINT_ISSUER, "sub", sub);
	if (o == NULL)
		mint_die("json_pack (claims)");
	if (identifier != NULL &&
	    json_object_set_new(o, "identifier", json_string(identifier)) != 0)
		mint_die("json_object_set_new (identifier)");
	return o;
}

char *
mint_cotter_claims(time_t now, const char *aud, const char *identifier)
{
	json_t *o;
	char *s;

	o = mint_cotter_claims_obj(now, aud, identifier);
	s = mint_json_dump(o);
	json_decref(o);
	return s;
}

unsigned char *
mint_sign_der(const struct mint_key *k, const void *msg, size_t len,
    size_t *siglen)
{
	EVP_MD_CTX *ctx;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *sig;
	size_t n = 0;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		mint_die("EVP_MD_CTX_new");
	if (EVP_DigestSignInit_ex(ctx, &pctx, mint_md(k->alg), NULL, NULL,
	    k->pkey, NULL) != 1)
		mint_die("EVP_DigestSignInit_ex");
	/* RFC 7518 3.5: PSS, MGF1 with the same hash, salt = hash length. */
	if ((k->alg & (CT_ALG_PS256 | CT_ALG_PS384 | CT_ALG_PS512)) != 0 &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, mint_md(k->alg),
	    NULL) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx,
	    RSA_PSS_SALTLEN_DIGEST) != 1))
		mint_die("PSS parameters");
	if (EVP_DigestSign(ctx, NULL, &n, msg, len) != 1)
		mint_die("EVP_DigestSign (size)");
	sig = mint_xmalloc(n);
	if (EVP_DigestSign(ctx, sig, &n, msg, len) != 1)
		mint_die("EVP_DigestSign");
	EVP_MD_CTX_free(ctx);
	*siglen = n;
	return sig;
}

/* RFC 7518 3.4: DER ECDSA-Sig-Value to fixed-width R||S. */
static unsigned char *
mint_der_to_raw(const unsigned char *der, size_t derlen, size_t half,
    size_t *siglen)
{
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *es;
	unsigned char *raw;

	if ((es = d2i_ECDSA_SIG(NULL, &p, (long)derlen)) == NULL)
		mint_die("d2i_ECDSA_SIG");
	ECDSA_SIG_get0(es, &r, &s);
	raw = mint_xmalloc(2 * half);
	if (BN_bn2binpad(r, raw, (int)half) != (int)half ||
	    BN_bn2binpad(s, raw + half, (int)half) != (int)half)
		mint_die("BN_bn2binpad (r, s)");
	ECDSA_SIG_free(es);
	*siglen = 2 * half;
	return raw;
}

unsigned char *
mint_sign(const struct mint_key *k, const void *msg, size_t len,
    size_t *siglen)
{
	unsigned char *der, *raw;
	size_t derlen;

	der = mint_sign_der(k, msg, len, &derlen);
	if (mint_ec_half(k->alg) == 0) {
		*siglen = derlen;
		return der;
	}
	raw = mint_der_to_raw(der, derlen, mint_ec_half(k->alg), siglen);
	free(der);
	return raw;
}

unsigned char *
mint_hmac(const char *md, const void *key, size_t keylen, const void *msg,
    size_t len, size_t *maclen)
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx;
	unsigned char *out;
	char mdname[16];

	(void)snprintf(mdname, sizeof(mdname), "%s", md);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    mdname, 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		mint_die("EVP_MAC_fetch");
	if ((ctx = EVP_MAC_CTX_new(mac)) == NULL)
		mint_die("EVP_MAC_CTX_new");
	out = mint_xmalloc(EVP_MAX_MD_SIZE);
	if (EVP_MAC_init(ctx, key, keylen, params) != 1 ||
	    EVP_MAC_update(ctx, msg, len) != 1 ||
	    EVP_MAC_final(ctx, out, maclen, EVP_MAX_MD_SIZE) != 1)
		mint_die("EVP_MAC");
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return out;
}

static char *
mint_join(const char *h64, const char *p64, const unsigned char *sig,
    size_t siglen)
{
	char *s64, *tok;

	s64 = mint_b64url(sig, siglen);
	tok = mint_printf("%s.%s.%s", h64, p64, s64);
	free(s64);
	return tok;
}

char *
mint_token_segments(const struct mint_key *k, const char *h64,
    const char *p64)
{
	unsigned char *sig;
	size_t siglen;
	char *input, *tok;

	input = mint_printf("%s.%s", h64, p64);
	sig = mint_sign(k, input, strlen(input), &siglen);
	tok = mint_join(h64, p64, sig, siglen);
	free(sig);
	free(input);
	return tok;
}

char *
mint_token(const struct mint_key *k, const char *header, const char *payload)
{
	char *h = NULL, *h64, *p64, *tok;

	if (header == NULL)
		header = h = mint_header(k);
	h64 = mint_b64url(header, strlen(header));
	p64 = mint_b64url(payload, strlen(payload));
	tok = mint_token_segments(k, h64, p64);
	free(h64);
	free(p64);
	free(h);
	return tok;
}

char *
mint_token_raw_sig(const char *header, const char *payload,
    const unsigned char *sig, size_t siglen)
{
	char *h64, *p64, *tok;

	h64 = mint_b64url(header, strlen(header));
	p64 = mint_b64url(payload, strlen(payload));
	tok = mint_join(h64, p64, sig, siglen);
	free(h64);
	free(p64);
	return tok;
}

char *
mint_token_hmac(const char *md, const void *key, size_t keylen,
    const char *header, const char *payload)
{
	unsigned char *mac;
	size_t maclen;
	char *h64, *p64, *input, *tok;

	h64 = mint_b64url(header, strlen(header));
	p64 = mint_b64url(payload, strlen(payload));
	input = mint_printf("%s.%s", h64, p64);
	mac = mint_hmac(md, key, keylen, input, strlen(input), &maclen);
	tok = mint_join(h64, p64, mac, maclen);
	free(mac);
	free(input);
	free(h64);
	free(p64);
	return tok;
}

char *
mint_cotter_token(const struct mint_key *k, time_t now, const char *aud,
    const char *identifier)
{
	char *claims, *tok;

	claims = mint_cotter_claims(now, aud, identifier);
	tok = mint_token(k, NULL, claims);
	free(claims);
	return tok;
}

void *
mint_keep_with(void *p, void (*fn)(void *))
{
	struct mint_kept *n;

	if (mint_npool == mint_pool_cap) {
		mint_pool_cap = mint_pool_cap == 0 ? 64 : mint_pool_cap * 2;
		n = realloc(mint_pool, mint_pool_cap * sizeof(*n));
		if (n == NULL)
			mint_die("realloc");
		mint_pool = n;
	}
	mint_pool[mint_npool].p = p;
	mint_pool[mint_npool].fn = fn;
	mint_npool++;
	return p;
}

void *
mint_keep(void *p)
{
	return mint_keep_with(p, free);
}

void
mint_free_json(void *p)
{
	json_decref(p);
}

int
mint_drain(void **state)
{
	(void)state;
	while (mint_npool > 0) {
		mint_npool--;
		mint_pool[mint_npool].fn(mint_pool[mint_npool].p);
	}
	free(mint_pool);
	mint_pool = NULL;
	mint_pool_cap = 0;
	return 0;
}

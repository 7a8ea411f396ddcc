/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * peek.c - the unverified "iss" of a token, to choose its issuer section.
 */
#include <stdlib.h>
#include <string.h>

#include "b64url.h"
#include "jdoc.h"
#include "jws.h"
#include "peek.h"

/* The payload segment: between the first and the second dot. */
static int
payload_of(const char *token, size_t len, const char **p, size_t *n)
{
	const char *d1, *d2;

	if (len == 0 || len > CT_TOKEN_MAX ||
	    (d1 = memchr(token, '.', len)) == NULL ||
	    (d2 = memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - token))) ==
	    NULL)
		return -1;
	*p = d1 + 1;
	*n = (size_t)(d2 - *p);
	return 0;
}

int
ct_peek_iss(const char *token, size_t len, char **iss, struct ct_err *e)
{
	unsigned char *buf = NULL;
	struct ct_jdoc *doc = NULL;
	const struct ct_jval *v;
	const char *p = NULL;
	size_t n = 0, blen = 0;
	int r = CT_EAUTH;

	*iss = NULL;
	if (token == NULL || payload_of(token, len, &p, &n) != 0) {
		r = ct_fail(e, CT_EAUTH, "token: not a compact JWS of three "
		    "base64url segments");
		goto out;
	}
	if (ct_b64url_decode(p, n, &buf, &blen) != 0) {
		r = ct_fail(e, CT_EAUTH, "claims: not strict base64url");
		goto out;
	}
	if ((doc = ct_jdoc_parse((const char *)buf, blen, "claims", CT_EAUTH,
	    e)) == NULL)
		goto out;
	v = ct_jval_get(ct_jdoc_root(doc), "iss");
	if (v == NULL || v->type != CT_JSTRING) {
		r = ct_fail(e, CT_EAUTH, "iss: %s", v == NULL ? "missing" :
		    "not a string");
		goto out;
	}
	if ((*iss = strdup(v->s)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "iss: out of memory");
		goto out;
	}
	r = CT_OK;
out:
	ct_jdoc_free(doc);
	if (buf != NULL) {
		explicit_bzero(buf, blen);
		free(buf);
	}
	return r;
}

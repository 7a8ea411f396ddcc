/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jws.c - JWS Compact Serialization parsing (RFC 7515 section 7.1) and
 * JOSE header checks (RFC 7515 section 4.1, RFC 8725 section 3).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "b64url.h"
#include "jdoc.h"
#include "jwk.h"
#include "jws.h"

/*
 * RFC 8725 3.10 / RFC 7515 4.1.11, RFC 7797: header members that would
 * let the token name its own key, demand extensions, or unencode the
 * payload.  None is ever honoured, so their presence refuses the token.
 */
static const char *const forbidden_members[] = {
	"crit", "jku", "x5u", "jwk", "x5c", "b64"
};

/* RFC 7515 4.1.1, RFC 8725 3.1: alg is pinned by configuration. */
static int
jws_check_alg(const struct ct_jval *hdr, unsigned allowed, enum ct_alg *alg,
    struct ct_err *e)
{
	const struct ct_jval *v;
	enum ct_alg a = CT_ALG_UNKNOWN;
	int r = CT_EAUTH;

	v = ct_jval_get(hdr, "alg");
	if (v == NULL || v->type != CT_JSTRING) {
		r = ct_fail(e, CT_EAUTH, "header: alg missing or not a string");
		goto out;
	}
	/* Exact match only: "none", "None", "HS256", "es256" are unknown. */
	if (strlen(v->s) == v->len)
		a = ct_alg_from_name(v->s);
	if (a == CT_ALG_UNKNOWN || (allowed & (unsigned)a) == 0) {
		r = ct_fail(e, CT_EAUTH, "header: alg not accepted");
		goto out;
	}
	*alg = a;
	r = CT_OK;
out:
	return r;
}

/* RFC 7515 4.1.4: kid is a string; ours is non-empty, short, NUL-free. */
static int
jws_check_kid(const struct ct_jval *hdr, char **kid, struct ct_err *e)
{
	const struct ct_jval *v;
	int r = CT_EAUTH;

	if ((v = ct_jval_get(hdr, "kid")) != NULL) {
		if (v->type != CT_JSTRING || v->len == 0 ||
		    v->len > CT_KID_MAX ||
		    strlen(v->s) != v->len) {
			r = ct_fail(e, CT_EAUTH, "header: kid is not a "
			    "string of 1..%d bytes", CT_KID_MAX);
			goto out;
		}
		if ((*kid = strdup(v->s)) == NULL) {
			r = ct_fail(e, CT_ENOMEM, "header: out of memory");
			goto out;
		}
	}
	r = CT_OK;
out:
	return r;
}

static int
jws_check_header(const struct ct_jval *hdr, unsigned allowed,
    struct ct_jws *jws, struct ct_err *e)
{
	const struct ct_jval *v;
	size_t i;
	int r = CT_EAUTH;

	if ((r = jws_check_alg(hdr, allowed, &jws->alg, e)) != CT_OK)
		goto out;
	for (i = 0; i < sizeof(forbidden_members) /
	    sizeof(forbidden_members[0]); i++) {
		if (ct_jval_get(hdr, forbidden_members[i]) != NULL) {
			r = ct_fail(e, CT_EAUTH, "header: \"%s\" not accepted",
			    forbidden_members[i]);
			goto out;
		}
	}
	/* RFC 7515 4.1.9, 4.1.10: typ and cty are strings when present. */
	if (((v = ct_jval_get(hdr, "typ")) != NULL && v->type != CT_JSTRING) ||
	    ((v = ct_jval_get(hdr, "cty")) != NULL && v->type != CT_JSTRING)) {
		r = ct_fail(e, CT_EAUTH, "header: typ or cty not a string");
		goto out;
	}
	if ((r = jws_check_kid(hdr, &jws->kid, e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	return r;
}

/*
 * RFC 7515 7.1: BASE64URL(header) '.' BASE64URL(payload) '.'
 * BASE64URL(signature), nothing else, no segment empty.  Finds the two
 * dots; returns 0 when the shape is right.
 */
static int
jws_split(const char *token, size_t len, size_t *dot1, size_t *dot2)
{
	size_t i, ndots = 0;
	int r = -1;

	/* Runs of base64url characters, a table look-up each (issue 15). */
	for (i = ct_b64url_span(token, len); i < len;
	    i += 1 + ct_b64url_span(token + i + 1, len - i - 1)) {
		if (token[i] != '.')
			goto out;
		if (ndots == 0)
			*dot1 = i;
		else if (ndots == 1)
			*dot2 = i;
		ndots++;
	}
	if (ndots != 2 || *dot1 == 0 || *dot2 == *dot1 + 1 ||
	    *dot2 + 1 == len)
		goto out;
	r = 0;
out:
	return r;
}

/* Decodes one segment that must hold a strict JSON object. */
static int
jws_decode_object(const char *seg, size_t seglen, const char *what,
    struct ct_jdoc **obj, struct ct_err *e)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	int r = CT_EAUTH;

	if (ct_b64url_decode(seg, seglen, &buf, &len) != 0) {
		r = ct_fail(e, CT_EAUTH, "%s: not strict base64url", what);
		goto out;
	}
	if ((*obj = ct_jdoc_parse((const char *)buf, len, what, CT_EAUTH,
	    e)) == NULL) {
		r = CT_EAUTH;
		goto out;
	}
	r = CT_OK;
out:
	if (buf != NULL) {
		explicit_bzero(buf, len);
		free(buf);
	}
	return r;
}

static int
jws_decode_parts(const char *token, size_t len, size_t dot1, size_t dot2,
    unsigned allowed, struct ct_jws *jws, struct ct_err *e)
{
	int r = CT_EAUTH;

	/* RFC 7515 5.2 steps 2-5: header first, so alg refuses early. */
	if ((r = jws_decode_object(token, dot1, "header", &jws->header,
	    e)) != CT_OK)
		goto out;
	if ((r = jws_check_header(ct_jdoc_root(jws->header), allowed, jws,
	    e)) != CT_OK)
		goto out;
	/* The payload waits for ct_jws_claims, after the signature. */
	jws->payload_off = dot1 + 1;
	jws->payload_len = dot2 - dot1 - 1;
	if (ct_b64url_decode(token + dot2 + 1, len - dot2 - 1, &jws->sig,
	    &jws->siglen) != 0) {
		r = ct_fail(e, CT_EAUTH, "signature: not strict base64url");
		goto out;
	}
	/* RFC 7515 5.2 step 8: the signing input is the token up to dot2. */
	if ((jws->signing_input = strndup(token, dot2)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "token: out of memory");
		goto out;
	}
	jws->signing_input_len = dot2;
	r = CT_OK;
out:
	return r;
}

int
ct_jws_parse(const char *token, size_t len, unsigned allowed,
    struct ct_jws **out, struct ct_err *e)
{
	struct ct_jws *jws = NULL;
	size_t dot1 = 0, dot2 = 0;
	int r = CT_EAUTH;

	if (out == NULL)
		goto out;
	*out = NULL;
	/* DESIGN.md invariant 2: size capped before any decoding. */
	if (token == NULL || len == 0) {
		r = ct_fail(e, CT_EAUTH, "token: empty (nothing was entered)");
		goto out;
	}
	if (len > CT_TOKEN_MAX) {
		r = ct_fail(e, CT_EAUTH, "token: too long (more than %d bytes)",
		    CT_TOKEN_MAX);
		goto out;
	}
	if (jws_split(token, len, &dot1, &dot2) != 0) {
		r = ct_fail(e, CT_EAUTH, "token: not a compact JWS of three "
		    "non-empty base64url segments");
		goto out;
	}
	if ((jws = calloc(1, sizeof(*jws))) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "token: out of memory");
		goto out;
	}
	if ((r = jws_decode_parts(token, len, dot1, dot2, allowed, jws,
	    e)) != CT_OK)
		goto out;
	*out = jws;
	jws = NULL;
	r = CT_OK;
out:
	ct_jws_free(jws);
	return r;
}

/* JSON whitespace (RFC 8259 section 2). */
static int
jws_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
ct_jws_shaped(const char *s, size_t len)
{
	unsigned char *hdr = NULL;
	size_t dot1 = 0, dot2 = 0, n = 0, i = 0, end;
	int r = 0;

	if (s == NULL || jws_split(s, len, &dot1, &dot2) != 0 ||
	    ct_b64url_decode(s, dot1, &hdr, &n) != 0)
		goto out;
	end = n;
	while (i < end && jws_ws(hdr[i]))
		i++;
	while (end > i && jws_ws(hdr[end - 1]))
		end--;
	r = end - i >= 2 && hdr[i] == '{' && hdr[end - 1] == '}';
out:
	if (hdr != NULL) {
		explicit_bzero(hdr, n);
		free(hdr);
	}
	return r;
}

int
ct_jws_claims(struct ct_jws *jws, struct ct_err *e)
{
	int r = CT_EAUTH;

	if (jws == NULL || jws->signing_input == NULL || jws->claims != NULL) {
		r = ct_fail(e, CT_EAUTH, "claims: no payload to read");
		goto out;
	}
	/* RFC 7519 7.2 step 10: the payload must be a JSON object. */
	r = jws_decode_object(jws->signing_input + jws->payload_off,
	    jws->payload_len, "claims", &jws->claims, e);
out:
	return r;
}

/* RFC 7515 4.1.9: "application/" may be left out; it is dropped here. */
static void
typ_bare(const char **s, size_t *n)
{
	static const char app[] = "application/";

	if (*n > sizeof(app) - 1 && strncasecmp(*s, app, sizeof(app) - 1) == 0) {
		*s += sizeof(app) - 1;
		*n -= sizeof(app) - 1;
	}
}

/* 1 when typ (tlen bytes, no NUL) names one of the words of require. */
static int
typ_in(const char *require, const char *typ, size_t tlen)
{
	const char *p, *w;
	size_t n, wn;

	typ_bare(&typ, &tlen);
	for (p = require; *p != '\0'; p += n) {
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		w = p;
		wn = n;
		typ_bare(&w, &wn);
		/* RFC 7515 4.1.9 / RFC 2045 5.1: compared case-insensitively */
		if (wn > 0 && wn == tlen && strncasecmp(w, typ, wn) == 0)
			return 1;
	}
	return 0;
}

int
ct_jws_check_typ(const struct ct_jws *jws, const char *require,
    struct ct_err *e)
{
	char shown[48];
	const struct ct_jval *v = NULL;
	int r = CT_EAUTH;

	if (require == NULL || require[strspn(require, " \t")] == '\0') {
		r = CT_OK;	/* require_typ unset: no check */
		goto out;
	}
	if (jws != NULL && jws->header != NULL)
		v = ct_jval_get(ct_jdoc_root(jws->header), "typ");
	if (v == NULL || v->type != CT_JSTRING) {
		r = ct_fail(e, CT_EAUTH, "header: typ missing (require_typ is "
		    "set)");
		goto out;
	}
	if (strlen(v->s) != v->len || !typ_in(require, v->s, v->len)) {
		ct_sanitize(shown, sizeof(shown), v->s, v->len);
		r = ct_fail(e, CT_EAUTH, "header: typ \"%s\" is not the "
		    "required type", shown);
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

void
ct_jws_free(struct ct_jws *jws)
{
	if (jws == NULL)
		return;
	ct_jdoc_free(jws->header);
	ct_jdoc_free(jws->claims);
	free(jws->kid);
	if (jws->signing_input != NULL) {
		explicit_bzero(jws->signing_input, jws->signing_input_len);
		free(jws->signing_input);
	}
	if (jws->sig != NULL) {
		explicit_bzero(jws->sig, jws->siglen);
		free(jws->sig);
	}
	explicit_bzero(jws, sizeof(*jws));
	free(jws);
}

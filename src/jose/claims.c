/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * claims.c - JWT claim validation (RFC 7519 section 4.1, RFC 8725
 * sections 3.8-3.11) and identity extraction.  The clock is the caller's
 * `now`, so tests run against a fixed time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims.h"
#include "groups.h"
#include "jdoc.h"
#include "run.h"

#define CT_AUD_MAX	32	/* elements of an aud array we look at */
#define CT_SHOWN_MAX	65	/* 64 characters of a claim value + NUL */
#define CT_DATE_MAX	253402300799LL	/* 9999-12-31T23:59:59Z */

/*
 * 1 when the n bytes of s hold a C0 control (NUL included), DEL, or a C1
 * control (UTF-8 C2 80..C2 9F).
 */
static int
has_control(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 1;
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			return 1;
	}
	return 0;
}

/*
 * Checks a JSON string used as a claim: a string, at most
 * CT_CLAIM_STR_MAX bytes, no control character.  Returns its value or
 * NULL after recording a reason naming `name`.
 */
static const char *
claim_string_value(const struct ct_jval *v, const char *name, struct ct_err *e)
{
	const char *s = NULL;

	if (v->type != CT_JSTRING) {
		(void)ct_fail(e, CT_EAUTH, "%s: not a string", name);
		goto out;
	}
	if (v->len > CT_CLAIM_STR_MAX) {
		(void)ct_fail(e, CT_EAUTH, "%s: longer than %d bytes", name,
		    CT_CLAIM_STR_MAX);
		goto out;
	}
	if (has_control(v->s, v->len)) {
		(void)ct_fail(e, CT_EAUTH, "%s: holds a control character",
		    name);
		goto out;
	}
	s = v->s;
out:
	return s;
}

/* A value for a reason: at most 64 printable characters. */
static void
shown(char out[CT_SHOWN_MAX], const char *s)
{
	ct_sanitize(out, CT_SHOWN_MAX, s, strlen(s));
}

/* RFC 7519 4.1.1: iss is required and compared byte for byte. */
static int
check_iss(const struct ct_jval *claims, const struct ct_config *cfg,
    const char **iss, struct ct_err *e)
{
	char buf[CT_SHOWN_MAX];
	const struct ct_jval *v;
	const char *s;
	int r = CT_EAUTH;

	if ((v = ct_jval_get(claims, "iss")) == NULL) {
		r = ct_fail(e, CT_EAUTH, "iss: missing");
		goto out;
	}
	if ((s = claim_string_value(v, "iss", e)) == NULL)
		goto out;
	if (strcmp(s, cfg->issuer) != 0) {
		shown(buf, s);
		r = ct_fail(e, CT_EAUTH, "iss: \"%s\" is not the configured "
		    "issuer", buf);
		goto out;
	}
	*iss = s;
	r = CT_OK;
out:
	return r;
}

/* 1 when s equals one of the words (spaces or tabs between) of list. */
static int
word_in(const char *list, const char *s)
{
	const char *p;
	size_t n, slen = strlen(s);

	for (p = list; *p != '\0'; p += n) {
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n > 0 && n == slen && memcmp(p, s, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * RFC 7519 4.1.3: aud is a string or an array of strings, and one of them
 * must equal one of our audiences (issue 22: `audience` may list several).
 * Every element of an array must be a string.
 */
static int
check_aud(const struct ct_jval *claims, const struct ct_config *cfg,
    struct ct_err *e)
{
	char buf[CT_SHOWN_MAX];
	const struct ct_jval *v, *el;
	const char *s;
	size_t i, n;
	int found = 0, r = CT_EAUTH;

	if ((v = ct_jval_get(claims, "aud")) == NULL) {
		r = ct_fail(e, CT_EAUTH, "aud: missing");
		goto out;
	}
	if (v->type == CT_JSTRING) {
		if ((s = claim_string_value(v, "aud", e)) == NULL)
			goto out;
		found = word_in(cfg->audience, s);
		shown(buf, s);
	} else if (v->type == CT_JARRAY) {
		n = ct_jval_size(v);
		if (n == 0 || n > CT_AUD_MAX) {
			r = ct_fail(e, CT_EAUTH, "aud: array of %zu elements "
			    "(1..%d allowed)", n, CT_AUD_MAX);
			goto out;
		}
		for (i = 0, el = v + 1; i < n; i++, el += 1 + el->span) {
			if ((s = claim_string_value(el, "aud", e)) == NULL)
				goto out;
			if (word_in(cfg->audience, s))
				found = 1;
		}
		(void)snprintf(buf, sizeof(buf), "array of %zu", n);
	} else {
		r = ct_fail(e, CT_EAUTH, "aud: neither a string nor an array");
		goto out;
	}
	if (!found) {
		r = ct_fail(e, CT_EAUTH, "aud: %s%s%s does not hold the "
		    "configured audience", v->type == CT_JSTRING ? "\"" : "",
		    buf, v->type == CT_JSTRING ? "\"" : "");
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

/*
 * RFC 7519 2: a NumericDate; integers in 0..year 9999 only, never reals
 * or strings.  0 and *out when present, 1 when absent, -1 otherwise.
 */
static int
numeric_date(const struct ct_jval *obj, const char *name, long long *out)
{
	const struct ct_jval *v;
	int r = -1;

	if ((v = ct_jval_get(obj, name)) == NULL)
		r = 1;
	else if (v->type == CT_JINT && v->i >= 0 && v->i <= CT_DATE_MAX) {
		*out = v->i;
		r = 0;
	}
	return r;
}

/* Reads NumericDate claim `name`; *present tells whether it was there. */
static int
get_date(const struct ct_jval *claims, const char *name, long long *out,
    int *present, struct ct_err *e)
{
	int rc, r = CT_EAUTH;

	rc = numeric_date(claims, name, out);
	if (rc < 0) {
		r = ct_fail(e, CT_EAUTH, "%s: not an integer NumericDate in "
		    "range", name);
		goto out;
	}
	*present = rc == 0;
	r = CT_OK;
out:
	return r;
}

/*
 * RFC 7519 4.1.4 (exp), 4.1.5 (nbf), 4.1.6 (iat), RFC 8725 3.10.  Every
 * value is 0..CT_DATE_MAX, now is range-checked likewise and leeway is at
 * most CT_LEEWAY_MAX, so no sum below can overflow a long long.
 */
static int
check_times(const struct ct_jval *claims, const struct ct_config *cfg,
    time_t now, struct ct_err *e)
{
	long long t = (long long)now, leeway = cfg->leeway, exp = 0, nbf = 0;
	long long iat = 0;
	int have_exp = 0, have_nbf = 0, have_iat = 0, r = CT_EAUTH;

	if (t < 0 || t > CT_DATE_MAX || leeway < 0 ||
	    leeway > CT_LEEWAY_MAX || cfg->max_token_age < 0) {
		r = ct_fail(e, CT_EAUTH, "clock or leeway out of range");
		goto out;
	}
	if ((r = get_date(claims, "exp", &exp, &have_exp, e)) != CT_OK ||
	    (r = get_date(claims, "nbf", &nbf, &have_nbf, e)) != CT_OK ||
	    (r = get_date(claims, "iat", &iat, &have_iat, e)) != CT_OK)
		goto out;
	r = CT_EAUTH;
	if (!have_exp) {
		r = ct_fail(e, CT_EAUTH, "exp: missing");
		goto out;
	}
	/* 4.1.4: now must be before exp (plus the allowed skew). */
	if (t >= exp + leeway) {
		r = ct_fail(e, CT_EAUTH, "exp: token expired");
		goto out;
	}
	if (have_nbf && nbf > t + leeway) {
		r = ct_fail(e, CT_EAUTH, "nbf: token not valid yet");
		goto out;
	}
	if (have_iat && iat > t + leeway) {
		r = ct_fail(e, CT_EAUTH, "iat: issued in the future");
		goto out;
	}
	if (cfg->max_token_age > 0 && !have_iat) {
		r = ct_fail(e, CT_EAUTH, "iat: missing (max_token_age is set)");
		goto out;
	}
	if (cfg->max_token_age > 0 && t - iat > cfg->max_token_age) {
		r = ct_fail(e, CT_EAUTH, "iat: token older than "
		    "max_token_age");
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

/*
 * Cotter's "type" claim (not registered in RFC 7519; RFC 8725 3.11 asks
 * that token kinds be told apart): an access token, never an ID token.
 */
static int
check_type(const struct ct_jval *claims, const struct ct_config *cfg,
    struct ct_err *e)
{
	char buf[CT_SHOWN_MAX];
	const struct ct_jval *v;
	const char *s;
	int r = CT_EAUTH;

	if (cfg->token_type == NULL || *cfg->token_type == '\0') {
		r = CT_OK;	/* check disabled by token_type = "" */
		goto out;
	}
	if ((v = ct_jval_get(claims, "type")) == NULL) {
		r = ct_fail(e, CT_EAUTH, "type: missing");
		goto out;
	}
	if ((s = claim_string_value(v, "type", e)) == NULL)
		goto out;
	if (word_in(cfg->token_type, s)) {
		r = CT_OK;
		goto out;
	}
	shown(buf, s);
	r = ct_fail(e, CT_EAUTH, "type: \"%s\" is not an accepted token type",
	    buf);
out:
	return r;
}

/* RFC 7519 4.1.2: sub is required here, a non-empty string. */
static int
check_sub(const struct ct_jval *claims, const char **sub, struct ct_err *e)
{
	const struct ct_jval *v;
	const char *s;
	int r = CT_EAUTH;

	if ((v = ct_jval_get(claims, "sub")) == NULL) {
		r = ct_fail(e, CT_EAUTH, "sub: missing");
		goto out;
	}
	if ((s = claim_string_value(v, "sub", e)) == NULL)
		goto out;
	if (*s == '\0') {
		r = ct_fail(e, CT_EAUTH, "sub: empty");
		goto out;
	}
	*sub = s;
	r = CT_OK;
out:
	return r;
}

/* cfg->identity_claim: absent is allowed (2020-era Cotter tokens). */
static int
check_identity(const struct ct_jval *claims, const struct ct_config *cfg,
    const char **ident, struct ct_err *e)
{
	const struct ct_jval *v;
	const char *s, *name = cfg->identity_claim;
	int r = CT_EAUTH;

	*ident = NULL;
	if ((v = ct_jval_get(claims, name)) == NULL) {
		r = CT_OK;
		goto out;
	}
	if ((s = claim_string_value(v, name, e)) == NULL)
		goto out;
	if (*s == '\0') {
		r = ct_fail(e, CT_EAUTH, "%s: empty", name);
		goto out;
	}
	*ident = s;
	r = CT_OK;
out:
	return r;
}

/* Copies the three strings into a new struct ct_identity. */
static int
make_identity(const char *iss, const char *sub, const char *ident,
    struct ct_identity **out, struct ct_err *e)
{
	struct ct_identity *id = NULL;
	int r = CT_ENOMEM;

	if ((id = calloc(1, sizeof(*id))) == NULL ||
	    (id->iss = strdup(iss)) == NULL ||
	    (id->sub = strdup(sub)) == NULL ||
	    (ident != NULL && (id->identity = strdup(ident)) == NULL)) {
		r = ct_fail(e, CT_ENOMEM, "claims: out of memory");
		goto out;
	}
	*out = id;
	id = NULL;
	r = CT_OK;
out:
	ct_identity_free(id);
	return r;
}

/* Runs one claim check and reports it under name. */
static int
step(const struct ct_run *run, const char *name, int r,
    const struct ct_err *e, const char *ok)
{
	ct_run_result(run, name, r, e->msg, ok);
	return r;
}

int
ct_claims_check_run(const struct ct_jval *claims, const struct ct_config *cfg,
    time_t now, const struct ct_run *run, struct ct_identity **id,
    struct ct_err *e)
{
	const char *iss = NULL, *sub = NULL, *ident = NULL;
	struct ct_err le;
	int r = CT_EAUTH;

	if (id != NULL)
		*id = NULL;
	ct_err_clear(&le);
	if (cfg == NULL || cfg->issuer == NULL || cfg->audience == NULL ||
	    cfg->identity_claim == NULL || id == NULL) {
		r = ct_fail(e, CT_ECONFIG, "claims: no issuer/audience "
		    "configured");
		goto out;
	}
	if (claims == NULL || claims->type != CT_JOBJECT) {
		r = ct_fail(e, CT_EAUTH, "claims: not a JSON object");
		goto out;
	}
	/* The order is the module's: the first refusal is the one logged. */
	if ((r = step(run, "iss", check_iss(claims, cfg, &iss, &le), &le,
	    "the configured issuer")) != CT_OK ||
	    (r = step(run, "aud", check_aud(claims, cfg, &le), &le,
	    "holds the configured audience")) != CT_OK ||
	    (r = step(run, "exp/nbf/iat", check_times(claims, cfg, now, &le),
	    &le, "within the validity period (leeway applied)")) != CT_OK ||
	    (r = step(run, "type", check_type(claims, cfg, &le), &le,
	    "an accepted token type")) != CT_OK ||
	    (r = step(run, "sub", check_sub(claims, &sub, &le), &le,
	    "present")) != CT_OK ||
	    (r = step(run, cfg->identity_claim, check_identity(claims, cfg,
	    &ident, &le), &le, "absent or a valid string")) != CT_OK) {
		r = ct_fail(e, r, "%s", le.msg);
		goto out;
	}
	if ((r = make_identity(iss, sub, ident, id, e)) != CT_OK)
		goto out;
	/* Issue 23: the groups claim and email_verified (groups.c). */
	if ((r = ct_groups_from_claims_run(claims, cfg, run, *id, e)) != CT_OK) {
		ct_identity_free(*id);
		*id = NULL;
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

int
ct_claims_check(const struct ct_jval *claims, const struct ct_config *cfg,
    time_t now, struct ct_identity **id, struct ct_err *e)
{
	return ct_claims_check_run(claims, cfg, now, NULL, id, e);
}

void
ct_identity_free(struct ct_identity *id)
{
	if (id == NULL)
		return;
	free(id->iss);
	free(id->sub);
	free(id->identity);
	ct_groups_free(id->groups);
	free(id);
}

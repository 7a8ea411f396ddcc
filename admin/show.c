/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * show.c - what pam-cotter check prints about a token before judging it:
 * the JOSE header (alg, kid, typ) and the claims that matter, decoded
 * for display only, shown sanitized as the log lines show them.  Nothing
 * here decides anything: the steps of attempt.c do.  The signature and
 * the token text are never shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "b64url.h"
#include "json.h"
#include "jwks.h"
#include "jws.h"
#include "show.h"

/* Segment i (0 header, 1 payload) of the compact form, decoded. */
static json_t *
segment(const char *tok, size_t len, int i, const char *what)
{
	const char *p = tok, *end = tok + len, *dot;
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	struct ct_err e;
	json_t *v = NULL;

	for (; i > 0 && p != NULL; i--) {
		dot = memchr(p, '.', (size_t)(end - p));
		p = dot == NULL ? NULL : dot + 1;
	}
	if (p == NULL || len > CT_TOKEN_MAX)
		return NULL;
	dot = memchr(p, '.', (size_t)(end - p));
	if (dot == NULL)
		return NULL;
	ct_err_clear(&e);
	if (ct_b64url_decode(p, (size_t)(dot - p), &raw, &rawlen) != 0)
		return NULL;
	v = ct_json_parse_object((const char *)raw, rawlen, what, CT_EAUTH,
	    &e);
	free(raw);
	return v;
}

/* A string member, sanitized; "-" when absent, "(not a string)". */
static void
member(const json_t *o, const char *name, char *out, size_t size)
{
	const json_t *v = json_object_get(o, name);

	if (v == NULL)
		(void)snprintf(out, size, "-");
	else if (!json_is_string(v))
		(void)snprintf(out, size, "(not a string)");
	else
		ct_sanitize(out, size, json_string_value(v),
		    json_string_length(v));
}

/* "aud": a string, or its array's strings joined with ", ". */
static void
audience(const json_t *o, char *out, size_t size)
{
	const json_t *v = json_object_get(o, "aud"), *el;
	char one[80];
	size_t i, used = 0;

	if (!json_is_array(v)) {
		member(o, "aud", out, size);
		return;
	}
	out[0] = '\0';
	for (i = 0; i < json_array_size(v); i++) {
		el = json_array_get(v, i);
		if (json_is_string(el))
			ct_sanitize(one, sizeof(one), json_string_value(el),
			    json_string_length(el));
		else
			(void)snprintf(one, sizeof(one), "(not a string)");
		if (used < size)
			used += (size_t)snprintf(out + used, size - used,
			    "%s%s", i > 0 ? ", " : "", one);
	}
}

/* One time claim: date and how far from now. */
static void
show_time(struct ad_out *out, json_t *jc, const json_t *claims,
    const char *name, long long now)
{
	const char *soon, *past;
	char date[40], span[32], rel[64];
	long long t;
	int r = ct_json_get_numeric_date(claims, name, &t);

	if (r == 1)
		return;
	if (r < 0) {
		ad_say(out, "  %-11s (not an integer NumericDate)", name);
		(void)json_object_set_new(jc, name, json_null());
		return;
	}
	soon = strcmp(name, "exp") == 0 ? "expires in" :
	    strcmp(name, "nbf") == 0 ? "valid in" : "issued in";
	past = strcmp(name, "exp") == 0 ? "expired" :
	    strcmp(name, "nbf") == 0 ? "valid since" : "issued";
	ad_date(date, sizeof(date), t);
	ad_span(span, sizeof(span), t - now);
	if (t > now)
		(void)snprintf(rel, sizeof(rel), "%s %s", soon, span);
	else
		(void)snprintf(rel, sizeof(rel), "%s %s ago", past, span);
	ad_say(out, "  %-11s %s (%s)", name, date, rel);
	(void)json_object_set_new(jc, name, json_pack("{s:I,s:s,s:s}",
	    "epoch", (json_int_t)t, "date", date, "relative", rel));
}

/*
 * The kid line, with the kid as refusal log lines name it (D5) so that
 * they can be found; 0 when the header has no string kid.
 */
static int
kid_tag(struct ad_out *out, json_t *jh, const json_t *h, const char *shown)
{
	const json_t *kid = json_object_get(h, "kid");
	char tag[16];

	if (!json_is_string(kid))
		return 0;
	ct_jwks_kid_tag(json_string_value(kid), json_string_length(kid), tag);
	ad_say(out, "  %-11s %s (%s in log lines)", "kid", shown, tag);
	(void)json_object_set_new(jh, "kid_tag", json_string(tag));
	return 1;
}

void
ad_show_token(struct ad_out *out, const char *tok, size_t len,
    const char *identity_claim, long long now)
{
	static const char *const strs[] = { "iss", "sub", "type" };
	json_t *h, *c, *jh, *jc;
	char buf[1100];
	size_t i;

	h = segment(tok, len, 0, "header");
	c = segment(tok, len, 1, "claims");
	jh = json_object();
	jc = json_object();
	ad_say(out, "token (%zu bytes; signature and text never shown)", len);
	if (h == NULL)
		ad_say(out, "  header      (cannot be decoded)");
	for (i = 0; h != NULL && i < 3; i++) {
		const char *n = i == 0 ? "alg" : i == 1 ? "kid" : "typ";

		member(h, n, buf, sizeof(buf));
		if (i != 1 || !kid_tag(out, jh, h, buf))
			ad_say(out, "  %-11s %s", n, buf);
		(void)json_object_set_new(jh, n, json_string(buf));
	}
	if (c == NULL)
		ad_say(out, "  claims      (cannot be decoded)");
	for (i = 0; c != NULL && i < 3; i++) {
		member(c, strs[i], buf, sizeof(buf));
		ad_say(out, "  %-11s %s", strs[i], buf);
		(void)json_object_set_new(jc, strs[i], json_string(buf));
	}
	if (c != NULL) {
		audience(c, buf, sizeof(buf));
		ad_say(out, "  %-11s %s", "aud", buf);
		(void)json_object_set_new(jc, "aud", json_string(buf));
		member(c, identity_claim, buf, sizeof(buf));
		ad_say(out, "  %-11s %s", identity_claim, buf);
		(void)json_object_set_new(jc, identity_claim, json_string(buf));
		show_time(out, jc, c, "iat", now);
		show_time(out, jc, c, "nbf", now);
		show_time(out, jc, c, "exp", now);
	}
	ad_put(out, "header", h == NULL ? json_null() : jh);
	ad_put(out, "claims", c == NULL ? json_null() : jc);
	if (h == NULL)
		json_decref(jh);
	if (c == NULL)
		json_decref(jc);
	json_decref(h);
	json_decref(c);
}

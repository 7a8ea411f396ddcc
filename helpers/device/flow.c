/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flow.c - the two requests of the device authorization grant (RFC 8628):
 * the device authorization request (3.1) and its response (3.2), the
 * token request (3.4) and its response (3.5).  Every string the issuer
 * sends is checked before it goes further: printable ASCII without
 * spaces, bounded, the verification URIs https only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "device.h"
#include "fetch_curl.h"
#include "json.h"
#include "jws.h"

#define GRANT "urn:ietf:params:oauth:grant-type:device_code"

/* Appends "&name=value" (form-encoded, RFC 6749 appendix B) to *form. */
static int
add_field(char **form, const char *name, const char *value)
{
	char *esc = curl_easy_escape(NULL, value, 0), *n = NULL;
	size_t len = *form != NULL ? strlen(*form) : 0;
	int r = -1;

	if (esc == NULL)
		goto out;
	if ((n = malloc(len + strlen(name) + strlen(esc) + 3)) == NULL)
		goto out;
	(void)sprintf(n, "%s%s%s=%s", len > 0 ? *form : "", len > 0 ? "&" : "",
	    name, esc);
	if (*form != NULL) {
		explicit_bzero(*form, len);
		free(*form);
	}
	*form = n;
	r = 0;
out:
	if (esc != NULL) {
		explicit_bzero(esc, strlen(esc));
		curl_free(esc);
	}
	return r;
}

/* The client's own fields: client_id, and client_secret when confidential. */
static int
add_client(char **form, const struct dev_opts *o)
{
	if (add_field(form, "client_id", o->client_id) == -1)
		return -1;
	/* RFC 6749 2.3.1: client_secret_post for a confidential client. */
	if (o->secret[0] != '\0' &&
	    add_field(form, "client_secret", o->secret) == -1)
		return -1;
	return 0;
}

/* One POST; the parsed JSON object of its answer, or NULL with a reason. */
static json_t *
post(const struct dev_opts *o, const char *url, const char *form,
    long *status, struct ct_err *e)
{
	struct ct_fetch_req req;
	struct ct_fetch_resp resp;
	json_t *obj = NULL;

	memset(&req, 0, sizeof(req));
	req.url = url;
	req.ca_file = o->ca_file;
	req.timeout_ms = o->timeout_s * 1000;
	req.post_form = form;
	if (ct_fetch(&req, &resp, e) != CT_OK)
		return NULL;
	*status = resp.status;
	obj = ct_json_parse_object(resp.body, resp.len, "issuer's answer",
	    CT_EAUTH, e);
	explicit_bzero(resp.body, resp.len);
	ct_fetch_resp_free(&resp);
	return obj;
}

/*
 * Member name of obj as a string of 1..max printable ASCII bytes without
 * spaces into out; 1 when absent (optional members), -1 when bad.
 */
static int
get_word(const json_t *obj, const char *name, char *out, size_t max)
{
	const json_t *v = json_object_get(obj, name);
	const char *s;
	size_t i, n;

	out[0] = '\0';
	if (v == NULL)
		return 1;
	if (!json_is_string(v) || (n = json_string_length(v)) == 0 || n > max)
		return -1;
	s = json_string_value(v);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] > 0x7e)
			return -1;
	memcpy(out, s, n + 1);
	return 0;
}

/* An integer member in [lo, hi], or dflt when absent; -1 when bad. */
static long
get_long(const json_t *obj, const char *name, long lo, long hi, long dflt)
{
	const json_t *v = json_object_get(obj, name);
	json_int_t n;

	if (v == NULL)
		return dflt;
	if (!json_is_integer(v) || (n = json_integer_value(v)) < lo || n > hi)
		return -1;
	return (long)n;
}

/* RFC 8628 3.2: the members of a device authorization response. */
static int
read_code(const json_t *obj, struct dev_code *c, struct ct_err *e)
{
	if (get_word(obj, "device_code", c->device_code, DEV_CODE_MAX) != 0 ||
	    get_word(obj, "user_code", c->user_code,
	    DEV_USER_CODE_MAX) != 0 ||
	    get_word(obj, "verification_uri", c->uri, DEV_URI_MAX) != 0 ||
	    get_word(obj, "verification_uri_complete", c->uri_complete,
	    DEV_URI_MAX) < 0)
		return ct_fail(e, CT_EAUTH, "issuer: device_code, user_code "
		    "or verification_uri missing or not printable ASCII");
	if (strncmp(c->uri, "https://", 8) != 0 || (c->uri_complete[0] !=
	    '\0' && strncmp(c->uri_complete, "https://", 8) != 0))
		return ct_fail(e, CT_EAUTH, "issuer: a verification URI that "
		    "is not https://");
	/* 3.2: interval defaults to 5 s; expires_in is required. */
	c->expires_in = get_long(obj, "expires_in", 1, 86400, -1);
	c->interval = get_long(obj, "interval", 1, 60, 5);
	if (c->expires_in < 0 || c->interval < 0)
		return ct_fail(e, CT_EAUTH, "issuer: expires_in or interval "
		    "missing or out of range");
	return CT_OK;
}

int
dev_authorize(const struct dev_opts *o, struct dev_code *c,
    struct ct_err *e)
{
	char *form = NULL;
	json_t *obj = NULL;
	long status = 0;
	int r = CT_ESYS;

	memset(c, 0, sizeof(*c));
	if (add_client(&form, o) == -1 ||
	    (o->scope != NULL && add_field(&form, "scope", o->scope) == -1)) {
		r = ct_fail(e, CT_ENOMEM, "out of memory");
		goto out;
	}
	if ((obj = post(o, o->device_endpoint, form, &status, e)) == NULL) {
		r = ct_fail(e, CT_ESYS, "issuer: device authorization failed");
		goto out;
	}
	if (status != 200) {
		r = ct_fail(e, CT_EAUTH, "issuer: device authorization "
		    "answered HTTP %ld", status);
		goto out;
	}
	r = read_code(obj, c, e);
out:
	json_decref(obj);
	if (form != NULL) {
		explicit_bzero(form, strlen(form));
		free(form);
	}
	return r;
}

/* RFC 8628 3.5 and RFC 6749 5.2: the error of a refused token request. */
static enum dev_poll
poll_error(const json_t *obj, long status, struct ct_err *e)
{
	char err[64];

	if (get_word(obj, "error", err, sizeof(err) - 1) != 0) {
		(void)ct_fail(e, CT_EAUTH, "issuer: HTTP %ld without an OAuth "
		    "error", status);
		return DEV_FAILED;
	}
	if (strcmp(err, "authorization_pending") == 0)
		return DEV_PENDING;
	if (strcmp(err, "slow_down") == 0)
		return DEV_SLOW_DOWN;
	(void)ct_fail(e, CT_EAUTH, "%s", strcmp(err, "access_denied") == 0 ||
	    strcmp(err, "expired_token") == 0 ? err : "issuer: the token "
	    "endpoint refused the request");
	return DEV_FAILED;
}

/* RFC 6749 5.1: the access token of a successful answer, shaped as a JWS. */
static enum dev_poll
take_token(const json_t *obj, char **token, struct ct_err *e)
{
	const json_t *v = json_object_get(obj, "access_token");
	size_t n;

	if (!json_is_string(v) || (n = json_string_length(v)) == 0 ||
	    n > CT_TOKEN_MAX || !ct_jws_shaped(json_string_value(v), n)) {
		(void)ct_fail(e, CT_EAUTH, "issuer: the answer holds no access "
		    "token shaped like a JWT");
		return DEV_FAILED;
	}
	if ((*token = strdup(json_string_value(v))) == NULL) {
		(void)ct_fail(e, CT_ENOMEM, "out of memory");
		return DEV_FAILED;
	}
	return DEV_TOKEN;
}

enum dev_poll
dev_poll_once(const struct dev_opts *o, const char *device_code,
    char **token, struct ct_err *e)
{
	char *form = NULL;
	json_t *obj = NULL;
	long status = 0;
	enum dev_poll p = DEV_FAILED;

	*token = NULL;
	if (add_field(&form, "grant_type", GRANT) == -1 ||
	    add_field(&form, "device_code", device_code) == -1 ||
	    add_client(&form, o) == -1) {
		(void)ct_fail(e, CT_ENOMEM, "out of memory");
		goto out;
	}
	if ((obj = post(o, o->token_endpoint, form, &status, e)) == NULL) {
		(void)ct_fail(e, CT_ESYS, "issuer: token request failed");
		goto out;
	}
	p = status == 200 ? take_token(obj, token, e) :
	    poll_error(obj, status, e);
out:
	json_decref(obj);
	if (form != NULL) {
		explicit_bzero(form, strlen(form));
		free(form);
	}
	return p;
}

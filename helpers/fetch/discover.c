/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * discover.c - the device flow's endpoints from discovery (issue 25).
 * Fetched by the fetcher (the timer, pam-cotter refresh), never inside a
 * login, and checked as strictly as the configured ones.
 */
#include <stdio.h>
#include <string.h>

#include "atomicfile.h"
#include "discover.h"
#include "endpoints.h"
#include "fetch_curl.h"
#include "json.h"

#define WELL_KNOWN "/.well-known/openid-configuration"

/* Member name of obj: an https:// URL without spaces, into out. */
static int
url_member(const json_t *obj, const char *name, char *out)
{
	const json_t *v = json_object_get(obj, name);
	const char *s;
	size_t i, n;

	if (!json_is_string(v) || (n = json_string_length(v)) <= 8 ||
	    n > CT_ENDPOINT_MAX)
		return -1;
	s = json_string_value(v);
	if (strncmp(s, "https://", 8) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] > 0x7e)
			return -1;
	memcpy(out, s, n + 1);
	return 0;
}

/* The document's two endpoints, its issuer checked; -1 with msg. */
static int
read_doc(const char *issuer, const struct ct_fetch_resp *resp,
    char *dev, char *tok, char *msg, size_t size)
{
	json_t *obj = NULL, *iss;
	struct ct_err e;
	int r = -1;

	ct_err_clear(&e);
	if (resp->status != 200)
		(void)snprintf(msg, size, "discovery answered HTTP %ld",
		    resp->status);
	else if ((obj = ct_json_parse_object(resp->body, resp->len,
	    "discovery document", CT_ECONFIG, &e)) == NULL)
		(void)snprintf(msg, size, "%s", e.msg);
	else if (!json_is_string(iss = json_object_get(obj, "issuer")) ||
	    strcmp(json_string_value(iss), issuer) != 0)
		(void)snprintf(msg, size, "discovery names another issuer");
	else if (url_member(obj, "device_authorization_endpoint", dev) != 0 ||
	    url_member(obj, "token_endpoint", tok) != 0)
		(void)snprintf(msg, size, "discovery gives no https "
		    "device_authorization_endpoint and token_endpoint");
	else
		r = 0;
	json_decref(obj);
	return r;
}

int
fetch_discover(const char *issuer, const char *cache, const char *ca_file,
    long timeout_s, char *msg, size_t size)
{
	char url[CT_ENDPOINT_MAX + 64], path[4200], text[2 * CT_ENDPOINT_MAX +
	    64], dev[CT_ENDPOINT_MAX + 1], tok[CT_ENDPOINT_MAX + 1];
	struct ct_fetch_req req;
	struct ct_fetch_resp resp;
	struct ct_err e;
	int n, r = -1;

	msg[0] = '\0';
	ct_err_clear(&e);
	memset(&resp, 0, sizeof(resp));
	memset(&req, 0, sizeof(req));
	(void)snprintf(url, sizeof(url), "%s" WELL_KNOWN, issuer);
	req.url = url;
	req.ca_file = ca_file;
	req.timeout_ms = timeout_s * 1000;
	if (ct_fetch(&req, &resp, &e) != CT_OK) {
		(void)snprintf(msg, size, "discovery: %s", e.msg);
		goto out;
	}
	if (read_doc(issuer, &resp, dev, tok, msg, size) != 0)
		goto out;
	n = ct_endpoints_format(text, sizeof(text), dev, tok);
	(void)snprintf(path, sizeof(path), "%s" CT_ENDPOINTS_SUFFIX, cache);
	if (n < 0 || ct_atomic_write(path, text, (size_t)n, 0644, &e) !=
	    CT_OK) {
		(void)snprintf(msg, size, "cannot write %s: %s", path, e.msg);
		goto out;
	}
	(void)snprintf(msg, size, "device endpoints from discovery written");
	r = 0;
out:
	ct_fetch_resp_free(&resp);
	return r;
}

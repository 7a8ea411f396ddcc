/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * endpoints.c - the device flow's endpoints (issue 25): configured, or
 * found in the issuer's discovery document by the fetcher and kept in
 * "<jwks_cache>.endpoints" as two lines, "device_authorization_endpoint
 * URL" and "token_endpoint URL".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoints.h"
#include "safefile.h"

#define FILE_MAX 4096

int
ct_endpoints_format(char *buf, size_t size, const char *device,
    const char *token)
{
	int n = snprintf(buf, size, "device_authorization_endpoint %s\n"
	    "token_endpoint %s\n", device, token);

	return n < 0 || (size_t)n >= size ? -1 : n;
}

/* An https:// URL of printable ASCII without spaces, at most the max. */
static int
url_ok(const char *s, size_t n)
{
	size_t i;

	if (n <= 8 || n > CT_ENDPOINT_MAX || strncmp(s, "https://", 8) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

/* Copies a configured URL (the setter checked it); 0. */
static int
copy_url(char *out, const char *url)
{
	(void)snprintf(out, CT_ENDPOINT_MAX + 1, "%s", url);
	return 0;
}

/* The value of line "name URL" in text into out; -1 when none or bad. */
static int
field(const char *text, const char *name, char *out)
{
	size_t k = strlen(name), n;
	const char *p;

	for (p = text; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p != NULL ? p + 1 : NULL) {
		if (strncmp(p, name, k) != 0 || p[k] != ' ')
			continue;
		n = strcspn(p + k + 1, "\n");
		if (!url_ok(p + k + 1, n))
			return -1;
		memcpy(out, p + k + 1, n);
		out[n] = '\0';
		return 0;
	}
	return -1;
}

int
ct_endpoints_get(const struct ct_config *v, char *device, char *token,
    struct ct_err *e)
{
	char path[4200], *text = NULL;
	struct ct_err le;
	size_t len = 0;
	int r = CT_ECONFIG;

	if (v->device_endpoint[0] != '\0' &&
	    v->token_endpoint[0] != '\0') {
		(void)copy_url(device, v->device_endpoint);
		(void)copy_url(token, v->token_endpoint);
		return CT_OK;
	}
	(void)snprintf(path, sizeof(path), "%s" CT_ENDPOINTS_SUFFIX,
	    v->jwks_cache);
	ct_err_clear(&le);
	if (ct_safe_read(path, FILE_MAX, CT_ECONFIG, &text, &len, NULL,
	    &le) != CT_OK) {
		r = ct_fail(e, CT_ECONFIG, "device endpoints: %s (they come "
		    "from discovery: run pam-cotter refresh)", le.msg);
		goto out;
	}
	if ((v->device_endpoint[0] == '\0' ?
	    field(text, "device_authorization_endpoint", device) :
	    copy_url(device, v->device_endpoint)) != 0 ||
	    (v->token_endpoint[0] == '\0' ? field(text, "token_endpoint",
	    token) : copy_url(token, v->token_endpoint)) != 0) {
		r = ct_fail(e, CT_ECONFIG, "%s: no usable endpoints (run "
		    "pam-cotter refresh)", path);
		goto out;
	}
	r = CT_OK;
out:
	free(text);
	return r;
}

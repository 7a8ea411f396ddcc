/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devicecfg.c - the keys of the device authorization grant (issue 25,
 * RFC 8628): device_flow, client_id, client_secret_file, scope,
 * device_authorization_endpoint and token_endpoint per issuer;
 * device_flow_services and device_flow_timeout for the whole host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devicecfg.h"

#define DEV_STR_MAX	512
#define DEV_PATH_MAX	4095
#define DEV_SHOWN_MAX	65

/* Printable ASCII only ('!' also refuses spaces), at most max bytes. */
static int
text_ok(const char *key, const char *v, size_t max, unsigned char lo,
    struct ct_err *e)
{
	const unsigned char *p;

	if (strlen(v) > max)
		return ct_fail(e, CT_ECONFIG, "%s: longer than %zu characters",
		    key, max);
	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p < lo || *p > 0x7e)
			return ct_fail(e, CT_ECONFIG, "%s: only printable ASCII%s "
			    "is allowed", key, lo == ' ' ? "" :
			    " without spaces");
	return CT_OK;
}

/* Replaces *slot with a copy of v. */
static int
put(char **slot, const char *key, const char *v, struct ct_err *e)
{
	char *c = strdup(v);

	if (c == NULL)
		return ct_fail(e, CT_ENOMEM, "%s: out of memory", key);
	free(*slot);
	*slot = c;
	return CT_OK;
}

static int
set_bool(const char *key, const char *v, int *out, struct ct_err *e)
{
	char shown[DEV_SHOWN_MAX];

	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "1") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "0") == 0)
		*out = 0;
	else {
		ct_sanitize(shown, sizeof(shown), v, strlen(v));
		return ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not yes/no/true/"
		    "false/1/0", key, shown);
	}
	return CT_OK;
}

/* "" (found by discovery) or an https:// URL without spaces. */
static int
set_url(const char *key, const char *v, char **slot, struct ct_err *e)
{
	int r;

	if (*v != '\0' && (strncmp(v, "https://", 8) != 0 || v[8] == '\0'))
		return ct_fail(e, CT_ECONFIG, "%s: must be empty or an "
		    "https:// URL", key);
	if ((r = text_ok(key, v, DEV_STR_MAX, '!', e)) != CT_OK)
		return r;
	return put(slot, key, v, e);
}

static int
set_timeout(struct ct_config *cfg, const char *key, const char *v,
    struct ct_err *e)
{
	char shown[DEV_SHOWN_MAX], *end = NULL;
	long long n;

	errno = 0;
	n = (*v >= '0' && *v <= '9') ? strtoll(v, &end, 10) : -1;
	if (end == NULL || *end != '\0' || errno == ERANGE ||
	    n < CT_DEVICE_TIMEOUT_MIN || n > CT_DEVICE_TIMEOUT_MAX) {
		ct_sanitize(shown, sizeof(shown), v, strlen(v));
		return ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not a number of "
		    "seconds in %d..%d", key, shown, CT_DEVICE_TIMEOUT_MIN,
		    CT_DEVICE_TIMEOUT_MAX);
	}
	cfg->device_flow_timeout = n;
	return CT_OK;
}

/* client_secret_file: "" (a public client) or an absolute path. */
static int
set_secret_file(struct ct_config *cfg, const char *key, const char *v,
    struct ct_err *e)
{
	int r;

	if (*v != '\0' && *v != '/')
		return ct_fail(e, CT_ECONFIG, "%s: must be empty or an "
		    "absolute path", key);
	if ((r = text_ok(key, v, DEV_PATH_MAX, ' ', e)) != CT_OK)
		return r;
	return put(&cfg->client_secret_file, key, v, e);
}

/* Words: client_id and scope (RFC 6749 A.1 and A.4: printable ASCII). */
static int
set_word(const char *key, const char *v, unsigned char lo, char **slot,
    struct ct_err *e)
{
	int r;

	if ((r = text_ok(key, v, DEV_STR_MAX, lo, e)) != CT_OK)
		return r;
	return put(slot, key, v, e);
}

int
ct_config_device_key(const char *key)
{
	static const char *const keys[] = { "device_flow", "client_id",
	    "client_secret_file", "scope", "device_authorization_endpoint",
	    "token_endpoint", "device_flow_services", "device_flow_timeout" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i], key) == 0)
			return 1;
	return 0;
}

int
ct_config_set_device(struct ct_config *cfg, const char *key, const char *v,
    struct ct_err *e)
{
	if (strcmp(key, "device_flow") == 0)
		return set_bool(key, v, &cfg->device_flow, e);
	if (strcmp(key, "client_id") == 0)
		return set_word(key, v, '!', &cfg->client_id, e);
	if (strcmp(key, "client_secret_file") == 0)
		return set_secret_file(cfg, key, v, e);
	if (strcmp(key, "scope") == 0)
		return set_word(key, v, ' ', &cfg->scope, e);
	if (strcmp(key, "device_authorization_endpoint") == 0)
		return set_url(key, v, &cfg->device_endpoint, e);
	if (strcmp(key, "token_endpoint") == 0)
		return set_url(key, v, &cfg->token_endpoint, e);
	if (strcmp(key, "device_flow_services") == 0)
		return set_word(key, v, ' ', &cfg->device_flow_services, e);
	if (strcmp(key, "device_flow_timeout") == 0)
		return set_timeout(cfg, key, v, e);
	return ct_fail(e, CT_ECONFIG, "not a device flow key");
}

int
ct_config_device_init(struct ct_config *cfg)
{
	cfg->device_flow = 0;
	cfg->device_flow_timeout = CT_DEVICE_TIMEOUT_DEFAULT;
	if ((cfg->client_id = strdup("")) == NULL ||
	    (cfg->client_secret_file = strdup("")) == NULL ||
	    (cfg->scope = strdup("")) == NULL ||
	    (cfg->device_endpoint = strdup("")) == NULL ||
	    (cfg->token_endpoint = strdup("")) == NULL ||
	    (cfg->device_flow_services =
	    strdup(CT_DEVICE_SERVICES_DEFAULT)) == NULL)
		return CT_ENOMEM;
	return CT_OK;
}

void
ct_config_device_free(struct ct_config *cfg)
{
	free(cfg->client_id);
	free(cfg->client_secret_file);
	free(cfg->scope);
	free(cfg->device_endpoint);
	free(cfg->token_endpoint);
	free(cfg->device_flow_services);
}

int
ct_config_service_listed(const char *list, const char *service)
{
	size_t n = strlen(service), w;
	const char *p;

	if (list == NULL || n == 0)
		return 0;
	for (p = list + strspn(list, " "); *p != '\0';
	    p += w, p += strspn(p, " ")) {
		w = strcspn(p, " ");
		if (w == n && strncmp(p, service, n) == 0)
			return 1;
	}
	return 0;
}

int
ct_config_any_device(const struct ct_config *cfg)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		if (v.device_flow)
			return 1;
	}
	return 0;
}

int
ct_config_check_device(const struct ct_config *cfg, struct ct_err *e)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		if (!v.device_flow)
			continue;
		if (v.client_id[0] == '\0')
			return ct_fail(e, CT_ECONFIG, "issuer \"%s\": "
			    "device_flow = yes needs client_id", v.section);
		/* Discovery (the fetcher) runs only with a jwks_url. */
		if ((v.device_endpoint[0] == '\0' ||
		    v.token_endpoint[0] == '\0') && v.jwks_url[0] == '\0')
			return ct_fail(e, CT_ECONFIG, "issuer \"%s\": "
			    "device_flow = yes with a static key set needs "
			    "device_authorization_endpoint and token_endpoint",
			    v.section);
	}
	return CT_OK;
}

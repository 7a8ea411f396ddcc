/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * issuers.c - the issuers of a configuration (issue 22): "default" from
 * the global issuer keys, then each [issuer NAME] section; a view of the
 * configuration through one of them.
 */
#include <string.h>

#include "config.h"
#include "replaycfg.h"

/* 1 when the global issuer keys form the issuer "default". */
static int
has_default(const struct ct_config *cfg)
{
	return cfg->nsections == 0 || cfg->global_issuer_keys;
}

size_t
ct_config_issuers(const struct ct_config *cfg)
{
	return (size_t)has_default(cfg) + cfg->nsections;
}

/* The section behind issuer i, or NULL for "default". */
static const struct ct_config *
section_of(const struct ct_config *cfg, size_t i)
{
	if (has_default(cfg)) {
		if (i == 0)
			return NULL;
		i--;
	}
	return i < cfg->nsections ? cfg->sections[i] : NULL;
}

const char *
ct_config_issuer_name(const struct ct_config *cfg, size_t i)
{
	const struct ct_config *sec = section_of(cfg, i);

	return sec != NULL ? sec->section : CT_DEFAULT_ISSUER_NAME;
}

void
ct_config_view(const struct ct_config *cfg, size_t i,
    struct ct_config *view)
{
	const struct ct_config *sec;

	/* A view of a view is a view of the whole configuration. */
	if (cfg->base != NULL)
		cfg = cfg->base;
	sec = section_of(cfg, i);
	*view = *cfg;
	view->base = cfg;
	view->section = CT_DEFAULT_ISSUER_NAME;
	if (sec == NULL) {
		ct_config_view_args(cfg, NULL, view);
		return;
	}
	/* The issuer keys (ct_config_key_per_issuer), and only those. */
	view->section = sec->section;
	view->issuer = sec->issuer;
	view->audience = sec->audience;
	view->algorithms = sec->algorithms;
	view->leeway = sec->leeway;
	view->max_token_age = sec->max_token_age;
	view->token_type = sec->token_type;
	view->require_typ = sec->require_typ;
	view->identity_claim = sec->identity_claim;
	view->allowed_domains = sec->allowed_domains;
	view->jwks_cache = sec->jwks_cache;
	view->jwks_url = sec->jwks_url;
	view->ca_file = sec->ca_file;
	view->refresh_interval = sec->refresh_interval;
	view->max_stale = sec->max_stale;
	view->refresh_min_interval = sec->refresh_min_interval;
	view->groups_claim = sec->groups_claim;
	view->group_map = sec->group_map;
	view->require_groups = sec->require_groups;
	view->adopt_from = sec->adopt_from;
	view->device_flow = sec->device_flow;
	view->client_id = sec->client_id;
	view->client_secret_file = sec->client_secret_file;
	view->scope = sec->scope;
	view->device_endpoint = sec->device_endpoint;
	view->token_endpoint = sec->token_endpoint;
	ct_config_view_args(cfg, sec, view);
}

int
ct_config_issuer_find(const struct ct_config *cfg, const char *iss)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		if (strcmp(v.issuer, iss) == 0)
			return (int)i;
	}
	return -1;
}

int
ct_config_check_issuers(const struct ct_config *cfg, struct ct_err *e)
{
	struct ct_config a, b;
	size_t i, j, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &a);
		for (j = i + 1; j < n; j++) {
			ct_config_view(cfg, j, &b);
			if (strcmp(a.issuer, b.issuer) == 0)
				return ct_fail(e, CT_ECONFIG, "issuers \"%s\" "
				    "and \"%s\" have the same issuer", a.section,
				    b.section);
			if (strcmp(a.jwks_cache, b.jwks_cache) == 0)
				return ct_fail(e, CT_ECONFIG, "issuers \"%s\" "
				    "and \"%s\" have the same jwks_cache",
				    a.section, b.section);
		}
	}
	return CT_OK;
}

int
ct_config_any_domains(const struct ct_config *cfg)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		if (v.allowed_domains != NULL &&
		    v.allowed_domains[strspn(v.allowed_domains, " ")] != '\0')
			return 1;
	}
	return 0;
}

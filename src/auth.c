/*
 * auth.c - one authentication through the module (DESIGN.md invariants
 * 1-6, in this order: keys, token, signature and claims, account).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_ext.h>

#include "auth.h"
#include "claims.h"
#include "jws.h"
#include "prompt.h"
#include "refresh.h"
#include "resolve.h"
#include "spawn.h"
#include "token.h"

struct attempt {
	const struct ct_config *cfg;
	struct ct_refresh_policy pol;
	char fetcher[PATH_MAX];
	struct ct_jwks *keys;	/* NULL when no usable set */
	struct ct_err keys_err;	/* why not */
	int keys_r;
};

static void
log_success(pam_handle_t *pamh, const char *user,
    const struct ct_identity *id)
{
	char u[64], who[128], sub[96];

	ct_sanitize(u, sizeof(u), user, strlen(user));
	ct_sanitize(who, sizeof(who), id->identity,
	    id->identity == NULL ? 0 : strlen(id->identity));
	ct_sanitize(sub, sizeof(sub), id->sub, strlen(id->sub));
	pam_syslog(pamh, LOG_INFO,
	    "accepted Cotter token for user \"%s\" (identity \"%s\", sub \"%s\")",
	    u, id->identity == NULL ? "-" : who, sub);
}

/* The refresh policy of the key-refresh keys; loads the key set. */
static int
load_keys(pam_handle_t *pamh, struct attempt *a, struct ct_err *e)
{
	const struct ct_config *cfg = a->cfg;
	struct ct_refresh_policy *p = &a->pol;
	int n, fetched = 0;

	n = snprintf(a->fetcher, sizeof(a->fetcher), "%s/%s",
	    cfg->helper_dir, CT_FETCHER);
	if (n < 0 || (size_t)n >= sizeof(a->fetcher))
		return ct_fail(e, CT_ECONFIG, "helper_dir: path too long");
	p->cache = cfg->jwks_cache;
	p->url = cfg->jwks_url;
	p->fetcher = a->fetcher;
	p->ca_file = cfg->ca_file;
	p->refresh_interval = cfg->refresh_interval;
	p->max_stale = cfg->max_stale;
	p->refresh_min_interval = cfg->refresh_min_interval;
	p->fetch_timeout = cfg->fetch_timeout;
	/*
	 * D1: only a root service refreshes.  Under su, sudo or a screen
	 * locker (real uid not 0) the caller could stop or limit us while we
	 * hold the host-wide lock: the cache is used as it is.
	 */
	p->may_fetch = ct_spawn_allowed();
	ct_err_clear(&a->keys_err);
	a->keys_r = ct_keys_get(p, time(NULL), &a->keys, &fetched,
	    &a->keys_err);
	if (fetched && cfg->debug)
		pam_syslog(pamh, LOG_DEBUG, "key set refreshed");
	return CT_OK;
}

/*
 * Verifies the token against the key set; a kid the set lacks may bring
 * one refresh (rate-limited host-wide), then the token is judged again.
 */
static int
verify(pam_handle_t *pamh, struct attempt *a, const char *token,
    struct ct_identity **id, struct ct_err *e)
{
	struct ct_err why;
	size_t len;
	int r;

	/* Bound the length before anything else reads the token. */
	len = strnlen(token, CT_TOKEN_MAX + 1);
	r = ct_token_verify(token, len, a->keys, a->cfg, time(NULL), id, e);
	if (r != CT_ENOKID)
		goto out;
	ct_err_clear(&why);
	if (ct_keys_refresh_for_kid(&a->pol, time(NULL), &a->keys,
	    &why) != CT_OK) {
		if (a->cfg->debug)
			pam_syslog(pamh, LOG_DEBUG, "%s", why.msg);
		r = CT_EAUTH;	/* e keeps "unknown kid" */
		goto out;
	}
	ct_err_clear(e);
	if ((r = ct_token_verify(token, len, a->keys, a->cfg, time(NULL), id,
	    e)) == CT_ENOKID)
		r = CT_EAUTH;
out:
	return r;
}

/*
 * Does token prove the caller is user?  Keys, token, then the account the
 * identity may open (map_file, binding, automatic mapping, creation).
 * When user was an email typed at the login prompt, PAM_USER becomes the
 * local account; libpam then frees the old string, so no caller may use
 * user after a success.
 */
static int
check_token(pam_handle_t *pamh, struct attempt *a, const char *user,
    const char *token, struct ct_err *e)
{
	struct ct_identity *id = NULL;
	char *account = NULL;
	int r = CT_EAUTH;

	if (a->keys == NULL) {
		r = ct_fail(e, a->keys_r, "%s", a->keys_err.msg);
		goto out;
	}
	if ((r = verify(pamh, a, token, &id, e)) != CT_OK)
		goto out;
	if ((r = ct_resolve(a->cfg, id, user, &account, e)) != CT_OK)
		goto out;
	if (strcmp(account, user) != 0 &&
	    pam_set_item(pamh, PAM_USER, account) != PAM_SUCCESS) {
		r = ct_fail(e, CT_ESYS, "cannot set PAM_USER");
		goto out;
	}
	log_success(pamh, account, id);
	r = CT_OK;
out:
	free(account);
	ct_identity_free(id);
	return r;
}

/* Prompts (in parts if need be), stores PAM_AUTHTOK, checks the token. */
static int
prompt_and_check(pam_handle_t *pamh, struct attempt *a, const char *user,
    struct ct_err *e)
{
	struct ct_prompts p = { a->cfg->prompt, a->cfg->prompt_more,
	    a->cfg->algorithms };
	char *tok = NULL;
	int parts = 0, r = CT_EAUTH;

	if ((r = ct_prompt_token(pamh, &p, a->keys, &tok, &parts,
	    e)) != CT_OK)
		goto out;
	if (parts > 1 && a->cfg->debug)
		pam_syslog(pamh, LOG_DEBUG, "token entered in %d parts",
		    parts);
	if (pam_set_item(pamh, PAM_AUTHTOK, tok) != PAM_SUCCESS) {
		r = ct_fail(e, CT_ESYS, "cannot store the token as "
		    "PAM_AUTHTOK");
		goto out;
	}
	r = check_token(pamh, a, user, tok, e);
out:
	if (tok != NULL) {
		explicit_bzero(tok, strlen(tok));
		free(tok);
	}
	return r;
}

int
ct_authenticate(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, struct ct_err *e)
{
	struct attempt a;
	const void *item = NULL;
	char u[64];
	int r = CT_EAUTH;

	memset(&a, 0, sizeof(a));
	a.cfg = cfg;
	if ((r = load_keys(pamh, &a, e)) != CT_OK)
		goto out;
	if (cfg->use_first_pass || cfg->try_first_pass) {
		if (pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS)
			item = NULL;
		if (item != NULL) {
			r = check_token(pamh, &a, user, item, e);
			if (r != CT_EAUTH || cfg->use_first_pass)
				goto out;
			ct_sanitize(u, sizeof(u), user, strlen(user));
			pam_syslog(pamh, LOG_NOTICE, "refused the earlier "
			    "module's token for user \"%s\": %s; asking",
			    u, e->msg);
			ct_err_clear(e);
		} else if (cfg->use_first_pass) {
			r = ct_fail(e, CT_EAUTH, "use_first_pass: no token "
			    "from an earlier module");
			goto out;
		}
	}
	r = prompt_and_check(pamh, &a, user, e);
out:
	/*
	 * D4: the token is not a password for later modules of the stack
	 * (pam_gnome_keyring would keep or try it); clear it unless the
	 * module line says keep_authtok.
	 */
	if (r == CT_OK && !cfg->keep_authtok &&
	    pam_set_item(pamh, PAM_AUTHTOK, NULL) != PAM_SUCCESS)
		r = ct_fail(e, CT_ESYS, "cannot clear PAM_AUTHTOK");
	ct_jwks_free(a.keys);
	return r;
}

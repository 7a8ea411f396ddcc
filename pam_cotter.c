/*
 * pam_cotter.c - PAM entry points.  This file alone turns the library's
 * CT_* codes into PAM_* codes (DESIGN.md, "PAM results").
 */
#define PAM_SM_AUTH
#define PAM_SM_ACCOUNT

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "account.h"
#include "claims.h"
#include "config.h"
#include "jwks.h"
#include "jws.h"
#include "refresh.h"
#include "token.h"
#include "usermap.h"

#define CT_FETCHER "pam_cotter_fetch"	/* in helper_dir */
#define CT_FAIL_DELAY_USEC 2000000	/* as pam_unix: 2 s on failure */

/* Built with -fvisibility=hidden; pam_cotter.map lists these too. */
#define CT_EXPORT __attribute__((visibility("default")))

/* Maps a library status to the PAM result DESIGN.md specifies. */
static int
pam_code(int ct)
{
	switch (ct) {
	case CT_OK:
		return PAM_SUCCESS;
	case CT_ENOKEYS:
		return PAM_AUTHINFO_UNAVAIL;
	case CT_ECONFIG:
		return PAM_SERVICE_ERR;
	case CT_ENOUSER:
		return PAM_USER_UNKNOWN;
	case CT_ENOMEM:
		return PAM_BUF_ERR;
	case CT_ESYS:
		return PAM_SYSTEM_ERR;
	default:
		return PAM_AUTH_ERR;
	}
}

/* One syslog line per refusal; never any part of the token. */
static void
log_refusal(pam_handle_t *pamh, const char *user, const struct ct_err *e)
{
	const char *why = e->msg[0] != '\0' ? e->msg : ct_status_name(e->code);
	char u[64];

	if (user == NULL) {
		pam_syslog(pamh, LOG_ERR, "configuration error: %s", why);
		return;
	}
	ct_sanitize(u, sizeof(u), user, strlen(user));
	pam_syslog(pamh, e->code == CT_ECONFIG ? LOG_ERR : LOG_NOTICE,
	    "refused user \"%s\": %s", u, why);
}

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

/* The refresh policy of DESIGN.md's key-refresh keys. */
static int
refresh_policy(const struct ct_config *cfg, char *fetcher, size_t size,
    struct ct_refresh_policy *p, struct ct_err *e)
{
	int n;

	n = snprintf(fetcher, size, "%s/%s", cfg->helper_dir, CT_FETCHER);
	if (n < 0 || (size_t)n >= size)
		return ct_fail(e, CT_ECONFIG, "helper_dir: path too long");
	p->cache = cfg->jwks_cache;
	p->url = cfg->jwks_url;
	p->fetcher = fetcher;
	p->ca_file = cfg->ca_file;
	p->refresh_interval = cfg->refresh_interval;
	p->max_stale = cfg->max_stale;
	p->refresh_min_interval = cfg->refresh_min_interval;
	p->fetch_timeout = cfg->fetch_timeout;
	/* Only root can write the cache; anyone else uses it as it is. */
	p->may_fetch = geteuid() == 0;
	return CT_OK;
}

/*
 * Verifies the token against the key set; a kid the set lacks may bring
 * one refresh (rate-limited host-wide), then the token is judged again.
 */
static int
verify(pam_handle_t *pamh, const struct ct_config *cfg,
    const struct ct_refresh_policy *pol, struct ct_jwks **keys,
    const char *token, struct ct_identity **id, struct ct_err *e)
{
	struct ct_err why;
	size_t len;
	int r;

	/* Bound the length before anything else reads the token. */
	len = strnlen(token, CT_TOKEN_MAX + 1);
	r = ct_token_verify(token, len, *keys, cfg, time(NULL), id, e);
	if (r != CT_ENOKID)
		goto out;
	ct_err_clear(&why);
	if (ct_keys_refresh_for_kid(pol, time(NULL), keys, &why) != CT_OK) {
		if (cfg->debug)
			pam_syslog(pamh, LOG_DEBUG, "%s", why.msg);
		r = CT_EAUTH;	/* e keeps "unknown kid" */
		goto out;
	}
	ct_err_clear(e);
	if ((r = ct_token_verify(token, len, *keys, cfg, time(NULL), id,
	    e)) == CT_ENOKID)
		r = CT_EAUTH;
out:
	return r;
}

/*
 * Decides whether token proves the caller is user: key set, signature and
 * claims, then the identity map, then the account itself (DESIGN.md
 * invariants 1-6).  Returns a CT_* code; e holds the reason.
 */
static int
check_token(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, const char *token, struct ct_err *e)
{
	struct ct_refresh_policy pol;
	struct ct_jwks *keys = NULL;
	struct ct_identity *id = NULL;
	char fetcher[PATH_MAX];
	int fetched = 0, r = CT_EAUTH;

	if ((r = refresh_policy(cfg, fetcher, sizeof(fetcher), &pol,
	    e)) != CT_OK)
		goto out;
	if ((r = ct_keys_get(&pol, time(NULL), &keys, &fetched, e)) != CT_OK)
		goto out;
	if (fetched && cfg->debug)
		pam_syslog(pamh, LOG_DEBUG, "key set refreshed");
	if ((r = verify(pamh, cfg, &pol, &keys, token, &id, e)) != CT_OK)
		goto out;
	if ((r = ct_usermap_check(cfg->map_file, id, user, e)) != CT_OK)
		goto out;
	if ((r = ct_account_check(user, cfg->uid_min, e)) != CT_OK)
		goto out;
	log_success(pamh, user, id);
	r = CT_OK;
out:
	ct_identity_free(id);
	ct_jwks_free(keys);
	return r;
}

/*
 * Asks for the token as pam_unix asks for a password (ECHO_OFF), stores it
 * as PAM_AUTHTOK so that a later module with try_first_pass may use it,
 * and returns PAM's own copy, which libpam wipes at pam_end.
 */
static int
prompt_token(pam_handle_t *pamh, const struct ct_config *cfg,
    const char **token, struct ct_err *e)
{
	char *resp = NULL;
	const void *item = NULL;
	int pr, r = CT_EAUTH;

	*token = NULL;
	pr = pam_prompt(pamh, PAM_PROMPT_ECHO_OFF, &resp, "%s", cfg->prompt);
	if (pr != PAM_SUCCESS || resp == NULL) {
		r = ct_fail(e, CT_EAUTH,
		    "conversation failed, no token received (%s)",
		    pam_strerror(pamh, pr));
		goto out;
	}
	if (pam_set_item(pamh, PAM_AUTHTOK, resp) != PAM_SUCCESS ||
	    pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS ||
	    item == NULL) {
		r = ct_fail(e, CT_ESYS, "cannot store the token as PAM_AUTHTOK");
		goto out;
	}
	*token = item;
	r = CT_OK;
out:
	if (resp != NULL) {
		explicit_bzero(resp, strlen(resp));
		free(resp);
	}
	return r;
}

/*
 * use_first_pass and try_first_pass as pam_unix defines them: take the
 * token an earlier module stored; with use_first_pass never prompt, with
 * try_first_pass prompt only when there is none or it was refused as a bad
 * token.
 */
static int
authenticate(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, struct ct_err *e)
{
	const void *item = NULL;
	const char *tok = NULL;
	int r = CT_EAUTH;

	if (cfg->use_first_pass || cfg->try_first_pass) {
		if (pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS)
			item = NULL;
		if (item != NULL) {
			r = check_token(pamh, cfg, user, item, e);
			if (r != CT_EAUTH || cfg->use_first_pass)
				goto out;
			log_refusal(pamh, user, e);
			ct_err_clear(e);
		} else if (cfg->use_first_pass) {
			r = ct_fail(e, CT_EAUTH,
			    "use_first_pass: no token from an earlier module");
			goto out;
		}
	}
	if ((r = prompt_token(pamh, cfg, &tok, e)) != CT_OK)
		goto out;
	r = check_token(pamh, cfg, user, tok, e);
out:
	return r;
}

CT_EXPORT int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	struct ct_config *cfg = NULL;
	struct ct_err e;
	const char *user = NULL;
	int r = PAM_AUTH_ERR, ct;

	(void)flags;
	ct_err_clear(&e);
	if ((ct = ct_config_load(argc, argv, &cfg, &e)) != CT_OK) {
		log_refusal(pamh, NULL, &e);
		r = pam_code(ct);
		goto out;
	}
	if (cfg->debug)
		pam_syslog(pamh, LOG_DEBUG, "configuration loaded");
	if (!cfg->nodelay)
		(void)pam_fail_delay(pamh, CT_FAIL_DELAY_USEC);
	if ((r = pam_get_user(pamh, &user, NULL)) != PAM_SUCCESS ||
	    user == NULL || *user == '\0') {
		pam_syslog(pamh, LOG_NOTICE, "cannot determine user name");
		r = (r == PAM_SUCCESS) ? PAM_USER_UNKNOWN : r;
		goto out;
	}
	ct = authenticate(pamh, cfg, user, &e);
	if (ct != CT_OK)
		log_refusal(pamh, user, &e);
	r = pam_code(ct);
out:
	ct_config_free(cfg);
	return r;
}

/* No credentials to establish: a token proves identity only (pam_u2f). */
CT_EXPORT int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}

/*
 * Account policy belongs to pam_unix; this module has none of its own and
 * says so with PAM_IGNORE, which can never turn a stack into a success.
 */
CT_EXPORT int
pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_IGNORE;
}

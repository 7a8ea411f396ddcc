/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * auth.c - one authentication through the module: the PAM side (the
 * token from an earlier module or the conversation, PAM_AUTHTOK,
 * PAM_USER, the success line) around the steps of attempt.c, which
 * pam-cotter check runs too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>

#include "attempt.h"
#include "auth.h"
#include "devflow.h"
#include "jws.h"
#include "prompt.h"

/*
 * The success line names the issuer section (issue 22), or says "Cotter"
 * where the issuer is the Cotter preset.
 */
static void
log_success(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, const struct ct_identity *id)
{
	char u[64], who[128], sub[96], what[96];

	ct_sanitize(u, sizeof(u), user, strlen(user));
	ct_sanitize(who, sizeof(who), id->identity,
	    id->identity == NULL ? 0 : strlen(id->identity));
	ct_sanitize(sub, sizeof(sub), id->sub, strlen(id->sub));
	if (ct_config_cotter_preset(cfg))
		(void)snprintf(what, sizeof(what), "Cotter token");
	else
		(void)snprintf(what, sizeof(what), "token of issuer \"%s\"",
		    cfg->section != NULL ? cfg->section :
		    CT_DEFAULT_ISSUER_NAME);
	pam_syslog(pamh, LOG_INFO,
	    "accepted %s for user \"%s\" (identity \"%s\", sub \"%s\")",
	    what, u, id->identity == NULL ? "-" : who, sub);
}

/*
 * Does token prove the caller is user?  The steps of attempt.c; then,
 * when user was an email typed at the login prompt, PAM_USER becomes the
 * local account; libpam then frees the old string, so no caller may use
 * user after a success.
 */
static int
check_token(pam_handle_t *pamh, struct ct_attempt *a, const char *user,
    const char *token, struct ct_err *e)
{
	struct ct_identity *id = NULL;
	char *account = NULL;
	size_t len;
	int r = CT_EAUTH;

	/* Bound the length before anything else reads the token. */
	len = strnlen(token, CT_TOKEN_MAX + 1);
	/* Issue 21: a password is no refused token (every token that
	 * ct_jws_parse accepts has this shape). */
	if (!ct_jws_shaped(token, len)) {
		r = ct_fail(e, CT_EAUTH, CT_NOT_A_TOKEN);
		goto out;
	}
	r = ct_attempt_token(a, user, token, len, &account, &id, e);
	if (a->note.msg[0] != '\0' && a->cfg->debug)
		pam_syslog(pamh, LOG_DEBUG, "%s", a->note.msg);
	if (a->replay_note.msg[0] != '\0')	/* issue 24.2 */
		pam_syslog(pamh, LOG_NOTICE, "%s", a->replay_note.msg);
	if (r != CT_OK)
		goto out;
	if (strcmp(account, user) != 0 &&
	    pam_set_item(pamh, PAM_USER, account) != PAM_SUCCESS) {
		r = ct_fail(e, CT_ESYS, "cannot set PAM_USER");
		goto out;
	}
	log_success(pamh, a->cfg, account, id);
	r = CT_OK;
out:
	free(account);
	ct_identity_free(id);
	return r;
}

/*
 * ct_prompts.issuer_of: with several issuers, a reply whose claims segment
 * is whole names its issuer; that issuer's keys are loaded (the check that
 * follows would load them anyway) so that the prompt measures the
 * signature against them.  Nothing is judged here.
 */
static int
issuer_of(void *ctx, const char *text, size_t len,
    const struct ct_jwks **keys, unsigned *algs)
{
	struct ct_attempt *a = ctx;
	struct ct_err ignored;
	const char *d;
	int r = -1;

	ct_err_clear(&ignored);
	if (!a->deferred || (d = memchr(text, '.', len)) == NULL ||
	    memchr(d + 1, '.', len - (size_t)(d + 1 - text)) == NULL ||
	    ct_attempt_choose(a, text, len, &ignored) != CT_OK ||
	    a->keys == NULL)
		goto out;
	*keys = a->keys;
	*algs = a->cfg->algorithms;
	r = 0;
out:
	return r;
}

/*
 * Issue 25: an empty answer where the service offers sign-in on another
 * device (devflow.h): the token the issuer gives then is checked exactly
 * as a typed one; it is not stored as PAM_AUTHTOK.
 */
static int
device_check(pam_handle_t *pamh, struct ct_attempt *a, const char *user,
    struct ct_err *e)
{
	char *tok = NULL;
	int r;

	if ((r = ct_device_token(pamh, a->cfg, user, &tok, e)) == CT_OK)
		r = check_token(pamh, a, user, tok, e);
	if (tok != NULL) {
		explicit_bzero(tok, strlen(tok));
		free(tok);
	}
	return r;
}

/* Prompts (in parts if need be), stores PAM_AUTHTOK, checks the token. */
static int
prompt_and_check(pam_handle_t *pamh, struct ct_attempt *a, const char *user,
    struct ct_err *e)
{
	struct ct_prompts p = { a->cfg->prompt, a->cfg->prompt_more,
	    a->cfg->algorithms, issuer_of, a, 0 };
	char *tok = NULL, first[CT_DEVICE_PROMPT_MAX];
	int parts = 0, r = CT_EAUTH, dev = ct_device_offered(pamh, a->cfg);

	if (dev) {
		ct_device_prompt(a->cfg->prompt, first, sizeof(first));
		p.first = first;
		p.device = 1;
	}
	if ((r = ct_prompt_token(pamh, &p, a->keys, &tok, &parts,
	    e)) != CT_OK)
		goto out;
	if (dev && tok[0] == '\0') {
		r = device_check(pamh, a, user, e);
		goto out;
	}
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

/*
 * try_first_pass: the earlier module's answer was refused, the prompt
 * follows.  Issue 21: a password (not shaped like a token) quietly.
 */
static void
log_asking(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, const struct ct_err *e)
{
	int quiet = strcmp(e->msg, CT_NOT_A_TOKEN) == 0;
	char u[64];

	if (quiet && !cfg->debug)
		return;
	ct_sanitize(u, sizeof(u), user, strlen(user));
	pam_syslog(pamh, quiet ? LOG_DEBUG : LOG_NOTICE, "refused the "
	    "earlier module's token for user \"%s\": %s; asking", u, e->msg);
}

int
ct_authenticate(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, struct ct_err *e)
{
	struct ct_attempt a;
	const void *item = NULL;
	int r = CT_EAUTH;

	/* The module's normal path: no report, the clock read at each step. */
	if ((r = ct_attempt_begin(&a, cfg, NULL, 0, e)) != CT_OK)
		goto out;
	/* Issue 24: the replay store keys per_service uses on it. */
	if (pam_get_item(pamh, PAM_SERVICE, &item) == PAM_SUCCESS)
		a.service = item;
	item = NULL;
	if (a.fetched && cfg->debug)
		pam_syslog(pamh, LOG_DEBUG, "key set refreshed");
	if (cfg->use_first_pass || cfg->try_first_pass) {
		if (pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS)
			item = NULL;
		if (item != NULL) {
			r = check_token(pamh, &a, user, item, e);
			if (r != CT_EAUTH || cfg->use_first_pass)
				goto out;
			log_asking(pamh, cfg, user, e);
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
	ct_attempt_end(&a);
	return r;
}

int
ct_forget_token(pam_handle_t *pamh, struct ct_err *e)
{
	const void *item = NULL;
	const char *tok;
	int r = CT_ESYS;

	if (pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS ||
	    item == NULL) {
		r = CT_OK;
		goto out;
	}
	tok = item;
	/* Bounded read: our prompt stores at most CT_TOKEN_MAX bytes. */
	if (!ct_jws_shaped(tok, strnlen(tok, 8 * CT_TOKEN_MAX))) {
		r = CT_OK;
		goto out;
	}
	if (pam_set_item(pamh, PAM_AUTHTOK, NULL) != PAM_SUCCESS) {
		r = ct_fail(e, CT_ESYS, "cannot clear a refused token from "
		    "PAM_AUTHTOK");
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

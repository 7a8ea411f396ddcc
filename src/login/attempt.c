/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * attempt.c - one authentication's steps that do not talk to PAM
 * (DESIGN.md invariants 1-6, in this order: keys, token, signature and
 * claims, account), for the module and for pam-cotter check alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attempt.h"
#include "peek.h"
#include "replay.h"
#include "resolve.h"
#include "spawn.h"
#include "token.h"

#define CT_SHOWN_ISS 160	/* an escaped iss in a refusal */

static time_t
now_of(const struct ct_attempt *a)
{
	return a->now != 0 ? a->now : time(NULL);
}

/* A dry run says whether the module would run the fetcher now. */
static void
report_due(const struct ct_attempt *a)
{
	const struct ct_refresh_policy *p = &a->pol;
	struct stat st;
	long long age;

	if (a->run == NULL || *p->url == '\0')
		return;
	if (lstat(p->cache, &st) == -1) {
		ct_run_step(a->run, "keys", CT_STEP_WOULD, "no cache: the "
		    "module would run %s first (root services only)",
		    p->fetcher);
		return;
	}
	age = (long long)now_of(a) - (long long)st.st_mtime;
	if (age >= p->refresh_interval)
		ct_run_step(a->run, "keys", CT_STEP_WOULD, "cache %llds old "
		    ">= refresh_interval: the module would run %s first (root "
		    "services only; at most once per refresh_min_interval)",
		    age, p->fetcher);
}

int
ct_attempt_policy(const struct ct_config *cfg, struct ct_refresh_policy *p,
    char *fetcher, size_t size, struct ct_err *e)
{
	int n;

	memset(p, 0, sizeof(*p));
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
	/*
	 * D1: only a root service refreshes.  Under su, sudo or a screen
	 * locker (real uid not 0) the caller could stop or limit us while we
	 * hold the host-wide lock: the cache is used as it is.
	 */
	p->may_fetch = ct_spawn_allowed();
	return CT_OK;
}

/* Loads the key set of the issuer a->cfg views. */
static int
load_keys(struct ct_attempt *a, struct ct_err *e)
{
	struct ct_refresh_policy *p = &a->pol;
	int r;

	if ((r = ct_attempt_policy(a->cfg, p, a->fetcher, sizeof(a->fetcher),
	    e)) != CT_OK)
		return r;
	p->may_fetch = p->may_fetch && ct_run_may_act(a->run);
	report_due(a);
	ct_jwks_free(a->keys);
	a->keys = NULL;
	ct_err_clear(&a->keys_err);
	a->keys_r = ct_keys_get(p, now_of(a), &a->keys, &a->fetched,
	    &a->keys_err);
	if (a->keys_r == CT_OK)
		ct_run_step(a->run, "keys", CT_STEP_PASS, "%zu key(s) from %s",
		    a->keys->nkeys, p->cache);
	return CT_OK;
}

int
ct_attempt_begin(struct ct_attempt *a, const struct ct_config *cfg,
    const struct ct_run *run, time_t now, struct ct_err *e)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);

	memset(a, 0, sizeof(*a));
	a->base = cfg;
	a->cfg = &a->view;
	a->run = run;
	a->now = now;
	ct_err_clear(&a->keys_err);
	ct_err_clear(&a->note);
	ct_err_clear(&a->replay_note);
	ct_config_view(cfg, 0, &a->view);
	if (n == 1)
		return load_keys(a, e);
	/* Before the token: the prompt knows every issuer's algorithms. */
	a->deferred = 1;
	for (i = 1; i < n; i++) {
		ct_config_view(cfg, i, &v);
		a->view.algorithms |= v.algorithms;
	}
	a->keys_r = CT_ENOKEYS;
	return ct_attempt_policy(a->cfg, &a->pol, a->fetcher,
	    sizeof(a->fetcher), e);
}

/*
 * Several issuers: the token's unverified iss chooses the section whose
 * keys and rules alone judge it (never another issuer's keys).
 */
int
ct_attempt_choose(struct ct_attempt *a, const char *token, size_t len,
    struct ct_err *e)
{
	char *iss = NULL, shown[CT_SHOWN_ISS];
	int i, r = CT_OK;

	if (!a->deferred)
		goto out;
	if ((r = ct_peek_iss(token, len, &iss, e)) != CT_OK) {
		ct_run_step(a->run, "issuer", CT_STEP_FAIL, "%s", e->msg);
		goto out;
	}
	r = CT_EAUTH;
	if ((i = ct_config_issuer_find(a->base, iss)) < 0) {
		ct_sanitize(shown, sizeof(shown), iss, strlen(iss));
		r = ct_fail(e, CT_EAUTH, "iss: \"%s\" names no issuer section "
		    "of the configuration", shown);
		ct_run_step(a->run, "issuer", CT_STEP_FAIL, "%s", e->msg);
		goto out;
	}
	r = CT_OK;
	if (a->chosen == i + 1)		/* this issuer's keys are loaded */
		goto out;
	ct_config_view(a->base, (size_t)i, &a->view);
	ct_run_step(a->run, "issuer", CT_STEP_PASS, "issuer section \"%s\"",
	    a->view.section);
	if ((r = load_keys(a, e)) != CT_OK)
		goto out;
	a->chosen = i + 1;
out:
	free(iss);
	return r;
}

/*
 * Verifies the token against the key set; a kid the set lacks may bring
 * one refresh (rate-limited host-wide), then the token is judged again.
 */
static int
verify(struct ct_attempt *a, const char *token, size_t len,
    struct ct_identity **id, struct ct_err *e)
{
	struct ct_err why;
	size_t n;
	int r;

	r = ct_token_verify_run(token, len, a->keys, a->cfg, now_of(a),
	    a->run, id, e);
	if (r != CT_ENOKID)
		goto out;
	ct_err_clear(&why);
	if (!ct_run_may_act(a->run)) {
		ct_run_step(a->run, "key", CT_STEP_WOULD, "%s the module "
		    "would fetch the key set once more (root services, at "
		    "most once per refresh_min_interval) and judge again",
		    *a->pol.url == '\0' ? "static key set: no refresh;" :
		    "unknown kid:");
		r = CT_EAUTH;	/* e keeps "unknown kid" */
		goto out;
	}
	if (ct_keys_refresh_for_kid(&a->pol, now_of(a), &a->keys,
	    &why) != CT_OK) {
		a->note = why;
		/* Issue 21.3: the refusal's line says why none was fetched. */
		n = strlen(e->msg);
		(void)snprintf(e->msg + n, sizeof(e->msg) - n, "; %s",
		    why.msg);
		r = CT_EAUTH;	/* e keeps "unknown kid" */
		goto out;
	}
	ct_err_clear(e);
	if ((r = ct_token_verify_run(token, len, a->keys, a->cfg, now_of(a),
	    a->run, id, e)) == CT_ENOKID)
		r = CT_EAUTH;
out:
	return r;
}

int
ct_attempt_token(struct ct_attempt *a, const char *pam_user,
    const char *token, size_t len, char **account, struct ct_identity **id,
    struct ct_err *e)
{
	char shown[72];
	int r = CT_EAUTH;

	*account = NULL;
	*id = NULL;
	if (a->deferred && (r = ct_attempt_choose(a, token, len, e)) != CT_OK)
		goto out;
	if (a->keys == NULL) {
		r = ct_fail(e, a->keys_r, "%s", a->keys_err.msg);
		ct_run_step(a->run, "keys", CT_STEP_FAIL, "%s", e->msg);
		goto out;
	}
	if ((r = verify(a, token, len, id, e)) != CT_OK)
		goto out;
	/* Issue 24: recorded before the account is looked at. */
	if ((r = ct_replay_use(a->cfg, *id, a->service, now_of(a), a->run,
	    &a->replay_note, e)) != CT_OK)
		goto out;
	r = ct_resolve_run(a->cfg, *id, pam_user, a->run, account, e);
	if (r == CT_OK) {
		if (ct_run_reports(a->run)) {
			ct_sanitize(shown, sizeof(shown), *account,
			    strlen(*account));
			ct_run_step(a->run, "account", CT_STEP_PASS, "local "
			    "account \"%s\"", shown);
		}
	} else
		ct_run_step(a->run, "account", CT_STEP_FAIL, "%s", e->msg);
out:
	if (r != CT_OK) {
		ct_identity_free(*id);
		*id = NULL;
	}
	return r;
}

void
ct_attempt_end(struct ct_attempt *a)
{
	ct_jwks_free(a->keys);
	a->keys = NULL;
}

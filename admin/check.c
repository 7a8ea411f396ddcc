/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check.c - pam-cotter check: the module's own steps (attempt.c) run as a
 * dry run, each check reported, then the PAM result pam_authenticate
 * would return.  A dry run writes nothing and starts nothing: a refresh
 * or an account creation the module would make is reported as such.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "attempt.h"
#include "check_account.h"
#include "check_replay.h"
#include "idlookup.h"
#include "pamcode.h"
#include "replaycfg.h"
#include "peek.h"
#include "resolve.h"
#include "show.h"
#include "token.h"
#include "token_in.h"

static const char *const kinds[] = {
	[CT_STEP_PASS] = "pass", [CT_STEP_FAIL] = "FAIL",
	[CT_STEP_INFO] = "info", [CT_STEP_WOULD] = "would",
};

/* The report sink: one line, or one element of "steps". */
static void
sink(void *arg, const char *name, enum ct_step kind, const char *detail)
{
	struct ad_out *out = arg;

	ad_say(out, "  %-5s %-12s %s", kinds[kind], name, detail);
	ad_append(out, "steps", json_pack("{s:s,s:s,s:s}", "check", name,
	    "result", kind == CT_STEP_FAIL ? "fail" : kinds[kind], "detail",
	    detail));
}

/* The service's module arguments, applied over the config. */
static int
config_for(const struct ad_opts *o, struct ct_config **cfg,
    struct ct_err *e, struct ad_out *out)
{
	char *args[AD_ARGS_MAX], msg[256], svc[72];
	int n = 0, found = 0, r = CT_ECONFIG;

	if (o->service != NULL) {
		ad_clean(svc, sizeof(svc), o->service);
		if (ad_pamd_args(AD_PAMD_DIR, o->service, args, &n, &found,
		    msg, sizeof(msg)) != 0)
			return ct_fail(e, CT_ECONFIG, "%s", msg);
		if (!found) {
			ad_pamd_free(args, n);
			return ct_fail(e, CT_ECONFIG, "%s/%s runs no "
			    "pam_cotter.so auth line", AD_PAMD_DIR, svc);
		}
		ct_run_step(&(struct ct_run){ 1, sink, out }, "service",
		    CT_STEP_INFO, "%s/%s: %d module argument(s) applied",
		    AD_PAMD_DIR, svc, n);
	}
	r = ad_load_config(o, (const char *const *)args, n, cfg, e);
	ad_pamd_free(args, n);
	return r;
}

/*
 * Without --user (issue 21.7): the account the token leads to, as the
 * module would find it, and whether it exists or would be created.
 */
static char *
guess_user(struct ad_out *out, const struct ct_config *cfg, const char *tok,
    size_t len, struct ct_attempt *a)
{
	struct ct_identity *id = NULL;
	struct ad_account acc;
	struct ct_err e;
	struct ct_id pw;
	char *name = NULL, shown[72];
	int r;

	ct_err_clear(&e);
	if (ct_token_verify(tok, len, a->keys, cfg, a->now, &id, &e) !=
	    CT_OK || !ad_find_account(cfg, id, &acc))
		goto out;
	ad_clean(shown, sizeof(shown), acc.name);
	r = ct_id_pwnam(acc.name, &pw);
	ad_say(out, "no --user given: the token leads to account \"%s\" "
	    "(%s); %s", shown, acc.source, r == CT_ID_FOUND ? "it exists" :
	    r == CT_ID_ERROR ? "the name service cannot tell whether it "
	    "exists" : cfg->create_users ? "it does not exist yet: the first "
	    "login creates it (create_users = yes)" : "it does not exist "
	    "and create_users is off: the login is refused");
	ad_put(out, "account", json_pack("{s:s,s:s,s:o}", "user", shown,
	    "source", acc.source, "exists", r == CT_ID_ERROR ? json_null() :
	    json_boolean(r == CT_ID_FOUND)));
	name = strdup(acc.name);
out:
	ct_identity_free(id);
	return name;
}

/* The last lines: the PAM result and why. */
static void
verdict(struct ad_out *out, int ct, const struct ct_err *e,
    const char *user, const char *account)
{
	const char *pam = ct_pam_code_name(ct_pam_code(ct));
	char u[72], acc[72];

	ad_clean(u, sizeof(u), user);
	ad_clean(acc, sizeof(acc), account);
	if (ct == CT_OK && user == NULL)
		ad_say(out, "verdict: the token is valid (give --user NAME "
		    "for what pam_authenticate returns)");
	else if (ct == CT_OK)
		ad_say(out, "verdict: %s (user \"%s\" logs in as \"%s\")", pam,
		    u, acc);
	else
		ad_say(out, "verdict: %s: %s", pam, e->msg);
	/* Without a user there is no pam_authenticate to speak for. */
	ad_put(out, "verdict", json_pack("{s:s?,s:s,s:s?,s:s?,s:s}", "pam",
	    user == NULL ? NULL : pam, "status", ct_status_name(ct), "user", user == NULL ? NULL :
	    u, "account", account == NULL ? NULL : acc, "reason",
	    ct == CT_OK ? "" : e->msg));
}

/* The identity claim of the issuer the token's iss names (issue 22). */
static const char *
shown_claim(const struct ct_config *cfg, const char *tok, size_t len)
{
	struct ct_config v;
	struct ct_err e;
	char *iss = NULL;
	int i = -1;

	ct_err_clear(&e);
	if (ct_config_issuers(cfg) > 1 && ct_peek_iss(tok, len, &iss,
	    &e) == CT_OK)
		i = ct_config_issuer_find(cfg, iss);
	free(iss);
	ct_config_view(cfg, i < 0 ? 0 : (size_t)i, &v);
	return v.identity_claim;
}

/* Issue 24.5: the token's uses here, for any valid token. */
static void
report_uses(struct ad_out *out, struct ct_attempt *a, const char *tok,
    size_t len)
{
	struct ct_identity *id = NULL;
	struct ct_config v = *a->cfg;
	struct ct_err e;

	ct_err_clear(&e);
	v.replay = CT_REPLAY_OFF;	/* a used token verifies here */
	if (a->keys != NULL && ct_token_verify(tok, len, a->keys, &v, a->now,
	    &id, &e) == CT_OK)
		ad_check_replay(out, a->cfg, id->jti);
	ct_identity_free(id);
}

/* Runs the module's steps as a dry run for user (may be NULL). */
static int
judge(const struct ad_opts *o, struct ct_config *cfg, const char *tok,
    size_t len, struct ad_out *out, struct ct_err *e)
{
	struct ct_run run = { 1, sink, out };
	struct ct_identity *id = NULL;
	struct ct_attempt a;
	char *account = NULL, *guess = NULL;
	const char *user = o->user;
	time_t now = o->now != 0 ? (time_t)o->now : time(NULL);
	int r;

	ad_show_token(out, tok, len, shown_claim(cfg, tok, len),
	    (long long)now);
	ad_say(out, "checks, in the module's order:");
	if (cfg->use_first_pass || cfg->try_first_pass)
		sink(out, "token", CT_STEP_INFO, cfg->use_first_pass ?
		    "use_first_pass: the module judges the token an earlier "
		    "module stored (PAM_AUTHTOK) and refuses without one" :
		    "try_first_pass: the module first judges the token an "
		    "earlier module stored, then asks");
	if ((r = ct_attempt_begin(&a, cfg, &run, now, e)) != CT_OK ||
	    (r = ct_attempt_choose(&a, tok, len, e)) != CT_OK)
		goto out;
	if (user == NULL && a.keys != NULL &&
	    (guess = guess_user(out, a.cfg, tok, len, &a)) != NULL)
		user = guess;
	if (user == NULL) {
		/* Token only: no account to judge. */
		if (a.keys == NULL) {
			r = ct_fail(e, a.keys_r, "%s", a.keys_err.msg);
			sink(out, "keys", CT_STEP_FAIL, e->msg);
		} else if ((r = ct_token_verify_run(tok, len, a.keys, a.cfg,
		    now, &run, &id, e)) == CT_ENOKID)
			r = CT_EAUTH;
		ad_say(out, "no --user given, and no map_file line, binding "
		    "or automatic mapping leads to an account: the account "
		    "was not checked (give --user NAME)");
		goto out;
	}
	a.service = o->service;
	r = ct_attempt_token(&a, user, tok, len, &account, &id, e);
out:
	if (a.keys != NULL)
		report_uses(out, &a, tok, len);
	verdict(out, r, e, user, account);
	free(account);
	free(guess);
	ct_identity_free(id);
	ct_attempt_end(&a);
	return r;
}

int
ad_check(const struct ad_opts *o)
{
	struct ct_config *cfg = NULL;
	struct ad_out out;
	struct ct_err e;
	char *tok = NULL, msg[256];
	size_t len = 0;
	int r;

	if (ad_read_token(o->token_file, &tok, &len, msg, sizeof(msg)) != 0) {
		(void)fprintf(stderr, "pam-cotter check: %s\n", msg);
		return AD_EXIT_USAGE;
	}
	ad_out_init(&out, o->json);
	ct_err_clear(&e);
	if ((r = config_for(o, &cfg, &e, &out)) != CT_OK) {
		sink(&out, "config", CT_STEP_FAIL, e.msg);
		verdict(&out, r, &e, o->user, NULL);
	} else
		r = judge(o, cfg, tok, len, &out, &e);
	ad_out_done(&out);
	ct_config_free(cfg);
	ad_token_free(tok);
	return r == CT_OK ? AD_EXIT_OK : AD_EXIT_NO;
}

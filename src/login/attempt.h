/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * attempt.h - the steps of one authentication that do not talk to PAM:
 * the key set, the token, the account it opens.  The module (auth.c) runs
 * them for real; pam-cotter check runs the very same steps as a dry run
 * (run.h) that reports each check and never writes or spawns.
 */
#ifndef CT_ATTEMPT_H
#define CT_ATTEMPT_H

#include <limits.h>
#include <stddef.h>
#include <time.h>

#include "claims.h"
#include "config.h"
#include "err.h"
#include "jwks.h"
#include "refresh.h"
#include "run.h"

#define CT_FETCHER "pam_cotter_fetch"	/* in helper_dir */

struct ct_attempt {
	const struct ct_config *cfg;	/* &view: the chosen issuer's */
	const struct ct_config *base;	/* every issuer (issue 22) */
	struct ct_config view;		/* ct_config_view of base */
	int deferred;			/* several issuers: keys by the iss */
	int chosen;			/* 1 + the issuer whose keys are held */
	const struct ct_run *run;	/* NULL: the module's normal path */
	time_t now;			/* 0: time(NULL) at each step */
	struct ct_refresh_policy pol;
	char fetcher[PATH_MAX];
	struct ct_jwks *keys;		/* NULL when no usable set */
	struct ct_err keys_err;		/* why not */
	int keys_r;
	int fetched;			/* ct_keys_get ran the fetcher */
	struct ct_err note;		/* why no refresh for a kid (debug) */
	const char *service;		/* issue 24: PAM_SERVICE, or NULL */
	struct ct_err replay_note;	/* issue 24: use not recorded (log) */
};

/*
 * The refresh policy cfg's key-refresh keys give (refresh.h), with the
 * fetcher's path written to fetcher (size bytes).  may_fetch is 1 for
 * root only.  CT_ECONFIG when helper_dir is too long.
 */
int ct_attempt_policy(const struct ct_config *cfg,
    struct ct_refresh_policy *p, char *fetcher, size_t size,
    struct ct_err *e);

/*
 * Starts an attempt: fills the refresh policy from cfg and loads the key
 * set (ct_keys_get: a fetch when the cache is due, never in a dry run,
 * never when not root).  A missing key set is not an error yet: the
 * module still asks for the token, and ct_attempt_token refuses it with
 * the key set's reason.  Returns CT_OK, or CT_ECONFIG (helper_dir).
 */
int ct_attempt_begin(struct ct_attempt *a, const struct ct_config *cfg,
    const struct ct_run *run, time_t now, struct ct_err *e);

/*
 * Several issuers (issue 22): the key set waits for the token, whose
 * unverified iss chooses the issuer section; a->cfg is then that
 * issuer's view and only its key set is read.
 *
 * Judges len bytes of token for pam_user: the key set, the token
 * (ct_token_verify_run, with one refresh for an unknown kid), its use
 * recorded in the replay store (replay.h, issue 24: before the account,
 * so a login refused later still used the token), then the account
 * (ct_resolve_run).  On CT_OK *account (malloc'd) is the local
 * account and *id the token's identity (ct_identity_free).
 */
int ct_attempt_token(struct ct_attempt *a, const char *pam_user,
    const char *token, size_t len, char **account, struct ct_identity **id,
    struct ct_err *e);

/*
 * Several issuers: chooses the section token's unverified iss names and
 * loads that issuer's keys (a->cfg becomes its view); CT_OK at once with
 * one issuer.  CT_EAUTH when the iss names no section (the reason shows
 * the iss, escaped).  ct_attempt_token calls it itself.
 */
int ct_attempt_choose(struct ct_attempt *a, const char *token, size_t len,
    struct ct_err *e);

/* Frees what the attempt holds. */
void ct_attempt_end(struct ct_attempt *a);

#endif

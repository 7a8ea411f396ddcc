/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * replay.c - a token opens one login (issue 24; replay.h).  Two names per
 * use, each a SHA-256 of the issuer, the jti and (per service) the
 * service, so no byte the token chose reaches a path:
 *   "any": the token was used here (its text says how: "once" or
 *          "per_service"), created by every use;
 *   "svc": the token was used for this service (per_service).
 * per_service creates "svc" exclusively, then "any" (already there from
 * another service is fine, unless that use was "once"); once creates
 * "any" exclusively.  link(2) is the only arbiter: no lock is held.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "replay.h"
#include "replaycfg.h"
#include "replaystore.h"

#define CT_SVC_SHOWN 48

/* hex SHA-256 of the NUL-separated parts (service NULL: the "any" key). */
static int
key_of(const char *iss, const char *jti, const char *service,
    char out[CT_REPLAY_KEYLEN + 1], struct ct_err *e)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *c = NULL;
	const char *kind = service == NULL ? "any" : "svc";
	unsigned int n = 0, i;
	int r = CT_ESYS;

	if ((c = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(c, "pam_cotter replay 1", 20) != 1 ||
	    EVP_DigestUpdate(c, kind, strlen(kind) + 1) != 1 ||
	    EVP_DigestUpdate(c, iss, strlen(iss) + 1) != 1 ||
	    EVP_DigestUpdate(c, jti, strlen(jti) + 1) != 1 ||
	    (service != NULL &&
	    EVP_DigestUpdate(c, service, strlen(service) + 1) != 1) ||
	    EVP_DigestFinal_ex(c, md, &n) != 1 || n * 2 != CT_REPLAY_KEYLEN) {
		r = ct_fail(e, CT_ESYS, "replay store: SHA-256 failed");
		goto out;
	}
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[CT_REPLAY_KEYLEN] = '\0';
	r = CT_OK;
out:
	EVP_MD_CTX_free(c);
	return r;
}

/* The refusal of a replay: the log line, and what the person must do. */
static int
refuse(const struct ct_replay_entry *ent, int corrupt, struct ct_err *e)
{
	char when[32] = "an earlier login";
	struct tm tm;
	time_t t = (time_t)ent->used;

	ct_say(e, "This token was already used to log in here. Get a new "
	    "token and try again.");
	if (corrupt)
		return ct_fail(e, CT_EAUTH, "jti: token already used on this "
		    "host (its replay entry is corrupt: refused)");
	if (ent->used > 0 && gmtime_r(&t, &tm) != NULL)
		(void)strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return ct_fail(e, CT_EAUTH, "jti: token already used on this host "
	    "(%s, %s)", ent->what[0] != '\0' ? ent->what : "unreadable entry",
	    when);
}

struct ct_rkeys {
	char any[CT_REPLAY_KEYLEN + 1];
	char svc[CT_REPLAY_KEYLEN + 1];
	int mode;
};

/* Root: records the use (replay.c's header comment). */
static int
record(int dfd, const struct ct_config *v, const struct ct_rkeys *k,
    struct ct_replay_entry *ent, time_t now, struct ct_err *e)
{
	long long cap = (v->replay_max_entries + CT_REPLAY_SHARDS - 1) /
	    CT_REPLAY_SHARDS;
	int exists = 0, corrupt = 0, r;

	if (k->mode == CT_REPLAY_PER_SERVICE) {
		if ((r = ct_rstore_add(dfd, k->svc, ent, cap, now, &exists,
		    &corrupt, e)) != CT_OK)
			return r;
		if (exists)
			return refuse(ent, corrupt, e);
	}
	if ((r = ct_rstore_add(dfd, k->any, ent, cap, now, &exists, &corrupt,
	    e)) != CT_OK)
		return r;
	/* per_service: another service's use is fine, a "once" use not. */
	if (exists && (k->mode == CT_REPLAY_ONCE || corrupt ||
	    strncmp(ent->what, "once", 4) == 0))
		return refuse(ent, corrupt, e);
	return CT_OK;
}

/* Not root, or a dry run: looks the use up and records nothing. */
static int
look(int dfd, const struct ct_rkeys *k, const struct ct_run *run,
    struct ct_err *e)
{
	struct ct_replay_entry ent;
	int exists = 0, corrupt = 0, r;

	if (k->mode == CT_REPLAY_PER_SERVICE) {
		if ((r = ct_rstore_find(dfd, k->svc, &exists, &ent, &corrupt,
		    e)) != CT_OK)
			return r;
		if (exists)
			return refuse(&ent, corrupt, e);
	}
	if ((r = ct_rstore_find(dfd, k->any, &exists, &ent, &corrupt,
	    e)) != CT_OK)
		return r;
	if (exists && (k->mode == CT_REPLAY_ONCE || corrupt ||
	    strncmp(ent.what, "once", 4) == 0 || ent.what[0] == '\0'))
		return refuse(&ent, corrupt, e);
	if (exists)
		ct_run_step(run, "replay", CT_STEP_PASS, "used here before, "
		    "for another service (%s): per_service allows this one",
		    ent.what);
	return CT_OK;
}

/* The keys and the entry of this use. */
static int
prepare(const struct ct_config *v, const struct ct_identity *id,
    const char *service, time_t now, struct ct_rkeys *k,
    struct ct_replay_entry *ent, struct ct_err *e)
{
	char shown[CT_SVC_SHOWN];
	int r;

	k->mode = ct_config_replay(v);
	if (id->jti == NULL)		/* claims.c refuses this first */
		return ct_fail(e, CT_EAUTH, "jti: missing");
	if ((r = key_of(v->issuer, id->jti, NULL, k->any, e)) != CT_OK ||
	    (r = key_of(v->issuer, id->jti, service, k->svc, e)) != CT_OK)
		return r;
	ct_sanitize(shown, sizeof(shown), service, strlen(service));
	memset(ent, 0, sizeof(*ent));
	ent->until = id->exp + v->leeway;
	ent->used = (long long)now;
	(void)snprintf(ent->what, sizeof(ent->what), "%s %s",
	    ct_replay_name(k->mode), shown);
	return CT_OK;
}

int
ct_replay_use(const struct ct_config *view, const struct ct_identity *id,
    const char *service, time_t now, const struct ct_run *run,
    struct ct_err *note, struct ct_err *e)
{
	struct ct_replay_entry ent;
	struct ct_rkeys k;
	int dfd = -1, missing = 0, root = geteuid() == 0 &&
	    ct_run_may_act(run), r = CT_ESYS;

	if (ct_config_replay(view) == CT_REPLAY_OFF) {
		r = CT_OK;
		goto out;
	}
	if (service == NULL)
		service = "";
	if ((r = prepare(view, id, service, now, &k, &ent, e)) != CT_OK ||
	    (r = ct_rstore_open(view->state_dir, root, &dfd, &missing,
	    e)) != CT_OK)
		goto out;
	if (missing)			/* not root: nothing recorded yet */
		r = CT_OK;
	else if (root)
		r = record(dfd, view, &k, &ent, now, e);
	else
		r = look(dfd, &k, run, e);
	if (r == CT_OK && !root && ct_run_may_act(run))
		(void)ct_fail(note, CT_OK, "replay: could not record this use "
		    "(not root: the store is root's); the token was not "
		    "recorded as used before");
	if (r == CT_OK)
		ct_run_step(run, "replay", root ? CT_STEP_PASS : CT_STEP_WOULD,
		    "%s: %s", ct_replay_name(k.mode), root ? "first use, "
		    "recorded" : "not used here yet (the module would record "
		    "this use)");
out:
	if (r != CT_OK && r != CT_EAUTH)
		ct_say(e, "This host cannot check whether the token was used "
		    "before; ask the administrator.");
	if (dfd != -1)
		(void)close(dfd);
	if (r != CT_OK)
		ct_run_step(run, "replay", CT_STEP_FAIL, "%s", e->msg);
	return r;
}

int
ct_replay_lookup(const struct ct_config *view, const char *jti,
    const char *service, int *exists, struct ct_replay_entry *ent,
    int *corrupt, struct ct_err *e)
{
	char key[CT_REPLAY_KEYLEN + 1];
	int dfd = -1, missing = 0, r;

	*exists = *corrupt = 0;
	memset(ent, 0, sizeof(*ent));
	if ((r = key_of(view->issuer, jti, service, key, e)) != CT_OK ||
	    (r = ct_rstore_open(view->state_dir, 0, &dfd, &missing,
	    e)) != CT_OK || missing)
		goto out;
	r = ct_rstore_find(dfd, key, exists, ent, corrupt, e);
out:
	if (dfd != -1)
		(void)close(dfd);
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * adopt.c - the takeover of an account bound under a dead issuer
 * (adopt.h).  The checks here say why at once; the account helper checks
 * again under the store's lock and makes the change.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "adopt.h"
#include "automap.h"
#include "groups.h"
#include "resolve.h"
#include "run.h"
#include "spawn.h"
#include "uacall.h"

/* The issuer (iss) of the issuer section named name, or NULL. */
static const char *
issuer_named(const struct ct_config *cfg, const char *name)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++)
		if (strcmp(ct_config_issuer_name(cfg, i), name) == 0) {
			ct_config_view(cfg, i, &v);
			return v.issuer;
		}
	return NULL;
}

int
ct_adopt_applies(const struct ct_config *cfg, const struct ct_identity *id,
    const struct ct_binding *b)
{
	const char *from;

	if (cfg->adopt_from == NULL || cfg->adopt_from[0] == '\0' ||
	    b->pending || strcmp(b->iss, id->iss) == 0)
		return 0;
	from = issuer_named(cfg, cfg->adopt_from);
	return from != NULL && strcmp(from, b->iss) == 0;
}

/* The refusals that need no helper. */
static int
may_adopt(const struct ct_identity *id, const struct ct_binding *b,
    const char *shown, struct ct_err *e)
{
	if (id->identity == NULL || !ct_ascii_caseeq(b->identity,
	    id->identity))
		return ct_fail(e, CT_EAUTH, "\"%s\" is bound to another "
		    "identity under the issuer adopt_from names: not adopted",
		    shown);
	if (id->groups != NULL && id->groups->email_verified == 0) {
		ct_say(e, "Your identity provider says your email address is "
		    "not verified: verify it there, then log in again.");
		return ct_fail(e, CT_EAUTH, "\"%s\": the token's email_verified "
		    "is not true: not adopted", shown);
	}
	if (!ct_spawn_allowed())
		return ct_fail(e, CT_EAUTH, "adopting account \"%s\" needs a "
		    "root service such as sshd or login; real uid is %lu",
		    shown, (unsigned long)getuid());
	return CT_OK;
}

/* pam_cotter_useradd adopt; its exit status as a CT_* code. */
static int
spawn_adopt(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const char *from, struct ct_err *e)
{
	struct ct_uacall c;
	int status = -1, r;

	if ((r = ct_uacall_begin(&c, cfg, "adopt", e)) != CT_OK)
		return r;
	ct_uacall_add(&c, "--from-iss");
	ct_uacall_add(&c, from);
	ct_uacall_tail(&c, target, id->iss, id->sub, id->identity);
	if ((r = ct_uacall_run(&c, "adopt", &status, e)) != CT_OK)
		return r;
	if (status == CT_UA_REFUSED)
		return ct_fail(e, CT_EAUTH, "account helper refused to adopt "
		    "\"%s\" (see its log line)", target);
	if (status != CT_UA_OK)
		return ct_fail(e, CT_ESYS, "account helper (adopt \"%s\") "
		    "exited with status %d", target, status);
	return CT_OK;
}

int
ct_adopt_run(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const struct ct_binding *b, const char *shown,
    const struct ct_run *run, struct ct_err *e)
{
	struct ct_binding nb;
	const char *from = issuer_named(cfg, cfg->adopt_from);
	int found = 0, r;

	if ((r = may_adopt(id, b, shown, e)) != CT_OK)
		return r;
	if (!ct_run_may_act(run)) {
		ct_run_step(run, "binding", CT_STEP_WOULD, "\"%s\" is bound "
		    "under issuer \"%s\" to this identity: a login through a "
		    "root service adopts it (adopt_from), once", shown,
		    cfg->adopt_from);
		return CT_OK;
	}
	if ((r = spawn_adopt(cfg, id, target, from, e)) != CT_OK)
		return r;
	if ((r = ct_binding_read(cfg->state_dir, target, &nb, &found,
	    e)) != CT_OK)
		return r;
	if (!found || !ct_binding_matches(&nb, id->iss, id->sub))
		return ct_fail(e, CT_EAUTH, "account \"%s\": not bound to this "
		    "person after the helper ran", shown);
	return CT_OK;
}

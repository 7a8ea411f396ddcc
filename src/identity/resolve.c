/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * resolve.c - which local account a verified token opens (DESIGN.md
 * invariant 6: an existing account is reachable only by the identity bound
 * to it, recorded when the module created it, or listed by the
 * administrator in map_file; uid below uid_min never).
 *
 * The helper is run per DESIGN.md invariant 8 (ct_spawn: absolute path,
 * empty environment, "--" before user-derived arguments, bounded time).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "adopt.h"
#include "automap.h"
#include "binding.h"
#include "groupsync.h"
#include "lockfile.h"
#include "nssgate.h"
#include "nssheld.h"
#include "resolve.h"
#include "uacall.h"
#include "run.h"
#include "spawn.h"
#include "uidalloc.h"
#include "usermap.h"

#define CT_EXE_MAX	4096

#define CT_SHOWN_MAX	65

/* Never reachable by name, whatever uid_min and map_file say. */
static const char *const unreachable[] = {
	"root", "toor", "nobody", "nfsnobody"
};

static int
never_reachable(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(unreachable) / sizeof(unreachable[0]); i++)
		if (strcmp(name, unreachable[i]) == 0)
			return 1;
	return 0;
}

/*
 * The account asked for: pam_user, or, when pam_user is an email typed at
 * a login prompt and login_by_identity is on, the automatic mapping of the
 * token's identity, which must be that same email.
 */
static int
target_name(const struct ct_config *cfg, const struct ct_identity *id,
    const char *pam_user, char **target, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	int r = CT_EAUTH;

	/*
	 * D3: an identity typed as the login name skips every auth-phase
	 * rule that names local users (pam_listfile, pam_faillock preauth)
	 * before us; only when the administrator opts in is it mapped.
	 */
	if (!cfg->login_by_identity && (strchr(pam_user, '@') != NULL ||
	    pam_user[0] == '+')) {
		ct_sanitize(shown, sizeof(shown), pam_user, strlen(pam_user));
		r = ct_fail(e, CT_ENOUSER, "login name \"%s\" is an email or "
		    "phone identity, and login_by_identity is off", shown);
		goto out;
	}
	if (strchr(pam_user, '@') == NULL) {
		if ((*target = strdup(pam_user)) == NULL)
			r = ct_fail(e, CT_ENOMEM, "resolve: out of memory");
		else
			r = CT_OK;
		goto out;
	}
	if (!ct_ascii_caseeq(pam_user, id->identity)) {
		r = ct_fail(e, CT_EAUTH, "the email given as user name is not "
		    "the token's identity");
		goto out;
	}
	r = ct_automap(cfg->allowed_domains, id->identity, target, e);
out:
	return r;
}

/* The helper's exit status as a CT_* code (resolve.h, CT_UA_*). */
static int
helper_status(int status, const char *op, const char *target,
    struct ct_err *e)
{
	if (status == CT_UA_OK)
		return CT_OK;
	if (status == CT_UA_REFUSED)
		return ct_fail(e, CT_EAUTH, "account helper refused to %s "
		    "\"%s\" (see its log line)", op, target);
	if (status == CT_UA_NAMESVC)
		return ct_fail(e, CT_ENAMESVC, "account helper (%s \"%s\"): "
		    "the name service is unavailable; nothing created", op,
		    target);
	/* Issue 19 point 4: a left-over /home/NAME is never adopted. */
	if (status == CT_UA_HOMEEXISTS) {
		ct_say(e, "Your account cannot be created: a home directory "
		    "of that name is left over on this host. Ask its "
		    "administrator to move it away, then log in again.");
		return ct_fail(e, CT_EAUTH, "account helper refused to %s "
		    "\"%s\": its home directory exists already and is never "
		    "adopted (an administrator must move it away)", op, target);
	}
	return ct_fail(e, CT_ESYS, "account helper (%s \"%s\") exited with "
	    "status %d", op, target, status);
}

/* Issue 19: the home's mode, and the privileged groups allowed. */
static void
create_opts(const struct ct_config *cfg, struct ct_uacall *c, char *hmode,
    size_t size)
{
	(void)snprintf(hmode, size, "%04o", (unsigned)cfg->home_mode);
	ct_uacall_add(c, "--home-mode");
	ct_uacall_add(c, hmode);
	if (cfg->allow_priv_groups[0] != '\0') {
		ct_uacall_add(c, "--allow-privileged-groups");
		ct_uacall_add(c, cfg->allow_priv_groups);
	}
}

/*
 * Runs the account helper: "create" or "claim" for target with the
 * token's iss, sub and identity, and for "create" exactly newuid (0:
 * none).  Exit 0 is CT_OK, 1 (refused) CT_EAUTH, 6 (a lookup could not
 * be answered) CT_ENAMESVC, anything else CT_ESYS.
 */
static int
run_helper(const struct ct_config *cfg, const char *op, const char *target,
    const struct ct_identity *id, uid_t newuid, const struct ct_run *run,
    struct ct_err *e)
{
	struct ct_uacall c;
	char nuid[24], hmode[8];
	int status = -1, r = CT_ESYS;

	if ((r = ct_uacall_begin(&c, cfg, op, e)) != CT_OK)
		return r;
	ct_uacall_add(&c, "--shell");
	ct_uacall_add(&c, cfg->user_shell);
	ct_uacall_add(&c, "--primary-group");
	ct_uacall_add(&c, cfg->primary_group);
	if (strcmp(op, "create") == 0)
		create_opts(cfg, &c, hmode, sizeof(hmode));
	if (cfg->user_groups[0] != '\0') {
		ct_uacall_add(&c, "--groups");
		ct_uacall_add(&c, cfg->user_groups);
	}
	if (newuid != 0) {
		(void)snprintf(nuid, sizeof(nuid), "%lu",
		    (unsigned long)newuid);
		ct_uacall_add(&c, "--uid");
		ct_uacall_add(&c, nuid);
	}
	/* DESIGN.md invariant 8: "--" before user-derived arguments. */
	ct_uacall_tail(&c, target, id->iss, id->sub, id->identity);
	if (!ct_run_may_act(run)) {
		/* A dry run starts nothing: it says what would run. */
		ct_run_step(run, "account", CT_STEP_WOULD, "would run: %s %s "
		    "--state-dir %s --uid-min %s%s%s -- %s (iss, sub and "
		    "identity of this token)", c.path, op, cfg->state_dir,
		    c.uid, newuid != 0 ? " --uid " : "", newuid != 0 ? nuid :
		    "", target);
		return CT_OK;
	}
	if ((r = ct_uacall_run(&c, op, &status, e)) != CT_OK)
		return r;
	return helper_status(status, op, target, e);
}

/*
 * After the helper: the binding must now exist, be bound to this token's
 * (iss, sub), the account must pass ct_account_check and, when the helper
 * created it with uid (not 0), have exactly that uid.
 */
static int
verify_bound(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, uid_t uid, const char *shown,
    const struct ct_run *run, struct ct_err *e)
{
	struct ct_binding b;
	uid_t u = 0;
	gid_t g = 0;
	int found = 0, r;

	if (!ct_run_may_act(run))
		return CT_OK;	/* nothing ran: nothing to read back */
	if ((r = ct_binding_read(cfg->state_dir, target, &b, &found,
	    e)) != CT_OK)
		return r;
	if (!found || !ct_binding_matches(&b, id->iss, id->sub))
		return ct_fail(e, CT_EAUTH, "account \"%s\": no binding to "
		    "this person (issuer and sub) after the helper ran", shown);
	if ((r = ct_account_check(target, cfg->uid_min, e)) != CT_OK ||
	    uid == 0)
		return r;
	if ((r = ct_account_uid(target, &u, &g, e)) != CT_OK)
		return r;
	if (u != uid)
		return ct_fail(e, CT_ESYS, "account \"%s\" has uid %lu, not "
		    "the %lu it was created with", shown, (unsigned long)u,
		    (unsigned long)uid);
	return CT_OK;
}

/*
 * The uid (and the gid it implies) of the account about to be created
 * (lead's decisions D2, D6).  Inside sshd with ssh_create_users, the uid
 * is the one libnss_cotter answered sshd before authentication, read back
 * from the same process (the NSS module keeps its answer): sshd opens the
 * session with that record, so creating any other uid would hand the
 * session someone else's.  If the NSS module no longer answers (its uid
 * was taken), nothing is created.  Everywhere else: ct_uid_alloc over
 * uid_range.
 */
static int
new_uid(const struct ct_config *cfg, const char *target, const char *shown,
    uid_t *uid, struct ct_err *e)
{
	char exe[CT_EXE_MAX];
	uid_t u = 0, hu = 0;
	gid_t g = 0, want = 0, hg = 0;
	int pending = 0, held = 0, r;

	if ((r = ct_account_pending(target, &u, &g, &pending, e)) != CT_OK ||
	    (r = ct_nss_held(target, &hu, &hg, &held, e)) != CT_OK)
		return r;
	if (!pending) {
		if (held || (ct_self_exe(exe, sizeof(exe)) == 0 &&
		    ct_nss_in_sshd(cfg, exe, getuid(), geteuid())))
			return ct_fail(e, CT_EAUTH, "account \"%s\": the NSS "
			    "module no longer answers for it (its uid was "
			    "taken since sshd looked it up); nothing created; "
			    "%s", shown, CT_HELD_RECONNECT);
		return ct_uid_alloc(target, cfg->uid_lo, cfg->uid_hi,
		    cfg->state_dir, uid, e);
	}
	if ((r = ct_primary_gid(cfg, u, &want, e)) != CT_OK)
		return r;
	if (u < cfg->uid_lo || u > cfg->uid_hi || u < cfg->uid_min ||
	    g != want || (held && (u != hu || g != hg)))
		return ct_fail(e, CT_EAUTH, "account \"%s\": the NSS answer "
		    "(uid %lu gid %lu) does not fit uid_range and "
		    "primary_group; nothing created", shown, (unsigned long)u,
		    (unsigned long)g);
	*uid = u;
	return CT_OK;
}

/*
 * D1: the account helper runs only for a root service.  Under su, sudo or
 * a screen locker, say so at once instead of letting the helper refuse.
 */
static int
need_root_service(const char *what, const char *shown, struct ct_err *e)
{
	int r = CT_OK;

	if (!ct_spawn_allowed())
		r = ct_fail(e, CT_EAUTH, "%s \"%s\" needs a root service such "
		    "as sshd, login or a display manager; real uid is %lu",
		    what, shown, (unsigned long)getuid());
	return r;
}

/* Creates the missing account target for this token, if allowed. */
static int
create(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const char *shown, const struct ct_run *run,
    struct ct_err *e)
{
	uid_t uid = 0;
	int r;

	if (!cfg->create_users)
		return ct_fail(e, CT_ENOUSER, "account \"%s\" does not exist "
		    "and create_users is off", shown);
	if (id->identity == NULL)
		return ct_fail(e, CT_ENOUSER, "account \"%s\": a token "
		    "without identity creates no account", shown);
	if ((r = need_root_service("creating account", shown, e)) != CT_OK)
		return r;
	if ((r = new_uid(cfg, target, shown, &uid, e)) != CT_OK)
		return r;
	ct_run_step(run, "account", CT_STEP_INFO, "\"%s\" does not exist: "
	    "create_users is on, it is created now with uid %lu (by root "
	    "services only: sshd, login, a display manager)", shown,
	    (unsigned long)uid);
	if ((r = run_helper(cfg, "create", target, id, uid, run, e)) != CT_OK)
		return r;
	return verify_bound(cfg, id, target, uid, shown, run, e);
}

/* Step 4 of ct_resolve: the target has a binding b. */
static int
with_binding(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const struct ct_binding *b, const char *shown,
    const struct ct_run *run, struct ct_err *e)
{
	int r;

	if (b->pending) {
		/* Pre-created: this iss and identity claim it, once. */
		if (strcmp(b->iss, id->iss) != 0 || id->identity == NULL ||
		    !ct_ascii_caseeq(b->identity, id->identity))
			return ct_fail(e, CT_EAUTH, "\"%s\" is reserved for "
			    "another identity", shown);
		if ((r = need_root_service("the first login to pre-created "
		    "account", shown, e)) != CT_OK)
			return r;
		ct_run_step(run, "binding", CT_STEP_INFO, "\"%s\" was "
		    "pre-created for this identity: its sub is recorded now "
		    "(by root services only)", shown);
		if ((r = run_helper(cfg, "claim", target, id, 0, run,
		    e)) != CT_OK)
			return r;
		return verify_bound(cfg, id, target, 0, shown, run, e);
	}
	/* Issue 23: a token of the issuer that replaces a dead one. */
	if (!ct_binding_matches(b, id->iss, id->sub) &&
	    ct_adopt_applies(cfg, id, b)) {
		if ((r = ct_adopt_run(cfg, id, target, b, shown, run, e)) !=
		    CT_OK)
			return r;
		return ct_account_check(target, cfg->uid_min, e);
	}
	if (!ct_binding_matches(b, id->iss, id->sub))
		return ct_fail(e, CT_EAUTH, "\"%s\" is bound to another "
		    "person (issuer and sub)", shown);
	ct_run_step(run, "binding", CT_STEP_PASS, "\"%s\" is bound to this "
	    "person, issuer and sub (binding file)", shown);
	r = ct_account_check(target, cfg->uid_min, e);
	if (r == CT_ENOUSER && cfg->create_users) {
		/* The account was deleted but its binding kept: recreate. */
		ct_err_clear(e);
		r = create(cfg, id, target, shown, run, e);
	}
	return r;
}

/*
 * The account exists but had no binding when decide() read it: another
 * first login of the same name may be between its useradd and its binding
 * (the helper holds the store's lock across both).  Where the helper could
 * run (all ids 0, not a dry run), wait for that lock, bounded, let it go
 * at once, and read the binding again; *found says whether it is there now.
 */
static int
settled_binding(const struct ct_config *cfg, const char *target,
    const struct ct_run *run, struct ct_binding *b, int *found,
    struct ct_err *e)
{
	char path[PATH_MAX];
	int fd;

	*found = 0;
	if (!cfg->create_users || !ct_run_may_act(run) ||
	    !ct_spawn_allowed() || snprintf(path, sizeof(path), "%s/%s",
	    cfg->state_dir, CT_LOCK_NAME) >= (int)sizeof(path) ||
	    (fd = ct_lock_take(path, 0, CT_USERADD_TIMEOUT_MS, NULL)) == -1)
		return CT_OK;
	(void)close(fd);
	return ct_binding_read(cfg->state_dir, target, b, found, e);
}

/* Step 5 of ct_resolve: no map_file entry, no binding. */
static int
by_automap(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const char *shown, const struct ct_run *run,
    struct ct_err *e)
{
	struct ct_binding b;
	struct ct_err le;
	char *name = NULL;
	int found = 0, r = CT_EAUTH;

	ct_err_clear(&le);
	if ((r = ct_automap(cfg->allowed_domains, id->identity, &name,
	    e)) != CT_OK)
		goto out;
	if (strcmp(name, target) != 0) {
		r = ct_fail(e, CT_EAUTH, "the token maps to another account, "
		    "not \"%s\"", shown);
		goto out;
	}
	ct_run_step(run, "mapping", CT_STEP_PASS, "automatic mapping by "
	    "domain (allowed_domains) gives \"%s\"", shown);
	r = ct_account_check(target, cfg->uid_min, &le);
	if (r == CT_OK && (r = settled_binding(cfg, target, run, &b, &found,
	    e)) == CT_OK && found)
		r = with_binding(cfg, id, target, &b, shown, run, e);
	else if (r == CT_OK)
		r = ct_fail(e, CT_EAUTH, "account \"%s\" exists and is bound "
		    "to no person of an issuer (map_file or pam_cotter_useradd "
		    "precreate)", shown);
	else if (r == CT_ENOUSER)
		r = create(cfg, id, target, shown, run, e);
	else
		r = ct_fail(e, r, "%s", le.msg);
out:
	free(name);
	return r;
}

/* Steps 3-5 of ct_resolve for target. */
static int
decide(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const struct ct_run *run, struct ct_err *e)
{
	struct ct_binding b;
	struct ct_err le;
	char shown[CT_SHOWN_MAX];
	int found = 0, r;

	ct_err_clear(&le);
	r = ct_usermap_check_ro(cfg->map_file, id, target,
	    !ct_run_may_act(run), &le);
	if (r == CT_OK) {
		if (ct_run_reports(run)) {
			ct_sanitize(shown, sizeof(shown), target,
			    strlen(target));
			ct_run_step(run, "mapping", CT_STEP_PASS, "map_file "
			    "%s maps this identity to \"%s\"", cfg->map_file,
			    shown);
		}
		return ct_account_check(target, cfg->uid_min, e);
	}
	if (r != CT_ENOUSER)
		return ct_fail(e, r, "%s", le.msg);
	ct_sanitize(shown, sizeof(shown), target, strlen(target));
	ct_run_step(run, "map_file", CT_STEP_INFO, "%s does not list this "
	    "identity", cfg->map_file);
	/* Only a valid name can have a binding (or be created). */
	if (ct_username_valid(target)) {
		if ((r = ct_binding_read(cfg->state_dir, target, &b, &found,
		    e)) != CT_OK)
			return r;
		if (found)
			return with_binding(cfg, id, target, &b, shown,
			    run, e);
	}
	return by_automap(cfg, id, target, shown, run, e);
}

int
ct_resolve_run(const struct ct_config *cfg, const struct ct_identity *id,
    const char *pam_user, const struct ct_run *run, char **account,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	char *target = NULL;
	int r = CT_EAUTH;

	if (account != NULL)
		*account = NULL;
	if (cfg == NULL || id == NULL || id->iss == NULL || id->sub == NULL ||
	    pam_user == NULL || *pam_user == '\0' || account == NULL) {
		r = ct_fail(e, CT_EAUTH, "resolve: no identity or user");
		goto out;
	}
	if ((r = target_name(cfg, id, pam_user, &target, e)) != CT_OK)
		goto out;
	if (never_reachable(target)) {
		ct_sanitize(shown, sizeof(shown), target, strlen(target));
		r = ct_fail(e, CT_EAUTH, "account \"%s\" is never reachable "
		    "through this module", shown);
		goto out;
	}
	/* Issue 23: who may log in, before anything is created or changed. */
	if ((r = ct_rights_gate(cfg, id, target, run, e)) != CT_OK ||
	    (r = decide(cfg, id, target, run, e)) != CT_OK)
		goto out;
	/*
	 * Issue 19: whichever step let the login through (map_file,
	 * binding, claim, creation), a process that answered sshd for target
	 * before authentication opens the session with that uid and gid.
	 */
	if (ct_run_may_act(run) &&
	    (r = ct_nss_held_match(target, e)) != CT_OK)
		goto out;
	/* Issue 23: the mapped groups, before the session's initgroups. */
	if ((r = ct_groupsync_run(cfg, id, target, run, e)) != CT_OK)
		goto out;
	*account = target;
	target = NULL;
	r = CT_OK;
out:
	free(target);
	return r;
}

int
ct_resolve(const struct ct_config *cfg, const struct ct_identity *id,
    const char *pam_user, char **account, struct ct_err *e)
{
	return ct_resolve_run(cfg, id, pam_user, NULL, account, e);
}

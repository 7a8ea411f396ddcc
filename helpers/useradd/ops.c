/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * useradd_ops.c - the account helper's subcommands.  create, claim,
 * precreate and remove run under an exclusive flock(2) on STATE_DIR/.lock,
 * so that two first logins of the same person at the same moment make one
 * account and one binding: the second finds both and succeeds.  A binding
 * is written only after useradd succeeded (a crash leaves none).
 */
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "automap.h"
#include "binding.h"
#include "err.h"
#include "lockfile.h"
#include "nssgate.h"
#include "privgroup.h"
#include "uidalloc.h"
#include "usermap.h"
#include "useradd.h"

#define UA_SHOWN_MAX	65
#define UA_LIST_MAX	100000	/* bindings listed at most */

/* Creates the store and takes its lock; returns the descriptor or -1. */
static int
lock_state(const char *state_dir, char *msg, size_t size)
{
	struct ct_err e;
	char path[PATH_MAX];
	int fd = -1;

	ct_err_clear(&e);
	if (ct_binding_dirs(state_dir, &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return -1;
	}
	if (snprintf(path, sizeof(path), "%s/%s", state_dir, CT_LOCK_NAME) >=
	    (int)sizeof(path) || (fd = ct_lock_take(path, 0, UA_LOCK_WAIT_MS, NULL)) == -1)
		(void)snprintf(msg, size, "cannot take the lock %s/%s",
		    state_dir, CT_LOCK_NAME);
	return fd;
}

/*
 * The account as ct_account_check sees it: *state CT_OK (usable),
 * CT_ENOUSER (absent), CT_EAUTH (system account or uid 0).
 */
static int
account_state(const struct ua_opts *o, int *state, char *msg, size_t size)
{
	struct ct_err e;

	ct_err_clear(&e);
	*state = ct_account_check(o->user, o->uid_min, &e);
	if (*state == CT_OK || *state == CT_ENOUSER || *state == CT_EAUTH)
		return UA_OK;
	(void)snprintf(msg, size, "%s", e.msg);
	return *state == CT_ENAMESVC ? UA_NAMESVC : UA_SYSERR;
}

static int
read_binding(const struct ua_opts *o, struct ct_binding *b, int *found,
    char *msg, size_t size)
{
	struct ct_err e;

	ct_err_clear(&e);
	if (ct_binding_read(o->state_dir, o->user, b, found, &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return UA_SYSERR;
	}
	return UA_OK;
}

/*
 * The uid (--uid exactly, else src/identity/uidalloc.c's choice in --uid-range)
 * and the primary gid (D2) of the account to create; both must be free.
 */
static int
pick_ids(const struct ua_opts *o, uid_t *uid, gid_t *gid, char *msg,
    size_t size)
{
	struct ct_err e;
	int priv = strcmp(o->pgroup, UA_PRIVATE_GROUP) == 0;
	int taken = 0, found = 0;

	ct_err_clear(&e);
	*uid = o->uid;
	if (!o->have_uid && ct_uid_alloc(o->user, o->range_lo, o->range_hi,
	    o->state_dir, uid, &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return e.code == CT_ENAMESVC ? UA_NAMESVC : UA_SYSERR;
	}
	if (ct_uid_in_use(*uid, &taken) != 0 || (!taken && priv &&
	    ct_gid_in_use((gid_t)*uid, &taken) != 0)) {
		(void)snprintf(msg, size, UA_NAMESVC_MSG " (uid/gid %lu)",
		    (unsigned long)*uid);
		return UA_NAMESVC;
	}
	if (!taken && ct_uid_bound_other(o->state_dir, *uid, o->user,
	    &taken) != 0) {
		(void)snprintf(msg, size, "cannot read the uid records");
		return UA_SYSERR;
	}
	if (taken) {
		(void)snprintf(msg, size, "uid %lu is in use (as a uid%s, or "
		    "recorded for another person)", (unsigned long)*uid,
		    priv ? ", a gid" : "");
		return UA_REFUSED;
	}
	*gid = (gid_t)*uid;
	if (priv)
		return UA_OK;
	if (ct_group_gid(o->pgroup, gid, &found) != 0) {
		(void)snprintf(msg, size, UA_NAMESVC_MSG " (group lookup)");
		return UA_NAMESVC;
	}
	if (!found || *gid == 0) {
		(void)snprintf(msg, size, "primary group \"%s\" %s", o->pgroup,
		    found ? "has gid 0" : "does not exist");
		return UA_REFUSED;
	}
	return UA_OK;
}

/* groupadd (private), useradd with exactly the uid; undone on failure. */
static int
add_account(const struct ua_opts *o, const char *identity, uid_t *made,
    char *msg, size_t size)
{
	struct ua_opts co = *o;
	struct ct_err e;
	uid_t uid = 0, got = 0;
	gid_t gid = 0, gotg = 0;
	int priv = strcmp(o->pgroup, UA_PRIVATE_GROUP) == 0, r;

	if ((r = ua_check_home_absent(o->user, msg, size)) != UA_OK ||
	    (r = pick_ids(o, &uid, &gid, msg, size)) != UA_OK)
		return r;
	co.uid = uid;
	if (priv && (r = ua_groupadd(o->user, (gid_t)uid, msg, size)) !=
	    UA_OK)
		return r;
	if ((r = ua_useradd(&co, o->user, identity, msg, size)) != UA_OK) {
		if (priv)
			ua_groupdel(o->user);
		return r;
	}
	ct_err_clear(&e);
	if (ct_account_uid(o->user, &got, &gotg, &e) != CT_OK || got != uid ||
	    gotg != gid) {
		(void)snprintf(msg, size, "useradd made \"%s\" with uid %lu "
		    "gid %lu, not %lu/%lu", o->user, (unsigned long)got,
		    (unsigned long)gotg, (unsigned long)uid,
		    (unsigned long)gid);
		return UA_SYSERR;
	}
	if ((r = ua_check_home_made(o->user, uid, o->home_mode, msg, size)) !=
	    UA_OK)
		return r;
	*made = uid;
	return UA_OK;
}

/* Issue 19: no group that grants power unless allowed by name. */
static int
check_privileged(const struct ua_opts *o, char *msg, size_t size)
{
	char bad[UA_SHOWN_MAX];

	if (ct_groups_privileged_check(o->pgroup, o->allow_priv, bad,
	    sizeof(bad)) != 0 || ct_groups_privileged_check(o->groups,
	    o->allow_priv, bad, sizeof(bad)) != 0) {
		(void)snprintf(msg, size, "group \"%s\" grants power over the "
		    "host; not given without --allow-privileged-groups", bad);
		return UA_REFUSED;
	}
	return UA_OK;
}

/* useradd, then the binding b (only once the account is there). */
static int
add_and_bind(const struct ua_opts *o, const struct ct_binding *b,
    char *msg, size_t size)
{
	struct ct_err e;
	uid_t uid = 0;
	int r, state;

	if ((r = check_privileged(o, msg, size)) != UA_OK ||
	    (r = ua_check_groups(o->groups, msg, size)) != UA_OK ||
	    (r = ua_check_primary(o->pgroup, msg, size)) != UA_OK ||
	    (r = ua_check_shell(o->shell, msg, size)) != UA_OK)
		return r;
	/* useradd would fail; a clear reason is better. */
	if (ua_group_exists(o->user, &state) != 0) {
		(void)snprintf(msg, size, UA_NAMESVC_MSG " (group lookup)");
		return UA_NAMESVC;
	}
	if (state) {
		(void)snprintf(msg, size, "a group named \"%s\" exists "
		    "already", o->user);
		return UA_REFUSED;
	}
	if ((r = add_account(o, b->identity, &uid, msg, size)) != UA_OK)
		return r;
	if ((r = account_state(o, &state, msg, size)) != UA_OK)
		return r;
	if (state != CT_OK) {
		(void)snprintf(msg, size, "useradd succeeded but \"%s\" is not "
		    "a usable account (uid below %lu?)", o->user,
		    (unsigned long)o->uid_min);
		return UA_SYSERR;
	}
	ct_err_clear(&e);
	if (ct_binding_write(o->state_dir, b, &e) != CT_OK) {
		(void)snprintf(msg, size, "account created, binding NOT "
		    "written: %s", e.msg);
		return UA_SYSERR;
	}
	/* D6: this uid is never handed to another name after this. */
	if (ct_uid_record(o->state_dir, uid, o->user, &e) != CT_OK) {
		(void)snprintf(msg, size, "account and binding created, uid "
		    "record NOT written: %s", e.msg);
		return UA_SYSERR;
	}
	return UA_OK;
}

/*
 * The start of create and precreate: the binding the request asks for,
 * whether the account exists, and the binding already stored.
 */
static int
begin_op(const struct ua_opts *o, struct ct_binding *want,
    struct ct_binding *b, int *found, int *state, char *msg, size_t size)
{
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	if (ct_binding_make(want, o->user, o->iss, o->sub, o->identity,
	    time(NULL), &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return UA_REFUSED;
	}
	if ((r = account_state(o, state, msg, size)) != UA_OK ||
	    (r = read_binding(o, b, found, msg, size)) != UA_OK)
		return r;
	return UA_OK;
}

/* create: the module's first login of o->identity (o->user is its name). */
static int
op_create(const struct ua_opts *o, char *msg, size_t size)
{
	struct ct_binding b, want;
	int found = 0, state = 0, r;

	if ((r = begin_op(o, &want, &b, &found, &state, msg, size)) != UA_OK)
		return r;
	if (found && !ct_binding_matches(&b, o->iss, o->sub)) {
		(void)snprintf(msg, size, "\"%s\" is bound to another person "
		    "(iss, sub)", o->user);
		return UA_REFUSED;
	}
	if (state == CT_OK && found) {
		(void)snprintf(msg, size, "account \"%s\" and its binding "
		    "exist already", o->user);
		return UA_OK;	/* the other of two simultaneous logins */
	}
	if (state != CT_ENOUSER) {
		(void)snprintf(msg, size, "account \"%s\" exists and is not "
		    "bound to this person (issuer and sub)", o->user);
		return UA_REFUSED;
	}
	if ((r = add_and_bind(o, &want, msg, size)) != UA_OK)
		return r;
	(void)snprintf(msg, size, "created account \"%s\" for \"%s\" "
	    "(sub %s)", o->user, o->identity, o->sub);
	return UA_OK;
}

/* claim: the first login of a pre-created account records its sub. */
static int
op_claim(const struct ua_opts *o, char *msg, size_t size)
{
	struct ct_binding b, nb;
	struct ct_err e;
	int found = 0, state = 0, r;

	if ((r = account_state(o, &state, msg, size)) != UA_OK ||
	    (r = read_binding(o, &b, &found, msg, size)) != UA_OK)
		return r;
	if (!found || state != CT_OK) {
		(void)snprintf(msg, size, "\"%s\" has no pre-created account "
		    "and binding to claim", o->user);
		return found ? UA_REFUSED : UA_NOTFOUND;
	}
	if (!b.pending) {
		(void)snprintf(msg, size, "\"%s\" is %s", o->user,
		    ct_binding_matches(&b, o->iss, o->sub) ?
		    "claimed already" : "bound to another person (issuer and sub)");
		return ct_binding_matches(&b, o->iss, o->sub) ? UA_OK :
		    UA_REFUSED;
	}
	if (strcmp(b.iss, o->iss) != 0 ||
	    !ct_ascii_caseeq(b.identity, o->identity)) {
		(void)snprintf(msg, size, "\"%s\" is reserved for another "
		    "identity or issuer", o->user);
		return UA_REFUSED;
	}
	ct_err_clear(&e);
	if (ct_binding_make(&nb, o->user, b.iss, o->sub, b.identity, 0,
	    &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return UA_REFUSED;
	}
	nb.created = b.created;	/* when the administrator made it */
	if (ct_binding_write(o->state_dir, &nb, &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return UA_SYSERR;
	}
	(void)snprintf(msg, size, "\"%s\" claimed by sub %s", o->user, o->sub);
	return UA_OK;
}

/* precreate: the administrator makes the account before its first login. */
static int
op_precreate(const struct ua_opts *o, char *msg, size_t size)
{
	struct ct_binding b, want;
	int found = 0, state = 0, r;

	if ((r = begin_op(o, &want, &b, &found, &state, msg, size)) != UA_OK)
		return r;
	if (state != CT_ENOUSER || found) {
		(void)snprintf(msg, size, "%s \"%s\" exists already (list it "
		    "in map_file, or remove the binding first)", found ?
		    "a binding of" : "account", o->user);
		return UA_REFUSED;
	}
	if ((r = add_and_bind(o, &want, msg, size)) != UA_OK)
		return r;
	(void)snprintf(msg, size, "pre-created account \"%s\" for \"%s\" "
	    "(sub %s)", o->user, o->identity, o->sub == NULL ?
	    "pending: recorded at the first login" : o->sub);
	return UA_OK;
}

/* remove: forgets the binding; the account itself is never touched. */
static int
op_remove(const struct ua_opts *o, char *msg, size_t size)
{
	struct ct_err e;
	int found = 0;

	ct_err_clear(&e);
	if (ct_binding_remove(o->state_dir, o->user, &found, &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return UA_SYSERR;
	}
	if (!found) {
		(void)snprintf(msg, size, "no binding of \"%s\"", o->user);
		return UA_NOTFOUND;
	}
	(void)snprintf(msg, size, "removed the binding of \"%s\" (the "
	    "account is kept)", o->user);
	return UA_OK;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints one binding: USER STATE ISS SUB IDENTITY CREATED. */
static int
print_one(const struct ua_opts *o, const char *user)
{
	struct ct_binding b;
	struct ct_err e;
	char when[32];
	struct tm tm;
	time_t t;
	int found = 0;

	ct_err_clear(&e);
	if (ct_binding_read(o->state_dir, user, &b, &found, &e) != CT_OK ||
	    !found) {
		(void)fprintf(stderr, "pam_cotter_useradd: %s: %s\n", user,
		    found ? e.msg : "vanished");
		return -1;
	}
	t = (time_t)b.created;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)snprintf(when, sizeof(when), "%lld", b.created);
	(void)printf("%s %s %s %s %s %s\n", b.user, b.pending ? "pending" :
	    "bound", b.iss, b.pending ? "-" : b.sub, b.identity, when);
	return 0;
}

/* The valid user names in STATE_DIR/bindings, sorted. */
static int
collect_names(const struct ua_opts *o, char ***names, size_t *n,
    char *msg, size_t size)
{
	char path[PATH_MAX], **v = NULL, **nv;
	struct dirent *d;
	size_t cap = 0;
	DIR *dir;

	*n = 0;
	(void)snprintf(path, sizeof(path), "%s/%s", o->state_dir,
	    CT_BINDINGS_SUBDIR);
	if ((dir = opendir(path)) == NULL) {
		if (errno == ENOENT)
			return UA_OK;
		(void)snprintf(msg, size, "%s: %s", path, CT_STRERROR(errno));
		return UA_SYSERR;
	}
	while ((d = readdir(dir)) != NULL && *n < UA_LIST_MAX) {
		if (!ct_username_valid(d->d_name))
			continue;	/* ".", "..", temp files */
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				break;
			v = nv;
		}
		if ((v[*n] = strdup(d->d_name)) == NULL)
			break;
		(*n)++;
	}
	(void)closedir(dir);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_names);
	*names = v;
	return UA_OK;
}

static int
op_list(const struct ua_opts *o, char *msg, size_t size)
{
	char **names = NULL;
	size_t i, n = 0, bad = 0;
	int r;

	if ((r = collect_names(o, &names, &n, msg, size)) != UA_OK)
		return r;
	for (i = 0; i < n; i++) {
		if (print_one(o, names[i]) != 0)
			bad++;
		free(names[i]);
	}
	free(names);
	(void)snprintf(msg, size, "listed %zu binding(s), %zu unreadable",
	    n - bad, bad);
	return bad == 0 ? UA_OK : UA_SYSERR;
}

int
ua_run(const struct ua_opts *o, char *msg, size_t size)
{
	int fd = -1, r = UA_SYSERR;

	if (o->op == UA_LIST)
		return op_list(o, msg, size);
	/* check, create and bind form one step for every other process */
	if ((fd = lock_state(o->state_dir, msg, size)) == -1)
		return UA_SYSERR;
	switch (o->op) {
	case UA_CREATE:
		r = op_create(o, msg, size);
		break;
	case UA_CLAIM:
		r = op_claim(o, msg, size);
		break;
	case UA_PRECREATE:
		r = op_precreate(o, msg, size);
		break;
	case UA_GROUPS:
		r = ua_op_groups(o, msg, size);
		break;
	case UA_ADOPT:
		r = ua_op_adopt(o, msg, size);
		break;
	case UA_REBIND:
		r = ua_op_rebind(o, msg, size);
		break;
	default:
		r = op_remove(o, msg, size);
		break;
	}
	(void)close(fd);	/* releases the flock */
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rights.c - the account helper's commands of issue 23, each run under
 * the store's lock (ops.c):
 *   groups  the account joins the mapped groups of --add and leaves those
 *           of --remove, through gpasswd(8), which replaces /etc/group
 *           atomically (a failure undoes the changes already made, so
 *           the old memberships stay); a group that does not exist is
 *           logged and never created; one with gid 0 refuses the whole
 *           command before any change.
 *   adopt   a verified token of another issuer takes over an account bound
 *           under --from-iss to the same identity, once.
 *   rebind  the administrator binds an existing account to a new issuer's
 *           subject.
 * adopt and rebind keep the old binding as history in the binding file.
 */
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "account.h"
#include "automap.h"
#include "binding.h"
#include "err.h"
#include "grmember.h"
#include "idlookup.h"
#include "usermap.h"
#include "useradd.h"

#define UA_SHOWN_MAX	65
#define UA_SCAN_MAX	100000	/* bindings looked at, at most */

int *
ua_rights_slot(struct ua_opts *o, const char *name)
{
	if (strcmp(name, "--uid-min") == 0)
		return &o->have_uid_min;
	if (o->op == UA_GROUPS && strcmp(name, "--add") == 0)
		return &o->have_add;
	if (o->op == UA_GROUPS && strcmp(name, "--remove") == 0)
		return &o->have_rm;
	if (o->op == UA_ADOPT && strcmp(name, "--from-iss") == 0)
		return &o->have_from;
	return NULL;
}

int
ua_rights_option(struct ua_opts *o, const int *seen, const char *v,
    char *msg, size_t size)
{
	if (seen == &o->have_from) {
		o->from_iss = v;
		return 0;
	}
	if (ct_groups_normalize(v, seen == &o->have_add ? o->add : o->rm,
	    sizeof(o->add)) != 0) {
		(void)snprintf(msg, size, "%s: valid group names separated by "
		    "commas, no duplicates", seen == &o->have_add ? "--add" :
		    "--remove");
		return -1;
	}
	return 0;
}

/* 1 when a name of the "g1,g2" list a is also in b (or is root). */
static int
lists_clash(const char *a, const char *b)
{
	const char *p = a;
	size_t n;

	while (*p != '\0') {
		n = strcspn(p, ",");
		if (ct_name_in_list(b, p, n) || (n == 4 &&
		    memcmp(p, "root", 4) == 0))
			return 1;
		p += n;
		p += strspn(p, ",");
	}
	return 0;
}

int
ua_rights_validate(const struct ua_opts *o, char *msg, size_t size)
{
	char shown[UA_SHOWN_MAX];

	ct_sanitize(shown, sizeof(shown), o->user, strlen(o->user));
	if (!ct_username_valid(o->user)) {
		(void)snprintf(msg, size, "user name \"%s\" is invalid", shown);
		return UA_REFUSED;
	}
	if (o->op == UA_GROUPS) {
		if (lists_clash(o->add, o->rm) || lists_clash(o->rm, o->add)) {
			(void)snprintf(msg, size, "--add and --remove share a "
			    "group, or name root");
			return UA_REFUSED;
		}
		return UA_OK;
	}
	if (!ct_binding_value_valid(o->iss, CT_BIND_ISS_MAX) ||
	    !ct_binding_value_valid(o->sub, CT_BIND_SUB_MAX) ||
	    (o->op == UA_ADOPT && (o->from_iss == NULL ||
	    !ct_binding_value_valid(o->from_iss, CT_BIND_ISS_MAX) ||
	    !ct_binding_value_valid(o->identity, CT_BIND_IDENTITY_MAX)))) {
		(void)snprintf(msg, size, "iss, sub%s must be printable ASCII "
		    "without spaces", o->op == UA_ADOPT ? ", identity and "
		    "--from-iss (required)" : "");
		return UA_REFUSED;
	}
	return UA_OK;
}

/* The account must exist and pass ct_account_check (uid >= --uid-min). */
static int
account_ok(const struct ua_opts *o, char *msg, size_t size)
{
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	if ((r = ct_account_check(o->user, o->uid_min, &e)) == CT_OK)
		return UA_OK;
	(void)snprintf(msg, size, "%s", e.msg);
	return r == CT_ENAMESVC ? UA_NAMESVC : r == CT_ESYS ? UA_SYSERR :
	    UA_REFUSED;
}

/* Checks every group of list before anything changes; *n missing. */
static int
groups_check(const struct ua_opts *o, const char *list, char *msg,
    size_t size)
{
	char g[CT_ID_NAME_MAX + 1];
	const char *p = list;
	gid_t gid = 0;
	size_t n;
	int member = 0, r;

	while (*p != '\0') {
		n = strcspn(p, ",");
		(void)snprintf(g, sizeof(g), "%.*s", (int)n, p);
		r = ct_group_member(g, o->user, &gid, &member);
		if (r == CT_ID_ERROR) {
			(void)snprintf(msg, size, UA_NAMESVC_MSG " (group %s)",
			    g);
			return UA_NAMESVC;
		}
		if (r == CT_ID_FOUND && gid == 0) {
			(void)snprintf(msg, size, "group \"%s\" has gid 0: a "
			    "token never grants it; nothing changed", g);
			return UA_REFUSED;
		}
		p += n;
		p += strspn(p, ",");
	}
	return UA_OK;
}

#define UA_CHANGES_MAX	64	/* group_map holds at most 32 pairs */

/* The changes made so far by one groups command, to undo them. */
struct ua_changes {
	char group[UA_CHANGES_MAX][CT_ID_NAME_MAX + 1];
	int add[UA_CHANGES_MAX];
	size_t n;
};

/*
 * A gpasswd that failed after others succeeded: the ones done are undone,
 * last first, so that a failure leaves the old memberships (issue 23).
 * Best effort: an undo that fails too is logged.
 */
static void
groups_undo(const struct ua_opts *o, struct ua_changes *c)
{
	char msg[UA_MSG_MAX];

	while (c->n > 0) {
		c->n--;
		if (ua_gpasswd(!c->add[c->n], o->user, c->group[c->n], msg,
		    sizeof(msg)) != UA_OK)
			ua_log(LOG_ERR, "groups: \"%s\": could not undo %s "
			    "group \"%s\": %s", o->user, c->add[c->n] ?
			    "joining" : "leaving", c->group[c->n], msg);
	}
}

/* Applies list (add or remove); appends what was done to done. */
static int
groups_apply(const struct ua_opts *o, const char *list, int add,
    struct ua_changes *c, char *done, size_t dsize, char *msg, size_t size)
{
	char g[CT_ID_NAME_MAX + 1];
	const char *p = list;
	gid_t gid = 0;
	size_t n, len;
	int member = 0, r;

	for (; *p != '\0'; p += strspn(p, ",")) {
		n = strcspn(p, ",");
		(void)snprintf(g, sizeof(g), "%.*s", (int)n, p);
		p += n;
		r = ct_group_member(g, o->user, &gid, &member);
		if (r == CT_ID_ABSENT)
			ua_log(LOG_ERR, "groups: \"%s\": mapped group \"%s\" does "
			    "not exist; not created (group_map)", o->user, g);
		if (r != CT_ID_FOUND || member == add)
			continue;
		if (c->n == UA_CHANGES_MAX) {
			(void)snprintf(msg, size, "more than %d group changes",
			    UA_CHANGES_MAX);
			return UA_REFUSED;
		}
		if ((r = ua_gpasswd(add, o->user, g, msg, size)) != UA_OK)
			return r;
		(void)snprintf(c->group[c->n], sizeof(c->group[c->n]), "%s", g);
		c->add[c->n++] = add;
		len = strlen(done);
		(void)snprintf(done + len, dsize - len, " %s %s;", add ?
		    "joined" : "left", g);
	}
	return UA_OK;
}

int
ua_op_groups(const struct ua_opts *o, char *msg, size_t size)
{
	static struct ua_changes c;
	char done[UA_MSG_MAX] = "";
	int r;

	c.n = 0;
	if ((r = account_ok(o, msg, size)) != UA_OK ||
	    (r = groups_check(o, o->add, msg, size)) != UA_OK ||
	    (r = groups_check(o, o->rm, msg, size)) != UA_OK)
		return r;
	if ((r = groups_apply(o, o->add, 1, &c, done, sizeof(done), msg,
	    size)) != UA_OK || (r = groups_apply(o, o->rm, 0, &c, done,
	    sizeof(done), msg, size)) != UA_OK) {
		groups_undo(o, &c);
		return r;
	}
	(void)snprintf(msg, size, "\"%s\":%s", o->user, done[0] != '\0' ?
	    done : " no change");
	return UA_OK;
}

/*
 * Another account's binding under iss with this identity (when not NULL)
 * or this sub: its name into other (else ""), UA_OK; UA_SYSERR when the
 * store cannot be read.
 */
static int
bound_elsewhere(const struct ua_opts *o, const char *identity,
    char *other, size_t osize, char *msg, size_t size)
{
	struct ct_binding b;
	struct ct_err e;
	struct dirent *d;
	char path[PATH_MAX];
	size_t seen = 0;
	int found = 0;
	DIR *dir;

	other[0] = '\0';
	(void)snprintf(path, sizeof(path), "%s/%s", o->state_dir,
	    CT_BINDINGS_SUBDIR);
	if ((dir = opendir(path)) == NULL) {
		(void)snprintf(msg, size, "%s: %s", path, CT_STRERROR(errno));
		return UA_SYSERR;
	}
	while (other[0] == '\0' && (d = readdir(dir)) != NULL &&
	    seen++ < UA_SCAN_MAX) {
		ct_err_clear(&e);
		if (!ct_username_valid(d->d_name) ||
		    strcmp(d->d_name, o->user) == 0 ||
		    ct_binding_read(o->state_dir, d->d_name, &b, &found,
		    &e) != CT_OK || !found || strcmp(b.iss, o->iss) != 0)
			continue;
		if ((!b.pending && strcmp(b.sub, o->sub) == 0) ||
		    (identity != NULL && ct_ascii_caseeq(b.identity, identity)))
			(void)snprintf(other, osize, "%s", b.user);
	}
	(void)closedir(dir);
	return UA_OK;
}

/* b rebound to (o->iss, o->sub) and written; msg says so. */
static int
rebind_write(const struct ua_opts *o, struct ct_binding *b,
    const char *what, char *msg, size_t size)
{
	char old_iss[CT_BIND_ISS_MAX + 1], old_sub[CT_BIND_SUB_MAX + 1];
	struct ct_err e;

	ct_err_clear(&e);
	(void)snprintf(old_iss, sizeof(old_iss), "%s", b->iss);
	(void)snprintf(old_sub, sizeof(old_sub), "%s", b->pending ? "-" :
	    b->sub);
	if (ct_binding_rebind(b, o->iss, o->sub, time(NULL), &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return UA_REFUSED;
	}
	if (ct_binding_write(o->state_dir, b, &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return UA_SYSERR;
	}
	(void)snprintf(msg, size, "%s \"%s\": was iss %.100s sub %.80s, now "
	    "iss %.100s sub %.80s (old binding kept as history)", what,
	    o->user, old_iss, old_sub, o->iss, o->sub);
	return UA_OK;
}

/* The binding of o->user, which must exist. */
static int
binding_of(const struct ua_opts *o, struct ct_binding *b, char *msg,
    size_t size)
{
	struct ct_err e;
	int found = 0;

	ct_err_clear(&e);
	if (ct_binding_read(o->state_dir, o->user, b, &found, &e) != CT_OK) {
		(void)snprintf(msg, size, "%s", e.msg);
		return UA_SYSERR;
	}
	if (!found) {
		(void)snprintf(msg, size, "\"%s\" has no binding", o->user);
		return UA_NOTFOUND;
	}
	return UA_OK;
}

int
ua_op_adopt(const struct ua_opts *o, char *msg, size_t size)
{
	char other[CT_BIND_USER_MAX + 1];
	struct ct_binding b;
	int r;

	if ((r = account_ok(o, msg, size)) != UA_OK ||
	    (r = binding_of(o, &b, msg, size)) != UA_OK)
		return r;
	if (b.pending || strcmp(b.iss, o->iss) == 0 ||
	    strcmp(b.iss, o->from_iss) != 0) {
		(void)snprintf(msg, size, "\"%s\" is not bound under the "
		    "issuer it may be adopted from (already adopted, or bound "
		    "elsewhere): refused", o->user);
		return UA_REFUSED;
	}
	if (!ct_ascii_caseeq(b.identity, o->identity)) {
		(void)snprintf(msg, size, "\"%s\" is bound to another identity: "
		    "refused", o->user);
		return UA_REFUSED;
	}
	if ((r = bound_elsewhere(o, o->identity, other, sizeof(other), msg,
	    size)) != UA_OK)
		return r;
	if (other[0] != '\0') {
		(void)snprintf(msg, size, "this identity or subject is bound to "
		    "another account (\"%s\") under the new issuer: \"%s\" is "
		    "not adopted", other, o->user);
		return UA_REFUSED;
	}
	return rebind_write(o, &b, "adopted", msg, size);
}

int
ua_op_rebind(const struct ua_opts *o, char *msg, size_t size)
{
	char other[CT_BIND_USER_MAX + 1];
	struct ct_binding b;
	int r;

	if ((r = account_ok(o, msg, size)) != UA_OK ||
	    (r = binding_of(o, &b, msg, size)) != UA_OK)
		return r;
	if (ct_binding_matches(&b, o->iss, o->sub)) {
		(void)snprintf(msg, size, "\"%s\" is bound to that subject "
		    "already", o->user);
		return UA_OK;
	}
	if ((r = bound_elsewhere(o, NULL, other, sizeof(other), msg,
	    size)) != UA_OK)
		return r;
	if (other[0] != '\0') {
		(void)snprintf(msg, size, "that subject owns another account "
		    "(\"%s\"): \"%s\" is not rebound", other, o->user);
		return UA_REFUSED;
	}
	return rebind_write(o, &b, "rebound", msg, size);
}

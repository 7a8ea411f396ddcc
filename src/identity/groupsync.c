/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * groupsync.c - rights from the token, the module's side (groupsync.h).
 * The module only reads (deny_file, the binding, /etc/group); every
 * change is the account helper's, run per DESIGN.md invariant 8.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "binding.h"
#include "deny.h"
#include "grmember.h"
#include "groups.h"
#include "groupsync.h"
#include "idlookup.h"
#include "resolve.h"
#include "rights.h"
#include "run.h"
#include "spawn.h"
#include "uacall.h"
#include "usermap.h"

#define CT_SHOWN_MAX	65

/* require_groups: the token carries at least one of its values. */
static int
required(const struct ct_config *cfg, const struct ct_identity *id,
    const struct ct_run *run, struct ct_err *e)
{
	const char *p = cfg->require_groups;
	char w[CT_GROUP_VALUE_MAX + 1];
	size_t n;

	if (p[strspn(p, " ")] == '\0')
		return CT_OK;
	for (p += strspn(p, " "); *p != '\0'; p += strspn(p, " ")) {
		n = strcspn(p, " ");
		(void)snprintf(w, sizeof(w), "%.*s", (int)n, p);
		if (ct_groups_has(id->groups, w)) {
			ct_run_step(run, "require_groups", CT_STEP_PASS,
			    "the token carries \"%s\"", w);
			return CT_OK;
		}
		p += n;
	}
	ct_say(e, "Your identity provider does not put you in a group that "
	    "may log in to this host.");
	ct_run_step(run, "require_groups", CT_STEP_FAIL, "the token carries "
	    "none of: %s", cfg->require_groups);
	return ct_fail(e, CT_EAUTH, "require_groups: the token's %s claim "
	    "carries none of the required values", cfg->groups_claim);
}

int
ct_rights_gate(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const struct ct_run *run, struct ct_err *e)
{
	struct ct_binding b;
	int found = 0, r;

	r = ct_deny_check(cfg->deny_file, cfg->section, id->identity,
	    id->sub, e);
	if (r == CT_OK && ct_username_valid(target))
		r = ct_binding_read(cfg->state_dir, target, &b, &found, e);
	/* A denied person's account refuses every token at once. */
	if (r == CT_OK && found)
		r = ct_deny_check(cfg->deny_file, strcmp(b.iss,
		    cfg->issuer) == 0 ? cfg->section : NULL, b.identity,
		    b.pending ? NULL : b.sub, e);
	if (r != CT_OK)
		ct_run_result(run, "deny_file", r, e->msg, "");
	if (r == CT_OK)
		r = required(cfg, id, run, e);
	return r;
}

/* Appends name to the "g1,g2" list (CT_GROUPSYNC_LIST_MAX + 1). */
static void
list_add(char *list, const char *name)
{
	size_t n = strlen(list);

	(void)snprintf(list + n, CT_GROUPSYNC_LIST_MAX + 1 - n, "%s%s",
	    n > 0 ? "," : "", name);
}

/* 1 when the token carries a value group_map maps to group. */
static int
wanted(const struct ct_config *cfg, const struct ct_identity *id,
    const char *group)
{
	char value[CT_GROUP_VALUE_MAX + 1], g[CT_GROUP_NAME_MAX + 1];
	const char *p = cfg->group_map;

	while (ct_group_map_next(&p, value, g))
		if (strcmp(g, group) == 0 && ct_groups_has(id->groups, value))
			return 1;
	return 0;
}

/* One mapped group into the plan (a missing one also into missing). */
static int
plan_one(const struct ct_config *cfg, const struct ct_identity *id,
    const char *account, const char *group, char *want, char *add,
    char *rm, char *missing, struct ct_err *e)
{
	gid_t gid = 0;
	int member = 0, w = wanted(cfg, id, group), r;

	r = ct_group_member(group, account, &gid, &member);
	if (r == CT_ID_ERROR)
		return ct_fail(e, CT_ENAMESVC, "group_map: group \"%s\": the "
		    "name service could not answer", group);
	if (r == CT_ID_FOUND && gid == 0)
		return ct_fail(e, CT_ECONFIG, "group_map: group \"%s\" has gid "
		    "0, which a token never grants", group);
	if (w)
		list_add(want, group);
	if (r == CT_ID_ABSENT)
		list_add(missing, group);
	if (w && (r == CT_ID_ABSENT || !member))
		list_add(add, group);
	else if (!w && (r == CT_ID_ABSENT || member))
		list_add(rm, group);
	return CT_OK;
}

int
ct_groupsync_plan(const struct ct_config *cfg, const struct ct_identity *id,
    const char *account, char *want, char *add, char *rm, char *missing,
    struct ct_err *e)
{
	char value[CT_GROUP_VALUE_MAX + 1], g[CT_GROUP_NAME_MAX + 1];
	char done[CT_GROUPSYNC_LIST_MAX + 1] = "";
	const char *p = cfg->group_map;
	int r = CT_OK;

	want[0] = add[0] = rm[0] = missing[0] = '\0';
	while (r == CT_OK && ct_group_map_next(&p, value, g)) {
		if (ct_name_in_list(done, g, strlen(g)))
			continue;	/* several values, one group */
		list_add(done, g);
		r = plan_one(cfg, id, account, g, want, add, rm, missing, e);
	}
	return r;
}

/* The helper's "groups" command; its exit status as a CT_* code. */
static int
run_helper(const struct ct_config *cfg, const char *account,
    const char *add, const char *rm, struct ct_err *e)
{
	struct ct_uacall c;
	int status = -1, r;

	if ((r = ct_uacall_begin(&c, cfg, "groups", e)) != CT_OK)
		return r;
	if (add[0] != '\0') {
		ct_uacall_add(&c, "--add");
		ct_uacall_add(&c, add);
	}
	if (rm[0] != '\0') {
		ct_uacall_add(&c, "--remove");
		ct_uacall_add(&c, rm);
	}
	ct_uacall_tail(&c, account, NULL, NULL, NULL);
	if ((r = ct_uacall_run(&c, "groups", &status, e)) != CT_OK)
		return r;
	if (status != CT_UA_OK)
		return ct_fail(e, CT_ESYS, "account helper (groups of \"%s\") "
		    "exited with status %d; memberships left as they were",
		    account, status);
	return CT_OK;
}

int
ct_groupsync_run(const struct ct_config *cfg, const struct ct_identity *id,
    const char *account, const struct ct_run *run, struct ct_err *e)
{
	char want[CT_GROUPSYNC_LIST_MAX + 1], add[CT_GROUPSYNC_LIST_MAX + 1];
	char rm[CT_GROUPSYNC_LIST_MAX + 1], missing[CT_GROUPSYNC_LIST_MAX + 1];
	int r;

	if (cfg->groups_claim[0] == '\0' || cfg->group_map[0] == '\0')
		return CT_OK;
	if ((r = ct_groupsync_plan(cfg, id, account, want, add, rm, missing,
	    e)) != CT_OK) {
		ct_run_result(run, "group_map", r, e->msg, "");
		return r;
	}
	ct_run_step(run, "group_map", CT_STEP_INFO, "the token maps to: %s",
	    want[0] != '\0' ? want : "(no mapped group)");
	if (missing[0] != '\0')
		ct_run_step(run, "group_map", CT_STEP_INFO, "mapped groups that "
		    "do not exist (logged at each login, never created): %s",
		    missing);
	if (add[0] == '\0' && rm[0] == '\0') {
		ct_run_step(run, "group_map", CT_STEP_PASS, "memberships "
		    "already as the token says: nothing to change");
		return CT_OK;
	}
	if (!ct_run_may_act(run) || !ct_spawn_allowed()) {
		ct_run_step(run, "group_map", CT_STEP_WOULD, "a login through "
		    "a root service (sshd, login) adds: %s; removes: %s%s",
		    add[0] != '\0' ? add : "-", rm[0] != '\0' ? rm : "-",
		    ct_run_may_act(run) ? " (not here: not a root service, "
		    "nothing changes)" : "");
		return CT_OK;
	}
	return run_helper(cfg, account, add, rm, e);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * groupsync.h - rights from the token (issue 23), the module's side:
 * who may log in at all (deny_file, require_groups), and which mapped
 * local groups the account joins or leaves at a login through a root
 * service (the account helper's "groups" command makes the change).
 */
#ifndef CT_GROUPSYNC_H
#define CT_GROUPSYNC_H

#include "claims.h"
#include "config.h"
#include "err.h"

#define CT_GROUPSYNC_LIST_MAX	(32 * 33)	/* "g1,g2": group_map's */

struct ct_run;

/*
 * Before any account is created or changed: the token's identity and
 * "sub:ISSUER:SUB" are not in deny_file, the identity bound to target
 * (when it has a binding) is not either, and the token carries one of
 * require_groups (when set).  CT_OK, CT_EAUTH (refused, with a line for
 * the screen) or CT_ECONFIG (deny_file unsafe or malformed, binding
 * store unsafe).
 */
int ct_rights_gate(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const struct ct_run *run, struct ct_err *e);

/*
 * The plan for account: the mapped groups the token carries (want, for
 * the report) and the changes the next login makes (add, rm), each
 * "g1,g2" in buffers of CT_GROUPSYNC_LIST_MAX + 1.  A mapped group that
 * does not exist goes into missing, and into add or rm all the same (the
 * helper logs it and creates nothing).  CT_ECONFIG when a mapped group has gid 0,
 * CT_ENAMESVC when a lookup could not be answered.
 */
int ct_groupsync_plan(const struct ct_config *cfg,
    const struct ct_identity *id, const char *account, char *want,
    char *add, char *rm, char *missing, struct ct_err *e);

/*
 * After the account is decided: the plan carried out by the account
 * helper when anything changes, only where a helper may run (a root
 * service; elsewhere nothing changes and the login goes on); reported to
 * run (a dry run says what would change).  CT_OK, or the plan's and the
 * helper's failures (CT_ESYS): the login is refused rather than opened
 * with memberships the provider no longer grants.
 */
int ct_groupsync_run(const struct ct_config *cfg,
    const struct ct_identity *id, const char *account,
    const struct ct_run *run, struct ct_err *e);

#endif

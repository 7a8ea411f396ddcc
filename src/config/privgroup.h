/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * privgroup.h - groups that grant power over the host (issue 19, SECURITY.md
 * "Groups that grant power").  primary_group and user_groups may name one
 * only when allow_privileged_groups says so: "yes" (any) or a list naming
 * it.  The config check and the account helper both apply this.  libc only.
 */
#ifndef CT_PRIVGROUP_H
#define CT_PRIVGROUP_H

#include <stddef.h>

#define CT_ALLOW_PRIV_ALL	"yes"

/* 1 when name is on the list of privgroup.c, else 0. */
int ct_group_privileged(const char *name);

/*
 * allow is "" (none: the default, "no"), CT_ALLOW_PRIV_ALL, or names
 * joined by ',' (ct_groups_normalize).  groups is one name or names
 * joined by ','.  0 when every privileged group of groups is allowed;
 * -1 with the first that is not copied into bad (size bytes).
 */
int ct_groups_privileged_check(const char *groups, const char *allow,
    char *bad, size_t size);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * grmember.h - is a user a listed member of a group (issue 23)?  One
 * getgrnam_r through idlookup.c's loop (buffer grown on ERANGE).  libc
 * only: the account helper links it.
 */
#ifndef CT_GRMEMBER_H
#define CT_GRMEMBER_H

#include <sys/types.h>

/*
 * CT_ID_FOUND with *gid and *member (1 when user is in the group's
 * member list; a primary group is not a listed membership), CT_ID_ABSENT
 * (no such group) or CT_ID_ERROR (a source could not answer).
 */
int ct_group_member(const char *group, const char *user, gid_t *gid,
    int *member);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * idlookup.h - one reentrant passwd/group lookup (getpwnam_r(3) and
 * friends) with a buffer that grows on ERANGE.  libc only: the NSS module
 * and the account helper link it.
 */
#ifndef CT_IDLOOKUP_H
#define CT_IDLOOKUP_H

#include <sys/types.h>

#include <stddef.h>

#define CT_ID_BUF_START	4096
#define CT_ID_BUF_MAX	(1024 * 1024)
#define CT_ID_NAME_MAX	255	/* LOGIN_NAME_MAX less the NUL */
#define CT_ID_GECOS_MAX	255

#define CT_ID_ERROR	(-1)
#define CT_ID_ABSENT	0
#define CT_ID_FOUND	1

/*
 * What callers need of a record, copied out so that the lookup buffer is
 * freed before the call returns.  A string that is NULL or longer than its
 * field reads as "" (and so never equals a name a caller compares it to).
 */
struct ct_id {
	uid_t uid;			/* passwd only */
	gid_t gid;			/* pw_gid or gr_gid */
	char name[CT_ID_NAME_MAX + 1];
	char gecos[CT_ID_GECOS_MAX + 1];	/* passwd only */
	int err;	/* on CT_ID_ERROR: ENOMEM, ERANGE (a record over
			 * CT_ID_BUF_MAX bytes) or the lookup's own code
			 * (a name service that could not answer) */
};

/*
 * CT_ID_FOUND with *id filled, CT_ID_ABSENT (the lookup returned 0 with no
 * result: every source said "not found"), or CT_ID_ERROR with id->err set
 * when a source could not answer.  glibc returns the failing source's
 * errno, often ENOENT (libnss-ldapd with nslcd stopped), although
 * getpwnam_r(3) lists ENOENT among "not found" codes: it is an error here,
 * or an outage would read as "no such user, id free" (issue 19).
 */
int ct_id_pwnam(const char *name, struct ct_id *id);
int ct_id_pwuid(uid_t uid, struct ct_id *id);
int ct_id_grnam(const char *name, struct ct_id *id);
int ct_id_grgid(gid_t gid, struct ct_id *id);

/*
 * The loop the four share (a seam for tests): fn does one lookup of key
 * into buf and returns the *_r(3) code, *hit = 1 when it filled *id.
 */
typedef int (*ct_id_fn)(const void *key, struct ct_id *id, char *buf,
    size_t size, int *hit);
int ct_id_run(ct_id_fn fn, const void *key, struct ct_id *id);

#endif

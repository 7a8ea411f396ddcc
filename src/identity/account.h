/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account.h - the local account a token may open (DESIGN.md invariant 6).
 */
#ifndef CT_ACCOUNT_H
#define CT_ACCOUNT_H

#include <sys/types.h>

#include "err.h"
#include "idlookup.h"

/*
 * Looks user up with getpwnam_r (reentrant).  CT_OK when it exists, its
 * pw_name equals user byte for byte, and its uid is >= uid_min and not 0;
 * CT_ENOUSER when it does not exist; CT_EAUTH when its uid is below uid_min
 * or 0 (whatever uid_min says); CT_ENAMESVC when the name service could
 * not answer (issue 19: never "does not exist"); CT_ESYS / CT_ENOMEM on
 * other lookup errors.
 */
int ct_account_check(const char *user, uid_t uid_min, struct ct_err *e);

/* The uid and gid of the account user (CT_ENOUSER when none). */
int ct_account_uid(const char *user, uid_t *uid, gid_t *gid,
    struct ct_err *e);

/*
 * 1 when pw is libnss_cotter's answer for a person whose account does not
 * exist yet (issue 13): its GECOS is CT_NSS_GECOS and getpwuid_r of its
 * uid does not give the same name back (the NSS module answers no
 * getpwuid).  ct_account_check treats such a record as no account.
 */
int ct_account_placeholder(const struct ct_id *id);

/*
 * The same with the lookup's failure told apart: CT_OK with *is 0 or 1,
 * or CT_ENAMESVC when the name service could not answer getpwuid_r (then
 * nothing about the account may be decided; *is is 1).
 */
int ct_account_placeholder_r(const struct ct_id *id, int *is,
    struct ct_err *e);

/*
 * Looks user up; *pending = 1 with the record's uid and gid when the name
 * service answers only with libnss_cotter's record, else 0.  CT_OK, or
 * CT_ENAMESVC / CT_ESYS / CT_ENOMEM when the lookup failed.
 */
int ct_account_pending(const char *user, uid_t *uid, gid_t *gid,
    int *pending, struct ct_err *e);

#endif

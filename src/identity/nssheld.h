/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nssheld.h - what libnss_cotter.so.2 answered, in this very process,
 * for a name before authentication (issue 19).  sshd keeps that record
 * and opens the session with its uid and gid, whatever account the login
 * ends up with; so every path that lets the login through must end at an
 * account with exactly that uid and gid.
 */
#ifndef CT_NSSHELD_H
#define CT_NSSHELD_H

#include <sys/types.h>

#include "err.h"

/* The soname glibc loads and the query it exports (nss/nss_cotter.c). */
#define CT_NSS_SONAME		"libnss_cotter.so.2"
#define CT_NSS_HELD_SYM		"_nss_cotter_held"

/* Part of every refusal of this kind: pam_cotter.c says it on screen. */
#define CT_HELD_RECONNECT	"reconnect"

/*
 * The query: 1 with *uid and *gid when this process answered name, else
 * 0 (the signature of _nss_cotter_held).
 */
typedef int (*ct_held_fn)(const char *name, uid_t *uid, gid_t *gid);

/*
 * *held = 1 with the uid and gid this process's libnss_cotter answered
 * for name, else 0.  A module that is not loaded answered nothing.
 * CT_OK, or CT_ESYS when the loaded module has no query (never guess).
 */
int ct_nss_held(const char *name, uid_t *uid, gid_t *gid, int *held,
    struct ct_err *e);

/*
 * CT_OK when this process holds no answer for name, or when the account
 * name has exactly the uid and gid it holds; else CT_EAUTH with a reason
 * that says to reconnect (CT_ESYS, CT_ENOMEM when a lookup failed).
 */
int ct_nss_held_match(const char *name, struct ct_err *e);

/*
 * The account phase's question (pam_sm_acct_mgmt): CT_OK when user is an
 * account as far as this module knows; CT_ENOUSER with the reason when
 * the name service answers only libnss_cotter's record before a first
 * login, or when this process holds an answer for user that the name
 * service no longer gives (withdrawn, or a real account with another uid
 * or gid); CT_ESYS or CT_ENOMEM when a lookup failed (never "fine").
 */
int ct_nss_account_gate(const char *user, struct ct_err *e);

/* Tests only: answer with fn instead of the loaded module (NULL: undo). */
void ct_nss_held_source(ct_held_fn fn);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * resolve.h - which local account a verified token opens (DESIGN.md
 * invariant 6): map_file, then bindings, then automatic mapping and, when
 * create_users is on, creation through the account helper.
 */
#ifndef CT_RESOLVE_H
#define CT_RESOLVE_H

#include "claims.h"
#include "config.h"
#include "err.h"

#define CT_USERADD_HELPER	"pam_cotter_useradd"	/* in helper_dir */
#define CT_USERADD_TIMEOUT_MS	30000L

/* Exit statuses of pam_cotter_useradd (helpers/useradd/useradd.h repeats
 * them). */
#define CT_UA_OK		0	/* done, or already done */
#define CT_UA_REFUSED		1	/* a rule says no */
#define CT_UA_USAGE		2	/* bad command line */
#define CT_UA_NOPERM		3	/* not run by root, or set-id */
#define CT_UA_SYSERR		4	/* useradd failed, I/O, lock */
#define CT_UA_NOTFOUND		5	/* remove: no such binding */
#define CT_UA_NAMESVC		6	/* a lookup could not be answered */
#define CT_UA_HOMEEXISTS	7	/* /home/USER exists: not adopted */

/*
 * Decides which account the token's identity id may open when the caller
 * asked for pam_user.  On CT_OK *account (malloc'd) is the local account;
 * it differs from pam_user only when pam_user is an email (then the
 * caller sets PAM_USER to it).  Order:
 *  1. pam_user containing '@' must equal id->identity (ASCII case-
 *     insensitively), else CT_EAUTH; the target is then ct_automap of it.
 *     Otherwise the target is pam_user.
 *  2. root, toor, nobody, nfsnobody are never reachable (CT_EAUTH).
 *  3. map_file: if it lists the identity (or sub:), it alone decides
 *     (ct_usermap_check), then ct_account_check; no binding is needed.
 *  4. A binding of the target: bound to the same (iss, sub) byte for byte
 *     -> ct_account_check (account missing: recreated when create_users);
 *     bound to another -> CT_EAUTH; pending (pre-created by the
 *     administrator) and the same iss and identity -> the helper records
 *     the sub once ("claim").
 *  5. No binding: ct_automap must give exactly the target (CT_EAUTH if it
 *     gives another name); an existing account is then unbound and never
 *     reachable (CT_EAUTH); a missing one is CT_ENOUSER when create_users
 *     is off, else the helper creates it and records the binding, and the
 *     result is checked again as in 4.
 * Codes: CT_EAUTH (refused), CT_ENOUSER (no account, creation off),
 * CT_ECONFIG (unsafe map or state), CT_ESYS (helper failed), CT_ENOMEM.
 */
int ct_resolve(const struct ct_config *cfg, const struct ct_identity *id,
    const char *pam_user, char **account, struct ct_err *e);

/*
 * The same decision, each step also reported to run (run.h).  In a dry
 * run the helper is never started: its step is reported as CT_STEP_WOULD
 * and the decision goes on as if it had succeeded.
 */
struct ct_run;
int ct_resolve_run(const struct ct_config *cfg, const struct ct_identity *id,
    const char *pam_user, const struct ct_run *run, char **account,
    struct ct_err *e);

#endif

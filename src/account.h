/*
 * account.h - the local account a token may open (DESIGN.md invariant 6).
 */
#ifndef CT_ACCOUNT_H
#define CT_ACCOUNT_H

#include <sys/types.h>

#include "err.h"

/*
 * Looks user up with getpwnam_r (reentrant).  CT_OK when it exists, its
 * pw_name equals user byte for byte, and its uid is >= uid_min and not 0;
 * CT_ENOUSER when it does not exist; CT_EAUTH when its uid is below uid_min
 * or 0 (whatever uid_min says); CT_ESYS on lookup errors.
 */
int ct_account_check(const char *user, uid_t uid_min, struct ct_err *e);

#endif

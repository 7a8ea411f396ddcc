/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * adopt.h - moving off an issuer (issue 23): with adopt_from = OTHER in
 * an issuer's section, a verified token of that issuer takes over an
 * account bound under OTHER to the same identity, once.
 */
#ifndef CT_ADOPT_H
#define CT_ADOPT_H

#include "binding.h"
#include "claims.h"
#include "config.h"
#include "err.h"

struct ct_run;

/*
 * 1 when b is bound under the issuer cfg->adopt_from names, which is not
 * the token's (an account already bound under this issuer is never
 * adopted): the takeover is then ct_adopt_run's to decide.
 */
int ct_adopt_applies(const struct ct_config *cfg,
    const struct ct_identity *id, const struct ct_binding *b);

/*
 * The takeover of target: the token's identity equals the bound one
 * (ASCII case-insensitively), email_verified is true where the token
 * carries it, the service is a root service; the account helper's
 * "adopt" then refuses when the identity or sub is bound to another
 * account under this issuer, and rebinds (the old binding kept as
 * history, logged).  CT_OK only when the binding now names this token's
 * (iss, sub); CT_EAUTH with a reason otherwise.
 */
int ct_adopt_run(const struct ct_config *cfg, const struct ct_identity *id,
    const char *target, const struct ct_binding *b, const char *shown,
    const struct ct_run *run, struct ct_err *e);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * replay.h - a token opens one login (issue 24, RFC 7519 section 4.1.7):
 * the replay store's policy over replaystore.c.
 */
#ifndef CT_REPLAY_H
#define CT_REPLAY_H

#include <time.h>

#include "claims.h"
#include "config.h"
#include "err.h"
#include "run.h"

/*
 * Records this use of the verified token id (its jti, exp) for service
 * under view's replay mode, after the signature and every claim passed
 * and before any later step (an account refused afterwards still used
 * the token).  CT_OK: first use (or replay off).  CT_EAUTH with a line on
 * screen: already used here.  CT_ESYS: the store is broken, full or
 * unwritable by root (fail closed).  Not root (a screen locker as the
 * user): a recorded token is refused, an unrecorded one accepted, and
 * note says this use could not be recorded.  A dry run (run that may not
 * act) only reports what is recorded.
 */
int ct_replay_use(const struct ct_config *view, const struct ct_identity *id,
    const char *service, time_t now, const struct ct_run *run,
    struct ct_err *note, struct ct_err *e);

/*
 * pam-cotter check: whether the token with jti of view's issuer was used
 * here: service NULL asks for any use, else for that service's.  *exists,
 * and when it does ent (what, when) and *corrupt.  Records nothing.
 */
struct ct_replay_entry;
int ct_replay_lookup(const struct ct_config *view, const char *jti,
    const char *service, int *exists, struct ct_replay_entry *ent,
    int *corrupt, struct ct_err *e);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_replay.h - pam-cotter check: whether the token was used here
 * (issue 24.5); records nothing.
 */
#ifndef AD_CHECK_REPLAY_H
#define AD_CHECK_REPLAY_H

#include "admin.h"
#include "config.h"

/* Reports the uses of the token with jti under view v's issuer. */
void ad_check_replay(struct ad_out *out, const struct ct_config *v,
    const char *jti);

#endif

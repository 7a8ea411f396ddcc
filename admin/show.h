/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * show.h - the header and claims of a token, for display only.
 */
#ifndef AD_SHOW_H
#define AD_SHOW_H

#include <stddef.h>

#include "admin.h"

/*
 * Prints (or puts in the JSON object) alg, kid, typ, iss, sub, type,
 * aud, the identity claim, and iat/nbf/exp as dates and relative to now.
 * Undecodable parts are said to be so; nothing is judged here.
 */
void ad_show_token(struct ad_out *out, const char *tok, size_t len,
    const char *identity_claim, long long now);

#endif

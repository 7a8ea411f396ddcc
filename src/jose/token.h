/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * token.h - the whole verification of one token: parse, pick the key,
 * verify the signature, check the claims (RFC 7519 section 7.2).
 */
#ifndef CT_TOKEN_H
#define CT_TOKEN_H

#include <stddef.h>
#include <time.h>

#include "claims.h"
#include "config.h"
#include "err.h"
#include "jwks.h"

/*
 * Order matters (RFC 8725 3.1): the header is parsed and the alg checked
 * against cfg->algorithms before any key is chosen; the key's alg must equal
 * the token's; the signature is verified before any claim is trusted.
 * Returns CT_OK and *id, or CT_EAUTH / CT_ENOMEM with a reason.
 */
int ct_token_verify(const char *token, size_t len, const struct ct_jwks *keys,
    const struct ct_config *cfg, time_t now, struct ct_identity **id,
    struct ct_err *e);

/*
 * The same verification, each step also reported to run (run.h; NULL
 * reports nothing): "format+alg", "key", "signature", then the claims.
 */
struct ct_run;
int ct_token_verify_run(const char *token, size_t len,
    const struct ct_jwks *keys, const struct ct_config *cfg, time_t now,
    const struct ct_run *run, struct ct_identity **id, struct ct_err *e);

#endif

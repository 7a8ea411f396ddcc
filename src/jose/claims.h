/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * claims.h - JWT claim validation (RFC 7519 section 4.1, RFC 8725
 * sections 3.8-3.11) and identity extraction.
 */
#ifndef CT_CLAIMS_H
#define CT_CLAIMS_H

#include <time.h>

#include "config.h"
#include "err.h"
#include "jdoc.h"

#define CT_CLAIM_STR_MAX 512	/* longest iss/sub/identity we accept */

struct ct_groups;

struct ct_identity {
	char *iss;		/* copied from the token */
	char *sub;		/* copied from the token; required */
	char *identity;		/* value of cfg->identity_claim, or NULL */
	struct ct_groups *groups; /* issue 23 (groups.h); NULL when none */
};

/*
 * Checks the claims object against cfg at time now.  All refusals are
 * CT_EAUTH with a reason naming the claim:
 *  - iss: required string, byte-for-byte equal to cfg->issuer;
 *  - aud: required; a string equal to cfg->audience, or a non-empty array
 *    of strings one of which is equal (any non-string element refuses);
 *  - exp: required NumericDate (an integer, 0..year 9999), now < exp + leeway;
 *  - nbf: if present, nbf <= now + leeway;
 *  - iat: if present, iat <= now + leeway; if cfg->max_token_age > 0, iat
 *    is then required and now - iat <= max_token_age;
 *  - type: if cfg->token_type is non-empty, "type" must be a string equal
 *    to one of its space-separated words (a token without "type" refuses);
 *  - sub: required non-empty string;
 *  - identity: cfg->identity_claim, if present, must be a non-empty string;
 *    absent is allowed (2020-era Cotter tokens) and leaves identity NULL.
 *  Any string claim used here longer than CT_CLAIM_STR_MAX or holding a
 *  control character refuses.
 * On CT_OK fills *id (free with ct_identity_free).
 */
int ct_claims_check(const struct ct_jval *claims, const struct ct_config *cfg,
    time_t now, struct ct_identity **id, struct ct_err *e);

/*
 * The same checks in the same order, each one also reported to run
 * (run.h; NULL reports nothing): "iss", "aud", "exp/nbf/iat", "type",
 * "sub" and the identity claim's name.
 */
struct ct_run;
int ct_claims_check_run(const struct ct_jval *claims,
    const struct ct_config *cfg, time_t now, const struct ct_run *run,
    struct ct_identity **id, struct ct_err *e);

void ct_identity_free(struct ct_identity *id);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * groups.h - the values of a token's groups claim (issue 23) and its
 * email_verified claim (OpenID Connect Core 1.0, 5.1), read from the
 * verified claims with the project's own reader (jdoc.h).
 *
 * groups_claim names a claim, or a dotted path into nested objects
 * ("realm_access.roles").  Its value is an array of strings (Keycloak,
 * Entra ID), each one value as it is, or ONE string (glewlwyd joins a
 * user's groups with commas: "linux-admins,developers"), split at each
 * ',' with the spaces around a value dropped; spaces inside a value stay
 * (a string is never split at spaces).  An absent claim is no value.
 * Anything else (a number, an object, an array holding a non-string, a
 * value with a control character or longer than CT_CLAIM_STR_MAX, more
 * than CT_GROUPS_VALUES_MAX values) refuses the token: it is never read
 * as "no groups".
 */
#ifndef CT_GROUPS_H
#define CT_GROUPS_H

#include <stddef.h>

#include "claims.h"
#include "config.h"
#include "err.h"
#include "jdoc.h"

#define CT_GROUPS_VALUES_MAX	1024	/* values of one groups claim */

struct ct_groups {
	size_t n;		/* values */
	char **v;		/* n NUL-terminated values */
	int present;		/* the claim was in the token */
	int email_verified;	/* -1 absent, 0 false (or not a bool), 1 true */
};

/*
 * Reads cfg->groups_claim (when set) and email_verified from claims into
 * id->groups, reporting the step "groups" to run when groups_claim is
 * set.  CT_EAUTH with a reason for a claim of the wrong shape.
 */
struct ct_run;
int ct_groups_from_claims_run(const struct ct_jval *claims,
    const struct ct_config *cfg, const struct ct_run *run,
    struct ct_identity *id, struct ct_err *e);

/* 1 when the token carried the value s (byte for byte). */
int ct_groups_has(const struct ct_groups *g, const char *s);

void ct_groups_free(struct ct_groups *g);

#endif

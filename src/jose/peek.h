/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * peek.h - the issuer a token claims, read before anything is verified
 * (issue 22): only to choose which issuer section's keys and rules judge
 * it (RFC 8725 section 3.1: the keys never come from the token itself).
 */
#ifndef CT_PEEK_H
#define CT_PEEK_H

#include <stddef.h>

#include "err.h"

/*
 * The string value of the payload's "iss" (RFC 7519 section 4.1.1) of
 * len bytes of a compact JWS, read with the strict reader (jdoc.h), or
 * CT_EAUTH with a reason: not three segments, a payload that is not a
 * strict JSON object, iss missing or not a string.  *iss is malloc'd.
 * Unverified: the caller trusts nothing but the choice of section.
 */
int ct_peek_iss(const char *token, size_t len, char **iss,
    struct ct_err *e);

#endif

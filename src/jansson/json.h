/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * json.h - strict JSON object parsing for JOSE headers, claim sets and JWK
 * Sets (RFC 7515 section 4 / RFC 7519 section 7.2 / RFC 8259).
 */
#ifndef CT_JSON_H
#define CT_JSON_H

#include <stddef.h>
#include <jansson.h>

#include "err.h"
#include "jscan.h"	/* CT_JSON_MAX_DEPTH: one limit for both readers */

/*
 * Parses exactly len bytes of buf as one JSON text that must be an object.
 * Refuses: duplicate member names at any level (JSON_REJECT_DUPLICATES),
 * a NUL byte anywhere in buf, "\u0000" in any string, invalid UTF-8,
 * nesting deeper than CT_JSON_MAX_DEPTH (checked before jansson runs),
 * trailing data, and any top-level value that is not an object.
 * On refusal returns NULL and records code `code` (CT_EAUTH for token parts,
 * CT_ENOKEYS for key sets) with a reason naming `what` ("header",
 * "claims", "key set").  The caller json_decref()s the result.
 */
json_t *ct_json_parse_object(const char *buf, size_t len, const char *what,
    int code, struct ct_err *e);

/*
 * Reads an integer claim (RFC 7519 section 2 NumericDate) from obj.
 * Returns 0 and sets *out when member `name` is a JSON integer in
 * [0, 253402300799] (year 9999); returns 1 when the member is absent;
 * returns -1 for any other type or range (real numbers, strings, negative,
 * booleans, null).
 */
int ct_json_get_numeric_date(const json_t *obj, const char *name,
    long long *out);

#endif

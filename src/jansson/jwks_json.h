/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jwks_json.h - a JWK Set read through jansson (jwks_json.c): the
 * fetcher's check of every set before it writes the cache, and the tests'
 * and fuzzers' reference reader.  The module never links it: it reads the
 * cache with ct_jwks_parse_lazy (jwks.h).
 */
#ifndef CT_JWKS_JSON_H
#define CT_JWKS_JSON_H

#include <stddef.h>

#include "err.h"
#include "jwks.h"

/*
 * Parses len bytes of buf as a JWK Set: an object whose "keys" member is a
 * non-empty array of at most CT_JWKS_MAX_KEYS JWK objects.  The set is
 * taken whole or not at all: every key must pass ct_jwk_load (structure
 * and cryptography), no two keys may share a kid, and a set of more than
 * one key must give every key a kid.  Returns CT_OK with *out (free with
 * ct_jwks_free) or CT_ENOKEYS.  The fetcher checks every set this way
 * before it writes the cache.  Read by jansson (jwks_json.c), which the
 * module never links, and then by the module's own reader
 * (ct_jwks_parse_lazy): a set either refuses is refused (issue 19).
 */
int ct_jwks_parse(const char *buf, size_t len, struct ct_jwks **out,
    struct ct_err *e);

/*
 * The structure-only parse through jansson (ct_jwk_check on every key,
 * nothing built): what ct_jwks_parse_lazy must agree with.  For tests and
 * the differential fuzzer (tests/fuzz/fuzz_jwks.c).
 */
int ct_jwks_parse_tree(const char *buf, size_t len, struct ct_jwks **out,
    struct ct_err *e);

#endif

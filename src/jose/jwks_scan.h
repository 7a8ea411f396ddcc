/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jwks_scan.h - a strict one-pass reader of a JWK Set's text (issue 15):
 * checks all of it, builds nothing (jwks_scan.c).
 */
#ifndef CT_JWKS_SCAN_H
#define CT_JWKS_SCAN_H

#include <stddef.h>

#include "err.h"
#include "jwk.h"

/* One key of the set: where its object lies, and what its check found. */
struct ct_jwks_span {
	size_t off, len;	/* the JWK object's bytes in the text */
	struct ct_key key;	/* kid and alg; jwk and pkey NULL */
	struct ct_jwk_str kid;	/* during the scan: the kid, if any */
};

/*
 * Reads len bytes of buf as a JWK Set: a JSON object (RFC 8259, strict:
 * see jwks_scan.c) whose "keys" member is an array of 1..max JWK objects,
 * each passing ct_jwk_check_fields.  Fills spans[0..*nkeys); their kids
 * point into one allocation, *kids (free it, not the kids, after the
 * keys: ct_jwks_free does).  CT_OK, CT_ENOKEYS or CT_ENOMEM.  Kids are
 * not compared here (ct_jwks_parse_lazy does).
 */
int ct_jwks_scan(const char *buf, size_t len, struct ct_jwks_span *spans,
    size_t max, size_t *nkeys, char **kids, struct ct_err *e);

/*
 * Reads one JWK object of a set ct_jwks_scan accepted (buf, len: its span)
 * into *f, with the same reader: the fields point into buf or into
 * *arena (free it after the last use of *f).  kid_by_ref is set: the kid
 * stays in f->kid.  CT_OK, or CT_ENOKEYS / CT_ENOMEM with e set.
 */
int ct_jwks_scan_key(const char *buf, size_t len, struct ct_jwk_fields *f,
    char **arena, struct ct_err *e);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * collect.h - a token entered in parts.  Clients cut long replies (sudo
 * drops 512 bytes or more, the OpenSSH client keeps 1023 characters), so
 * a reply that is a proper prefix of a compact JWS (RFC 7515 section 7.1)
 * is continued by the next reply.
 */
#ifndef CT_COLLECT_H
#define CT_COLLECT_H

#include <stddef.h>

#include "jwks.h"

#define CT_MAX_PARTS 8		/* replies joined into one token at most */
#define CT_PREFIX_MIN 32	/* a shorter first reply is never a cut token */

enum ct_shape {
	CT_SHAPE_COMPLETE,	/* three segments, a full-length signature */
	CT_SHAPE_PREFIX,	/* a proper prefix of a compact JWS: ask for more */
	CT_SHAPE_OTHER		/* anything else (a password, garbage) */
};

/*
 * Classifies len bytes of text.  PREFIX when text starts with "ey" (the
 * base64url of a JSON object's "{"), is at least CT_PREFIX_MIN long, holds
 * only base64url characters and dots, and has fewer than two dots or a
 * last segment shorter than sig_chars.  COMPLETE when it holds exactly two
 * dots, only those characters, and a last segment of at least sig_chars.
 * OTHER otherwise (including anything longer than CT_TOKEN_MAX).
 */
enum ct_shape ct_collect_shape(const char *text, size_t len,
    size_t sig_chars);

/*
 * Base64url length of the signature the token's header alg and own key
 * would produce: 86 for ES256 and EdDSA, 128 for ES384, 176 for ES512,
 * 4*ceil(bytes/3) minus padding for RS and PS with the key's modulus (342
 * for 2048 bits, also when keys is NULL or the kid unknown).  An alg that
 * the configured algorithms (CT_ALG_* mask) do not allow gives 1 (the
 * token is whole; the verifier refuses its alg).  Before the header
 * segment is complete: the shortest length the configured algorithms
 * allow.
 */
size_t ct_collect_sig_chars(const struct ct_jwks *keys, unsigned algs,
    const char *text, size_t len);

/*
 * ct_collect_shape(text, len, ct_collect_sig_chars(keys, algs, text, len)),
 * without decoding the header when the answer does not depend on it: a
 * last segment at least as long as every length ct_collect_sig_chars can
 * return for this set (no RSA key: the longest fixed length of the
 * configured algorithms, 342 for RSA ones without a key) is COMPLETE
 * whichever key the header names (issue 15: the verifier reads the header
 * once, not the prompt as well).
 */
enum ct_shape ct_collect_token_shape(const struct ct_jwks *keys,
    unsigned algs, const char *text, size_t len);

/* 1 when every byte of text is base64url or '.', and len > 0. */
int ct_collect_continuable(const char *text, size_t len);

#endif

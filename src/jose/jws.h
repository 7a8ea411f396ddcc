/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jws.h - JWS Compact Serialization parsing (RFC 7515 section 7.1) and
 * JOSE header checks (RFC 7515 section 4.1, RFC 8725 section 3).
 */
#ifndef CT_JWS_H
#define CT_JWS_H

#include <stddef.h>

#include "alg.h"
#include "err.h"
#include "jdoc.h"

#define CT_TOKEN_MAX 16384	/* refused before any decoding */

struct ct_jws {
	enum ct_alg alg;	/* header alg, already known to be allowed */
	char *kid;		/* header kid or NULL */
	struct ct_jdoc *header;
	struct ct_jdoc *claims;	/* the payload, once ct_jws_claims ran */
	char *signing_input;	/* ASCII(b64(header) '.' b64(payload)) */
	size_t signing_input_len;
	size_t payload_off;	/* b64(payload) within signing_input */
	size_t payload_len;
	unsigned char *sig;
	size_t siglen;
};

/*
 * Parses a compact JWS of len bytes.  Refuses with CT_EAUTH:
 * len 0 or > CT_TOKEN_MAX (before decoding), any byte outside the base64url
 * alphabet and '.', a segment count other than 3, an empty header, payload
 * or signature segment, strict base64url failures of the header or the
 * signature, a header that is not a strict JSON object (ct_jdoc_parse),
 * header "alg" missing,
 * not a string, or not one of `allowed` (a CT_ALG_* mask: "none" and HMAC
 * can never be allowed), "kid" present but not a string, empty, containing
 * NUL or longer than CT_KID_MAX, any "crit" member (RFC 7515 4.1.11: we
 * understand no extensions), any of "jku", "x5u", "jwk", "x5c" (RFC 8725
 * 3.10: a token never supplies its own key), "b64" (RFC 7797), and a "typ"
 * or "cty" that is present but not a string.
 * Returns CT_OK and *out (free with ct_jws_free).
 */
int ct_jws_parse(const char *token, size_t len, unsigned allowed,
    struct ct_jws **out, struct ct_err *e);

/*
 * RFC 7515 5.2 step 8 before RFC 7519 7.2 step 10 (DESIGN.md step 5):
 * ct_jws_parse leaves the payload undecoded; this decodes it (strict
 * base64url) and reads it as a strict JSON object into jws->claims, to be
 * called only once the signature over it has verified.  CT_EAUTH with a
 * "claims: ..." reason otherwise.
 */
int ct_jws_claims(struct ct_jws *jws, struct ct_err *e);

/*
 * Issue 19: is s "shaped like a token"?  Yes when it is three non-empty
 * segments of base64url characters joined by two dots, nothing else, and
 * the first segment decodes (strict base64url) to text that, JSON
 * whitespace aside, starts with '{' and ends with '}'.  Every token
 * ct_jws_parse accepts has this shape; a password almost never does.
 * Input of this shape that the module refuses is taken out of
 * PAM_AUTHTOK, so it never reaches a later module as a password.
 */
int ct_jws_shaped(const char *s, size_t len);

/*
 * Explicit typing (RFC 8725 3.11, RFC 9068 2.1): when require (the
 * require_typ setting, words separated by spaces) holds a word, the
 * header's typ must name one of them, compared case-insensitively with
 * "application/" optional on either side (RFC 7515 4.1.9).  NULL or ""
 * checks nothing.  CT_OK or CT_EAUTH.
 */
int ct_jws_check_typ(const struct ct_jws *jws, const char *require,
    struct ct_err *e);

/* Frees and wipes everything; NULL-safe. */
void ct_jws_free(struct ct_jws *jws);

#endif

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
	enum ct_alg alg;	/* header alg, already known to be ES256/RS256 */
	char *kid;		/* header kid or NULL */
	struct ct_jdoc *header;
	struct ct_jdoc *claims;	/* the payload (RFC 7519 7.2) */
	char *signing_input;	/* ASCII(b64(header) '.' b64(payload)) */
	size_t signing_input_len;
	unsigned char *sig;
	size_t siglen;
};

/*
 * Parses a compact JWS of len bytes.  Refuses with CT_EAUTH:
 * len 0 or > CT_TOKEN_MAX (before decoding), any byte outside the base64url
 * alphabet and '.', a segment count other than 3, an empty header, payload
 * or signature segment, strict base64url failures, header or payload that
 * is not a strict JSON object (ct_jdoc_parse), header "alg" missing,
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

/* Frees and wipes everything; NULL-safe. */
void ct_jws_free(struct ct_jws *jws);

#endif

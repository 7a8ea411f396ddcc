/*
 * token.c - verify one compact JWS token end to end (RFC 7519 section 7.2).
 */
#include <string.h>

#include "claims.h"
#include "jws.h"
#include "jwks.h"
#include "sig.h"
#include "token.h"

int
ct_token_verify(const char *token, size_t len, const struct ct_jwks *keys,
    const struct ct_config *cfg, time_t now, struct ct_identity **id,
    struct ct_err *e)
{
	struct ct_jws *jws = NULL;
	const struct ct_key *key = NULL;
	int r = CT_EAUTH;

	*id = NULL;
	/* RFC 8725 3.1: the alg is checked against config while parsing. */
	if ((r = ct_jws_parse(token, len, cfg->algorithms, &jws, e)) != CT_OK)
		goto out;
	if ((r = ct_jwks_find(keys, jws->kid, &key, e)) != CT_OK)
		goto out;
	/* RFC 7515 5.2 step 8: no claim is trusted before the signature. */
	if ((r = ct_sig_verify(key, jws->alg,
	    (const unsigned char *)jws->signing_input, jws->signing_input_len,
	    jws->sig, jws->siglen, e)) != CT_OK)
		goto out;
	if ((r = ct_claims_check(jws->claims, cfg, now, id, e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	ct_jws_free(jws);
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * token.c - verify one compact JWS token end to end (RFC 7519 section 7.2).
 */
#include <string.h>

#include "claims.h"
#include "jws.h"
#include "jwks.h"
#include "run.h"
#include "sig.h"
#include "token.h"

/* What the key step reports: which key, never token bytes. */
static void
report_key(const struct ct_run *run, const struct ct_key *key,
    enum ct_alg alg)
{
	char kid[72];

	if (!ct_run_reports(run))
		return;
	if (key->kid == NULL)
		(void)strcpy(kid, "(the set's only key, no kid)");
	else
		ct_sanitize(kid, sizeof(kid), key->kid, strlen(key->kid));
	ct_run_step(run, "key", CT_STEP_PASS, "kid \"%s\" (%s)", kid,
	    ct_alg_name(alg));
}

int
ct_token_verify_run(const char *token, size_t len,
    const struct ct_jwks *keys, const struct ct_config *cfg, time_t now,
    const struct ct_run *run, struct ct_identity **id, struct ct_err *e)
{
	struct ct_jws *jws = NULL;
	const struct ct_key *key = NULL;
	int r = CT_EAUTH;

	*id = NULL;
	/* RFC 8725 3.1: the alg is checked against config while parsing. */
	r = ct_jws_parse(token, len, cfg->algorithms, &jws, e);
	ct_run_result(run, "format+alg", r, e->msg, "compact JWS, alg "
	    "allowed by the configuration");
	if (r != CT_OK)
		goto out;
	if ((r = ct_jwks_find(keys, jws->kid, &key, e)) != CT_OK) {
		ct_run_result(run, "key", r, e->msg, NULL);
		goto out;
	}
	report_key(run, key, jws->alg);
	/* RFC 7515 5.2 step 8: no claim is trusted before the signature. */
	r = ct_sig_verify(key, jws->alg,
	    (const unsigned char *)jws->signing_input, jws->signing_input_len,
	    jws->sig, jws->siglen, e);
	ct_run_result(run, "signature", r, e->msg, "verified");
	if (r != CT_OK)
		goto out;
	/* RFC 8725 3.11: explicit typing, when require_typ asks for it. */
	if (cfg->require_typ != NULL && *cfg->require_typ != '\0') {
		r = ct_jws_check_typ(jws, cfg->require_typ, e);
		ct_run_result(run, "typ", r, e->msg, "header typ is the "
		    "required type");
		if (r != CT_OK)
			goto out;
	}
	/* Issue 19: the payload is read only now, never before. */
	if ((r = ct_jws_claims(jws, e)) != CT_OK) {
		ct_run_result(run, "claims", r, e->msg, NULL);
		goto out;
	}
	if ((r = ct_claims_check_run(ct_jdoc_root(jws->claims), cfg, now,
	    run, id, e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	ct_jws_free(jws);
	return r;
}

int
ct_token_verify(const char *token, size_t len, const struct ct_jwks *keys,
    const struct ct_config *cfg, time_t now, struct ct_identity **id,
    struct ct_err *e)
{
	return ct_token_verify_run(token, len, keys, cfg, now, NULL, id, e);
}

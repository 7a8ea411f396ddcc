/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * prompt.h - ask for the token through the PAM conversation, in parts
 * when the client cuts long replies (see collect.h).
 */
#ifndef CT_PROMPT_H
#define CT_PROMPT_H

#include <security/pam_modules.h>

#include "err.h"
#include "jwks.h"

struct ct_prompts {
	const char *first;	/* prompt */
	const char *more;	/* prompt_more */
	unsigned algs;		/* configured CT_ALG_* mask */
	/*
	 * Several issuers (issue 22): once the claims segment has arrived
	 * whole, the token's own issuer's keys and algorithms, so that an
	 * RSA signature is measured against its issuer's modulus; 0 with
	 * *keys and *algs set, else -1 (the estimate keeps the union).
	 * NULL with one issuer.
	 */
	int (*issuer_of)(void *ctx, const char *text, size_t len,
	    const struct ct_jwks **keys, unsigned *algs);
	void *ctx;
	int device;		/* issue 25: sign-in on another device offered */
};

/*
 * Asks with p->first (PAM_PROMPT_ECHO_OFF, as pam_unix asks for a
 * password); while the replies joined so far are a proper prefix of a
 * compact JWS, asks again with p->more and appends, at most CT_MAX_PARTS
 * replies and never past CT_TOKEN_MAX bytes.  keys (may be NULL) tells
 * how long the token's signature must be.  Returns CT_OK with *token
 * (malloc'd; the caller wipes and frees it) and *parts, or CT_EAUTH with a
 * reason that says where the token stopped: a failed conversation, a reply
 * that cannot continue a token, too many parts.  A first reply that is not
 * a token at all (a password) is returned as it is.  Under a service
 * named sudo* a question whose answer did not arrive (sudo drops 512
 * bytes or more) is asked once more per call, the prompt saying how to
 * enter the token in parts (issue 21).
 */
int ct_prompt_token(pam_handle_t *pamh, const struct ct_prompts *p,
    const struct ct_jwks *keys, char **token, int *parts, struct ct_err *e);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * keyinfo.h - one JWK described for people, built with ct_jwk_load.
 */
#ifndef AD_KEYINFO_H
#define AD_KEYINFO_H

#include <jansson.h>

#include "err.h"

struct ad_keyinfo {
	char kid[72];		/* sanitized, "(none)" */
	char type[32];		/* "EC P-256", "RSA 2048", "oct", ... */
	char alg[16];		/* the alg the key fits, or its "alg" */
	int usable;		/* ct_jwk_load accepted it */
	char why[CT_ERR_MSG_MAX];
};

void ad_keyinfo(const json_t *jwk, struct ad_keyinfo *k);

/* The kids of the set in the cache file (for refresh's diff). */
json_t *ad_cache_kids(const char *cache);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_account.h - the account a verified token leads to, without
 * --user (issue 21, point 7).
 */
#ifndef AD_CHECK_ACCOUNT_H
#define AD_CHECK_ACCOUNT_H

#include "binding.h"
#include "claims.h"
#include "config.h"

struct ad_account {
	char name[CT_BIND_USER_MAX + 1];
	char source[4200];	/* "map_file PATH line N", a binding, ... */
};

/*
 * Looks for the account in the module's order: map_file (its first line
 * naming the identity), a binding of the token's iss and sub (or pending
 * for its identity), automatic mapping.  1 with *acc filled, 0 if none.
 */
int ad_find_account(const struct ct_config *cfg,
    const struct ct_identity *id, struct ad_account *acc);

#endif

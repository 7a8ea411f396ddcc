/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rights.h - the keys of issue 23 (rights from the token): groups_claim,
 * group_map, require_groups (per issuer), deny_file (global) and
 * adopt_from (per issuer).  config.c's key table calls these setters.
 *
 * group_map is stored as written, normalized to "VALUE:GROUP" words
 * separated by one space; VALUE is the claim value (printable ASCII, no
 * space and no ','), GROUP a local group name (ct_username_valid, never
 * "root"); the pair is split at its last ':' (a group name holds none).
 */
#ifndef CT_RIGHTS_H
#define CT_RIGHTS_H

#include <stddef.h>

#include "config.h"
#include "err.h"

#define CT_GROUPS_CLAIM_MAX	128	/* groups_claim, dotted path */
#define CT_GROUP_MAP_PAIRS	32	/* pairs in group_map */
#define CT_GROUP_VALUE_MAX	128	/* one claim value */
#define CT_GROUP_NAME_MAX	32	/* one local group name */
#define CT_REQUIRE_GROUPS_MAX	32	/* values of require_groups */
#define CT_GROUP_MAP_TEXT_MAX	(CT_GROUP_MAP_PAIRS * \
	(CT_GROUP_VALUE_MAX + CT_GROUP_NAME_MAX + 2))
#define CT_DEFAULT_DENY_FILE	"/etc/security/pam_cotter.deny"

int ct_rights_set_groups_claim(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e);
int ct_rights_set_group_map(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e);
int ct_rights_set_require_groups(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e);
int ct_rights_set_deny_file(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e);
int ct_rights_set_adopt_from(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e);

/*
 * The whole configuration: require_groups and group_map need a
 * groups_claim; adopt_from names another issuer of cfg.  CT_ECONFIG.
 */
int ct_rights_check(const struct ct_config *cfg, struct ct_err *e);

/*
 * The next pair of a normalized group_map at *p: 1 and value/group
 * filled (sizes CT_GROUP_VALUE_MAX + 1, CT_GROUP_NAME_MAX + 1), 0 at
 * the end.  *p advances.
 */
int ct_group_map_next(const char **p, char *value, char *group);

/* 1 when s is one word of the space-separated list. */
int ct_rights_word_in(const char *list, const char *s);

#endif

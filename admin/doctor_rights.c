/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_rights.c - issue 23 on this host: each local group a group_map
 * names exists in /etc/group and is not gid 0, and deny_file is safe and
 * well-formed.
 */
#include <grp.h>
#include <stdio.h>
#include <string.h>

#include "deny.h"
#include "doctor.h"
#include "grmember.h"
#include "idlookup.h"
#include "names.h"
#include "rights.h"

/* One mapped group of issuer name. */
static void
mapped(struct ad_doc *d, const char *name, const char *g)
{
	gid_t gid = 0;
	int member = 0, r = ct_group_member(g, "-", &gid, &member);

	if (r == CT_ID_ABSENT)
		ad_find(d, AD_FAIL, "group_map", "issuer %s: group %s does not "
		    "exist: every login logs it, none creates it (fix: groupadd "
		    "%s, or take it out of group_map)", name, g, g);
	else if (r == CT_ID_ERROR)
		ad_find(d, AD_WARN, "group_map", "issuer %s: cannot tell whether "
		    "group %s exists (the name service did not answer)", name, g);
	else if (gid == 0)
		ad_find(d, AD_FAIL, "group_map", "issuer %s: group %s has gid 0: "
		    "every login that maps it is refused", name, g);
	else
		ad_find(d, AD_OK, "group_map", "issuer %s: group %s exists (gid "
		    "%lu)", name, g, (unsigned long)gid);
}

void
ad_rights(struct ad_doc *d, const struct ct_config *cfg)
{
	char value[CT_GROUP_VALUE_MAX + 1], g[CT_GROUP_NAME_MAX + 1];
	char done[1100];
	struct ct_config v;
	struct ct_err e;
	const char *p;
	size_t i, n = ct_config_issuers(cfg), len;

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		done[0] = '\0';
		len = 0;
		for (p = v.group_map; ct_group_map_next(&p, value, g);) {
			if (ct_name_in_list(done, g, strlen(g)))
				continue;
			len += (size_t)snprintf(done + len, sizeof(done) - len,
			    "%s%s", len > 0 ? "," : "", g);
			mapped(d, v.section, g);
		}
	}
	ct_err_clear(&e);
	if (ct_deny_check(cfg->deny_file, NULL, NULL, NULL, &e) != CT_OK)
		ad_find(d, AD_FAIL, "deny_file", "%s: every login is refused "
		    "until it is fixed", e.msg);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * managed.c - what accounts list shows of issue 23: the issuer section a
 * binding names, and the groups its group_map manages that the account
 * is a listed member of now.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "binding.h"
#include "names.h"
#include "grmember.h"
#include "idlookup.h"
#include "rights.h"

void
ad_managed(const struct ct_config *cfg, const struct ct_binding *b,
    char *issuer, size_t isize, char *groups, size_t gsize)
{
	char value[CT_GROUP_VALUE_MAX + 1], g[CT_GROUP_NAME_MAX + 1];
	struct ct_config v;
	const char *p;
	size_t len = 0;
	gid_t gid = 0;
	int i = ct_config_issuer_find(cfg, b->iss), member = 0;

	(void)snprintf(issuer, isize, "%s", i < 0 ? "(no section)" :
	    ct_config_issuer_name(cfg, (size_t)i));
	groups[0] = '\0';
	if (i < 0)
		return;
	ct_config_view(cfg, (size_t)i, &v);
	for (p = v.group_map; ct_group_map_next(&p, value, g);) {
		if (ct_name_in_list(groups, g, strlen(g)) ||
		    ct_group_member(g, b->user, &gid, &member) != CT_ID_FOUND ||
		    !member)
			continue;
		len += (size_t)snprintf(groups + len, gsize - len, "%s%s",
		    len > 0 ? "," : "", g);
		if (len >= gsize)
			break;
	}
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_groups.c - the supplementary groups every created account gets
 * (user_groups) exist where useradd looks: Debian 12's useradd adds a user
 * only to groups of /etc/group, and exits 6 for one that lives only in a
 * directory (LDAP through nslcd or sssd) (issue 21, point 6).
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>

#include "doctor.h"
#include "idlookup.h"

#define AD_GROUP_FILE "/etc/group"

/* 1 when name has a line in /etc/group, 0 when not, -1 when unreadable. */
static int
local_group(const char *name)
{
	struct group *g;
	FILE *f;
	int found = 0;

	if ((f = fopen(AD_GROUP_FILE, "re")) == NULL)
		return -1;
	while (!found && (g = fgetgrent(f)) != NULL)
		found = strcmp(g->gr_name, name) == 0;
	(void)fclose(f);
	return found;
}

/* One group of key (user_groups: the primary group may be a directory's). */
static void
one_group(struct ad_doc *d, const char *key, const char *name)
{
	struct ct_id gr;
	int local = local_group(name), r;

	if (local == 1)
		return;
	r = ct_id_grnam(name, &gr);
	if (local == -1)
		ad_find(d, AD_WARN, key, "cannot tell whether group %s exists: "
		    "%s cannot be read", name, AD_GROUP_FILE);
	else if (r == CT_ID_FOUND)
		ad_find(d, AD_FAIL, key, "group %s exists only in the name "
		    "service (a directory), not in %s: useradd refuses it "
		    "(exit 6) and no account can be created (fix: groupadd "
		    "%s, or take it out of %s)", name, AD_GROUP_FILE, name, key);
	else if (r == CT_ID_ERROR)
		ad_find(d, AD_WARN, key, "cannot tell whether group %s exists: "
		    "it is not in %s and the name service did not answer (%s)",
		    name, AD_GROUP_FILE, CT_STRERROR(gr.err));
	else
		ad_find(d, AD_FAIL, key, "no group %s: useradd refuses it and "
		    "no account can be created (fix: groupadd %s, or take it "
		    "out of %s)", name, name, key);
}

void
ad_groups(struct ad_doc *d, const struct ct_config *cfg)
{
	char name[64];
	const char *p = cfg->user_groups;
	size_t n;

	while (*p != '\0') {
		n = strcspn(p, ",");
		if (n > 0 && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			one_group(d, "user_groups", name);
		}
		p += n + (p[n] == ',');
	}
	ad_rights(d, cfg);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * grmember.c - a group's gid and whether a user is a listed member.
 */
#include <grp.h>
#include <string.h>

#include "grmember.h"
#include "idlookup.h"

struct mkey {
	const char *group;
	const char *user;
	int *member;
};

static int
member_one(const void *k, struct ct_id *id, char *buf, size_t size,
    int *hit)
{
	const struct mkey *key = k;
	struct group gr, *res = NULL;
	char **m;
	int rc;

	*key->member = 0;
	rc = getgrnam_r(key->group, &gr, buf, size, &res);
	if (rc == 0 && res != NULL) {
		id->gid = res->gr_gid;
		for (m = res->gr_mem; m != NULL && *m != NULL; m++)
			if (strcmp(*m, key->user) == 0)
				*key->member = 1;
		*hit = 1;
	}
	return rc;
}

int
ct_group_member(const char *group, const char *user, gid_t *gid,
    int *member)
{
	struct ct_id id;
	const struct mkey key = { group, user, member };
	int r;

	*member = 0;
	r = ct_id_run(member_one, &key, &id);
	*gid = id.gid;
	return r;
}

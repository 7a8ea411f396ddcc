/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * idlookup.c - one reentrant passwd/group lookup for the module, the NSS
 * module, the account helper and uid allocation: getpwnam_r(3) and
 * friends with a buffer that doubles on ERANGE up to CT_ID_BUF_MAX.
 */
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "idlookup.h"

/* s into dst (size bytes), or "" when s is NULL or does not fit. */
static void
copy_out(char *dst, size_t size, const char *s)
{
	size_t n;

	dst[0] = '\0';
	if (s != NULL && (n = strlen(s)) < size)
		memcpy(dst, s, n + 1);
}

int
ct_id_run(ct_id_fn fn, const void *key, struct ct_id *id)
{
	char *buf = NULL, *nb;
	size_t size = CT_ID_BUF_START;
	int rc, hit = 0, r = CT_ID_ERROR;

	memset(id, 0, sizeof(*id));
	for (;;) {
		if ((nb = realloc(buf, size)) == NULL) {
			id->err = ENOMEM;
			goto out;
		}
		buf = nb;
		hit = 0;
		if ((rc = fn(key, id, buf, size, &hit)) != ERANGE)
			break;
		if (size >= CT_ID_BUF_MAX) {
			id->err = ERANGE;
			goto out;
		}
		size = size * 2 > CT_ID_BUF_MAX ? CT_ID_BUF_MAX : size * 2;
	}
	/*
	 * glibc answers a real miss with 0 and no result (every source said
	 * NSS_STATUS_NOTFOUND).  Any other code, ENOENT included, is a source
	 * that could not answer: nslcd or sssd stopped, a directory server
	 * down (issue 19).  It never means "no such id".
	 */
	if (rc != 0) {
		id->err = rc;
		goto out;
	}
	r = hit ? CT_ID_FOUND : CT_ID_ABSENT;
out:
	free(buf);
	return r;
}

static void
from_passwd(struct ct_id *id, const struct passwd *pw)
{
	id->uid = pw->pw_uid;
	id->gid = pw->pw_gid;
	copy_out(id->name, sizeof(id->name), pw->pw_name);
	copy_out(id->gecos, sizeof(id->gecos), pw->pw_gecos);
}

static void
from_group(struct ct_id *id, const struct group *gr)
{
	id->gid = gr->gr_gid;
	copy_out(id->name, sizeof(id->name), gr->gr_name);
}

/* By name when name != NULL, else by id. */
struct key {
	const char *name;
	id_t id;
};

static int
passwd_one(const void *k, struct ct_id *id, char *buf, size_t size,
    int *hit)
{
	const struct key *key = k;
	struct passwd pw, *res = NULL;
	int rc;

	rc = key->name != NULL ?
	    getpwnam_r(key->name, &pw, buf, size, &res) :
	    getpwuid_r((uid_t)key->id, &pw, buf, size, &res);
	if (rc == 0 && res != NULL) {
		from_passwd(id, res);
		*hit = 1;
	}
	return rc;
}

static int
group_one(const void *k, struct ct_id *id, char *buf, size_t size,
    int *hit)
{
	const struct key *key = k;
	struct group gr, *res = NULL;
	int rc;

	rc = key->name != NULL ?
	    getgrnam_r(key->name, &gr, buf, size, &res) :
	    getgrgid_r((gid_t)key->id, &gr, buf, size, &res);
	if (rc == 0 && res != NULL) {
		from_group(id, res);
		*hit = 1;
	}
	return rc;
}

int
ct_id_pwnam(const char *name, struct ct_id *id)
{
	const struct key key = { name, 0 };

	return ct_id_run(passwd_one, &key, id);
}

int
ct_id_pwuid(uid_t uid, struct ct_id *id)
{
	const struct key key = { NULL, uid };

	return ct_id_run(passwd_one, &key, id);
}

int
ct_id_grnam(const char *name, struct ct_id *id)
{
	const struct key key = { name, 0 };

	return ct_id_run(group_one, &key, id);
}

int
ct_id_grgid(gid_t gid, struct ct_id *id)
{
	const struct key key = { NULL, gid };

	return ct_id_run(group_one, &key, id);
}

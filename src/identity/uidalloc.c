/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uidalloc.c - the uid of an account this module creates (lead's decision
 * D6).  A pure function of the name and of which ids are taken:
 *
 *  - no reservation is ever written, so a refused or abandoned login
 *    leaves nothing behind and an attacker who tries many names piles up
 *    nothing;
 *  - every candidate that is a uid or a gid in use is stepped over, so a
 *    name built to hash onto an existing account's uid gets another one;
 *  - two hosts whose range is free give a name the same uid.
 */
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "binding.h"
#include "idlookup.h"
#include "uidalloc.h"
#include "uidhold.h"

#define CT_FNV64_OFFSET	0xcbf29ce484222325ULL
#define CT_FNV64_PRIME	0x00000100000001b3ULL

uint64_t
ct_fnv1a64(const char *s)
{
	uint64_t h = CT_FNV64_OFFSET;
	const unsigned char *p;

	/* FNV-1a: xor the octet in, then multiply (draft-eastlake-fnv 2). */
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		h ^= *p;
		h *= CT_FNV64_PRIME;
	}
	return h;
}

int
ct_uid_pick(const char *name, uid_t lo, uid_t hi,
    const struct ct_idcheck *chk, uid_t *uid, struct ct_err *e)
{
	uint64_t size, off, i;
	uid_t c;
	int taken = 1;

	if (name == NULL || chk == NULL || lo == 0 || lo > hi ||
	    hi > CT_UID_RANGE_TOP)
		return ct_fail(e, CT_ECONFIG, "uid_range: invalid");
	size = (uint64_t)hi - lo + 1;
	off = ct_fnv1a64(name) % size;
	for (i = 0; i < size && i < CT_UID_PROBE_MAX; i++) {
		c = (uid_t)(lo + (off + i) % size);
		/* Issue 19: a lookup that could not be answered is no
		 * "free": a directory's uid would be handed out. */
		if (chk->uid_taken(chk->ctx, c, &taken) != 0 ||
		    (!taken && chk->gid_taken(chk->ctx, (gid_t)c,
		    &taken) != 0))
			return ct_fail(e, CT_ENAMESVC, "uid allocation: the "
			    "name service is unavailable (id %lu); no uid "
			    "is picked until it answers", (unsigned long)c);
		if (!taken && chk->bound_taken != NULL &&
		    chk->bound_taken(chk->ctx, c, &taken) != 0)
			return ct_fail(e, CT_ESYS, "uid allocation: cannot "
			    "read the uid records for id %lu",
			    (unsigned long)c);
		if (!taken) {
			*uid = c;
			return CT_OK;
		}
	}
	return ct_fail(e, CT_ESYS, "uid allocation: no free uid within %lu "
	    "tries in uid_range %lu-%lu", (unsigned long)i,
	    (unsigned long)lo, (unsigned long)hi);
}


/* A ct_id_* answer as ct_uid_in_use's: 0 with *taken, or -1. */
static int
in_use(int found, int *taken)
{
	if (found != CT_ID_ERROR)
		*taken = found == CT_ID_FOUND;
	return found == CT_ID_ERROR ? -1 : 0;
}

int
ct_uid_in_use(uid_t uid, int *taken)
{
	struct ct_id id;

	return in_use(ct_id_pwuid(uid, &id), taken);
}

int
ct_gid_in_use(gid_t gid, int *taken)
{
	struct ct_id id;

	return in_use(ct_id_grgid(gid, &id), taken);
}

/* in_use, with an entry named name counted as free (ct_uid_alloc). */
static int
in_use_other(int found, const struct ct_id *id, const char *name,
    int *taken)
{
	int r = in_use(found, taken);

	if (r == 0 && *taken && name != NULL && strcmp(id->name, name) == 0)
		*taken = 0;
	return r;
}

int
ct_uid_in_use_by_other(uid_t uid, const char *name, int *taken)
{
	struct ct_id id;

	return in_use_other(ct_id_pwuid(uid, &id), &id, name, taken);
}

int
ct_gid_in_use_by_other(gid_t gid, const char *name, int *taken)
{
	struct ct_id id;

	return in_use_other(ct_id_grgid(gid, &id), &id, name, taken);
}

/* *taken = 0 when the account name exists with uid; -1 on a failure. */
static int
account_holds(const char *name, uid_t uid, int *taken)
{
	struct ct_id id;
	int found = ct_id_pwnam(name, &id);

	if (found == CT_ID_ERROR)
		return -1;
	if (found == CT_ID_FOUND && id.uid == uid)
		*taken = 0;
	return 0;
}

int
ct_uid_bound_other(const char *state_dir, uid_t uid, const char *name,
    int *taken)
{
	char owner[CT_BIND_USER_MAX + 1];
	int found = 0;

	*taken = 0;
	if (ct_uid_owner(state_dir, uid, owner, sizeof(owner), &found,
	    NULL) != CT_OK)
		return -1;
	if (!found)
		return 0;
	*taken = 1;
	if (strcmp(owner, name) != 0)
		return 0;
	/*
	 * Issue 19: a record names an account, not a person.  It is name's
	 * own only while the account name holds that very uid (the second
	 * of two first logins at once); once the account is gone its uid and
	 * left-over files never go to whoever comes next under that name.
	 */
	return account_holds(name, uid, taken);
}

struct nss_judge {
	const char *name;
	const char *state_dir;
	struct ct_holds holds;	/* uids live connections hold (issue 19) */
};

static int
nss_uid(void *ctx, uid_t uid, int *taken)
{
	const struct nss_judge *j = ctx;

	return ct_uid_in_use_by_other(uid, j->name, taken);
}

static int
nss_gid(void *ctx, gid_t gid, int *taken)
{
	const struct nss_judge *j = ctx;

	return ct_gid_in_use_by_other(gid, j->name, taken);
}

static int
store_uid(void *ctx, uid_t uid, int *taken)
{
	const struct nss_judge *j = ctx;

	if (ct_holds_other(&j->holds, uid, j->name)) {
		*taken = 1;
		return 0;
	}
	return ct_uid_bound_other(j->state_dir, uid, j->name, taken);
}

int
ct_uid_alloc(const char *name, uid_t lo, uid_t hi, const char *state_dir,
    uid_t *uid, struct ct_err *e)
{
	struct nss_judge j;
	const struct ct_idcheck chk = { nss_uid, nss_gid,
	    state_dir != NULL ? store_uid : NULL, &j };

	j.name = name;
	j.state_dir = state_dir;
	ct_holds_load(state_dir, time(NULL), &j.holds);
	return ct_uid_pick(name, lo, hi, &chk, uid, e);
}

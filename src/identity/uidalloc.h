/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uidalloc.h - the uid an account created by this module gets (lead's
 * decision D6): a deterministic function of the name, probing past uids
 * and gids in use.  libc only: the NSS module and the account helper link
 * it.
 */
#ifndef CT_UIDALLOC_H
#define CT_UIDALLOC_H

#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "names.h"

/*
 * Candidates tried at most (issue 19, point 5): the client of an SSH
 * connection picks the name, so it picks where the probe starts; this
 * bounds what one unauthenticated lookup costs sshd (about 3 name service
 * lookups a candidate), whatever the name.  A name whose probe meets this
 * many taken ids in a row gets no uid (fails closed: no answer, nothing
 * created); keep uid_range clear of blocks of existing ids.
 */
#define CT_UID_PROBE_MAX	64U

/* FNV-1a, 64 bits (draft-eastlake-fnv: offset basis and prime). */
uint64_t ct_fnv1a64(const char *s);

/*
 * What is taken.  Each callback sets *taken and returns 0, or -1 when the
 * lookup itself failed (then the allocation fails: never guess).
 */
struct ct_idcheck {
	int (*uid_taken)(void *ctx, uid_t uid, int *taken);
	int (*gid_taken)(void *ctx, gid_t gid, int *taken);
	/* recorded for another person (iss, sub) (may be NULL: no store) */
	int (*bound_taken)(void *ctx, uid_t uid, int *taken);
	void *ctx;
};

/*
 * The uid for name in [lo, hi]: start at lo + (FNV-1a-64(name) mod size),
 * then step upward (wrapping to lo) past every candidate that is a uid in
 * use, a gid in use, or recorded for another person (iss, sub), at most
 * CT_UID_PROBE_MAX candidates.  The same
 * name over the same taken set always gives the same uid; nothing is
 * written anywhere.  CT_OK with *uid; CT_ENAMESVC when a uid or gid
 * lookup could not be answered (issue 19: never taken as "free"); CT_ESYS
 * when the uid records could not be read or no candidate was free;
 * CT_ECONFIG for a bad range.
 */
int ct_uid_pick(const char *name, uid_t lo, uid_t hi,
    const struct ct_idcheck *chk, uid_t *uid, struct ct_err *e);

/*
 * ct_uid_pick with the name service as the judge: getpwuid_r and
 * getgrgid_r (reentrant; safe to call from inside an NSS module, whose own
 * getpwuid answers nothing), and, when state_dir is not NULL, the uid
 * records of the binding store (ct_uid_owner: a uid recorded for another
 * name is taken; an unsafe store fails the allocation) and the uids live
 * SSH connections hold for other names (uidhold.h, issue 19).  A uid held by the
 * account named name, or a gid by the group named name, is name's own and
 * not taken: of two first logins at once, the second may look after the
 * first created the account, and must pick the same uid.
 */
int ct_uid_alloc(const char *name, uid_t lo, uid_t hi, const char *state_dir,
    uid_t *uid, struct ct_err *e);

/*
 * 1 in *taken when state_dir records uid, unless the record names name
 * and the account name exists with exactly that uid (issue 19: a removed
 * account's uid is never given again, not even under the same name).
 */
int ct_uid_bound_other(const char *state_dir, uid_t uid, const char *name,
    int *taken);

/* The name service lookups ct_uid_alloc uses, for other callers. */
int ct_uid_in_use(uid_t uid, int *taken);
int ct_gid_in_use(gid_t gid, int *taken);

/* As ct_uid_in_use and ct_gid_in_use, but an entry named name is free. */
int ct_uid_in_use_by_other(uid_t uid, const char *name, int *taken);
int ct_gid_in_use_by_other(gid_t gid, const char *name, int *taken);

#endif

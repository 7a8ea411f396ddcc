/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * replaystore.h - the replay store's files (issue 24): one small file per
 * use of a token, named by a hash the caller computed (64 hex digits, so
 * no byte of the token reaches a path), in one of 256 shard directories
 * (the hash's first two digits) under STATE_DIR/replay.  An entry is made
 * whole in a temporary file and linked into place: link(2) fails with
 * EEXIST when the name exists, so two processes recording the same use at
 * once see exactly one success, with no lock.  The entry's mtime is the
 * moment it may go (the token's exp plus leeway).
 */
#ifndef CT_REPLAYSTORE_H
#define CT_REPLAYSTORE_H

#include <stddef.h>
#include <time.h>

#include "err.h"

#define CT_REPLAY_SUBDIR	"replay"
#define CT_REPLAY_SHARDS	256
#define CT_REPLAY_KEYLEN	64	/* hex SHA-256 */
#define CT_REPLAY_WHAT_MAX	96
#define CT_REPLAY_ENTRY_MAX	256	/* bytes of an entry file */

struct ct_replay_entry {
	long long until;	/* exp + leeway: removable after */
	long long used;		/* when it was recorded */
	char what[CT_REPLAY_WHAT_MAX]; /* "per_service sshd", "once su" */
};

/*
 * Opens STATE_DIR/replay as a directory (O_NOFOLLOW; root-owned, not
 * group- or world-writable, every directory above it too).  create: make
 * it (0711) when missing.  *fd is -1 and *missing 1 when it is absent and
 * not created.  O_PATH when not root (0711: a screen locker may look a
 * name up, never list or read).
 */
int ct_rstore_open(const char *state_dir, int create, int *fd, int *missing,
    struct ct_err *e);

/*
 * Records key with ent (root only): *exists 1 and nothing written when
 * the key is there already (ent then holds the stored entry when it could
 * be read, *corrupt 1 when it could not be parsed).  cap is the most
 * entries one shard may hold: a full shard first loses its expired
 * entries (at most cap + 64 looked at), then refuses (CT_ESYS).
 */
int ct_rstore_add(int dfd, const char *key, struct ct_replay_entry *ent,
    long long cap, time_t now, int *exists, int *corrupt, struct ct_err *e);

/* Looks key up: *exists, then ent and *corrupt as ct_rstore_add. */
int ct_rstore_find(int dfd, const char *key, int *exists,
    struct ct_replay_entry *ent, int *corrupt, struct ct_err *e);

/*
 * Removes expired entries (mtime before now) and temporary files older
 * than a minute from every shard; *live counts what stays.
 */
int ct_rstore_sweep(int dfd, time_t now, size_t *removed, size_t *live,
    struct ct_err *e);

/*
 * Counts the entries of every shard: live (mtime now or later) and
 * expired (the refresh timer removes them); removes nothing.  Each shard
 * is checked as the module checks it.
 */
int ct_rstore_count(int dfd, time_t now, size_t *live, size_t *expired,
    struct ct_err *e);

#endif

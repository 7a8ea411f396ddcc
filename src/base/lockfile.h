/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lockfile.h - one exclusive flock(2) on a lock file beside the data it
 * guards: the key refresh (module), the fetch (fetcher) and the account
 * store (account helper) each take theirs through this.
 */
#ifndef CT_LOCKFILE_H
#define CT_LOCKFILE_H

#include <sys/types.h>

/*
 * Opens path (created 0600 if missing, never through a symlink), which
 * must be a regular file owned by owner, and takes an exclusive lock on
 * it.  A lock held by another open file waits at most wait_ms, polling;
 * wait_ms < 0 waits as long as it takes.  *waited_ms (may be NULL) gets
 * the time spent polling.  Returns the locked descriptor, released by
 * close(2) or exit, or -1.
 */
int ct_lock_take(const char *path, uid_t owner, long wait_ms,
    long *waited_ms);

#endif

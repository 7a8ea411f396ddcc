/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * replaystore.c - the replay store's files (issue 24; replaystore.h).
 */
#define _GNU_SOURCE		/* O_PATH */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "replaystore.h"
#include "safepath.h"

#define CT_TMP_AGE	60	/* a temporary file older is a crash's */
#define CT_FULL_EXTRA	64	/* a full shard: names seen past cap */

/* A directory of the store: not a link, root's, nobody else writes. */
static int
check_dirfd(int fd, const char *what, struct ct_err *e)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return ct_fail(e, CT_ESYS, "replay store %s: %s", what,
		    CT_STRERROR(errno));
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
		return ct_fail(e, CT_ESYS, "replay store %s: must be a "
		    "directory owned by root, not group- or world-writable",
		    what);
	return CT_OK;
}

/* Opens name below dfd as a directory, never through a link. */
static int
open_dir(int dfd, const char *name, int create, int *fd, struct ct_err *e)
{
	int flags = O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, made = 0;

	flags |= geteuid() == 0 ? O_RDONLY : O_PATH;
	*fd = openat(dfd, name, flags);
	if (*fd == -1 && errno == ENOENT && create) {
		if (mkdirat(dfd, name, 0711) == -1 && errno != EEXIST)
			return ct_fail(e, CT_ESYS, "replay store: mkdir %s: %s",
			    name, CT_STRERROR(errno));
		made = errno != EEXIST;
		*fd = openat(dfd, name, flags);
	}
	/* 0711 whatever the caller's umask (sshd's may be 077): a screen
	 * locker running as the user must look names up. */
	if (*fd != -1 && made && fchmod(*fd, 0711) == -1)
		return ct_fail(e, CT_ESYS, "replay store: chmod %s: %s", name,
		    CT_STRERROR(errno));
	if (*fd == -1)
		return ct_fail(e, errno == ENOENT ? CT_ENOUSER : CT_ESYS,
		    "replay store %s: %s%s", name, CT_STRERROR(errno),
		    errno == ELOOP || errno == ENOTDIR ? " (a link or no "
		    "directory)" : "");
	return check_dirfd(*fd, name, e);
}

int
ct_rstore_open(const char *state_dir, int create, int *fd, int *missing,
    struct ct_err *e)
{
	char path[PATH_MAX];
	int sfd = -1, n, r = CT_ESYS;

	*fd = -1;
	*missing = 0;
	n = snprintf(path, sizeof(path), "%s/%s", state_dir,
	    CT_REPLAY_SUBDIR);
	if (state_dir[0] != '/' || n < 0 || (size_t)n >= sizeof(path)) {
		r = ct_fail(e, CT_ECONFIG, "state_dir: not an absolute path "
		    "or too long");
		goto out;
	}
	if (create && mkdir(state_dir, 0755) == 0)
		(void)chmod(state_dir, 0755);	/* whatever the umask */
	else if (create && errno != EEXIST) {
		r = ct_fail(e, CT_ESYS, "state_dir %s: %s", state_dir,
		    CT_STRERROR(errno));
		goto out;
	}
	if (!create && access(state_dir, F_OK) == -1 && errno == ENOENT) {
		*missing = 1;
		r = CT_OK;
		goto out;
	}
	/* Issue 19: state_dir and every directory above it, root's. */
	if ((r = ct_safe_ancestors(path, CT_ESYS, "state_dir", e)) != CT_OK)
		goto out;
	if ((sfd = open(state_dir, O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		r = ct_fail(e, CT_ESYS, "state_dir %s: %s", state_dir,
		    CT_STRERROR(errno));
		goto out;
	}
	r = open_dir(sfd, CT_REPLAY_SUBDIR, create, fd, e);
	if (r == CT_ENOUSER) {		/* absent, not made */
		*missing = 1;
		r = CT_OK;
	}
out:
	if (r != CT_OK && *fd != -1) {
		(void)close(*fd);
		*fd = -1;
	}
	if (sfd != -1)
		(void)close(sfd);
	return r;
}

/* 1 when name is 64 lower-case hex digits: an entry. */
static int
is_key(const char *name)
{
	size_t n = strspn(name, "0123456789abcdef");

	return n == CT_REPLAY_KEYLEN && name[n] == '\0';
}

/* Parses an entry file's text. */
static int
parse_entry(const char *buf, struct ct_replay_entry *ent)
{
	int pos = 0;

	memset(ent, 0, sizeof(*ent));
	if (sscanf(buf, "ct-replay 1 %lld %lld %n", &ent->until, &ent->used,
	    &pos) != 2 || pos <= 0)
		return -1;
	(void)snprintf(ent->what, sizeof(ent->what), "%.*s",
	    (int)strcspn(buf + pos, "\n"), buf + pos);
	return ent->until > 0 && ent->used > 0 && ent->what[0] != '\0' ?
	    0 : -1;
}

/* Reads the entry key of shard sfd when this process may; else leaves
 * *corrupt 0 and ent empty.  A link, a non-file or bad text: corrupt. */
static void
read_entry(int sfd, const char *key, struct ct_replay_entry *ent,
    int *corrupt)
{
	char buf[CT_REPLAY_ENTRY_MAX + 1];
	struct stat st;
	ssize_t n = -1;
	int fd;

	memset(ent, 0, sizeof(*ent));
	*corrupt = 0;
	if (fstatat(sfd, key, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return;
	if (!S_ISREG(st.st_mode) || st.st_uid != 0) {
		*corrupt = 1;
		return;
	}
	if ((fd = openat(sfd, key, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NOCTTY | O_NONBLOCK)) == -1)
		return;		/* not root: may not read */
	n = read(fd, buf, CT_REPLAY_ENTRY_MAX);
	(void)close(fd);
	buf[n > 0 ? n : 0] = '\0';
	*corrupt = n <= 0 || parse_entry(buf, ent) != 0;
}

int
ct_rstore_find(int dfd, const char *key, int *exists,
    struct ct_replay_entry *ent, int *corrupt, struct ct_err *e)
{
	char shard[3];
	struct stat st;
	int sfd = -1, r = CT_ESYS;

	*exists = 0;
	*corrupt = 0;
	memset(ent, 0, sizeof(*ent));
	if (!is_key(key)) {
		r = ct_fail(e, CT_ESYS, "replay store: bad key");
		goto out;
	}
	(void)snprintf(shard, sizeof(shard), "%.2s", key);
	r = open_dir(dfd, shard, 0, &sfd, e);
	if (r == CT_ENOUSER) {		/* no shard: nothing recorded */
		ct_err_clear(e);
		r = CT_OK;
		goto out;
	}
	if (r != CT_OK)
		goto out;
	if (fstatat(sfd, key, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			r = CT_OK;
		else
			r = ct_fail(e, CT_ESYS, "replay store: %s",
			    CT_STRERROR(errno));
		goto out;
	}
	*exists = 1;
	read_entry(sfd, key, ent, corrupt);
	r = CT_OK;
out:
	if (sfd != -1)
		(void)close(sfd);
	return r;
}

/*
 * Removes one name of shard sfd when it is due: an entry (64 hex digits)
 * whose mtime is before now, with its counter link; a temporary file
 * older than a minute; a counter link "c.KEY" whose entry is gone.
 * 1 when removed, 0 when kept, -1 when not one of the store's names.
 */
static int
sweep_name(int sfd, const char *name, time_t now)
{
	char c[CT_REPLAY_KEYLEN + 3];
	struct stat st;
	int tmp = strncmp(name, "t.", 2) == 0;

	if (strncmp(name, "c.", 2) == 0 && is_key(name + 2))
		return fstatat(sfd, name + 2, &st, AT_SYMLINK_NOFOLLOW) == -1 &&
		    errno == ENOENT && unlinkat(sfd, name, 0) == 0;
	if (!tmp && !is_key(name))
		return -1;
	if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    st.st_mtime >= now - (tmp ? CT_TMP_AGE : 0) ||
	    unlinkat(sfd, name, 0) == -1)
		return 0;
	if (!tmp) {
		(void)snprintf(c, sizeof(c), "c.%.64s", name);
		(void)unlinkat(sfd, c, 0);
	}
	return 1;
}

/*
 * Sweeps shard sfd (sweep_name), looking at no more than limit of its
 * entries and temporary files (0: all); *live counts the entries kept.
 */
static int
scan_shard(int sfd, time_t now, size_t limit, size_t *removed, size_t *live,
    struct ct_err *e)
{
	struct dirent *d;
	DIR *dir = NULL;
	size_t seen = 0;
	int fd, k, r = CT_ESYS;

	if ((fd = dup(sfd)) == -1 || (dir = fdopendir(fd)) == NULL) {
		if (fd != -1)
			(void)close(fd);
		r = ct_fail(e, CT_ESYS, "replay store: %s",
		    CT_STRERROR(errno));
		goto out;
	}
	rewinddir(dir);
	while ((d = readdir(dir)) != NULL && (limit == 0 || seen < limit)) {
		if ((k = sweep_name(sfd, d->d_name, now)) < 0 ||
		    strncmp(d->d_name, "c.", 2) == 0)
			continue;
		seen++;
		if (k == 1)
			(*removed)++;
		else if (is_key(d->d_name))
			(*live)++;
	}
	r = CT_OK;
out:
	if (dir != NULL)
		(void)closedir(dir);
	return r;
}

/*
 * The shard's entry count, cheaply: every entry is recorded with a hard
 * link "c.KEY" to the shard's counter file "n", whose link count is then
 * 1 + the entries (no readdir in a login).  Made by root when missing.
 */
static int
shard_count(int sfd, long long *n, struct ct_err *e)
{
	struct stat st;
	int fd;

	if (fstatat(sfd, "n", &st, AT_SYMLINK_NOFOLLOW) == -1 &&
	    errno == ENOENT) {
		if ((fd = openat(sfd, "n", O_WRONLY | O_CREAT | O_NOFOLLOW |
		    O_CLOEXEC | O_NOCTTY, 0600)) == -1)
			return ct_fail(e, CT_ESYS, "replay store: cannot make "
			    "a shard's counter: %s", CT_STRERROR(errno));
		(void)close(fd);
	}
	if (fstatat(sfd, "n", &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(st.st_mode) || st.st_uid != 0 || st.st_nlink < 1)
		return ct_fail(e, CT_ESYS, "replay store: a shard's counter "
		    "is not root's regular file");
	*n = (long long)st.st_nlink - 1;
	return CT_OK;
}

/* Writes the temporary file tmp in sfd: the whole entry, synced. */
static int
write_tmp(int sfd, const char *tmp, const struct ct_replay_entry *ent,
    struct ct_err *e)
{
	struct timespec ts[2];
	char buf[CT_REPLAY_ENTRY_MAX];
	int fd = -1, n, r = CT_ESYS;

	n = snprintf(buf, sizeof(buf), "ct-replay 1 %lld %lld %s\n",
	    ent->until, ent->used, ent->what);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		r = ct_fail(e, CT_ESYS, "replay store: entry too long");
		goto out;
	}
	ts[0].tv_sec = (time_t)ent->used;
	ts[1].tv_sec = (time_t)ent->until;	/* mtime: removable after */
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	/* 0644 whatever the umask: a screen locker reads how it was used. */
	if ((fd = openat(sfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC | O_NOCTTY, 0644)) == -1 || fchmod(fd, 0644) == -1 ||
	    write(fd, buf, (size_t)n) != n || fsync(fd) == -1 ||
	    futimens(fd, ts) == -1) {
		r = ct_fail(e, CT_ESYS, "replay store: cannot write an entry: "
		    "%s", errno != 0 ? CT_STRERROR(errno) : "short write");
		goto out;
	}
	r = CT_OK;
out:
	if (fd != -1 && close(fd) == -1 && r == CT_OK)
		r = ct_fail(e, CT_ESYS, "replay store: close: %s",
		    CT_STRERROR(errno));
	return r;
}

/* A full shard: expired entries go first; still full refuses. */
static int
make_room(int sfd, const char *shard, long long cap, time_t now,
    struct ct_err *e)
{
	size_t removed = 0, live = 0;
	long long n = 0;
	int r;

	if ((r = shard_count(sfd, &n, e)) != CT_OK || n < cap)
		return r;
	if ((r = scan_shard(sfd, now, (size_t)cap + CT_FULL_EXTRA, &removed,
	    &live, e)) != CT_OK || (r = shard_count(sfd, &n, e)) != CT_OK)
		return r;
	if (n >= cap)
		return ct_fail(e, CT_ESYS, "replay store full: shard %s holds "
		    "%lld live entries (replay_max_entries allows %lld per "
		    "shard)", shard, n, cap);
	return CT_OK;
}

/* Links the finished temporary file into place: EEXIST is a replay. */
static int
link_entry(int sfd, const char *key, const struct ct_replay_entry *ent,
    int *exists, struct ct_err *e)
{
	char tmp[64], cnt[CT_REPLAY_KEYLEN + 3];
	struct timespec ts;
	int r = CT_ESYS;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	(void)snprintf(tmp, sizeof(tmp), "t.%ld.%ld.%ld", (long)getpid(),
	    (long)ts.tv_sec, ts.tv_nsec);
	if ((r = write_tmp(sfd, tmp, ent, e)) != CT_OK)
		goto out;
	if (linkat(sfd, tmp, sfd, key, 0) == -1) {
		if (errno == EEXIST)
			*exists = 1;
		else
			r = ct_fail(e, CT_ESYS, "replay store: cannot record "
			    "this use: %s", CT_STRERROR(errno));
		goto out;
	}
	/* The shard's count (shard_count); then the name reaches the disk. */
	(void)snprintf(cnt, sizeof(cnt), "c.%.64s", key);
	if ((linkat(sfd, "n", sfd, cnt, 0) == -1 && errno != EEXIST) ||
	    fsync(sfd) == -1) {
		r = ct_fail(e, CT_ESYS, "replay store: cannot record this "
		    "use: %s", CT_STRERROR(errno));
		goto out;
	}
	r = CT_OK;
out:
	(void)unlinkat(sfd, tmp, 0);
	return r;
}

int
ct_rstore_add(int dfd, const char *key, struct ct_replay_entry *ent,
    long long cap, time_t now, int *exists, int *corrupt, struct ct_err *e)
{
	char shard[3];
	struct stat st;
	int sfd = -1, r = CT_ESYS;

	*exists = 0;
	*corrupt = 0;
	if (!is_key(key)) {
		r = ct_fail(e, CT_ESYS, "replay store: bad key");
		goto out;
	}
	(void)snprintf(shard, sizeof(shard), "%.2s", key);
	if ((r = open_dir(dfd, shard, 1, &sfd, e)) != CT_OK)
		goto out;
	/* A replay is refused as one, even when the store is full. */
	if (fstatat(sfd, key, &st, AT_SYMLINK_NOFOLLOW) == 0)
		*exists = 1;
	else if ((r = make_room(sfd, shard, cap, now, e)) != CT_OK ||
	    (r = link_entry(sfd, key, ent, exists, e)) != CT_OK)
		goto out;
	if (*exists)
		read_entry(sfd, key, ent, corrupt);
	r = CT_OK;
out:
	if (sfd != -1)
		(void)close(sfd);
	return r;
}

typedef int (*shard_fn)(int sfd, void *arg, struct ct_err *e);

/* Calls fn for each shard directory there is (a missing one is empty). */
static int
each_shard(int dfd, shard_fn fn, void *arg, struct ct_err *e)
{
	char shard[3];
	int i, sfd, r = CT_OK;

	for (i = 0; i < CT_REPLAY_SHARDS && r == CT_OK; i++) {
		(void)snprintf(shard, sizeof(shard), "%02x", (unsigned)i);
		sfd = -1;
		r = open_dir(dfd, shard, 0, &sfd, e);
		if (r == CT_ENOUSER) {
			ct_err_clear(e);
			r = CT_OK;
			continue;
		}
		if (r == CT_OK)
			r = fn(sfd, arg, e);
		if (sfd != -1)
			(void)close(sfd);
	}
	return r;
}

struct shard_tally {
	time_t now;
	size_t *a, *b;		/* sweep: removed, live; count: live, expired */
};

static int
sweep_one(int sfd, void *arg, struct ct_err *e)
{
	struct shard_tally *t = arg;

	return scan_shard(sfd, t->now, 0, t->a, t->b, e);
}

int
ct_rstore_sweep(int dfd, time_t now, size_t *removed, size_t *live,
    struct ct_err *e)
{
	struct shard_tally t = { now, removed, live };

	*removed = *live = 0;
	return each_shard(dfd, sweep_one, &t, e);
}

/* Counts the entries of one shard, live and expired, removing nothing. */
static void
count_shard(int sfd, time_t now, size_t *live, size_t *expired)
{
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int fd;

	if ((fd = dup(sfd)) == -1)
		return;
	if ((dir = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		if (!is_key(d->d_name) || fstatat(sfd, d->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		if (st.st_mtime < now)
			(*expired)++;
		else
			(*live)++;
	}
	(void)closedir(dir);
}

static int
count_one(int sfd, void *arg, struct ct_err *e)
{
	struct shard_tally *t = arg;

	(void)e;
	count_shard(sfd, t->now, t->a, t->b);
	return CT_OK;
}

int
ct_rstore_count(int dfd, time_t now, size_t *live, size_t *expired,
    struct ct_err *e)
{
	struct shard_tally t = { now, live, expired };

	*live = *expired = 0;
	return each_shard(dfd, count_one, &t, e);
}

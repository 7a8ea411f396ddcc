/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uidhold.c - uids that live SSH connections hold (issue 19); see
 * uidhold.h.  Lines of STATE_DIR/holds: "UID NAME PID START UNTIL\n".
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "lockfile.h"
#include "safefile.h"
#include "uidhold.h"

#define HOLD_LINE_MAX	128
#define HOLD_LOCK_MS	50	/* pre-authentication: never wait long */
#define STAT_MAX	1024

int
ct_proc_start(long pid, unsigned long long *start)
{
	char path[64], buf[STAT_MAX], *p;
	ssize_t n;
	int fd, i;

	(void)snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (pid <= 0 || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	(void)close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* proc(5): the name may hold anything; fields follow the last ')'.
	 * State is field 3, starttime field 22. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	for (i = 2; i < 22 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return -1;
	*start = strtoull(p + 1, NULL, 10);
	return *start == 0 ? -1 : 0;
}

/* 1 when h is still held at now. */
static int
live(const struct ct_hold *h, time_t now)
{
	unsigned long long start = 0;

	return h->until > (long long)now && ct_proc_start(h->pid,
	    &start) == 0 && start == h->start;
}

/* One line into h; -1 when malformed. */
static int
parse(const char *line, struct ct_hold *h)
{
	unsigned long uid = 0;
	int used = 0;

	if (sscanf(line, "%lu %32s %ld %llu %lld%n", &uid, h->name, &h->pid,
	    &h->start, &h->until, &used) != 5 || line[used] != '\0' ||
	    uid == 0 || uid > UINT_MAX)
		return -1;
	h->uid = (uid_t)uid;
	return 0;
}

/* The table as written (live or not), or empty. */
static void
load_all(const char *path, struct ct_holds *hs)
{
	struct ct_err e;
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;

	hs->n = 0;
	ct_err_clear(&e);
	if (ct_safe_read(path, CT_HOLD_SLOTS * HOLD_LINE_MAX, CT_ECONFIG,
	    &buf, &len, NULL, &e) != CT_OK)
		return;
	for (line = strtok_r(buf, "\n", &save); line != NULL &&
	    hs->n < CT_HOLD_SLOTS; line = strtok_r(NULL, "\n", &save))
		if (parse(line, &hs->h[hs->n]) == 0)
			hs->n++;
	free(buf);
}

static int
path_of(char *buf, size_t size, const char *state_dir, const char *leaf)
{
	int n = snprintf(buf, size, "%s/%s", state_dir, leaf);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

void
ct_holds_load(const char *state_dir, time_t now, struct ct_holds *hs)
{
	char path[PATH_MAX];
	size_t i, k = 0;

	hs->n = 0;
	if (state_dir == NULL || path_of(path, sizeof(path), state_dir,
	    CT_HOLD_FILE) != 0)
		return;
	load_all(path, hs);
	for (i = 0; i < hs->n; i++)
		if (live(&hs->h[i], now))
			hs->h[k++] = hs->h[i];
	hs->n = k;
}

int
ct_holds_other(const struct ct_holds *hs, uid_t uid, const char *name)
{
	size_t i;

	for (i = 0; hs != NULL && i < hs->n; i++)
		if (hs->h[i].uid == uid && strcmp(hs->h[i].name, name) != 0)
			return 1;
	return 0;
}

/* Writes hs to path through path.tmp and rename (no fsync: transient). */
static int
store(const char *path, const struct ct_holds *hs)
{
	char tmp[PATH_MAX], buf[CT_HOLD_SLOTS * HOLD_LINE_MAX];
	size_t i, len = 0;
	int fd = -1, n, r = -1;

	for (i = 0; i < hs->n; i++) {
		n = snprintf(buf + len, sizeof(buf) - len, "%lu %s %ld %llu "
		    "%lld\n", (unsigned long)hs->h[i].uid, hs->h[i].name,
		    hs->h[i].pid, hs->h[i].start, hs->h[i].until);
		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			return -1;
		len += (size_t)n;
	}
	n = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -1;
	(void)unlink(tmp);	/* a leftover of a writer that died */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1)
		goto out;
	if (write(fd, buf, len) != (ssize_t)len || close(fd) != 0) {
		fd = -1;
		(void)unlink(tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		(void)unlink(tmp);
		goto out;
	}
	r = 0;
out:
	if (fd != -1)
		(void)close(fd);
	return r;
}

/* 1 when dir is a directory owned by root, not group/world-writable. */
static int
safe_dir(const char *dir)
{
	struct stat st;

	return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == 0 && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

int
ct_uid_hold(const char *state_dir, const char *name, uid_t uid,
    time_t now)
{
	struct ct_holds hs;
	struct ct_hold *h;
	char path[PATH_MAX], lock[PATH_MAX];
	unsigned long long start = 0;
	size_t i, k = 0;
	long self = (long)getpid();
	int lk = -1, r = -1;

	if (state_dir == NULL || name == NULL || *name == '\0' ||
	    strlen(name) > CT_HOLD_NAME_MAX || strpbrk(name, " \n") != NULL ||
	    !safe_dir(state_dir) || path_of(path, sizeof(path), state_dir,
	    CT_HOLD_FILE) != 0 || path_of(lock, sizeof(lock), state_dir,
	    CT_HOLD_FILE ".lock") != 0 || ct_proc_start(self, &start) != 0)
		return -1;
	if ((lk = ct_lock_take(lock, 0, HOLD_LOCK_MS, NULL)) == -1)
		goto out;
	ct_holds_load(state_dir, now, &hs);
	for (i = 0; i < hs.n; i++)	/* this process's own: refreshed */
		if (hs.h[i].pid != self || strcmp(hs.h[i].name, name) != 0)
			hs.h[k++] = hs.h[i];
	if ((hs.n = k) >= CT_HOLD_SLOTS)
		goto out;
	h = &hs.h[hs.n++];
	h->uid = uid;
	(void)snprintf(h->name, sizeof(h->name), "%s", name);
	h->pid = self;
	h->start = start;
	h->until = (long long)now + CT_HOLD_SECONDS;
	r = store(path, &hs);
out:
	if (lk != -1)
		(void)close(lk);
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lockfile.c - an exclusive flock(2) on a root-owned lock file, bounded in
 * time so that no login waits past its own deadline.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "lockfile.h"

#define LOCK_POLL_MS 20

/* flock, polling every LOCK_POLL_MS up to wait_ms (< 0: blocking). */
static int
lock_fd(int fd, long wait_ms, long *waited)
{
	int how = wait_ms < 0 ? LOCK_EX : LOCK_EX | LOCK_NB;

	while (flock(fd, how) == -1) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || *waited >= wait_ms)
			return -1;
		(void)poll(NULL, 0, LOCK_POLL_MS);
		*waited += LOCK_POLL_MS;
	}
	return 0;
}

int
ct_lock_take(const char *path, uid_t owner, long wait_ms, long *waited_ms)
{
	struct stat st;
	long waited = 0;
	int fd, ok = 0;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
	    0600);
	if (fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != owner)
		goto out;
	ok = lock_fd(fd, wait_ms, &waited) == 0;
out:
	if (!ok && fd != -1) {
		(void)close(fd);
		fd = -1;
	}
	if (waited_ms != NULL)
		*waited_ms = waited;
	return fd;
}

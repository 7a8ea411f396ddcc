/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * atomicfile.c - replace a trusted file atomically (DESIGN.md invariant 7).
 *
 * rename(2) within one directory is atomic: a reader, or a writer killed
 * at any instant, sees the complete old file or the complete new one.  The
 * new bytes are on disk (fsync) before the rename makes them visible, and
 * the directory is synced after, so a crash cannot leave an empty file.
 *
 * If path is a symbolic link, the link itself is replaced by the new
 * regular file (rename never follows it); its old target is not written.
 * A writer killed between creating the temp file and the rename leaves a
 * "<path>.tmp.XXXXXX" file behind; the target is intact.
 */
#define _GNU_SOURCE	/* mkostemp */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"

/* Writes all len bytes to fd, retrying short writes and EINTR. */
static int
write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync of the directory holding path, so the rename itself is durable. */
static int
sync_parent(const char *path, struct ct_err *e)
{
	char dir[PATH_MAX];
	char *slash;
	int fd = -1, r = CT_ESYS;

	if (strlen(path) >= sizeof(dir)) {
		r = ct_fail(e, CT_ESYS, "path too long");
		goto out;
	}
	(void)strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';	/* a file in "/" */
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1 || fsync(fd) == -1) {
		r = ct_fail(e, CT_ESYS, "fsync of directory %s: %s", dir,
		    CT_STRERROR(errno));
		goto out;
	}
	r = CT_OK;
out:
	if (fd != -1)
		(void)close(fd);
	return r;
}

/*
 * Sets owner (root, when we are root) and mode, writes and syncs fd.
 * fchown only when the new file is not root:root already (a set-gid or
 * foreign-group directory): the refresh unit runs the fetcher as root
 * without CAP_CHOWN and filters chown calls out (issue 19).
 */
static int
fill_temp(int fd, const char *tmp, const void *buf, size_t len, mode_t mode,
    struct ct_err *e)
{
	struct stat st;
	int r = CT_ESYS;

	if (geteuid() == 0 && (fstat(fd, &st) == -1 || st.st_uid != 0 ||
	    st.st_gid != 0) && fchown(fd, 0, 0) == -1) {
		r = ct_fail(e, CT_ESYS, "fchown %s: %s", tmp, CT_STRERROR(errno));
		goto out;
	}
	/* After fchown, which may clear set-id bits. */
	if (fchmod(fd, mode & 07777) == -1) {
		r = ct_fail(e, CT_ESYS, "fchmod %s: %s", tmp, CT_STRERROR(errno));
		goto out;
	}
	if (write_all(fd, buf, len) == -1) {
		r = ct_fail(e, CT_ESYS, "write %s: %s", tmp, CT_STRERROR(errno));
		goto out;
	}
	if (fsync(fd) == -1) {
		r = ct_fail(e, CT_ESYS, "fsync %s: %s", tmp, CT_STRERROR(errno));
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

int
ct_atomic_write(const char *path, const void *buf, size_t len, mode_t mode,
    struct ct_err *e)
{
	char tmp[PATH_MAX];
	int fd = -1, n, created = 0, r = CT_ESYS;

	if (path == NULL || path[0] != '/' || (buf == NULL && len > 0)) {
		r = ct_fail(e, CT_ESYS, "atomic write: path must be absolute");
		goto out;
	}
	n = snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		r = ct_fail(e, CT_ESYS, "atomic write: path too long");
		goto out;
	}
	/* mkostemp opens with O_CREAT|O_EXCL (never follows a link), 0600. */
	if ((fd = mkostemp(tmp, O_CLOEXEC | O_NOFOLLOW)) == -1) {
		r = ct_fail(e, CT_ESYS, "create temp file for %s: %s", path,
		    CT_STRERROR(errno));
		goto out;
	}
	created = 1;
	if ((r = fill_temp(fd, tmp, buf, len, mode, e)) != CT_OK)
		goto out;
	r = CT_ESYS;
	if (close(fd) == -1) {
		fd = -1;
		r = ct_fail(e, CT_ESYS, "close %s: %s", tmp, CT_STRERROR(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		r = ct_fail(e, CT_ESYS, "rename to %s: %s", path,
		    CT_STRERROR(errno));
		goto out;
	}
	created = 0;
	/* The new file is in place; report if its entry may not be durable. */
	r = sync_parent(path, e);
out:
	if (fd != -1)
		(void)close(fd);
	if (created)
		(void)unlink(tmp);
	return r;
}

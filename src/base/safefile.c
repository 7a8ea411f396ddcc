/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * safefile.c - open and read a file the module trusts (DESIGN.md
 * invariant 7; pam-u2f open_safely, OpenSSH safe_path).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "safefile.h"

#define CT_SHOWN_PATH 160

/* The key cache is named by its config key, other files by path alone. */
static const char *
label(int code)
{
	return code == CT_ENOKEYS ? "jwks_cache " : "";
}

/*
 * Records "<label><path>: <fmt...>" as the refusal reason, path escaped
 * (D5).  Escaping happens here, on the refusal path only: a login whose
 * files pass their checks escapes no path (issue 15).  code picks the
 * label, ret is returned (it differs for CT_ENOMEM).
 */
static int path_fail(struct ct_err *, int, int, const char *, const char *,
    ...) __attribute__((format(printf, 5, 6)));

static int
path_fail(struct ct_err *e, int ret, int code, const char *path,
    const char *fmt, ...)
{
	char shown[CT_SHOWN_PATH], what[CT_ERR_MSG_MAX];
	va_list ap;

	if (e == NULL || e->code != CT_OK)
		return ret;	/* the first reason wins (err.h) */
	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ct_sanitize(shown, sizeof(shown), path, strlen(path));
	return ct_fail(e, ret, "%s%s: %s", label(code), shown, what);
}

/* open(2) with the flags that never follow a link nor block on a FIFO. */
static int
open_safely(const char *path, int code, int *missing, int *fd,
    struct ct_err *e)
{
	int r = code;

	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY |
	    O_NONBLOCK);
	if (*fd >= 0) {
		r = CT_OK;
		goto out;
	}
	if (errno == ENOENT) {
		if (missing != NULL)
			*missing = 1;
		r = path_fail(e, code, code, path, "does not exist");
	} else if (errno == ELOOP)
		r = path_fail(e, code, code, path, "is a symbolic link");
	else
		r = path_fail(e, code, code, path, "cannot open: %s",
		    CT_STRERROR(errno));
out:
	return r;
}

/* fstat(2) checks: regular, root-owned, not group/world-writable, size. */
static int
check_stat(int fd, size_t cap, int code, const char *path,
    struct stat *st, struct ct_err *e)
{
	int r = code;

	if (fstat(fd, st) != 0) {
		r = path_fail(e, code, code, path, "fstat: %s",
		    CT_STRERROR(errno));
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		r = path_fail(e, code, code, path, "not a regular file");
		goto out;
	}
	if (st->st_uid != 0) {
		r = path_fail(e, code, code, path, "not owned by root");
		goto out;
	}
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		r = path_fail(e, code, code, path,
		    "group- or world-writable");
		goto out;
	}
	if (st->st_size < 0 || (unsigned long long)st->st_size > cap) {
		r = path_fail(e, code, code, path, "larger than %zu bytes",
		    cap);
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

/* read(2) that retries on EINTR. */
static ssize_t
read_retry(int fd, void *buf, size_t n)
{
	ssize_t got;

	do {
		got = read(fd, buf, n);
	} while (got < 0 && errno == EINTR);
	return got;
}

/*
 * Reads fd to EOF into a buffer of at most cap + 1 bytes, starting at
 * hint + 1 and growing if the file grew after fstat; more than cap bytes
 * refuse.  Handles short reads.
 */
static int
read_all(int fd, size_t hint, size_t cap, int code, const char *path,
    char **buf, size_t *len, struct ct_err *e)
{
	char *b = NULL, *nb, probe;
	size_t size = hint + 1, have = 0, want;
	ssize_t got;
	int r = code;

	if ((b = malloc(size)) == NULL) {
		r = path_fail(e, CT_ENOMEM, code, path, "out of memory");
		goto out;
	}
	for (;;) {
		if (have == size - 1) {
			/*
			 * Full (the file as fstat saw it): one byte more is
			 * EOF or growth.  Probed before any realloc, so the
			 * usual read copies nothing (issue 15).
			 */
			if ((got = read_retry(fd, &probe, 1)) == 0)
				break;
			if (got < 0 || have >= cap) {
				r = got < 0 ? path_fail(e, code, code, path,
				    "read: %s", CT_STRERROR(errno)) :
				    path_fail(e, code, code, path, "grew past "
				    "%zu bytes", cap);
				goto out;
			}
			want = size > cap / 2 ? cap + 1 : size * 2;
			if ((nb = realloc(b, want)) == NULL) {
				r = path_fail(e, CT_ENOMEM, code, path,
				    "out of memory");
				goto out;
			}
			b = nb;
			size = want;
			b[have++] = probe;
			continue;
		}
		if ((got = read_retry(fd, b + have, size - 1 - have)) < 0) {
			r = path_fail(e, code, code, path, "read: %s",
			    CT_STRERROR(errno));
			goto out;
		}
		if (got == 0)
			break;
		have += (size_t)got;
	}
	b[have] = '\0';
	*buf = b;
	*len = have;
	b = NULL;
	r = CT_OK;
out:
	free(b);
	return r;
}

/*
 * The checks ct_safe_read and ct_safe_open share: an absolute path, opened
 * safely, a regular file of at most cap bytes.  *fdp only on CT_OK.
 */
static int
open_checked(const char *path, size_t cap, int code, int *missing,
    int *fdp, struct stat *st, struct ct_err *e)
{
	int fd = -1, r = code;

	if (path[0] != '/') {
		r = path_fail(e, code, code, path, "not an absolute path");
		goto out;
	}
	if ((r = open_safely(path, code, missing, &fd, e)) != CT_OK)
		goto out;
	if ((r = check_stat(fd, cap, code, path, st, e)) != CT_OK)
		goto out;
	*fdp = fd;
	fd = -1;
	r = CT_OK;
out:
	if (fd != -1)
		(void)close(fd);
	return r;
}

int
ct_safe_read(const char *path, size_t cap, int code, char **buf,
    size_t *len, int *missing, struct ct_err *e)
{
	struct stat st;
	int fd = -1, r = code;

	if (missing != NULL)
		*missing = 0;
	if (path == NULL || buf == NULL || len == NULL ||
	    cap >= SIZE_MAX / 2) {
		r = ct_fail(e, code, "safe read: bad arguments");
		goto out;
	}
	*buf = NULL;
	*len = 0;
	/* scan-build cannot see open_checked's fstat fill st. */
	memset(&st, 0, sizeof(st));
	if ((r = open_checked(path, cap, code, missing, &fd, &st, e)) !=
	    CT_OK)
		goto out;
	if ((r = read_all(fd, (size_t)st.st_size, cap, code, path, buf, len,
	    e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	if (fd != -1)
		(void)close(fd);
	return r;
}

int
ct_safe_open(const char *path, size_t cap, int code, int *fdp,
    struct stat *st, int *missing, struct ct_err *e)
{
	int r = code;

	if (missing != NULL)
		*missing = 0;
	if (fdp != NULL)
		*fdp = -1;
	if (path == NULL || fdp == NULL || st == NULL) {
		r = ct_fail(e, code, "safe open: bad arguments");
		goto out;
	}
	r = open_checked(path, cap, code, missing, fdp, st, e);
out:
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * safepath.c - the directories above a trusted file (safepath.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "safepath.h"

#define CT_SHOWN_DIR 160

static int
dir_fail(struct ct_err *e, int code, const char *what, const char *dir,
    const char *why)
{
	char shown[CT_SHOWN_DIR];

	ct_sanitize(shown, sizeof(shown), dir, strlen(dir));
	return ct_fail(e, code, "%s directory %s %s", what, shown, why);
}

/* Checks dir and each ancestor ("/a/b", "/a", "/"); dir is resolved. */
static int
walk_up(char *dir, int code, const char *what, struct ct_err *e)
{
	struct stat st;
	char *slash;

	for (;;) {
		if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
			return dir_fail(e, code, what, dir, "is missing");
		if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
			return dir_fail(e, code, what, dir, "is not owned by "
			    "root, or is group- or world-writable (sticky or "
			    "not): root's alone, up to /");
		if (strcmp(dir, "/") == 0)
			return CT_OK;
		slash = strrchr(dir, '/');
		*(slash == dir ? slash + 1 : slash) = '\0';
	}
}

int
ct_safe_ancestors(const char *path, int code, const char *what,
    struct ct_err *e)
{
	char parent[PATH_MAX], *real = NULL, *slash;
	int r = code;

	if (path == NULL || path[0] != '/' || strlen(path) >= sizeof(parent)) {
		r = ct_fail(e, code, "%s: not an absolute path", what);
		goto out;
	}
	(void)strcpy(parent, path);
	slash = strrchr(parent, '/');
	*(slash == parent ? slash + 1 : slash) = '\0';
	if ((real = realpath(parent, NULL)) == NULL) {
		r = errno == ENOMEM ? ct_fail(e, CT_ENOMEM, "%s: out of memory",
		    what) : dir_fail(e, code, what, parent, "is missing");
		goto out;
	}
	r = walk_up(real, code, what, e);
out:
	free(real);
	return r;
}

/*
 * jwks_file.c - the JWK Set cache file (DESIGN.md invariant 7).  Kept apart
 * from jwks.c so that parsing a set links without the file layer.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jwks.h"
#include "safefile.h"

#define CT_SHOWN_DIR 160

/* The refusal line for the cache's directory dir, escaped (D5). */
static int
dir_fail(struct ct_err *e, const char *dir, const char *why)
{
	char shown[CT_SHOWN_DIR];

	ct_sanitize(shown, sizeof(shown), dir, strlen(dir));
	return ct_fail(e, CT_ENOKEYS, "jwks_cache directory %s: %s", shown,
	    why);
}

/*
 * The directory holding the cache must be root's alone: whoever may
 * write there may rename a key set of their own over the cache (the file
 * checks of ct_safe_read see only the file that is there now).  Refuses a
 * directory that is not root-owned or is group- or world-writable.
 */
static int
check_cache_dir(const char *path, struct ct_err *e)
{
	char dir[PATH_MAX];
	struct stat st;
	char *slash;
	int r = CT_ENOKEYS;

	if (strlen(path) >= sizeof(dir) || path[0] != '/') {
		r = ct_fail(e, CT_ENOKEYS, "jwks_cache: not an absolute path");
		goto out;
	}
	(void)strcpy(dir, path);
	slash = strrchr(dir, '/');
	*(slash == dir ? slash + 1 : slash) = '\0';
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		r = dir_fail(e, dir, "missing");
		goto out;
	}
	if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		r = dir_fail(e, dir, "not owned by root, or group- or "
		    "world-writable");
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

int
ct_jwks_load_file(const char *path, struct ct_jwks **out, struct ct_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	int r = CT_ENOKEYS;

	if (out == NULL)
		goto out;
	*out = NULL;
	if (path == NULL || (r = check_cache_dir(path, e)) != CT_OK)
		goto out;
	if ((r = ct_safe_read(path, CT_JWKS_MAX_BYTES, CT_ENOKEYS, &buf, &len,
	    NULL, e)) != CT_OK)
		goto out;
	if ((r = ct_jwks_adopt_lazy(&buf, len, out, e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	free(buf);
	return r;
}

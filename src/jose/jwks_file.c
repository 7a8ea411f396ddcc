/* SPDX-License-Identifier: BSD-3-Clause */
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
#include "safepath.h"

int
ct_jwks_load_file(const char *path, struct ct_jwks **out, struct ct_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	int r = CT_ENOKEYS;

	if (out == NULL)
		goto out;
	*out = NULL;
	/*
	 * Whoever may write in the cache's directory, or in any directory
	 * above it, may rename a key set of their own over the cache (issue
	 * 11.6; issue 19: every ancestor, not only the parent).
	 */
	if (path == NULL || (r = ct_safe_ancestors(path, CT_ENOKEYS,
	    "jwks_cache", e)) != CT_OK)
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

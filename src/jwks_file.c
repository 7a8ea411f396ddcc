/*
 * jwks_file.c - the JWK Set cache file (DESIGN.md invariant 7).  Kept apart
 * from jwks.c so that parsing a set links without the file layer.
 */
#include <stdlib.h>

#include "jwks.h"
#include "safefile.h"

int
ct_jwks_load_file(const char *path, struct ct_jwks **out, struct ct_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	int r = CT_ENOKEYS;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((r = ct_safe_read(path, CT_JWKS_MAX_BYTES, CT_ENOKEYS, &buf, &len,
	    NULL, e)) != CT_OK)
		goto out;
	if ((r = ct_jwks_parse_lazy(buf, len, out, e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	free(buf);
	return r;
}

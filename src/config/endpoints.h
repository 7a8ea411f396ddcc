/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * endpoints.h - the device flow's endpoints found by discovery (issue
 * 25): the fetcher writes them beside the key cache, the module reads
 * them there; no login ever fetches them.
 */
#ifndef CT_ENDPOINTS_H
#define CT_ENDPOINTS_H

#include <stddef.h>

#include "config.h"
#include "err.h"

#define CT_ENDPOINTS_SUFFIX ".endpoints"	/* beside jwks_cache */
#define CT_ENDPOINT_MAX 512

/* The file's text: two lines, "NAME URL". */
int ct_endpoints_format(char *buf, size_t size, const char *device,
    const char *token);

/*
 * Issuer v's endpoints: as configured, else from "<jwks_cache>.endpoints"
 * (root-owned, ct_safe_read).  Both https:// URLs of printable ASCII
 * without spaces.  CT_OK, or CT_ECONFIG with a reason naming what to run.
 */
int ct_endpoints_get(const struct ct_config *v, char *device,
    char *token, struct ct_err *e);

#endif

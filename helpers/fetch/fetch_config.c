/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fetch_config.c - load the module's configuration file for the fetcher.
 */
#include <stdlib.h>

#include "config.h"
#include "fetch_config.h"
#include "safefile.h"

int
fetch_config_load(const char *path, struct ct_config **cfg,
    struct ct_err *e)
{
	struct ct_config *c = NULL;
	char *text = NULL;
	size_t len = 0;
	int r = CT_ECONFIG;

	*cfg = NULL;
	if ((c = ct_config_new()) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "config: out of memory");
		goto out;
	}
	if ((r = ct_safe_read(path, CT_CONFIG_MAX_BYTES, CT_ECONFIG, &text,
	    &len, NULL, e)) != CT_OK)
		goto out;
	if ((r = ct_config_parse_text(c, text, len, path, e)) != CT_OK ||
	    (r = ct_config_read_dropins(c, path, e)) != CT_OK ||
	    (r = ct_config_check_issuers(c, e)) != CT_OK)
		goto out;
	*cfg = c;
	c = NULL;
	r = CT_OK;
out:
	free(text);
	ct_config_free(c);
	return r;
}

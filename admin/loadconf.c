/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * loadconf.c - the module's configuration as the module would load it,
 * for every subcommand of pam-cotter (its own file, so that main.c calls
 * the subcommands and they call this, never main.c: issue 20).
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"

int
ad_load_config(const struct ad_opts *o, const char *const *extra,
    int nextra, struct ct_config **cfg, struct ct_err *e)
{
	const char *argv[AD_ARGS_MAX + 1];
	char first[4096];
	int i, n = 0;

	if (o->config != NULL) {
		(void)snprintf(first, sizeof(first), "config=%s", o->config);
		argv[n++] = first;
	}
	for (i = 0; i < nextra && n < AD_ARGS_MAX; i++) {
		/* An explicit --config wins over the service line's. */
		if (o->config != NULL && strncmp(extra[i], "config=", 7) == 0)
			continue;
		argv[n++] = extra[i];
	}
	argv[n] = NULL;
	return ct_config_load(n, argv, cfg, e);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uacall.c - one command line of the account helper (uacall.h).
 */
#include <stdint.h>
#include <stdio.h>

#include "resolve.h"
#include "spawn.h"
#include "uacall.h"

int
ct_uacall_begin(struct ct_uacall *c, const struct ct_config *cfg,
    const char *op, struct ct_err *e)
{
	int r = CT_OK;

	c->n = 0;
	c->argv[0] = NULL;
	if (snprintf(c->path, sizeof(c->path), "%s/%s", cfg->helper_dir,
	    CT_USERADD_HELPER) >= (int)sizeof(c->path)) {
		r = ct_fail(e, CT_ECONFIG, "helper_dir: path too long");
		goto out;
	}
	(void)snprintf(c->uid, sizeof(c->uid), "%lu",
	    (unsigned long)cfg->uid_min);
	ct_uacall_add(c, CT_USERADD_HELPER);
	ct_uacall_add(c, op);
	ct_uacall_add(c, "--state-dir");
	ct_uacall_add(c, cfg->state_dir);
	ct_uacall_add(c, "--uid-min");
	ct_uacall_add(c, c->uid);
out:
	return r;
}

void
ct_uacall_add(struct ct_uacall *c, const char *arg)
{
	if (c->n + 1 < CT_UACALL_ARGS) {
		c->argv[c->n++] = (char *)(uintptr_t)arg;
		c->argv[c->n] = NULL;
	} else
		c->n = CT_UACALL_ARGS;	/* overflowed: never run */
}

void
ct_uacall_tail(struct ct_uacall *c, const char *a, const char *b,
    const char *d, const char *f)
{
	const char *tail[4] = { a, b, d, f };
	size_t i;

	ct_uacall_add(c, "--");
	for (i = 0; i < 4; i++)
		if (tail[i] != NULL)
			ct_uacall_add(c, tail[i]);
}

int
ct_uacall_run(struct ct_uacall *c, const char *what, int *status,
    struct ct_err *e)
{
	int r = CT_ESYS;

	*status = -1;
	if (c->n >= CT_UACALL_ARGS || c->n == 0) {
		r = ct_fail(e, CT_ESYS, "account helper (%s): too many "
		    "arguments", what);
		goto out;
	}
	if ((r = ct_spawn(c->path, c->argv, CT_USERADD_TIMEOUT_MS, status,
	    e)) != CT_OK)
		r = ct_fail(e, r, "account helper (%s) failed", what);
out:
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uacall.h - one command line of the account helper (pam_cotter_useradd):
 * its path under helper_dir, the command, --state-dir and --uid-min of the
 * configuration, then what the caller adds.  One builder for the module
 * (create, claim, adopt, groups) and pam-cotter (rebind).
 */
#ifndef CT_UACALL_H
#define CT_UACALL_H

#include <limits.h>
#include <stddef.h>

#include "config.h"
#include "err.h"

#define CT_UACALL_ARGS	32	/* argv slots, the NULL included */

struct ct_uacall {
	char path[PATH_MAX];
	char uid[24];
	char *argv[CT_UACALL_ARGS];
	size_t n;
};

/*
 * Starts the command line of op: CT_OK, or CT_ECONFIG when helper_dir
 * makes the path too long.
 */
int ct_uacall_begin(struct ct_uacall *c, const struct ct_config *cfg,
    const char *op, struct ct_err *e);

/* Appends one argument (not copied: it must outlive the call); past the
 * slots the call is left unrunnable and ct_uacall_run refuses it. */
void ct_uacall_add(struct ct_uacall *c, const char *arg);

/* Appends "--" and then the arguments a person chose (DESIGN.md
 * invariant 8), at most 4, NULL ones left out. */
void ct_uacall_tail(struct ct_uacall *c, const char *a, const char *b,
    const char *d, const char *f);

/*
 * Runs the helper (ct_spawn, CT_USERADD_TIMEOUT_MS): CT_OK with its exit
 * status in *status, or the spawn's error with "account helper (what)
 * failed".
 */
int ct_uacall_run(struct ct_uacall *c, const char *what, int *status,
    struct ct_err *e);

#endif

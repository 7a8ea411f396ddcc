/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * testenv.h - what the unit tests share besides minting tokens: a hard
 * stop for a broken fixture, setting a config key that must take, and
 * where scratch files go (and the scratch directory itself).  Never linked into anything installed.
 */
#ifndef CT_TESTENV_H
#define CT_TESTENV_H

#include "config.h"

/* Prints the message and aborts: a fixture that cannot be built. */
void t_die(const char *fmt, ...)
    __attribute__((noreturn)) __attribute__((format(printf, 1, 2)));

/* ct_config_set that must succeed (t_die otherwise). */
void t_cfg_set(struct ct_config *cfg, const char *key, const char *value);

/*
 * Parses text as a config file named f.conf and checks the whole result
 * (ct_config_check): the status, the reason in e.  On CT_OK with out not
 * NULL, *out is the config (the caller frees it).
 */
int t_cfg_parse(const char *text, struct ct_config **out, struct ct_err *e);

/* Writes text to path (replacing it) with exactly mode (t_die otherwise). */
void t_file_put(const char *path, const char *text, unsigned mode);

/* $TMPDIR (tests/ns.sh makes it private) when absolute and short, else
 * /tmp. */
const char *t_tmpdir(void);

/*
 * A new directory /tmp/ct_TAG.XXXXXX, with mode (0 keeps mkdtemp's 0700),
 * its path in dir (size bytes).  0, or -1 (a cmocka setup's answer).
 */
int t_scratch_make(char *dir, size_t size, const char *tag, unsigned mode);

/* Removes a t_scratch_make directory and all it holds: 0 or -1. */
int t_scratch_remove(const char *dir);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * testenv.c - fixtures shared by the unit tests (see testenv.h).
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "testenv.h"

void
t_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fputc('\n', stderr);
	abort();
}

void
t_cfg_set(struct ct_config *cfg, const char *key, const char *value)
{
	struct ct_err e;

	ct_err_clear(&e);
	if (ct_config_set(cfg, key, value, &e) != CT_OK)
		t_die("ct_config_set %s=%s: %s", key, value, e.msg);
}

const char *
t_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	return (t != NULL && t[0] == '/' && strlen(t) < 64) ? t : "/tmp";
}

int
t_scratch_make(char *dir, size_t size, const char *tag, unsigned mode)
{
	if (snprintf(dir, size, "%s/ct_%s.XXXXXX", t_tmpdir(), tag) >= (int)size ||
	    mkdtemp(dir) == NULL)
		return -1;
	return mode == 0 ? 0 : chmod(dir, (mode_t)mode);
}

int
t_scratch_remove(const char *dir)
{
	char cmd[320];

	if (snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", dir) >=
	    (int)sizeof(cmd))
		return -1;
	return system(cmd) == 0 ? 0 : -1;
}

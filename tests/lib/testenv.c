/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * testenv.c - fixtures shared by the unit tests (see testenv.h).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int
t_cfg_parse(const char *text, struct ct_config **out, struct ct_err *e)
{
	struct ct_config *cfg = ct_config_new();
	int r;

	if (cfg == NULL)
		t_die("ct_config_new: out of memory");
	ct_err_clear(e);
	r = ct_config_parse_text(cfg, text, strlen(text), "f.conf", e);
	if (r == CT_OK)
		r = ct_config_check(cfg, e);
	if (out != NULL && r == CT_OK)
		*out = cfg;
	else
		ct_config_free(cfg);
	return r;
}

void
t_file_put(const char *path, const char *text, unsigned mode)
{
	size_t len = strlen(text);
	int fd;

	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len ||
	    fchmod(fd, (mode_t)mode) != 0 || close(fd) != 0)
		t_die("cannot write %s", path);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dropin.c - the configuration's drop-in directory, listed in name order.
 */
#define _GNU_SOURCE		/* asprintf */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dropin.h"

#define CT_DROPIN_NAME_MAX 128

int
ct_dropin_dir(const char *config_path, char *dir, size_t size)
{
	size_t n = strlen(config_path);
	int w;

	if (n >= 5 && strcmp(config_path + n - 5, ".conf") == 0)
		n -= 5;
	w = snprintf(dir, size, "%.*s.d", (int)n, config_path);
	return w < 0 || (size_t)w >= size ? -1 : 0;
}

/* 1 for NAME.conf with NAME of letters, digits and "._-", no dot first. */
static int
wanted(const char *name)
{
	size_t n = strlen(name), i;

	if (n <= 5 || n > CT_DROPIN_NAME_MAX || name[0] == '.' ||
	    strcmp(name + n - 5, ".conf") != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", name[i]) == NULL)
			return 0;
	return 1;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
ct_dropin_free(char **paths, size_t n)
{
	size_t i;

	if (paths == NULL)
		return;
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

/* Appends dir/name to list (room for max). */
static int
add(char **list, size_t *n, size_t max, const char *dir, const char *name,
    struct ct_err *e)
{
	if (*n >= max)
		return ct_fail(e, CT_ECONFIG, "%s: more than %zu *.conf files",
		    dir, max);
	if (asprintf(&list[*n], "%s/%s", dir, name) < 0) {
		list[*n] = NULL;
		return ct_fail(e, CT_ENOMEM, "%s: out of memory", dir);
	}
	(*n)++;
	return CT_OK;
}

int
ct_dropin_list(const char *dir, size_t max, char ***paths, size_t *n,
    struct ct_err *e)
{
	DIR *d = NULL;
	struct dirent *de;
	char **list = NULL;
	int r = CT_ECONFIG;

	*paths = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		r = errno == ENOENT ? CT_OK : ct_fail(e, CT_ECONFIG,
		    "%s: cannot read the directory: %s", dir, strerror(errno));
		goto out;
	}
	if ((list = calloc(max + 1, sizeof(*list))) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "%s: out of memory", dir);
		goto out;
	}
	while ((de = readdir(d)) != NULL)
		if (wanted(de->d_name) &&
		    (r = add(list, n, max, dir, de->d_name, e)) != CT_OK)
			goto out;
	qsort(list, *n, sizeof(*list), by_name);
	*paths = list;
	list = NULL;
	r = CT_OK;
out:
	if (list != NULL) {
		ct_dropin_free(list, *n);
		*n = 0;
	}
	if (d != NULL)
		(void)closedir(d);
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pamd.c - reading /etc/pam.d the way libpam does (pam.conf(5)): which
 * line of a service runs pam_cotter, with which control and arguments.
 * Followed: "@include FILE" and the controls "include" and "substack"
 * (both pull the named file's lines of the same type), at most 8 deep.
 * Not followed: a module path other than pam_cotter.so, line
 * continuations with '\'.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"

#define LINE_MAX_LEN	4096
#define DEPTH_MAX	8
#define FIELDS_MAX	(AD_ARGS_MAX + 3)

/* 1 when name can be a file under /etc/pam.d (no path, no dot file). */
static int
service_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n <= 64 && name[0] != '.' &&
	    strchr(name, '/') == NULL;
}

/*
 * Splits line in place into fields: words, or "[...]" (the brackets
 * dropped, "\]" an escaped bracket) as pam.conf(5) allows for controls
 * and arguments.  Returns the number of fields.
 */
static int
split(char *line, char **f, int max)
{
	char *p = line, *w;
	int n = 0;

	while (n < max) {
		p += strspn(p, " \t\r\n");
		if (*p == '\0' || *p == '#')
			break;
		if (*p == '[') {
			w = ++p;
			f[n++] = w;
			for (; *p != '\0' && *p != ']'; p++)
				if (*p == '\\' && p[1] == ']')
					(void)memmove(p, p + 1, strlen(p));
			if (*p == ']')
				*p++ = '\0';
			continue;
		}
		f[n++] = p;
		p += strcspn(p, " \t\r\n");
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

/* 1 when path names this module (any directory, as libpam resolves). */
static int
is_cotter(const char *path)
{
	const char *b = strrchr(path, '/');

	return strcmp(b == NULL ? path : b + 1, "pam_cotter.so") == 0;
}

/* The type without libpam's leading '-' (silent when missing). */
static const char *
bare_type(const char *t)
{
	return *t == '-' ? t + 1 : t;
}

struct find {
	char **argv;
	int argc;
	int found;
};

static int
find_in(const char *dir, const char *service, struct find *fd, int depth);

/* One line of a service file; 1 when the module's line was found. */
static int
find_line(const char *dir, char *line, struct find *fd, int depth)
{
	char *f[FIELDS_MAX];
	int n, i;

	n = split(line, f, FIELDS_MAX);
	if (n >= 2 && strcmp(f[0], "@include") == 0)
		return find_in(dir, f[1], fd, depth + 1);
	if (n < 3 || strcmp(bare_type(f[0]), "auth") != 0)
		return 0;
	if (strcmp(f[1], "include") == 0 || strcmp(f[1], "substack") == 0)
		return find_in(dir, f[2], fd, depth + 1);
	if (!is_cotter(f[2]))
		return 0;
	for (i = 3; i < n && fd->argc < AD_ARGS_MAX; i++)
		if ((fd->argv[fd->argc] = strdup(f[i])) != NULL)
			fd->argc++;
	fd->found = 1;
	return 1;
}

static int
find_in(const char *dir, const char *service, struct find *fd, int depth)
{
	char path[4096], line[LINE_MAX_LEN];
	FILE *fp;
	int done = 0;

	if (depth > DEPTH_MAX || !service_name_ok(service))
		return 0;
	(void)snprintf(path, sizeof(path), "%s/%s", dir, service);
	if ((fp = fopen(path, "re")) == NULL)
		return depth == 0 ? -1 : 0;
	while (!done && fgets(line, sizeof(line), fp) != NULL)
		done = find_line(dir, line, fd, depth);
	(void)fclose(fp);
	return done;
}

int
ad_pamd_args(const char *dir, const char *service, char **argv, int *argc,
    int *found, char *msg, size_t size)
{
	struct find fd = { argv, 0, 0 };

	*argc = 0;
	*found = 0;
	if (!service_name_ok(service)) {
		(void)snprintf(msg, size, "--service: a file name under %s",
		    dir);
		return -1;
	}
	if (find_in(dir, service, &fd, 0) < 0) {
		(void)snprintf(msg, size, "cannot read %s/%.64s", dir,
		    service);
		return -1;
	}
	*argc = fd.argc;
	*found = fd.found;
	return 0;
}

void
ad_pamd_free(char **argv, int argc)
{
	int i;

	for (i = 0; i < argc; i++)
		free(argv[i]);
}

/* Calls fn for each line of file that runs the module. */
static void
each_line(const char *dir, const char *name, void (*fn)(void *,
    const char *, const char *, const char *), void *arg)
{
	char path[4096], line[LINE_MAX_LEN], *f[FIELDS_MAX];
	FILE *fp;
	int n;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		n = split(line, f, FIELDS_MAX);
		if (n >= 3 && is_cotter(f[2]))
			fn(arg, name, f[0], f[1]);
	}
	(void)fclose(fp);
}

int
ad_pamd_each(const char *dir, void (*fn)(void *arg, const char *file,
    const char *type, const char *control), void *arg)
{
	struct dirent **names = NULL;
	int i, n;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (service_name_ok(names[i]->d_name))
			each_line(dir, names[i]->d_name, fn, arg);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_unit.c - may the refresh unit write jwks_cache?  (issue 19)  The
 * unit runs the fetcher under ProtectSystem=strict with one
 * ReadWritePaths=, jwks_cache's default directory filled in by make
 * install; a jwks_cache moved elsewhere needs a drop-in, or every timer
 * fetch fails with a read-only file system.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "doctor.h"
#include "replaystore.h"

#define UNIT "pam_cotter-refresh.service"
#define RW_MAX 2048

/* systemd's unit directories, the one that wins first (systemd.unit(5)). */
static const char *const unit_dirs[] = {
	"/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system",
	"/usr/lib/systemd/system",
};
#define NDIRS (sizeof(unit_dirs) / sizeof(unit_dirs[0]))

struct unit_rw {
	char paths[RW_MAX];	/* ReadWritePaths= words, space-separated */
	int strict;		/* ProtectSystem=strict */
};

/* One line of a unit file or drop-in: only the two settings we need. */
static void
unit_line(struct unit_rw *u, const char *line)
{
	size_t n;

	if (strncmp(line, "ProtectSystem=", 14) == 0) {
		u->strict = strcmp(line + 14, "strict") == 0;
	} else if (strncmp(line, "ReadWritePaths=", 15) == 0) {
		if (line[15] == '\0') {		/* an empty value resets */
			u->paths[0] = '\0';
			return;
		}
		n = strlen(u->paths);
		(void)snprintf(u->paths + n, sizeof(u->paths) - n, " %s",
		    line + 15);
	}
}

/* Reads path's settings into u; returns 0, or -1 if it cannot be read. */
static int
unit_file(struct unit_rw *u, const char *path)
{
	char line[1024];
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		unit_line(u, line);
	}
	(void)fclose(f);
	return 0;
}

static int
conf_only(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && strcmp(d->d_name + n - 5, ".conf") == 0;
}

/* Drop-ins, lowest precedence first, so the last word wins. */
static void
unit_dropins(struct unit_rw *u)
{
	struct dirent **ents;
	char dir[128], path[512];
	size_t i;
	int n, j;

	for (i = NDIRS; i-- > 0;) {
		(void)snprintf(dir, sizeof(dir), "%s/%s.d", unit_dirs[i],
		    UNIT);
		if ((n = scandir(dir, &ents, conf_only, alphasort)) < 0)
			continue;
		for (j = 0; j < n; j++) {
			(void)snprintf(path, sizeof(path), "%s/%s", dir,
			    ents[j]->d_name);
			(void)unit_file(u, path);
			free(ents[j]);
		}
		free(ents);
	}
}

/* Is dir one of the words of paths, or below one?  ("-" and "+" aside.) */
static int
rw_covers(const char *paths, const char *dir)
{
	char buf[RW_MAX], *w, *save = NULL;
	size_t n;
	int r = 0;

	(void)snprintf(buf, sizeof(buf), "%s", paths);
	for (w = strtok_r(buf, " \t", &save); w != NULL && !r;
	    w = strtok_r(NULL, " \t", &save)) {
		w += strspn(w, "-+");
		n = strlen(w);
		while (n > 1 && w[n - 1] == '/')
			w[--n] = '\0';
		r = n > 0 && (strcmp(w, "/") == 0 ||
		    (strncmp(dir, w, n) == 0 &&
		    (dir[n] == '\0' || dir[n] == '/')));
	}
	return r;
}

/* May the unit write dir (the directory of what, for who)? */
static void
covers(struct ad_doc *d, const struct unit_rw *u, const char *path,
    const char *dir, const char *what, const char *who)
{
	if (!u->strict)
		ad_find(d, AD_OK, "unit", "%s: ProtectSystem is not strict, "
		    "%s is writable%s", path, dir, who);
	else if (rw_covers(u->paths, dir))
		ad_find(d, AD_OK, "unit", "%s may write %s (ReadWritePaths=)%s",
		    UNIT, dir, who);
	else
		ad_find(d, AD_WARN, "unit", "%s %s%s is not in ReadWritePaths= "
		    "of %s: the timer's %s will fail (fix: systemctl edit %s, "
		    "then [Service] ReadWritePaths=%s)", what, dir, who, UNIT,
		    strcmp(what, "jwks_cache's directory") == 0 ? "fetches" :
		    "removal of expired entries", UNIT, dir);
}

/* May the unit write the directory of issuer v's jwks_cache? */
static void
unit_covers(struct ad_doc *d, const struct unit_rw *u, const char *path,
    const struct ct_config *v, int several)
{
	char dir[1024], who[80], *slash;

	if (*v->jwks_url == '\0')
		return;		/* a static set: the timer fetches nothing */
	(void)snprintf(who, sizeof(who), several ? " (issuer \"%s\")" : "",
	    v->section);
	(void)snprintf(dir, sizeof(dir), "%s", v->jwks_cache);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	covers(d, u, path, dir, "jwks_cache's directory", who);
}

void
ad_unit(struct ad_doc *d, const struct ct_config *cfg)
{
	struct unit_rw u = { "", 0 };
	struct ct_config v;
	char path[256], dir[1024];
	size_t i, n = ct_config_issuers(cfg);

	if (!ad_any_fetch(cfg) && !ad_replay_on(cfg))
		return;		/* the timer has nothing to write */
	for (i = 0; i < NDIRS; i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", unit_dirs[i], UNIT);
		if (unit_file(&u, path) == 0)
			break;
	}
	if (i == NDIRS)
		return;		/* not installed: ad_timer says what to do */
	unit_dropins(&u);
	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		unit_covers(d, &u, path, &v, n > 1);
	}
	/* Issue 24: the timer's run removes the replay store's expired
	 * entries. */
	(void)snprintf(dir, sizeof(dir), "%s/%s", cfg->state_dir,
	    CT_REPLAY_SUBDIR);
	if (ad_replay_on(cfg))
		covers(d, &u, path, dir, "the replay store", "");
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * usermap.c - the administrator's identity map (map_file), lines
 * "IDENTITY USER" (DESIGN.md invariant 6: an existing account is reachable
 * only by the identity bound to it).  The line grammar is mapline.c's;
 * a large map is answered from its index (mapindex.c).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mapindex.h"
#include "safefile.h"
#include "safepath.h"
#include "usermap.h"

#define CT_SHOWN_MAX		65

/* One parsed map line, pointing into a NUL-terminated copy of it. */
struct map_entry {
	const char *identity;
	const char *user;
};

/* ASCII-only tolower: the locale never decides who may log in. */
static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* 1 when a and b are equal ignoring ASCII case. */
static int
ascii_caseeq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (ascii_lower((unsigned char)*a) !=
		    ascii_lower((unsigned char)*b))
			return 0;
	return *a == '\0' && *b == '\0';
}

/* 1 when ent's IDENTITY names id (usermap.h grammar). */
static int
entry_matches(const struct map_entry *ent, const struct ct_identity *id)
{
	const char *s = ent->identity;

	if (s == NULL || ent->user == NULL)
		return 0;
	if (strchr(s, '@') != NULL)
		return id->identity != NULL && ascii_caseeq(s, id->identity);
	if (strncmp(s, "sub:", 4) == 0)
		return id->sub != NULL && strcmp(s + 4, id->sub) == 0;
	return id->identity != NULL && strcmp(s, id->identity) == 0;
}

/* What the scan of a map found for one identity and user. */
struct match {
	const struct ct_identity *id;
	const char *user;
	int matched, allowed;
};

static int
match_entry(void *arg, const char *identity, const char *user,
    struct ct_err *e)
{
	struct match *m = arg;
	struct map_entry ent;

	(void)e;
	ent.identity = identity;
	ent.user = user;
	if (entry_matches(&ent, m->id)) {
		m->matched = 1;
		if (strcmp(user, m->user) == 0)
			m->allowed = 1;
	}
	return CT_OK;
}

/* The result of a lookup (usermap.h), from what matched. */
static int
match_result(const struct match *m, const char *source, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];

	if (m->allowed)
		return CT_OK;
	if (m->matched) {
		ct_sanitize(shown, sizeof(shown), m->user, strlen(m->user));
		return ct_fail(e, CT_EAUTH, "%s: the token's identity is "
		    "mapped to other accounts, not \"%s\"", source, shown);
	}
	return ct_fail(e, CT_ENOUSER, "%s: no entry for the token's identity",
	    source);
}

int
ct_usermap_check_text(const char *text, size_t len, const char *source,
    const struct ct_identity *id, const char *user, struct ct_err *e)
{
	struct match m = { id, user, 0, 0 };
	int r = CT_ECONFIG;

	if (source == NULL)
		source = "map_file";
	if (id == NULL || user == NULL || (text == NULL && len > 0)) {
		r = ct_fail(e, CT_EAUTH, "%s: no identity or user", source);
		goto out;
	}
	if ((r = ct_usermap_scan_text(text, len, source, match_entry, &m,
	    e)) != CT_OK)
		goto out;
	r = match_result(&m, source, e);
out:
	return r;
}

int
ct_usermap_check(const char *path, const struct ct_identity *id,
    const char *user, struct ct_err *e)
{
	return ct_usermap_check_ro(path, id, user, 0, e);
}

int
ct_usermap_check_ro(const char *path, const struct ct_identity *id,
    const char *user, int read_only, struct ct_err *e)
{
	struct match m = { id, user, 0, 0 };
	struct ct_mapindex_hit hit;
	struct ct_err le;
	struct stat st;
	int fd = -1, missing = 0, r = CT_ECONFIG;

	ct_err_clear(&le);
	if (id == NULL || user == NULL) {
		r = ct_fail(e, CT_EAUTH, "map_file: no identity or user");
		goto out;
	}
	if ((r = ct_safe_open(path, CT_USERMAP_MAX_BYTES, CT_ECONFIG, &fd,
	    &st, &missing, &le)) != CT_OK) {
		/* A missing map holds no entries. */
		if (missing)
			r = ct_fail(e, CT_ENOUSER, "map_file %s (no entries)",
			    le.msg);
		else
			r = ct_fail(e, r, "map_file %s", le.msg);
		goto out;
	}
	/* Issue 19: every directory above the map is root's alone. */
	if ((r = ct_safe_ancestors(path, CT_ECONFIG, "map_file", e)) != CT_OK)
		goto out;
	/* Issue 15: the index, when it describes this very map. */
	if (ct_mapindex_lookup(path, &st, id, user, &hit) == 0) {
		m.matched = hit.matched;
		m.allowed = hit.allowed;
	} else {
		if ((r = ct_usermap_scan_fd(fd, path, match_entry, &m,
		    e)) != CT_OK)
			goto out;
		if (!read_only)	/* pam-cotter check writes nothing */
			(void)ct_mapindex_autobuild(path, fd, &st);
	}
	r = match_result(&m, path, e);
out:
	if (fd != -1)
		(void)close(fd);
	return r;
}

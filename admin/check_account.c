/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_account.c - pam-cotter check without --user (issue 21, point 7):
 * the account a verified token leads to, found in the module's order
 * (resolve.h): the first map_file line that names the identity, else the
 * binding recorded for the token's iss and sub (or a pending one for its
 * identity), else automatic mapping.  The caller then judges the token
 * for that account with the module's own steps.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "admin.h"
#include "automap.h"
#include "binding.h"
#include "check_account.h"
#include "mapline.h"
#include "safefile.h"
#include "usermap.h"

/* The entry of one map line, if it has one (mapline.c's grammar). */
struct one_entry {
	char user[CT_BIND_USER_MAX + 1];
	int found;
};

static int
take_entry(void *arg, const char *identity, const char *user,
    struct ct_err *e)
{
	struct one_entry *t = arg;

	(void)identity;
	(void)e;
	t->found = snprintf(t->user, sizeof(t->user), "%s", user) > 0;
	return CT_OK;
}

/*
 * The first line of map_file whose IDENTITY names id: each line read
 * alone through the module's grammar and matcher, so the line number is
 * the file's.  1 found, 0 not (or the map is missing or unsafe: the
 * judgement that follows reports that as the module would).
 */
static int
from_map(const struct ct_config *cfg, const struct ct_identity *id,
    struct ad_account *acc)
{
	struct one_entry t;
	struct ct_err e;
	struct stat st;
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	FILE *f = NULL;
	int fd = -1, missing = 0;

	ct_err_clear(&e);
	if (ct_safe_open(cfg->map_file, CT_USERMAP_MAX_BYTES, CT_ECONFIG, &fd,
	    &st, &missing, &e) != CT_OK || (f = fdopen(fd, "r")) == NULL)
		goto out;
	fd = -1;
	while (acc->source[0] == '\0' && (n = getline(&line, &cap, f)) > 0) {
		lineno++;
		memset(&t, 0, sizeof(t));
		if (ct_usermap_scan_text(line, (size_t)n, "map_file",
		    take_entry, &t, &e) == CT_OK && t.found &&
		    ct_usermap_check_text(line, (size_t)n, "map_file", id,
		    t.user, &e) == CT_OK) {
			(void)snprintf(acc->name, sizeof(acc->name), "%s",
			    t.user);
			(void)snprintf(acc->source, sizeof(acc->source),
			    "map_file %s line %zu", cfg->map_file, lineno);
		}
	}
out:
	free(line);
	if (f != NULL)
		(void)fclose(f);
	if (fd != -1)
		(void)close(fd);
	return acc->source[0] != '\0';
}

/* 1 when binding b is the token's: same iss and sub, or pending for it. */
static int
binding_is(const struct ct_binding *b, const struct ct_identity *id)
{
	if (id->iss == NULL || strcmp(b->iss, id->iss) != 0)
		return 0;
	if (b->pending)
		return id->identity != NULL &&
		    strcasecmp(b->identity, id->identity) == 0;
	return strcmp(b->sub, id->sub) == 0;
}

/* The binding recorded for this token, if any. */
static int
from_binding(const struct ct_config *cfg, const struct ct_identity *id,
    struct ad_account *acc)
{
	struct dirent **names = NULL;
	struct ct_binding b;
	struct ct_err e;
	char path[4096];
	int i, n, found;

	(void)snprintf(path, sizeof(path), "%s/%s", cfg->state_dir,
	    CT_BINDINGS_SUBDIR);
	n = scandir(path, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		found = 0;
		ct_err_clear(&e);
		if (acc->source[0] == '\0' &&
		    ct_username_valid(names[i]->d_name) &&
		    ct_binding_read(cfg->state_dir, names[i]->d_name, &b,
		    &found, &e) == CT_OK && found && binding_is(&b, id)) {
			(void)snprintf(acc->name, sizeof(acc->name), "%s",
			    b.user);
			(void)snprintf(acc->source, sizeof(acc->source),
			    "%s binding %s/%s", b.pending ? "pending" : "the",
			    path, b.user);
		}
		free(names[i]);
	}
	free(names);
	return acc->source[0] != '\0';
}

int
ad_find_account(const struct ct_config *cfg, const struct ct_identity *id,
    struct ad_account *acc)
{
	struct ct_err e;
	char *name = NULL;

	memset(acc, 0, sizeof(*acc));
	ct_err_clear(&e);
	if (from_map(cfg, id, acc) || from_binding(cfg, id, acc))
		return 1;
	if (id->identity != NULL && ct_automap(cfg->allowed_domains,
	    id->identity, &name, &e) == CT_OK && name != NULL) {
		(void)snprintf(acc->name, sizeof(acc->name), "%s", name);
		(void)snprintf(acc->source, sizeof(acc->source),
		    "automatic mapping (allowed_domains)");
	}
	free(name);
	return acc->source[0] != '\0';
}

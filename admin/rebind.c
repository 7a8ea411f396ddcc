/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rebind.c - pam-cotter accounts rebind (issue 23): moving accounts off
 * an issuer.  "-- USER ISSUER-NAME SUB" binds one existing account to a
 * new issuer's subject; "--file PATH" ("-": standard input) reads
 * "USER ISSUER-NAME SUB" lines ('#' comments, blank lines skipped).  The
 * account helper makes each change under the store's lock, keeps the old
 * binding as history and logs it (pam_cotter_useradd rebind).
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "resolve.h"
#include "spawn.h"
#include "uacall.h"

#define RB_LINE_MAX	2048
#define RB_LINES_MAX	100000

/* The issuer (iss) of the section called name, or NULL. */
static const char *
issuer_of(const struct ct_config *cfg, const char *name,
    struct ct_config *v)
{
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++)
		if (strcmp(ct_config_issuer_name(cfg, i), name) == 0) {
			ct_config_view(cfg, i, v);
			return v->issuer;
		}
	return NULL;
}

/* One rebind through the helper; 0 when done. */
static int
one(struct ad_out *out, const struct ct_config *cfg, const char *user,
    const char *name, const char *sub)
{
	char said[1024], su[72], sn[72], ss[72];
	struct ct_uacall c;
	struct ct_config v;
	struct ct_err e;
	const char *iss = issuer_of(cfg, name, &v);
	int status = -1, r;

	ad_clean(su, sizeof(su), user);
	ad_clean(sn, sizeof(sn), name);
	ad_clean(ss, sizeof(ss), sub);
	if (iss == NULL) {
		(void)fprintf(stderr, "pam-cotter accounts rebind: %s: no issuer "
		    "section \"%s\" in the configuration\n", su, sn);
		return -1;
	}
	ct_err_clear(&e);
	said[0] = '\0';
	if ((r = ct_uacall_begin(&c, cfg, "rebind", &e)) == CT_OK) {
		ct_uacall_tail(&c, user, iss, sub, NULL);
		r = ct_spawn_err(c.path, c.argv, CT_USERADD_TIMEOUT_MS,
		    &status, said, sizeof(said), &e);
	}
	if (r != CT_OK || status != CT_UA_OK) {
		(void)fprintf(stderr, "pam-cotter accounts rebind: %s: %.*s\n",
		    su, (int)strcspn(said[0] != '\0' ? said : e.msg, "\n"),
		    said[0] != '\0' ? said : e.msg);
		ad_append(out, "failed", json_string(user));
		return -1;
	}
	ad_say(out, "rebound %s to issuer %s, sub %s (the old binding is kept "
	    "as history)", su, sn, ss);
	ad_append(out, "rebound", json_pack("{s:s,s:s,s:s}", "user", user,
	    "issuer", name, "sub", sub));
	return 0;
}

/* One "USER ISSUER-NAME SUB" line; -1 when malformed or refused. */
static int
line(struct ad_out *out, const struct ct_config *cfg, char *s, size_t no)
{
	char *w[4], *save = NULL, *t;
	int n = 0;

	s[strcspn(s, "\r\n")] = '\0';
	for (t = strtok_r(s, " \t", &save); t != NULL && n < 4;
	    t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	if (n == 0 || w[0][0] == '#')
		return 0;
	if (n != 3) {
		(void)fprintf(stderr, "pam-cotter accounts rebind: line %zu: "
		    "expected USER ISSUER-NAME SUB\n", no);
		return -1;
	}
	return one(out, cfg, w[0], w[1], w[2]);
}

/* --file PATH: every line; the number that failed. */
static int
bulk(struct ad_out *out, const struct ct_config *cfg, const char *path)
{
	char buf[RB_LINE_MAX];
	size_t no = 0;
	int bad = 0;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");

	if (f == NULL) {
		(void)fprintf(stderr, "pam-cotter accounts rebind: %s: cannot "
		    "be read\n", path);
		return 1;
	}
	while (no < RB_LINES_MAX && fgets(buf, sizeof(buf), f) != NULL) {
		no++;
		if (strchr(buf, '\n') == NULL && !feof(f)) {
			(void)fprintf(stderr, "pam-cotter accounts rebind: line "
			    "%zu: longer than %d bytes\n", no, RB_LINE_MAX - 2);
			bad++;
			break;
		}
		if (line(out, cfg, buf, no) != 0)
			bad++;
	}
	if (f != stdin)
		(void)fclose(f);
	return bad;
}

int
ad_rebind(struct ad_out *out, const struct ad_opts *o,
    const struct ct_config *cfg)
{
	int bad;

	if (o->nrest == 2 && strcmp(o->rest[0], "--file") == 0)
		bad = bulk(out, cfg, o->rest[1]);
	else if (o->nrest == 4 && strcmp(o->rest[0], "--") == 0)
		bad = one(out, cfg, o->rest[1], o->rest[2], o->rest[3]) != 0;
	else {
		(void)fprintf(stderr, "usage: pam-cotter accounts rebind -- USER "
		    "ISSUER-NAME SUB\n       pam-cotter accounts rebind --file "
		    "PATH|-\n");
		return AD_EXIT_USAGE;
	}
	return bad == 0 ? AD_EXIT_OK : AD_EXIT_NO;
}

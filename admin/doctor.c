/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor.c - pam-cotter doctor: is this host set up the way the module
 * needs?  One line per finding, ok / warn / fail; exit 1 on any fail.
 * The judge of each file is the library's own reader (ct_safe_read,
 * ct_binding_read, ct_keys_get); lstat only names the fix.  The host
 * around the module is doctor_host.c's; both report through
 * doctor_report.c.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin.h"
#include "attempt.h"
#include "binding.h"
#include "doctor.h"
#include "mapindex.h"
#include "safefile.h"
#include "usermap.h"

/* The state directory, judged by the binding reader. */
static void
state_dir(struct ad_doc *d, const struct ct_config *cfg)
{
	struct ct_binding b;
	struct ct_err e;
	struct stat st;
	char fix[4200], sub[4096];
	int found = 0;

	ct_err_clear(&e);
	/* "root" is never bound: only the directories are looked at. */
	if (ct_binding_read(cfg->state_dir, "root", &b, &found,
	    &e) == CT_OK) {
		/* Issue 21.6: which of the two, as the case is. */
		ad_find(d, AD_OK, "state_dir", "%s: %s", cfg->state_dir,
		    lstat(cfg->state_dir, &st) == 0 ? "safe" : "not created "
		    "yet (the first account creation makes it)");
		return;
	}
	(void)snprintf(sub, sizeof(sub), "%s/%s", cfg->state_dir,
	    CT_BINDINGS_SUBDIR);
	ad_fix_of(cfg->state_dir, fix, sizeof(fix));
	if (fix[0] == '\0')
		ad_fix_of(sub, fix, sizeof(fix));
	ad_find(d, AD_FAIL, "state_dir", "%s%s", e.msg, fix);
}

/* The key cache: present, fresh, usable by the module now. */
static void
cache(struct ad_doc *d, const struct ct_config *cfg, const char *name)
{
	struct ct_refresh_policy p;
	struct ct_jwks *set = NULL;
	struct ct_err e;
	struct stat st;
	char fetcher[4096], fix[4200];
	int fetched = 0;
	time_t now = time(NULL);

	ct_err_clear(&e);
	if (ct_attempt_policy(cfg, &p, fetcher, sizeof(fetcher), &e) !=
	    CT_OK) {
		ad_find(d, AD_FAIL, name, "%s", e.msg);
		return;
	}
	p.may_fetch = 0;	/* doctor looks; it never fetches */
	if (ct_keys_get(&p, now, &set, &fetched, &e) != CT_OK) {
		ad_fix_of(cfg->jwks_cache, fix, sizeof(fix));
		ad_find(d, AD_FAIL, name, "%s%s%s", e.msg, fix,
		    fix[0] == '\0' ? " (try: pam-cotter refresh)" : "");
		return;
	}
	if (*p.url != '\0' && lstat(p.cache, &st) == 0 &&
	    now - st.st_mtime >= p.refresh_interval)
		ad_find(d, AD_WARN, name, "%s: %zu key(s), older than "
		    "refresh_interval (is the refresh timer running?)",
		    p.cache, set->nkeys);
	else
		ad_find(d, AD_OK, name, "%s: %zu usable key(s), fresh",
		    p.cache, set->nkeys);
	ct_jwks_free(set);
}

/*
 * map_file's index (issue 15): current, stale (then ignored: logins parse
 * the text), or none.  Probed with the module's own lookup.
 */
static void
map_index(struct ad_doc *d, const struct ct_config *cfg)
{
	struct ct_identity probe = { .iss = (char *)(uintptr_t)"-",
	    .sub = (char *)(uintptr_t)"-" };
	struct ct_mapindex_hit hit;
	char index[4200];
	struct stat st, ix;

	if (lstat(cfg->map_file, &st) == -1 || !S_ISREG(st.st_mode))
		return;
	(void)snprintf(index, sizeof(index), "%s%s", cfg->map_file,
	    CT_MAPINDEX_SUFFIX);
	if (ct_mapindex_lookup(cfg->map_file, &st, &probe, "root",
	    &hit) == 0)
		ad_find(d, AD_OK, "map_index", "%s describes the map", index);
	else if (lstat(index, &ix) == 0)
		ad_find(d, AD_WARN, "map_index", "%s is stale or unusable: "
		    "logins parse the map instead (fix: pam-cotter refresh "
		    "--map-index)", index);
	else if (st.st_size >= CT_MAPINDEX_MIN_BYTES)
		ad_find(d, AD_OK, "map_index", "none yet: a root login or "
		    "pam-cotter refresh --map-index builds it");
}

/* The configuration: the module's load, then each line alone. */
static struct ct_config *
config(struct ad_doc *d, const struct ad_opts *o)
{
	const char *path = o->config != NULL ? o->config : CT_DEFAULT_CONFIG;
	struct ct_config *cfg = NULL;
	struct ct_err e;
	char fix[4200];

	ct_err_clear(&e);
	if (ad_load_config(o, NULL, 0, &cfg, &e) == CT_OK) {
		ad_find(d, AD_OK, "config", "%s parses", path);
		return cfg;
	}
	ad_fix_of(path, fix, sizeof(fix));
	ad_find(d, AD_FAIL, "config", "%s%s", e.msg, fix);
	ad_config_lines(d, path, e.msg);
	return NULL;
}

/*
 * Each issuer's key cache and CA file (issue 22); with several issuers
 * each finding names its issuer ("jwks_cache:corp").
 */
static void
issuers(struct ad_doc *d, const struct ct_config *cfg)
{
	struct ct_config v;
	char name[64], ca[64];
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		(void)snprintf(name, sizeof(name), n == 1 ? "jwks_cache" :
		    "jwks_cache:%s", v.section);
		(void)snprintf(ca, sizeof(ca), n == 1 ? "ca_file" :
		    "ca_file:%s", v.section);
		cache(d, &v, name);
		if (*v.ca_file != '\0')
			ad_trusted_file(d, ca, v.ca_file, 1024 * 1024, 1);
	}
}

int
ad_doctor(const struct ad_opts *o)
{
	struct ct_config *cfg;
	struct ad_out out;
	struct ad_doc d = { &out, 0, 0 };

	ad_out_init(&out, o->json);
	if ((cfg = config(&d, o)) != NULL) {
		issuers(&d, cfg);
		ad_trusted_file(&d, "map_file", cfg->map_file,
		    CT_USERMAP_MAX_BYTES, 0);
		map_index(&d, cfg);
		state_dir(&d, cfg);
		ad_replay(&d, cfg);
		ad_groups(&d, cfg);
		ad_helpers(&d, cfg);
		ad_device(&d, cfg);
		ad_timer(&d, cfg);
		ad_unit(&d, cfg);
	}
	ad_services(&d);
	ad_nsswitch(&d, cfg);
	ad_directory(&d, cfg);
	ad_sshd(&d, o->sshd_config);
	ad_put(&out, "fails", json_integer(d.fails));
	ad_out_done(&out);
	ct_config_free(cfg);
	return d.fails == 0 ? AD_EXIT_OK : AD_EXIT_NO;
}

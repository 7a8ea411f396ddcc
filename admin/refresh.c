/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * refresh.c - pam-cotter refresh: the fetcher, now, through the library's
 * refresh code (ct_keys_refresh_now): the module's lock beside the cache
 * applies (a fetch running now is not doubled), the host-wide rate limit
 * (refresh_min_interval) does not: a person asked (issue 21.3).
 * Root only (DESIGN.md D1: nothing else may spawn a helper).
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin.h"
#include "attempt.h"
#include "keyinfo.h"
#include "mapindex.h"
#include "spawn.h"

/* Reports the kids in a but not in b under label. */
static size_t
diff(struct ad_out *out, const json_t *a, const json_t *b,
    const char *label)
{
	const json_t *x, *y;
	size_t i, j, n = 0;
	int seen;

	for (i = 0; i < json_array_size(a); i++) {
		x = json_array_get(a, i);
		seen = 0;
		for (j = 0; j < json_array_size(b); j++) {
			y = json_array_get(b, j);
			seen |= json_equal(x, y);
		}
		if (seen)
			continue;
		ad_say(out, "  %s kid %s", label, json_string_value(x));
		ad_append(out, label, json_incref((json_t *)(uintptr_t)x));
		n++;
	}
	return n;
}

/* --map-index: map_file's index, built as the module would (issue 15). */
static int
map_index(struct ad_out *out, const struct ct_config *cfg, struct ct_err *e)
{
	int r;

	if ((r = ct_mapindex_build(cfg->map_file, e)) == CT_OK) {
		ad_say(out, "indexed %s into %s%s", cfg->map_file,
		    cfg->map_file, CT_MAPINDEX_SUFFIX);
		ad_put(out, "map_index", json_string(cfg->map_file));
	}
	return r;
}

/* The fetcher's own line (why it failed), on the person's terminal. */
static void
tell_fetcher(const char *said)
{
	if (said[0] != '\0')
		(void)fprintf(stderr, "pam-cotter refresh: %.*s\n",
		    (int)strcspn(said, "\n"), said);
}

/* One issuer's fetch, with the kids it added and removed. */
static int
refresh_one(struct ad_out *out, const struct ct_config *cfg,
    struct ct_err *e)
{
	struct ct_refresh_policy p;
	json_t *before = NULL, *after = NULL;
	char fetcher[4096], said[1024];
	int r;

	if ((r = ct_attempt_policy(cfg, &p, fetcher, sizeof(fetcher),
	    e)) != CT_OK)
		goto out;
	/* Issue 25: the device endpoints too, found by discovery. */
	if (cfg->device_flow && (cfg->device_endpoint[0] == '\0' ||
	    cfg->token_endpoint[0] == '\0'))
		p.discover_issuer = cfg->issuer;
	if (*p.url == '\0') {
		ad_say(out, "static key set (jwks_url is empty): nothing to "
		    "fetch");
		goto out;
	}
	before = ad_cache_kids(p.cache);
	/* Issue 21.3: a person asked: now, whatever the rate limit says. */
	if ((r = ct_keys_refresh_now(&p, time(NULL), said, sizeof(said),
	    e)) != CT_OK) {
		tell_fetcher(said);
		goto out;
	}
	after = ad_cache_kids(p.cache);
	ad_say(out, "fetched %s into %s", p.url, p.cache);
	(void)diff(out, after, before, "added");
	(void)diff(out, before, after, "removed");
	ad_say(out, "%zu key(s) now", json_array_size(after));
out:
	json_decref(before);
	json_decref(after);
	return r;
}

/*
 * Several issuers (issue 22): each one's cache in turn; a failure of one
 * is said and the others are still fetched.
 */
static int
refresh_each(struct ad_out *out, const struct ct_config *cfg, int json,
    struct ct_err *e)
{
	struct ct_config v;
	struct ad_out sub;
	struct ct_err le;
	size_t i, n = ct_config_issuers(cfg);
	int r = CT_OK, ri;

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		ad_say(out, "%sissuer \"%s\" (%s):", i > 0 ? "\n" : "",
		    v.section, v.issuer);
		ad_out_init(&sub, json);
		ad_put(&sub, "issuer_section", json_string(v.section));
		ct_err_clear(&le);
		if ((ri = refresh_one(&sub, &v, &le)) != CT_OK) {
			(void)fprintf(stderr, "pam-cotter refresh: issuer "
			    "\"%s\": %s\n", v.section, le.msg);
			ad_put(&sub, "error", json_string(le.msg));
			r = ct_fail(e, ri, "issuer \"%s\": %s", v.section,
			    le.msg);
		}
		ad_put(&sub, "refreshed", json_boolean(ri == CT_OK));
		ad_append(out, "issuers", sub.root);
	}
	return r;
}

int
ad_refresh(const struct ad_opts *o)
{
	struct ct_config *cfg = NULL, v;
	struct ad_out out;
	struct ct_err e;
	int r = CT_ESYS, each = 0;

	ad_out_init(&out, o->json);
	ct_err_clear(&e);
	if (!ct_spawn_allowed()) {	/* D1: all ids 0, as the fetcher's run */
		(void)ct_fail(&e, CT_ESYS, "refresh: root only (the fetcher "
		    "writes the root-owned cache)");
		goto out;
	}
	if ((r = ad_load_config(o, NULL, 0, &cfg, &e)) != CT_OK)
		goto out;
	ct_config_view(cfg, 0, &v);
	if (o->map_index)
		r = map_index(&out, &v, &e);
	else if (ct_config_issuers(cfg) == 1)
		r = refresh_one(&out, &v, &e);
	else {
		each = 1;
		r = refresh_each(&out, cfg, o->json, &e);
	}
out:
	if (r != CT_OK && !each) {
		(void)fprintf(stderr, "pam-cotter refresh: %s\n", e.msg);
		ad_put(&out, "error", json_string(e.msg));
	}
	ad_put(&out, "refreshed", json_boolean(r == CT_OK));
	ad_out_done(&out);
	ct_config_free(cfg);
	return r == CT_OK ? AD_EXIT_OK : AD_EXIT_NO;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * keys.c - pam-cotter keys: the cached key set as the module sees it.
 * Each key is built with the library's JWK code (ct_jwk_load) and the
 * whole set judged by ct_keys_get, the module's own call, without a
 * fetch; the times are the refresh policy's (refresh.h).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "admin.h"
#include "attempt.h"
#include "json.h"
#include "keyinfo.h"
#include "safefile.h"

#define STATE_MAX	4096

/* The fetcher's validators file "<cache>.state": the etag line. */
static void
etag_of(const char *cache, char *out, size_t size)
{
	char path[4096], *buf = NULL, *p;
	size_t len = 0;
	struct ct_err e;

	(void)snprintf(out, size, "-");
	(void)snprintf(path, sizeof(path), "%s.state", cache);
	ct_err_clear(&e);
	if (ct_safe_read(path, STATE_MAX, CT_ENOKEYS, &buf, &len, NULL,
	    &e) != CT_OK)
		return;
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p == NULL ? NULL : p + 1)
		if (strncmp(p, "etag ", 5) == 0) {
			ct_sanitize(out, size, p + 5, strcspn(p + 5, "\n"));
			break;
		}
	free(buf);
}

/* Prints one JWK of the set: kid, type, alg, usable. */
static void
show_key(struct ad_out *out, const json_t *jwk, size_t i)
{
	struct ad_keyinfo k;

	ad_keyinfo(jwk, &k);
	ad_say(out, "  %-3zu kid %-24s %-14s %-6s %s%s", i, k.kid, k.type,
	    k.alg, k.usable ? "usable" : "NOT usable: ", k.usable ? "" :
	    k.why);
	ad_append(out, "keys", json_pack("{s:s,s:s,s:s,s:b,s:s}", "kid", k.kid,
	    "type", k.type, "alg", k.alg, "usable", k.usable, "reason",
	    k.why));
}

/* Lists the cache's keys, each judged alone. */
static void
list_keys(struct ad_out *out, const char *cache)
{
	char *buf = NULL;
	size_t len = 0, i;
	struct ct_err e;
	json_t *root = NULL, *arr;

	ct_err_clear(&e);
	if (ct_safe_read(cache, CT_JWKS_MAX_BYTES, CT_ENOKEYS, &buf, &len,
	    NULL, &e) != CT_OK ||
	    (root = ct_json_parse_object(buf, len, "key set", CT_ENOKEYS,
	    &e)) == NULL) {
		ad_say(out, "keys: cannot be listed: %s", e.msg);
		goto out;
	}
	arr = json_object_get(root, "keys");
	if (!json_is_array(arr)) {
		ad_say(out, "keys: the set has no \"keys\" array");
		goto out;
	}
	ad_say(out, "keys (%zu):", json_array_size(arr));
	for (i = 0; i < json_array_size(arr); i++)
		show_key(out, json_array_get(arr, i), i);
out:
	json_decref(root);
	free(buf);
}

/* Cache file, source, ETag, last attempt and the next refresh. */
static void
show_times(struct ad_out *out, const struct ct_config *cfg, time_t now)
{
	char path[4096], date[40], span[32], etag[160], att[160], due[160];
	struct stat st, at;
	long long age = -1, next;
	int have = lstat(cfg->jwks_cache, &st) == 0;

	etag_of(cfg->jwks_cache, etag, sizeof(etag));
	(void)snprintf(path, sizeof(path), "%s.attempt", cfg->jwks_cache);
	(void)snprintf(att, sizeof(att), "none recorded");
	if (lstat(path, &at) == 0) {
		ad_date(date, sizeof(date), (long long)at.st_mtime);
		ad_span(span, sizeof(span), (long long)(now - at.st_mtime));
		/* The fetcher writes or touches the cache when it succeeds. */
		(void)snprintf(att, sizeof(att), "%s (%s ago): %s", date, span,
		    have && st.st_mtime >= at.st_mtime ? "succeeded" :
		    "failed (the cache is older than the attempt)");
	}
	if (have) {
		age = (long long)(now - st.st_mtime);
		age = age < 0 ? 0 : age;
		ad_date(date, sizeof(date), (long long)st.st_mtime);
		ad_span(span, sizeof(span), age);
		ad_say(out, "cache:   %s, written %s (%s ago)", cfg->jwks_cache,
		    date, span);
	} else
		ad_say(out, "cache:   %s: missing", cfg->jwks_cache);
	ad_say(out, "source:  %s", *cfg->jwks_url == '\0' ?
	    "(static key set: jwks_url is empty)" : cfg->jwks_url);
	ad_say(out, "etag:    %s", etag);
	ad_say(out, "last fetch attempt by a login: %s", att);
	next = have ? (long long)st.st_mtime + cfg->refresh_interval : now;
	ad_date(date, sizeof(date), next);
	ad_span(span, sizeof(span), next - now);
	if (*cfg->jwks_url == '\0')
		(void)snprintf(due, sizeof(due), "never (static key set)");
	else if (next > now)
		(void)snprintf(due, sizeof(due), "%s (in %s)", date, span);
	else
		(void)snprintf(due, sizeof(due), "now (at the next root login "
		    "or timer run)");
	ad_say(out, "next refresh due: %s", due);
	ad_put(out, "cache", json_pack("{s:s,s:b,s:I,s:s,s:s,s:s,s:s}", "path",
	    cfg->jwks_cache, "present", have, "age_seconds", (json_int_t)age,
	    "source", cfg->jwks_url, "etag", etag, "last_attempt", att,
	    "next_refresh", due));
}

/* One issuer's cache, keys and the module's judgement of them. */
static int
keys_one(struct ad_out *out, const struct ct_config *cfg, time_t now)
{
	struct ct_refresh_policy p;
	struct ct_jwks *set = NULL;
	struct ct_err e;
	char fetcher[4096];
	int fetched = 0, r;

	ct_err_clear(&e);
	if ((r = ct_attempt_policy(cfg, &p, fetcher, sizeof(fetcher),
	    &e)) != CT_OK) {
		(void)fprintf(stderr, "pam-cotter keys: %s\n", e.msg);
		return r;
	}
	show_times(out, cfg, now);
	list_keys(out, cfg->jwks_cache);
	/* The module's own judgement of the set, without fetching. */
	p.may_fetch = 0;
	r = ct_keys_get(&p, now, &set, &fetched, &e);
	if (r == CT_OK)
		ad_say(out, "the module can use this key set now");
	else
		ad_say(out, "the module cannot use the key set: %s", e.msg);
	ad_put(out, "usable", json_boolean(r == CT_OK));
	ad_put(out, "reason", json_string(r == CT_OK ? "" : e.msg));
	ct_jwks_free(set);
	return r;
}

int
ad_keys(const struct ad_opts *o)
{
	struct ct_config *cfg = NULL, v;
	struct ad_out out, sub;
	struct ct_err e;
	time_t now = o->now != 0 ? (time_t)o->now : time(NULL);
	size_t i, n;
	int r;

	ad_out_init(&out, o->json);
	ct_err_clear(&e);
	if ((r = ad_load_config(o, NULL, 0, &cfg, &e)) != CT_OK) {
		(void)fprintf(stderr, "pam-cotter keys: %s\n", e.msg);
		goto out;
	}
	if ((n = ct_config_issuers(cfg)) == 1) {
		ct_config_view(cfg, 0, &v);
		r = keys_one(&out, &v, now);
		goto out;
	}
	/* Several issuers (issue 22): each one's own cache, in turn. */
	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		ad_say(&out, "%sissuer \"%s\" (%s):", i > 0 ? "\n" : "",
		    v.section, v.issuer);
		ad_out_init(&sub, o->json);
		ad_put(&sub, "issuer_section", json_string(v.section));
		ad_put(&sub, "issuer", json_string(v.issuer));
		if (keys_one(&sub, &v, now) != CT_OK)
			r = CT_ENOKEYS;
		ad_append(&out, "issuers", sub.root);
	}
out:
	ad_out_done(&out);
	ct_config_free(cfg);
	return r == CT_OK ? AD_EXIT_OK : AD_EXIT_NO;
}

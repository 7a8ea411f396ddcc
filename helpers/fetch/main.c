/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fetch_main.c - pam_cotter_fetch: refresh the JWKS cache (issue 3).
 *
 *   pam_cotter_fetch --url URL --cache PATH [--ca-file PATH]
 *       [--timeout SECONDS] [--force]
 *   pam_cotter_fetch --config /etc/security/pam_cotter.conf [--force]
 *
 * With --config naming several issuers (issue 22) and neither --url nor
 * --cache, every issuer's cache is refreshed in turn, one line each.
 *
 * With --config, jwks_url, jwks_cache, ca_file and fetch_timeout come from
 * the module's configuration file (options given as well override it); an
 * empty jwks_url (a static key set) means there is nothing to fetch, and
 * so does a file still as the package ships it (audience unset or the
 * placeholder, jwks_url the built-in default): "not configured", exit 0,
 * no network, so a fresh install leaves no failed refresh unit.
 *
 * Run by the module (execve, empty environment, no descriptors) and by a
 * systemd timer.  Exit status: 0 the cache was written or confirmed
 * unchanged (304); 1 the fetch or the body was refused and the old cache
 * and state are untouched; 2 usage error.  One syslog line per run.
 *
 * The validators of the cached copy (RFC 7232 section 2) live in
 * "<cache>.state", lines "etag VALUE" and "last-modified VALUE".  The
 * cache's age is its modification time: a 304 bumps it.  Fetchers (the
 * module's and the timer's) take turns through "<cache>.fetch-lock", so a
 * cache and its state always describe the same copy.  (The module's own
 * "<cache>.lock" is held by our parent while we run: not that one.)
 */
#define _GNU_SOURCE	/* getresuid */

#include <sys/auxv.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <curl/curl.h>

#include "atomicfile.h"
#include "discover.h"
#include "fetch_config.h"
#include "fetch_replay.h"
#include "fetch_curl.h"
#include "jwks.h"
#include "jwks_json.h"
#include "lockfile.h"
#include "safefile.h"

#define EXIT_FETCHED 0
#define EXIT_REFUSED 1
#define EXIT_USAGE 2

#define DEFAULT_TIMEOUT_S 5
#define MAX_TIMEOUT_S 300
#define MAX_URL 2048
#define STATE_MAX 4096		/* the state file is two short lines */
#define SUFFIX_ROOM 32		/* ".fetch-lock", ".tmp.XXXXXX", ... */

struct opts {
	const char *config;	/* --config, or NULL */
	const char *url;
	const char *cache;
	const char *ca_file;	/* NULL: the system bundle */
	long timeout_s;
	int timeout_given;
	int force;
	int default_url;	/* url is the built-in default, from --config */
	const char *discover;	/* --discover-issuer (issue 25), or NULL */
};

/* What the run did, said once at the end. */
struct outcome {
	int status;		/* exit status */
	int prio;		/* syslog priority */
	char msg[512];
};

static void say(struct outcome *, int, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static void
say(struct outcome *o, int status, int prio, const char *fmt, ...)
{
	va_list ap;

	o->status = status;
	o->prio = prio;
	va_start(ap, fmt);
	(void)vsnprintf(o->msg, sizeof(o->msg), fmt, ap);
	va_end(ap);
}

/*
 * The one log line of this run; also on stderr when a person reads it
 * (issue 21.2): a terminal, or a pipe (pam-cotter refresh shows it).  Not
 * under the timer (the journal's socket) nor the module (/dev/null).
 */
static void
report(const struct outcome *o)
{
	struct stat st;

	syslog(o->prio, "%s", o->msg);
	if (isatty(STDERR_FILENO) || (fstat(STDERR_FILENO, &st) == 0 &&
	    S_ISFIFO(st.st_mode)))
		(void)fprintf(stderr, "pam_cotter_fetch: %s\n", o->msg);
}

static void
usage(void)
{
	(void)fprintf(stderr, "usage: pam_cotter_fetch --url URL --cache PATH "
	    "[--ca-file PATH] [--timeout SECONDS] [--force]\n"
	    "       pam_cotter_fetch --config PATH [options] [--force]\n");
}

/* "<cache><suffix>" into buf; -1 when it does not fit. */
static int
sibling(char *buf, size_t size, const char *cache, const char *suffix)
{
	int n = snprintf(buf, size, "%s%s", cache, suffix);

	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

/* Parses --timeout: whole seconds, 1 to MAX_TIMEOUT_S. */
static int
parse_timeout(const char *s, long *out)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 ||
	    v > MAX_TIMEOUT_S)
		return -1;
	*out = (long)v;
	return 0;
}

/* Takes the value of option name; -1 if missing or given twice. */
static int
take_value(int argc, char **argv, int *i, const char **slot)
{
	if (*slot != NULL || *i + 1 >= argc)
		return -1;
	*i += 1;
	*slot = argv[*i];
	return 0;
}

/* Reads the command line into o; -1 on any usage error. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	const char *timeout = NULL;
	int i, r = -1;

	memset(o, 0, sizeof(*o));
	o->timeout_s = DEFAULT_TIMEOUT_S;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--url") == 0) {
			if (take_value(argc, argv, &i, &o->url) == -1)
				goto out;
		} else if (strcmp(argv[i], "--cache") == 0) {
			if (take_value(argc, argv, &i, &o->cache) == -1)
				goto out;
		} else if (strcmp(argv[i], "--ca-file") == 0) {
			if (take_value(argc, argv, &i, &o->ca_file) == -1)
				goto out;
		} else if (strcmp(argv[i], "--timeout") == 0) {
			if (take_value(argc, argv, &i, &timeout) == -1)
				goto out;
		} else if (strcmp(argv[i], "--config") == 0) {
			if (take_value(argc, argv, &i, &o->config) == -1)
				goto out;
		} else if (strcmp(argv[i], "--discover-issuer") == 0) {
			if (take_value(argc, argv, &i, &o->discover) == -1)
				goto out;
		} else if (strcmp(argv[i], "--force") == 0) {
			o->force = 1;
		} else
			goto out;
	}
	if (o->config == NULL && (o->url == NULL || o->cache == NULL))
		goto out;
	o->timeout_given = timeout != NULL;
	if (timeout != NULL && parse_timeout(timeout, &o->timeout_s) == -1)
		goto out;
	r = 0;
out:
	return r;
}

/* 1 when s is printable ASCII without spaces (a URL we will log). */
static int
printable(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	}
	return 1;
}

/*
 * Checks what the arguments name: an https URL (RFC 8414 section 2), an
 * absolute cache path whose directory exists and is ours alone (the temp
 * file, state and lock live there), an absolute CA file.
 */
static int
check_opts(const struct opts *o, struct outcome *out)
{
	char dir[PATH_MAX], shown[128];
	struct stat st;
	char *slash;

	if (strncmp(o->url, "https://", 8) != 0 || strlen(o->url) > MAX_URL ||
	    !printable(o->url)) {
		say(out, EXIT_USAGE, LOG_ERR, "refused URL: only https:// "
		    "URLs of printable characters are fetched");
		return -1;
	}
	if (o->cache[0] != '/' || o->cache[strlen(o->cache) - 1] == '/' ||
	    strlen(o->cache) + SUFFIX_ROOM >= sizeof(dir) ||
	    (o->ca_file != NULL && o->ca_file[0] != '/')) {
		say(out, EXIT_USAGE, LOG_ERR, "cache and CA file paths must "
		    "be absolute file names");
		return -1;
	}
	(void)strcpy(dir, o->cache);
	slash = strrchr(dir, '/');
	*(slash == dir ? slash + 1 : slash) = '\0';
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid()) ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		ct_sanitize(shown, sizeof(shown), dir, strlen(dir));
		say(out, EXIT_USAGE, LOG_ERR, "cache directory %s missing, "
		    "or not owned by root, or group/world-writable", shown);
		return -1;
	}
	return 0;
}

/*
 * Takes "<cache>.fetch-lock", waiting for another fetcher at most until
 * one second of our time budget is left; *waited_ms gets the time spent,
 * which the transfer's own bound then gives back, so a whole run never
 * takes longer than --timeout (the module's bound on us).  Returns the
 * locked descriptor (released when we exit) or -1.
 */
static int
take_fetch_lock(const struct opts *o, long *waited_ms)
{
	char path[PATH_MAX];

	*waited_ms = 0;
	if (sibling(path, sizeof(path), o->cache, ".fetch-lock") == -1)
		return -1;
	return ct_lock_take(path, geteuid(), o->timeout_s * 1000 - 1000,
	    waited_ms);
}

/*
 * Under the fetch lock no other fetcher writes: a "<cache>.tmp.*" or
 * "<cache>.state.tmp.*" file of ours is what a fetcher killed mid-write
 * (its spawner's timeout, a crash) left behind.  Remove them, so stale
 * state recovers by itself.  Best effort: a failure here changes nothing
 * the module reads.
 */
static void
remove_stale_temps(const char *cache)
{
	char dir[PATH_MAX];
	const char *base;
	struct dirent *d;
	struct stat st;
	size_t blen;
	DIR *dp;

	(void)strcpy(dir, cache);	/* check_opts bounded its length */
	base = strrchr(cache, '/') + 1;
	blen = strlen(base);
	dir[base - cache] = '\0';
	if ((dp = opendir(dir)) == NULL)
		goto out;
	while ((d = readdir(dp)) != NULL) {
		if (strncmp(d->d_name, base, blen) != 0 ||
		    d->d_name[blen] != '.' ||
		    strstr(d->d_name + blen, ".tmp.") == NULL)
			continue;
		if (fstatat(dirfd(dp), d->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid())
			(void)unlinkat(dirfd(dp), d->d_name, 0);
	}
	(void)closedir(dp);
out:
	return;
}

/*
 * Loads the validators of the copy we hold into req (RFC 7232 section 3),
 * unless --force, the cache is missing or unusable (a cache the module
 * would refuse must never be "confirmed" by a 304), or the state file is
 * unsafe or malformed.  Returns 1 when the request is conditional.
 */
static int
load_validators(const struct opts *o, char *etag, char *lm)
{
	char path[PATH_MAX], *buf = NULL, *line, *save = NULL;
	struct ct_jwks *set = NULL;
	size_t len = 0;
	int cond = 0;

	etag[0] = lm[0] = '\0';
	/* The cache is reused only if every key of it builds (issue 15). */
	if (o->force || ct_jwks_load_file(o->cache, &set, NULL) != CT_OK ||
	    ct_jwks_build_all(set, NULL) != CT_OK ||
	    sibling(path, sizeof(path), o->cache, ".state") == -1 ||
	    ct_safe_read(path, STATE_MAX, CT_ESYS, &buf, &len, NULL,
	    NULL) != CT_OK)
		goto out;
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "etag ", 5) == 0 &&
		    ct_fetch_validator_ok(line + 5, strlen(line + 5)))
			(void)strcpy(etag, line + 5);
		else if (strncmp(line, "last-modified ", 14) == 0 &&
		    ct_fetch_validator_ok(line + 14, strlen(line + 14)))
			(void)strcpy(lm, line + 14);
	}
	cond = etag[0] != '\0' || lm[0] != '\0';
out:
	ct_jwks_free(set);
	free(buf);
	return cond;
}

/* Writes the validators of the copy just cached; "" lines are left out. */
static int
save_validators(const char *cache, const struct ct_fetch_resp *resp,
    struct ct_err *e)
{
	char path[PATH_MAX], buf[2 * CT_FETCH_VALIDATOR_MAX + 64];
	int n;

	if (sibling(path, sizeof(path), cache, ".state") == -1)
		return ct_fail(e, CT_ESYS, "state path too long");
	n = snprintf(buf, sizeof(buf), "%s%s%s%s%s%s",
	    resp->etag[0] != '\0' ? "etag " : "", resp->etag,
	    resp->etag[0] != '\0' ? "\n" : "",
	    resp->last_modified[0] != '\0' ? "last-modified " : "",
	    resp->last_modified, resp->last_modified[0] != '\0' ? "\n" : "");
	if (n < 0 || (size_t)n >= sizeof(buf))
		return ct_fail(e, CT_ESYS, "state too long");
	return ct_atomic_write(path, buf, (size_t)n, 0644, e);
}

/* 1 when the cache holds exactly body (len bytes). */
static int
same_bytes(const char *cache, const char *body, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	int same;

	same = ct_safe_read(cache, CT_JWKS_MAX_BYTES, CT_ESYS, &buf, &n, NULL,
	    NULL) == CT_OK && n == len && memcmp(buf, body, len) == 0;
	free(buf);
	return same;
}

/*
 * 200: the body must be a JWK Set the module would load whole (every key
 * valid, no private members, no duplicate kid); then the cache is
 * replaced.  The old state is removed first, so validators never outlive
 * the copy they describe, even if we are killed in between.
 */
static void
store_body(const struct opts *o, const char *url,
    const struct ct_fetch_resp *resp, struct outcome *out)
{
	char path[PATH_MAX];
	struct ct_jwks *set = NULL;
	struct ct_err e;
	size_t nkeys;
	int same;

	ct_err_clear(&e);
	if (ct_jwks_parse(resp->body, resp->len, &set, &e) != CT_OK) {
		say(out, EXIT_REFUSED, LOG_ERR, "refused body from %s: %s",
		    url, e.msg);
		goto out;
	}
	nkeys = set->nkeys;
	same = same_bytes(o->cache, resp->body, resp->len);
	if (sibling(path, sizeof(path), o->cache, ".state") == -1 ||
	    (unlink(path) == -1 && errno != ENOENT)) {
		say(out, EXIT_REFUSED, LOG_ERR, "cannot remove %s.state: %s",
		    o->cache, CT_STRERROR(errno));
		goto out;
	}
	if (ct_atomic_write(o->cache, resp->body, resp->len, 0644, &e) !=
	    CT_OK) {
		say(out, EXIT_REFUSED, LOG_ERR, "cannot write cache: %s",
		    e.msg);
		goto out;
	}
	if (save_validators(o->cache, resp, &e) != CT_OK) {
		say(out, EXIT_FETCHED, LOG_WARNING, "fetched %zu keys from %s "
		    "(validators not saved: %s)", nkeys, url, e.msg);
		goto out;
	}
	say(out, EXIT_FETCHED, LOG_INFO, "fetched %zu key%s from %s (%s)",
	    nkeys, nkeys == 1 ? "" : "s", url, same ? "unchanged: the same "
	    "key set as the cache held" : "new key set written to the cache");
out:
	ct_jwks_free(set);
}

/*
 * 304 (RFC 7232 section 4.1): our copy is current.  Keep its bytes and
 * make its age (mtime) now; never follow a link at the cache path.
 */
static void
confirm_cache(const struct opts *o, const char *url, struct outcome *out)
{
	if (utimensat(AT_FDCWD, o->cache, NULL, AT_SYMLINK_NOFOLLOW) == -1) {
		say(out, EXIT_REFUSED, LOG_ERR, "not modified at %s, but "
		    "cannot touch cache: %s", url, CT_STRERROR(errno));
		return;
	}
	say(out, EXIT_FETCHED, LOG_INFO, "key set unchanged: not modified "
	    "at %s; cache confirmed", url);
}

/* One fetch and what follows from its answer. */
static void
run(const struct opts *o, struct outcome *out)
{
	char url[160], etag[CT_FETCH_VALIDATOR_MAX + 1];
	char lm[CT_FETCH_VALIDATOR_MAX + 1];
	struct ct_fetch_req req;
	struct ct_fetch_resp resp;
	struct ct_err e;
	long waited = 0;
	int cond = 0, lock = -1;

	memset(&resp, 0, sizeof(resp));
	ct_err_clear(&e);
	ct_sanitize(url, sizeof(url), o->url, strlen(o->url));
	if ((lock = take_fetch_lock(o, &waited)) == -1) {
		say(out, EXIT_REFUSED, LOG_ERR, "cannot take %s.fetch-lock "
		    "(another fetch running?)", o->cache);
		goto out;
	}
	remove_stale_temps(o->cache);
	cond = load_validators(o, etag, lm);
	memset(&req, 0, sizeof(req));
	req.url = o->url;
	req.ca_file = o->ca_file;
	req.timeout_ms = o->timeout_s * 1000 - waited;
	req.if_none_match = etag[0] != '\0' ? etag : NULL;
	req.if_modified_since = lm[0] != '\0' ? lm : NULL;
	if (ct_fetch(&req, &resp, &e) != CT_OK) {
		say(out, EXIT_REFUSED, LOG_ERR, "fetch from %s failed: %s",
		    url, e.msg);
		goto out;
	}
	if (resp.status == 304 && cond)
		confirm_cache(o, url, out);
	else if (resp.status == 200)
		store_body(o, url, &resp, out);
	else
		say(out, EXIT_REFUSED, LOG_ERR, "HTTP %ld from %s%s",
		    resp.status, url, resp.status == 304 ?
		    " to an unconditional request" : "");
out:
	ct_fetch_resp_free(&resp);
	if (lock != -1)
		(void)close(lock);
}

/*
 * The configuration is still as the package ships it: nothing to fetch
 * yet, and not an error (the refresh unit must not fail on a fresh
 * install).  One line that says what to set, and where.
 */
static void
not_configured(const char *config, struct outcome *out)
{
	char shown[128];

	ct_sanitize(shown, sizeof(shown), config, strlen(config));
	say(out, EXIT_FETCHED, LOG_NOTICE, "not configured: set audience and "
	    "jwks_url in %s (nothing fetched)", shown);
}

/*
 * --config: what the command line left unset comes from one issuer of
 * the module's configuration (v, a view: ct_config_view).  Returns 0 to
 * go on, 1 when there is nothing to fetch (a static key set, or a file
 * still as shipped); the strings put in o are v's.
 */
static int
apply_view(struct opts *o, const struct ct_config *v, struct outcome *out)
{
	if (o->url == NULL)
		o->url = v->jwks_url;
	if (o->cache == NULL)
		o->cache = v->jwks_cache;
	if (o->ca_file == NULL && *v->ca_file != '\0')
		o->ca_file = v->ca_file;
	if (!o->timeout_given)
		o->timeout_s = (long)v->fetch_timeout;
	if (*o->url == '\0') {
		say(out, EXIT_FETCHED, LOG_INFO, "jwks_url is empty: %s is a "
		    "static key set, nothing to fetch", o->cache);
		return 1;
	}
	if (o->url == v->jwks_url && ct_config_default_url(v)) {
		o->default_url = 1;
		if (ct_config_unconfigured(v)) {
			not_configured(o->config, out);
			return 1;
		}
	}
	return 0;
}

/* --config: loads the module's configuration.  0, or -1 on error. */
static int
load_config(const struct opts *o, struct ct_config **cfg,
    struct outcome *out)
{
	struct ct_err e;

	ct_err_clear(&e);
	if (o->config == NULL)
		return 0;
	if (fetch_config_load(o->config, cfg, &e) != CT_OK) {
		say(out, EXIT_USAGE, LOG_ERR, "%s", e.msg);
		return -1;
	}
	return 0;
}

/*
 * A fetch of the built-in default URL (Cotter's own service) that failed:
 * say that the file never named a jwks_url, the likely fix.
 */
static void
hint_default_url(const struct opts *o, struct outcome *out)
{
	char shown[128];
	size_t n = strlen(out->msg);

	if (!o->default_url || out->status == EXIT_FETCHED)
		return;
	ct_sanitize(shown, sizeof(shown), o->config, strlen(o->config));
	(void)snprintf(out->msg + n, sizeof(out->msg) - n, " (jwks_url is "
	    "not set in %s: this is the built-in default; set your issuer's "
	    "key set URL)", shown);
}

/*
 * D1: never run set-uid or set-gid, nor for a caller whose real ids
 * differ from the effective ones (a set-uid host such as su): that caller
 * could stop us while we hold the fetch lock.
 */
static int
single_identity(void)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) == -1 ||
	    getauxval(AT_SECURE) != 0)
		return 0;
	return ru == eu && eu == su && rg == eg && eg == sg;
}

/*
 * Issue 25: after the keys, the device flow's endpoints from the issuer's
 * discovery document when v has device_flow and leaves one unset.  A
 * failure fails the run: the module would find no endpoints.
 */
static void
discover(const struct opts *o, const struct ct_config *v,
    struct outcome *out)
{
	const char *iss = o->discover;
	char msg[256];
	size_t n = strlen(out->msg);

	if (iss == NULL && v != NULL && v->device_flow &&
	    (v->device_endpoint[0] == '\0' || v->token_endpoint[0] == '\0'))
		iss = v->issuer;
	if (iss == NULL || out->status != EXIT_FETCHED)
		return;
	if (fetch_discover(iss, o->cache, o->ca_file, o->timeout_s, msg,
	    sizeof(msg)) != 0) {
		out->status = EXIT_REFUSED;
		out->prio = LOG_ERR;
	}
	if (msg[0] != '\0')
		(void)snprintf(out->msg + n, sizeof(out->msg) - n, "; %s", msg);
}

/* Puts "issuer NAME: " before the outcome's line. */
static void
name_issuer(struct outcome *out, const char *name)
{
	char msg[sizeof(out->msg)];
	int n;

	n = snprintf(msg, sizeof(msg), "issuer \"%.40s\": ", name);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return;
	(void)snprintf(msg + n, sizeof(msg) - (size_t)n, "%.*s",
	    (int)(sizeof(msg) - (size_t)n - 1), out->msg);
	(void)memcpy(out->msg, msg, sizeof(msg));
}

/*
 * --config naming several issuers (issue 22), no --url or --cache: one
 * run refreshes each issuer's own cache in turn, each under its own lock;
 * a failure of one leaves the others untouched.  One line per issuer,
 * naming it.  The exit status is the worst of them.
 */
static int
run_issuers(const struct opts *base, const struct ct_config *cfg)
{
	struct ct_config v;
	struct outcome out;
	struct opts o;
	size_t i, n = ct_config_issuers(cfg);
	int status = EXIT_FETCHED;

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		o = *base;
		say(&out, EXIT_REFUSED, LOG_ERR, "internal error");
		if (apply_view(&o, &v, &out) == 0 &&
		    check_opts(&o, &out) == 0) {
			run(&o, &out);
			hint_default_url(&o, &out);
			discover(&o, &v, &out);
		}
		name_issuer(&out, v.section);
		report(&out);
		if (out.status != EXIT_FETCHED)
			status = out.status;
	}
	return status;
}

/* One key set: the command line's, or the configuration's one issuer. */
static void
fetch_one(struct opts *o, const struct ct_config *cfg, struct outcome *out)
{
	struct ct_config view;

	if (cfg != NULL) {
		ct_config_view(cfg, 0, &view);
		if (apply_view(o, &view, out) != 0)
			return;
	}
	if (o->url == NULL || o->cache == NULL)	/* parse_args's rule */
		say(out, EXIT_USAGE, LOG_ERR, "no --url or --cache");
	else if (check_opts(o, out) == 0) {
		run(o, out);
		hint_default_url(o, out);
		discover(o, cfg != NULL ? &view : NULL, out);
	}
}

int
main(int argc, char **argv)
{
	struct ct_config *cfg = NULL;
	struct outcome out;
	struct opts o;
	int status = EXIT_REFUSED;

	/*
	 * Nothing from whoever started us: SSLKEYLOGFILE, CURL_CA_BUNDLE,
	 * https_proxy and the like must never reach libcurl or OpenSSL.
	 */
	(void)clearenv();
	(void)umask(077);
	(void)signal(SIGPIPE, SIG_IGN);
	openlog("pam_cotter_fetch", LOG_PID, LOG_AUTHPRIV);
	/* The outcome starts as failure; only a finished run says otherwise. */
	say(&out, EXIT_REFUSED, LOG_ERR, "internal error");
	if (!single_identity()) {
		say(&out, EXIT_USAGE, LOG_ERR, "refused: real and effective "
		    "ids differ (uid %lu, euid %lu); run by root services and "
		    "the timer only", (unsigned long)getuid(),
		    (unsigned long)geteuid());
		goto done;
	}
	if (parse_args(argc, argv, &o) == -1) {
		usage();
		say(&out, EXIT_USAGE, LOG_ERR, "usage error");
		goto done;
	}
	if (load_config(&o, &cfg, &out) != 0)
		goto done;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		say(&out, EXIT_REFUSED, LOG_ERR, "curl_global_init failed");
		goto done;
	}
	if (cfg != NULL && o.url == NULL && o.cache == NULL &&
	    ct_config_issuers(cfg) > 1) {
		status = run_issuers(&o, cfg);
		curl_global_cleanup();
		fetch_sweep_replay(cfg);	/* issue 24 */
		goto quiet;
	}
	fetch_one(&o, cfg, &out);
	curl_global_cleanup();
	fetch_sweep_replay(cfg);	/* issue 24: the timer's run only */
done:
	report(&out);
	status = out.status;
quiet:
	closelog();
	ct_config_free(cfg);
	return status;
}

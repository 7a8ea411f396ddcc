/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * refresh.c - when to run the key fetcher, and what a login does while the
 * issuer is unreachable.  The lock, the attempt stamp and the fetcher's
 * own state live beside the cache, in the same root-owned directory.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockfile.h"
#include "refresh.h"
#include "spawn.h"

/* "<cache><suffix>" into buf; -1 if it does not fit. */
static int
sibling(char *buf, size_t size, const char *cache, const char *suffix)
{
	int n = snprintf(buf, size, "%s%s", cache, suffix);

	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

/*
 * Age of a file in seconds from its modification time (the cache's age is
 * its mtime, as the issue says).  Returns 0, or -1 when it does not exist
 * or cannot be examined.  A future mtime counts as age 0.
 */
static int
file_age(const char *path, time_t now, long long *age)
{
	struct stat st;

	if (lstat(path, &st) == -1)
		return -1;
	*age = (long long)now - (long long)st.st_mtime;
	if (*age < 0)
		*age = 0;
	return 0;
}

/*
 * Takes the host-wide refresh lock, waiting at most wait_ms for a holder
 * (another login running the fetcher).  Returns the locked descriptor or
 * -1.  The lock file must be a root-owned regular file.
 */
static int
take_lock(const char *cache, long wait_ms)
{
	char path[PATH_MAX];

	if (sibling(path, sizeof(path), cache, ".lock") == -1)
		return -1;
	return ct_lock_take(path, 0, wait_ms, NULL);
}

/* 1 when the last attempt (the stamp's mtime) is within the interval. */
static int
attempt_recent(const struct ct_refresh_policy *p, time_t now)
{
	char path[PATH_MAX];
	long long age;

	return sibling(path, sizeof(path), p->cache, ".attempt") == 0 &&
	    file_age(path, now, &age) == 0 && age < p->refresh_min_interval;
}

/*
 * At most one fetch attempt per refresh_min_interval across the host: the
 * attempt stamp's mtime is the time of the last attempt.  Returns 1 when an
 * attempt is allowed now (and records it), 0 otherwise; with force, the
 * attempt is recorded whenever it was made (pam-cotter refresh).
 */
static int
attempt_allowed(const struct ct_refresh_policy *p, time_t now, int force)
{
	char path[PATH_MAX];
	struct timespec ts[2];
	struct stat st;
	int fd = -1, allowed = 0;

	if (sibling(path, sizeof(path), p->cache, ".attempt") == -1)
		goto out;
	if (!force && attempt_recent(p, now))
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
	    O_NOCTTY, 0644);
	if (fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != 0)
		goto out;
	ts[0].tv_sec = ts[1].tv_sec = now;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	if (futimens(fd, ts) == -1)
		goto out;
	allowed = 1;
out:
	if (fd != -1)
		close(fd);
	return allowed;
}

/*
 * Runs the fetcher once; CT_OK when it exited 0.  said (NULL: not wanted)
 * gets what the fetcher wrote on stderr (its one line, issue 21).
 */
static int
run_fetcher(const struct ct_refresh_policy *p, char *said, size_t size,
    struct ct_err *e)
{
	char timeout[32];
	const char *argv[14];
	size_t n = 0;
	int status = -1, r;

	(void)snprintf(timeout, sizeof(timeout), "%lld", p->fetch_timeout);
	argv[n++] = p->fetcher;
	argv[n++] = "--url";
	argv[n++] = p->url;
	argv[n++] = "--cache";
	argv[n++] = p->cache;
	argv[n++] = "--timeout";
	argv[n++] = timeout;
	if (p->ca_file != NULL && *p->ca_file != '\0') {
		argv[n++] = "--ca-file";
		argv[n++] = p->ca_file;
	}
	if (p->discover_issuer != NULL) {
		argv[n++] = "--discover-issuer";
		argv[n++] = p->discover_issuer;
	}
	argv[n] = NULL;
	/* The fetcher bounds its own transfer; this bounds the process. */
	r = ct_spawn_err(p->fetcher, (char *const *)(uintptr_t)argv,
	    p->fetch_timeout * 1000 + 500, &status, said, size, e);
	if (r == CT_OK && status != 0)
		r = ct_fail(e, CT_ESYS, "key fetcher failed (exit %d)",
		    status);
	return r;
}

/*
 * The shared part of both refresh paths: under the lock, unless the cache
 * turned fresh while we waited (someone else fetched) or an attempt was
 * made too recently, run the fetcher.  Returns 1 if the fetcher ran and
 * succeeded, 0 otherwise; never fails the login by itself.
 */
static int
refresh_locked(const struct ct_refresh_policy *p, time_t now, int force,
    struct ct_err *why)
{
	long long age;
	int fd, done = 0;

	if (!p->may_fetch)
		return 0;
	fd = take_lock(p->cache, p->fetch_timeout * 1000 + 500);
	if (fd == -1) {
		(void)ct_fail(why, CT_ESYS, "refresh lock unavailable");
		return 0;
	}
	if (!force && file_age(p->cache, time(NULL), &age) == 0 &&
	    age < p->refresh_interval)
		done = 0;	/* another login refreshed it meanwhile */
	else if (!attempt_allowed(p, now, 0))
		(void)ct_fail(why, CT_ESYS, "held back by the rate limit: the "
		    "last fetch attempt was less than refresh_min_interval "
		    "(%llds) ago", p->refresh_min_interval);
	else
		done = run_fetcher(p, NULL, 0, why) == CT_OK;
	close(fd);		/* releases the lock */
	return done;
}

int
ct_keys_get(const struct ct_refresh_policy *p, time_t now,
    struct ct_jwks **out, int *fetched, struct ct_err *e)
{
	struct ct_err why;
	long long age = 0;
	int r = CT_ENOKEYS, have;

	*out = NULL;
	*fetched = 0;
	ct_err_clear(&why);
	if (*p->url == '\0') {
		/* Static, administrator-managed key set: never stale. */
		r = ct_jwks_load_file(p->cache, out, e);
		goto out;
	}
	have = file_age(p->cache, now, &age) == 0;
	if (!have || age >= p->refresh_interval)
		*fetched = refresh_locked(p, now, 0, &why);
	if (file_age(p->cache, now, &age) == -1) {
		r = ct_fail(e, CT_ENOKEYS, "no key cache %s%s%s", p->cache,
		    why.msg[0] != '\0' ? ": " : "", why.msg);
		goto out;
	}
	if (age > p->max_stale) {
		r = ct_fail(e, CT_ENOKEYS, "key cache %s is %llds old, past "
		    "max_stale%s%s", p->cache, age,
		    why.msg[0] != '\0' ? "; " : "", why.msg);
		goto out;
	}
	r = ct_jwks_load_file(p->cache, out, e);
out:
	return r;
}

int
ct_keys_refresh_for_kid(const struct ct_refresh_policy *p, time_t now,
    struct ct_jwks **keys, struct ct_err *e)
{
	struct ct_jwks *fresh = NULL;
	struct ct_err why;
	int r = CT_EAUTH;

	ct_err_clear(&why);
	if (*p->url == '\0' || !refresh_locked(p, now, 1, &why)) {
		r = ct_fail(e, CT_EAUTH, "key set not refetched%s%s",
		    why.msg[0] != '\0' ? ": " : "", why.msg[0] != '\0' ?
		    why.msg : *p->url == '\0' ? " (static key set)" : "");
		goto out;
	}
	if ((r = ct_jwks_load_file(p->cache, &fresh, e)) != CT_OK)
		goto out;
	ct_jwks_free(*keys);
	*keys = fresh;
	r = CT_OK;
out:
	return r;
}

int
ct_keys_refresh_now(const struct ct_refresh_policy *p, time_t now,
    char *said, size_t size, struct ct_err *e)
{
	int fd = -1, r = CT_ESYS;

	if (said != NULL && size > 0)
		said[0] = '\0';
	if (!p->may_fetch || *p->url == '\0') {
		r = ct_fail(e, CT_ESYS, "%s", *p->url == '\0' ? "static key "
		    "set (jwks_url is empty): nothing to fetch" : "only root "
		    "runs the key fetcher");
		goto out;
	}
	/* A fetch running now (a login's) holds the lock: not a second. */
	if ((fd = take_lock(p->cache, 0)) == -1) {
		r = ct_fail(e, CT_ESYS, "a key fetch is running now (a login's "
		    "refresh holds %s.lock); try again when it has ended",
		    p->cache);
		goto out;
	}
	(void)attempt_allowed(p, now, 1);	/* logins count it too */
	r = run_fetcher(p, said, size, e);
out:
	if (fd != -1)
		close(fd);
	return r;
}

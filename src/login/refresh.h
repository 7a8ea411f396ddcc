/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * refresh.h - the key refresh policy (issue "Keep the keys fresh"): zero
 * network on the login path in steady state, prompt pickup of a new key,
 * logins that survive an issuer outage from cache.
 */
#ifndef CT_REFRESH_H
#define CT_REFRESH_H

#include <stddef.h>
#include <time.h>

#include "err.h"
#include "jwks.h"

struct ct_refresh_policy {
	const char *cache;		/* jwks_cache, absolute */
	const char *url;		/* jwks_url; "" = static key set */
	const char *fetcher;		/* absolute path of pam_cotter_fetch */
	const char *ca_file;		/* "" or NULL = system CAs */
	long long refresh_interval;	/* seconds */
	long long max_stale;		/* seconds */
	long long refresh_min_interval;	/* seconds, >= 1 */
	long long fetch_timeout;	/* seconds, >= 1 */
	int may_fetch;			/* 0 when not root: never fetch */
	/* Issue 25: the issuer whose device endpoints the fetcher finds
	 * by discovery (pam-cotter refresh only, never a login), or NULL. */
	const char *discover_issuer;
};

/*
 * Returns a usable key set for a login at time now:
 *  - static mode (url ""): the cache as it is, never fetched, never stale;
 *  - cache younger than refresh_interval: the cache, no network;
 *  - cache missing or older: one fetch, shared by concurrent logins
 *    through a lock beside the cache, bounded by fetch_timeout, and not
 *    attempted more than once per refresh_min_interval host-wide; if it
 *    fails the cache is used until it is older than max_stale.
 * Sets *fetched to 1 when this call ran the fetcher.  CT_ENOKEYS when no
 * usable set remains.
 */
int ct_keys_get(const struct ct_refresh_policy *p, time_t now,
    struct ct_jwks **out, int *fetched, struct ct_err *e);

/*
 * A token named a kid the (fresh) set lacks: fetch again unless a fetch
 * was attempted within refresh_min_interval (host-wide), then reload.
 * Returns CT_OK with a new *out (the old one is freed) when the set was
 * refreshed; CT_EAUTH when no refresh was allowed or it brought nothing
 * new; the caller then judges the token against whatever *out holds.
 */
int ct_keys_refresh_for_kid(const struct ct_refresh_policy *p, time_t now,
    struct ct_jwks **keys, struct ct_err *e);

/*
 * pam-cotter refresh (issue 21): a person asked, so the rate limit does
 * not apply; the fetcher runs now unless a fetch holds the lock beside
 * the cache (then CT_ESYS, nothing run).  The attempt is recorded, so
 * logins keep to refresh_min_interval after it.  said gets what the
 * fetcher printed (its one line).  CT_OK when the fetcher exited 0.
 */
int ct_keys_refresh_now(const struct ct_refresh_policy *p, time_t now,
    char *said, size_t size, struct ct_err *e);

#endif

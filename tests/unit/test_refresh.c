/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_refresh.c - the refresh policy with a stand-in fetcher (a shell
 * script that counts its runs and copies a key set, fails, or hangs, as
 * its URL says).  The real fetcher and server: tests/e2e/t_refresh.sh.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "mint.h"
#include "refresh.h"

static char dir[PATH_MAX - 64];
static char cache[PATH_MAX], fetcher[PATH_MAX], counter[PATH_MAX];

static void
put(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* Sets the cache's mtime to now - age. */
static void
age_cache(long long age)
{
	struct timespec ts[2];

	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - (time_t)age;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, cache, ts, 0), 0);
}

static int
runs(void)
{
	FILE *f = fopen(counter, "r");
	int n = 0, c;

	if (f == NULL)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static int
setup(void **state)
{
	struct mint_key *k = mint_key_new_es256("k1");
	char *jwks, *script, *src;

	(void)state;
	(void)snprintf(dir, sizeof(dir), "%s/ct-refresh.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL || chmod(dir, 0755) != 0)
		return -1;
	(void)snprintf(cache, sizeof(cache), "%s/jwks.json", dir);
	(void)snprintf(fetcher, sizeof(fetcher), "%s/fetch", dir);
	(void)snprintf(counter, sizeof(counter), "%s/runs", dir);
	jwks = mint_jwks_json((const struct mint_key *const *)&k, 1);
	src = mint_printf("%s/served.json", dir);
	put(src, jwks, 0644);
	script = mint_printf("#!/bin/sh\necho run >>%s\n"
	    "case \"$2\" in *fail) exit 1;;\n"
	    "*hang) sleep 30; echo finished >>%s; exit 1;; esac\n"
	    "cp %s \"$4.tmp\" && mv \"$4.tmp\" \"$4\"\n", counter, counter,
	    src);
	put(fetcher, script, 0755);
	free(jwks);
	free(script);
	free(src);
	mint_key_free(k);
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = mint_printf("rm -rf '%s'", dir);
	int r = system(cmd);

	(void)state;
	free(cmd);
	return r == 0 ? 0 : -1;
}

/* A fresh start for each test: no cache, no stamp, no runs. */
static void
policy(struct ct_refresh_policy *p, const char *url)
{
	char path[PATH_MAX + 16];

	(void)unlink(cache);
	(void)unlink(counter);
	(void)snprintf(path, sizeof(path), "%s.attempt", cache);
	(void)unlink(path);
	memset(p, 0, sizeof(*p));
	p->cache = cache;
	p->url = url;
	p->fetcher = fetcher;
	p->ca_file = "";
	p->refresh_interval = 3600;
	p->max_stale = 7 * 86400;
	p->refresh_min_interval = 300;
	p->fetch_timeout = 2;
	p->may_fetch = 1;
}

static int
get(const struct ct_refresh_policy *p, int *fetched)
{
	struct ct_jwks *keys = NULL;
	int r = ct_keys_get(p, time(NULL), &keys, fetched, NULL);

	assert_true((r == CT_OK) == (keys != NULL));
	ct_jwks_free(keys);
	return r;
}

static void
test_missing_fresh_stale(void **state)
{
	struct ct_refresh_policy p;
	int fetched = 0;

	(void)state;
	policy(&p, "https://issuer/ok");
	assert_int_equal(get(&p, &fetched), CT_OK);
	assert_true(fetched);
	assert_int_equal(runs(), 1);
	/* Fresh: no fetch. */
	assert_int_equal(get(&p, &fetched), CT_OK);
	assert_false(fetched);
	assert_int_equal(runs(), 1);
	/* Stale, but an attempt was made within refresh_min_interval. */
	age_cache(7200);
	assert_int_equal(get(&p, &fetched), CT_OK);
	assert_int_equal(runs(), 1);
	/* Allowed again: one more run. */
	p.refresh_min_interval = 1;
	sleep(1);
	assert_int_equal(get(&p, &fetched), CT_OK);
	assert_true(fetched);
	assert_int_equal(runs(), 2);
}

static void
test_outage_serves_until_max_stale(void **state)
{
	struct ct_refresh_policy p;
	int fetched = 0;

	(void)state;
	policy(&p, "https://issuer/ok");
	assert_int_equal(get(&p, &fetched), CT_OK);
	p.url = "https://issuer/fail";
	p.refresh_min_interval = 1;
	age_cache(7200);
	sleep(1);
	assert_int_equal(get(&p, &fetched), CT_OK);
	assert_false(fetched);
	assert_int_equal(runs(), 2);
	age_cache(8 * 86400);
	sleep(1);
	assert_int_equal(get(&p, &fetched), CT_ENOKEYS);
	/* No cache and no fetch: no keys. */
	policy(&p, "https://issuer/fail");
	assert_int_equal(get(&p, &fetched), CT_ENOKEYS);
}

static void
test_hanging_fetcher_is_bounded(void **state)
{
	struct ct_refresh_policy p;
	int fetched = 0;

	(void)state;
	policy(&p, "https://issuer/ok");
	assert_int_equal(get(&p, &fetched), CT_OK);
	p.url = "https://issuer/hang";
	p.fetch_timeout = 1;
	age_cache(7200);
	(void)unlink(mint_keep(mint_printf("%s.attempt", cache)));
	assert_int_equal(get(&p, &fetched), CT_OK);
	assert_false(fetched);
	/* Killed at fetch_timeout: it never got to write "finished". */
	assert_int_equal(runs(), 2);
}

static void
test_static_and_unprivileged(void **state)
{
	struct ct_refresh_policy p;
	int fetched = 0;

	(void)state;
	policy(&p, "https://issuer/ok");
	assert_int_equal(get(&p, &fetched), CT_OK);
	age_cache(365LL * 86400);
	p.url = "";
	assert_int_equal(get(&p, &fetched), CT_OK);
	assert_false(fetched);
	assert_int_equal(runs(), 1);
	p.url = "https://issuer/ok";
	p.may_fetch = 0;
	p.max_stale = 400LL * 86400;
	assert_int_equal(get(&p, &fetched), CT_OK);
	assert_int_equal(runs(), 1);
}

static void
test_refresh_for_kid(void **state)
{
	struct ct_refresh_policy p;
	struct ct_jwks *keys = NULL;
	int fetched = 0;

	(void)state;
	policy(&p, "https://issuer/ok");
	assert_int_equal(ct_keys_get(&p, time(NULL), &keys, &fetched, NULL),
	    CT_OK);
	(void)unlink(mint_keep(mint_printf("%s.attempt", cache)));
	assert_int_equal(ct_keys_refresh_for_kid(&p, time(NULL), &keys,
	    NULL), CT_OK);
	assert_int_equal(runs(), 2);
	/* Within refresh_min_interval: refused, no run. */
	assert_int_equal(ct_keys_refresh_for_kid(&p, time(NULL), &keys,
	    NULL), CT_EAUTH);
	assert_int_equal(runs(), 2);
	assert_non_null(keys);
	ct_jwks_free(keys);
}

/*
 * Issue 21.3: the rate limit is named in the refusal; a person's refresh
 * (ct_keys_refresh_now) runs the fetcher within it, and logins after it
 * still keep to it.
 */
static void
test_refresh_now(void **state)
{
	struct ct_refresh_policy p;
	struct ct_jwks *keys = NULL;
	struct ct_err e;
	char said[256];
	int fetched = 0;

	(void)state;
	policy(&p, "https://issuer/ok");
	assert_int_equal(ct_keys_get(&p, time(NULL), &keys, &fetched, NULL),
	    CT_OK);
	assert_int_equal(runs(), 1);
	ct_err_clear(&e);
	assert_int_equal(ct_keys_refresh_for_kid(&p, time(NULL), &keys, &e),
	    CT_EAUTH);
	assert_non_null(strstr(e.msg, "held back by the rate limit"));
	assert_int_equal(runs(), 1);
	assert_int_equal(ct_keys_refresh_now(&p, time(NULL), said,
	    sizeof(said), NULL), CT_OK);
	assert_int_equal(runs(), 2);
	assert_int_equal(ct_keys_refresh_for_kid(&p, time(NULL), &keys,
	    NULL), CT_EAUTH);
	assert_int_equal(runs(), 2);
	/* Not root (may_fetch 0): nothing runs. */
	p.may_fetch = 0;
	assert_int_equal(ct_keys_refresh_now(&p, time(NULL), said,
	    sizeof(said), NULL), CT_ESYS);
	assert_int_equal(runs(), 2);
	ct_jwks_free(keys);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_missing_fresh_stale, mint_drain),
		cmocka_unit_test_teardown(test_outage_serves_until_max_stale,
		    mint_drain),
		cmocka_unit_test_teardown(test_hanging_fetcher_is_bounded,
		    mint_drain),
		cmocka_unit_test_teardown(test_static_and_unprivileged,
		    mint_drain),
		cmocka_unit_test_teardown(test_refresh_for_kid, mint_drain),
		cmocka_unit_test_teardown(test_refresh_now, mint_drain),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

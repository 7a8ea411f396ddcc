/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * replay.c - the replay store's cost in a login (issue 24.6): the record
 * of one token's use (ct_replay_use, per_service, as the module runs it
 * after the claims) with an empty store, and with a store already holding
 * FILL live entries.  Prints figures, asserts none.
 *
 *	replay STATEDIR FILL ROUNDS
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"
#include "config.h"
#include "err.h"
#include "replay.h"
#include "replaycfg.h"

static struct ct_config *
store(const char *dir, const char *name)
{
	struct ct_config *cfg = ct_config_new();
	struct ct_err e;
	char path[512];

	ct_err_clear(&e);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (cfg == NULL || mkdir(path, 0755) != 0 ||
	    ct_config_set(cfg, "audience", "bench", &e) != CT_OK ||
	    ct_config_set(cfg, "state_dir", path, &e) != CT_OK ||
	    ct_config_set(cfg, "replay_max_entries", "1000000", &e) != CT_OK)
		bench_die("store config");
	return cfg;
}

/* One use of jti; returns its duration in ns. */
static long long
use(const struct ct_config *cfg, const char *jti, const char *service)
{
	struct ct_identity id = { .iss = (char *)(uintptr_t)"i",
	    .sub = (char *)(uintptr_t)"s", .jti = (char *)(uintptr_t)jti };
	struct ct_config v;
	struct ct_err e, note;
	long long t0;
	time_t now = time(NULL);

	ct_err_clear(&e);
	ct_err_clear(&note);
	id.exp = (long long)now + 3600;
	ct_config_view(cfg, 0, &v);
	t0 = bench_now_ns();
	if (ct_replay_use(&v, &id, service, now, NULL, &note, &e) != CT_OK) {
		fprintf(stderr, "bench: %s\n", e.msg);
		exit(2);
	}
	return bench_now_ns() - t0;
}

/* The two stores side by side, round by round (the machine's load
 * falls on both alike). */
static void
measure(const struct ct_config *a, const struct ct_config *b, size_t rounds,
    long long *ta, long long *tb)
{
	char jti[64];
	size_t i;

	for (i = 0; i < rounds; i++) {
		(void)snprintf(jti, sizeof(jti), "m-%zu", i);
		ta[i] = use(a, jti, "sshd");
		tb[i] = use(b, jti, "sshd");
	}
}

int
main(int argc, char **argv)
{
	struct ct_config *empty, *full;
	long long *te, *tf, me, mf;
	size_t fill, rounds, i;
	char jti[64];

	if (argc != 4)
		bench_die("usage: replay STATEDIR FILL ROUNDS");
	fill = (size_t)strtoul(argv[2], NULL, 10);
	rounds = (size_t)strtoul(argv[3], NULL, 10);
	empty = store(argv[1], "empty");
	full = store(argv[1], "full");
	full->replay = CT_REPLAY_ONCE;		/* one file per entry */
	for (i = 0; i < fill; i++) {
		(void)snprintf(jti, sizeof(jti), "fill-%zu", i);
		(void)use(full, jti, "sshd");
	}
	full->replay = CT_REPLAY_PER_SERVICE;
	if ((te = calloc(rounds, sizeof(*te))) == NULL ||
	    (tf = calloc(rounds, sizeof(*tf))) == NULL)
		bench_die("out of memory");
	measure(empty, full, rounds, te, tf);
	me = bench_quantile(te, rounds, 0.5);
	mf = bench_quantile(tf, rounds, 0.5);
	printf("replay empty median_ns %lld p90_ns %lld\n", me,
	    bench_quantile(te, rounds, 0.9));
	printf("replay full%zu median_ns %lld p90_ns %lld\n", fill, mf,
	    bench_quantile(tf, rounds, 0.9));
	ct_config_free(empty);
	ct_config_free(full);
	free(te);
	free(tf);
	return 0;
}

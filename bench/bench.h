/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench.h - clock and statistics shared by the benchmark harnesses
 * (issue 7).  Header-only: every function is static.
 */
#ifndef CT_BENCH_H
#define CT_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Monotonic time in nanoseconds. */
static inline long long
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int
bench_cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The q-quantile (0.5 = median) of v[0..n); sorts v in place. */
static inline long long
bench_quantile(long long *v, size_t n, double q)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), bench_cmp_ll);
	i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

static inline void
bench_die(const char *what)
{
	fprintf(stderr, "bench: %s\n", what);
	exit(2);
}

/*
 * Reads a whole small file (a token) into a NUL-terminated buffer with the
 * trailing newline removed.  The token travels through a file, never argv.
 */
static inline char *
bench_read_token(const char *path)
{
	char *buf;
	size_t len;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		bench_die("cannot open the token file");
	if ((buf = calloc(1, 65536)) == NULL)
		bench_die("out of memory");
	len = fread(buf, 1, 65535, f);
	fclose(f);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (len == 0)
		bench_die("empty token file");
	return buf;
}

#endif

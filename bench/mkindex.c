/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mkindex.c - builds the index of a map_file (issue 15) with
 * ct_mapindex_build, as the admin command will, and prints how long it
 * took.  Runs as root inside tests/ns.sh.
 *
 *	mkindex MAP_FILE
 */
#include <stdio.h>
#include <time.h>

#include "mapindex.h"

int
main(int argc, char **argv)
{
	struct timespec a, b;
	struct ct_err e;
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: mkindex MAP_FILE\n");
		return 2;
	}
	ct_err_clear(&e);
	clock_gettime(CLOCK_MONOTONIC, &a);
	r = ct_mapindex_build(argv[1], &e);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (r != CT_OK) {
		fprintf(stderr, "mkindex: %s\n", e.msg);
		return 1;
	}
	printf("build_ns %lld\n", (long long)(b.tv_sec - a.tv_sec) *
	    1000000000LL + (b.tv_nsec - a.tv_nsec));
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_mapindex.c - libFuzzer target for the map index reader (issue 15):
 * any bytes, as an index whose stamp matches (so the reader goes past the
 * header), must give -1 or an answer, never a crash, a hang or a read out
 * of bounds.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapindex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The map stat the header claims, so that the stamp check passes. */
static void
stat_of_header(const uint8_t *h, size_t size, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	if (size < 96)
		return;
	st->st_dev = (dev_t)le64(h + 32);
	st->st_ino = (ino_t)le64(h + 40);
	st->st_size = (off_t)le64(h + 48);
	st->st_mtim.tv_sec = (time_t)le64(h + 56);
	st->st_mtim.tv_nsec = (long)(uint32_t)le64(h + 64);
	st->st_ctim.tv_sec = (time_t)le64(h + 72);
	st->st_ctim.tv_nsec = (long)(uint32_t)le64(h + 80);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ids[] = { "alice@example.com",
	    "+15551234567", "Carol", NULL };
	struct ct_identity id = { NULL, (char *)(uintptr_t)"sub-1", NULL, NULL };
	struct ct_mapindex_hit hit;
	struct stat st;
	size_t i;
	int fd;

	if ((fd = memfd_create("ix", MFD_CLOEXEC)) < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	stat_of_header(data, size, &st);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		id.identity = (char *)(uintptr_t)ids[i];
		if (ct_mapindex_lookup_fd(fd, &st, &id, "alice", &hit) == 0 &&
		    hit.allowed && !hit.matched)
			abort();	/* allowed implies matched */
	}
	close(fd);
	return 0;
}

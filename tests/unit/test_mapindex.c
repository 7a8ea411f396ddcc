/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_mapindex.c - the map_file index (issue 15): it answers exactly as
 * the text does, is used only while it describes the map, is never built
 * from a bad map nor by a process that is not all-root, and a damaged
 * index is never believed (the text answers instead).
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "claims.h"
#include "err.h"
#include "mapindex.h"
#include "usermap.h"
#include "testenv.h"

#define SUB_A	"0f3c1e1e-2020-4a5b-9c7d-000000000042"

static const char map[] =
    "# identity map\n"
    "\n"
    "alice@example.com alice\n"
    "Bob@Example.COM\tbob\n"
    "+15551234567    carol\n"
    "sub:" SUB_A " dave\n"
    "   # indented comment\n"
    "shared@example.com erin\n"
    "shared@example.com frank\n"
    "alice@example.com alice.admin\n"
    "Carol carol\n"
    "sub:a@b.c mallory\n"
    "sub:x@y trent";

static const char *const idents[] = {
	"alice@example.com", "ALICE@Example.Com", "bob@example.com",
	"+15551234567", "15551234567", "shared@example.com", "carol",
	"Carol", "CAROL", "sub:" SUB_A, "a@b.c", "sub:a@b.c", "SUB:X@Y",
	"nobody@example.com", "alice@exampl\xc3\xa9.com", "", NULL
};
static const char *const subs[] = { SUB_A, "x", "a@b.c", "", NULL };
static const char *const users[] = {
	"alice", "alice.admin", "bob", "carol", "dave", "erin", "frank",
	"mallory", "trent", "Alice", "root"
};

static char dir[64];

static void
write_file(const char *path, const char *text, size_t len)
{
	int fd;

	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(fchown(fd, 0, 0), 0);
	assert_int_equal(close(fd), 0);
}

static void
path_of(char *buf, size_t n, const char *name)
{
	(void)snprintf(buf, n, "%s/%s", dir, name);
}

static uint32_t
get32le(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* 1 when the index refuses (-1) the lookup of some identity of the map. */
static int
any_refused(const char *path, const struct stat *st)
{
	struct ct_identity id = { NULL, (char *)(uintptr_t)SUB_A, NULL, NULL };
	struct ct_mapindex_hit hit;
	size_t i;

	for (i = 0; i < sizeof(idents) / sizeof(idents[0]); i++) {
		id.identity = (char *)(uintptr_t)idents[i];
		if (ct_mapindex_lookup(path, st, &id, "alice", &hit) == -1)
			return 1;
	}
	return 0;
}

static int
result_of(const struct ct_mapindex_hit *h)
{
	return h->allowed ? CT_OK : h->matched ? CT_EAUTH : CT_ENOUSER;
}

/* For every query: text, index and ct_usermap_check agree. */
static void
compare_all(const char *path, const char *text, int want_index)
{
	struct ct_identity id = { NULL, NULL, NULL, NULL };
	struct ct_mapindex_hit hit;
	struct ct_err e;
	struct stat st;
	size_t i, j, k;
	int rt, ri, rc;

	assert_int_equal(stat(path, &st), 0);
	for (i = 0; i < sizeof(idents) / sizeof(idents[0]); i++)
	for (j = 0; j < sizeof(subs) / sizeof(subs[0]); j++)
	for (k = 0; k < sizeof(users) / sizeof(users[0]); k++) {
		id.identity = (char *)(uintptr_t)idents[i];
		id.sub = (char *)(uintptr_t)subs[j];
		ct_err_clear(&e);
		rt = ct_usermap_check_text(text, strlen(text), "m", &id,
		    users[k], &e);
		ri = ct_mapindex_lookup(path, &st, &id, users[k], &hit);
		assert_int_equal(ri, want_index ? 0 : -1);
		if (ri == 0 && result_of(&hit) != rt)
			fail_msg("%s / %s for %s: index %d, text %d",
			    idents[i] ? idents[i] : "(null)",
			    subs[j] ? subs[j] : "(null)", users[k],
			    result_of(&hit), rt);
		ct_err_clear(&e);
		rc = ct_usermap_check(path, &id, users[k], &e);
		assert_int_equal(rc, rt);
	}
}

static void
test_index_answers_as_the_text(void **state)
{
	char path[128];

	(void)state;
	path_of(path, sizeof(path), "users");
	write_file(path, map, strlen(map));
	compare_all(path, map, 0);		/* no index yet */
	assert_int_equal(ct_mapindex_build(path, NULL), CT_OK);
	compare_all(path, map, 1);
}

/* A changed map is read as text until it is indexed again. */
static void
test_stale_index_is_not_used(void **state)
{
	static const char more[] = "new@example.com newuser\n";
	static const char bad[] = "new@example.com Bad!User\n";
	struct ct_identity id = { NULL, NULL, NULL, NULL };
	char path[128], ipath[160], text[1024];
	struct stat before, after;
	struct ct_err e;
	int fd;

	(void)state;
	path_of(path, sizeof(path), "stale");
	(void)snprintf(ipath, sizeof(ipath), "%s.index", path);
	write_file(path, map, strlen(map));
	assert_int_equal(ct_mapindex_build(path, NULL), CT_OK);
	id.identity = (char *)(uintptr_t)"new@example.com";
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "newuser", &e),
	    CT_ENOUSER);
	/* Appended in place: same inode, the index is stale. */
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "\n", 1), 1);
	assert_int_equal(write(fd, more, strlen(more)), (ssize_t)strlen(more));
	assert_int_equal(close(fd), 0);
	(void)snprintf(text, sizeof(text), "%s\n%s", map, more);
	compare_all(path, text, 0);
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "newuser", &e), CT_OK);
	/* A bad line refuses every login, index or not, and no index is
	 * built from it. */
	assert_int_equal(ct_mapindex_build(path, NULL), CT_OK);
	assert_int_equal(stat(ipath, &before), 0);
	(void)snprintf(text, sizeof(text), "%s\n%s", map, bad);
	write_file(path, text, strlen(text));
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "newuser", &e),
	    CT_ECONFIG);
	assert_non_null(strstr(e.msg, "invalid user name"));
	id.identity = (char *)(uintptr_t)"alice@example.com";
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "alice", &e),
	    CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_mapindex_build(path, &e), CT_ECONFIG);
	assert_int_equal(stat(ipath, &after), 0);
	assert_true(before.st_ino == after.st_ino &&
	    before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
}

/* Bytes of the index at off replaced by v (little-endian, n bytes). */
static void
patch(const char *ipath, const unsigned char *orig, size_t len, size_t off,
    uint32_t v, size_t n)
{
	unsigned char *b = malloc(len);
	size_t i;

	assert_non_null(b);
	memcpy(b, orig, len);
	for (i = 0; i < n && off + i < len; i++)
		b[off + i] = (unsigned char)(v >> (8 * i));
	write_file(ipath, (const char *)b, len);
	free(b);
}

/* A built index to damage: the map at *path, its index's bytes. */
struct damaged {
	char path[128], ipath[160];
	unsigned char *orig;
	size_t len;
	struct stat st;
	struct ct_identity id;
};

static void
damaged_setup(struct damaged *d, const char *name)
{
	struct ct_mapindex_hit hit;
	struct stat ist;
	int fd;

	memset(d, 0, sizeof(*d));
	path_of(d->path, sizeof(d->path), name);
	(void)snprintf(d->ipath, sizeof(d->ipath), "%s.index", d->path);
	write_file(d->path, map, strlen(map));
	assert_int_equal(ct_mapindex_build(d->path, NULL), CT_OK);
	assert_int_equal(stat(d->path, &d->st), 0);
	assert_int_equal(stat(d->ipath, &ist), 0);
	d->len = (size_t)ist.st_size;
	d->orig = malloc(d->len);
	assert_non_null(d->orig);
	fd = open(d->ipath, O_RDONLY | O_CLOEXEC);
	assert_int_equal(read(fd, d->orig, d->len), (ssize_t)d->len);
	(void)close(fd);
	d->id.identity = (char *)(uintptr_t)"alice@example.com";
	/* Positive control. */
	assert_int_equal(ct_mapindex_lookup(d->path, &d->st, &d->id, "alice",
	    &hit), 0);
	assert_int_equal(hit.allowed, 1);
}

/* alice's lookup through the index: 0 (used) or -1 (not believed). */
static int
damaged_lookup(struct damaged *d)
{
	struct ct_mapindex_hit hit;

	return ct_mapindex_lookup(d->path, &d->st, &d->id, "alice", &hit);
}

/* A damaged header or slot table is never believed. */
static void
test_damaged_header_and_slots(void **state)
{
	static const size_t offs[] = { 0, 8, 12, 16, 20, 24, 32, 40, 48, 56,
	    64, 72, 80 };
	struct damaged d;
	size_t i;

	(void)state;
	damaged_setup(&d, "damaged-header");
	/* Header fields: magic, version, slots, records, table, length,
	 * and the map's stamp. */
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		patch(d.ipath, d.orig, d.len, offs[i], 0x7fffffffu, 4);
		assert_int_equal(damaged_lookup(&d), -1);
	}
	/* Every slot's offset pointed past the records, or into the
	 * header. */
	for (i = get32le(d.orig + 20); i + 8 <= d.len; i += 8) {
		if (get32le(d.orig + i + 4) == 0)
			continue;
		patch(d.ipath, d.orig, d.len, i + 4, (uint32_t)d.len - 2, 4);
		assert_int_equal(any_refused(d.path, &d.st), 1);
		patch(d.ipath, d.orig, d.len, i + 4, 3, 4);
		assert_int_equal(any_refused(d.path, &d.st), 1);
	}
	/* Positive control for any_refused. */
	write_file(d.ipath, (const char *)d.orig, d.len);
	assert_int_equal(any_refused(d.path, &d.st), 0);
	free(d.orig);
}

/* A damaged record, a truncated or an unsafe index is never believed. */
static void
test_damaged_records_and_unsafe(void **state)
{
	struct damaged d;
	unsigned char *b, *p;

	(void)state;
	damaged_setup(&d, "damaged-records");
	/* A record's user name that no map could hold. */
	b = malloc(d.len);
	assert_non_null(b);
	memcpy(b, d.orig, d.len);
	p = memmem(b, d.len, "ealice@example.comalice", 23);
	assert_non_null(p);
	p[18] = 'A';
	write_file(d.ipath, (const char *)b, d.len);
	free(b);
	assert_int_equal(damaged_lookup(&d), -1);
	/* Truncated. */
	write_file(d.ipath, (const char *)d.orig, d.len - 1);
	assert_int_equal(damaged_lookup(&d), -1);
	/* Unsafe owner or mode, beside the intact index that is used. */
	write_file(d.ipath, (const char *)d.orig, d.len);
	assert_int_equal(damaged_lookup(&d), 0);
	assert_int_equal(chmod(d.ipath, 0666), 0);
	assert_int_equal(damaged_lookup(&d), -1);
	assert_int_equal(chmod(d.ipath, 0644), 0);
	assert_int_equal(chown(d.ipath, 65534, 0), 0);
	assert_int_equal(damaged_lookup(&d), -1);
	/* ...and the login still gets the text's answer. */
	compare_all(d.path, map, 0);
	free(d.orig);
}

/* RULES D1: a process that is not all-root never writes the index. */
static void
test_only_root_builds(void **state)
{
	static const uid_t ids[][3] = {
		{ 65534, 65534, 65534 }, { 65534, 0, 0 }, { 0, 0, 65534 }
	};
	char path[128], ipath[160];
	struct stat st;
	size_t i;
	pid_t pid;
	int status, fd;

	(void)state;
	path_of(path, sizeof(path), "nonroot");
	(void)snprintf(ipath, sizeof(ipath), "%s.index", path);
	write_file(path, map, strlen(map));
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (setresuid(ids[i][0], ids[i][1], ids[i][2]) != 0)
				_exit(3);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			assert_true(fd >= 0);
			assert_int_equal(fstat(fd, &st), 0);
			_exit(ct_mapindex_build(path, NULL) == CT_OK ? 1 :
			    ct_mapindex_autobuild(path, fd, &st) != 0 ? 2 :
			    0);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		assert_int_equal(access(ipath, F_OK), -1);
	}
	/* Positive control: as root it builds. */
	assert_int_equal(ct_mapindex_build(path, NULL), CT_OK);
	assert_int_equal(access(ipath, F_OK), 0);
}

/*
 * A root login builds the index of a large map, once the map is at least
 * a second old (a map changed in the same clock tick as the read would
 * hide a later change); a small map never gets one.
 */
static void
test_autobuild(void **state)
{
	struct ct_identity id = { NULL, NULL, NULL, NULL };
	char path[128], ipath[160], small[128], line[64], *big;
	struct timespec ts = { 1, 100000000 };
	struct ct_err e;
	size_t len = 0, n = 0;

	(void)state;
	path_of(path, sizeof(path), "big");
	path_of(small, sizeof(small), "small");
	(void)snprintf(ipath, sizeof(ipath), "%s.index", path);
	big = malloc(CT_MAPINDEX_MIN_BYTES + 64);
	assert_non_null(big);
	while (len < CT_MAPINDEX_MIN_BYTES) {
		(void)snprintf(line, sizeof(line), "user%zu@example.com u%zu\n",
		    n, n);
		memcpy(big + len, line, strlen(line));
		len += strlen(line);
		n++;
	}
	write_file(path, big, len);
	write_file(small, map, strlen(map));
	id.identity = (char *)(uintptr_t)"USER7@example.com";
	ct_err_clear(&e);
	/* Just written: racy, answered from the text, no index. */
	assert_int_equal(ct_usermap_check(path, &id, "u7", &e), CT_OK);
	assert_int_equal(access(ipath, F_OK), -1);
	(void)nanosleep(&ts, NULL);	/* past the one-second rule */
	assert_int_equal(ct_usermap_check(path, &id, "u7", &e), CT_OK);
	assert_int_equal(access(ipath, F_OK), 0);
	ct_err_clear(&e);
	assert_int_equal(ct_usermap_check(path, &id, "u8", &e), CT_EAUTH);
	assert_int_equal(ct_usermap_check(small, &id, "u7", &e), CT_ENOUSER);
	(void)snprintf(ipath, sizeof(ipath), "%s.index", small);
	assert_int_equal(access(ipath, F_OK), -1);
	free(big);
}

/*
 * Issue 19 point 6: the index of a 0600 map is 0600 (attack: it was
 * always 0644, every local user read the private map), the index of a
 * 0644 map 0644 (control); an index wider than its map is not used.
 */
static void
test_index_no_wider_than_map(void **state)
{
	struct ct_identity id = { NULL, NULL, NULL, NULL };
	struct ct_mapindex_hit hit;
	char path[128], ipath[160];
	struct stat st, ist;

	(void)state;
	path_of(path, sizeof(path), "private");
	(void)snprintf(ipath, sizeof(ipath), "%s.index", path);
	write_file(path, map, strlen(map));
	assert_int_equal(ct_mapindex_build(path, NULL), CT_OK);
	assert_int_equal(stat(ipath, &ist), 0);
	assert_int_equal(ist.st_mode & 07777, 0644);	/* control */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(ct_mapindex_build(path, NULL), CT_OK);
	assert_int_equal(stat(ipath, &ist), 0);
	assert_int_equal(ist.st_mode & 07777, 0600);	/* attack stopped */
	assert_int_equal(stat(path, &st), 0);
	id.identity = (char *)(uintptr_t)idents[0];
	assert_int_equal(ct_mapindex_lookup(path, &st, &id, "alice", &hit), 0);
	assert_int_equal(chmod(ipath, 0644), 0);
	assert_int_equal(ct_mapindex_lookup(path, &st, &id, "alice", &hit),
	    -1);
}

static int
setup(void **state)
{
	(void)state;
	return t_scratch_make(dir, sizeof(dir), "mapindex", 0755);
}

static int
teardown(void **state)
{
	(void)state;
	return t_scratch_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_answers_as_the_text),
		cmocka_unit_test(test_stale_index_is_not_used),
		cmocka_unit_test(test_damaged_header_and_slots),
		cmocka_unit_test(test_damaged_records_and_unsafe),
		cmocka_unit_test(test_only_root_builds),
		cmocka_unit_test(test_autobuild),
		cmocka_unit_test(test_index_no_wider_than_map),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mapindex.c - the on-disk hash index of map_file (issue 15; layout in
 * mapindex.h).  The reader trusts no number in the file: every offset and
 * length is checked against the file's size before it is used, and any
 * fault means "no index" (the login parses the text).  Reads use pread,
 * never mmap: a file truncated under us must not raise SIGBUS in sshd.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atomicfile.h"
#include "mapindex.h"
#include "mapline.h"
#include "names.h"
#include "safefile.h"
#include "spawn.h"

#define IX_MAGIC	"CTMAPIX1"
#define IX_VERSION	1u
#define IX_HDR		96u
#define IX_KEY_MAX	1025u	/* tag + a 1024-byte IDENTITY */
#define IX_VAL_MAX	32u	/* ct_username_valid */
#define IX_REC_MAX	(3u + IX_KEY_MAX + IX_VAL_MAX)
#define IX_SLOTS_MAX	(1u << 28)
#define IX_PROBE_READ	16u	/* slots read per pread */
#define IX_RACY_NS	1000000000LL	/* see ct_mapindex_build */

/* The map's stat as the header records it. */
struct ix_stamp {
	uint64_t dev, ino, size;
	int64_t mtime_s, ctime_s;
	uint32_t mtime_ns, ctime_ns;
};

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void
put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* FNV-1a, 32 bits: the map is the administrator's, not an attacker's. */
static uint32_t
ix_hash(const char *k, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h;
}

static void
stamp_of(const struct stat *st, struct ix_stamp *s)
{
	memset(s, 0, sizeof(*s));
	s->dev = (uint64_t)st->st_dev;
	s->ino = (uint64_t)st->st_ino;
	s->size = (uint64_t)st->st_size;
	s->mtime_s = (int64_t)st->st_mtim.tv_sec;
	s->mtime_ns = (uint32_t)st->st_mtim.tv_nsec;
	s->ctime_s = (int64_t)st->st_ctim.tv_sec;
	s->ctime_ns = (uint32_t)st->st_ctim.tv_nsec;
}

static void
stamp_put(unsigned char *h, const struct ix_stamp *s)
{
	put64(h + 32, s->dev);
	put64(h + 40, s->ino);
	put64(h + 48, s->size);
	put64(h + 56, (uint64_t)s->mtime_s);
	put32(h + 64, s->mtime_ns);
	put64(h + 72, (uint64_t)s->ctime_s);
	put32(h + 80, s->ctime_ns);
}

static int
stamp_eq(const unsigned char *h, const struct ix_stamp *s)
{
	return get64(h + 32) == s->dev && get64(h + 40) == s->ino &&
	    get64(h + 48) == s->size &&
	    get64(h + 56) == (uint64_t)s->mtime_s &&
	    get32(h + 64) == s->mtime_ns &&
	    get64(h + 72) == (uint64_t)s->ctime_s &&
	    get32(h + 80) == s->ctime_ns;
}

/*
 * The index key of a map IDENTITY or of a token's identity/sub (the
 * usermap.h grammar: '@' -> email, case-insensitive; "sub:" -> sub;
 * otherwise exact).  Returns the key length, 0 when it cannot fit.
 */
static size_t
ix_key(char tag, const char *s, char key[IX_KEY_MAX + 1])
{
	size_t i, n = strlen(s);

	if (n == 0 || n + 1 > IX_KEY_MAX)
		return 0;
	key[0] = tag;
	for (i = 0; i < n; i++)
		key[i + 1] = (tag == 'e' && s[i] >= 'A' && s[i] <= 'Z') ?
		    (char)(s[i] - 'A' + 'a') : s[i];
	key[n + 1] = '\0';
	return n + 1;
}

static size_t
ix_entry_key(const char *identity, char key[IX_KEY_MAX + 1])
{
	if (strchr(identity, '@') != NULL)
		return ix_key('e', identity, key);
	if (strncmp(identity, "sub:", 4) == 0)
		return ix_key('s', identity + 4, key);
	return ix_key('x', identity, key);
}

/* ---- reader ------------------------------------------------------------ */

struct ix_reader {
	int fd;
	uint64_t flen;		/* file length = table end */
	uint32_t nslots, table;	/* slot count, table offset */
};

/* pread of exactly n bytes at off; -1 on any short read or error. */
static int
pread_full(int fd, void *buf, size_t n, uint64_t off)
{
	size_t have = 0;
	ssize_t got;

	while (have < n) {
		got = pread(fd, (char *)buf + have, n - have,
		    (off_t)(off + have));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		have += (size_t)got;
	}
	return 0;
}

/* Header checks: every later offset is bounded by what they establish. */
static int
ix_open_check(int fd, const struct stat *map_st, struct ix_reader *rd)
{
	/* Zeroed: scan-build cannot see pread_full fill these buffers. */
	unsigned char h[IX_HDR] = { 0 };
	struct ix_stamp want;
	struct stat st;
	uint32_t nslots, nrec, table, flen;

	if (fstat(fd, &st) != 0 || st.st_size < (off_t)IX_HDR ||
	    (uint64_t)st.st_size > CT_MAPINDEX_MAX_BYTES ||
	    pread_full(fd, h, sizeof(h), 0) != 0 ||
	    memcmp(h, IX_MAGIC, 8) != 0 || get32(h + 8) != IX_VERSION)
		return -1;
	nslots = get32(h + 12);
	nrec = get32(h + 16);
	table = get32(h + 20);
	flen = get32(h + 24);
	stamp_of(map_st, &want);
	if (!stamp_eq(h, &want) || (uint64_t)st.st_size != flen ||
	    nslots == 0 || nslots > IX_SLOTS_MAX ||
	    (nslots & (nslots - 1)) != 0 || nrec >= nslots ||
	    table < IX_HDR || (uint64_t)table + 8ull * nslots != flen)
		return -1;
	rd->fd = fd;
	rd->flen = flen;
	rd->nslots = nslots;
	rd->table = table;
	return 0;
}

/*
 * Reads the record at off and, if its key is key, adds it to hit.
 * Returns 0, or -1 when the record is out of bounds or malformed.
 */
static int
ix_record(const struct ix_reader *rd, uint32_t off, const char *key,
    size_t klen, struct ct_mapindex_hit *hit, const char *user)
{
	unsigned char rec[IX_REC_MAX] = { 0 };	/* zeroed as h */
	char val[IX_VAL_MAX + 1];
	size_t n, rk, rv;

	if (off < IX_HDR || (uint64_t)off + 3 > rd->table)
		return -1;
	n = rd->table - off < sizeof(rec) ? rd->table - off : sizeof(rec);
	if (pread_full(rd->fd, rec, n, off) != 0)
		return -1;
	rk = (size_t)rec[0] | (size_t)rec[1] << 8;
	rv = rec[2];
	/* cppcheck's value flow takes n for sizeof(rec); it is shorter
	 * near the table (a false "always true"). */
	if (rk == 0 || rk > IX_KEY_MAX || rv == 0 || rv > IX_VAL_MAX ||
	    /* cppcheck-suppress knownConditionTrueFalse */
	    3 + rk + rv > n)
		return -1;
	if (rk != klen || memcmp(rec + 3, key, klen) != 0)
		return 0;	/* a hash collision: not ours */
	memcpy(val, rec + 3 + rk, rv);
	val[rv] = '\0';
	/* The value is a user name the builder checked; check it again. */
	if (strlen(val) != rv || !ct_username_valid(val))
		return -1;
	hit->matched = 1;
	if (strcmp(val, user) == 0)
		hit->allowed = 1;
	return 0;
}

/* Every record under key (linear probing until an empty slot). */
static int
ix_find(const struct ix_reader *rd, const char *key, size_t klen,
    const char *user, struct ct_mapindex_hit *hit)
{
	unsigned char slots[8 * IX_PROBE_READ] = { 0 };	/* zeroed as h */
	uint32_t h = ix_hash(key, klen), i = h & (rd->nslots - 1), seen;
	uint32_t j, n, sh, off;

	for (seen = 0; seen < rd->nslots; seen += n) {
		n = rd->nslots - i < IX_PROBE_READ ? rd->nslots - i :
		    IX_PROBE_READ;
		/* Past the wrap, fewer slots than a read may be left; cppcheck
		 * sees only the first pass (a false "always false"). */
		/* cppcheck-suppress knownConditionTrueFalse */
		if (n > rd->nslots - seen)
			n = rd->nslots - seen;
		if (pread_full(rd->fd, slots, 8 * (size_t)n,
		    rd->table + 8ull * i) != 0)
			return -1;
		/* cppcheck-suppress knownConditionTrueFalse */
		for (j = 0; j < n; j++) {
			sh = get32(slots + 8 * j);
			off = get32(slots + 8 * j + 4);
			if (off == 0)
				return 0;
			if (sh == h && ix_record(rd, off, key, klen, hit,
			    user) != 0)
				return -1;
		}
		i = (i + n) & (rd->nslots - 1);
	}
	return 0;
}

int
ct_mapindex_lookup_fd(int fd, const struct stat *st,
    const struct ct_identity *id, const char *user,
    struct ct_mapindex_hit *hit)
{
	char key[IX_KEY_MAX + 1];
	struct ix_reader rd;
	size_t n;
	int r = -1;

	if (hit == NULL || id == NULL || st == NULL || user == NULL)
		goto out;
	hit->matched = hit->allowed = 0;
	if (ix_open_check(fd, st, &rd) != 0)
		goto out;
	if (id->identity != NULL && (n = ix_key(strchr(id->identity, '@') !=
	    NULL ? 'e' : 'x', id->identity, key)) != 0 &&
	    ix_find(&rd, key, n, user, hit) != 0)
		goto out;
	if (id->sub != NULL && (n = ix_key('s', id->sub, key)) != 0 &&
	    ix_find(&rd, key, n, user, hit) != 0)
		goto out;
	r = 0;
out:
	if (r != 0 && hit != NULL)
		hit->matched = hit->allowed = 0;
	return r;
}

/*
 * The index holds every line of the map: it gets the map's read bits and
 * nothing more (owner write for the atomic replace), so a map kept 0600
 * gets a 0600 index, never the 0644 of a public one.
 */
static mode_t
ix_mode(const struct stat *st)
{
	return (mode_t)((st->st_mode & 0444) | 0200);
}

int
ct_mapindex_lookup(const char *map_path, const struct stat *st,
    const struct ct_identity *id, const char *user,
    struct ct_mapindex_hit *hit)
{
	char path[4096];
	struct stat ist;
	int fd = -1, n, r = -1;

	n = map_path == NULL ? -1 : snprintf(path, sizeof(path), "%s%s",
	    map_path, CT_MAPINDEX_SUFFIX);
	if (n < 0 || (size_t)n >= sizeof(path))
		goto out;
	/* The same ownership checks as the map itself (ct_safe_open). */
	if (ct_safe_open(path, CT_MAPINDEX_MAX_BYTES, CT_ECONFIG, &fd, &ist,
	    NULL, NULL) != CT_OK)
		goto out;
	/* An index wider than its map (an older build) is not used. */
	if (st != NULL && (ist.st_mode & 07777 & ~ix_mode(st)) != 0)
		goto out;
	r = ct_mapindex_lookup_fd(fd, st, id, user, hit);
out:
	if (fd != -1)
		(void)close(fd);
	return r;
}

/* ---- writer ------------------------------------------------------------ */

struct ix_ent {
	uint32_t hash, off;
};

struct ix_build {
	unsigned char *buf;	/* header + records, then the table */
	size_t len, cap;
	struct ix_ent *ent;
	size_t n, ncap;
};

/* Capacity for need elements of size elem (doubling); -1 when out of it. */
static void *
ix_grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap == 0 ? 4096 : *cap;
	void *np;

	while (ncap < need && ncap < SIZE_MAX / 4)
		ncap *= 2;
	if (ncap < need || ncap > SIZE_MAX / elem)
		return NULL;
	if (ncap == *cap && p != NULL)
		return p;
	if ((np = realloc(p, ncap * elem)) == NULL)
		return NULL;
	*cap = ncap;
	return np;
}

/* ct_usermap_scan callback: one map entry, one record. */
static int
ix_add(void *arg, const char *identity, const char *user, struct ct_err *e)
{
	struct ix_build *b = arg;
	char key[IX_KEY_MAX + 1];
	size_t klen, vlen = strlen(user), need;
	unsigned char *nb;
	struct ix_ent *ne;

	if ((klen = ix_entry_key(identity, key)) == 0 || vlen == 0 ||
	    vlen > IX_VAL_MAX)
		return ct_fail(e, CT_ECONFIG, "map index: entry too long");
	need = b->len + 3 + klen + vlen;
	if (need > CT_MAPINDEX_MAX_BYTES / 2 ||
	    (nb = ix_grow(b->buf, &b->cap, need, 1)) == NULL ||
	    (b->buf = nb, ne = ix_grow(b->ent, &b->ncap, b->n + 1,
	    sizeof(*b->ent))) == NULL)
		return ct_fail(e, CT_ENOMEM, "map index: too large or out of "
		    "memory");
	b->ent = ne;
	b->ent[b->n].hash = ix_hash(key, klen);
	b->ent[b->n++].off = (uint32_t)b->len;
	b->buf[b->len] = (unsigned char)klen;
	b->buf[b->len + 1] = (unsigned char)(klen >> 8);
	b->buf[b->len + 2] = (unsigned char)vlen;
	memcpy(b->buf + b->len + 3, key, klen);
	memcpy(b->buf + b->len + 3 + klen, user, vlen);
	b->len = need;
	return CT_OK;
}

/* Header and table after the records; load factor at most 1/2. */
static int
ix_finish(struct ix_build *b, const struct stat *st, struct ct_err *e)
{
	struct ix_stamp s;
	size_t nslots = 1, i, j, flen;
	unsigned char *nb;
	uint32_t mask;

	while (nslots < 2 * b->n)
		nslots *= 2;
	flen = b->len + 8 * nslots;
	if (nslots > IX_SLOTS_MAX || flen > CT_MAPINDEX_MAX_BYTES ||
	    (nb = ix_grow(b->buf, &b->cap, flen, 1)) == NULL)
		return ct_fail(e, CT_ENOMEM, "map index: too large or out of "
		    "memory");
	b->buf = nb;
	memset(b->buf + b->len, 0, flen - b->len);
	mask = (uint32_t)nslots - 1;
	for (i = 0; i < b->n; i++) {
		for (j = b->ent[i].hash & mask; get32(b->buf + b->len +
		    8 * j + 4) != 0; j = (j + 1) & mask)
			;
		put32(b->buf + b->len + 8 * j, b->ent[i].hash);
		put32(b->buf + b->len + 8 * j + 4, b->ent[i].off);
	}
	memset(b->buf, 0, IX_HDR);
	memcpy(b->buf, IX_MAGIC, 8);
	put32(b->buf + 8, IX_VERSION);
	put32(b->buf + 12, (uint32_t)nslots);
	put32(b->buf + 16, (uint32_t)b->n);
	put32(b->buf + 20, (uint32_t)b->len);
	put32(b->buf + 24, (uint32_t)flen);
	stamp_of(st, &s);
	stamp_put(b->buf, &s);
	b->len = flen;
	return CT_OK;
}

/* Nanoseconds since the map last changed (mtime or ctime, the later). */
static long long
ix_age_ns(const struct stat *st)
{
	struct timespec now, t = st->st_ctim;

	if (st->st_mtim.tv_sec > t.tv_sec || (st->st_mtim.tv_sec ==
	    t.tv_sec && st->st_mtim.tv_nsec > t.tv_nsec))
		t = st->st_mtim;
	clock_gettime(CLOCK_REALTIME, &now);
	return (long long)(now.tv_sec - t.tv_sec) * 1000000000LL +
	    (now.tv_nsec - t.tv_nsec);
}

/* Indexes the map open as fd (stat st) and writes map_path.index. */
static int
ix_build_fd(const char *map_path, int fd, const struct stat *st,
    struct ct_err *e)
{
	struct ix_build b = { NULL, 0, 0, NULL, 0, 0 };
	struct ix_stamp s0, s1;
	struct stat after;
	char path[4096];
	int n, r = CT_ESYS;

	n = snprintf(path, sizeof(path), "%s%s", map_path, CT_MAPINDEX_SUFFIX);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		r = ct_fail(e, CT_ECONFIG, "map index: path too long");
		goto out;
	}
	if ((b.buf = ix_grow(NULL, &b.cap, IX_HDR, 1)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "map index: out of memory");
		goto out;
	}
	b.len = IX_HDR;
	/* The whole map, every line checked as a login checks it. */
	if ((r = ct_usermap_scan_fd(fd, map_path, ix_add, &b, e)) != CT_OK)
		goto out;
	/* A map changed while we read it is not what we indexed. */
	stamp_of(st, &s0);
	if (fstat(fd, &after) != 0 || (stamp_of(&after, &s1),
	    memcmp(&s0, &s1, sizeof(s0)) != 0)) {
		r = ct_fail(e, CT_ESYS, "map index: %s changed while being "
		    "read", map_path);
		goto out;
	}
	if ((r = ix_finish(&b, st, e)) != CT_OK)
		goto out;
	/* Issue 19: never readable by anyone who cannot read the map. */
	r = ct_atomic_write(path, b.buf, b.len, ix_mode(st), e);
out:
	free(b.buf);
	free(b.ent);
	return r;
}

int
ct_mapindex_autobuild(const char *map_path, int fd, const struct stat *st)
{
	if (map_path == NULL || st == NULL ||
	    st->st_size < CT_MAPINDEX_MIN_BYTES || !ct_spawn_allowed() ||
	    ix_age_ns(st) < IX_RACY_NS)
		return 0;
	return ix_build_fd(map_path, fd, st, NULL) == CT_OK;
}

/*
 * Racy maps (git's "racily clean" problem): a change in the same clock
 * tick as our read would leave ctime unchanged and the index stale.  So a
 * map is indexed only when it last changed more than a second before we
 * read it (file systems with one-second timestamps included): any later
 * change has a later ctime.
 */
int
ct_mapindex_build(const char *map_path, struct ct_err *e)
{
	struct timespec ts;
	struct stat st;
	long long age;
	int fd = -1, tries, r = CT_ESYS;

	if (!ct_spawn_allowed()) {
		r = ct_fail(e, CT_ESYS, "map index: needs real, effective and "
		    "saved uid and gid 0");
		goto out;
	}
	for (tries = 0; tries < 3; tries++) {
		if ((r = ct_safe_open(map_path, CT_USERMAP_MAX_BYTES,
		    CT_ECONFIG, &fd, &st, NULL, e)) != CT_OK)
			goto out;
		if ((age = ix_age_ns(&st)) >= IX_RACY_NS)
			break;
		(void)close(fd);
		fd = -1;
		age = IX_RACY_NS - (age < 0 ? 0 : age) + 50000000LL;
		ts.tv_sec = (time_t)(age / 1000000000LL);
		ts.tv_nsec = (long)(age % 1000000000LL);
		(void)nanosleep(&ts, NULL);
	}
	if (fd == -1) {
		r = ct_fail(e, CT_ESYS, "map index: %s keeps changing",
		    map_path);
		goto out;
	}
	r = ix_build_fd(map_path, fd, &st, e);
out:
	if (fd != -1)
		(void)close(fd);
	return r;
}

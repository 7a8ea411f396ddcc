/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mapindex.h - an on-disk hash index of map_file (issue 15): a login reads
 * a few hundred bytes of it instead of parsing the whole map.
 *
 * The index is "<map_file>.index", built only from a map that passes every
 * check a login makes (a map with a bad line never gets one), and used
 * only while it describes the map exactly: it records the map's device,
 * inode, size, mtime and ctime, and a login compares them with fstat of
 * the map it opened.  Anything else (missing, older, unsafe, malformed
 * index) and the login parses the text, which is always correct.
 *
 * File layout (all integers little-endian; the idea of cdb, not its
 * format): a 96-byte header, then records "u16 klen, u8 vlen, key, value",
 * then a table of nslots (a power of two) slots "u32 hash, u32 offset"
 * probed linearly from hash & (nslots - 1); offset 0 is an empty slot.
 * Keys: 'e' + an email IDENTITY in ASCII lower case, 'x' + any other
 * IDENTITY, 's' + the VALUE of "sub:VALUE" (usermap.h grammar); the value
 * is the USER.  One key may have several records.
 */
#ifndef CT_MAPINDEX_H
#define CT_MAPINDEX_H

#include <stddef.h>
#include <sys/stat.h>

#include "claims.h"
#include "err.h"

#define CT_MAPINDEX_SUFFIX	".index"
/* Below this size the text costs no more than the index: none is built. */
#define CT_MAPINDEX_MIN_BYTES	(64 * 1024)
#define CT_MAPINDEX_MAX_BYTES	0xfffffff0u	/* 32-bit offsets */

/* What a lookup found for one identity. */
struct ct_mapindex_hit {
	int matched;	/* some entry names the identity */
	int allowed;	/* some entry names the identity and the user */
};

/*
 * Builds map_path's index from the map (opened and checked as a login
 * does) and writes it atomically (ct_atomic_write, mode 0644, root-owned).
 * Waits (at most ~1.2 s) while the map was changed less than a second ago,
 * so that a later change always shows in its ctime.  Refuses unless the
 * real, effective and saved uids and gids are all 0 (RULES D1).  A map
 * with a bad line is CT_ECONFIG and writes nothing.  For the admin
 * command, and for tests.
 */
int ct_mapindex_build(const char *map_path, struct ct_err *e);

/*
 * The module's own building: the map, already opened as fd and checked by
 * the login that parsed it, gets an index when it is at least
 * CT_MAPINDEX_MIN_BYTES, the process is all-root, and the map was not
 * changed in the last second.  Never waits; any failure leaves things as
 * they are (the next login tries again).  Returns 1 if it wrote an index.
 */
int ct_mapindex_autobuild(const char *map_path, int fd,
    const struct stat *st);

/*
 * Looks id up (for user) in map_path's index if it describes the map
 * whose fstat is st.  Returns 0 and fills *hit, or -1 when there is no usable index (the
 * caller parses the text).
 */
int ct_mapindex_lookup(const char *map_path, const struct stat *st,
    const struct ct_identity *id, const char *user,
    struct ct_mapindex_hit *hit);

/*
 * The reader alone, on an open index fd whose stamp must equal st's
 * (fuzzed in tests/fuzz/fuzz_mapindex.c).  Same result as above.
 */
int ct_mapindex_lookup_fd(int fd, const struct stat *st,
    const struct ct_identity *id, const char *user,
    struct ct_mapindex_hit *hit);

#endif

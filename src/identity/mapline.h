/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mapline.h - the grammar of map_file's lines (usermap.h describes it),
 * and the scan of a whole map that both the map reader (usermap.c) and
 * its index (mapindex.c) use.
 */
#ifndef CT_MAPLINE_H
#define CT_MAPLINE_H

#include <stddef.h>

#include "err.h"

/*
 * Issue 15: 256 MiB, room for several million identities.  The text is
 * read in 64 KiB pieces, never whole, and a large map gets an index
 * (mapindex.h), so a login's cost does not grow with it.
 */
#define CT_USERMAP_MAX_BYTES (256 * 1024 * 1024)

/* Called once per map entry, in file order; a non-CT_OK return stops. */
typedef int (*ct_usermap_fn)(void *arg, const char *identity,
    const char *user, struct ct_err *e);

/*
 * Checks every line of a map (text, len bytes; or the file open as fd,
 * read with pread from offset 0 until EOF, at most CT_USERMAP_MAX_BYTES)
 * and calls fn for each entry.  CT_ECONFIG "source:line: reason" for the
 * first bad line; nothing is called after it.
 */
int ct_usermap_scan_text(const char *text, size_t len, const char *source,
    ct_usermap_fn fn, void *arg, struct ct_err *e);
int ct_usermap_scan_fd(int fd, const char *source, ct_usermap_fn fn,
    void *arg, struct ct_err *e);

#endif

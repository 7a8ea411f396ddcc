/*
 * usermap.h - the administrator's identity map (map_file): lines
 * "IDENTITY USER".
 */
#ifndef CT_USERMAP_H
#define CT_USERMAP_H

#include <stddef.h>

#include "claims.h"
#include "err.h"
#include "names.h"

/*
 * Issue 15: 256 MiB, room for several million identities.  The text is
 * read in 64 KiB pieces, never whole, and a large map gets an index
 * (mapindex.h), so a login's cost does not grow with it.
 */
#define CT_USERMAP_MAX_BYTES (256 * 1024 * 1024)

/*
 * Looks up which local accounts id may use, per the map text (len bytes).
 * Grammar: blank lines and lines starting with '#' ignored; otherwise
 * exactly two fields separated by spaces/tabs: IDENTITY USER.
 *  - IDENTITY containing '@': an email, matched ASCII case-insensitively
 *    against id->identity;
 *  - IDENTITY "sub:VALUE": matched exactly against id->sub;
 *  - otherwise (e.g. "+15551234567"): matched exactly against id->identity.
 *  USER must pass ct_username_valid.  A malformed line fails the whole map
 *  with CT_ECONFIG naming the line number.
 * Result: CT_OK if some matching line names `user` exactly (strcmp);
 * CT_EAUTH if the identity matches lines but none names `user` (the token
 * belongs to someone else); CT_ENOUSER if no line matches.
 */
int ct_usermap_check_text(const char *text, size_t len, const char *source,
    const struct ct_identity *id, const char *user, struct ct_err *e);

/*
 * Same, for the file at path, opened with ct_safe_open (CT_ECONFIG when
 * unsafe).  A missing map file holds no entries (CT_ENOUSER).  Answers
 * from "<path>.index" when it describes this very file (mapindex.h), else
 * parses the text, in pieces; a root process then builds the index of a
 * large map (ct_mapindex_autobuild).
 */
int ct_usermap_check(const char *path, const struct ct_identity *id,
    const char *user, struct ct_err *e);

/* The same; with read_only set it never builds the index (a dry run). */
int ct_usermap_check_ro(const char *path, const struct ct_identity *id,
    const char *user, int read_only, struct ct_err *e);

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

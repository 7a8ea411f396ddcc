/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * usermap.h - the administrator's identity map (map_file): lines
 * "IDENTITY USER".
 */
#ifndef CT_USERMAP_H
#define CT_USERMAP_H

#include <stddef.h>

#include "claims.h"
#include "err.h"
#include "mapline.h"
#include "names.h"

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

#endif

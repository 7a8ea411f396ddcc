/*
 * usermap.h - the administrator's identity map (map_file): lines
 * "IDENTITY USER".
 */
#ifndef CT_USERMAP_H
#define CT_USERMAP_H

#include <stddef.h>

#include "claims.h"
#include "err.h"

#define CT_USERMAP_MAX_BYTES (1024 * 1024)

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
 * Same, reading path with ct_safe_read (CT_ECONFIG when unsafe).  A missing
 * map file holds no entries (CT_ENOUSER).
 */
int ct_usermap_check(const char *path, const struct ct_identity *id,
    const char *user, struct ct_err *e);

/*
 * Conservative POSIX-portable user name: first character [a-z_], then
 * [a-z0-9_.-], at most 32 characters, no "..", not ending in '.'.
 * Returns 1 if valid.
 */
int ct_username_valid(const char *name);

#endif

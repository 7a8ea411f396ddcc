/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * safefile.h - open and read a file the module trusts (DESIGN.md,
 * invariant 7; pam-u2f open_safely).
 */
#ifndef CT_SAFEFILE_H
#define CT_SAFEFILE_H

#include <stddef.h>

#include "err.h"

/*
 * Reads the whole file at path into a malloc'd, NUL-terminated buffer.
 * path must be absolute.  Opens with O_RDONLY|O_CLOEXEC|O_NOFOLLOW|
 * O_NOCTTY|O_NONBLOCK (a FIFO never blocks us), then fstat: must be a
 * regular file, owned by uid 0, mode without group/world write bits, and
 * at most cap bytes; reads until EOF, refusing a file that grows past cap.
 * Returns CT_OK, or `code` (the caller's choice: CT_ECONFIG for config and
 * map, CT_ENOKEYS for the key cache) with a reason.  *missing is set to 1
 * when the failure was ENOENT (may be NULL).
 */
int ct_safe_read(const char *path, size_t cap, int code, char **buf,
    size_t *len, int *missing, struct ct_err *e);

struct stat;

/*
 * The same opening and fstat checks as ct_safe_read, without reading:
 * *fd (close it) and *st describe the file (issue 15: the map index is
 * checked against the map's stat, and a large map is read in pieces).
 */
int ct_safe_open(const char *path, size_t cap, int code, int *fd,
    struct stat *st, int *missing, struct ct_err *e);

#endif

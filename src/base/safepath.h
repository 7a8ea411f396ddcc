/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * safepath.h - every directory above a file the module trusts is root's
 * alone (issue 19, SECURITY.md "Trusted paths"; OpenSSH misc.c
 * safe_path).  Whoever may write in any ancestor may rename or replace
 * the part of the path below it, and with it the file.
 */
#ifndef CT_SAFEPATH_H
#define CT_SAFEPATH_H

#include "err.h"

/*
 * Resolves the directory holding path (realpath(3): symbolic links
 * followed, as the kernel will follow them) and checks it and every
 * directory above it up to "/": each a directory owned by uid 0, not
 * group- or world-writable.  A sticky world-writable directory (/tmp) is
 * refused too: root's files may not live below it.  what names the
 * setting in the refusal ("jwks_cache"); code is the caller's.  CT_OK, or
 * code with the first directory that fails.
 */
int ct_safe_ancestors(const char *path, int code, const char *what,
    struct ct_err *e);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * atomicfile.h - replace a trusted file atomically (DESIGN.md invariant 7):
 * temp file in the same directory, write, fsync, rename, fsync directory.
 */
#ifndef CT_ATOMICFILE_H
#define CT_ATOMICFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/*
 * Writes len bytes of buf to path (absolute) atomically: mkstemp-style
 * temp file "<path>.tmp.XXXXXX" in the same directory (O_CLOEXEC|O_EXCL|
 * O_NOFOLLOW), fchmod(mode), fchown(0,0) when running as root, full write
 * loop, fsync, rename over path, then fsync of the directory.  On any
 * failure the temp file is unlinked and path is left untouched.  A writer
 * killed at any moment leaves either the old file or the new one, never a
 * torn or empty file.  Returns CT_OK or CT_ESYS with a reason.
 */
int ct_atomic_write(const char *path, const void *buf, size_t len,
    mode_t mode, struct ct_err *e);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * deny.h - the deny file (issue 23): people who may not log in, whatever
 * token they bring.  One entry a line: an identity (an email, compared
 * ASCII case-insensitively, or a phone number, exactly), or
 * "sub:ISSUER-NAME:SUB" (the subject of one issuer section, byte for
 * byte); blank lines and lines starting with '#' are skipped.  Read with
 * ct_safe_read (root-owned, not group/world-writable, regular, at most
 * CT_DENY_MAX_BYTES); a missing file denies no one; an unsafe or
 * malformed one refuses every login (CT_ECONFIG: fail closed).
 */
#ifndef CT_DENY_H
#define CT_DENY_H

#include "err.h"

#define CT_DENY_MAX_BYTES	(1024 * 1024)

/*
 * CT_OK when neither identity (may be NULL) nor "sub:section:sub" (sub
 * may be NULL) is listed in path ("" = no file); CT_EAUTH with a reason
 * when one is; CT_ECONFIG for an unsafe or malformed file.
 */
int ct_deny_check(const char *path, const char *section,
    const char *identity, const char *sub, struct ct_err *e);

/* The same over the text (len bytes) of a deny file: tests, fuzzing. */
int ct_deny_check_text(const char *text, size_t len, const char *source,
    const char *section, const char *identity, const char *sub,
    struct ct_err *e);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.h - the names the configuration checks (account and group names,
 * DNS domains, login shells, uid ranges), below config.c so that the
 * configuration borrows nothing from identity/ (issue 20).  identity/
 * (automap.h, uidalloc.h, usermap.h) and the account helper use the same
 * rules.  libc only.
 */
#ifndef CT_NAMES_H
#define CT_NAMES_H

#include <stddef.h>
#include <sys/types.h>

#define CT_DOMAIN_MAX		253	/* RFC 1035 2.3.4, without the dot */
#define CT_NAME_MAX		32	/* ct_username_valid */
#define CT_SHELL_MAX		255
#define CT_GROUPS_MAX		1024	/* normalized "g1,g2,..." */
#define CT_GROUPS_COUNT_MAX	32

#define CT_UID_RANGE_LO		10000U	/* default uid_range */
#define CT_UID_RANGE_HI		59999U
#define CT_UID_RANGE_TOP	2147483646U	/* 2^31 - 2 */

/* 1 for an ASCII letter or digit (never the locale's idea of one). */
int ct_ascii_alnum(int c);

/*
 * Conservative POSIX-portable user name: first character [a-z_], then
 * [a-z0-9_.-], at most 32 characters, no "..", not ending in '.'.
 * Returns 1 if valid.
 */
int ct_username_valid(const char *name);

/*
 * 1 when d is a DNS host name: 1..CT_DOMAIN_MAX bytes of [A-Za-z0-9.-],
 * labels of 1..63 bytes (RFC 1035 2.3.4) not starting or ending in '-'.
 * Internationalized domains must be given in their xn-- (ASCII) form.
 */
int ct_domain_valid(const char *d);

/* 1 when allowed is a valid allowed_domains value ("" included). */
int ct_domains_valid(const char *allowed);

/*
 * 1 when shell is an absolute path of [A-Za-z0-9/._+-] (no ':' ',' or
 * space that could corrupt /etc/passwd), without "//" , "/./" or "..",
 * at most CT_SHELL_MAX bytes.
 */
int ct_shell_valid(const char *shell);

/*
 * Normalizes a user_groups value: group names separated by spaces and/or
 * commas, each passing ct_username_valid, at most CT_GROUPS_COUNT_MAX, no
 * duplicates.  Writes them to out joined by ',' ("" when none).  Returns
 * 0, or -1 (bad name, too many, or out too small).
 */
int ct_groups_normalize(const char *in, char *out, size_t size);

/*
 * Parses "LO-HI" (decimal, 1 <= LO <= HI <= CT_UID_RANGE_TOP, no sign, no
 * spaces).  Returns 0, or -1 when malformed.
 */
int ct_uid_range_parse(const char *s, uid_t *lo, uid_t *hi);

/* 1 when the n bytes at name are one of the ','-joined names of list. */
int ct_name_in_list(const char *list, const char *name, size_t n);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * automap.h - automatic mapping of an email identity to a local account
 * name (allowed_domains), and the rules for names, shells and groups of
 * accounts this module creates.  libc only: the account helper links it.
 */
#ifndef CT_AUTOMAP_H
#define CT_AUTOMAP_H

#include <stddef.h>

#include "err.h"
#include "names.h"

#define CT_EMAIL_MAX		254	/* RFC 5321 4.5.3.1.3: path - <> */
#define CT_LOCALPART_MAX	64	/* RFC 5321 4.5.3.1.1 */

/* 1 when a and b are equal ignoring ASCII case (never the locale's). */
int ct_ascii_caseeq(const char *a, const char *b);

/*
 * 1 when s is a well-formed email identity this module can map: at most
 * CT_EMAIL_MAX bytes, every byte printable ASCII without space
 * (0x21..0x7e: no control character, no whitespace, no UTF-8 look-alike,
 * no bidi override), exactly one '@', a local part of at most
 * CT_LOCALPART_MAX bytes that is an RFC 5322 dot-atom (no quoted local
 * parts, none of ( ) < > [ ] : ; \ , "), and a domain (ct_domain_valid).
 */
int ct_email_valid(const char *s);

/*
 * 1 when name is one the module never maps to automatically and the
 * helper never creates, whatever uid it has or would get: root, nobody,
 * and the names of privileged groups a new user's private group could
 * impersonate (admin, sudo, wheel, adm, docker, ...).
 */
int ct_name_reserved(const char *name);

/*
 * 1 when name may be the name of an account this module creates: it
 * passes ct_username_valid, starts with a letter (names starting with '_'
 * are system accounts by convention) and is not ct_name_reserved.
 */
int ct_newname_valid(const char *name);

/*
 * 1 when name is a group some Debian package creates when it is missing
 * (wireshark, ssl-cert, systemd-*, ...): with primary_group = private
 * (D2) no account of that name is created, lest the package adopt its
 * private group.
 */
int ct_package_group(const char *name);

/*
 * Maps identity to a local account name.  allowed is the space-separated
 * allowed_domains list.  Returns:
 *  CT_OK       *name (malloc'd) is the local part, lowercased (ASCII);
 *  CT_ENOUSER  no identity, a phone number or other non-email identity,
 *              or a domain not in the list (map_file may still map it);
 *  CT_EAUTH    an identity in an allowed domain that is malformed or whose
 *              local part does not fit ct_newname_valid: it is refused,
 *              never rewritten ("alice+tag", "\"q\"", "-oroot", "a:b",
 *              digits only, 40 characters, non-ASCII ...);
 *  CT_ENOMEM.
 */
int ct_automap(const char *allowed, const char *identity, char **name,
    struct ct_err *e);

/*
 * 1 when domain (any case) is one of the space-separated words of allowed
 * (ASCII case-insensitive).
 */
int ct_domain_allowed(const char *allowed, const char *domain);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nssgate.h - when libnss_cotter.so.2 answers getpwnam for a person whose
 * account does not exist yet (issue 13), and what it answers.  libc only:
 * the NSS module links it; the PAM module uses the same rules to know
 * that it runs where the NSS module answers.
 */
#ifndef CT_NSSGATE_H
#define CT_NSSGATE_H

#include <sys/types.h>

#include "config.h"
#include "err.h"
#include "home.h"

/*
 * The GECOS field of an answered record.  Only the NSS module writes it;
 * ct_account_placeholder (account.h) recognizes such a record.
 */
#define CT_NSS_GECOS	"pam_cotter first login, not created yet"
#define CT_NSS_PASSWD	"x"	/* pam_unix account fails without shadow */

/*
 * 1 when this process is sshd's pre-authentication as configured: real
 * and effective uid 0, ssh_create_users, create_users and a non-empty
 * allowed_domains on, and exe (the resolved /proc/self/exe) equal byte
 * for byte to one word of sshd_paths.  Never by process name or parent.
 */
int ct_nss_in_sshd(const struct ct_config *cfg, const char *exe,
    uid_t ruid, uid_t euid);

/*
 * The NSS module's decision for name, a pure function: CT_OK when
 * ct_nss_in_sshd holds and name is one that account creation could give
 * (ct_newname_valid: automatic mapping's rules), else CT_ENOUSER with the
 * reason.  Whether the account exists is the caller's second check.
 */
int ct_nss_gate(const struct ct_config *cfg, const char *exe, uid_t ruid,
    uid_t euid, const char *name, struct ct_err *e);

/*
 * The resolved path of this process's executable (readlink of
 * /proc/self/exe) into buf; 0, or -1 (then nothing may be answered).
 */
int ct_self_exe(char *buf, size_t size);

/*
 * The primary gid an account created with uid gets (lead's decision D2):
 * uid itself for primary_group "private", else the gid of that group
 * (getgrnam_r).  Never 0: a group with gid 0 is CT_ECONFIG; a missing
 * group CT_ECONFIG; a lookup failure CT_ESYS.
 */
int ct_primary_gid(const struct ct_config *cfg, uid_t uid, gid_t *gid,
    struct ct_err *e);

/*
 * getgrnam_r of name with a growing buffer: 0 with *found (and *gid when
 * found), or -1 when the lookup failed.
 */
int ct_group_gid(const char *name, gid_t *gid, int *found);

#endif

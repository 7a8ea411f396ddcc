/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * home.h - the home directory of an account pam_cotter creates: one path
 * for the NSS module's answer and the account helper's useradd -d, and
 * the mode a new home gets (issue 19 point 4).  libc only.
 */
#ifndef CT_HOME_H
#define CT_HOME_H

#include <stddef.h>
#include <sys/types.h>

#define CT_HOME_BASE		"/home"
#define CT_HOME_MODE_DEFAULT	0700	/* Debian's adduser default */
#define CT_HOME_PATH_MAX	64	/* base, '/', a name (CT_NAME_MAX) */

/*
 * Writes CT_HOME_BASE "/" name into out.  0, or -1 when name is empty,
 * holds a '/' or does not fit.  Never /etc/default/useradd's HOME: the
 * helper passes this path to useradd -d, so sshd's pre-authentication
 * answer and the created account agree.
 */
int ct_home_path(const char *name, char *out, size_t size);

/*
 * home_mode: three or four octal digits; the owner has rwx, nobody else
 * may write, no set-id or sticky bit (0700, 0750, 0755, 0711 ...).
 * 0 with *out, or -1.
 */
int ct_home_mode_parse(const char *s, mode_t *out);

#endif

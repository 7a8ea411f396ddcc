/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dropin.h - the configuration's drop-in directory (issue 22): every
 * "*.conf" beside the config file, read in name order, so that
 * configuration management can add an issuer section as one file.
 */
#ifndef CT_DROPIN_H
#define CT_DROPIN_H

#include <stddef.h>

#include "err.h"

/*
 * The drop-in directory of a config file: PATH with ".conf" replaced by
 * ".d" (/etc/security/pam_cotter.conf -> /etc/security/pam_cotter.d), or
 * PATH + ".d".  Returns 0, or -1 when it does not fit in size bytes.
 */
int ct_dropin_dir(const char *config_path, char *dir, size_t size);

/*
 * The paths of dir's "*.conf" files (names of letters, digits and
 * "._-", not starting with '.'), sorted by name in the C locale, at most
 * max of them.  A missing directory is no file (CT_OK, *n 0).  Returns
 * CT_OK with *paths (free with ct_dropin_free), CT_ECONFIG when the
 * directory cannot be read or holds more than max, or CT_ENOMEM.
 */
int ct_dropin_list(const char *dir, size_t max, char ***paths, size_t *n,
    struct ct_err *e);

void ct_dropin_free(char **paths, size_t n);

#endif

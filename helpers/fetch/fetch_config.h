/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fetch_config.h - the fetcher reads the module's own configuration, so
 * that the systemd timer and the module agree on one jwks_url.
 */
#ifndef CT_FETCH_CONFIG_H
#define CT_FETCH_CONFIG_H

#include "config.h"
#include "err.h"

/*
 * Reads the config file at path (same safety rules and grammar as the
 * module: ct_safe_read, ct_config_parse_text).  audience is not required
 * here: the fetcher never judges a token.  Returns CT_OK and *cfg (free
 * with ct_config_free), or CT_ECONFIG/CT_ENOMEM with a reason.
 */
int fetch_config_load(const char *path, struct ct_config **cfg,
    struct ct_err *e);

#endif

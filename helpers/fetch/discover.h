/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * discover.h - the device flow's endpoints from the issuer's discovery
 * document (issue 25), kept beside the key cache for the module.
 */
#ifndef CT_DISCOVER_H
#define CT_DISCOVER_H

#include <stddef.h>

#include "config.h"

/*
 * Fetches "<issuer>/.well-known/openid-configuration" (OpenID Connect
 * Discovery 1.0 section 4; RFC 8414 section 3 names the same members),
 * requires its "issuer" to equal issuer byte for byte (RFC 8414 3.3),
 * takes device_authorization_endpoint and token_endpoint (https URLs)
 * and writes them atomically to "<cache>.endpoints".  Returns 0 when
 * written (a note in msg), -1 with the reason in msg.
 */
int fetch_discover(const char *issuer, const char *cache,
    const char *ca_file, long timeout_s, char *msg, size_t size);

#endif

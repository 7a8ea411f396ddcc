/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devflow.h - sign-in on another device at the prompt (issue 25, OAuth 2.0
 * Device Authorization Grant, RFC 8628): an empty answer where the
 * service offers it starts pam_cotter_device, shows its user code and
 * waits for the access token, which the caller then verifies exactly as
 * a typed one.
 */
#ifndef CT_DEVFLOW_H
#define CT_DEVFLOW_H

#include <stddef.h>

#include <security/pam_modules.h>

#include "config.h"
#include "err.h"

/*
 * 1 when PAM_SERVICE is in device_flow_services and an issuer has
 * device_flow = yes (the first one is used).
 */
int ct_device_offered(pam_handle_t *pamh, const struct ct_config *cfg);

#define CT_DEVICE_PROMPT_MAX 200
/* The account the device helper runs as under a root service, if any. */
#define CT_DEVICE_USER "_pam_cotter"


/*
 * The prompt that says an empty answer signs in on another device:
 * "Token: " becomes "Token (or Enter for a sign-in code): ".  Into buf.
 */
void ct_device_prompt(const char *prompt, char *buf, size_t size);

/*
 * Runs one device authorization: starts the helper (an empty
 * environment; as the caller's own uid when the caller is not root),
 * shows the verification URI and user code as a conversation message,
 * waits for the token at most device_flow_timeout, and always ends the
 * helper before returning.  CT_OK with *token (malloc'd; wipe and free
 * it), or CT_EAUTH/CT_ESYS/CT_ECONFIG with a reason and a line for the
 * screen.
 */
int ct_device_token(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, char **token, struct ct_err *e);

#endif

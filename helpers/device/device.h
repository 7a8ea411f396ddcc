/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * device.h - pam_cotter_device, the device authorization grant's client
 * (issue 25, RFC 8628 sections 3.1 to 3.5).  It speaks HTTPS for the
 * module, which never does network input itself, and answers over its
 * stdout pipe in lines (see README.md):
 *   code USER_CODE VERIFICATION_URI [VERIFICATION_URI_COMPLETE]
 *   token ACCESS_TOKEN
 *   error WORD DETAIL...
 */
#ifndef CT_DEVICE_H
#define CT_DEVICE_H

#include <stddef.h>

#include "err.h"

#define DEV_CODE_MAX 1024	/* device_code, bytes */
#define DEV_USER_CODE_MAX 64	/* user_code, bytes */
#define DEV_URI_MAX 512		/* verification_uri(_complete) */
#define DEV_SECRET_MAX 512	/* client secret, one line on stdin */

struct dev_opts {
	const char *device_endpoint;	/* RFC 8628 3.1 */
	const char *token_endpoint;	/* RFC 8628 3.4 */
	const char *client_id;
	const char *scope;		/* NULL: none sent */
	const char *ca_file;		/* NULL: the system's bundle */
	long timeout_s;			/* one request, 1..60 */
	long wait_s;			/* the whole flow */
	char secret[DEV_SECRET_MAX + 1];	/* "" for a public client */
};

/* RFC 8628 3.2: the device authorization response, checked. */
struct dev_code {
	char device_code[DEV_CODE_MAX + 1];
	char user_code[DEV_USER_CODE_MAX + 1];
	char uri[DEV_URI_MAX + 1];
	char uri_complete[DEV_URI_MAX + 1];	/* "" when not given */
	long expires_in;
	long interval;
};

/* The outcome of one token request (RFC 8628 3.5). */
enum dev_poll {
	DEV_TOKEN,		/* *token holds the access token */
	DEV_PENDING,		/* authorization_pending */
	DEV_SLOW_DOWN,		/* slow_down: interval + 5 s */
	DEV_FAILED		/* access_denied, expired_token, anything else */
};

/* argv into o; -1 with a reason on stderr-free e. */
int dev_args(int argc, char **argv, struct dev_opts *o, struct ct_err *e);

/* RFC 8628 3.1 and 3.2: asks for a device code. */
int dev_authorize(const struct dev_opts *o, struct dev_code *c,
    struct ct_err *e);

/*
 * RFC 8628 3.4 and 3.5: one token request.  DEV_TOKEN with *token
 * (malloc'd; wipe and free it), or the state; DEV_FAILED with a reason
 * whose first word is the OAuth error (access_denied, expired_token) or
 * "issuer".
 */
enum dev_poll dev_poll_once(const struct dev_opts *o, const char *device_code,
    char **token, struct ct_err *e);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fetch_curl.h - the key fetcher's one HTTPS transfer (issue 3).  The only
 * code in the project that talks to libcurl.
 */
#ifndef CT_FETCH_CURL_H
#define CT_FETCH_CURL_H

#include <stddef.h>

#include "err.h"

/* Longest validator (ETag, Last-Modified) we store or send. */
#define CT_FETCH_VALIDATOR_MAX 256

/* Used when no ca_file is given, so CURL_CA_BUNDLE can never matter. */
#define CT_FETCH_DEFAULT_CA "/etc/ssl/certs/ca-certificates.crt"

struct ct_fetch_req {
	const char *url;		/* https:// only */
	const char *ca_file;		/* NULL: CT_FETCH_DEFAULT_CA */
	long timeout_ms;		/* total and connect bound */
	const char *if_none_match;	/* NULL or a stored ETag */
	const char *if_modified_since;	/* NULL or stored Last-Modified */
	/* Issue 25 (pam_cotter_device): NULL for a GET, else the
	 * application/x-www-form-urlencoded body of a POST. */
	const char *post_form;
};

struct ct_fetch_resp {
	long status;			/* HTTP status code */
	char *body;			/* malloc'd, NUL-terminated */
	size_t len;			/* at most CT_JWKS_MAX_BYTES */
	char etag[CT_FETCH_VALIDATOR_MAX + 1];		/* "" if none */
	char last_modified[CT_FETCH_VALIDATOR_MAX + 1];	/* "" if none */
};

/*
 * curl_global_init must have been called.  Performs one GET of req->url
 * with every protection of issue 3 (HTTPS only, verification on, TLS 1.2+,
 * no proxy, no redirects, bounded time and body).  Returns CT_OK when a
 * complete HTTP response arrived, whatever its status (the caller judges
 * it), with *resp filled (free with ct_fetch_resp_free); CT_ESYS with a
 * reason otherwise.
 */
int ct_fetch(const struct ct_fetch_req *req, struct ct_fetch_resp *resp,
    struct ct_err *e);

void ct_fetch_resp_free(struct ct_fetch_resp *resp);

/*
 * 1 when s is usable as a validator: 1 to CT_FETCH_VALIDATOR_MAX
 * characters of printable ASCII (no CR, LF or other controls).
 */
int ct_fetch_validator_ok(const char *s, size_t len);

#endif

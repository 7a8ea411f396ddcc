/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fetch_curl.c - one HTTPS GET of the JWK Set with libcurl, locked down as
 * issue 3 demands: HTTPS only (also after redirects, which are off),
 * certificate and host name always verified, TLS 1.2 or later, our own CA
 * file, no proxy whatever the environment says, a total time bound and a
 * low-speed bound, and a body cap enforced while receiving.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "fetch_curl.h"
#include "jwks.h"

#define CT_FETCH_USERAGENT "pam_cotter-fetch/1"
#define CT_FETCH_HEADERS_MAX (64 * 1024)	/* all response headers */
#define CT_FETCH_LOW_SPEED 1024L		/* bytes per second */
#define CT_FETCH_LOW_SPEED_TIME 5L		/* seconds, at most */

/* What the callbacks fill in during the transfer. */
struct sink {
	struct ct_fetch_resp *resp;
	size_t header_bytes;
	int body_too_big;
	int headers_too_big;
};

int
ct_fetch_validator_ok(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len == 0 || len > CT_FETCH_VALIDATOR_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
	}
	return 1;
}

/* Write callback: keep at most CT_JWKS_MAX_BYTES; more aborts (return 0). */
static size_t
body_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	struct ct_fetch_resp *resp = s->resp;
	size_t n = size * nmemb;

	if (n > CT_JWKS_MAX_BYTES - resp->len) {
		s->body_too_big = 1;
		return 0;
	}
	memcpy(resp->body + resp->len, ptr, n);
	resp->len += n;
	resp->body[resp->len] = '\0';
	return n;
}

/*
 * Stores a header value into dst when it is a usable validator, else
 * clears dst.  Leading and trailing whitespace and the CRLF are not part
 * of the value (RFC 7230 section 3.2.4).
 */
static void
keep_validator(char *dst, const char *v, size_t len)
{
	while (len > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
	    v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	dst[0] = '\0';
	if (ct_fetch_validator_ok(v, len)) {
		memcpy(dst, v, len);
		dst[len] = '\0';
	}
}

/*
 * Header callback, called once per header line: captures ETag (RFC 7232
 * section 2.3) and Last-Modified (section 2.2).  A status line starts a
 * new response and forgets what an earlier one (a 1xx) said.
 */
static size_t
header_cb(char *line, size_t size, size_t nitems, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nitems;

	if (n > CT_FETCH_HEADERS_MAX - s->header_bytes) {
		s->headers_too_big = 1;
		return 0;
	}
	s->header_bytes += n;
	if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		s->resp->etag[0] = '\0';
		s->resp->last_modified[0] = '\0';
	} else if (n > 5 && strncasecmp(line, "ETag:", 5) == 0) {
		keep_validator(s->resp->etag, line + 5, n - 5);
	} else if (n > 14 && strncasecmp(line, "Last-Modified:", 14) == 0) {
		keep_validator(s->resp->last_modified, line + 14, n - 14);
	}
	return n;
}

/*
 * Who we talk to and how: HTTPS only, verified, TLS 1.2+, our CA file,
 * no proxy, no redirects.  The environment is never consulted: the CA
 * bundle is set explicitly (CURL_CA_BUNDLE cannot matter) and the proxy is
 * disabled outright (https_proxy, ALL_PROXY cannot matter).
 */
static CURLcode
set_security(CURL *c, const struct ct_fetch_req *req)
{
	const char *ca = req->ca_file != NULL ? req->ca_file :
	    CT_FETCH_DEFAULT_CA;
	CURLcode rc;

	/* RFC 8414 section 2: a jwks_uri MUST use the https scheme. */
	rc = curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_MAXREDIRS, 0L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_SSLVERSION,
		    (long)CURL_SSLVERSION_TLSv1_2);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_PROXY, "");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_NETRC,
		    (long)CURL_NETRC_IGNORED);
	if (rc != CURLE_OK)
		goto out;
	/* A private CA (ca_file) is the only trust anchor: no CA directory. */
	if (req->ca_file != NULL &&
	    (rc = curl_easy_setopt(c, CURLOPT_CAPATH, (char *)NULL)) !=
	    CURLE_OK)
		goto out;
	rc = CURLE_OK;
out:
	return rc;
}

/*
 * How long and how much: total and connect time bound, a low-speed bound
 * (a 1 byte/s server is cut off), the body cap (also announced to curl so
 * a large Content-Length fails before any byte is stored), no signals
 * (curl must not touch SIGALRM), no compression, no cookies (none set).
 */
static CURLcode
set_transfer(CURL *c, const struct ct_fetch_req *req, struct sink *s,
    struct curl_slist *hdrs, char *errbuf)
{
	long slow = req->timeout_ms / 1000;
	CURLcode rc;

	if (slow > CT_FETCH_LOW_SPEED_TIME)
		slow = CT_FETCH_LOW_SPEED_TIME;
	if (slow < 1)
		slow = 1;
	rc = curl_easy_setopt(c, CURLOPT_URL, req->url);
	if (rc == CURLE_OK && req->post_form == NULL)
		rc = curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	else if (rc == CURLE_OK)	/* RFC 8628 3.1, 3.4: a form POST */
		rc = curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->post_form);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_FAILONERROR, 0L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, req->timeout_ms);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
		    req->timeout_ms);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT,
		    CT_FETCH_LOW_SPEED);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, slow);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
		    (curl_off_t)CT_JWKS_MAX_BYTES);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_USERAGENT, CT_FETCH_USERAGENT);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, body_cb);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (rc != CURLE_OK)
		goto out;
	rc = CURLE_OK;
out:
	return rc;
}

/* Appends "name: value" to *list; -1 on failure. */
static int
add_header(struct curl_slist **list, const char *name, const char *value)
{
	char line[64 + CT_FETCH_VALIDATOR_MAX];
	struct curl_slist *l;
	int n;

	n = snprintf(line, sizeof(line), "%s: %s", name, value);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -1;
	if ((l = curl_slist_append(*list, line)) == NULL)
		return -1;
	*list = l;
	return 0;
}

/*
 * Request headers: what we accept, and the validators of the copy we hold
 * (RFC 7232 section 3.2 If-None-Match, 3.3 If-Modified-Since; a server
 * that supports both judges If-None-Match, section 6).
 */
static int
build_headers(const struct ct_fetch_req *req, struct curl_slist **out,
    struct ct_err *e)
{
	struct curl_slist *l = NULL;
	int r = CT_ESYS;

	if (add_header(&l, "Accept",
	    "application/jwk-set+json, application/json") == -1)
		goto fail;
	if (req->if_none_match != NULL && (!ct_fetch_validator_ok(
	    req->if_none_match, strlen(req->if_none_match)) ||
	    add_header(&l, "If-None-Match", req->if_none_match) == -1))
		goto fail;
	if (req->if_modified_since != NULL && (!ct_fetch_validator_ok(
	    req->if_modified_since, strlen(req->if_modified_since)) ||
	    add_header(&l, "If-Modified-Since", req->if_modified_since) == -1))
		goto fail;
	*out = l;
	l = NULL;
	r = CT_OK;
	goto out;
fail:
	r = ct_fail(e, CT_ESYS, "cannot build request headers");
out:
	curl_slist_free_all(l);
	return r;
}

/* The reason a transfer failed, for the log. */
static int
transfer_failed(const struct sink *s, CURLcode rc, const char *errbuf,
    struct ct_err *e)
{
	char why[CURL_ERROR_SIZE];

	if (s->body_too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return ct_fail(e, CT_ESYS, "body larger than %d bytes",
		    CT_JWKS_MAX_BYTES);
	if (s->headers_too_big)
		return ct_fail(e, CT_ESYS, "response headers larger than %d "
		    "bytes", CT_FETCH_HEADERS_MAX);
	ct_sanitize(why, sizeof(why), errbuf, strlen(errbuf));
	return ct_fail(e, CT_ESYS, "%s%s%s", curl_easy_strerror(rc),
	    why[0] != '\0' ? ": " : "", why);
}

int
ct_fetch(const struct ct_fetch_req *req, struct ct_fetch_resp *resp,
    struct ct_err *e)
{
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hdrs = NULL;
	struct sink s;
	CURL *c = NULL;
	CURLcode rc;
	int r = CT_ESYS;

	memset(resp, 0, sizeof(*resp));
	memset(&s, 0, sizeof(s));
	errbuf[0] = '\0';
	s.resp = resp;
	if ((resp->body = malloc(CT_JWKS_MAX_BYTES + 1)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "out of memory");
		goto out;
	}
	resp->body[0] = '\0';
	if ((r = build_headers(req, &hdrs, e)) != CT_OK)
		goto out;
	r = CT_ESYS;
	if ((c = curl_easy_init()) == NULL) {
		r = ct_fail(e, CT_ESYS, "curl_easy_init failed");
		goto out;
	}
	if ((rc = set_security(c, req)) != CURLE_OK ||
	    (rc = set_transfer(c, req, &s, hdrs, errbuf)) != CURLE_OK) {
		r = ct_fail(e, CT_ESYS, "curl option refused: %s",
		    curl_easy_strerror(rc));
		goto out;
	}
	if ((rc = curl_easy_perform(c)) != CURLE_OK) {
		r = transfer_failed(&s, rc, errbuf, e);
		goto out;
	}
	if (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status) !=
	    CURLE_OK || resp->status == 0) {
		r = ct_fail(e, CT_ESYS, "no HTTP status");
		goto out;
	}
	r = CT_OK;
out:
	if (c != NULL)
		curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	if (r != CT_OK)
		ct_fetch_resp_free(resp);
	return r;
}

void
ct_fetch_resp_free(struct ct_fetch_resp *resp)
{
	if (resp == NULL)
		return;
	free(resp->body);
	resp->body = NULL;
	resp->len = 0;
}

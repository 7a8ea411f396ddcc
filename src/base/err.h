/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * err.h - library status codes and the one-line refusal reason.
 *
 * Every library function that can refuse returns one of the CT_* codes and
 * fills a struct ct_err with a short, token-free reason.  Only pam_cotter.c
 * turns these codes into PAM_* codes (see DESIGN.md, "PAM results").
 */
#ifndef CT_ERR_H
#define CT_ERR_H

#include <stddef.h>

enum ct_status {
	CT_OK = 0,
	CT_EAUTH,	/* invalid, forged, expired, foreign token -> PAM_AUTH_ERR */
	CT_ENOKEYS,	/* no usable key set -> PAM_AUTHINFO_UNAVAIL */
	CT_ECONFIG,	/* bad configuration or unsafe config/map -> PAM_SERVICE_ERR */
	CT_ENOUSER,	/* identity maps to no account -> PAM_USER_UNKNOWN */
	CT_ENOMEM,	/* allocation failure -> PAM_BUF_ERR */
	CT_ESYS,	/* other system error -> PAM_SYSTEM_ERR */
	CT_ENOKID,	/* token's kid not in the key set: a refresh may
			 * help; otherwise -> PAM_AUTH_ERR */
	CT_ENAMESVC	/* the name service could not answer (a directory
			 * source down, issue 19) -> PAM_SYSTEM_ERR */
};

#define CT_ERR_MSG_MAX 256

struct ct_err {
	enum ct_status code;
	char msg[CT_ERR_MSG_MAX];
	/* What the person at the prompt must do differently ("" = none). */
	char screen[CT_ERR_MSG_MAX];
};

/*
 * Records code and a printf-style reason in e (e may be NULL) and returns
 * code, so callers can write "return ct_fail(e, CT_EAUTH, ...)" or
 * "r = ct_fail(...); goto out;".  The first failure recorded wins: a later
 * call does not overwrite an earlier reason.  Never pass token bytes.
 */
int ct_fail(struct ct_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Records the line pam_cotter.c shows at the prompt (pam_error) when the
 * attempt fails; the first one recorded wins.  Never user input.
 */
void ct_say(struct ct_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears e to CT_OK with an empty message. */
void ct_err_clear(struct ct_err *e);

/*
 * Copies untrusted src (srclen bytes) into out (at most maxout-1
 * characters), escaped so that a parser can read it back and no quote in
 * it can end the quoted field it is logged in: '"' and '\' become \" and
 * \\, anything outside printable ASCII \xHH (D5).  A cut never splits an
 * escape and ends with "...".  Used to log a user name or a claim value
 * without letting it forge log lines.  out is always NUL-terminated.
 */
void ct_sanitize(char *out, size_t maxout, const char *src, size_t srclen);

/*
 * Reentrant strerror(3): writes the text for errnum into buf (size bytes)
 * and returns a pointer to it (or to glibc's constant text).  strerror()
 * may use a static buffer, which two PAM handles in threads would share.
 */
#define CT_STRERROR_MAX 96
const char *ct_strerror_r(int errnum, char *buf, size_t size);

/* ct_strerror_r into a compound-literal buffer, which lives as long as
 * the enclosing block (C11 6.5.2.5): for use as an argument to ct_fail(). */
#define CT_STRERROR(n) \
	ct_strerror_r((n), (char[CT_STRERROR_MAX]){ "" }, CT_STRERROR_MAX)

/* Short name of a status code, e.g. "CT_EAUTH". */
const char *ct_status_name(int code);

#endif

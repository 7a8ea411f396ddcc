/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * err.c - refusal reasons and safe logging of untrusted strings.
 */
#define _GNU_SOURCE /* the GNU strerror_r, which returns its text */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int
ct_fail(struct ct_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL || e->code != CT_OK)
		return code;
	e->code = (enum ct_status)code;
	va_start(ap, fmt);
	(void)vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
ct_say(struct ct_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL || e->screen[0] != '\0')
		return;
	va_start(ap, fmt);
	(void)vsnprintf(e->screen, sizeof(e->screen), fmt, ap);
	va_end(ap);
}

void
ct_err_clear(struct ct_err *e)
{
	if (e == NULL)
		return;
	e->code = CT_OK;
	e->msg[0] = '\0';
	e->screen[0] = '\0';
}

/*
 * How byte c is written in a log line (D5): '"' and '\\' escaped with a
 * backslash, printable ASCII as is, anything else as \xHH.  Returns the
 * length written to enc (1, 2 or 4).
 */
static size_t
escape_byte(unsigned char c, char enc[4])
{
	static const char hex[] = "0123456789abcdef";

	if (c == '"' || c == '\\') {
		enc[0] = '\\';
		enc[1] = (char)c;
		return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		enc[0] = (char)c;
		return 1;
	}
	enc[0] = '\\';
	enc[1] = 'x';
	enc[2] = hex[c >> 4];
	enc[3] = hex[c & 0x0f];
	return 4;
}

void
ct_sanitize(char *out, size_t maxout, const char *src, size_t srclen)
{
	char enc[4];
	size_t i, n, o = 0, total = 0, room;

	if (out == NULL || maxout == 0)
		return;
	/* Most names and paths need no escape and fit: copied as they are. */
	for (i = 0; src != NULL && i < srclen && src[i] >= 0x20 &&
	    src[i] < 0x7f && src[i] != '"' && src[i] != '\\'; i++)
		;
	if (src != NULL && i == srclen && srclen < maxout) {
		memcpy(out, src, srclen);
		out[srclen] = '\0';
		return;
	}
	for (i = 0; src != NULL && i < srclen; i++)
		total += escape_byte((unsigned char)src[i], enc);
	/* All of it, or as much as leaves room for "..." and the NUL. */
	room = total < maxout ? maxout - 1 : (maxout > 4 ? maxout - 4 : 0);
	for (i = 0; src != NULL && i < srclen; i++) {
		n = escape_byte((unsigned char)src[i], enc);
		if (o + n > room)
			break;
		memcpy(out + o, enc, n);
		o += n;
	}
	if (total >= maxout && o + 3 < maxout) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

const char *
ct_strerror_r(int errnum, char *buf, size_t size)
{
	const char *text = "unknown error";

	if (buf != NULL && size > 0) {
		buf[0] = '\0';
		text = strerror_r(errnum, buf, size);
	}
	return text;
}

const char *
ct_status_name(int code)
{
	static const char *const names[] = {
		"CT_OK", "CT_EAUTH", "CT_ENOKEYS", "CT_ECONFIG",
		"CT_ENOUSER", "CT_ENOMEM", "CT_ESYS", "CT_ENOKID",
		"CT_ENAMESVC"
	};

	if (code < 0 || (size_t)code >= sizeof(names) / sizeof(names[0]))
		return "CT_UNKNOWN";
	return names[code];
}

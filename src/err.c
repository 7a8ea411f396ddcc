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
ct_err_clear(struct ct_err *e)
{
	if (e == NULL)
		return;
	e->code = CT_OK;
	e->msg[0] = '\0';
}

void
ct_sanitize(char *out, size_t maxout, const char *src, size_t srclen)
{
	size_t i, o = 0;
	unsigned char c;

	if (out == NULL || maxout == 0)
		return;
	for (i = 0; src != NULL && i < srclen && o + 1 < maxout; i++) {
		if (srclen > maxout - 1 && o + 4 >= maxout) {
			/* room for "..." and the NUL */
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		c = (unsigned char)src[i];
		out[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
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
		"CT_ENOUSER", "CT_ENOMEM", "CT_ESYS", "CT_ENOKID"
	};

	if (code < 0 || (size_t)code >= sizeof(names) / sizeof(names[0]))
		return "CT_UNKNOWN";
	return names[code];
}

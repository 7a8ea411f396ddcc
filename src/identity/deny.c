/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * deny.c - the deny file (deny.h).  Checked before any account is
 * created or changed, and for a bound account also against the identity
 * its binding records, so that a denied person's account refuses every
 * token at once.
 */
#include <stdlib.h>
#include <string.h>

#include "deny.h"
#include "safefile.h"

#define CT_SHOWN_MAX	65

/* [a, a + n) equals b, ASCII letters folded. */
static int
caseeq_n(const char *a, size_t n, const char *b)
{
	size_t i;
	unsigned char x, y;

	if (strlen(b) != n)
		return 0;
	for (i = 0; i < n; i++) {
		x = (unsigned char)a[i];
		y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

/* 1 when the entry [w, w + n) names this identity or this subject. */
static int
entry_hits(const char *w, size_t n, const char *section,
    const char *identity, const char *sub)
{
	size_t sn;

	if (n > 4 && memcmp(w, "sub:", 4) == 0) {
		if (section == NULL || sub == NULL)
			return 0;
		sn = strlen(section);
		return n == 4 + sn + 1 + strlen(sub) &&
		    memcmp(w + 4, section, sn) == 0 && w[4 + sn] == ':' &&
		    memcmp(w + 5 + sn, sub, strlen(sub)) == 0;
	}
	/* Emails fold ASCII case; phone numbers are digits anyway. */
	return identity != NULL && caseeq_n(w, n, identity);
}

/* One line (no LF): CT_OK, CT_EAUTH (a hit) or CT_ECONFIG (malformed). */
static int
one_line(const char *line, size_t n, const char *source, size_t lineno,
    const char *section, const char *identity, const char *sub,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	size_t i;

	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	while (n > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		n--;
	}
	if (n == 0 || line[0] == '#')
		return CT_OK;
	for (i = 0; i < n; i++)
		if ((unsigned char)line[i] <= ' ' || line[i] == 0x7f)
			return ct_fail(e, CT_ECONFIG, "deny_file %s:%zu: one "
			    "identity or sub:ISSUER-NAME:SUB a line, printable, "
			    "no spaces", source, lineno);
	if (!entry_hits(line, n, section, identity, sub))
		return CT_OK;
	ct_sanitize(shown, sizeof(shown), line, n);
	ct_say(e, "You may not log in to this host (your identity is on its "
	    "deny list).");
	return ct_fail(e, CT_EAUTH, "denied: \"%s\" is listed in deny_file "
	    "%s:%zu", shown, source, lineno);
}

int
ct_deny_check_text(const char *text, size_t len, const char *source,
    const char *section, const char *identity, const char *sub,
    struct ct_err *e)
{
	const char *p = text, *end = text + len, *nl;
	size_t lineno = 0;
	int r = CT_OK;

	if (len > 0 && memchr(text, '\0', len) != NULL)
		return ct_fail(e, CT_ECONFIG, "deny_file %s: NUL byte", source);
	while (r == CT_OK && p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		r = one_line(p, (size_t)(nl - p), source, lineno, section,
		    identity, sub, e);
		p = nl + 1;
	}
	return r;
}

int
ct_deny_check(const char *path, const char *section, const char *identity,
    const char *sub, struct ct_err *e)
{
	struct ct_err le;
	char *buf = NULL;
	size_t len = 0;
	int missing = 0, r;

	if (path == NULL || *path == '\0')
		return CT_OK;
	ct_err_clear(&le);
	r = ct_safe_read(path, CT_DENY_MAX_BYTES, CT_ECONFIG, &buf, &len,
	    &missing, &le);
	if (r != CT_OK && missing)
		return CT_OK;
	if (r != CT_OK)
		return ct_fail(e, r, "deny_file %s", le.msg);
	r = ct_deny_check_text(buf, len, path, section, identity, sub, e);
	free(buf);
	return r;
}

/*
 * usermap.c - the administrator's identity map (map_file), lines
 * "IDENTITY USER" (DESIGN.md invariant 6: an existing account is reachable
 * only by the identity bound to it).
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "safefile.h"
#include "usermap.h"

#define CT_MAP_LINE_MAX		1024
#define CT_USERNAME_MAX		32
#define CT_SHOWN_MAX		65

/* One parsed map line, pointing into a NUL-terminated copy of it. */
struct map_entry {
	const char *identity;
	const char *user;
};

/* ASCII-only tolower: the locale never decides who may log in. */
static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* 1 when a and b are equal ignoring ASCII case. */
static int
ascii_caseeq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (ascii_lower((unsigned char)*a) !=
		    ascii_lower((unsigned char)*b))
			return 0;
	return *a == '\0' && *b == '\0';
}

int
ct_username_valid(const char *name)
{
	size_t i, n;

	if (name == NULL || (n = strlen(name)) == 0 || n > CT_USERNAME_MAX)
		return 0;
	if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return 0;
	for (i = 1; i < n; i++) {
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_' ||
		    name[i] == '.' || name[i] == '-'))
			return 0;
		if (name[i] == '.' && name[i - 1] == '.')
			return 0;
	}
	return name[n - 1] != '.';
}

/* IDENTITY: printable ASCII without spaces; "sub:" needs a value. */
static int
identity_valid(const char *s)
{
	const unsigned char *p;

	if (*s == '\0')
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x21 || *p > 0x7e)
			return 0;
	if (strchr(s, '@') == NULL && strncmp(s, "sub:", 4) == 0 &&
	    s[4] == '\0')
		return 0;
	return 1;
}

/*
 * Splits line (NUL-terminated, modified in place) into exactly two fields
 * separated by spaces/tabs.  Returns 0, or -1 with a reason in why.
 */
static int
split_fields(char *line, struct map_entry *ent, const char **why)
{
	char *f[3];
	char *p = line;
	size_t n = 0;

	while (n < 3) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		f[n++] = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	if (n != 2) {
		*why = "expected exactly two fields \"IDENTITY USER\"";
		return -1;
	}
	ent->identity = f[0];
	ent->user = f[1];
	return 0;
}

/* 1 when ent's IDENTITY names id (usermap.h grammar). */
static int
entry_matches(const struct map_entry *ent, const struct ct_identity *id)
{
	const char *s = ent->identity;

	if (s == NULL || ent->user == NULL)
		return 0;
	if (strchr(s, '@') != NULL)
		return id->identity != NULL && ascii_caseeq(s, id->identity);
	if (strncmp(s, "sub:", 4) == 0)
		return id->sub != NULL && strcmp(s + 4, id->sub) == 0;
	return id->identity != NULL && strcmp(s, id->identity) == 0;
}

/*
 * Parses one map line (n bytes, no '\n') into ent, using buf for storage.
 * Returns CT_OK with *skip set for blank and comment lines, or CT_ECONFIG
 * with "source:line: reason".
 */
static int
parse_map_line(const char *p, size_t n, char buf[CT_MAP_LINE_MAX + 1],
    const char *source, size_t lineno, struct map_entry *ent, int *skip,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	const char *why = NULL;
	char *q;
	int r = CT_ECONFIG;

	*skip = 0;
	if (n > CT_MAP_LINE_MAX)
		why = "line longer than 1024 bytes";
	else if (memchr(p, '\r', n) != NULL)
		why = "carriage return (use Unix line ends)";
	if (why != NULL)
		goto out;
	memcpy(buf, p, n);
	buf[n] = '\0';
	q = buf + strspn(buf, " \t");
	if (*q == '\0' || *q == '#') {
		*skip = 1;
		r = CT_OK;
		goto out;
	}
	if (split_fields(q, ent, &why) != 0)
		goto out;
	if (!identity_valid(ent->identity)) {
		why = "IDENTITY must be printable ASCII (\"sub:\" needs a "
		    "value)";
		goto out;
	}
	if (!ct_username_valid(ent->user)) {
		ct_sanitize(shown, sizeof(shown), ent->user,
		    strlen(ent->user));
		r = ct_fail(e, CT_ECONFIG, "%s:%zu: invalid user name \"%s\"",
		    source, lineno, shown);
		goto out;
	}
	r = CT_OK;
out:
	if (why != NULL)
		r = ct_fail(e, CT_ECONFIG, "%s:%zu: %s", source, lineno, why);
	return r;
}

int
ct_usermap_check_text(const char *text, size_t len, const char *source,
    const struct ct_identity *id, const char *user, struct ct_err *e)
{
	char buf[CT_MAP_LINE_MAX + 1], shown[CT_SHOWN_MAX];
	struct map_entry ent = { NULL, NULL };
	const char *p, *end, *nl;
	size_t lineno = 0;
	int skip, matched = 0, allowed = 0, r = CT_ECONFIG;

	if (source == NULL)
		source = "map_file";
	if (id == NULL || user == NULL || (text == NULL && len > 0)) {
		r = ct_fail(e, CT_EAUTH, "%s: no identity or user", source);
		goto out;
	}
	if (len > 0 && memchr(text, '\0', len) != NULL) {
		r = ct_fail(e, CT_ECONFIG, "%s: NUL byte in file", source);
		goto out;
	}
	/* The whole map is parsed: a bad line anywhere fails closed. */
	for (p = text, end = text + len; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((r = parse_map_line(p, (size_t)(nl - p), buf, source,
		    lineno, &ent, &skip, e)) != CT_OK)
			goto out;
		if (skip != 0 || !entry_matches(&ent, id))
			continue;
		matched = 1;
		if (strcmp(ent.user, user) == 0)
			allowed = 1;
	}
	ct_sanitize(shown, sizeof(shown), user, strlen(user));
	if (allowed)
		r = CT_OK;
	else if (matched)
		r = ct_fail(e, CT_EAUTH, "%s: the token's identity is mapped "
		    "to other accounts, not \"%s\"", source, shown);
	else
		r = ct_fail(e, CT_ENOUSER, "%s: no entry for the token's "
		    "identity", source);
out:
	return r;
}

int
ct_usermap_check(const char *path, const struct ct_identity *id,
    const char *user, struct ct_err *e)
{
	struct ct_err le;
	char *buf = NULL;
	size_t len = 0;
	int missing = 0, r = CT_ECONFIG;

	ct_err_clear(&le);
	if ((r = ct_safe_read(path, CT_USERMAP_MAX_BYTES, CT_ECONFIG, &buf,
	    &len, &missing, &le)) != CT_OK) {
		/* A missing map holds no entries. */
		if (missing)
			r = ct_fail(e, CT_ENOUSER, "map_file %s (no entries)",
			    le.msg);
		else
			r = ct_fail(e, r, "map_file %s", le.msg);
		goto out;
	}
	if ((r = ct_usermap_check_text(buf, len, path, id, user, e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	free(buf);
	return r;
}

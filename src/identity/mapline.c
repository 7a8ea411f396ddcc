/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mapline.c - the text grammar of map_file (usermap.h): one line, then a
 * whole map, from memory or read in pieces from a file.  The map reader
 * (usermap.c) and the index builder (mapindex.c) both scan with it, so
 * neither calls the other back (issue 20): usermap.c -> mapindex.c ->
 * mapline.c.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mapline.h"
#include "names.h"

#define CT_MAP_LINE_MAX		1024
#define CT_MAP_CHUNK		65536
#define CT_SHOWN_MAX		65

/* One parsed map line, pointing into a NUL-terminated copy of it. */
struct map_entry {
	const char *identity;
	const char *user;
};

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

/* Calls fn for every entry of one line (p, n bytes, no '\n'). */
static int
scan_line(const char *p, size_t n, const char *source, size_t lineno,
    ct_usermap_fn fn, void *arg, struct ct_err *e)
{
	char buf[CT_MAP_LINE_MAX + 1];
	struct map_entry ent = { NULL, NULL };
	int skip, r;

	if ((r = parse_map_line(p, n, buf, source, lineno, &ent, &skip,
	    e)) != CT_OK || skip)
		return r;
	return fn(arg, ent.identity, ent.user, e);
}

int
ct_usermap_scan_text(const char *text, size_t len, const char *source,
    ct_usermap_fn fn, void *arg, struct ct_err *e)
{
	const char *p, *end, *nl;
	size_t lineno = 0;
	int r = CT_ECONFIG;

	if (source == NULL)
		source = "map_file";
	if (len > 0 && memchr(text, '\0', len) != NULL) {
		r = ct_fail(e, CT_ECONFIG, "%s: NUL byte in file", source);
		goto out;
	}
	/* The whole map is parsed: a bad line anywhere fails closed. */
	for (p = text, end = text + len; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((r = scan_line(p, (size_t)(nl - p), source, lineno, fn,
		    arg, e)) != CT_OK)
			goto out;
	}
	r = CT_OK;
out:
	return r;
}

/*
 * The complete lines of buf[0..n) (lineno counts them); returns the
 * length of the trailing partial line, moved to the front of buf, or -1
 * with the error in *r.
 */
static long
scan_chunk(char *buf, size_t n, const char *source, size_t *lineno,
    ct_usermap_fn fn, void *arg, int *r, struct ct_err *e)
{
	char *p = buf, *end = buf + n, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if ((*r = scan_line(p, (size_t)(nl - p), source, ++*lineno,
		    fn, arg, e)) != CT_OK)
			return -1;
		p = nl + 1;
	}
	if ((size_t)(end - p) > CT_MAP_LINE_MAX) {
		*r = ct_fail(e, CT_ECONFIG, "%s:%zu: line longer than 1024 "
		    "bytes", source, *lineno + 1);
		return -1;
	}
	memmove(buf, p, (size_t)(end - p));
	return (long)(end - p);
}

int
ct_usermap_scan_fd(int fd, const char *source, ct_usermap_fn fn, void *arg,
    struct ct_err *e)
{
	char *buf = NULL;
	size_t have = 0, lineno = 0;
	unsigned long long off = 0;
	ssize_t got;
	long rest;
	int r = CT_ECONFIG;

	if (source == NULL)
		source = "map_file";
	if ((buf = malloc(CT_MAP_CHUNK + CT_MAP_LINE_MAX + 1)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "%s: out of memory", source);
		goto out;
	}
	/* Piece by piece: a map of any allowed size costs no more memory. */
	for (;;) {
		got = pread(fd, buf + have, CT_MAP_CHUNK, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = ct_fail(e, CT_ECONFIG, "%s: read: %s", source,
			    CT_STRERROR(errno));
			goto out;
		}
		if (got == 0)
			break;
		off += (unsigned long long)got;
		if (off > CT_USERMAP_MAX_BYTES) {
			r = ct_fail(e, CT_ECONFIG, "%s: grew past %d bytes",
			    source, CT_USERMAP_MAX_BYTES);
			goto out;
		}
		if (memchr(buf + have, '\0', (size_t)got) != NULL) {
			r = ct_fail(e, CT_ECONFIG, "%s: NUL byte in file",
			    source);
			goto out;
		}
		if ((rest = scan_chunk(buf, have + (size_t)got, source,
		    &lineno, fn, arg, &r, e)) < 0)
			goto out;
		have = (size_t)rest;
	}
	if (have > 0 && (r = scan_line(buf, have, source, lineno + 1, fn, arg,
	    e)) != CT_OK)
		goto out;
	r = CT_OK;
out:
	free(buf);
	return r;
}

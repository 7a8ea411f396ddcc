/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * binding.c - the binding store (DESIGN.md invariants 6 and 7): one file
 * per account created by this module, naming the person (iss, sub)
 * that owns it.  Read with ct_safe_read, written with ct_atomic_write.
 * Links libc only (the account helper uses it).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "binding.h"
#include "err.h"
#include "safefile.h"
#include "safepath.h"
#include "usermap.h"

#define CT_SHOWN_MAX	65
#define CT_CREATED_MAX	20	/* digits of a long long */

int
ct_binding_value_valid(const char *s, size_t max)
{
	const unsigned char *p;
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++, n++)
		if (*p < 0x21 || *p > 0x7e || n >= max)
			return 0;
	return n > 0;
}

/* Copies a validated value into a field of max + 1 bytes. */
static int
put(char *field, size_t max, const char *name, const char *v,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];

	if (!ct_binding_value_valid(v, max)) {
		ct_sanitize(shown, sizeof(shown), v, v == NULL ? 0 : strlen(v));
		return ct_fail(e, CT_EAUTH, "binding: %s \"%s\" cannot be "
		    "stored (printable ASCII without spaces, at most %zu "
		    "bytes)", name, shown, max);
	}
	memcpy(field, v, strlen(v) + 1);
	return CT_OK;
}

int
ct_binding_make(struct ct_binding *b, const char *user, const char *iss,
    const char *sub, const char *identity, time_t created, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	int r = CT_EAUTH;

	memset(b, 0, sizeof(*b));
	if (user == NULL || !ct_username_valid(user)) {
		ct_sanitize(shown, sizeof(shown), user,
		    user == NULL ? 0 : strlen(user));
		r = ct_fail(e, CT_EAUTH, "binding: invalid user name \"%s\"",
		    shown);
		goto out;
	}
	memcpy(b->user, user, strlen(user) + 1);
	if ((r = put(b->iss, CT_BIND_ISS_MAX, "iss", iss, e)) != CT_OK ||
	    (r = put(b->identity, CT_BIND_IDENTITY_MAX, "identity", identity,
	    e)) != CT_OK)
		goto out;
	b->pending = sub == NULL;
	if (sub != NULL && (r = put(b->sub, CT_BIND_SUB_MAX, "sub", sub,
	    e)) != CT_OK)
		goto out;
	b->created = (long long)created;
	r = CT_OK;
out:
	return r;
}

/*
 * Reads the line "KEY SP VALUE LF" at *p (before end) into val (max + 1
 * bytes) and advances *p past it.  Returns NULL or a reason.
 */
static const char *
take_line(const char **p, const char *end, const char *key, char *val,
    size_t max)
{
	size_t kn = strlen(key), vn;
	const char *v, *nl;

	if ((size_t)(end - *p) <= kn || memcmp(*p, key, kn) != 0 ||
	    (*p)[kn] != ' ')
		return "unexpected line";
	v = *p + kn + 1;
	if ((nl = memchr(v, '\n', (size_t)(end - v))) == NULL)
		return "line without a newline";
	if ((vn = (size_t)(nl - v)) == 0 || vn > max)
		return "empty or overlong value";
	memcpy(val, v, vn);
	val[vn] = '\0';
	/* Also refuses a NUL inside the value (strlen shorter than vn). */
	if (strlen(val) != vn || !ct_binding_value_valid(val, max))
		return "value is not printable ASCII without spaces";
	*p = nl + 1;
	return NULL;
}

/* The "created" value: decimal digits only, in range. */
static const char *
parse_created(const char *s, long long *out)
{
	char *end = NULL;
	long long n;

	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] != '\0'))
		return "created is not a decimal number";
	errno = 0;
	n = strtoll(s, &end, 10);
	if (end == NULL || *end != '\0' || errno == ERANGE || n < 0)
		return "created is out of range";
	*out = n;
	return NULL;
}

/* Issue 23: the history lines after "created"; NULL or why not. */
static const char *
parse_history(const char *p, const char *end, struct ct_binding *b)
{
	char until[CT_CREATED_MAX + 1];
	struct ct_binding_was *w;
	const char *why;

	while (p < end) {
		if (b->nwas >= CT_BIND_HISTORY_MAX ||
		    (size_t)(end - p) < 8 || memcmp(p, "was-iss ", 8) != 0)
			return "trailing data";
		w = &b->was[b->nwas];
		if ((why = take_line(&p, end, "was-iss", w->iss,
		    CT_BIND_ISS_MAX)) != NULL ||
		    (why = take_line(&p, end, "was-sub", w->sub,
		    CT_BIND_SUB_MAX)) != NULL ||
		    (why = take_line(&p, end, "was-until", until,
		    CT_CREATED_MAX)) != NULL ||
		    (why = parse_created(until, &w->until)) != NULL)
			return why;
		b->nwas++;
	}
	return NULL;
}

/* Parses the lines after "version" and "user"; returns NULL or why. */
static const char *
parse_rest(const char *p, const char *end, struct ct_binding *b)
{
	char state[16], created[CT_CREATED_MAX + 1];
	const char *why;

	if ((why = take_line(&p, end, "state", state, sizeof(state) - 1)) !=
	    NULL)
		return why;
	if (strcmp(state, "bound") != 0 && strcmp(state, "pending") != 0)
		return "state is neither bound nor pending";
	b->pending = strcmp(state, "pending") == 0;
	if ((why = take_line(&p, end, "iss", b->iss, CT_BIND_ISS_MAX)) != NULL)
		return why;
	if (!b->pending && (why = take_line(&p, end, "sub", b->sub,
	    CT_BIND_SUB_MAX)) != NULL)
		return why;
	if ((why = take_line(&p, end, "identity", b->identity,
	    CT_BIND_IDENTITY_MAX)) != NULL)
		return why;
	if ((why = take_line(&p, end, "created", created,
	    CT_CREATED_MAX)) != NULL)
		return why;
	if ((why = parse_created(created, &b->created)) != NULL)
		return why;
	return parse_history(p, end, b);
}

int
ct_binding_parse_text(const char *text, size_t len, const char *user,
    struct ct_binding *b, struct ct_err *e)
{
	char version[8], shown[CT_SHOWN_MAX];
	const char *p = text, *end, *why;
	int r = CT_ECONFIG;

	memset(b, 0, sizeof(*b));
	if (text == NULL || len > CT_BINDING_MAX_BYTES) {
		r = ct_fail(e, CT_ECONFIG, "binding: no text or too long");
		goto out;
	}
	end = text + len;	/* C11 6.5.6: never NULL + len */
	if ((why = take_line(&p, end, "version", version,
	    sizeof(version) - 1)) == NULL && strcmp(version, "1") != 0)
		why = "unknown version";
	if (why == NULL && (why = take_line(&p, end, "user", b->user,
	    CT_BIND_USER_MAX)) == NULL && !ct_username_valid(b->user))
		why = "invalid user name";
	if (why == NULL && user != NULL && strcmp(b->user, user) != 0)
		why = "user line names another account";
	if (why == NULL)
		why = parse_rest(p, end, b);
	if (why != NULL) {
		ct_sanitize(shown, sizeof(shown), user, user == NULL ? 0 :
		    strlen(user));
		r = ct_fail(e, CT_ECONFIG, "binding of \"%s\": %s", shown,
		    why);
		memset(b, 0, sizeof(*b));
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

int
ct_binding_format(const struct ct_binding *b, char *buf, size_t size,
    size_t *len, struct ct_err *e)
{
	size_t i;
	int n, m;

	if (b->pending)
		n = snprintf(buf, size, "version 1\nuser %s\nstate pending\n"
		    "iss %s\nidentity %s\ncreated %lld\n", b->user, b->iss,
		    b->identity, b->created);
	else
		n = snprintf(buf, size, "version 1\nuser %s\nstate bound\n"
		    "iss %s\nsub %s\nidentity %s\ncreated %lld\n", b->user,
		    b->iss, b->sub, b->identity, b->created);
	for (i = 0; n >= 0 && (size_t)n < size && i < b->nwas; i++) {
		m = snprintf(buf + n, size - (size_t)n, "was-iss %s\nwas-sub %s\n"
		    "was-until %lld\n", b->was[i].iss, b->was[i].sub,
		    b->was[i].until);
		n = m < 0 ? -1 : n + m;
	}
	if (n < 0 || (size_t)n >= size)
		return ct_fail(e, CT_ESYS, "binding: does not fit");
	*len = (size_t)n;
	return CT_OK;
}

int
ct_binding_rebind(struct ct_binding *b, const char *iss, const char *sub,
    time_t now, struct ct_err *e)
{
	struct ct_binding nb = *b;
	int r;

	if ((r = put(nb.iss, CT_BIND_ISS_MAX, "iss", iss, e)) != CT_OK ||
	    (r = put(nb.sub, CT_BIND_SUB_MAX, "sub", sub, e)) != CT_OK)
		return r;
	nb.pending = 0;
	if (!b->pending) {
		if (nb.nwas == CT_BIND_HISTORY_MAX) {
			memmove(&nb.was[0], &nb.was[1],
			    (CT_BIND_HISTORY_MAX - 1) * sizeof(nb.was[0]));
			nb.nwas--;
		}
		memcpy(nb.was[nb.nwas].iss, b->iss, sizeof(b->iss));
		memcpy(nb.was[nb.nwas].sub, b->sub, sizeof(b->sub));
		nb.was[nb.nwas++].until = (long long)now;
	}
	*b = nb;
	return CT_OK;
}

int
ct_binding_path(const char *state_dir, const char *user, char *buf,
    size_t size, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	int n;

	/* The name is validated before it is ever part of a path. */
	if (user == NULL || !ct_username_valid(user)) {
		ct_sanitize(shown, sizeof(shown), user,
		    user == NULL ? 0 : strlen(user));
		return ct_fail(e, CT_EAUTH, "binding: invalid user name "
		    "\"%s\"", shown);
	}
	if (state_dir == NULL || state_dir[0] != '/')
		return ct_fail(e, CT_ECONFIG, "state_dir: must be absolute");
	n = snprintf(buf, size, "%s/%s/%s", state_dir, CT_BINDINGS_SUBDIR,
	    user);
	if (n < 0 || (size_t)n >= size)
		return ct_fail(e, CT_ECONFIG, "state_dir: path too long");
	return CT_OK;
}

/*
 * lstat checks of a directory of the store: not a link, a directory,
 * owned by root, not group/world-writable.  *missing on ENOENT.
 */
static int
check_dir(const char *path, int *missing, struct ct_err *e)
{
	struct stat st;

	*missing = 0;
	if (lstat(path, &st) == -1) {
		if (errno == ENOENT) {
			*missing = 1;
			return CT_OK;
		}
		return ct_fail(e, CT_ECONFIG, "state_dir %s: %s", path,
		    CT_STRERROR(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return ct_fail(e, CT_ECONFIG, "state_dir %s: not a directory "
		    "(or a symbolic link)", path);
	if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
		return ct_fail(e, CT_ECONFIG, "state_dir %s: must be owned by "
		    "root and not group- or world-writable", path);
	return CT_OK;
}

/* Checks STATE_DIR and STATE_DIR/bindings; *missing if either is absent. */
static int
check_dirs(const char *state_dir, int *missing, struct ct_err *e)
{
	char sub[PATH_MAX];
	int n, r;

	if ((r = check_dir(state_dir, missing, e)) != CT_OK || *missing)
		return r;
	n = snprintf(sub, sizeof(sub), "%s/%s", state_dir,
	    CT_BINDINGS_SUBDIR);
	if (n < 0 || (size_t)n >= sizeof(sub))
		return ct_fail(e, CT_ECONFIG, "state_dir: path too long");
	/* Issue 19: state_dir and every directory above it, root's alone. */
	if ((r = ct_safe_ancestors(sub, CT_ECONFIG, "state_dir", e)) != CT_OK)
		return r;
	return check_dir(sub, missing, e);
}

int
ct_binding_read(const char *state_dir, const char *user,
    struct ct_binding *b, int *found, struct ct_err *e)
{
	struct ct_err le;
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0;
	int missing = 0, r = CT_ECONFIG;

	*found = 0;
	memset(b, 0, sizeof(*b));
	ct_err_clear(&le);
	if ((r = ct_binding_path(state_dir, user, path, sizeof(path),
	    e)) != CT_OK)
		goto out;
	if ((r = check_dirs(state_dir, &missing, e)) != CT_OK || missing)
		goto out;
	if ((r = ct_safe_read(path, CT_BINDING_MAX_BYTES, CT_ECONFIG, &buf,
	    &len, &missing, &le)) != CT_OK) {
		if (missing)
			r = CT_OK;
		else
			r = ct_fail(e, r, "binding %s", le.msg);
		goto out;
	}
	if ((r = ct_binding_parse_text(buf, len, user, b, e)) != CT_OK)
		goto out;
	*found = 1;
	r = CT_OK;
out:
	free(buf);
	return r;
}

/*
 * mkdir path 0755 unless it exists; then check it.  Bindings hold no
 * secret, and a screen locker runs as the user whose binding it must
 * read: the store is readable by all, writable by root only.  A store
 * made 0700 by an older version is opened up here.
 */
static int
make_dir(const char *path, struct ct_err *e)
{
	int missing = 0, r;

	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		return ct_fail(e, CT_ESYS, "mkdir %s: %s", path,
		    CT_STRERROR(errno));
	if ((r = check_dir(path, &missing, e)) != CT_OK)
		return r;
	if (missing)
		return ct_fail(e, CT_ESYS, "state_dir %s: vanished", path);
	if (chmod(path, 0755) == -1)
		return ct_fail(e, CT_ESYS, "chmod %s: %s", path,
		    CT_STRERROR(errno));
	return CT_OK;
}

int
ct_binding_dirs(const char *state_dir, struct ct_err *e)
{
	char sub[PATH_MAX];
	int n, r;

	if (state_dir == NULL || state_dir[0] != '/')
		return ct_fail(e, CT_ECONFIG, "state_dir: must be absolute");
	/* Issue 19: every directory above state_dir is root's alone. */
	if ((r = ct_safe_ancestors(state_dir, CT_ECONFIG, "state_dir",
	    e)) != CT_OK || (r = make_dir(state_dir, e)) != CT_OK)
		return r;
	n = snprintf(sub, sizeof(sub), "%s/%s", state_dir,
	    CT_BINDINGS_SUBDIR);
	if (n < 0 || (size_t)n >= sizeof(sub))
		return ct_fail(e, CT_ECONFIG, "state_dir: path too long");
	return make_dir(sub, e);
}

int
ct_binding_write(const char *state_dir, const struct ct_binding *b,
    struct ct_err *e)
{
	char path[PATH_MAX], buf[CT_BINDING_MAX_BYTES];
	size_t len = 0;
	int r;

	if ((r = ct_binding_path(state_dir, b->user, path, sizeof(path),
	    e)) != CT_OK)
		return r;
	if ((r = ct_binding_format(b, buf, sizeof(buf), &len, e)) != CT_OK)
		return r;
	/* 0644: readable by the screen locker of the user it names. */
	return ct_atomic_write(path, buf, len, 0644, e);
}

int
ct_binding_remove(const char *state_dir, const char *user, int *found,
    struct ct_err *e)
{
	char path[PATH_MAX];
	int r;

	*found = 0;
	if ((r = ct_binding_path(state_dir, user, path, sizeof(path),
	    e)) != CT_OK)
		return r;
	if (unlink(path) == -1) {
		if (errno == ENOENT)
			return CT_OK;
		return ct_fail(e, CT_ESYS, "unlink %s: %s", path,
		    CT_STRERROR(errno));
	}
	*found = 1;
	return CT_OK;
}

/* STATE_DIR/uids[/UID] into buf (uid 0: the directory). */
static int
uid_path(const char *state_dir, uid_t uid, char *buf, size_t size,
    struct ct_err *e)
{
	int n;

	if (state_dir == NULL || state_dir[0] != '/')
		return ct_fail(e, CT_ECONFIG, "state_dir: must be absolute");
	if (uid == 0)
		n = snprintf(buf, size, "%s/%s", state_dir, CT_UIDS_SUBDIR);
	else
		n = snprintf(buf, size, "%s/%s/%lu", state_dir,
		    CT_UIDS_SUBDIR, (unsigned long)uid);
	if (n < 0 || (size_t)n >= size)
		return ct_fail(e, CT_ECONFIG, "state_dir: path too long");
	return CT_OK;
}

int
ct_uid_record(const char *state_dir, uid_t uid, const char *user,
    struct ct_err *e)
{
	char path[PATH_MAX], line[CT_BIND_USER_MAX + 2];
	int n, r;

	if (uid == 0 || !ct_username_valid(user))
		return ct_fail(e, CT_EAUTH, "uid record: invalid uid or user");
	if ((r = uid_path(state_dir, 0, path, sizeof(path), e)) != CT_OK ||
	    (r = make_dir(path, e)) != CT_OK ||
	    (r = uid_path(state_dir, uid, path, sizeof(path), e)) != CT_OK)
		return r;
	n = snprintf(line, sizeof(line), "%s\n", user);
	return ct_atomic_write(path, line, (size_t)n, 0600, e);
}

int
ct_uid_owner(const char *state_dir, uid_t uid, char *user, size_t size,
    int *found, struct ct_err *e)
{
	struct ct_err le;
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0;
	int missing = 0, r = CT_ECONFIG;

	*found = 0;
	ct_err_clear(&le);
	if ((r = check_dir(state_dir, &missing, e)) != CT_OK || missing ||
	    (r = uid_path(state_dir, 0, path, sizeof(path), e)) != CT_OK ||
	    (r = check_dir(path, &missing, e)) != CT_OK || missing ||
	    (r = uid_path(state_dir, uid, path, sizeof(path), e)) != CT_OK)
		goto out;
	if ((r = ct_safe_read(path, CT_BIND_USER_MAX + 2, CT_ECONFIG, &buf,
	    &len, &missing, &le)) != CT_OK) {
		r = missing ? CT_OK : ct_fail(e, r, "uid record %s", le.msg);
		goto out;
	}
	/* Exactly "USER\n". */
	if (len < 2 || buf[len - 1] != '\n' || len - 1 >= size ||
	    memchr(buf, '\0', len) != NULL) {
		r = ct_fail(e, CT_ECONFIG, "uid record %s: malformed", path);
		goto out;
	}
	memcpy(user, buf, len - 1);
	user[len - 1] = '\0';
	if (!ct_username_valid(user)) {
		r = ct_fail(e, CT_ECONFIG, "uid record %s: malformed", path);
		goto out;
	}
	*found = 1;
	r = CT_OK;
out:
	free(buf);
	return r;
}

int
ct_binding_matches(const struct ct_binding *b, const char *iss,
    const char *sub)
{
	if (b == NULL || b->pending || iss == NULL || sub == NULL)
		return 0;
	return strcmp(b->iss, iss) == 0 && strcmp(b->sub, sub) == 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * binding.h - the binding store: which person (iss, sub) owns each
 * account this module created (DESIGN.md invariant 6).  libc only: the
 * account helper links it.
 *
 * Layout: STATE_DIR (root, 0755) holds ".lock" (the helper's flock) and
 * "bindings/" (root, 0755) with one file per account, "bindings/USER"
 * (root, 0644: no secret, and screen lockers running as USER read it),
 * USER validated with ct_username_valid before it is ever used in a path.  File grammar (strict; exactly these lines, in this
 * order, each "KEY SP VALUE LF", VALUE printable ASCII without space):
 *
 *	version 1
 *	user alice
 *	state bound			("pending": sub not known yet)
 *	iss https://www.cotter.app
 *	sub 0f3c1e1e-...		(absent when state is pending)
 *	identity alice@example.com
 *	created 1717171717		(seconds since the Epoch, decimal)
 *
 * then, issue 23, at most CT_BIND_HISTORY_MAX earlier bindings of the
 * account, oldest first, each three lines (absent in files written before;
 * those read as before):
 *
 *	was-iss https://www.cotter.app	(the issuer it was bound under)
 *	was-sub 0f3c1e1e-...		(its subject there)
 *	was-until 1800000000		(when it was rebound or adopted)
 */
#ifndef CT_BINDING_H
#define CT_BINDING_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "err.h"

#define CT_BINDING_MAX_BYTES	4096
#define CT_BIND_USER_MAX	32
#define CT_BIND_ISS_MAX		512	/* CT_CLAIM_STR_MAX */
#define CT_BIND_SUB_MAX		512
#define CT_BIND_IDENTITY_MAX	254	/* CT_EMAIL_MAX */
#define CT_BINDINGS_SUBDIR	"bindings"
#define CT_LOCK_NAME		".lock"
#define CT_UIDS_SUBDIR		"uids"	/* STATE_DIR/uids/UID: "USER\n" */

#define CT_BIND_HISTORY_MAX	2	/* earlier bindings kept */

struct ct_binding_was {
	char iss[CT_BIND_ISS_MAX + 1];
	char sub[CT_BIND_SUB_MAX + 1];
	long long until;
};

struct ct_binding {
	char user[CT_BIND_USER_MAX + 1];
	char iss[CT_BIND_ISS_MAX + 1];
	char sub[CT_BIND_SUB_MAX + 1];	/* "" while pending */
	char identity[CT_BIND_IDENTITY_MAX + 1];
	long long created;
	int pending;
	size_t nwas;			/* earlier bindings (issue 23) */
	struct ct_binding_was was[CT_BIND_HISTORY_MAX];
};

/*
 * Issue 23: b is bound to (iss, sub) from now on, its identity kept; the
 * binding it had (when bound) becomes the newest history entry (the
 * oldest dropped past CT_BIND_HISTORY_MAX).  CT_EAUTH when iss or sub
 * cannot be stored.
 */
int ct_binding_rebind(struct ct_binding *b, const char *iss, const char *sub,
    time_t now, struct ct_err *e);

/*
 * 1 when s can be stored as that field: printable ASCII without space
 * (0x21..0x7e), 1..max bytes.
 */
int ct_binding_value_valid(const char *s, size_t max);

/*
 * Fills b from the fields given, validating each (user: ct_username_valid;
 * iss, sub, identity: ct_binding_value_valid; sub NULL means pending).
 * CT_EAUTH with a reason when a value cannot be stored.
 */
int ct_binding_make(struct ct_binding *b, const char *user, const char *iss,
    const char *sub, const char *identity, time_t created, struct ct_err *e);

/*
 * Parses the text of a binding file (len bytes, may hold anything: fuzzed)
 * into b.  When user is not NULL the "user" line must equal it.  Any
 * deviation from the grammar is CT_ECONFIG with a reason.
 */
int ct_binding_parse_text(const char *text, size_t len, const char *user,
    struct ct_binding *b, struct ct_err *e);

/*
 * Formats b as the grammar above into buf (size bytes); *len gets the
 * length.  CT_ESYS when it does not fit.
 */
int ct_binding_format(const struct ct_binding *b, char *buf, size_t size,
    size_t *len, struct ct_err *e);

/* STATE_DIR/bindings/USER into buf; CT_EAUTH for an invalid user. */
int ct_binding_path(const char *state_dir, const char *user, char *buf,
    size_t size, struct ct_err *e);

/*
 * Reads the binding of user.  STATE_DIR and STATE_DIR/bindings must be
 * directories owned by root, not group/world-writable, not symbolic links;
 * the file is read with ct_safe_read (root-owned, not group/world-
 * writable, at most CT_BINDING_MAX_BYTES) and parsed.  A missing
 * directory or file is CT_OK with *found = 0.  Anything unsafe or
 * malformed is CT_ECONFIG.
 */
int ct_binding_read(const char *state_dir, const char *user,
    struct ct_binding *b, int *found, struct ct_err *e);

/*
 * Creates STATE_DIR and STATE_DIR/bindings (0755, root) when missing and
 * checks them as ct_binding_read does.  CT_ECONFIG when unsafe, CT_ESYS
 * on errors.
 */
int ct_binding_dirs(const char *state_dir, struct ct_err *e);

/* Writes b to its file with ct_atomic_write, mode 0644. */
int ct_binding_write(const char *state_dir, const struct ct_binding *b,
    struct ct_err *e);

/* Removes the binding of user; *found = 0 when there was none. */
int ct_binding_remove(const char *state_dir, const char *user, int *found,
    struct ct_err *e);

/*
 * The uid record (lead's decision D6): STATE_DIR/uids/UID (root, 0600)
 * holds "USER\n" for every account the helper created, so that no other
 * name is ever given that uid, even after the account itself is deleted
 * (its files may remain).  Written after useradd succeeded; kept by
 * "remove" (delete the file by hand to free the uid).
 */
int ct_uid_record(const char *state_dir, uid_t uid, const char *user,
    struct ct_err *e);

/*
 * Reads the record of uid: CT_OK with *found and user (size >=
 * CT_BIND_USER_MAX + 1).  The directories are checked as ct_binding_read
 * does (root-owned, not group/world-writable, no links); a missing
 * directory or file is *found = 0.  Anything unsafe or malformed is
 * CT_ECONFIG.
 */
int ct_uid_owner(const char *state_dir, uid_t uid, char *user, size_t size,
    int *found, struct ct_err *e);

/* 1 when b is bound (not pending) to exactly iss and sub, byte for byte. */
int ct_binding_matches(const struct ct_binding *b, const char *iss,
    const char *sub);

#endif

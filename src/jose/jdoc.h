/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jdoc.h - a small read-only JSON document for a token's JOSE header and
 * claim set (RFC 7515 section 4, RFC 7519 section 7.2), read by the strict
 * reader of jscan.h: one allocation, no general-purpose JSON library in
 * the login (issue 15).
 */
#ifndef CT_JDOC_H
#define CT_JDOC_H

#include <stddef.h>

#include "err.h"

enum ct_jtype {
	CT_JNULL, CT_JTRUE, CT_JFALSE, CT_JINT, CT_JREAL, CT_JSTRING,
	CT_JARRAY, CT_JOBJECT
};

/*
 * One value.  A container's children follow it in order, each followed by
 * its own subtree; `span` is the number of values in this one's subtree,
 * itself excluded, so the next sibling is at this + 1 + span.
 */
struct ct_jval {
	enum ct_jtype type;
	const char *name;	/* member name (NUL-terminated), or NULL */
	size_t namelen;
	const char *s;		/* CT_JSTRING: NUL-terminated, NUL-free */
	size_t len;		/* CT_JSTRING: bytes; containers: children */
	long long i;		/* CT_JINT */
	size_t span;
};

struct ct_jdoc {
	struct ct_jval *v;	/* v[0] is the root object */
	size_t n, cap;
	char *arena;		/* names and strings */
	size_t arena_len;
};

/*
 * Reads exactly len bytes of buf as one JSON text that must be an object
 * (the rules of jscan.h: duplicate names, "\u0000", invalid UTF-8, a NUL
 * byte, nesting deeper than CT_JSON_MAX_DEPTH and trailing data refuse).
 * On refusal returns NULL and records `code` with a reason naming `what`
 * ("header", "claims").  Free with ct_jdoc_free.
 */
struct ct_jdoc *ct_jdoc_parse(const char *buf, size_t len, const char *what,
    int code, struct ct_err *e);

/* Wipes and frees a document; NULL-safe. */
void ct_jdoc_free(struct ct_jdoc *d);

/* The root object, or NULL for NULL. */
const struct ct_jval *ct_jdoc_root(const struct ct_jdoc *d);

/* The member `name` of an object, or NULL (absent, or obj not an object). */
const struct ct_jval *ct_jval_get(const struct ct_jval *obj,
    const char *name);

/* Element i of an array, or NULL. */
const struct ct_jval *ct_jval_at(const struct ct_jval *arr, size_t i);

/* Children of an array or object; 0 for anything else. */
size_t ct_jval_size(const struct ct_jval *v);

#endif

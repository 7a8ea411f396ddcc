/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jdoc.c - a token's header and claims as a small read-only document
 * (jdoc.h), read by the strict reader of jscan.c (RFC 8259; RFC 7515
 * section 4 and RFC 7519 section 7.2 for the duplicate-name rule).
 *
 * Every name and string is copied into the reader's arena, NUL-terminated
 * (no string can hold a NUL: "\u0000" and raw control bytes are refused),
 * so the document outlives the decoded text it came from.
 */
#include <stdlib.h>
#include <string.h>

#include "jdoc.h"
#include "jscan.h"

struct jd {
	struct ct_jscan s;
	struct ct_jdoc *d;
};

/* A new value at the end of the document; its index, or -1. */
static long
push(struct ct_jdoc *d, enum ct_jtype type)
{
	struct ct_jval *nv;
	size_t cap;

	if (d->n == d->cap) {
		cap = d->cap * 2;
		if ((nv = realloc(d->v, cap * sizeof(*nv))) == NULL)
			return -1;
		d->v = nv;
		d->cap = cap;
	}
	memset(&d->v[d->n], 0, sizeof(d->v[0]));
	d->v[d->n].type = type;
	return (long)d->n++;
}

/* t's bytes, NUL-terminated in the arena (moved there if in the text). */
static const char *
intern(struct ct_jscan *s, const struct ct_jstr *t)
{
	char *a;

	if (t->in_arena)
		return t->s;
	/* Each string's copy is shorter than its quoted text: it fits. */
	if (s->cap - s->used < t->len + 1)
		return NULL;
	a = s->arena + s->used;
	memcpy(a, t->s, t->len);
	a[t->len] = '\0';
	s->used += t->len + 1;
	return a;
}

static int jd_value(struct ct_jscan *s, void *arg);

struct jd_parent {
	struct jd *jd;
	size_t at;		/* the container's index */
};

static int
jd_element(struct ct_jscan *s, void *arg)
{
	struct jd_parent *p = arg;

	p->jd->d->v[p->at].len++;
	return jd_value(s, p->jd);
}

static int
jd_member(struct ct_jscan *s, const struct ct_jstr *name, void *arg)
{
	struct jd_parent *p = arg;
	struct ct_jdoc *d = p->jd->d;
	const char *n;
	size_t at = d->n;

	if ((n = intern(s, name)) == NULL || jd_element(s, arg) != 0)
		return -1;
	d->v[at].name = n;
	d->v[at].namelen = name->len;
	return 0;
}

/* An object or an array, its children after it. */
static int
jd_container(struct jd *jd, enum ct_jtype type)
{
	struct jd_parent p = { jd, 0 };
	long at;
	int r;

	if ((at = push(jd->d, type)) < 0)
		return -1;
	p.at = (size_t)at;
	r = type == CT_JOBJECT ? ct_jscan_object(&jd->s, jd_member, &p) :
	    ct_jscan_array(&jd->s, jd_element, &p);
	jd->d->v[p.at].span = jd->d->n - p.at - 1;
	return r;
}

/* A string, number or literal. */
static int
jd_scalar(struct jd *jd, int c)
{
	static const enum ct_jtype lit_type[] = {
		[CT_JLIT_TRUE] = CT_JTRUE, [CT_JLIT_FALSE] = CT_JFALSE,
		[CT_JLIT_NULL] = CT_JNULL
	};
	struct ct_jstr t;
	struct ct_jnum num;
	enum ct_jlit lit;
	struct ct_jval *v;
	long at;

	if ((at = push(jd->d, CT_JNULL)) < 0)
		return -1;
	v = &jd->d->v[at];
	if (c == '"') {
		if (ct_jscan_string(&jd->s, &t) != 0 ||
		    (v->s = intern(&jd->s, &t)) == NULL)
			return -1;
		v->type = CT_JSTRING;
		v->len = t.len;
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		if (ct_jscan_number(&jd->s, &num) != 0)
			return -1;
		v->type = num.real ? CT_JREAL : CT_JINT;
		v->i = num.i;
	} else {
		if (ct_jscan_literal(&jd->s, &lit) != 0)
			return -1;
		v->type = lit_type[lit];
	}
	return 0;
}

static int
jd_value(struct ct_jscan *s, void *arg)
{
	struct jd *jd = arg;
	int c = ct_jscan_peek(s);

	if (c == '{')
		return jd_container(jd, CT_JOBJECT);
	if (c == '[')
		return jd_container(jd, CT_JARRAY);
	return jd_scalar(jd, c);
}

/* A new empty document with room for about len / 8 values. */
static struct ct_jdoc *
jd_new(size_t len)
{
	struct ct_jdoc *d;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	d->cap = 8 + len / 8;
	if ((d->v = malloc(d->cap * sizeof(*d->v))) == NULL) {
		free(d);
		d = NULL;
	}
	return d;
}

struct ct_jdoc *
ct_jdoc_parse(const char *buf, size_t len, const char *what, int code,
    struct ct_err *e)
{
	struct jd jd;
	struct ct_jdoc *ret = NULL;

	memset(&jd, 0, sizeof(jd));
	if (buf == NULL || len == 0) {
		(void)ct_fail(e, code, "%s: empty", what);
		goto out;
	}
	if (ct_jscan_init(&jd.s, buf, len) != 0 ||
	    (jd.d = jd_new(len)) == NULL) {
		(void)ct_fail(e, CT_ENOMEM, "%s: out of memory", what);
		goto out;
	}
	if (ct_jscan_peek(&jd.s) != '{') {
		(void)ct_fail(e, code, "%s: not a JSON object", what);
		goto out;
	}
	if (jd_value(&jd.s, &jd) != 0 || ct_jscan_at_end(&jd.s) != 0) {
		(void)ct_fail(e, code, "%s: invalid JSON at offset %zu", what,
		    (size_t)(jd.s.p - buf));
		goto out;
	}
	jd.d->arena = jd.s.arena;
	jd.d->arena_len = jd.s.cap;
	jd.s.arena = NULL;
	ret = jd.d;
	jd.d = NULL;
out:
	ct_jdoc_free(jd.d);
	if (jd.s.arena != NULL)
		explicit_bzero(jd.s.arena, jd.s.cap);
	ct_jscan_done(&jd.s);
	return ret;
}

void
ct_jdoc_free(struct ct_jdoc *d)
{
	if (d == NULL)
		return;
	if (d->arena != NULL) {
		explicit_bzero(d->arena, d->arena_len);
		free(d->arena);
	}
	free(d->v);
	free(d);
}

const struct ct_jval *
ct_jdoc_root(const struct ct_jdoc *d)
{
	return d == NULL || d->n == 0 ? NULL : &d->v[0];
}

const struct ct_jval *
ct_jval_at(const struct ct_jval *arr, size_t i)
{
	const struct ct_jval *c = NULL;
	size_t k;

	if (arr == NULL || arr->type != CT_JARRAY || i >= arr->len)
		goto out;
	for (c = arr + 1, k = 0; k < i; k++)
		c += 1 + c->span;
out:
	return c;
}

const struct ct_jval *
ct_jval_get(const struct ct_jval *obj, const char *name)
{
	const struct ct_jval *c, *found = NULL;
	size_t k, n;

	if (obj == NULL || obj->type != CT_JOBJECT || name == NULL)
		goto out;
	n = strlen(name);
	for (c = obj + 1, k = 0; k < obj->len; k++, c += 1 + c->span)
		if (c->namelen == n && memcmp(c->name, name, n) == 0) {
			found = c;
			break;
		}
out:
	return found;
}

size_t
ct_jval_size(const struct ct_jval *v)
{
	return v != NULL && (v->type == CT_JARRAY || v->type == CT_JOBJECT) ?
	    v->len : 0;
}

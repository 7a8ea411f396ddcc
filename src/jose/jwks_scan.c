/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jwks_scan.c - a strict one-pass reader of a JWK Set (issue 15).
 *
 * jansson builds a tree of the whole set and costs ~180 instructions a
 * byte; a login needs one key of it.  This reader checks the whole text as
 * JSON with the strict reader of jscan.c (grammar, escapes, UTF-8, no
 * duplicate member names, nesting at most CT_JSON_MAX_DEPTH, nothing after
 * the value) and every key's structure (ct_jwk_check_fields, the rules
 * jansson's path uses), and notes where each key's object lies in the
 * text, so that the one key a token names can be read again and built.
 *
 * It refuses everything jansson refuses (fuzz_jwks checks that it never
 * accepts a set the jansson path refuses), and is stricter only in the
 * limits jscan.h names, which a real key set never meets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "b64url.h"
#include "jscan.h"
#include "jwks_scan.h"

/* ---- the JWK Set's own shape ------------------------------------------- */

struct keys_ctx {
	const char *base;
	struct ct_jwks_span *spans;
	size_t max, n;
	int keys_seen, keys_bad;
	struct ct_err *e;
	int r;
};

#define NAME_IS(name, lit)	ct_jstr_eq((name), (lit), sizeof(lit) - 1)

/* A string value as a JWK field. */
static int
str_field(struct ct_jscan *s, struct ct_jwk_str *v)
{
	struct ct_jstr t;

	if (ct_jscan_string(s, &t) != 0)
		return -1;
	v->type = CT_JWK_STRING;
	v->s = t.s;
	v->len = t.len;
	v->b64alpha = 0;
	return 0;
}

/* A member that must be a string: STRING, or OTHER for anything else. */
static int
str_member(struct ct_jscan *s, struct ct_jwk_str *v)
{
	if (ct_jscan_peek(s) == '"')
		return str_field(s, v);
	v->type = CT_JWK_OTHER;
	return ct_jscan_value(s);
}

/*
 * x, y, n, e: base64url (RFC 7518 6.2.1.2, 6.3.1.1).  The usual string
 * holds only base64url bytes up to its closing quote: one pass checks
 * both, and the field says so (jwk.c then checks only the tail).
 */
static int
b64_member(struct ct_jscan *s, struct ct_jwk_str *v)
{
	size_t n;

	if (ct_jscan_peek(s) != '"') {
		v->type = CT_JWK_OTHER;
		return ct_jscan_value(s);
	}
	n = ct_b64url_span(s->p + 1, (size_t)(s->end - s->p - 1));
	if (s->p + 1 + n < s->end && s->p[1 + n] == '"') {
		v->type = CT_JWK_STRING;
		v->s = s->p + 1;
		v->len = n;
		v->b64alpha = 1;
		s->p += n + 2;
		return 0;
	}
	return str_field(s, v);
}

static int
ops_element(struct ct_jscan *s, void *arg)
{
	struct ct_jwk_fields *f = arg;
	struct ct_jstr v;

	if (ct_jscan_peek(s) != '"') {
		f->key_ops = CT_JWK_OPS_NOT_STRING;
		return ct_jscan_value(s);
	}
	if (ct_jscan_string(s, &v) != 0)
		return -1;
	if (f->key_ops != CT_JWK_OPS_NOT_STRING && NAME_IS(&v, "verify"))
		f->key_ops = CT_JWK_OPS_VERIFY;
	return 0;
}

/*
 * The field a member name fills, or NULL: dispatch on the length, then on
 * the bytes (a login reads every key's names; issue 15).
 */
static struct ct_jwk_str *
known_field(struct ct_jwk_fields *f, const struct ct_jstr *name)
{
	const char *n = name->s;
	struct ct_jwk_str *v = NULL;

	if (name->len == 1) {
		switch (n[0]) {
		case 'x': v = &f->x; break;
		case 'y': v = &f->y; break;
		case 'n': v = &f->n; break;
		case 'e': v = &f->e; break;
		default: break;
		}
	} else if (name->len == 3) {
		switch (n[0]) {
		case 'k':
			if (n[1] == 't' && n[2] == 'y')
				v = &f->kty;
			else if (n[1] == 'i' && n[2] == 'd')
				v = &f->kid;
			break;
		case 'c':
			if (n[1] == 'r' && n[2] == 'v')
				v = &f->crv;
			break;
		case 'u':
			if (n[1] == 's' && n[2] == 'e')
				v = &f->use;
			break;
		case 'a':
			if (n[1] == 'l' && n[2] == 'g')
				v = &f->alg;
			break;
		default:
			break;
		}
	}
	return v;
}

static int
key_member(struct ct_jscan *s, const struct ct_jstr *name, void *arg)
{
	struct ct_jwk_fields *f = arg;
	struct ct_jwk_str *v;
	int pi;

	/* Reached through jscan.c's callback: the analyzer cannot see arg. */
	if (f == NULL)
		return -1;
	if ((v = known_field(f, name)) != NULL)
		return name->len == 1 ? b64_member(s, v) : str_member(s, v);
	if ((pi = ct_jwk_private_index(name->s, name->len)) >= 0)
		f->private_mask |= 1u << pi;
	if (!NAME_IS(name, "key_ops"))
		return ct_jscan_value(s);
	if (ct_jscan_peek(s) != '[') {
		f->key_ops = CT_JWK_OPS_NOT_ARRAY;
		return ct_jscan_value(s);
	}
	f->key_ops = CT_JWK_OPS_NO_VERIFY;
	return ct_jscan_array(s, ops_element, f);
}

/* One element of "keys": a JWK object, checked for structure. */
static int
key_element(struct ct_jscan *s, void *arg)
{
	struct keys_ctx *k = arg;
	struct ct_jwk_fields f;
	const char *start;

	if (k->n == k->max) {
		k->r = ct_fail(k->e, CT_ENOKEYS, "key set: more than %zu keys "
		    "(want 1..%zu)", k->max, k->max);
		return -1;
	}
	memset(&f, 0, sizeof(f));
	memset(&k->spans[k->n], 0, sizeof(k->spans[k->n]));
	f.kid_by_ref = 1;
	if (ct_jscan_peek(s) != '{') {
		k->r = ct_fail(k->e, CT_ENOKEYS, "JWK: not a JSON object");
		return -1;
	}
	start = s->p;
	if (ct_jscan_object(s, key_member, &f) != 0)
		return -1;
	k->spans[k->n].off = (size_t)(start - k->base);
	k->spans[k->n].len = (size_t)(s->p - start);
	if ((k->r = ct_jwk_check_fields(&f, &k->spans[k->n].key,
	    k->e)) != CT_OK)
		return -1;
	k->spans[k->n].kid = f.kid;
	k->n++;
	return 0;
}

static int
root_member(struct ct_jscan *s, const struct ct_jstr *name, void *arg)
{
	struct keys_ctx *k = arg;

	if (!NAME_IS(name, "keys"))
		return ct_jscan_value(s);
	k->keys_seen = 1;
	if (ct_jscan_peek(s) != '[') {
		k->keys_bad = 1;
		return ct_jscan_value(s);
	}
	return ct_jscan_array(s, key_element, k);
}

/* The kids of spans[0..n), copied into one allocation (*block). */
static int
copy_kids(struct ct_jwks_span *spans, size_t n, char **block)
{
	size_t i, total = 0, at = 0;
	char *b;

	for (i = 0; i < n; i++)
		if (spans[i].kid.type == CT_JWK_STRING)
			total += spans[i].kid.len + 1;
	if ((b = malloc(total + 1)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (spans[i].kid.type != CT_JWK_STRING)
			continue;
		memcpy(b + at, spans[i].kid.s, spans[i].kid.len);
		b[at + spans[i].kid.len] = '\0';
		spans[i].key.kid = b + at;
		at += spans[i].kid.len + 1;
	}
	*block = b;
	return 0;
}

int
ct_jwks_scan(const char *buf, size_t len, struct ct_jwks_span *spans,
    size_t max, size_t *nkeys, char **kids, struct ct_err *e)
{
	struct keys_ctx k = { buf, spans, max, 0, 0, 0, e, CT_ENOKEYS };
	struct ct_jscan s;
	size_t i;

	*nkeys = 0;
	*kids = NULL;
	if (ct_jscan_init(&s, buf, len) != 0) {
		k.r = ct_fail(e, buf == NULL || len == 0 ? CT_ENOKEYS :
		    CT_ENOMEM, "key set: empty or out of memory");
		goto out;
	}
	if (ct_jscan_object(&s, root_member, &k) != 0 ||
	    ct_jscan_at_end(&s) != 0) {
		/* A key's own refusal (set in e) or the JSON's. */
		k.r = k.r == CT_ENOMEM ? CT_ENOMEM : ct_fail(e, CT_ENOKEYS,
		    "key set: invalid JSON at offset %zu",
		    (size_t)(s.p - buf));
		goto out;
	}
	if (!k.keys_seen || k.keys_bad || k.n == 0) {
		k.r = ct_fail(e, CT_ENOKEYS, k.n == 0 && k.keys_seen &&
		    !k.keys_bad ? "key set: 0 keys (want 1..%zu)" :
		    "key set: \"keys\" missing or not an array", max);
		goto out;
	}
	if (copy_kids(spans, k.n, kids) != 0) {
		k.r = ct_fail(e, CT_ENOMEM, "key set: out of memory");
		goto out;
	}
	*nkeys = k.n;
	k.r = CT_OK;
out:
	/* On refusal no kid points into a block yet: clearing is safe. */
	if (k.r != CT_OK)
		for (i = 0; i < k.n; i++)
			ct_key_clear(&spans[i].key);
	ct_jscan_done(&s);
	return k.r;
}

/*
 * Issue 15: the key a token names is read again from its span by this
 * reader, not by jansson: the whole set already passed as JSON and every
 * key's structure, so this only recovers the fields ct_jwk_build needs.
 */
int
ct_jwks_scan_key(const char *buf, size_t len, struct ct_jwk_fields *f,
    char **arena, struct ct_err *e)
{
	struct ct_jscan s;
	int r = CT_ENOKEYS;

	memset(f, 0, sizeof(*f));
	f->kid_by_ref = 1;
	*arena = NULL;
	if (ct_jscan_init(&s, buf, len) != 0) {
		r = ct_fail(e, buf == NULL || len == 0 ? CT_ENOKEYS :
		    CT_ENOMEM, "key set: empty key or out of memory");
		goto out;
	}
	if (ct_jscan_peek(&s) != '{' ||
	    ct_jscan_object(&s, key_member, f) != 0 ||
	    ct_jscan_at_end(&s) != 0) {
		r = ct_fail(e, CT_ENOKEYS, "key set: key read two ways "
		    "differs");
		goto out;
	}
	*arena = s.arena;
	s.arena = NULL;
	r = CT_OK;
out:
	ct_jscan_done(&s);
	return r;
}

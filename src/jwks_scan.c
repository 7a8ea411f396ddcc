/*
 * jwks_scan.c - a strict one-pass reader of a JWK Set (issue 15).
 *
 * jansson builds a tree of the whole set and costs ~180 instructions a
 * byte; a login needs one key of it.  This reader checks the whole text as
 * JSON (RFC 8259: grammar, string escapes, UTF-8, no duplicate member
 * names, nesting at most CT_JSON_MAX_DEPTH, nothing after the value) and
 * every key's structure (ct_jwk_check_fields, the rules jansson's path
 * uses), and notes where each key's object lies in the text, so that the
 * one key a token names can be parsed again by jansson and built.
 *
 * It refuses everything jansson refuses (fuzz_jwks checks that it never
 * accepts a set the jansson path refuses), and is stricter in three ways a
 * real key set never meets: more than SC_MEMBERS_MAX members in one
 * object, integers of more than 18 digits, and real numbers of more than
 * 17 significant digits or an exponent beyond +-280.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "b64url.h"
#include "json.h"
#include "jwks_scan.h"

#define SC_MEMBERS_MAX	64

struct sc {
	const char *p, *end;
	char *arena;		/* decoded strings, each NUL-terminated */
	size_t used, cap;
	int depth;
};

static void
ws(struct sc *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* The next byte after white space, or -1 at the end. */
static int
peek(struct sc *s)
{
	ws(s);
	return s->p < s->end ? (unsigned char)*s->p : -1;
}

static int
eat(struct sc *s, char c)
{
	if (peek(s) != (unsigned char)c)
		return -1;
	s->p++;
	return 0;
}

/* Appends code point cp, UTF-8 encoded, to the arena. */
static int
put(struct sc *s, unsigned long cp)
{
	char *a;

	if (s->cap - s->used < 5)
		return -1;
	a = s->arena + s->used;
	if (cp < 0x80) {
		a[0] = (char)cp;
		s->used += 1;
	} else if (cp < 0x800) {
		a[0] = (char)(0xc0 | (cp >> 6));
		a[1] = (char)(0x80 | (cp & 0x3f));
		s->used += 2;
	} else if (cp < 0x10000) {
		a[0] = (char)(0xe0 | (cp >> 12));
		a[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		a[2] = (char)(0x80 | (cp & 0x3f));
		s->used += 3;
	} else {
		a[0] = (char)(0xf0 | (cp >> 18));
		a[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		a[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		a[3] = (char)(0x80 | (cp & 0x3f));
		s->used += 4;
	}
	return 0;
}

static int
hex4(struct sc *s, unsigned long *v)
{
	int i, c;

	*v = 0;
	if (s->end - s->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)*s->p++;
		if (c >= '0' && c <= '9')
			*v = *v << 4 | (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v = *v << 4 | (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v = *v << 4 | (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* RFC 8259 7: \uXXXX, a surrogate pair as two; never U+0000. */
static int
escape_u(struct sc *s)
{
	unsigned long hi, lo;

	if (hex4(s, &hi) != 0 || hi == 0 || (hi >= 0xdc00 && hi <= 0xdfff))
		return -1;
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
			return -1;
		s->p += 2;
		if (hex4(s, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	return put(s, hi);
}

/* One escape sequence after the backslash (RFC 8259 7). */
static int
escape(struct sc *s)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *q;

	if (s->p >= s->end)
		return -1;
	if (*s->p == 'u') {
		s->p++;
		return escape_u(s);
	}
	if ((q = memchr(from, *s->p, sizeof(from) - 1)) == NULL)
		return -1;
	s->p++;
	return put(s, (unsigned char)to[q - from]);
}

/* One UTF-8 sequence of 2-4 bytes (RFC 3629 4): shortest form only. */
static int
utf8(struct sc *s)
{
	unsigned char c = (unsigned char)*s->p;
	unsigned long cp, min;
	int n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return -1;
	if (s->end - s->p < n)
		return -1;
	for (i = 1; i < n; i++) {
		c = (unsigned char)s->p[i];
		if ((c & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (c & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	s->p += n;
	return put(s, cp);
}

/* Bytes a string holds as they are: ASCII from 0x20 but '"' and '\\'. */
static const unsigned char plain[256] = {
	[0x20 ... 0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7f] = 1
};

/*
 * The end of the run of plain bytes starting at p, eight at a time: the
 * "has a byte less than n" and "has a zero byte" tests on a 64-bit word
 * (little-endian, as x86-64 and aarch64 Linux are) flag, at its lowest
 * flagged byte exactly, the first byte below 0x20, equal to '"' or '\\',
 * or above 0x7f.  The last few bytes of the text go one by one.
 */
static const char *
plain_end(const char *p, const char *end)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones * 0x80;
	uint64_t w, q, b, m;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (end - p >= 8) {
		memcpy(&w, p, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		m = (((w - ones * 0x20) & ~w) | w | ((q - ones) & ~q) |
		    ((b - ones) & ~b)) & highs;
		if (m != 0)
			return p + (__builtin_ctzll(m) >> 3);
		p += 8;
	}
#else
	(void)ones, (void)highs, (void)w, (void)q, (void)b, (void)m;
#endif
	while (p < end && plain[(unsigned char)*p])
		p++;
	return p;
}

/* A run of plain bytes, copied as they are. */
static int
plain_run(struct sc *s)
{
	const char *q;
	size_t n;

	q = plain_end(s->p, s->end);
	n = (size_t)(q - s->p);
	if (s->cap - s->used < n + 1)
		return -1;
	memcpy(s->arena + s->used, s->p, n);
	s->used += n;
	s->p = q;
	return 0;
}

/*
 * A string; *out points at its bytes: in the text when it has no escape
 * and no byte above 0x7f, else decoded into the arena.
 */
static int
string(struct sc *s, struct ct_jwk_str *out)
{
	const char *q;
	size_t start;
	int c;

	if (eat(s, '"') != 0)
		return -1;
	/* Most strings hold plain bytes only: point into the text. */
	q = plain_end(s->p, s->end);
	if (q < s->end && *q == '"') {
		out->type = CT_JWK_STRING;
		out->b64alpha = 0;
		out->s = s->p;
		out->len = (size_t)(q - s->p);
		s->p = q + 1;
		return 0;
	}
	start = s->used;
	for (;;) {
		if (s->p >= s->end)
			return -1;
		c = (unsigned char)*s->p;
		if (c == '"')
			break;
		if (c < 0x20)
			return -1;
		if (c < 0x80 && c != '\\') {
			if (plain_run(s) != 0)
				return -1;
			continue;
		}
		if (c == '\\') {
			s->p++;
			if (escape(s) != 0)
				return -1;
		} else if (utf8(s) != 0)	/* c >= 0x80 */
			return -1;
	}
	s->p++;
	s->arena[s->used++] = '\0';
	out->type = CT_JWK_STRING;
	out->b64alpha = 0;
	out->s = s->arena + start;
	out->len = s->used - 1 - start;
	return 0;
}

static size_t
digits(struct sc *s)
{
	size_t n = 0;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
		s->p++;
		n++;
	}
	return n;
}

/* RFC 8259 6, within the limits in the header comment. */
static int
number(struct sc *s)
{
	size_t ni, nf = 0, ne;
	const char *e;
	int real = 0, ev;

	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++, ni = 1;
	else if ((ni = digits(s)) == 0)
		return -1;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		real = 1;
		if ((nf = digits(s)) == 0)
			return -1;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		real = 1;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		e = s->p;
		if ((ne = digits(s)) == 0 || ne > 3)
			return -1;
		for (ev = 0; e < s->p; e++)
			ev = ev * 10 + (*e - '0');
		if (ev > 280)
			return -1;
	}
	return (real ? ni + nf > 17 : ni > 18) ? -1 : 0;
}

static int
literal(struct sc *s)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if ((size_t)(s->end - s->p) >= n &&
		    memcmp(s->p, words[i], n) == 0) {
			s->p += n;
			return 0;
		}
	}
	return -1;
}

/* Called for each member, with s just after the ':'; reads the value. */
typedef int (*member_fn)(struct sc *s, const struct ct_jwk_str *name,
    void *arg);
/* Called for each element of an array; reads it. */
typedef int (*element_fn)(struct sc *s, void *arg);

static int value(struct sc *s);

static int
any_member(struct sc *s, const struct ct_jwk_str *name, void *arg)
{
	(void)name;
	(void)arg;
	return value(s);
}

static int
any_element(struct sc *s, void *arg)
{
	(void)arg;
	return value(s);
}

/* 1 when two decoded strings are equal (names are short: no memcmp). */
static int
same(const struct ct_jwk_str *a, const struct ct_jwk_str *b)
{
	size_t i;

	if (a->len != b->len)
		return 0;
	for (i = 0; i < a->len && a->s[i] == b->s[i]; i++)
		;
	return i == a->len;
}

/* An object; duplicate member names are refused (RFC 7515 4). */
static int
object(struct sc *s, member_fn fn, void *arg)
{
	struct ct_jwk_str names[SC_MEMBERS_MAX];
	uint64_t seen = 0, bit;
	size_t n = 0, i;

	if (eat(s, '{') != 0 || ++s->depth > CT_JSON_MAX_DEPTH)
		return -1;
	if (peek(s) == '}') {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (n == SC_MEMBERS_MAX || string(s, &names[n]) != 0)
			return -1;
		/* Compared only when a name of the same little hash was
		 * seen: a JWK's few names rarely are. */
		bit = 1ULL << ((names[n].len * 7 + (names[n].len == 0 ? 0 :
		    (unsigned char)names[n].s[0] + 3u *
		    (unsigned char)names[n].s[names[n].len - 1])) & 63);
		for (i = 0; (seen & bit) != 0 && i < n; i++)
			if (same(&names[i], &names[n]))
				return -1;
		seen |= bit;
		if (eat(s, ':') != 0 || fn(s, &names[n], arg) != 0)
			return -1;
		n++;
		if (eat(s, ',') == 0)
			continue;
		if (eat(s, '}') != 0)
			return -1;
		break;
	}
	s->depth--;
	return 0;
}

static int
array(struct sc *s, element_fn fn, void *arg)
{
	if (eat(s, '[') != 0 || ++s->depth > CT_JSON_MAX_DEPTH)
		return -1;
	if (peek(s) == ']') {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (fn(s, arg) != 0)
			return -1;
		if (eat(s, ',') == 0)
			continue;
		if (eat(s, ']') != 0)
			return -1;
		break;
	}
	s->depth--;
	return 0;
}

static int
value(struct sc *s)
{
	struct ct_jwk_str str;
	int c = peek(s);

	if (c == '{')
		return object(s, any_member, NULL);
	if (c == '[')
		return array(s, any_element, NULL);
	if (c == '"')
		return string(s, &str);
	if (c == '-' || (c >= '0' && c <= '9'))
		return number(s);
	return literal(s);
}

/* ---- the JWK Set's own shape ------------------------------------------- */

struct keys_ctx {
	const char *base;
	struct ct_jwks_span *spans;
	size_t max, n;
	int keys_seen, keys_bad;
	struct ct_err *e;
	int r;
};

static int
name_is(const struct ct_jwk_str *name, const char *want, size_t len)
{
	struct ct_jwk_str w = { CT_JWK_STRING, want, len, 0 };

	return same(name, &w);
}

#define NAME_IS(name, lit)	name_is((name), (lit), sizeof(lit) - 1)

/* A member that must be a string: STRING, or OTHER for anything else. */
static int
str_member(struct sc *s, struct ct_jwk_str *v)
{
	if (peek(s) == '"')
		return string(s, v);
	v->type = CT_JWK_OTHER;
	return value(s);
}

/*
 * x, y, n, e: base64url (RFC 7518 6.2.1.2, 6.3.1.1).  The usual string
 * holds only base64url bytes up to its closing quote: one pass checks
 * both, and the field says so (jwk.c then checks only the tail).
 */
static int
b64_member(struct sc *s, struct ct_jwk_str *v)
{
	size_t n;

	if (peek(s) != '"') {
		v->type = CT_JWK_OTHER;
		return value(s);
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
	return string(s, v);
}

static int
ops_element(struct sc *s, void *arg)
{
	struct ct_jwk_fields *f = arg;
	struct ct_jwk_str v;

	if (peek(s) != '"') {
		f->key_ops = CT_JWK_OPS_NOT_STRING;
		return value(s);
	}
	if (string(s, &v) != 0)
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
known_field(struct ct_jwk_fields *f, const struct ct_jwk_str *name)
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
key_member(struct sc *s, const struct ct_jwk_str *name, void *arg)
{
	struct ct_jwk_fields *f = arg;
	struct ct_jwk_str *v;
	int pi;

	if ((v = known_field(f, name)) != NULL)
		return name->len == 1 ? b64_member(s, v) : str_member(s, v);
	if ((pi = ct_jwk_private_index(name->s, name->len)) >= 0)
		f->private_mask |= 1u << pi;
	if (!NAME_IS(name, "key_ops"))
		return value(s);
	if (peek(s) != '[') {
		f->key_ops = CT_JWK_OPS_NOT_ARRAY;
		return value(s);
	}
	f->key_ops = CT_JWK_OPS_NO_VERIFY;
	return array(s, ops_element, f);
}

/* One element of "keys": a JWK object, checked for structure. */
static int
key_element(struct sc *s, void *arg)
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
	f.kid_by_ref = 1;
	if (peek(s) != '{') {
		k->r = ct_fail(k->e, CT_ENOKEYS, "JWK: not a JSON object");
		return -1;
	}
	start = s->p;
	if (object(s, key_member, &f) != 0)
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
root_member(struct sc *s, const struct ct_jwk_str *name, void *arg)
{
	struct keys_ctx *k = arg;

	if (!NAME_IS(name, "keys"))
		return value(s);
	k->keys_seen = 1;
	if (peek(s) != '[') {
		k->keys_bad = 1;
		return value(s);
	}
	return array(s, key_element, k);
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
	struct sc s = { buf, buf + len, NULL, 0, 0, 0 };
	size_t i;

	*nkeys = 0;
	*kids = NULL;
	if (buf == NULL || len == 0 || (s.arena = malloc(len + 1)) == NULL) {
		k.r = ct_fail(e, buf == NULL || len == 0 ? CT_ENOKEYS :
		    CT_ENOMEM, "key set: empty or out of memory");
		goto out;
	}
	s.cap = len + 1;
	if (object(&s, root_member, &k) != 0 || (ws(&s), s.p != s.end)) {
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
	free(s.arena);
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
	struct sc s = { buf, buf + len, NULL, 0, 0, 0 };
	int r = CT_ENOKEYS;

	memset(f, 0, sizeof(*f));
	f->kid_by_ref = 1;
	*arena = NULL;
	if (buf == NULL || len == 0 || (s.arena = malloc(len + 1)) == NULL) {
		r = ct_fail(e, buf == NULL || len == 0 ? CT_ENOKEYS :
		    CT_ENOMEM, "key set: empty key or out of memory");
		goto out;
	}
	s.cap = len + 1;
	if (peek(&s) != '{' || object(&s, key_member, f) != 0 ||
	    (ws(&s), s.p != s.end)) {
		r = ct_fail(e, CT_ENOKEYS, "key set: key read two ways "
		    "differs");
		goto out;
	}
	*arena = s.arena;
	s.arena = NULL;
	r = CT_OK;
out:
	free(s.arena);
	return r;
}

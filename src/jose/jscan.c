/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jscan.c - the strict one-pass JSON reader of jscan.h (RFC 8259).
 *
 * It refuses everything jansson refuses with JSON_REJECT_DUPLICATES
 * (fuzz_jwks and fuzz_jdoc run both on every input), and is stricter only
 * in the limits jscan.h names.
 */
#include <stdlib.h>
#include <string.h>

#include "jscan.h"

/* Inlined: the key set reader calls it for every ':' ',' '}' (issue 15). */
static inline __attribute__((always_inline)) int
eat(struct ct_jscan *s, char c)
{
	if (ct_jscan_peek(s) != (unsigned char)c)
		return -1;
	s->p++;
	return 0;
}

int
ct_jscan_init(struct ct_jscan *s, const char *buf, size_t len)
{
	memset(s, 0, sizeof(*s));
	if (buf == NULL || len == 0 || (s->arena = malloc(len + 1)) == NULL)
		return -1;
	s->p = buf;
	s->end = buf + len;
	s->cap = len + 1;
	return 0;
}

void
ct_jscan_done(struct ct_jscan *s)
{
	free(s->arena);
	s->arena = NULL;
}

int
ct_jscan_at_end(struct ct_jscan *s)
{
	ct_jscan_ws(s);
	return s->p == s->end ? 0 : -1;
}

/* Appends code point cp, UTF-8 encoded, to the arena. */
static int
put(struct ct_jscan *s, unsigned long cp)
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
hex4(struct ct_jscan *s, unsigned long *v)
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
escape_u(struct ct_jscan *s)
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
escape(struct ct_jscan *s)
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
utf8(struct ct_jscan *s)
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

/* A run of plain bytes, copied as they are. */
static int
plain_run(struct ct_jscan *s)
{
	const char *q;
	size_t n;

	q = ct_jscan_plain_end(s->p, s->end);
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
int
ct_jscan_string_rest(struct ct_jscan *s, struct ct_jstr *out)
{
	size_t start;
	int c;

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
	out->s = s->arena + start;
	out->len = s->used - 1 - start;
	out->in_arena = 1;
	return 0;
}

static size_t
digits(struct ct_jscan *s)
{
	size_t n = 0;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
		s->p++;
		n++;
	}
	return n;
}

/*
 * An integer's value, exactly: -1 outside a signed 64-bit value (jansson
 * refuses those too: "too big integer").
 */
static int
int_value(const char *d, size_t n, int neg, long long *out)
{
	const unsigned long long lim = neg ? 9223372036854775808ULL :
	    9223372036854775807ULL;
	unsigned long long u = 0, dv;
	size_t i;

	for (i = 0; i < n; i++) {
		dv = (unsigned long long)(d[i] - '0');
		if (u > (lim - dv) / 10)
			return -1;
		u = u * 10 + dv;
	}
	/* -2^63 has no positive twin: negate in unsigned arithmetic. */
	*out = neg ? (long long)(0 - u) : (long long)u;
	return 0;
}

/*
 * A real number's magnitude: -1 when it is 1e308 or more (jansson refuses
 * from DBL_MAX on; the band between is refused here too).  i: the integer
 * digits (no leading zero but "0" itself), f: the fraction's, ev: the
 * exponent, saturated.
 */
static int
real_ok(const char *i, size_t ni, const char *f, size_t nf, long ev)
{
	long m;
	size_t j;

	if (i[0] != '0')
		m = (long)ni - 1;
	else {
		for (j = 0; j < nf && f[j] == '0'; j++)
			;
		if (j == nf)
			return 0;	/* zero, whatever its exponent */
		m = -(long)j - 1;
	}
	return m + ev >= 308 ? -1 : 0;
}

/* The exponent's digits (at least one), saturated at +-1,000,000. */
static int
exponent(struct ct_jscan *s, long *ev)
{
	int neg = 0;

	*ev = 0;
	if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
		neg = *s->p++ == '-';
	if (s->p >= s->end || *s->p < '0' || *s->p > '9')
		return -1;
	for (; s->p < s->end && *s->p >= '0' && *s->p <= '9'; s->p++)
		if (*ev < 1000000)
			*ev = *ev * 10 + (*s->p - '0');
	if (neg)
		*ev = -*ev;
	return 0;
}

/* RFC 8259 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
int
ct_jscan_number(struct ct_jscan *s, struct ct_jnum *out)
{
	const char *ip, *fp = NULL;
	size_t ni, nf = 0;
	long ev = 0;
	int neg = 0;

	out->real = 0;
	out->i = 0;
	if (s->p < s->end && *s->p == '-')
		neg = 1, s->p++;
	ip = s->p;
	if (s->p < s->end && *s->p == '0')
		s->p++, ni = 1;
	else if ((ni = digits(s)) == 0)
		return -1;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		out->real = 1;
		fp = s->p;
		if ((nf = digits(s)) == 0)
			return -1;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		out->real = 1;
		if (exponent(s, &ev) != 0)
			return -1;
	}
	if (out->real)
		return real_ok(ip, ni, fp, nf, ev);
	return int_value(ip, ni, neg, &out->i);
}

int
ct_jscan_literal(struct ct_jscan *s, enum ct_jlit *out)
{
	static const char *const words[] = { "true", "false", "null" };
	static const enum ct_jlit lits[] = {
		CT_JLIT_TRUE, CT_JLIT_FALSE, CT_JLIT_NULL
	};
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if ((size_t)(s->end - s->p) >= n &&
		    memcmp(s->p, words[i], n) == 0) {
			s->p += n;
			*out = lits[i];
			return 0;
		}
	}
	return -1;
}

static int
any_member(struct ct_jscan *s, const struct ct_jstr *name, void *arg)
{
	(void)name;
	(void)arg;
	return ct_jscan_value(s);
}

static int
any_element(struct ct_jscan *s, void *arg)
{
	(void)arg;
	return ct_jscan_value(s);
}

int
ct_jscan_value(struct ct_jscan *s)
{
	struct ct_jstr str;
	struct ct_jnum num;
	enum ct_jlit lit;
	int c = ct_jscan_peek(s);

	if (c == '{')
		return ct_jscan_object(s, any_member, NULL);
	if (c == '[')
		return ct_jscan_array(s, any_element, NULL);
	if (c == '"')
		return ct_jscan_string(s, &str);
	if (c == '-' || (c >= '0' && c <= '9'))
		return ct_jscan_number(s, &num);
	return ct_jscan_literal(s, &lit);
}

int
ct_jstr_eq(const struct ct_jstr *a, const char *b, size_t blen)
{
	size_t i;

	/* Names are short: a loop beats a call to memcmp. */
	if (a->len != blen)
		return 0;
	for (i = 0; i < blen && a->s[i] == b[i]; i++)
		;
	return i == blen;
}

/* A small hash of a member name, for the duplicate check. */
static uint64_t
name_bit(const struct ct_jstr *n)
{
	return 1ULL << ((n->len * 7 + (n->len == 0 ? 0 :
	    (unsigned char)n->s[0] + 3u * (unsigned char)n->s[n->len - 1])) &
	    63);
}

/* RFC 8259 4; duplicate member names are refused (RFC 7515 4). */
int
ct_jscan_object(struct ct_jscan *s, ct_jscan_member_fn fn, void *arg)
{
	struct ct_jstr names[CT_JSCAN_MEMBERS];
	uint64_t seen = 0, bit;
	size_t n = 0, i;

	if (eat(s, '{') != 0 || ++s->depth > CT_JSON_MAX_DEPTH)
		return -1;
	if (ct_jscan_peek(s) == '}') {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (n == CT_JSCAN_MEMBERS || ct_jscan_string(s, &names[n]) != 0)
			return -1;
		/* Compared only when a name of the same little hash was
		 * seen: an object's few names rarely are. */
		bit = name_bit(&names[n]);
		for (i = 0; (seen & bit) != 0 && i < n; i++)
			if (ct_jstr_eq(&names[i], names[n].s, names[n].len))
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

/* RFC 8259 5. */
int
ct_jscan_array(struct ct_jscan *s, ct_jscan_element_fn fn, void *arg)
{
	if (eat(s, '[') != 0 || ++s->depth > CT_JSON_MAX_DEPTH)
		return -1;
	if (ct_jscan_peek(s) == ']') {
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

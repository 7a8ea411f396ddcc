/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jscan.h - a strict one-pass JSON reader (RFC 8259) that builds nothing
 * itself: callers walk objects and arrays with callbacks.  The key set
 * reader (jwks_scan.c) and the token's header and claims (jdoc.c) use it,
 * so a login runs no general-purpose JSON library (issue 15).
 *
 * Strict where RFC 8259 lets parsers choose (RFC 7515 section 4 and RFC
 * 7519 section 7.2 ask for it): duplicate member names refused, "\u0000"
 * refused, UTF-8 in shortest form only with no surrogate code point, lone
 * or reversed surrogate escapes refused, nesting at most
 * CT_JSON_MAX_DEPTH, nothing after the value but white space.  Limits a
 * JWT or key set never meets: at most CT_JSCAN_MEMBERS members in one
 * object, integers within a signed 64-bit value (as jansson), real numbers
 * below 1e308 in magnitude (jansson allows up to DBL_MAX).
 */
#ifndef CT_JSCAN_H
#define CT_JSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CT_JSON_MAX_DEPTH	16	/* nesting of objects and arrays */
#define CT_JSCAN_MEMBERS	64	/* members of one object */

struct ct_jscan {
	const char *p, *end;	/* the unread text */
	char *arena;		/* decoded strings, each NUL-terminated */
	size_t used, cap;
	int depth;
};

/* A string's bytes: in the text, or (escapes, non-ASCII) in the arena. */
struct ct_jstr {
	const char *s;
	size_t len;
	int in_arena;		/* 1: s is NUL-terminated in the arena */
};

/* A number: an integer (no fraction, no exponent) or a real. */
struct ct_jnum {
	int real;
	long long i;		/* the integer's value when !real */
};

enum ct_jlit { CT_JLIT_TRUE, CT_JLIT_FALSE, CT_JLIT_NULL };

/* Called for each member, with the reader just after the ':'. */
typedef int (*ct_jscan_member_fn)(struct ct_jscan *s,
    const struct ct_jstr *name, void *arg);
/* Called for each element of an array. */
typedef int (*ct_jscan_element_fn)(struct ct_jscan *s, void *arg);

/* RFC 8259 2: insignificant white space. */
static inline void
ct_jscan_ws(struct ct_jscan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* The next byte after white space, or -1 at the end. */
static inline int
ct_jscan_peek(struct ct_jscan *s)
{
	ct_jscan_ws(s);
	return s->p < s->end ? (unsigned char)*s->p : -1;
}

/*
 * Starts reading len bytes of buf, with an arena of len + 1 bytes (every
 * decoded string is shorter than its quoted text).  0, or -1 when len is 0
 * or out of memory.  ct_jscan_done frees the arena (NULL-safe).
 */
int ct_jscan_init(struct ct_jscan *s, const char *buf, size_t len);
void ct_jscan_done(struct ct_jscan *s);

/* 0 when only white space is left. */
int ct_jscan_at_end(struct ct_jscan *s);

/*
 * The end of the run of bytes a string holds as they are (ASCII from 0x20
 * but '"' and '\\') starting at p, eight at a time: the "has a byte less
 * than n" and "has a zero byte" tests on a 64-bit word (little-endian, as
 * x86-64 and aarch64 Linux are) flag, at its lowest flagged byte exactly,
 * the first byte below 0x20, equal to '"' or '\\', or above 0x7f.  The
 * last few bytes go one by one.  Inline: the key set reader calls it for
 * every name and string (issue 15).
 */
static inline const char *
ct_jscan_plain_end(const char *p, const char *end)
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
	while (p < end && (unsigned char)*p >= 0x20 &&
	    (unsigned char)*p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}

/* A string after its opening quote that is not all plain (jscan.c). */
int ct_jscan_string_rest(struct ct_jscan *s, struct ct_jstr *out);

/*
 * One string (RFC 8259 7).  Most strings hold plain bytes only: *out then
 * points into the text; else the decoded bytes are in the arena.
 */
static inline int
ct_jscan_string(struct ct_jscan *s, struct ct_jstr *out)
{
	const char *q;

	if (ct_jscan_peek(s) != '"')
		return -1;
	s->p++;
	q = ct_jscan_plain_end(s->p, s->end);
	if (q < s->end && *q == '"') {
		out->s = s->p;
		out->len = (size_t)(q - s->p);
		out->in_arena = 0;
		s->p = q + 1;
		return 0;
	}
	return ct_jscan_string_rest(s, out);
}

/* One number or literal (RFC 8259 6, 3).  0 or -1. */
int ct_jscan_number(struct ct_jscan *s, struct ct_jnum *out);
int ct_jscan_literal(struct ct_jscan *s, enum ct_jlit *out);

/* Any value, checked and skipped. */
int ct_jscan_value(struct ct_jscan *s);

/*
 * An object (RFC 8259 4), fn reading each member's value; duplicate names
 * refused.  An array (RFC 8259 5), fn reading each element.  0 or -1.
 */
int ct_jscan_object(struct ct_jscan *s, ct_jscan_member_fn fn, void *arg);
int ct_jscan_array(struct ct_jscan *s, ct_jscan_element_fn fn, void *arg);

/* 1 when two strings hold the same bytes. */
int ct_jstr_eq(const struct ct_jstr *a, const char *b, size_t blen);

#endif

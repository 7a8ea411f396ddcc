/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * b64url.c - strict base64url decoding (RFC 4648 section 5, RFC 7515
 * section 2 and appendix C: no padding, no whitespace, no line breaks).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "b64url.h"

/*
 * The value of each base64url character (RFC 4648 table 2); X (high bit
 * set) for every other byte, so OR-ing the entries of a group tells at
 * once whether any of them is outside the alphabet (issue 15: a login
 * decodes ~800 characters, one table look-up each).
 */
#define X	0xff
static const uint8_t b64url_tab[256] = {
	/* 0x00-0x0f */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0x10-0x1f */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0x20-0x2f .!"#$%&'().+,-.. */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, 62, X, X,
	/* 0x30-0x3f 0123456789:;<=>? */
	52, 53, 54, 55, 56, 57, 58, 59,
	60, 61, X, X, X, X, X, X,
	/* 0x40-0x4f @ABCDEFGHIJKLMNO */
	X, 0, 1, 2, 3, 4, 5, 6,
	7, 8, 9, 10, 11, 12, 13, 14,
	/* 0x50-0x5f PQRSTUVWXYZ[.]^_ */
	15, 16, 17, 18, 19, 20, 21, 22,
	23, 24, 25, X, X, X, X, 63,
	/* 0x60-0x6f `abcdefghijklmno */
	X, 26, 27, 28, 29, 30, 31, 32,
	33, 34, 35, 36, 37, 38, 39, 40,
	/* 0x70-0x7f pqrstuvwxyz{|}~. */
	41, 42, 43, 44, 45, 46, 47, 48,
	49, 50, 51, X, X, X, X, X,
	/* 0x80-0x8f */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0x90-0x9f */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0xa0-0xaf */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0xb0-0xbf */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0xc0-0xcf */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0xd0-0xdf */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0xe0-0xef */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
	/* 0xf0-0xff */
	X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X,
};
#undef X

/* The high bit of a table entry: not a base64url character. */
#define B64URL_BAD	0x80u

int
ct_b64url_char(int c)
{
	return c >= 0 && c <= 255 && (b64url_tab[c] & B64URL_BAD) == 0;
}

size_t
ct_b64url_decoded_len(size_t inlen)
{
	size_t n = (inlen / 4) * 3;

	switch (inlen % 4) {
	case 2:
		n += 1;
		break;
	case 3:
		n += 2;
		break;
	default:
		break;
	}
	return n;
}

/*
 * RFC 4648 3.5: the bits of the last character that do not reach an
 * output byte must be zero, so every byte string has one encoding.
 * The caller knows that in holds inlen base64url characters.
 */
static int
b64url_canonical_tail(const char *in, size_t inlen)
{
	unsigned v;

	if (inlen % 4 == 0)
		return 1;
	v = b64url_tab[(unsigned char)in[inlen - 1]];
	if (inlen % 4 == 2)
		return (v & 0x0f) == 0;
	return (v & 0x03) == 0;	/* inlen % 4 == 3 */
}

size_t
ct_b64url_span(const char *in, size_t n)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0;

	/* Eight at a time while all eight are in the alphabet (issue 15). */
	while (i + 8 <= n && ((b64url_tab[u[i]] | b64url_tab[u[i + 1]] |
	    b64url_tab[u[i + 2]] | b64url_tab[u[i + 3]] |
	    b64url_tab[u[i + 4]] | b64url_tab[u[i + 5]] |
	    b64url_tab[u[i + 6]] | b64url_tab[u[i + 7]]) & B64URL_BAD) == 0)
		i += 8;
	while (i < n && (b64url_tab[u[i]] & B64URL_BAD) == 0)
		i++;
	return i;
}

int
ct_b64url_check_tail(const char *in, size_t inlen, size_t *outlen)
{
	int r = -1;

	if (in == NULL && inlen != 0)
		goto out;
	/* RFC 4648 5: a single leftover character carries no whole byte. */
	if (inlen % 4 == 1)
		goto out;
	if (inlen != 0 && !b64url_canonical_tail(in, inlen))
		goto out;
	if (outlen != NULL)
		*outlen = ct_b64url_decoded_len(inlen);
	r = 0;
out:
	return r;
}

int
ct_b64url_check(const char *in, size_t inlen, size_t *outlen)
{
	if (in == NULL && inlen != 0)
		return -1;
	if (ct_b64url_span(in, inlen) != inlen)
		return -1;
	return ct_b64url_check_tail(in, inlen, outlen);
}

/*
 * Decodes the whole groups of four characters of u (n of them, n a
 * multiple of 4) into out, three bytes a group.  0, or -1 at the first
 * group holding a character outside the alphabet.
 */
static int
b64url_groups(const unsigned char *u, size_t n, unsigned char *out)
{
	uint32_t a, b, c, d, w;
	size_t i;
	int r = -1;

	for (i = 0; i < n; i += 4, out += 3) {
		a = b64url_tab[u[i]];
		b = b64url_tab[u[i + 1]];
		c = b64url_tab[u[i + 2]];
		d = b64url_tab[u[i + 3]];
		if (((a | b | c | d) & B64URL_BAD) != 0)
			goto out;
		w = a << 18 | b << 12 | c << 6 | d;
		out[0] = (unsigned char)(w >> 16);
		out[1] = (unsigned char)(w >> 8);
		out[2] = (unsigned char)w;
	}
	r = 0;
out:
	/* The group held token bits: wipe it so the stack keeps none. */
	explicit_bzero(&w, sizeof(w));
	return r;
}

/*
 * Decodes the last 2 or 3 characters (rem) of an input into out: 1 or 2
 * bytes.  -1 for a character outside the alphabet or, RFC 4648 3.5, a
 * last character whose unused bits are not zero.
 */
static int
b64url_tail(const unsigned char *u, size_t rem, unsigned char *out)
{
	uint32_t a, b, c = 0, w;
	int r = -1;

	a = b64url_tab[u[0]];
	b = b64url_tab[u[1]];
	if (rem == 3)
		c = b64url_tab[u[2]];
	w = a << 18 | b << 12 | c << 6;
	if (((a | b | c) & B64URL_BAD) != 0)
		goto out;
	if (rem == 2 ? (b & 0x0f) != 0 : (c & 0x03) != 0)
		goto out;
	out[0] = (unsigned char)(w >> 16);
	if (rem == 3)
		out[1] = (unsigned char)(w >> 8);
	r = 0;
out:
	explicit_bzero(&w, sizeof(w));
	return r;
}

int
ct_b64url_decode(const char *in, size_t inlen, unsigned char **out,
    size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)in;
	unsigned char *buf = NULL;
	size_t n, whole, rem;
	int r = -1;

	if (in == NULL && inlen != 0)
		goto out;
	/* RFC 4648 5: a single leftover character carries no whole byte. */
	rem = inlen % 4;
	if (rem == 1)
		goto out;
	whole = inlen - rem;
	n = ct_b64url_decoded_len(inlen);
	if ((buf = malloc(n + 1)) == NULL)
		goto out;
	if (b64url_groups(u, whole, buf) != 0)
		goto out;
	if (rem != 0 && b64url_tail(u + whole, rem, buf + whole / 4 * 3) != 0)
		goto out;
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	buf = NULL;
	r = 0;
out:
	if (buf != NULL) {
		/* A refused input may still have left token bytes behind. */
		explicit_bzero(buf, n);
		free(buf);
	}
	return r;
}

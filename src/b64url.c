/*
 * b64url.c - strict base64url decoding (RFC 4648 section 5, RFC 7515
 * section 2 and appendix C: no padding, no whitespace, no line breaks).
 */
#include <stdlib.h>
#include <string.h>

#include "b64url.h"

/* 1 + the value of each base64url character (RFC 4648 table 2); 0 else. */
static const unsigned char b64url_tab[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6,
	['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12,
	['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17,
	['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27,
	['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32,
	['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37,
	['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
	['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47,
	['v'] = 48, ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52,
	['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62,
	['-'] = 63, ['_'] = 64
};

/* Value of a base64url character (RFC 4648 table 2), or -1. */
static int
b64url_value(int c)
{
	return c >= 0 && c <= 255 ? b64url_tab[c] - 1 : -1;
}

int
ct_b64url_char(int c)
{
	return b64url_value(c) >= 0 ? 1 : 0;
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
 */
static int
b64url_canonical_tail(const char *in, size_t inlen)
{
	int v;

	if (inlen % 4 == 0)
		return 1;
	v = b64url_value((unsigned char)in[inlen - 1]);
	if (inlen % 4 == 2)
		return (v & 0x0f) == 0;
	return (v & 0x03) == 0;	/* inlen % 4 == 3 */
}

size_t
ct_b64url_span(const char *in, size_t n)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0;

	/* Four at a time while all four are in the alphabet (issue 15). */
	while (i + 4 <= n && ((b64url_tab[u[i]] == 0) |
	    (b64url_tab[u[i + 1]] == 0) | (b64url_tab[u[i + 2]] == 0) |
	    (b64url_tab[u[i + 3]] == 0)) == 0)
		i += 4;
	while (i < n && b64url_tab[u[i]] != 0)
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

int
ct_b64url_decode(const char *in, size_t inlen, unsigned char **out,
    size_t *outlen)
{
	unsigned char *buf = NULL;
	size_t i, o = 0, n;
	unsigned long acc = 0;
	int v, bits = 0, r = -1;

	if (ct_b64url_check(in, inlen, &n) != 0)
		goto out;
	if ((buf = malloc(n + 1)) == NULL)
		goto out;
	for (i = 0; i < inlen; i++) {
		v = b64url_value((unsigned char)in[i]);
		acc = ((acc << 6) | (unsigned long)v) & 0xffffffUL;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (unsigned char)((acc >> bits) & 0xff);
		}
	}
	buf[o] = '\0';
	/* The accumulator held token bits: wipe it so the store stays. */
	explicit_bzero(&acc, sizeof(acc));
	*out = buf;
	*outlen = o;
	buf = NULL;
	r = 0;
out:
	free(buf);
	return r;
}

/*
 * b64url.c - strict base64url decoding (RFC 4648 section 5, RFC 7515
 * section 2 and appendix C: no padding, no whitespace, no line breaks).
 */
#include <stdlib.h>
#include <string.h>

#include "b64url.h"

/* Value of a base64url character (RFC 4648 table 2), or -1. */
static int
b64url_value(int c)
{
	int v = -1;

	if (c >= 'A' && c <= 'Z')
		v = c - 'A';
	else if (c >= 'a' && c <= 'z')
		v = c - 'a' + 26;
	else if (c >= '0' && c <= '9')
		v = c - '0' + 52;
	else if (c == '-')
		v = 62;
	else if (c == '_')
		v = 63;
	return v;
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

int
ct_b64url_check(const char *in, size_t inlen, size_t *outlen)
{
	size_t i;
	int r = -1;

	if (in == NULL && inlen != 0)
		goto out;
	/* RFC 4648 5: a single leftover character carries no whole byte. */
	if (inlen % 4 == 1)
		goto out;
	for (i = 0; i < inlen; i++) {
		if (b64url_value((unsigned char)in[i]) < 0)
			goto out;
	}
	if (inlen != 0 && !b64url_canonical_tail(in, inlen))
		goto out;
	if (outlen != NULL)
		*outlen = ct_b64url_decoded_len(inlen);
	r = 0;
out:
	return r;
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

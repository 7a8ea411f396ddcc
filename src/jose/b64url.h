/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * b64url.h - strict base64url decoding (RFC 4648 section 5, as profiled by
 * RFC 7515 section 2: no padding, no whitespace, no line breaks).
 */
#ifndef CT_B64URL_H
#define CT_B64URL_H

#include <stddef.h>

/*
 * Decodes inlen characters of in.  Refuses (returns -1, *out untouched):
 * any character outside [A-Za-z0-9_-] (including '=', '+', '/', NUL,
 * whitespace), inlen % 4 == 1, and non-canonical encodings whose unused
 * trailing bits are not zero.  inlen == 0 decodes to an empty buffer.
 * On success returns 0, *out is a malloc'd buffer of *outlen bytes plus one
 * extra NUL byte (so decoded JSON can be treated as a string); the caller
 * frees it (explicit_bzero first when it held secret material).
 */
int ct_b64url_decode(const char *in, size_t inlen, unsigned char **out,
    size_t *outlen);

/* Length of the decoding of inlen valid characters. */
size_t ct_b64url_decoded_len(size_t inlen);

/*
 * 0 when ct_b64url_decode would accept in (the same strict rules), with
 * the decoded length in *outlen (may be NULL); -1 otherwise.  Decodes and
 * allocates nothing (issue 15: a key set's structure check).
 */
int ct_b64url_check(const char *in, size_t inlen, size_t *outlen);

/* How many of the first n bytes of in are base64url characters. */
size_t ct_b64url_span(const char *in, size_t n);

/*
 * ct_b64url_check for an in known to hold only base64url characters: the
 * length and the canonical last character (RFC 4648 3.5).
 */
int ct_b64url_check_tail(const char *in, size_t inlen, size_t *outlen);

/* 1 if c is in the base64url alphabet, else 0. */
int ct_b64url_char(int c);

#endif

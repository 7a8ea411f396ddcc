/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_b64url.c - strict base64url (RFC 4648 section 5, RFC 7515 section 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "b64url.h"

/* Decodes a NUL-terminated string; returns the ct_b64url_decode result. */
static int
dec(const char *in, unsigned char **out, size_t *outlen)
{
	return ct_b64url_decode(in, strlen(in), out, outlen);
}

static void
expect_decodes_to(const char *in, const char *want)
{
	unsigned char *out = NULL;
	size_t outlen = 0;

	assert_int_equal(dec(in, &out, &outlen), 0);
	assert_non_null(out);
	assert_int_equal(outlen, strlen(want));
	assert_memory_equal(out, want, outlen);
	assert_int_equal(out[outlen], '\0');	/* the extra NUL byte */
	assert_int_equal(ct_b64url_decoded_len(strlen(in)), outlen);
	free(out);
}

/* Refused, and *out / *outlen left untouched. */
static void
expect_refused_len(const char *in, size_t inlen)
{
	unsigned char sentinel = 0;
	unsigned char *out = &sentinel;
	size_t outlen = 12345;

	assert_int_equal(ct_b64url_decode(in, inlen, &out, &outlen), -1);
	assert_ptr_equal(out, &sentinel);
	assert_int_equal(outlen, 12345);
}

static void
expect_refused(const char *in)
{
	expect_refused_len(in, strlen(in));
}

/* RFC 4648 10 test vectors, without padding. */
static void
test_rfc4648_vectors(void **state)
{
	(void)state;
	expect_decodes_to("", "");
	expect_decodes_to("Zg", "f");
	expect_decodes_to("Zm8", "fo");
	expect_decodes_to("Zm9v", "foo");
	expect_decodes_to("Zm9vYg", "foob");
	expect_decodes_to("Zm9vYmE", "fooba");
	expect_decodes_to("Zm9vYmFy", "foobar");
	/* RFC 7515 A.1.1 header */
	expect_decodes_to("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9",
	    "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
}

/* The URL-safe alphabet maps '-' to 62 and '_' to 63. */
static void
test_url_alphabet(void **state)
{
	unsigned char *out = NULL;
	size_t outlen = 0;

	(void)state;
	assert_int_equal(dec("-_-_", &out, &outlen), 0);
	assert_int_equal(outlen, 3);
	assert_int_equal(out[0], 0xfb);
	assert_int_equal(out[1], 0xff);
	assert_int_equal(out[2], 0xbf);
	free(out);
}

static void
test_all_bytes_roundtrip(void **state)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[256], *out = NULL;
	char enc[400];
	size_t i, o = 0, outlen = 0;
	unsigned long acc = 0;
	int bits = 0;

	(void)state;
	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)i;
	for (i = 0; i < sizeof(raw); i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			enc[o++] = alpha[(acc >> bits) & 0x3f];
		}
	}
	if (bits > 0)
		enc[o++] = alpha[(acc << (6 - bits)) & 0x3f];
	enc[o] = '\0';
	assert_int_equal(dec(enc, &out, &outlen), 0);
	assert_int_equal(outlen, sizeof(raw));
	assert_memory_equal(out, raw, sizeof(raw));
	free(out);
}

/* RFC 7515 2: padding is omitted; '=' is never accepted. */
static void
test_refuses_padding(void **state)
{
	(void)state;
	expect_decodes_to("Zg", "f");		/* positive control */
	expect_refused("Zg==");
	expect_refused("Zm8=");
	expect_refused("Zm9v====");
	expect_refused("=");
	expect_refused("Zg=");
}

/* The standard alphabet's '+' and '/' are not base64url. */
static void
test_refuses_std_alphabet(void **state)
{
	(void)state;
	expect_decodes_to("-_8", "\xfb\xff");	/* positive control */
	expect_refused("+_8");
	expect_refused("-/8");
	expect_refused("+/8");
}

static void
test_refuses_whitespace(void **state)
{
	(void)state;
	expect_decodes_to("Zm9v", "foo");
	expect_refused("Zm9v\n");
	expect_refused(" Zm9v");
	expect_refused("Zm 9v");
	expect_refused("Zm9v\t");
	expect_refused("Zm9v\r\n");
	expect_refused("Zm\n9v");
}

/* One leftover character cannot carry a byte (RFC 4648 4). */
static void
test_refuses_len_mod4_1(void **state)
{
	(void)state;
	expect_decodes_to("Zm9vYg", "foob");
	expect_refused("Z");
	expect_refused("Zm9vY");
	expect_refused("Zm9vYmFyZ");
}

/* RFC 4648 3.5: the unused trailing bits must be zero. */
static void
test_refuses_noncanonical(void **state)
{
	(void)state;
	expect_decodes_to("Zg", "f");		/* 'g' = 100000 */
	expect_refused("Zh");			/* 'h' = 100001 */
	expect_refused("Zv");			/* 'v' = 101111 */
	expect_decodes_to("Zm8", "fo");		/* '8' = 111100 */
	expect_refused("Zm9");			/* '9' = 111101 */
	expect_refused("Zm-");			/* '-' = 111110 */
	expect_refused("Zm_");
}

static void
test_refuses_nul_and_high_bytes(void **state)
{
	(void)state;
	expect_refused_len("Zm\0v", 4);
	expect_refused_len("Zm9v\0\0\0\0", 8);
	expect_refused_len("\0", 1);
	expect_refused("\xc3\xa9" "AA");
	expect_refused("Zm9\x80");
	expect_refused("Zm.v");
	expect_refused("Zm%v");
}

/* Only inlen bytes are read: "Zm9v" followed by junk decodes as "foo". */
static void
test_reads_only_inlen(void **state)
{
	unsigned char *out = NULL;
	size_t outlen = 0;

	(void)state;
	assert_int_equal(ct_b64url_decode("Zm9v!!==", 4, &out, &outlen), 0);
	assert_int_equal(outlen, 3);
	assert_memory_equal(out, "foo", 3);
	free(out);
	expect_refused_len("Zm9v!!==", 5);
}

static void
test_empty_and_null(void **state)
{
	unsigned char *out = NULL;
	size_t outlen = 99;

	(void)state;
	assert_int_equal(ct_b64url_decode("", 0, &out, &outlen), 0);
	assert_non_null(out);
	assert_int_equal(outlen, 0);
	assert_int_equal(out[0], '\0');
	free(out);
	out = NULL;
	assert_int_equal(ct_b64url_decode(NULL, 0, &out, &outlen), 0);
	free(out);
	expect_refused_len(NULL, 4);
}

static void
test_char_class(void **state)
{
	int c, n = 0;

	(void)state;
	for (c = -1; c < 256; c++)
		n += ct_b64url_char(c);
	assert_int_equal(n, 64);
	assert_int_equal(ct_b64url_char('A'), 1);
	assert_int_equal(ct_b64url_char('_'), 1);
	assert_int_equal(ct_b64url_char('-'), 1);
	assert_int_equal(ct_b64url_char('='), 0);
	assert_int_equal(ct_b64url_char('+'), 0);
	assert_int_equal(ct_b64url_char('/'), 0);
	assert_int_equal(ct_b64url_char('.'), 0);
	assert_int_equal(ct_b64url_char('\0'), 0);
}

static void
test_decoded_len(void **state)
{
	(void)state;
	assert_int_equal(ct_b64url_decoded_len(0), 0);
	assert_int_equal(ct_b64url_decoded_len(2), 1);
	assert_int_equal(ct_b64url_decoded_len(3), 2);
	assert_int_equal(ct_b64url_decoded_len(4), 3);
	assert_int_equal(ct_b64url_decoded_len(86), 64);	/* ES256 sig */
	assert_int_equal(ct_b64url_decoded_len(342), 256);	/* RS256 sig */
}

/*
 * A reference decoder, slow and obviously correct: bit by bit, straight
 * from RFC 4648 sections 4-5 and 3.5.  The fast one must agree with it on
 * every input (issue 15 rewrote ct_b64url_decode for speed).
 */
static const char ref_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int
ref_value(unsigned char c)
{
	int i;

	for (i = 0; i < 64; i++)
		if ((unsigned char)ref_alpha[i] == c)
			return i;
	return -1;
}

/* Returns the decoded length, or -1; out holds at least len bytes. */
static long
ref_decode(const unsigned char *in, size_t len, unsigned char *out)
{
	size_t i, bit, nbits = len * 6, nbytes = nbits / 8;
	int v, b;

	if (len % 4 == 1)
		return -1;
	memset(out, 0, len + 1);
	for (i = 0; i < len; i++) {
		if ((v = ref_value(in[i])) < 0)
			return -1;
		for (b = 5; b >= 0; b--) {
			bit = i * 6 + (size_t)(5 - b);
			if (((v >> b) & 1) == 0)
				continue;
			/* A set bit past the last whole byte: not canonical. */
			if (bit >= nbytes * 8)
				return -1;
			out[bit / 8] |= (unsigned char)(0x80u >> (bit % 8));
		}
	}
	return (long)nbytes;
}

static size_t
ref_span(const unsigned char *in, size_t len)
{
	size_t i;

	for (i = 0; i < len && ref_value(in[i]) >= 0; i++)
		;
	return i;
}

/* Every entry point agrees with the reference on in[0..len). */
static void
compare_with_ref(const unsigned char *in, size_t len)
{
	unsigned char want[96], *out = NULL;
	size_t outlen = 0, chk = 0, span;
	long n;
	int r;

	assert_true(len + 1 <= sizeof(want));
	n = ref_decode(in, len, want);
	r = ct_b64url_decode((const char *)in, len, &out, &outlen);
	if (n < 0) {
		assert_int_equal(r, -1);
		assert_null(out);
	} else {
		assert_int_equal(r, 0);
		assert_int_equal(outlen, (size_t)n);
		assert_memory_equal(out, want, outlen);
		assert_int_equal(out[outlen], '\0');
		free(out);
	}
	span = ref_span(in, len);
	assert_int_equal(ct_b64url_span((const char *)in, len), span);
	assert_int_equal(ct_b64url_check((const char *)in, len, &chk),
	    n < 0 ? -1 : 0);
	if (n >= 0)
		assert_int_equal(chk, (size_t)n);
	if (span == len)
		assert_int_equal(ct_b64url_check_tail((const char *)in, len,
		    NULL), n < 0 ? -1 : 0);
}

/*
 * Every input of up to 6 characters over a reduced alphabet: the value 0,
 * each single bit (so every unused-bits rule of RFC 4648 3.5 is hit), a
 * URL character, and bytes that are not base64url at all.
 */
static void
test_exhaustive_short(void **state)
{
	static const unsigned char set[] = {
		'A', 'B', 'C', 'E', 'I', 'Q', 'g', '-', '=', '\0', 0xc3
	};
	const size_t k = sizeof(set);
	unsigned char in[8];
	size_t len, i, idx, total;

	(void)state;
	for (len = 0; len <= 6; len++) {
		for (total = 1, i = 0; i < len; i++)
			total *= k;
		for (idx = 0; idx < total; idx++) {
			size_t x = idx;

			for (i = 0; i < len; i++, x /= k)
				in[i] = set[x % k];
			compare_with_ref(in, len);
		}
	}
}

/* Longer random inputs, mostly valid, now and then one bad byte. */
static void
test_random_long(void **state)
{
	unsigned char in[90];
	uint32_t seed = 0x2545f491u;
	size_t len, i;
	int round;

	(void)state;
	for (round = 0; round < 200000; round++) {
		seed = seed * 1664525u + 1013904223u;
		len = (seed >> 8) % sizeof(in);
		for (i = 0; i < len; i++) {
			seed = seed * 1664525u + 1013904223u;
			in[i] = (unsigned char)ref_alpha[(seed >> 10) % 64];
		}
		seed = seed * 1664525u + 1013904223u;
		if (len > 0 && (seed >> 4) % 4 == 0)
			in[(seed >> 12) % len] = (unsigned char)(seed >> 24);
		compare_with_ref(in, len);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648_vectors),
		cmocka_unit_test(test_url_alphabet),
		cmocka_unit_test(test_all_bytes_roundtrip),
		cmocka_unit_test(test_refuses_padding),
		cmocka_unit_test(test_refuses_std_alphabet),
		cmocka_unit_test(test_refuses_whitespace),
		cmocka_unit_test(test_refuses_len_mod4_1),
		cmocka_unit_test(test_refuses_noncanonical),
		cmocka_unit_test(test_refuses_nul_and_high_bytes),
		cmocka_unit_test(test_reads_only_inlen),
		cmocka_unit_test(test_empty_and_null),
		cmocka_unit_test(test_char_class),
		cmocka_unit_test(test_decoded_len),
		cmocka_unit_test(test_exhaustive_short),
		cmocka_unit_test(test_random_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

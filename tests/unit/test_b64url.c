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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_b64url.c - libFuzzer target for strict base64url decoding
 * (RFC 4648 section 5 as profiled by RFC 7515 section 2).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "b64url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *out = NULL;
	size_t outlen = 0;

	if (ct_b64url_decode((const char *)data, size, &out, &outlen) != 0)
		return 0;
	/* A success decodes to exactly the announced length, plus a NUL. */
	if (outlen != ct_b64url_decoded_len(size) || out[outlen] != '\0')
		abort();
	free(out);
	return 0;
}

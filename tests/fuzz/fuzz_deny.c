/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_deny.c - libFuzzer target for the deny file's reader (issue 23,
 * src/identity/deny.h): any text gives CT_OK, CT_EAUTH or CT_ECONFIG,
 * never anything else, and a hit always names a line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deny.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_deny_check_text((const char *)data, size, "fuzz", "glew",
	    "bob@example.com", "abc", &e);
	if (r != CT_OK && r != CT_EAUTH && r != CT_ECONFIG)
		abort();
	if (r == CT_EAUTH && strstr(e.msg, "fuzz:") == NULL)
		abort();
	ct_err_clear(&e);
	(void)ct_deny_check_text((const char *)data, size, "fuzz", NULL, NULL,
	    NULL, &e);
	return 0;
}

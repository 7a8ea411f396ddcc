/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_usermap.c - libFuzzer target for the map_file grammar
 * ("IDENTITY USER" lines, DESIGN.md invariant 6).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "usermap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_identity id = { "https://www.cotter.app",
	    "0f3c1e1e-2020-4a5b-9c7d-000000000042",
	    "alice@example.com", NULL };
	struct ct_identity noid = { id.iss, id.sub, NULL, NULL };
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_usermap_check_text((const char *)data, size, "fuzz", &id,
	    "alice", &e);
	/* A user name that is not valid is never granted. */
	if (ct_usermap_check_text((const char *)data, size, "fuzz", &noid,
	    "Alice", &e) == CT_OK)
		abort();
	(void)r;
	return 0;
}

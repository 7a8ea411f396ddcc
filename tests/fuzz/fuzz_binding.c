/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_binding.c - libFuzzer target for the binding store's reader
 * (src/identity/binding.h grammar).  What parses must format and parse back to
 * the same binding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_binding b, again;
	char buf[CT_BINDING_MAX_BYTES];
	struct ct_err e;
	size_t len;

	ct_err_clear(&e);
	(void)ct_binding_parse_text((const char *)data, size, "alice", &b, &e);
	if (ct_binding_parse_text((const char *)data, size, NULL, &b,
	    &e) != CT_OK)
		return 0;
	if (ct_binding_format(&b, buf, sizeof(buf), &len, &e) != CT_OK ||
	    ct_binding_parse_text(buf, len, b.user, &again, &e) != CT_OK ||
	    strcmp(b.user, again.user) != 0 || strcmp(b.iss, again.iss) != 0 ||
	    strcmp(b.sub, again.sub) != 0 || b.pending != again.pending ||
	    strcmp(b.identity, again.identity) != 0 ||
	    b.created != again.created || b.nwas != again.nwas ||
	    (b.nwas > 0 && (strcmp(b.was[b.nwas - 1].sub,
	    again.was[b.nwas - 1].sub) != 0 ||
	    b.was[b.nwas - 1].until != again.was[b.nwas - 1].until)))
		abort();
	return 0;
}

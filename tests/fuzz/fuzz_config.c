/*
 * fuzz_config.c - libFuzzer target for the config file grammar
 * ("key = value" lines, DESIGN.md "Contracts").
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_config *cfg;
	struct ct_err e;

	ct_err_clear(&e);
	if ((cfg = ct_config_new()) == NULL)
		abort();
	if (ct_config_parse_text(cfg, (const char *)data, size, "fuzz",
	    &e) == CT_OK) {
		/* uid_min is never 0, leeway never out of range. */
		if (cfg->uid_min == 0 || cfg->leeway < 0 ||
		    cfg->leeway > CT_LEEWAY_MAX)
			abort();
		(void)ct_config_check(cfg, &e);
	}
	ct_config_free(cfg);
	return 0;
}

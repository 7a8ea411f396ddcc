/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_config.c - libFuzzer target for the config file grammar
 * ("key = value" lines, DESIGN.md "Contracts").
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "nssgate.h"
#include "uidalloc.h"

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
		/* issue 13: the keys libnss_cotter reads with this grammar */
		if (cfg->uid_lo == 0 || cfg->uid_lo > cfg->uid_hi ||
		    cfg->uid_hi > CT_UID_RANGE_TOP ||
		    strcmp(cfg->primary_group, "root") == 0)
			abort();
		if (ct_nss_gate(cfg, "/usr/sbin/sshd", 0, 0, "newbie",
		    &e) == CT_OK && (!cfg->ssh_create_users ||
		    !cfg->create_users))
			abort();
		(void)ct_config_check(cfg, &e);
	}
	ct_config_free(cfg);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_admin.c - libFuzzer target for pam-cotter's own parsers: its
 * command line (ad_parse_args), a token shown for display (ad_show_token:
 * the segments decoded and the claims printed, escaped) and a PAM service
 * file (ad_pamd_args).  The first byte picks one; the rest is its input.
 * The verification itself is fuzz_token's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "show.h"

#define ARGV_MAX 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* NUL-separated words become argv[1..]. */
static void
args(const char *s, size_t n)
{
	char *copy, *argv[ARGV_MAX + 1], msg[256];
	struct ad_opts o;
	size_t i = 0;
	int argc = 1;

	if ((copy = malloc(n + 1)) == NULL)
		abort();
	memcpy(copy, s, n);
	copy[n] = '\0';
	argv[0] = "pam-cotter";
	while (i < n && argc < ARGV_MAX) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	if (ad_parse_args(argc, argv, &o, msg, sizeof(msg)) == 0 &&
	    o.cmd == AD_ACCOUNTS && !o.help && o.action == NULL)
		abort();	/* accounts always has its action */
	free(copy);
}

static void
show(const char *s, size_t n)
{
	struct ad_out out;

	ad_out_init(&out, 1);	/* JSON: built, never printed */
	ad_show_token(&out, s, n, "identifier", 1600000000);
	json_decref(out.root);
}

static void
pamd(const char *s, size_t n)
{
	static char dir[] = "/tmp/fuzz_admin.XXXXXX";
	static int made;
	char path[64], *argv[AD_ARGS_MAX], msg[256];
	int argc = 0, found = 0;
	FILE *f;

	if (!made && mkdtemp(dir) == NULL)
		abort();
	made = 1;
	(void)snprintf(path, sizeof(path), "%s/svc", dir);
	if ((f = fopen(path, "w")) == NULL)
		abort();
	(void)fwrite(s, 1, n, f);
	(void)fclose(f);
	if (ad_pamd_args(dir, "svc", argv, &argc, &found, msg,
	    sizeof(msg)) == 0 && (argc < 0 || argc > AD_ARGS_MAX))
		abort();
	ad_pamd_free(argv, argc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		args((const char *)data + 1, size - 1);
		break;
	case 1:
		show((const char *)data + 1, size - 1);
		break;
	default:
		pamd((const char *)data + 1, size - 1);
		break;
	}
	return 0;
}

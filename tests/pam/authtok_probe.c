/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * authtok_probe.c - a test-only PAM module (never installed) standing
 * for pam_sss or pam_unix with use_first_pass behind pam_cotter: it
 * never prompts, it reads PAM_AUTHTOK as a later module would and writes
 * "absent" or "present N" (the item's length, never its bytes) to the
 * file named by its out=PATH argument, then succeeds only when it had an
 * item.  tests/e2e/t_module.sh (issue 19).
 */
#define PAM_SM_AUTH

#include <stdio.h>
#include <string.h>

#include <security/pam_modules.h>

#define PROBE_EXPORT __attribute__((visibility("default")))

static const char *
probe_out(int argc, const char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strncmp(argv[i], "out=", 4) == 0)
			return argv[i] + 4;
	return NULL;
}

PROBE_EXPORT int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	const void *item = NULL;
	const char *path;
	FILE *f;
	int r = PAM_AUTH_ERR;

	(void)flags;
	if ((path = probe_out(argc, argv)) == NULL ||
	    (f = fopen(path, "w")) == NULL)
		return PAM_SYSTEM_ERR;
	if (pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS)
		item = NULL;
	if (item == NULL)
		(void)fprintf(f, "absent\n");
	else
		(void)fprintf(f, "present %zu\n", strlen(item));
	if (fclose(f) != 0)
		r = PAM_SYSTEM_ERR;
	else if (item != NULL)
		r = PAM_SUCCESS;
	return r;
}

PROBE_EXPORT int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conv_tee.c - a test-only PAM module (never installed), first in a test
 * stack: it puts itself between the application's conversation and the
 * later modules, and appends the text of every question and message
 * those modules send to the file named by out=PATH (one line each, the
 * style first), then hands them to the application unchanged.  Answers
 * are never written.  tests/e2e/t_xlock.sh reads the device code there
 * as the person reads it on xsecurelock's screen (issue 25).
 */
#define PAM_SM_AUTH

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <security/pam_modules.h>

#define TEE_EXPORT __attribute__((visibility("default")))

struct tee {
	struct pam_conv orig;
	char path[512];
};

static int
tee_conv(int n, const struct pam_message **msg, struct pam_response **resp,
    void *arg)
{
	struct tee *t = arg;
	FILE *f = fopen(t->path, "a");
	int i;

	for (i = 0; f != NULL && i < n; i++)
		(void)fprintf(f, "%d %s\n", msg[i]->msg_style, msg[i]->msg);
	if (f != NULL)
		(void)fclose(f);
	return t->orig.conv(n, msg, resp, t->orig.appdata_ptr);
}

static void
tee_free(pam_handle_t *pamh, void *data, int status)
{
	(void)pamh;
	(void)status;
	free(data);
}

TEE_EXPORT int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	const void *item = NULL;
	struct pam_conv c;
	struct tee *t;

	(void)flags;
	if (argc != 1 || strncmp(argv[0], "out=", 4) != 0 ||
	    pam_get_item(pamh, PAM_CONV, &item) != PAM_SUCCESS ||
	    item == NULL || (t = calloc(1, sizeof(*t))) == NULL)
		return PAM_SYSTEM_ERR;
	t->orig = *(const struct pam_conv *)item;
	(void)snprintf(t->path, sizeof(t->path), "%s", argv[0] + 4);
	if (pam_set_data(pamh, "conv_tee", t, tee_free) != PAM_SUCCESS) {
		free(t);
		return PAM_SYSTEM_ERR;
	}
	c.conv = tee_conv;
	c.appdata_ptr = t;
	return pam_set_item(pamh, PAM_CONV, &c) == PAM_SUCCESS ?
	    PAM_IGNORE : PAM_SYSTEM_ERR;
}

TEE_EXPORT int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_IGNORE;
}

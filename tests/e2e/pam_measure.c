/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pam_measure.c - a test-only PAM module (never installed): asks one
 * question as pam_cotter does ("Cotter token: ", PAM_PROMPT_ECHO_OFF)
 * and appends the reply it got, byte for byte, as one line to the file
 * named by out=PATH (one line per question asked), so a test learns the longest reply a real client carries.
 * pam_exec's expose_authtok cannot measure this: it cuts at 511 bytes.
 * Always returns PAM_AUTH_ERR.  Filler only: never feed it a secret.
 *
 * Built by the tests themselves:
 *	cc -shared -fPIC -o pam_measure.so tests/e2e/pam_measure.c -lpam
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	const char *out = NULL;
	char *resp = NULL;
	int fd = -1, i, pr;

	(void)flags;
	for (i = 0; i < argc; i++)
		if (strncmp(argv[i], "out=", 4) == 0)
			out = argv[i] + 4;
	if (out == NULL || *out != '/')
		return PAM_SERVICE_ERR;
	pr = pam_prompt(pamh, PAM_PROMPT_ECHO_OFF, &resp, "%s",
	    "Cotter token: ");
	fd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		goto out;
	if (pr != PAM_SUCCESS || resp == NULL)
		dprintf(fd, "CONV-ERR %d\n", pr);
	else
		dprintf(fd, "%s\n", resp);
	close(fd);
out:
	if (resp != NULL) {
		explicit_bzero(resp, strlen(resp));
		free(resp);
	}
	return PAM_AUTH_ERR;
}

int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}

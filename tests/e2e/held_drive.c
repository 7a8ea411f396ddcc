/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * held_drive.c - a test-only stand-in for one sshd connection (issue
 * 19), never installed.  Like sshd's monitor it looks the user up once
 * (getpwnam, where libnss_cotter may answer when this executable is on
 * sshd_paths), keeps that record, then runs PAM for it on command:
 *
 *	held_drive SERVICE USER TOKENFILE
 *
 * prints "pw UID GID" (or "pw none"), then reads one command a line from
 * stdin and prints one result line for each:
 *	auth	pam_authenticate (the token from TOKENFILE, a 0600 file, at
 *		the hidden prompt) -> "auth CODE"
 *	acct	pam_acct_mgmt alone (a public key login) -> "acct CODE"
 *	run	"run UID GID": the record a session would run as
 * Messages the module shows (pam_error, pam_info) go to stderr.  The token
 * never appears in argv or the environment.
 *
 * Built by the test itself:
 *	cc -o held_drive tests/e2e/held_drive.c -lpam
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <security/pam_appl.h>

static char token[16384];

static int
conv(int n, const struct pam_message **msg, struct pam_response **resp,
    void *data)
{
	struct pam_response *r;
	int i;

	(void)data;
	if (n <= 0 || (r = calloc((size_t)n, sizeof(*r))) == NULL)
		return PAM_CONV_ERR;
	for (i = 0; i < n; i++) {
		if (msg[i]->msg_style == PAM_PROMPT_ECHO_OFF)
			r[i].resp = strdup(token);
		else
			(void)fprintf(stderr, "msg %s\n", msg[i]->msg);
	}
	*resp = r;
	return PAM_SUCCESS;
}

static const char *
code(int r)
{
	switch (r) {
	case PAM_SUCCESS: return "PAM_SUCCESS";
	case PAM_AUTH_ERR: return "PAM_AUTH_ERR";
	case PAM_USER_UNKNOWN: return "PAM_USER_UNKNOWN";
	case PAM_SYSTEM_ERR: return "PAM_SYSTEM_ERR";
	case PAM_PERM_DENIED: return "PAM_PERM_DENIED";
	case PAM_IGNORE: return "PAM_IGNORE";
	default: return "PAM_OTHER";
	}
}

int
main(int argc, char **argv)
{
	struct pam_conv c = { conv, NULL };
	pam_handle_t *pamh = NULL;
	struct passwd *pw;
	char line[64];
	FILE *f;
	uid_t uid = 0;
	gid_t gid = 0;
	int held = 0;

	if (argc != 4 || (f = fopen(argv[3], "r")) == NULL ||
	    fgets(token, sizeof(token), f) == NULL)
		return 2;
	(void)fclose(f);
	token[strcspn(token, "\n")] = '\0';
	if ((pw = getpwnam(argv[2])) != NULL) {
		held = 1;
		uid = pw->pw_uid;
		gid = pw->pw_gid;
		(void)printf("pw %lu %lu\n", (unsigned long)uid,
		    (unsigned long)gid);
	} else
		(void)printf("pw none\n");
	(void)fflush(stdout);
	if (pam_start(argv[1], argv[2], &c, &pamh) != PAM_SUCCESS)
		return 3;
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (strcmp(line, "auth\n") == 0)
			(void)printf("auth %s\n", code(pam_authenticate(pamh, 0)));
		else if (strcmp(line, "acct\n") == 0)
			(void)printf("acct %s\n", code(pam_acct_mgmt(pamh, 0)));
		else if (strcmp(line, "run\n") == 0 && held)
			(void)printf("run %lu %lu\n", (unsigned long)uid,
			    (unsigned long)gid);
		else
			(void)printf("? %s", line);
		(void)fflush(stdout);
	}
	explicit_bzero(token, sizeof(token));
	(void)pam_end(pamh, PAM_SUCCESS);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * advice.h - what works for the client at hand when a token arrives cut
 * short or repeated (issue 25, point 4): keyboard-interactive for ssh,
 * parts for sudo, the device code or the local password for a screen
 * locker or display manager; never advice meant for another client.
 */
#ifndef CT_ADVICE_H
#define CT_ADVICE_H

#include <security/pam_modules.h>

enum ct_client {
	CT_CLIENT_SSH,		/* sshd: the client keeps 1023 bytes */
	CT_CLIENT_SUDO,		/* sudo*: 511 bytes per answer */
	CT_CLIENT_SCREEN,	/* a locker or display manager: no paste */
	CT_CLIENT_OTHER		/* a terminal: parts work */
};

/* The client behind PAM_SERVICE. */
enum ct_client ct_client_of(pam_handle_t *pamh);

/*
 * The advice for the log line (after "; ") and for the screen.  device:
 * the service offers sign-in on another device (devflow.h).
 */
const char *ct_advice_log(enum ct_client c, int device);
const char *ct_advice_screen(enum ct_client c, int device);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pam_cotter.c - PAM entry points.  This file alone turns the library's
 * CT_* codes into PAM_* codes (DESIGN.md, "PAM results").
 */
#define PAM_SM_AUTH
#define PAM_SM_ACCOUNT

#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "account.h"
#include "auth.h"
#include "config.h"
#include "nssheld.h"
#include "pamcode.h"

#define CT_FAIL_DELAY_USEC 2000000	/* as pam_unix: 2 s on failure */

/* Built with -fvisibility=hidden; pam_cotter.map lists these too. */
#define CT_EXPORT __attribute__((visibility("default")))

/*
 * Issue 21.6: the escaped name u as one shell word for the hint: as it is
 * when it holds only name characters, else in single quotes ('\'' for a
 * quote), so the line can be copied as it stands.
 */
static void
shell_word(char *out, size_t size, const char *u)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@+-";
	size_t o = 0;
	int quote = strspn(u, plain) != strlen(u);

	if (quote)
		out[o++] = '\'';
	for (; *u != '\0' && o + 6 < size; u++) {
		if (*u == '\'') {
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else
			out[o++] = *u;
	}
	if (quote)
		out[o++] = '\'';
	out[o] = '\0';
}

/*
 * One syslog line per refusal; never any part of the token.  It ends with
 * the command that explains it (the same steps, reported one by one).
 */
static void
log_refusal(pam_handle_t *pamh, const char *user, const struct ct_err *e)
{
	const char *why = e->msg[0] != '\0' ? e->msg : ct_status_name((int)e->code);
	char u[64], word[200], hint[240];

	if (user == NULL) {
		pam_syslog(pamh, LOG_ERR, "configuration error: %s "
		    "(see: pam-cotter doctor)", why);
		return;
	}
	ct_sanitize(u, sizeof(u), user, strlen(user));
	/* Out of memory or a broken system: the check would not say more. */
	shell_word(word, sizeof(word), u);
	if (e->code == CT_ENOMEM || e->code == CT_ESYS ||
	    e->code == CT_ENAMESVC)
		hint[0] = '\0';
	else if (e->code == CT_ECONFIG)
		(void)snprintf(hint, sizeof(hint), " (see: pam-cotter doctor)");
	else
		(void)snprintf(hint, sizeof(hint), " (see: pam-cotter check "
		    "--user %s)", word);
	pam_syslog(pamh, e->code == CT_ECONFIG ? LOG_ERR : LOG_NOTICE,
	    "refused user \"%s\": %s%s", u, why, hint);
}

/*
 * Issue 19: what the person at the prompt must do differently, on screen
 * and not only in the log (a failed conversation changes nothing): this
 * connection holds a record no account matches any more (only a new
 * connection can log in), or the name service (a directory such as LDAP
 * through nslcd or sssd) could not answer.
 */
static void
say_why(pam_handle_t *pamh, int flags, int ct, const struct ct_err *e)
{
	if ((flags & (int)PAM_SILENT) != 0)
		return;
	if (e->screen[0] != '\0')
		(void)pam_error(pamh, "%s", e->screen);
	else if (ct == CT_ENAMESVC)
		(void)pam_error(pamh, "The user directory (name service) is "
		    "unavailable: no login can be decided now. Try again "
		    "later or tell the administrator.");
	else if (strstr(e->msg, CT_HELD_RECONNECT) != NULL)
		(void)pam_error(pamh, "This connection looked the account up "
		    "before it changed; please disconnect and connect again.");
}

/*
 * Issue 21: an answer not shaped like a token (a local password, with the
 * module first in common-auth) is no refused token: still PAM_AUTH_ERR
 * (DESIGN.md, "PAM results"), which "sufficient" and "default=ignore"
 * pass over to pam_unix, but no refusal line, only a debug one.
 */
static int
passed_on(pam_handle_t *pamh, const struct ct_config *cfg, const char *user,
    int ct, const struct ct_err *e)
{
	char u[64];

	if (ct != CT_EAUTH || strcmp(e->msg, CT_NOT_A_TOKEN) != 0)
		return 0;
	if (cfg->debug) {
		ct_sanitize(u, sizeof(u), user, strlen(user));
		pam_syslog(pamh, LOG_DEBUG, "user \"%s\": %s, left to the "
		    "next module", u, e->msg);
	}
	return 1;
}

CT_EXPORT int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	struct ct_config *cfg = NULL;
	struct ct_err e;
	const char *user = NULL;
	int r = PAM_AUTH_ERR, ct;

	ct_err_clear(&e);
	if ((ct = ct_config_load(argc, argv, &cfg, &e)) != CT_OK) {
		log_refusal(pamh, NULL, &e);
		r = ct_pam_code(ct);
		goto out;
	}
	if (!cfg->nodelay)
		(void)pam_fail_delay(pamh, CT_FAIL_DELAY_USEC);
	if ((r = pam_get_user(pamh, &user, NULL)) != PAM_SUCCESS ||
	    user == NULL || *user == '\0') {
		pam_syslog(pamh, LOG_NOTICE, "cannot determine user name");
		r = (r == PAM_SUCCESS) ? PAM_USER_UNKNOWN : r;
		goto out;
	}
	if ((ct = ct_authenticate(pamh, cfg, user, &e)) != CT_OK &&
	    !passed_on(pamh, cfg, user, ct, &e)) {
		log_refusal(pamh, user, &e);
		say_why(pamh, flags, ct, &e);
	}
	r = ct_pam_code(ct);
out:
	/* Issue 19: a refused token is no password for later modules. */
	ct_err_clear(&e);
	if (r != PAM_SUCCESS && ct_forget_token(pamh, &e) != CT_OK)
		pam_syslog(pamh, LOG_ERR, "%s", e.msg);
	ct_config_free(cfg);
	return r;
}

/* No credentials to establish: a token proves identity only (pam_u2f). */
CT_EXPORT int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}

/*
 * Account policy belongs to pam_unix; this module has none of its own and
 * says so with PAM_IGNORE, which can never turn a stack into a success.
 * Refusals (issues 13, 19): a user that exists only as libnss_cotter's
 * answer before its first login has no account, whatever authenticated
 * it (a public key left in a removed account's home, for one); nor has a
 * user whose answer this process holds when the name service no longer
 * gives that uid and gid (sshd would open the session with it).  A lookup
 * that fails is PAM_SYSTEM_ERR, never PAM_IGNORE.
 */
CT_EXPORT int
pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct ct_err e;
	const char *user = NULL;
	int ct, r = PAM_IGNORE;

	(void)argc;
	(void)argv;
	ct_err_clear(&e);
	if (pam_get_item(pamh, PAM_USER, (const void **)&user) !=
	    PAM_SUCCESS || user == NULL || *user == '\0')
		goto out;
	if ((ct = ct_nss_account_gate(user, &e)) == CT_OK)
		goto out;
	/* Issue 19: a failed lookup is PAM_SYSTEM_ERR, never PAM_IGNORE. */
	log_refusal(pamh, user, &e);
	say_why(pamh, flags, ct, &e);
	r = ct_pam_code(ct);
out:
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account.c - the local account a token may open (DESIGN.md invariant 6):
 * it must exist under exactly this name and have a uid of at least
 * uid_min; uid 0 never qualifies.
 */
#include <sys/types.h>

#include <errno.h>
#include <string.h>

#include "account.h"
#include "err.h"
#include "idlookup.h"
#include "nssgate.h"

#define CT_SHOWN_MAX		65

/*
 * user escaped for a refusal line (D5), into shown.  Called only where a
 * line is written: a login that passes escapes nothing (issue 15).
 */
static const char *
show(char shown[CT_SHOWN_MAX], const char *user)
{
	ct_sanitize(shown, CT_SHOWN_MAX, user, strlen(user));
	return shown;
}

/* ct_id_pwnam with the error lines this file has always logged. */
static int
lookup(const char *user, struct ct_id *id, int *found, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	int r = CT_OK;

	*found = 0;
	switch (ct_id_pwnam(user, id)) {
	case CT_ID_FOUND:
		*found = 1;
		break;
	case CT_ID_ABSENT:
		break;
	default:
		if (id->err == ENOMEM)
			r = ct_fail(e, CT_ENOMEM, "account \"%s\": out of "
			    "memory", show(shown, user));
		else if (id->err == ERANGE)
			r = ct_fail(e, CT_ESYS, "account \"%s\": passwd "
			    "entry larger than %d bytes", show(shown, user),
			    CT_ID_BUF_MAX);
		else
			r = ct_fail(e, CT_ENAMESVC, "account \"%s\": the "
			    "name service is unavailable (%s); nothing is "
			    "decided or created until it answers",
			    show(shown, user), CT_STRERROR(id->err));
		break;
	}
	return r;
}

int
ct_account_placeholder_r(const struct ct_id *id, int *is, struct ct_err *e)
{
	struct ct_id back;
	char shown[CT_SHOWN_MAX];
	int r = CT_OK, found;

	*is = 0;
	if (strcmp(id->gecos, CT_NSS_GECOS) != 0)
		goto out;
	/*
	 * libnss_cotter answers no getpwuid: an account that really exists
	 * is found again by its uid under the same name.
	 */
	if ((found = ct_id_pwuid(id->uid, &back)) == CT_ID_ERROR) {
		*is = 1;	/* for ct_account_placeholder: no account */
		r = ct_fail(e, CT_ENAMESVC, "account \"%s\": the name "
		    "service is unavailable (uid %lu: %s)",
		    show(shown, id->name), (unsigned long)id->uid,
		    CT_STRERROR(back.err));
		goto out;
	}
	*is = !(found == CT_ID_FOUND && strcmp(back.name, id->name) == 0);
out:
	return r;
}

int
ct_account_placeholder(const struct ct_id *id)
{
	int is = 1;

	/* A failed lookup cannot tell: say "not an account". */
	(void)ct_account_placeholder_r(id, &is, NULL);
	return is;
}

int
ct_account_pending(const char *user, uid_t *uid, gid_t *gid, int *pending,
    struct ct_err *e)
{
	struct ct_id pw;
	int found = 0, is = 0, r = CT_ESYS;

	*pending = 0;
	if ((r = lookup(user, &pw, &found, e)) != CT_OK)
		goto out;
	if (found && strcmp(pw.name, user) == 0 &&
	    (r = ct_account_placeholder_r(&pw, &is, e)) != CT_OK)
		goto out;
	if (found && strcmp(pw.name, user) == 0 && is) {
		*pending = 1;
		*uid = pw.uid;
		*gid = pw.gid;
	}
	r = CT_OK;
out:
	return r;
}

/*
 * CT_OK when user has an account; the NSS module's answer before a first
 * login is no account (CT_ENOUSER).
 */
static int
existing(const char *user, struct ct_id *pw, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	int found = 0, is = 0, r;

	if ((r = lookup(user, pw, &found, e)) != CT_OK)
		goto out;
	if (found && (r = ct_account_placeholder_r(pw, &is, e)) != CT_OK)
		goto out;
	if (!found || is)
		r = ct_fail(e, CT_ENOUSER, "account \"%s\": no such user",
		    show(shown, user));
out:
	return r;
}

int
ct_account_uid(const char *user, uid_t *uid, gid_t *gid, struct ct_err *e)
{
	struct ct_id pw;
	int r = CT_ESYS;

	if ((r = existing(user, &pw, e)) != CT_OK)
		goto out;
	*uid = pw.uid;
	*gid = pw.gid;
	r = CT_OK;
out:
	return r;
}

int
ct_account_check(const char *user, uid_t uid_min, struct ct_err *e)
{
	struct ct_id pw;
	char shown[CT_SHOWN_MAX];
	int r = CT_EAUTH;

	if (user == NULL || *user == '\0') {
		r = ct_fail(e, CT_ENOUSER, "account: no user name");
		goto out;
	}
	if ((r = existing(user, &pw, e)) != CT_OK)
		goto out;
	/* A case-insensitive NSS backend may answer for another name. */
	if (strcmp(pw.name, user) != 0) {
		r = ct_fail(e, CT_EAUTH, "account \"%s\": name service "
		    "returned a different name", show(shown, user));
		goto out;
	}
	/* Invariant 6: root never logs in here, whatever uid_min says. */
	if (pw.uid == 0) {
		r = ct_fail(e, CT_EAUTH, "account \"%s\": uid 0 is never "
		    "allowed", show(shown, user));
		goto out;
	}
	if (pw.uid < uid_min) {
		r = ct_fail(e, CT_EAUTH, "account \"%s\": uid %lu is below "
		    "uid_min %lu", show(shown, user), (unsigned long)pw.uid,
		    (unsigned long)uid_min);
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

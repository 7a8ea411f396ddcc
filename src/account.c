/*
 * account.c - the local account a token may open (DESIGN.md invariant 6):
 * it must exist under exactly this name and have a uid of at least
 * uid_min; uid 0 never qualifies.
 */
#include <sys/types.h>

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "err.h"
#include "nssgate.h"

#define CT_PW_BUF_DEFAULT	16384
#define CT_PW_BUF_MAX		(1024 * 1024)
#define CT_SHOWN_MAX		65

/*
 * getpwnam_r(3) with a buffer that grows on ERANGE up to CT_PW_BUF_MAX.
 * On CT_OK *found says whether the user exists; *bufp must be freed by
 * the caller (pw points into it).
 */
static int
lookup(const char *user, struct passwd *pw, char **bufp, int *found,
    const char *shown, struct ct_err *e)
{
	struct passwd *res = NULL;
	char *buf = NULL, *nb;
	long sc;
	size_t size;
	int rc, r = CT_ESYS;

	*found = 0;
	sc = sysconf(_SC_GETPW_R_SIZE_MAX);
	size = (sc > 0 && sc <= CT_PW_BUF_MAX) ? (size_t)sc :
	    CT_PW_BUF_DEFAULT;
	for (;;) {
		if ((nb = realloc(buf, size)) == NULL) {
			r = ct_fail(e, CT_ENOMEM, "account \"%s\": out of "
			    "memory", shown);
			goto out;
		}
		buf = nb;
		res = NULL;
		rc = getpwnam_r(user, pw, buf, size, &res);
		if (rc != ERANGE)
			break;
		if (size >= CT_PW_BUF_MAX) {
			r = ct_fail(e, CT_ESYS, "account \"%s\": passwd entry "
			    "larger than %d bytes", shown, CT_PW_BUF_MAX);
			goto out;
		}
		size = size * 2 > CT_PW_BUF_MAX ? CT_PW_BUF_MAX : size * 2;
	}
	/* getpwnam_r(3): 0 or ENOENT/ESRCH/EBADF/EPERM mean "not found". */
	if (rc != 0 && rc != ENOENT && rc != ESRCH && rc != EBADF &&
	    rc != EPERM) {
		r = ct_fail(e, CT_ESYS, "account \"%s\": lookup failed: %s",
		    shown, CT_STRERROR(rc));
		goto out;
	}
	*found = res != NULL;
	*bufp = buf;
	buf = NULL;
	r = CT_OK;
out:
	free(buf);
	return r;
}

int
ct_account_placeholder(const struct passwd *pw)
{
	struct passwd back, *res = NULL;
	char *buf = NULL;
	size_t size = CT_PW_BUF_DEFAULT;
	int rc, r = 0;

	if (pw->pw_gecos == NULL || strcmp(pw->pw_gecos, CT_NSS_GECOS) != 0)
		goto out;
	/*
	 * libnss_cotter answers no getpwuid: an account that really exists
	 * is found again by its uid under the same name.
	 */
	r = 1;
	if ((buf = malloc(size)) == NULL)
		goto out;	/* cannot tell: say "not an account" */
	rc = getpwuid_r(pw->pw_uid, &back, buf, size, &res);
	if ((rc == 0 || rc == ERANGE) && res != NULL &&
	    strcmp(back.pw_name, pw->pw_name) == 0)
		r = 0;
out:
	free(buf);
	return r;
}

int
ct_account_pending(const char *user, uid_t *uid, gid_t *gid, int *pending,
    struct ct_err *e)
{
	struct passwd pw;
	char shown[CT_SHOWN_MAX];
	char *buf = NULL;
	int found = 0, r = CT_ESYS;

	*pending = 0;
	ct_sanitize(shown, sizeof(shown), user, strlen(user));
	if ((r = lookup(user, &pw, &buf, &found, shown, e)) != CT_OK)
		goto out;
	if (found && pw.pw_name != NULL && strcmp(pw.pw_name, user) == 0 &&
	    ct_account_placeholder(&pw)) {
		*pending = 1;
		*uid = pw.pw_uid;
		*gid = pw.pw_gid;
	}
	r = CT_OK;
out:
	free(buf);
	return r;
}

int
ct_account_uid(const char *user, uid_t *uid, gid_t *gid, struct ct_err *e)
{
	struct passwd pw;
	char shown[CT_SHOWN_MAX];
	char *buf = NULL;
	int found = 0, r = CT_ESYS;

	ct_sanitize(shown, sizeof(shown), user, strlen(user));
	if ((r = lookup(user, &pw, &buf, &found, shown, e)) != CT_OK)
		goto out;
	if (!found || ct_account_placeholder(&pw)) {
		r = ct_fail(e, CT_ENOUSER, "account \"%s\": no such user",
		    shown);
		goto out;
	}
	*uid = pw.pw_uid;
	*gid = pw.pw_gid;
	r = CT_OK;
out:
	free(buf);
	return r;
}

int
ct_account_check(const char *user, uid_t uid_min, struct ct_err *e)
{
	struct passwd pw;
	char shown[CT_SHOWN_MAX];
	char *buf = NULL;
	int found = 0, r = CT_EAUTH;

	if (user == NULL || *user == '\0') {
		r = ct_fail(e, CT_ENOUSER, "account: no user name");
		goto out;
	}
	ct_sanitize(shown, sizeof(shown), user, strlen(user));
	if ((r = lookup(user, &pw, &buf, &found, shown, e)) != CT_OK)
		goto out;
	/* The NSS module's answer before a first login is no account. */
	if (!found || ct_account_placeholder(&pw)) {
		r = ct_fail(e, CT_ENOUSER, "account \"%s\": no such user",
		    shown);
		goto out;
	}
	/* A case-insensitive NSS backend may answer for another name. */
	if (pw.pw_name == NULL || strcmp(pw.pw_name, user) != 0) {
		r = ct_fail(e, CT_EAUTH, "account \"%s\": name service "
		    "returned a different name", shown);
		goto out;
	}
	/* Invariant 6: root never logs in here, whatever uid_min says. */
	if (pw.pw_uid == 0) {
		r = ct_fail(e, CT_EAUTH, "account \"%s\": uid 0 is never "
		    "allowed", shown);
		goto out;
	}
	if (pw.pw_uid < uid_min) {
		r = ct_fail(e, CT_EAUTH, "account \"%s\": uid %lu is below "
		    "uid_min %lu", shown, (unsigned long)pw.pw_uid,
		    (unsigned long)uid_min);
		goto out;
	}
	r = CT_OK;
out:
	free(buf);
	return r;
}

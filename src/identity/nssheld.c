/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nssheld.c - reads back, inside the same process, the record that
 * libnss_cotter.so.2 answered for a name before authentication (issue
 * 19).  glibc loads the NSS module by its soname into the main link
 * namespace; dlopen with RTLD_NOLOAD finds it there only if it is loaded
 * already, so a process whose lookups never reached the module gets
 * "nothing held" without loading it.
 */
#include <sys/types.h>

#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

#include "account.h"
#include "nssheld.h"

#define CT_SHOWN_MAX	65

static ct_held_fn held_override;	/* tests only */

void
ct_nss_held_source(ct_held_fn fn)
{
	held_override = fn;
}

int
ct_nss_held(const char *name, uid_t *uid, gid_t *gid, int *held,
    struct ct_err *e)
{
	void *lib = NULL, *sym = NULL;
	ct_held_fn fn = held_override;
	int r = CT_OK;

	*held = 0;
	if (fn == NULL &&
	    (lib = dlopen(CT_NSS_SONAME, RTLD_LAZY | RTLD_NOLOAD)) == NULL)
		goto out;	/* never loaded: never answered */
	if (fn == NULL) {
		if ((sym = dlsym(lib, CT_NSS_HELD_SYM)) == NULL) {
			r = ct_fail(e, CT_ESYS, "%s is loaded but has no %s "
			    "(an older build?)", CT_NSS_SONAME,
			    CT_NSS_HELD_SYM);
			goto out;
		}
		/* POSIX dlsym: a function's address as void *. */
		fn = (ct_held_fn)(uintptr_t)sym;
	}
	*held = fn(name, uid, gid) == 1;
out:
	if (lib != NULL)
		(void)dlclose(lib);	/* RTLD_NOLOAD took a reference */
	return r;
}

/* CT_EAUTH: the account name is not (or no longer) what was answered. */
static int
mismatch(const char *name, int gone, uid_t u, gid_t g, uid_t hu, gid_t hg,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];

	ct_sanitize(shown, sizeof(shown), name, strlen(name));
	ct_err_clear(e);	/* "no such user" becomes this reason */
	if (gone)
		return ct_fail(e, CT_EAUTH, "account \"%s\": this connection "
		    "was answered uid %lu gid %lu before authentication and "
		    "that record is gone; %s", shown, (unsigned long)hu,
		    (unsigned long)hg, CT_HELD_RECONNECT);
	return ct_fail(e, CT_EAUTH, "account \"%s\" has uid %lu gid %lu, "
	    "but this connection was answered uid %lu gid %lu before "
	    "authentication (the uid was taken meanwhile); %s", shown,
	    (unsigned long)u, (unsigned long)g, (unsigned long)hu,
	    (unsigned long)hg, CT_HELD_RECONNECT);
}

int
ct_nss_held_match(const char *name, struct ct_err *e)
{
	uid_t hu = 0, u = 0;
	gid_t hg = 0, g = 0;
	int held = 0, r;

	if ((r = ct_nss_held(name, &hu, &hg, &held, e)) != CT_OK || !held)
		return r;
	if ((r = ct_account_uid(name, &u, &g, e)) == CT_ENOUSER)
		return mismatch(name, 1, u, g, hu, hg, e);
	if (r == CT_OK && (u != hu || g != hg))
		r = mismatch(name, 0, u, g, hu, hg, e);
	return r;
}

int
ct_nss_account_gate(const char *user, struct ct_err *e)
{
	uid_t uid = 0;
	gid_t gid = 0;
	int pending = 0, r;

	if ((r = ct_account_pending(user, &uid, &gid, &pending,
	    e)) != CT_OK)
		return r;
	if (pending)
		return ct_fail(e, CT_ENOUSER, "no account yet (only the NSS "
		    "module's answer before a first login)");
	if ((r = ct_nss_held_match(user, e)) == CT_EAUTH)
		r = CT_ENOUSER;
	return r;
}

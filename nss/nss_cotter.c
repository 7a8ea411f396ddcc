/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nss_cotter.c - libnss_cotter.so.2, an NSS "passwd" module (issue 13).
 *
 * Inside sshd's privileged pre-authentication only, it answers getpwnam
 * for a person whose account does not exist yet with the record that
 * account creation will give (uid from src/identity/uidalloc.c, gid from
 * primary_group), so that sshd hands the password or keyboard-interactive
 * answer to PAM instead of its "INCORRECT" stand-in, and the session that
 * follows runs as the account pam_cotter just created.  Everywhere else it
 * answers NSS_STATUS_NOTFOUND; it has no getpwuid, getpwent or group
 * functions at all.  When another source could not answer (nslcd or
 * sssd stopped, issue 19) it answers NSS_STATUS_TRYAGAIN with EAGAIN,
 * never a record: the name may be a directory user's, the uid a
 * directory's.  Put it before a directory source on the passwd line
 * (passwd: files cotter ldap): its own lookup of the name then reaches
 * the directory last, so glibc reports an outage instead of the
 * "not found" of a source after it.
 *
 * Rules of an NSS module (glibc's nss_files, systemd's nss-systemd): libc
 * only, reentrant, no descriptor kept, nothing allocated that outlives a
 * call, errno as the caller had it (but for a failure, which glibc reads
 * from errno).  It always reads CT_DEFAULT_CONFIG: an
 * NSS module takes no arguments.
 *
 * Its one piece of state: the answers of this process (name, uid, gid),
 * at most NC_HELD_MAX names.  sshd looks the name up once, in its
 * monitor, and keeps that record for the session; PAM runs later in the
 * same process or in a child forked from it.  Keeping the answer makes
 * the uid pam_cotter reads back (and passes to the account helper) the
 * very uid sshd holds, even if the ids in use changed in between; a uid
 * taken meanwhile is never answered again, and a name once answered is
 * never answered with another uid.  _nss_cotter_held tells pam_cotter, in
 * the same process, what was answered even after the answer is withdrawn
 * (issue 19: the session sshd opens runs as that uid, whatever account
 * the login ends up with, so every path must end at that uid and gid).
 */
#include <sys/types.h>

#include <errno.h>
#include <nss.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "automap.h"
#include "config.h"
#include "idlookup.h"
#include "nssgate.h"
#include "safefile.h"
#include "uidalloc.h"
#include "uidhold.h"

#define NC_EXPORT	__attribute__((visibility("default")))
#define NC_EXE_MAX	4096
#define NC_HELD_MAX	8	/* names answered per process, at most */

struct nc_answer {
	char name[CT_NAME_MAX + 1];
	uid_t uid;
	gid_t gid;
};

static pthread_mutex_t nc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nc_answer nc_held[NC_HELD_MAX];	/* name[0] == '\0': free */
static int nc_logged;			/* under nc_lock: one line per process */
/* Our own nested lookups; initial-exec TLS needs no __tls_get_addr, so
 * the module needs libc alone (glibc keeps static TLS room for dlopen). */
static __thread int nc_busy __attribute__((tls_model("initial-exec")));

NC_EXPORT enum nss_status _nss_cotter_getpwnam_r(const char *name,
    struct passwd *pw, char *buf, size_t buflen, int *errnop);
NC_EXPORT int _nss_cotter_held(const char *name, uid_t *uid, gid_t *gid);

/* One syslog line per process at most, whatever a caller repeats. */
static void
log_once(const char *why)
{
	int first;

	(void)pthread_mutex_lock(&nc_lock);
	first = !nc_logged;
	nc_logged = 1;
	(void)pthread_mutex_unlock(&nc_lock);
	if (first)
		syslog(LOG_AUTHPRIV | LOG_ERR, "libnss_cotter: %s "
		    "(answering nothing)", why);
}

/* The configuration file, parsed with the module's own grammar. */
static struct ct_config *
load_config(void)
{
	struct ct_config *cfg = NULL, *ret = NULL;
	struct ct_err e;
	char *text = NULL;
	size_t len = 0;
	int missing = 0;

	ct_err_clear(&e);
	if ((cfg = ct_config_new()) == NULL)
		goto out;
	if (ct_safe_read(CT_DEFAULT_CONFIG, CT_CONFIG_MAX_BYTES, CT_ECONFIG,
	    &text, &len, &missing, &e) != CT_OK) {
		if (!missing)
			log_once(e.msg);
		goto out;
	}
	if (ct_config_parse_text(cfg, text, len, CT_DEFAULT_CONFIG,
	    &e) != CT_OK || ct_config_check_ids(cfg, &e) != CT_OK) {
		log_once(e.msg);
		goto out;
	}
	ret = cfg;
	cfg = NULL;
out:
	free(text);
	ct_config_free(cfg);
	return ret;
}

/*
 * 1 when another source (files, systemd, ...) knows name.  Our own
 * getpwnam_r comes back to us and is refused (nc_busy), so the shared
 * lookup may retry with a larger buffer: a record too large even for
 * CT_ID_BUF_MAX is an error, and the caller then answers nothing, as it
 * does for a record that exists.
 */
static int
exists_elsewhere(const char *name, int *exists)
{
	struct ct_id id;
	int r;

	if ((r = ct_id_pwnam(name, &id)) != CT_ID_ERROR)
		*exists = r == CT_ID_FOUND;
	return r == CT_ID_ERROR ? -1 : 0;
}

/* Under nc_lock: the slot of name, or of a free entry; NULL when full. */
static struct nc_answer *
held_slot(const char *name, int *same)
{
	struct nc_answer *free_one = NULL;
	size_t i;

	*same = 0;
	for (i = 0; i < NC_HELD_MAX; i++) {
		if (strcmp(nc_held[i].name, name) == 0 && name[0] != '\0') {
			*same = 1;
			return &nc_held[i];
		}
		if (nc_held[i].name[0] == '\0' && free_one == NULL)
			free_one = &nc_held[i];
	}
	return free_one;
}

/* 1 when this process answered name, with its uid and gid. */
static int
held(const char *name, uid_t *uid, gid_t *gid)
{
	struct nc_answer *a;
	int same = 0;

	(void)pthread_mutex_lock(&nc_lock);
	if ((a = held_slot(name, &same)) != NULL && same) {
		*uid = a->uid;
		*gid = a->gid;
	}
	(void)pthread_mutex_unlock(&nc_lock);
	return same;
}

/* Keeps the answer; -1 when NC_HELD_MAX names were answered already. */
static int
hold(const char *name, uid_t uid, gid_t gid)
{
	struct nc_answer *a;
	int same = 0, r = -1;

	(void)pthread_mutex_lock(&nc_lock);
	if ((a = held_slot(name, &same)) != NULL && (!same ||
	    (a->uid == uid && a->gid == gid))) {
		(void)snprintf(a->name, sizeof(a->name), "%s", name);
		a->uid = uid;
		a->gid = gid;
		r = 0;
	}
	(void)pthread_mutex_unlock(&nc_lock);
	return r;
}

/*
 * The uid and gid of name: this process's earlier answer if it is still
 * free, else a fresh allocation (kept).  0, or -1: answer nothing,
 * with *unavail = 1 when a lookup could not be answered (issue 19).
 */
static int
ids_for(const struct ct_config *cfg, const char *name, uid_t *uid,
    gid_t *gid, int *unavail)
{
	struct ct_err e;
	gid_t g = 0;
	int taken = 1, r = -1;

	ct_err_clear(&e);
	*unavail = 0;
	if (held(name, uid, &g)) {
		/* Still free?  Else never answer a uid in use. */
		if (ct_uid_in_use(*uid, &taken) != 0 ||
		    (!taken && ct_gid_in_use((gid_t)*uid, &taken) != 0)) {
			*unavail = 1;
			goto out;
		}
		if (taken || ct_uid_bound_other(cfg->state_dir, *uid, name,
		    &taken) != 0 || taken)
			goto out;
	} else if (ct_uid_alloc(name, cfg->uid_lo, cfg->uid_hi,
	    cfg->state_dir, uid, &e) != CT_OK)
		goto out;
	if (ct_primary_gid(cfg, *uid, gid, &e) != CT_OK)
		goto out;
	/* A name is never answered with two records in one process. */
	if (hold(name, *uid, *gid) != 0)
		goto out;
	/* Keep other names' picks off it while this connection lives
	 * (advisory: src/identity/nssheld.c refuses the login if it is taken). */
	(void)ct_uid_hold(cfg->state_dir, name, *uid, time(NULL));
	r = 0;
out:
	if (e.code == CT_ENAMESVC)
		*unavail = 1;
	return r;
}

/* Copies s into the caller's buffer; NULL when it does not fit. */
static char *
put(char **p, size_t *left, const char *s)
{
	size_t n = strlen(s) + 1;
	char *at = *p;

	if (n > *left)
		return NULL;
	memcpy(at, s, n);
	*p += n;
	*left -= n;
	return at;
}

/* Fills pw in buf; -1 when buf is too small (ERANGE). */
static int
fill(struct passwd *pw, char *buf, size_t buflen, const char *name,
    uid_t uid, gid_t gid, const char *shell)
{
	char home[CT_HOME_PATH_MAX];
	char *p = buf;
	size_t left = buflen;

	/* The path the helper gives useradd -d (issue 19 point 4). */
	if (ct_home_path(name, home, sizeof(home)) != 0)
		return -1;
	pw->pw_uid = uid;
	pw->pw_gid = gid;
	if ((pw->pw_name = put(&p, &left, name)) == NULL ||
	    (pw->pw_passwd = put(&p, &left, CT_NSS_PASSWD)) == NULL ||
	    (pw->pw_gecos = put(&p, &left, CT_NSS_GECOS)) == NULL ||
	    (pw->pw_dir = put(&p, &left, home)) == NULL ||
	    (pw->pw_shell = put(&p, &left, shell)) == NULL)
		return -1;
	return 0;
}

/* The whole decision; NSS_STATUS_SUCCESS only when every rule holds. */
static enum nss_status
answer(const char *name, struct passwd *pw, char *buf, size_t buflen,
    int *err)
{
	struct ct_config *cfg = NULL;
	struct ct_err e;
	char exe[NC_EXE_MAX];
	enum nss_status st = NSS_STATUS_NOTFOUND;
	uid_t uid = 0;
	gid_t gid = 0;
	int exists = 1, unavail = 0;

	*err = ENOENT;
	ct_err_clear(&e);
	/* Cheap rules first: most callers are not root, none is sshd. */
	if (getuid() != 0 || geteuid() != 0 || ct_self_exe(exe,
	    sizeof(exe)) != 0 || name == NULL || !ct_newname_valid(name))
		goto out;
	if ((cfg = load_config()) == NULL ||
	    ct_nss_gate(cfg, exe, getuid(), geteuid(), name, &e) != CT_OK)
		goto out;
	if (exists_elsewhere(name, &exists) != 0) {
		unavail = 1;
		goto out;
	}
	if (exists || ids_for(cfg, name, &uid, &gid, &unavail) != 0 ||
	    uid < cfg->uid_min || uid == 0 || gid == 0)
		goto out;
	if (fill(pw, buf, buflen, name, uid, gid, cfg->user_shell) != 0) {
		*err = ERANGE;
		st = NSS_STATUS_TRYAGAIN;
		goto out;
	}
	*err = 0;
	st = NSS_STATUS_SUCCESS;
out:
	if (unavail) {
		/*
		 * Issue 19: another source could not answer, so this name
		 * may be a directory user's, or the uid a directory's.  No
		 * placeholder: an error sshd cannot read as "no such user,
		 * here is a new record", nor as a plain "not found".
		 */
		log_once("the name service is unavailable");
		*err = EAGAIN;
		st = NSS_STATUS_TRYAGAIN;
	}
	ct_config_free(cfg);
	return st;
}

NC_EXPORT enum nss_status
_nss_cotter_getpwnam_r(const char *name, struct passwd *pw, char *buf,
    size_t buflen, int *errnop)
{
	enum nss_status st = NSS_STATUS_NOTFOUND;
	int saved = errno, err = ENOENT;

	/* Our own lookups of the name, uids and gids come back here. */
	if (nc_busy)
		goto out;
	nc_busy = 1;
	st = answer(name, pw, buf, buflen, &err);
	nc_busy = 0;
out:
	/* glibc passes &errno as errnop and returns errno for a failure:
	 * restore the caller's errno only for an answer or a "not found". */
	errno = saved;
	*errnop = err;
	if (st == NSS_STATUS_SUCCESS || st == NSS_STATUS_NOTFOUND)
		errno = saved;
	return st;
}

/*
 * For pam_cotter in the same process (src/identity/nssheld.c finds this with
 * dlopen RTLD_NOLOAD): 1 with the uid and gid this process answered for
 * name, even if that answer is withdrawn since; 0 when it answered none.
 */
NC_EXPORT int
_nss_cotter_held(const char *name, uid_t *uid, gid_t *gid)
{
	int saved = errno, r = 0;

	if (name != NULL && uid != NULL && gid != NULL)
		r = held(name, uid, gid);
	errno = saved;
	return r;
}

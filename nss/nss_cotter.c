/*
 * nss_cotter.c - libnss_cotter.so.2, an NSS "passwd" module (issue 13).
 *
 * Inside sshd's privileged pre-authentication only, it answers getpwnam
 * for a person whose account does not exist yet with the record that
 * account creation will give (uid from src/uidalloc.c, gid from
 * primary_group), so that sshd hands the password or keyboard-interactive
 * answer to PAM instead of its "INCORRECT" stand-in, and the session that
 * follows runs as the account pam_cotter just created.  Everywhere else it
 * answers NSS_STATUS_NOTFOUND; it has no getpwuid, getpwent or group
 * functions at all.
 *
 * Rules of an NSS module (glibc's nss_files, systemd's nss-systemd): libc
 * only, reentrant, no descriptor kept, nothing allocated that outlives a
 * call, errno as the caller had it.  It always reads CT_DEFAULT_CONFIG: an
 * NSS module takes no arguments.
 *
 * Its one piece of state: the last answer of this process (name, uid).
 * sshd looks the name up once, in its monitor, and keeps that record for
 * the session; PAM runs later in the same process or in a child forked
 * from it.  Keeping the answer makes the uid pam_cotter reads back (and
 * passes to the account helper) the very uid sshd holds, even if the ids
 * in use changed in between; a uid taken meanwhile is never answered
 * again, and the helper then fails rather than create another one.
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
#include <unistd.h>

#include "automap.h"
#include "config.h"
#include "idlookup.h"
#include "nssgate.h"
#include "safefile.h"
#include "uidalloc.h"

#define NC_EXPORT	__attribute__((visibility("default")))
#define NC_EXE_MAX	4096

struct nc_answer {
	char name[CT_NAME_MAX + 1];
	uid_t uid;
	gid_t gid;
};

static pthread_mutex_t nc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nc_answer nc_last;	/* name[0] == '\0': none */
static int nc_logged;			/* under nc_lock: one line per process */
/* Our own nested lookups; initial-exec TLS needs no __tls_get_addr, so
 * the module needs libc alone (glibc keeps static TLS room for dlopen). */
static __thread int nc_busy __attribute__((tls_model("initial-exec")));

NC_EXPORT enum nss_status _nss_cotter_getpwnam_r(const char *name,
    struct passwd *pw, char *buf, size_t buflen, int *errnop);

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

/*
 * The uid and gid of name: this process's earlier answer if it is still
 * free, else a fresh allocation (remembered).  0, or -1: answer nothing.
 */
static int
ids_for(const struct ct_config *cfg, const char *name, uid_t *uid,
    gid_t *gid)
{
	struct ct_err e;
	int same, taken = 1, r = -1;

	ct_err_clear(&e);
	(void)pthread_mutex_lock(&nc_lock);
	same = strcmp(nc_last.name, name) == 0;
	*uid = nc_last.uid;
	(void)pthread_mutex_unlock(&nc_lock);
	if (same) {
		/* Still free?  Else never answer a uid in use. */
		if (ct_uid_in_use(*uid, &taken) != 0 || taken ||
		    ct_gid_in_use((gid_t)*uid, &taken) != 0 || taken ||
		    ct_uid_bound_other(cfg->state_dir, *uid, name,
		    &taken) != 0 || taken)
			goto out;
	} else if (ct_uid_alloc(name, cfg->uid_lo, cfg->uid_hi,
	    cfg->state_dir, uid, &e) != CT_OK)
		goto out;
	if (ct_primary_gid(cfg, *uid, gid, &e) != CT_OK)
		goto out;
	(void)pthread_mutex_lock(&nc_lock);
	(void)snprintf(nc_last.name, sizeof(nc_last.name), "%s", name);
	nc_last.uid = *uid;
	nc_last.gid = *gid;
	(void)pthread_mutex_unlock(&nc_lock);
	r = 0;
out:
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
	int exists = 1;

	*err = ENOENT;
	ct_err_clear(&e);
	/* Cheap rules first: most callers are not root, none is sshd. */
	if (getuid() != 0 || geteuid() != 0 || ct_self_exe(exe,
	    sizeof(exe)) != 0 || name == NULL || !ct_newname_valid(name))
		goto out;
	if ((cfg = load_config()) == NULL ||
	    ct_nss_gate(cfg, exe, getuid(), geteuid(), name, &e) != CT_OK)
		goto out;
	if (exists_elsewhere(name, &exists) != 0 || exists)
		goto out;
	if (ids_for(cfg, name, &uid, &gid) != 0 || uid < cfg->uid_min ||
	    uid == 0 || gid == 0)
		goto out;
	if (fill(pw, buf, buflen, name, uid, gid, cfg->user_shell) != 0) {
		*err = ERANGE;
		st = NSS_STATUS_TRYAGAIN;
		goto out;
	}
	*err = 0;
	st = NSS_STATUS_SUCCESS;
out:
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
	*errnop = err;
	errno = saved;
	return st;
}

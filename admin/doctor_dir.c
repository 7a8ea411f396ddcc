/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_dir.c - accounts from a directory (issue 19): nsswitch.conf's
 * passwd: line naming a directory source (ldap, sss, winbind, ...) and
 * uid_range overlapping the directory's ids.  During an outage of such a
 * source every lookup fails, and the module refuses every login it cannot
 * decide; what it cannot see is a directory uid inside uid_range while the
 * directory is up, which doctor looks for here.
 */
#include <sys/types.h>

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "doctor.h"

#define AD_NSSWITCH	"/etc/nsswitch.conf"
#define AD_ETC_PASSWD	"/etc/passwd"
#define AD_ENUM_MAX	200000	/* entries read from getpwent at most */

/* Sources that answer from this host alone; any other is a directory. */
static const char *const local_sources[] = {
	"files", "compat", "systemd", "cotter", "db", "altfiles",
	"extrausers", "mymachines",
};

static int
is_local(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(local_sources) / sizeof(local_sources[0]); i++)
		if (strcmp(word, local_sources[i]) == 0)
			return 1;
	return 0;
}

/*
 * The passwd: line's first directory source into dir ("" if none) and
 * *last = 1 when it is the last source (only "[...]" actions after it).
 */
static int
passwd_sources(char *dir, size_t size, int *last)
{
	char line[1024], *tok, *save = NULL;
	FILE *fp;

	dir[0] = '\0';
	*last = 0;
	if ((fp = fopen(AD_NSSWITCH, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "passwd:", 7) != 0)
			continue;
		dir[0] = '\0';
		for (tok = strtok_r(line + 7, " \t\n", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t\n", &save)) {
			if (tok[0] == '[' || tok[strlen(tok) - 1] == ']')
				continue;	/* an action, not a source */
			if (dir[0] == '\0' && !is_local(tok)) {
				(void)snprintf(dir, size, "%.60s", tok);
				*last = 1;
			} else if (dir[0] != '\0')
				*last = 0;
		}
	}
	(void)fclose(fp);
	return 0;
}

/* 1 when /etc/passwd itself has name (a local account, not the directory's). */
static int
in_etc_passwd(const char *name)
{
	struct passwd *pw;
	FILE *fp;
	int found = 0;

	if ((fp = fopen(AD_ETC_PASSWD, "re")) == NULL)
		return 0;
	while (!found && (pw = fgetpwent(fp)) != NULL)
		found = strcmp(pw->pw_name, name) == 0;
	(void)fclose(fp);
	return found;
}

/*
 * Enumerates the name service (getpwent) for an account that is not in
 * /etc/passwd and has a uid inside uid_range.  Writes its name and uid;
 * *others counts the accounts seen that are not in /etc/passwd.
 * 0 when one was found, 1 when none, -1 when the enumeration failed.
 */
static int
overlap(const struct ct_config *cfg, char *name, size_t size, uid_t *uid,
    unsigned long *others)
{
	struct passwd *pw;
	unsigned long n = 0;
	int r = 1;

	*others = 0;
	setpwent();
	for (errno = 0; r == 1 && n < AD_ENUM_MAX &&
	    (pw = getpwent()) != NULL; n++, errno = 0) {
		if (in_etc_passwd(pw->pw_name))
			continue;
		(*others)++;
		if (pw->pw_uid >= cfg->uid_lo && pw->pw_uid <= cfg->uid_hi) {
			ad_clean(name, size, pw->pw_name);
			*uid = pw->pw_uid;
			r = 0;
		}
	}
	/* The end of the list leaves errno 0 or ENOENT; anything else is
	 * a source that failed part way. */
	if (r == 1 && errno != 0 && errno != ENOENT)
		r = -1;
	endpwent();
	return r;
}

/* uid_range against the directory's ids, as far as they can be seen. */
static void
range_check(struct ad_doc *d, const struct ct_config *cfg, const char *dir)
{
	char name[72];
	unsigned long others = 0;
	uid_t uid = 0;
	int r;

	r = overlap(cfg, name, sizeof(name), &uid, &others);
	if (r == 0)
		ad_find(d, AD_WARN, "directory", "%s account \"%s\" has uid "
		    "%lu inside uid_range %lu-%lu: keep uid_range clear of "
		    "the directory's ids", dir, name, (unsigned long)uid,
		    (unsigned long)cfg->uid_lo, (unsigned long)cfg->uid_hi);
	else if (r < 0 || others == 0)
		ad_find(d, AD_WARN, "directory", "cannot tell whether "
		    "uid_range %lu-%lu overlaps the ids of %s (%s): keep "
		    "them apart", (unsigned long)cfg->uid_lo,
		    (unsigned long)cfg->uid_hi, dir, r < 0 ?
		    "it could not be enumerated" : "it lists no accounts; "
		    "enumeration may be off");
	else
		ad_find(d, AD_OK, "directory", "none of the %lu accounts %s "
		    "lists has a uid in uid_range %lu-%lu", others, dir,
		    (unsigned long)cfg->uid_lo, (unsigned long)cfg->uid_hi);
}

void
ad_directory(struct ad_doc *d, const struct ct_config *cfg)
{
	char dir[64];
	int last = 0;

	if (passwd_sources(dir, sizeof(dir), &last) != 0 || dir[0] == '\0')
		return;		/* ad_nsswitch says when it cannot read it */
	ad_find(d, AD_WARN, "directory", "passwd: names the directory "
	    "source %s: while it cannot answer, every login it would decide "
	    "is refused (\"name service is unavailable\") and no account is "
	    "created", dir);
	if (!last)
		ad_find(d, AD_WARN, "directory", "passwd: %s is not the last "
		    "source: glibc then reports a later source's \"not "
		    "found\" during its outage; put it last (passwd: files "
		    "cotter %s)", dir, dir);
	if (cfg != NULL)
		range_check(d, cfg, dir);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nssgate.c - the rules of libnss_cotter.so.2 (issue 13): it answers
 * getpwnam for a name with no account only inside sshd's privileged
 * pre-authentication, only for a name account creation could give, and
 * only when the administrator turned SSH creation on.  Everything else
 * (every other process, getpwuid, getpwent, groups) sees nothing.
 */
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "automap.h"
#include "idlookup.h"
#include "nssgate.h"

/* 1 when exe is one of the space-separated words of list, exactly. */
static int
path_listed(const char *list, const char *exe)
{
	const char *p = list;
	size_t n, len = strlen(exe);

	while (*p != '\0') {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > 0 && n == len && memcmp(p, exe, n) == 0)
			return 1;
		p += n;
	}
	return 0;
}

int
ct_nss_in_sshd(const struct ct_config *cfg, const char *exe, uid_t ruid,
    uid_t euid)
{
	if (cfg == NULL || exe == NULL || *exe != '/')
		return 0;
	/* D6: sshd's monitor runs as root, really and effectively. */
	if (ruid != 0 || euid != 0)
		return 0;
	/* Some issuer's allowed_domains (issue 22; the login re-checks). */
	if (!cfg->ssh_create_users || !cfg->create_users ||
	    !ct_config_any_domains(cfg))
		return 0;
	return cfg->sshd_paths != NULL && path_listed(cfg->sshd_paths, exe);
}

int
ct_nss_gate(const struct ct_config *cfg, const char *exe, uid_t ruid,
    uid_t euid, const char *name, struct ct_err *e)
{
	if (!ct_nss_in_sshd(cfg, exe, ruid, euid))
		return ct_fail(e, CT_ENOUSER, "not sshd's pre-authentication "
		    "with ssh_create_users on");
	/* Never answer a name that creation would refuse (D2 included). */
	if (name == NULL || !ct_newname_valid(name) ||
	    (strcmp(cfg->primary_group, CT_PRIVATE_GROUP) == 0 &&
	    ct_package_group(name)))
		return ct_fail(e, CT_ENOUSER, "not a name account creation "
		    "gives");
	return CT_OK;
}

int
ct_self_exe(char *buf, size_t size)
{
	ssize_t n;

	if (size < 2)
		return -1;
	n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0 || (size_t)n >= size - 1)
		return -1;	/* error, or possibly cut: never compare */
	buf[n] = '\0';
	return 0;
}

int
ct_group_gid(const char *name, gid_t *gid, int *found)
{
	struct ct_id id;
	int r;

	*found = 0;
	if ((r = ct_id_grnam(name, &id)) == CT_ID_FOUND) {
		*found = 1;
		*gid = id.gid;
	}
	return r == CT_ID_ERROR ? -1 : 0;
}

int
ct_primary_gid(const struct ct_config *cfg, uid_t uid, gid_t *gid,
    struct ct_err *e)
{
	gid_t g = 0;
	int found = 0;

	if (strcmp(cfg->primary_group, CT_PRIVATE_GROUP) == 0) {
		*gid = (gid_t)uid;
		return uid == 0 ? ct_fail(e, CT_ECONFIG, "uid 0") : CT_OK;
	}
	if (ct_group_gid(cfg->primary_group, &g, &found) != 0)
		return ct_fail(e, CT_ENAMESVC, "primary_group: the name "
		    "service is unavailable");
	if (!found)
		return ct_fail(e, CT_ECONFIG, "primary_group: no group \"%s\"",
		    cfg->primary_group);
	/* D2, authd CVE-2025-5689: never the root group. */
	if (g == 0)
		return ct_fail(e, CT_ECONFIG, "primary_group \"%s\" has gid 0",
		    cfg->primary_group);
	*gid = g;
	return CT_OK;
}

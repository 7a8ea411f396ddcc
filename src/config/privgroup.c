/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * privgroup.c - the one list of groups that grant power (privgroup.h).
 * A member of each can become root or read what only root reads:
 * sudo/admin/wheel (sudoers, polkit), adm and systemd-journal (every
 * log), shadow (password hashes), disk and kmem (raw devices and memory),
 * tty (every terminal), staff (/usr/local, ahead of /usr in root's PATH),
 * docker, lxd, libvirt, incus-admin (a root container or VM with the host
 * mounted), utmp (forged logins), lpadmin (CUPS filters as root), root.
 */
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "privgroup.h"

static const char *const privileged[] = {
	"root", "sudo", "admin", "wheel", "adm", "systemd-journal",
	"shadow", "disk", "kmem", "tty", "staff", "docker", "lxd",
	"libvirt", "incus-admin", "utmp", "lpadmin",
};

int
ct_group_privileged(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(privileged) / sizeof(privileged[0]); i++)
		if (strcmp(name, privileged[i]) == 0)
			return 1;
	return 0;
}

int
ct_groups_privileged_check(const char *groups, const char *allow,
    char *bad, size_t size)
{
	char name[64];
	const char *p = groups;
	size_t n;

	if (strcmp(allow, CT_ALLOW_PRIV_ALL) == 0)
		return 0;
	while (*p != '\0') {
		n = strcspn(p, ",");
		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			if (ct_group_privileged(name) && !ct_name_in_list(allow, p, n)) {
				(void)snprintf(bad, size, "%s", name);
				return -1;
			}
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

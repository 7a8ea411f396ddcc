/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * automap.c - automatic mapping of an email identity to a local account
 * name (allowed_domains), and the rules for names, shells and groups of
 * accounts this module creates (DESIGN.md invariant 6: user names are
 * validated against a strict pattern before any helper sees them).  The
 * rules the configuration also checks (names, domains, shells, groups)
 * are below it, in src/config/names.c.
 *
 * Nothing here consults the locale: case folding is ASCII only, so a
 * Unicode look-alike (Cyrillic U+0430 for 'a') or a bidi override
 * (U+202E) is a non-ASCII byte and refuses.  Links libc only.
 */
#include <stdlib.h>
#include <string.h>

#include "automap.h"
#include "err.h"
#include "usermap.h"

#define CT_SHOWN_MAX	65

/*
 * Names never mapped automatically nor created: the superuser and its
 * aliases, the overflow user, and groups that carry privilege on common
 * distributions (sudoers' %admin / %sudo / %wheel, the docker and lxd
 * sockets, adm's logs, shadow's hashes...).  With USERGROUPS_ENAB a new
 * user "admin" would get a private group "admin", which Ubuntu's sudoers
 * trusts.  Existing system accounts are refused by uid anyway.
 */
static const char *const reserved[] = {
	"root", "toor", "nobody", "nfsnobody", "nogroup", "daemon", "bin",
	"sys", "sync", "adm", "admin", "administrator", "sudo", "wheel",
	"staff", "shadow", "disk", "kmem", "tty", "operator", "docker",
	"lxd", "libvirt", "kvm", "systemd-journal", "utmp", "input",
	"postmaster", "hostmaster", "webmaster", "abuse", "sshd", "users",
	"www-data", "backup", "mail", "news", "proxy", "lp", "games", "man",
	"uucp", "list", "irc", "video", "audio", "plugdev", "netdev",
};

/*
 * Groups that Debian packages create on installation when missing
 * ("getent group NAME || addgroup --system NAME" in postinst).  A
 * user-private group of that name would be adopted by the package, its
 * members (the account) gaining what the group grants: with
 * primary_group = private these names are never created (D2).
 */
static const char *const package_groups[] = {
	"avahi", "bind", "bluetooth", "cdrom", "colord", "crontab", "dialout",
	"dip", "fax", "floppy", "fuse", "gdm", "geoclue", "i2c", "kismet",
	"kvm", "libvirt", "libvirt-qemu", "lightdm", "lpadmin", "messagebus",
	"mlocate", "mysql", "netdev", "ntp", "plocate", "polkitd", "postdrop",
	"postfix", "postgres", "pulse", "pulse-access", "redis", "render",
	"rtkit", "sambashare", "saned", "scanner", "sddm", "sgx", "src",
	"ssh", "ssl-cert", "tape", "tcpdump", "tss", "ubridge", "unbound",
	"uuidd", "vboxsf", "vboxusers", "voice", "wireshark", "x2gouser",
};

int
ct_package_group(const char *name)
{
	size_t i;

	if (strncmp(name, "systemd-", 8) == 0)
		return 1;
	for (i = 0; i < sizeof(package_groups) / sizeof(package_groups[0]);
	    i++)
		if (strcmp(name, package_groups[i]) == 0)
			return 1;
	return 0;
}

static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

int
ct_ascii_caseeq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 0;
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (ascii_lower((unsigned char)*a) !=
		    ascii_lower((unsigned char)*b))
			return 0;
	return *a == '\0' && *b == '\0';
}

/* Printable ASCII without space, 1..max bytes. */
static int
graph_ascii(const char *s, size_t max)
{
	const unsigned char *p;
	size_t n = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++, n++)
		if (*p < 0x21 || *p > 0x7e || n >= max)
			return 0;
	return n > 0;
}

/*
 * RFC 5322 3.2.3 dot-atom: atext and single dots inside.  Quoted local
 * parts ("a b"@x) and the specials ( ) < > [ ] : ; @ \ , " never pass.
 */
static int
dot_atom(const char *s, size_t n)
{
	static const char atext[] = "!#$%&'*+-/=?^_`{|}~";
	size_t i;

	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i - 1] == '.')
				return 0;
			continue;
		}
		if (!ct_ascii_alnum((unsigned char)s[i]) &&
		    strchr(atext, s[i]) == NULL)
			return 0;
	}
	return 1;
}

int
ct_email_valid(const char *s)
{
	const char *at;

	if (s == NULL || !graph_ascii(s, CT_EMAIL_MAX))
		return 0;
	if ((at = strchr(s, '@')) == NULL || strchr(at + 1, '@') != NULL)
		return 0;
	if ((size_t)(at - s) > CT_LOCALPART_MAX ||
	    !dot_atom(s, (size_t)(at - s)))
		return 0;
	return ct_domain_valid(at + 1);
}

int
ct_name_reserved(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(name, reserved[i]) == 0)
			return 1;
	return 0;
}

int
ct_newname_valid(const char *name)
{
	if (!ct_username_valid(name))
		return 0;
	/* A leading '_' marks a system account (_apt, _ssh). */
	if (name[0] < 'a' || name[0] > 'z')
		return 0;
	return !ct_name_reserved(name);
}

int
ct_domain_allowed(const char *allowed, const char *domain)
{
	const char *p = allowed;
	size_t n, dn;

	if (allowed == NULL || domain == NULL)
		return 0;
	dn = strlen(domain);
	while (*p != '\0') {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > 0 && n == dn) {
			size_t i;

			for (i = 0; i < n; i++)
				if (ascii_lower((unsigned char)p[i]) !=
				    ascii_lower((unsigned char)domain[i]))
					break;
			if (i == n)
				return 1;
		}
		p += n;
	}
	return 0;
}

/*
 * The local part of an email in an allowed domain, lowercased, into
 * name; CT_EAUTH when it does not fit ct_newname_valid (never rewritten).
 */
static int
local_name(const char *identity, size_t n, char **name, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX], *s = NULL;
	size_t i;
	int r = CT_EAUTH;

	ct_sanitize(shown, sizeof(shown), identity, n);
	if ((s = strndup(identity, n)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "automap: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		s[i] = (char)ascii_lower((unsigned char)s[i]);
	if (!ct_newname_valid(s)) {
		r = ct_fail(e, CT_EAUTH, "local part \"%s\" does not fit the "
		    "user name pattern%s", shown, ct_username_valid(s) ?
		    " (reserved or system name)" : "");
		goto out;
	}
	*name = s;
	s = NULL;
	r = CT_OK;
out:
	free(s);
	return r;
}

int
ct_automap(const char *allowed, const char *identity, char **name,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	const char *at;
	int r = CT_ENOUSER;

	*name = NULL;
	if (identity == NULL) {
		r = ct_fail(e, CT_ENOUSER, "automap: the token carries no "
		    "identity");
		goto out;
	}
	ct_sanitize(shown, sizeof(shown), identity, strlen(identity));
	/* Phone numbers and other identities map through map_file only. */
	if ((at = strrchr(identity, '@')) == NULL ||
	    !ct_domain_allowed(allowed, at + 1)) {
		r = ct_fail(e, CT_ENOUSER, "automap: \"%s\" is not an email in "
		    "allowed_domains", shown);
		goto out;
	}
	if (!ct_email_valid(identity)) {
		r = ct_fail(e, CT_EAUTH, "automap: identity \"%s\" is not a "
		    "plain ASCII email address", shown);
		goto out;
	}
	r = local_name(identity, (size_t)(at - identity), name, e);
out:
	return r;
}

/*
 * automap.c - automatic mapping of an email identity to a local account
 * name (allowed_domains), and the rules for names, shells and groups of
 * accounts this module creates (DESIGN.md invariant 6: user names are
 * validated against a strict pattern before any helper sees them).
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

#define CT_LABEL_MAX	63	/* RFC 1035 2.3.4 */
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

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

int
ct_domain_valid(const char *d)
{
	size_t i, n, label = 0;

	if (d == NULL || (n = strlen(d)) == 0 || n > CT_DOMAIN_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (d[i] == '.') {
			/* RFC 1035 2.3.1: no empty label, no '-' at its ends */
			if (label == 0 || d[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!is_alnum((unsigned char)d[i]) && d[i] != '-')
			return 0;
		if (d[i] == '-' && label == 0)
			return 0;
		if (++label > CT_LABEL_MAX)
			return 0;
	}
	return label > 0 && d[n - 1] != '-';
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
		if (!is_alnum((unsigned char)s[i]) &&
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

int
ct_domains_valid(const char *allowed)
{
	char word[CT_DOMAIN_MAX + 1];
	const char *p = allowed;
	size_t n;

	if (allowed == NULL)
		return 0;
	while (*p != '\0') {
		p += strspn(p, " ");
		if ((n = strcspn(p, " ")) == 0)
			break;
		if (n > CT_DOMAIN_MAX)
			return 0;
		memcpy(word, p, n);
		word[n] = '\0';
		if (!ct_domain_valid(word))
			return 0;
		p += n;
	}
	return 1;
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

int
ct_shell_valid(const char *shell)
{
	size_t i, n;

	if (shell == NULL || shell[0] != '/' ||
	    (n = strlen(shell)) > CT_SHELL_MAX || n < 2)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_alnum((unsigned char)shell[i]) && shell[i] != '/' &&
		    shell[i] != '.' && shell[i] != '_' && shell[i] != '+' &&
		    shell[i] != '-')
			return 0;
	if (strstr(shell, "//") != NULL || strstr(shell, "/./") != NULL ||
	    strstr(shell, "/..") != NULL || shell[n - 1] == '/')
		return 0;
	return 1;
}

/* 1 when the n-byte name occurs among the ','-joined names in list. */
static int
in_list(const char *list, const char *name, size_t n)
{
	const char *p = list;
	size_t m;

	while (*p != '\0') {
		m = strcspn(p, ",");
		if (m == n && strncmp(p, name, n) == 0)
			return 1;
		p += m;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
ct_groups_normalize(const char *in, char *out, size_t size)
{
	char word[CT_NAME_MAX + 1];
	const char *p = in;
	size_t n, len = 0, count = 0;

	if (in == NULL || out == NULL || size == 0)
		return -1;
	out[0] = '\0';
	for (;;) {
		p += strspn(p, " ,");
		if ((n = strcspn(p, " ,")) == 0)
			break;
		if (n > CT_NAME_MAX || ++count > CT_GROUPS_COUNT_MAX)
			return -1;
		memcpy(word, p, n);
		word[n] = '\0';
		if (!ct_username_valid(word) || in_list(out, word, n))
			return -1;
		if (len + n + (len > 0 ? 1 : 0) + 1 > size)
			return -1;
		if (len > 0)
			out[len++] = ',';
		memcpy(out + len, word, n + 1);
		len += n;
		p += n;
	}
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.c - the names the configuration checks and the account code uses
 * again: account and group names, DNS domains, login shells, uid ranges
 * (DESIGN.md invariant 6: user names are validated against a strict
 * pattern before any helper sees them).  Below the code that reads the
 * configuration, so config.c borrows nothing from identity (issue 20).
 *
 * Nothing here consults the locale: case folding is ASCII only.  Links
 * libc only (the account helper and the NSS module link it).
 */
#include <string.h>

#include "names.h"

#define CT_LABEL_MAX	63	/* RFC 1035 2.3.4 */

int
ct_ascii_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

int
ct_username_valid(const char *name)
{
	size_t i, n;

	if (name == NULL || (n = strlen(name)) == 0 || n > CT_NAME_MAX)
		return 0;
	if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return 0;
	for (i = 1; i < n; i++) {
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_' ||
		    name[i] == '.' || name[i] == '-'))
			return 0;
		if (name[i] == '.' && name[i - 1] == '.')
			return 0;
	}
	return name[n - 1] != '.';
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
		if (!ct_ascii_alnum((unsigned char)d[i]) && d[i] != '-')
			return 0;
		if (d[i] == '-' && label == 0)
			return 0;
		if (++label > CT_LABEL_MAX)
			return 0;
	}
	return label > 0 && d[n - 1] != '-';
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

int
ct_shell_valid(const char *shell)
{
	size_t i, n;

	if (shell == NULL || shell[0] != '/' ||
	    (n = strlen(shell)) > CT_SHELL_MAX || n < 2)
		return 0;
	for (i = 0; i < n; i++)
		if (!ct_ascii_alnum((unsigned char)shell[i]) && shell[i] != '/' &&
		    shell[i] != '.' && shell[i] != '_' && shell[i] != '+' &&
		    shell[i] != '-')
			return 0;
	if (strstr(shell, "//") != NULL || strstr(shell, "/./") != NULL ||
	    strstr(shell, "/..") != NULL || shell[n - 1] == '/')
		return 0;
	return 1;
}

int
ct_name_in_list(const char *list, const char *name, size_t n)
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
		if (!ct_username_valid(word) || ct_name_in_list(out, word, n))
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

/* Digits only, 1..CT_UID_RANGE_TOP; *end gets the first other byte. */
static int
parse_id(const char *s, const char **end, uid_t *out)
{
	unsigned long long n = 0;
	const char *p = s;

	if (*p < '1' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (unsigned long long)(*p - '0');
		if (n > CT_UID_RANGE_TOP)
			return -1;
	}
	*end = p;
	*out = (uid_t)n;
	return 0;
}

int
ct_uid_range_parse(const char *s, uid_t *lo, uid_t *hi)
{
	const char *p = NULL;
	uid_t a = 0, b = 0;

	if (s == NULL || parse_id(s, &p, &a) != 0 || *p != '-' ||
	    parse_id(p + 1, &p, &b) != 0 || *p != '\0' || a > b)
		return -1;
	*lo = a;
	*hi = b;
	return 0;
}

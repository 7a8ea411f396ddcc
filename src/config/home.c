/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * home.c - where a created account lives and with which mode (home.h).
 */
#include <stdio.h>
#include <string.h>

#include "home.h"

int
ct_home_path(const char *name, char *out, size_t size)
{
	int n;

	if (name == NULL || *name == '\0' || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -1;
	n = snprintf(out, size, "%s/%s", CT_HOME_BASE, name);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
ct_home_mode_parse(const char *s, mode_t *out)
{
	size_t n = s == NULL ? 0 : strlen(s), i;
	unsigned m = 0;

	if (n < 3 || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '7')
			return -1;
		m = m * 8 + (unsigned)(s[i] - '0');
	}
	/* owner rwx; no write for group or others; no 07000 bits */
	if ((m & 0700) != 0700 || (m & 0022) != 0 || (m & 07000) != 0)
		return -1;
	*out = (mode_t)m;
	return 0;
}

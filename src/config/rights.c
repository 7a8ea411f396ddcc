/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rights.c - the keys of issue 23: which claim carries a person's
 * groups, which claim values become which local groups (an explicit
 * allow-list), which values a login needs, who is denied, and which
 * issuer's accounts this one may take over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "rights.h"

#define CT_SHOWN_MAX	65

/* Replaces *slot with a copy of v. */
static int
store(char **slot, const char *key, const char *v, struct ct_err *e)
{
	char *copy;

	if ((copy = strdup(v)) == NULL)
		return ct_fail(e, CT_ENOMEM, "%s: out of memory", key);
	free(*slot);
	*slot = copy;
	return CT_OK;
}

/*
 * groups_claim: a claim name or a dotted path into nested objects
 * ("realm_access.roles"): segments of letters, digits, '_', '-' and ':'
 * (URI-named claims), none empty; "" turns the feature off.
 */
int
ct_rights_set_groups_claim(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e)
{
	size_t i, n = strlen(v);

	if (n > CT_GROUPS_CLAIM_MAX)
		return ct_fail(e, CT_ECONFIG, "%s: longer than %d characters",
		    key, CT_GROUPS_CLAIM_MAX);
	for (i = 0; i < n; i++) {
		if (v[i] == '.' && (i == 0 || i + 1 == n || v[i + 1] == '.'))
			return ct_fail(e, CT_ECONFIG, "%s: a dotted path has "
			    "no empty part", key);
		if (v[i] != '.' && v[i] != '_' && v[i] != '-' && v[i] != ':' &&
		    !ct_ascii_alnum((unsigned char)v[i]))
			return ct_fail(e, CT_ECONFIG, "%s: a claim name or "
			    "dotted path of letters, digits, '_', '-', ':'",
			    key);
	}
	return store(&cfg->groups_claim, key, v, e);
}

/* One claim value: printable ASCII, no space, no ',', bounded. */
static int
value_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > CT_GROUP_VALUE_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == ',')
			return 0;
	return 1;
}

/* The word [w, w + n) as VALUE:GROUP into value and group, or why not. */
static const char *
split_pair(const char *w, size_t n, char *value, char *group)
{
	const char *colon = NULL;
	size_t i, vn, gn;

	for (i = 0; i < n; i++)
		if (w[i] == ':')
			colon = w + i;
	if (colon == NULL)
		return "is not VALUE:GROUP";
	vn = (size_t)(colon - w);
	gn = n - vn - 1;
	if (!value_ok(w, vn))
		return "has a claim value that is empty, too long, or holds a "
		    "space, ',' or a control character";
	if (gn == 0 || gn > CT_GROUP_NAME_MAX)
		return "has no valid local group name";
	memcpy(value, w, vn);
	value[vn] = '\0';
	memcpy(group, colon + 1, gn);
	group[gn] = '\0';
	if (!ct_username_valid(group))
		return "names a group groupadd would refuse (lowercase letters, "
		    "digits, '_', '-', '.'; a letter or '_' first)";
	if (strcmp(group, "root") == 0)
		return "names the group root (gid 0 is never given)";
	return NULL;
}

int
ct_group_map_next(const char **p, char *value, char *group)
{
	size_t n;

	*p += strspn(*p, " ");
	if (**p == '\0')
		return 0;
	n = strcspn(*p, " ");
	if (split_pair(*p, n, value, group) != NULL)
		return 0;	/* stored maps are valid: never reached */
	*p += n;
	return 1;
}

/* 1 when the normalized map out (length len) holds the word w already. */
static int
has_word(const char *out, const char *w, size_t n)
{
	const char *p = out;
	size_t m;

	while (*p != '\0') {
		m = strcspn(p, " ");
		if (m == n && memcmp(p, w, n) == 0)
			return 1;
		p += m;
		p += strspn(p, " ");
	}
	return 0;
}

int
ct_rights_set_group_map(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e)
{
	char out[CT_GROUP_MAP_TEXT_MAX + 1], value[CT_GROUP_VALUE_MAX + 1];
	char group[CT_GROUP_NAME_MAX + 1], shown[CT_SHOWN_MAX];
	const char *p = v, *why;
	size_t n, len = 0, pairs = 0;

	out[0] = '\0';
	for (p += strspn(p, " \t"); *p != '\0'; p += strspn(p, " \t")) {
		n = strcspn(p, " \t");
		ct_sanitize(shown, sizeof(shown), p, n);
		if ((why = split_pair(p, n, value, group)) != NULL)
			return ct_fail(e, CT_ECONFIG, "%s: \"%s\" %s", key,
			    shown, why);
		if (++pairs > CT_GROUP_MAP_PAIRS)
			return ct_fail(e, CT_ECONFIG, "%s: more than %d pairs",
			    key, CT_GROUP_MAP_PAIRS);
		if (has_word(out, p, n))
			return ct_fail(e, CT_ECONFIG, "%s: \"%s\" given twice",
			    key, shown);
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%.*s",
		    len > 0 ? " " : "", (int)n, p);
		p += n;
	}
	return store(&cfg->group_map, key, out, e);
}

int
ct_rights_set_require_groups(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e)
{
	const char *p = v;
	size_t n, count = 0;

	for (p += strspn(p, " "); *p != '\0'; p += strspn(p, " ")) {
		n = strcspn(p, " ");
		if (!value_ok(p, n))
			return ct_fail(e, CT_ECONFIG, "%s: claim values "
			    "separated by spaces, each printable ASCII without "
			    "',', at most %d characters", key,
			    CT_GROUP_VALUE_MAX);
		if (++count > CT_REQUIRE_GROUPS_MAX)
			return ct_fail(e, CT_ECONFIG, "%s: more than %d values",
			    key, CT_REQUIRE_GROUPS_MAX);
		p += n;
	}
	return store(&cfg->require_groups, key, v, e);
}

int
ct_rights_set_deny_file(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e)
{
	size_t i;

	/* "" turns it off; else an absolute path, printable ASCII. */
	if (*v != '\0' && *v != '/')
		return ct_fail(e, CT_ECONFIG, "%s: must be empty or an "
		    "absolute path", key);
	for (i = 0; v[i] != '\0'; i++)
		if (v[i] < ' ' || v[i] > '~' || i >= 4095)
			return ct_fail(e, CT_ECONFIG, "%s: only printable ASCII, "
			    "at most 4095 characters", key);
	return store(&cfg->deny_file, key, v, e);
}

int
ct_rights_set_adopt_from(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e)
{
	size_t i;

	/* An issuer name ([issuer NAME] or "default"); checked later. */
	for (i = 0; v[i] != '\0'; i++)
		if ((!ct_ascii_alnum((unsigned char)v[i]) && v[i] != '_' &&
		    v[i] != '-') || i >= 32)
			return ct_fail(e, CT_ECONFIG, "%s: an issuer name (1 to "
			    "32 letters, digits, '_' or '-')", key);
	return store(&cfg->adopt_from, key, v, e);
}

int
ct_rights_word_in(const char *list, const char *s)
{
	size_t n, slen = strlen(s);
	const char *p;

	for (p = list; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > 0 && n == slen && memcmp(p, s, n) == 0)
			return 1;
	}
	return 0;
}

/* One issuer's keys (view v of cfg, issuer i) fit together. */
static int
check_one(const struct ct_config *cfg, const struct ct_config *v, size_t i,
    struct ct_err *e)
{
	size_t j, n = ct_config_issuers(cfg);

	if (v->groups_claim[0] == '\0' && (v->group_map[0] != '\0' ||
	    v->require_groups[strspn(v->require_groups, " ")] != '\0'))
		return ct_fail(e, CT_ECONFIG, "issuer \"%s\": group_map and "
		    "require_groups need groups_claim", v->section);
	if (v->adopt_from[0] == '\0')
		return CT_OK;
	for (j = 0; j < n; j++)
		if (j != i && strcmp(ct_config_issuer_name(cfg, j),
		    v->adopt_from) == 0)
			return CT_OK;
	return ct_fail(e, CT_ECONFIG, "issuer \"%s\": adopt_from \"%s\" names "
	    "no other issuer of this configuration", v->section,
	    v->adopt_from);
}

int
ct_rights_check(const struct ct_config *cfg, struct ct_err *e)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);
	int r = CT_OK;

	for (i = 0; i < n && r == CT_OK; i++) {
		ct_config_view(cfg, i, &v);
		r = check_one(cfg, &v, i, e);
	}
	return r;
}

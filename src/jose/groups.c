/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * groups.c - the groups claim and email_verified (groups.h).  Bounded:
 * at most CT_GROUPS_VALUES_MAX values of at most CT_CLAIM_STR_MAX bytes
 * each, and the token itself is at most 16 KiB, so the cost of a claim
 * holding 10,000 values is one refusal.
 */
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "run.h"

#define CT_PATH_PART_MAX	128

/* The value at the dotted path of claims, or NULL when absent. */
static const struct ct_jval *
walk(const struct ct_jval *claims, const char *path)
{
	char part[CT_PATH_PART_MAX + 1];
	const struct ct_jval *v = claims;
	const char *p = path;
	size_t n;

	while (v != NULL && *p != '\0') {
		n = strcspn(p, ".");
		if (n > CT_PATH_PART_MAX)
			return NULL;
		memcpy(part, p, n);
		part[n] = '\0';
		v = ct_jval_get(v, part);	/* NULL unless an object */
		p += n;
		if (*p == '.')
			p++;
	}
	return v;
}

/* 1 when [s, s + n) holds a control character (C0, DEL). */
static int
has_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

/* Appends [s, s + n) as one value; CT_EAUTH over the bounds. */
static int
add(struct ct_groups *g, const char *name, const char *s, size_t n,
    struct ct_err *e)
{
	char *copy;

	if (g->n >= CT_GROUPS_VALUES_MAX)
		return ct_fail(e, CT_EAUTH, "%s: more than %d values (refused, "
		    "never cut)", name, CT_GROUPS_VALUES_MAX);
	if (n > CT_CLAIM_STR_MAX || has_control(s, n))
		return ct_fail(e, CT_EAUTH, "%s: a value longer than %d bytes "
		    "or holding a control character", name, CT_CLAIM_STR_MAX);
	if ((copy = strndup(s, n)) == NULL)
		return ct_fail(e, CT_ENOMEM, "%s: out of memory", name);
	g->v[g->n++] = copy;
	return CT_OK;
}

/* One string: values separated by ',', spaces around each dropped. */
static int
add_split(struct ct_groups *g, const char *name, const char *s,
    struct ct_err *e)
{
	const char *p = s, *q;
	size_t n;
	int r = CT_OK;

	while (r == CT_OK && *p != '\0') {
		n = strcspn(p, ",");
		q = p;
		while (n > 0 && *q == ' ') {
			q++;
			n--;
		}
		while (n > 0 && q[n - 1] == ' ')
			n--;
		if (n > 0)
			r = add(g, name, q, n, e);
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return r;
}

/* The claim's value v into g: a string or an array of strings. */
static int
read_values(struct ct_groups *g, const char *name, const struct ct_jval *v,
    struct ct_err *e)
{
	const struct ct_jval *el;
	size_t i, n;
	int r = CT_OK;

	g->present = 1;
	if (v->type == CT_JSTRING)
		return add_split(g, name, v->s, e);
	if (v->type != CT_JARRAY)
		return ct_fail(e, CT_EAUTH, "%s: neither a string nor an array "
		    "of strings (the groups claim is refused, not read as no "
		    "groups)", name);
	n = ct_jval_size(v);
	if (n > CT_GROUPS_VALUES_MAX)
		return ct_fail(e, CT_EAUTH, "%s: %zu values, more than %d "
		    "(refused, never cut)", name, n, CT_GROUPS_VALUES_MAX);
	for (i = 0, el = v + 1; r == CT_OK && i < n; i++, el += 1 + el->span) {
		if (el->type != CT_JSTRING)
			return ct_fail(e, CT_EAUTH, "%s: element %zu is not a "
			    "string (the groups claim is refused)", name, i);
		r = add(g, name, el->s, el->len, e);
	}
	return r;
}

/* OpenID Connect Core 5.1: only the JSON value true is "verified". */
static int
email_verified(const struct ct_jval *claims)
{
	const struct ct_jval *v = ct_jval_get(claims, "email_verified");

	if (v == NULL)
		return -1;
	return v->type == CT_JTRUE;
}

int
ct_groups_from_claims_run(const struct ct_jval *claims,
    const struct ct_config *cfg, const struct ct_run *run,
    struct ct_identity *id, struct ct_err *e)
{
	struct ct_groups *g = NULL;
	const struct ct_jval *v = NULL;
	const char *name = cfg->groups_claim;
	int r = CT_ENOMEM;

	if ((g = calloc(1, sizeof(*g))) == NULL || (name != NULL &&
	    *name != '\0' && (g->v = calloc(CT_GROUPS_VALUES_MAX,
	    sizeof(*g->v))) == NULL)) {
		r = ct_fail(e, CT_ENOMEM, "claims: out of memory");
		goto out;
	}
	g->email_verified = email_verified(claims);
	r = CT_OK;
	if (name != NULL && *name != '\0' && (v = walk(claims, name)) != NULL)
		r = read_values(g, name, v, e);
	if (r != CT_OK) {
		ct_run_result(run, "groups", r, e->msg, "");
		if (r == CT_EAUTH)
			ct_say(e, "The groups your identity provider sent cannot "
			    "be read; ask this host's administrator.");
		goto out;
	}
	if (name != NULL && *name != '\0')
		ct_run_step(run, "groups", CT_STEP_PASS, "%s: %zu value(s)%s",
		    name, g->n, g->present ? "" : " (claim absent)");
	id->groups = g;
	g = NULL;
out:
	ct_groups_free(g);
	return r;
}

int
ct_groups_has(const struct ct_groups *g, const char *s)
{
	size_t i;

	for (i = 0; g != NULL && i < g->n; i++)
		if (strcmp(g->v[i], s) == 0)
			return 1;
	return 0;
}

void
ct_groups_free(struct ct_groups *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; g->v != NULL && i < g->n; i++)
		free(g->v[i]);
	free(g->v);
	free(g);
}

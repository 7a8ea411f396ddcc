/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rights.c - rights from the token (issue 23): the new keys and
 * their refusals (with file:line), the groups claim read by the project's
 * own reader (one comma-joined string, an array of strings, a dotted
 * path; every other shape refused, never read as "no groups"; the bound
 * on values), the deny file grammar, and the binding history lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "binding.h"
#include "claims.h"
#include "config.h"
#include "deny.h"
#include "err.h"
#include "groups.h"
#include "jdoc.h"
#include "rights.h"

/* ------------------------------------------------------------ config */

/* text parsed into a fresh config: its status, reason in e. */
static int
parse(const char *text, struct ct_config **out, struct ct_err *e)
{
	struct ct_config *cfg = ct_config_new();
	int r;

	assert_non_null(cfg);
	ct_err_clear(e);
	r = ct_config_parse_text(cfg, text, strlen(text), "f.conf", e);
	if (r == CT_OK)
		r = ct_rights_check(cfg, e);
	if (out != NULL && r == CT_OK)
		*out = cfg;
	else
		ct_config_free(cfg);
	return r;
}

static void
refused(const char *text, const char *why)
{
	struct ct_err e;

	assert_int_equal(parse(text, NULL, &e), CT_ECONFIG);
	if (strstr(e.msg, why) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", e.msg, why);
}

static void
test_keys_good(void **state)
{
	struct ct_config *cfg = NULL;
	struct ct_err e;
	char v[CT_GROUP_VALUE_MAX + 1], g[CT_GROUP_NAME_MAX + 1];
	const char *p;

	(void)state;
	assert_int_equal(parse("groups_claim = realm_access.roles\n"
	    "group_map = linux-admins:sudo  developers:dev a:b:c:dev\n"
	    "require_groups = developers linux-admins\n"
	    "deny_file = /etc/security/deny\n", &cfg, &e), CT_OK);
	assert_string_equal(cfg->groups_claim, "realm_access.roles");
	assert_string_equal(cfg->group_map,
	    "linux-admins:sudo developers:dev a:b:c:dev");
	p = cfg->group_map;
	assert_int_equal(ct_group_map_next(&p, v, g), 1);
	assert_string_equal(v, "linux-admins");
	assert_string_equal(g, "sudo");
	assert_int_equal(ct_group_map_next(&p, v, g), 1);
	assert_int_equal(ct_group_map_next(&p, v, g), 1);
	assert_string_equal(v, "a:b:c");	/* split at the last ':' */
	assert_string_equal(g, "dev");
	assert_int_equal(ct_group_map_next(&p, v, g), 0);
	assert_string_equal(cfg->deny_file, "/etc/security/deny");
	ct_config_free(cfg);
}

static void
test_keys_refused(void **state)
{
	char many[4096];
	size_t i, n;

	(void)state;
	refused("groups_claim = g\ngroup_map = admins:root\n",
	    "f.conf:2: group_map: \"admins:root\" names the group root");
	refused("groups_claim = g\ngroup_map = admins\n", "f.conf:2: "
	    "group_map: \"admins\" is not VALUE:GROUP");
	refused("groups_claim = g\ngroup_map = admins:\n", "no valid local "
	    "group name");
	refused("groups_claim = g\ngroup_map = :sudo\n", "claim value");
	refused("groups_claim = g\ngroup_map = a,b:sudo\n", "claim value");
	refused("groups_claim = g\ngroup_map = admins:Sudo\n",
	    "groupadd would refuse");
	refused("groups_claim = g\ngroup_map = admins:-x\n",
	    "groupadd would refuse");
	refused("groups_claim = g\ngroup_map = a:sudo a:sudo\n",
	    "given twice");
	n = (size_t)snprintf(many, sizeof(many), "groups_claim = g\n"
	    "group_map =");
	for (i = 0; i < 33; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, " v%zu:g", i);
	(void)snprintf(many + n, sizeof(many) - n, "\n");
	refused(many, "more than 32 pairs");
	refused("groups_claim = a..b\n", "no empty part");
	refused("groups_claim = .a\n", "no empty part");
	refused("groups_claim = a b\n", "dotted path");
	refused("group_map = a:sudo\n", "need groups_claim");
	refused("require_groups = a\n", "need groups_claim");
	refused("deny_file = relative\n", "absolute path");
	refused("adopt_from = nobody\n", "names no other issuer");
	refused("adopt_from = default\n", "names no other issuer");
	refused("adopt_from = a b\n", "an issuer name");
}

static void
test_adopt_from_sections(void **state)
{
	struct ct_config *cfg = NULL;
	struct ct_err e;
	static const char two[] =
	    "[issuer old]\nissuer = https://old.example\naudience = a\n"
	    "jwks_url =\n"
	    "[issuer new]\nissuer = https://new.example\naudience = a\n"
	    "jwks_url =\nadopt_from = old\n";

	(void)state;
	assert_int_equal(parse(two, &cfg, &e), CT_OK);
	ct_config_free(cfg);
	refused("[issuer new]\nissuer = https://new.example\naudience = a\n"
	    "jwks_url =\nadopt_from = new\n", "names no other issuer");
	refused("map_file = /x\n[issuer new]\nissuer = https://new.example\n"
	    "audience = a\njwks_url =\ndeny_file = /x\n", "a global key");
}

/* ------------------------------------------------------- groups claim */

/* Reads claims (JSON) with groups_claim = claim; status, *g. */
static int
groups_of(const char *claim, const char *json, struct ct_groups **g,
    struct ct_err *e)
{
	struct ct_config *cfg = ct_config_new();
	struct ct_identity id;
	struct ct_jdoc *d;
	int r;

	assert_non_null(cfg);
	ct_err_clear(e);
	assert_int_equal(ct_config_set(cfg, "groups_claim", claim, e), CT_OK);
	d = ct_jdoc_parse(json, strlen(json), "claims", CT_EAUTH, e);
	assert_non_null(d);
	memset(&id, 0, sizeof(id));
	r = ct_groups_from_claims_run(ct_jdoc_root(d), cfg, NULL, &id, e);
	*g = id.groups;
	ct_jdoc_free(d);
	ct_config_free(cfg);
	return r;
}

static void
test_groups_shapes(void **state)
{
	struct ct_groups *g = NULL;
	struct ct_err e;

	(void)state;
	/* glewlwyd: one string joined with commas. */
	assert_int_equal(groups_of("groups",
	    "{\"groups\":\"linux-admins,developers\"}", &g, &e), CT_OK);
	assert_int_equal(g->n, 2);
	assert_true(ct_groups_has(g, "linux-admins"));
	assert_true(ct_groups_has(g, "developers"));
	assert_false(ct_groups_has(g, "linux"));
	assert_int_equal(g->email_verified, -1);
	ct_groups_free(g);
	/* spaces around values go; inside a value they stay; empties skip */
	assert_int_equal(groups_of("groups",
	    "{\"groups\":\" a , b c ,,\",\"email_verified\":true}", &g, &e),
	    CT_OK);
	assert_int_equal(g->n, 2);
	assert_true(ct_groups_has(g, "a"));
	assert_true(ct_groups_has(g, "b c"));
	assert_int_equal(g->email_verified, 1);
	ct_groups_free(g);
	/* Keycloak: a dotted path to an array; elements are never split */
	assert_int_equal(groups_of("realm_access.roles",
	    "{\"realm_access\":{\"roles\":[\"x,y\",\"z\"]},"
	    "\"email_verified\":\"true\"}", &g, &e), CT_OK);
	assert_int_equal(g->n, 2);
	assert_true(ct_groups_has(g, "x,y"));
	assert_int_equal(g->email_verified, 0);	/* only JSON true */
	ct_groups_free(g);
	/* absent: no value, not an error */
	assert_int_equal(groups_of("groups", "{\"sub\":\"s\"}", &g, &e),
	    CT_OK);
	assert_int_equal(g->n, 0);
	assert_false(g->present);
	ct_groups_free(g);
	assert_int_equal(groups_of("a.b", "{\"a\":5}", &g, &e), CT_OK);
	assert_int_equal(g->n, 0);
	ct_groups_free(g);
}

static void
groups_refused(const char *claim, const char *json, const char *why)
{
	struct ct_groups *g = NULL;
	struct ct_err e;

	assert_int_equal(groups_of(claim, json, &g, &e), CT_EAUTH);
	assert_null(g);
	if (strstr(e.msg, why) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", e.msg, why);
	assert_true(e.screen[0] != '\0');
}

static void
test_groups_refused(void **state)
{
	char *big;
	size_t i, n = 0;

	(void)state;
	groups_refused("groups", "{\"groups\":5}", "neither a string nor an "
	    "array");
	groups_refused("groups", "{\"groups\":{\"a\":\"b\"}}", "neither");
	groups_refused("groups", "{\"groups\":null}", "neither");
	groups_refused("groups", "{\"groups\":[\"a\",1]}", "element 1 is not "
	    "a string");
	groups_refused("groups", "{\"groups\":[[\"a\"]]}", "element 0");
	groups_refused("groups", "{\"groups\":\"a\\u0001b\"}",
	    "control character");
	/* 10,000 values: refused, never cut (and never slow) */
	big = malloc(10000 * 4 + 32);
	assert_non_null(big);
	n = (size_t)sprintf(big, "{\"groups\":[");
	for (i = 0; i < 10000; i++)
		n += (size_t)sprintf(big + n, "%s\"a\"", i > 0 ? "," : "");
	(void)sprintf(big + n, "]}");
	groups_refused("groups", big, "more than 1024");
	n = (size_t)sprintf(big, "{\"groups\":\"");
	for (i = 0; i < 1025; i++)
		n += (size_t)sprintf(big + n, "a,");
	(void)sprintf(big + n, "\"}");
	groups_refused("groups", big, "more than 1024");
	free(big);
}

/* --------------------------------------------------------- deny file */

static int
deny(const char *text, const char *section, const char *identity,
    const char *sub, struct ct_err *e)
{
	ct_err_clear(e);
	return ct_deny_check_text(text, strlen(text), "d", section, identity,
	    sub, e);
}

static void
test_deny(void **state)
{
	static const char list[] = "# who may not log in\n\n"
	    "  Bob@Example.com  \n+15551234567\nsub:glew:abc\n";
	struct ct_err e;

	(void)state;
	assert_int_equal(deny(list, "glew", "alice@example.com", "x", &e),
	    CT_OK);
	assert_int_equal(deny(list, "glew", "bob@example.COM", "x", &e),
	    CT_EAUTH);
	assert_non_null(strstr(e.msg, "d:3"));
	assert_true(e.screen[0] != '\0');
	assert_int_equal(deny(list, NULL, "+15551234567", NULL, &e),
	    CT_EAUTH);
	assert_int_equal(deny(list, "glew", NULL, "abc", &e), CT_EAUTH);
	/* another issuer's subject, or a prefix, is no hit */
	assert_int_equal(deny(list, "cotter", NULL, "abc", &e), CT_OK);
	assert_int_equal(deny(list, "glew", NULL, "ab", &e), CT_OK);
	assert_int_equal(deny(list, "gle", NULL, "w:abc", &e), CT_OK);
	assert_int_equal(deny(list, NULL, NULL, "abc", &e), CT_OK);
	/* malformed: refuses every login */
	assert_int_equal(deny("a b\n", "glew", "x@y", "s", &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "d:1"));
	ct_err_clear(&e);
	assert_int_equal(ct_deny_check_text("a\0b", 3, "d", NULL, "x", NULL,
	    &e), CT_ECONFIG);
	/* no file configured: nobody denied */
	ct_err_clear(&e);
	assert_int_equal(ct_deny_check("", "glew", "bob@example.com", "abc",
	    &e), CT_OK);
}

/* ---------------------------------------------------- binding history */

static void
test_binding_history(void **state)
{
	struct ct_binding b, c;
	struct ct_err e;
	char buf[CT_BINDING_MAX_BYTES];
	size_t len = 0;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_binding_make(&b, "cathy", "https://www.cotter.app",
	    "s1", "carol@example.com", 100, &e), CT_OK);
	assert_int_equal(ct_binding_rebind(&b, "https://new.example", "s2",
	    200, &e), CT_OK);
	assert_int_equal(b.nwas, 1);
	assert_string_equal(b.was[0].iss, "https://www.cotter.app");
	assert_string_equal(b.was[0].sub, "s1");
	assert_int_equal(b.was[0].until, 200);
	assert_string_equal(b.identity, "carol@example.com");
	assert_int_equal(ct_binding_rebind(&b, "https://third.example", "s3",
	    300, &e), CT_OK);
	assert_int_equal(ct_binding_rebind(&b, "https://fourth.example", "s4",
	    400, &e), CT_OK);
	/* at most CT_BIND_HISTORY_MAX kept: the oldest goes */
	assert_int_equal(b.nwas, CT_BIND_HISTORY_MAX);
	assert_string_equal(b.was[0].sub, "s2");
	assert_string_equal(b.was[1].sub, "s3");
	assert_int_equal(ct_binding_format(&b, buf, sizeof(buf), &len, &e),
	    CT_OK);
	assert_non_null(strstr(buf, "\nwas-iss https://new.example\n"
	    "was-sub s2\nwas-until 300\n"));
	assert_int_equal(ct_binding_parse_text(buf, len, "cathy", &c, &e),
	    CT_OK);
	assert_int_equal(c.nwas, 2);
	assert_string_equal(c.sub, "s4");
	assert_string_equal(c.was[1].iss, "https://third.example");
	/* a half history entry, or a third one, is refused */
	assert_int_equal(ct_binding_parse_text(buf, len - 14, "cathy", &c,
	    &e), CT_ECONFIG);
	memcpy(buf + len, "was-iss a\nwas-sub b\nwas-until 1\n", 32);
	assert_int_equal(ct_binding_parse_text(buf, len + 32, "cathy", &c,
	    &e), CT_ECONFIG);
	/* a bad sub is never stored */
	assert_int_equal(ct_binding_rebind(&b, "https://x", "a b", 1, &e),
	    CT_EAUTH);
	assert_string_equal(b.sub, "s4");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_good),
		cmocka_unit_test(test_keys_refused),
		cmocka_unit_test(test_adopt_from_sections),
		cmocka_unit_test(test_groups_shapes),
		cmocka_unit_test(test_groups_refused),
		cmocka_unit_test(test_deny),
		cmocka_unit_test(test_binding_history),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

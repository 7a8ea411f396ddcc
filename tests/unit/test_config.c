/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_config.c - the configuration grammar and every key (DESIGN.md
 * "Contracts"): defaults, good and bad values, the file grammar, module
 * arguments overriding the file, and fail-closed refusals naming the key.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "alg.h"
#include "config.h"
#include "err.h"
#include "testenv.h"

static char dir[64];

/* ------------------------------------------------------------ helpers */

/* Writes text to dir/name, root-owned, with mode; returns "config=PATH". */
static char *
write_conf(const char *name, const char *text, size_t len, mode_t mode)
{
	char path[128], *arg;
	int fd;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(fchown(fd, 0, 0), 0);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
	arg = malloc(strlen(path) + 8);
	assert_non_null(arg);
	(void)sprintf(arg, "config=%s", path);
	return arg;
}

static struct ct_config *
new_cfg(void)
{
	struct ct_config *cfg = ct_config_new();

	assert_non_null(cfg);
	return cfg;
}

static void
set_ok(struct ct_config *cfg, const char *key, const char *value)
{
	struct ct_err e;

	ct_err_clear(&e);
	if (ct_config_set(cfg, key, value, &e) != CT_OK)
		fail_msg("%s=\"%s\" refused: %s", key, value, e.msg);
	assert_int_equal(e.code, CT_OK);
}

/* key=value refused with CT_ECONFIG and a reason naming the key. */
static void
set_bad(const char *key, const char *value)
{
	struct ct_config *cfg = new_cfg();
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_config_set(cfg, key, value, &e);
	ct_config_free(cfg);
	if (r == CT_OK)
		fail_msg("%s=\"%s\" was accepted", key, value);
	assert_int_equal(r, CT_ECONFIG);
	assert_int_equal(e.code, CT_ECONFIG);
	if (strstr(e.msg, key) == NULL)
		fail_msg("reason \"%s\" does not name %s", e.msg, key);
}

/* Parses text; returns the status, reason in e. */
static int
parse(struct ct_config *cfg, const char *text, struct ct_err *e)
{
	ct_err_clear(e);
	return ct_config_parse_text(cfg, text, strlen(text), "test.conf", e);
}

/* text refused; the reason holds `why` (e.g. "test.conf:2"). */
static void
parse_bad(const char *text, const char *why)
{
	struct ct_config *cfg = new_cfg();
	struct ct_err e;
	int r;

	r = parse(cfg, text, &e);
	ct_config_free(cfg);
	if (r == CT_OK)
		fail_msg("accepted: \"%s\"", text);
	assert_int_equal(r, CT_ECONFIG);
	if (strstr(e.msg, why) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", e.msg, why);
}

static int
load(int argc, const char **argv, struct ct_config **cfg, struct ct_err *e)
{
	ct_err_clear(e);
	*cfg = NULL;
	return ct_config_load(argc, argv, cfg, e);
}

static void
load_bad(int argc, const char **argv, const char *why)
{
	struct ct_config *cfg = NULL;
	struct ct_err e;
	int r;

	r = load(argc, argv, &cfg, &e);
	if (r == CT_OK) {
		ct_config_free(cfg);
		fail_msg("load accepted (expected \"%s\")", why);
	}
	assert_null(cfg);
	assert_int_equal(r, CT_ECONFIG);
	assert_int_equal(e.code, CT_ECONFIG);
	if (strstr(e.msg, why) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", e.msg, why);
}

static int
setup(void **state)
{
	(void)state;
	return t_scratch_make(dir, sizeof(dir), "config", 0755);
}

static int
teardown(void **state)
{
	(void)state;
	return t_scratch_remove(dir);
}

/* ------------------------------------------------------------ defaults */

static void
test_defaults(void **state)
{
	struct ct_config *cfg = new_cfg();
	struct ct_err e;

	(void)state;
	assert_null(cfg->config_path);
	assert_string_equal(cfg->issuer, "https://www.cotter.app");
	assert_null(cfg->audience);
	assert_int_equal(cfg->algorithms, CT_ALG_ES256);
	assert_int_equal(cfg->leeway, 60);
	assert_int_equal(cfg->max_token_age, 0);
	assert_string_equal(cfg->token_type,
	    "client_access_token access_token");
	assert_string_equal(cfg->identity_claim, "identifier");
	assert_string_equal(cfg->jwks_cache,
	    "/var/cache/pam_cotter/jwks.json");
	assert_string_equal(cfg->jwks_url,
	    "https://www.cotter.app/api/v0/token/jwks");
	assert_string_equal(cfg->map_file, "/etc/security/pam_cotter.users");
	assert_int_equal(cfg->uid_min, 1000);
	assert_string_equal(cfg->prompt, "Cotter token: ");
	assert_int_equal(cfg->debug, 0);
	assert_int_equal(cfg->use_first_pass, 0);
	assert_int_equal(cfg->try_first_pass, 0);
	/* audience is required: the defaults alone do not pass the check. */
	ct_err_clear(&e);
	assert_int_equal(ct_config_check(cfg, &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "audience"));
	set_ok(cfg, "audience", "api-key-id");
	ct_err_clear(&e);
	assert_int_equal(ct_config_check(cfg, &e), CT_OK);
	ct_config_free(cfg);
	ct_config_free(NULL);
}

/* ----------------------------------------------------------- each key */

static void
test_issuer(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	set_ok(cfg, "issuer", "https://issuer.example");
	assert_string_equal(cfg->issuer, "https://issuer.example");
	ct_config_free(cfg);
	set_bad("issuer", "");
	set_bad("issuer", "https://a b");
	set_bad("issuer", "https://a\x01");
	set_bad("issuer", "https://\xc3\xa9");
}

static void
test_audience(void **state)
{
	struct ct_config *cfg = new_cfg();
	char *longv;

	(void)state;
	set_ok(cfg, "audience", "3b1b2d5c-6a1f-4c1e-9d55-5ad7c0ffee01");
	assert_string_equal(cfg->audience,
	    "3b1b2d5c-6a1f-4c1e-9d55-5ad7c0ffee01");
	/* A later value replaces the earlier one (no leak: valgrind). */
	set_ok(cfg, "audience", "other");
	assert_string_equal(cfg->audience, "other");
	/* Issue 22: several audiences, separated by spaces. */
	set_ok(cfg, "audience", "pam-login https://host-a.example/");
	assert_string_equal(cfg->audience,
	    "pam-login https://host-a.example/");
	ct_config_free(cfg);
	set_bad("audience", "");
	set_bad("audience", "   ");
	set_bad("audience", "a\tb");
	set_bad("audience", "x # comment");
	set_bad("audience", "#x");
	longv = malloc(514);
	assert_non_null(longv);
	memset(longv, 'a', 513);
	longv[513] = '\0';
	set_bad("audience", longv);
	free(longv);
}

static void
test_algorithms(void **state)
{
	static const char *bad[] = { "", "HS256", "none", "None", "es256",
	    "ES256 none", "ES256 HS256", "ES256X", "eddsa", "Ed25519",
	    "Ed448", "ES256K", "PS256 RS1", "HS512", "RSA-OAEP" };
	struct ct_config *cfg = new_cfg();
	size_t i;

	(void)state;
	set_ok(cfg, "algorithms", "RS256");
	assert_int_equal(cfg->algorithms, CT_ALG_RS256);
	set_ok(cfg, "algorithms", "ES256 RS256");
	assert_int_equal(cfg->algorithms, CT_ALG_ES256 | CT_ALG_RS256);
	set_ok(cfg, "algorithms", "ES256");
	assert_int_equal(cfg->algorithms, CT_ALG_ES256);
	/* Issue 22: every algorithm of RFC 7518 3.1 we verify, and EdDSA. */
	set_ok(cfg, "algorithms", "ES256 ES384 ES512 RS256 RS384 RS512 "
	    "PS256 PS384 PS512 EdDSA");
	assert_int_equal(cfg->algorithms, CT_ALG_ALL);
	set_ok(cfg, "algorithms", "PS384,EdDSA");
	assert_int_equal(cfg->algorithms, CT_ALG_PS384 | CT_ALG_EDDSA);
	ct_config_free(cfg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		set_bad("algorithms", bad[i]);
}

/* Issue 22: an unknown algorithm is named, with the file and line. */
static void
test_algorithms_unknown_names_line(void **state)
{
	(void)state;
	parse_bad("audience = a\nalgorithms = ES256 HS256\n",
	    "test.conf:2: algorithms: \"HS256\" is not an algorithm");
	parse_bad("audience = a\n\nalgorithms = Ed25519\n",
	    "test.conf:3: algorithms: \"Ed25519\"");
}

/* Issue 22: require_typ, words; "" (the default) checks nothing. */
static void
test_require_typ(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	assert_true(cfg->require_typ == NULL || *cfg->require_typ == '\0');
	set_ok(cfg, "require_typ", "at+jwt");
	assert_string_equal(cfg->require_typ, "at+jwt");
	set_ok(cfg, "require_typ", "at+jwt application/jwt");
	assert_string_equal(cfg->require_typ, "at+jwt application/jwt");
	set_ok(cfg, "require_typ", "");
	assert_string_equal(cfg->require_typ, "");
	ct_config_free(cfg);
	set_bad("require_typ", "at+jwt\x01");
}

static void
test_leeway(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	set_ok(cfg, "leeway", "0");
	assert_int_equal(cfg->leeway, 0);
	set_ok(cfg, "leeway", "300");
	assert_int_equal(cfg->leeway, 300);
	set_ok(cfg, "leeway", "030");
	assert_int_equal(cfg->leeway, 30);
	ct_config_free(cfg);
	set_bad("leeway", "301");
	set_bad("leeway", "-1");
	set_bad("leeway", "");
	set_bad("leeway", "60s");
	set_bad("leeway", "6 0");
	set_bad("leeway", " 60");
	set_bad("leeway", "+60");
	set_bad("leeway", "0x10");
	set_bad("leeway", "1e2");
	set_bad("leeway", "99999999999999999999");
}

static void
test_max_token_age(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	set_ok(cfg, "max_token_age", "600");
	assert_int_equal(cfg->max_token_age, 600);
	set_ok(cfg, "max_token_age", "31536000");
	assert_int_equal(cfg->max_token_age, 31536000);
	set_ok(cfg, "max_token_age", "0");
	assert_int_equal(cfg->max_token_age, 0);
	ct_config_free(cfg);
	set_bad("max_token_age", "31536001");
	set_bad("max_token_age", "-5");
	set_bad("max_token_age", "10m");
	set_bad("max_token_age", "99999999999999999999");
	set_bad("max_token_age", "9223372036854775808");
}

static void
test_token_type(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	set_ok(cfg, "token_type", "client_access_token");
	assert_string_equal(cfg->token_type, "client_access_token");
	set_ok(cfg, "token_type", "");
	assert_string_equal(cfg->token_type, "");
	ct_config_free(cfg);
	set_bad("token_type", "client_access_token\n");
	set_bad("token_type", "a\x7f");
}

static void
test_identity_claim(void **state)
{
	struct ct_config *cfg = new_cfg();
	char v[70];

	(void)state;
	set_ok(cfg, "identity_claim", "email");
	assert_string_equal(cfg->identity_claim, "email");
	memset(v, 'c', 64);
	v[64] = '\0';
	set_ok(cfg, "identity_claim", v);
	ct_config_free(cfg);
	v[64] = 'c';
	v[65] = '\0';
	set_bad("identity_claim", v);
	set_bad("identity_claim", "");
	set_bad("identity_claim", "phone number");
	set_bad("identity_claim", "a\x1b");
}

static void
test_paths(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	set_ok(cfg, "jwks_cache", "/tmp/keys.json");
	assert_string_equal(cfg->jwks_cache, "/tmp/keys.json");
	set_ok(cfg, "map_file", "/etc/users");
	assert_string_equal(cfg->map_file, "/etc/users");
	ct_config_free(cfg);
	set_bad("jwks_cache", "");
	set_bad("jwks_cache", "keys.json");
	set_bad("jwks_cache", "./keys.json");
	set_bad("jwks_cache", "/a\nb");
	set_bad("map_file", "");
	set_bad("map_file", "users");
	set_bad("map_file", "~/users");
}

static void
test_jwks_url(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	set_ok(cfg, "jwks_url", "https://issuer.example/jwks");
	assert_string_equal(cfg->jwks_url, "https://issuer.example/jwks");
	set_ok(cfg, "jwks_url", "");
	assert_string_equal(cfg->jwks_url, "");
	ct_config_free(cfg);
	set_bad("jwks_url", "http://www.cotter.app/api/v0/token/jwks");
	set_bad("jwks_url", "HTTPS://issuer.example/jwks");
	set_bad("jwks_url", "https://");
	set_bad("jwks_url", "file:///etc/keys");
	set_bad("jwks_url", "https://a b");
	set_bad("jwks_url", " https://a");
}

static void
test_refresh_keys(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	set_ok(cfg, "refresh_interval", "1");
	assert_int_equal(cfg->refresh_interval, 1);
	set_ok(cfg, "max_stale", "0");
	assert_int_equal(cfg->max_stale, 0);
	set_ok(cfg, "refresh_min_interval", "1");
	assert_int_equal(cfg->refresh_min_interval, 1);
	set_ok(cfg, "fetch_timeout", "60");
	assert_int_equal(cfg->fetch_timeout, 60);
	set_ok(cfg, "ca_file", "/etc/ssl/private-ca.pem");
	assert_string_equal(cfg->ca_file, "/etc/ssl/private-ca.pem");
	set_ok(cfg, "ca_file", "");
	assert_string_equal(cfg->ca_file, "");
	set_ok(cfg, "helper_dir", "/opt/cotter/libexec");
	assert_string_equal(cfg->helper_dir, "/opt/cotter/libexec");
	set_ok(cfg, "prompt_more", "More: ");
	assert_string_equal(cfg->prompt_more, "More: ");
	ct_config_free(cfg);
	set_bad("refresh_interval", "0");
	set_bad("refresh_min_interval", "0");
	set_bad("max_stale", "-1");
	set_bad("fetch_timeout", "0");
	set_bad("fetch_timeout", "61");
	set_bad("fetch_timeout", "5s");
	set_bad("ca_file", "relative/ca.pem");
	set_bad("helper_dir", "");
	set_bad("helper_dir", "libexec");
	set_bad("prompt_more", "tab\there");
}

/* Issue 19: home_mode, owner rwx and nobody else writes; 0700 default. */
static void
test_home_mode(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	assert_int_equal(cfg->home_mode, 0700);
	set_ok(cfg, "home_mode", "0750");
	assert_int_equal(cfg->home_mode, 0750);
	set_ok(cfg, "home_mode", "755");
	assert_int_equal(cfg->home_mode, 0755);
	ct_config_free(cfg);
	set_bad("home_mode", "0777");	/* others write */
	set_bad("home_mode", "0770");	/* group writes */
	set_bad("home_mode", "0600");	/* owner cannot enter */
	set_bad("home_mode", "4700");	/* set-id */
	set_bad("home_mode", "1700");	/* sticky */
	set_bad("home_mode", "0800");
	set_bad("home_mode", "07000");
	set_bad("home_mode", "");
}

/* ct_config_check with audience set and primary_group/user_groups. */
static int
check_groups(const char *pg, const char *groups, const char *allow)
{
	struct ct_config *cfg = new_cfg();
	struct ct_err e;
	int r;

	set_ok(cfg, "audience", "app");
	set_ok(cfg, "primary_group", pg);
	set_ok(cfg, "user_groups", groups);
	if (allow != NULL)
		set_ok(cfg, "allow_privileged_groups", allow);
	ct_err_clear(&e);
	r = ct_config_check(cfg, &e);
	if (r != CT_OK)
		assert_non_null(strstr(e.msg, "grants power"));
	ct_config_free(cfg);
	return r;
}

/*
 * Issue 19 (c): groups that grant power are refused in primary_group and
 * user_groups unless allow_privileged_groups names them (or is yes);
 * ordinary groups are the control.
 */
static void
test_privileged_groups(void **state)
{
	(void)state;
	assert_int_equal(check_groups("users", "audio video", NULL), CT_OK);
	assert_int_equal(check_groups("users", "audio sudo", NULL),
	    CT_ECONFIG);
	assert_int_equal(check_groups("adm", "", NULL), CT_ECONFIG);
	assert_int_equal(check_groups("users", "docker", "no"), CT_ECONFIG);
	assert_int_equal(check_groups("users", "docker", "lxd adm"),
	    CT_ECONFIG);
	assert_int_equal(check_groups("users", "docker,lxd", "lxd docker"),
	    CT_OK);
	assert_int_equal(check_groups("shadow", "disk", "yes"), CT_OK);
	set_bad("allow_privileged_groups", "-oroot");
}

static void
test_uid_min(void **state)
{
	struct ct_config *cfg = new_cfg();

	(void)state;
	set_ok(cfg, "uid_min", "1");
	assert_int_equal(cfg->uid_min, 1);
	set_ok(cfg, "uid_min", "4294967294");
	assert_true(cfg->uid_min == (uid_t)4294967294U);
	set_ok(cfg, "uid_min", "2000");
	assert_int_equal(cfg->uid_min, 2000);
	ct_config_free(cfg);
	set_bad("uid_min", "0");	/* root must never be allowed */
	set_bad("uid_min", "00");
	set_bad("uid_min", "-1");
	set_bad("uid_min", "4294967295");
	set_bad("uid_min", "4294967296");
	set_bad("uid_min", "99999999999999999999");
	set_bad("uid_min", "1000 ");
	set_bad("uid_min", "");
}

static void
test_prompt(void **state)
{
	struct ct_config *cfg = new_cfg();
	char v[130];

	(void)state;
	set_ok(cfg, "prompt", "Token: ");
	assert_string_equal(cfg->prompt, "Token: ");
	memset(v, 'p', 128);
	v[128] = '\0';
	set_ok(cfg, "prompt", v);
	ct_config_free(cfg);
	v[128] = 'p';
	v[129] = '\0';
	set_bad("prompt", v);
	set_bad("prompt", "Token:\n");
	set_bad("prompt", "\x1b[2JToken: ");
}

static void
test_debug(void **state)
{
	static const char *yes[] = { "yes", "true", "1" };
	static const char *no[] = { "no", "false", "0" };
	struct ct_config *cfg = new_cfg();
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		set_ok(cfg, "debug", yes[i]);
		assert_int_equal(cfg->debug, 1);
		set_ok(cfg, "debug", no[i]);
		assert_int_equal(cfg->debug, 0);
	}
	ct_config_free(cfg);
	set_bad("debug", "");
	set_bad("debug", "YES");
	set_bad("debug", "on");
	set_bad("debug", "2");
}

/* Issue 4: create_users, allowed_domains, state_dir, user_shell, groups. */
static void
test_account_keys(void **state)
{
	static const char *bad_domains[] = { "example.com,other.com",
	    "@example.com", "exa mple.com\t", ".example.com", "example..com",
	    "-x.com", "x-.com", "ex_ample.com", "exampl\xc3\xa9.com",
	    "*.example.com", "example.com\n" };
	static const char *bad_shells[] = { "bash", "/bin/ba sh", "/bin/a:b",
	    "/bin/a,b", "/bin/../bash", "/bin//bash", "/", "/bin/bash/",
	    "/bin/\xc3\xa9", "" };
	static const char *bad_groups[] = { "Users", "a:b", "-x", "a..b",
	    "users users", "a;b", "\xc3\xa9" };
	struct ct_config *cfg = new_cfg();
	size_t i;

	(void)state;
	assert_int_equal(cfg->create_users, 0);
	assert_string_equal(cfg->allowed_domains, "");
	assert_string_equal(cfg->state_dir, "/var/lib/pam_cotter");
	assert_string_equal(cfg->user_shell, "/bin/bash");
	assert_string_equal(cfg->user_groups, "");
	set_ok(cfg, "create_users", "yes");
	assert_int_equal(cfg->create_users, 1);
	set_ok(cfg, "allowed_domains",
	    "example.com  Example.ORG xn--bcher-kva.de");
	assert_string_equal(cfg->allowed_domains,
	    "example.com  Example.ORG xn--bcher-kva.de");
	set_ok(cfg, "allowed_domains", "");
	set_ok(cfg, "state_dir", "/srv/state");
	assert_string_equal(cfg->state_dir, "/srv/state");
	set_ok(cfg, "user_shell", "/usr/bin/zsh");
	set_ok(cfg, "user_groups", "users, audio  video");
	assert_string_equal(cfg->user_groups, "users,audio,video");
	set_ok(cfg, "user_groups", "");
	assert_string_equal(cfg->user_groups, "");
	ct_config_free(cfg);
	set_bad("create_users", "maybe");
	set_bad("state_dir", "var/lib/pam_cotter");
	set_bad("state_dir", "");
	for (i = 0; i < sizeof(bad_domains) / sizeof(bad_domains[0]); i++)
		set_bad("allowed_domains", bad_domains[i]);
	for (i = 0; i < sizeof(bad_shells) / sizeof(bad_shells[0]); i++)
		set_bad("user_shell", bad_shells[i]);
	for (i = 0; i < sizeof(bad_groups) / sizeof(bad_groups[0]); i++)
		set_bad("user_groups", bad_groups[i]);
}

/* Issue 11: primary_group (D2), login_by_identity (D3). */
static void
test_security_keys(void **state)
{
	static const char *bad_groups[] = { "root", "", "Users", "a:b",
	    "-x", "users,audio", "a b", "\xc3\xa9" };
	struct ct_config *cfg = new_cfg();
	size_t i;

	(void)state;
	assert_string_equal(cfg->primary_group, "users");
	assert_int_equal(cfg->login_by_identity, 0);
	assert_int_equal(cfg->keep_authtok, 0);
	set_ok(cfg, "primary_group", "private");
	assert_string_equal(cfg->primary_group, CT_PRIVATE_GROUP);
	set_ok(cfg, "primary_group", "staff-ext");
	assert_string_equal(cfg->primary_group, "staff-ext");
	set_ok(cfg, "login_by_identity", "yes");
	assert_int_equal(cfg->login_by_identity, 1);
	set_ok(cfg, "login_by_identity", "no");
	assert_int_equal(cfg->login_by_identity, 0);
	ct_config_free(cfg);
	for (i = 0; i < sizeof(bad_groups) / sizeof(bad_groups[0]); i++)
		set_bad("primary_group", bad_groups[i]);
	set_bad("login_by_identity", "sometimes");
	set_bad("keep_authtok", "yes");	/* a module flag, not a key */
}

static void
test_unknown_key(void **state)
{
	struct ct_config *cfg = new_cfg();
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "colour", "blue", &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "colour"));
	/* Keys are case-sensitive; flags and config= are not file keys. */
	set_bad("Audience", "x");
	set_bad("config", "/etc/x");
	set_bad("use_first_pass", "yes");
	set_bad("", "x");
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, NULL, "x", &e), CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "audience", NULL, &e),
	    CT_ECONFIG);
	ct_config_free(cfg);
}

/* ------------------------------------------------------- file grammar */

static void
test_parse_text_good(void **state)
{
	static const char text[] =
	    "# a comment\n"
	    "\n"
	    "   # indented comment\n"
	    "audience = api-key-id\n"
	    "\tissuer\t=\thttps://issuer.example  \t\n"
	    "leeway=30\n"
	    "prompt = \"Cotter token: \"\n"
	    "token_type = client_access_token#not-a-comment\n"
	    "jwks_url =\n"
	    "identity_claim = email";	/* no final newline */
	struct ct_config *cfg = new_cfg();
	struct ct_err e;

	(void)state;
	assert_int_equal(parse(cfg, text, &e), CT_OK);
	assert_string_equal(cfg->audience, "api-key-id");
	assert_string_equal(cfg->issuer, "https://issuer.example");
	assert_int_equal(cfg->leeway, 30);
	assert_string_equal(cfg->prompt, "Cotter token: ");
	assert_string_equal(cfg->token_type,
	    "client_access_token#not-a-comment");
	assert_string_equal(cfg->jwks_url, "");
	assert_string_equal(cfg->identity_claim, "email");
	/* An empty text is a valid (empty) file. */
	assert_int_equal(parse(cfg, "", &e), CT_OK);
	ct_config_free(cfg);
}

static void
test_quoted_values(void **state)
{
	struct ct_config *cfg = new_cfg();
	struct ct_err e;

	(void)state;
	assert_int_equal(parse(cfg, "prompt = \"  Token:  \"\n", &e), CT_OK);
	assert_string_equal(cfg->prompt, "  Token:  ");
	assert_int_equal(parse(cfg, "token_type = \"\"\n", &e), CT_OK);
	assert_string_equal(cfg->token_type, "");
	/* Unquoted, the trailing space is trimmed. */
	assert_int_equal(parse(cfg, "prompt = Token: \n", &e), CT_OK);
	assert_string_equal(cfg->prompt, "Token:");
	ct_config_free(cfg);
	parse_bad("prompt = \"Token: \n", "test.conf:1: unbalanced");
	parse_bad("prompt = \"\n", "test.conf:1: unbalanced");
}

static void
test_parse_text_bad(void **state)
{
	static const char nul[] = "audience = a\0b\n";
	struct ct_config *cfg = new_cfg();
	struct ct_err e;

	(void)state;
	parse_bad("audience = x\ncolour = blue\n", "test.conf:2");
	parse_bad("audience = x\ncolour = blue\n", "colour");
	parse_bad("audience\n", "test.conf:1");
	parse_bad("debug\n", "key = value");
	parse_bad("= x\n", "empty key");
	parse_bad("audience = x\r\n", "carriage return");
	parse_bad("# c\n\nleeway = 301\n", "test.conf:3: leeway");
	parse_bad("audience = x # comment\n", "test.conf:1: audience");
	parse_bad("uid_min = 0\n", "uid_min");
	ct_err_clear(&e);
	assert_int_equal(ct_config_parse_text(cfg, nul, sizeof(nul) - 1,
	    "test.conf", &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "NUL"));
	ct_config_free(cfg);
}

static void
test_duplicate_key_refused(void **state)
{
	struct ct_config *cfg = new_cfg();
	struct ct_err e;

	(void)state;
	parse_bad("audience = a\naudience = b\n", "test.conf:2: duplicate");
	parse_bad("leeway = 10\n#\nleeway = 10\n", "duplicate key \"leeway\"");
	/* Control: two different keys are fine. */
	assert_int_equal(parse(cfg, "audience = a\nleeway = 10\n", &e), CT_OK);
	ct_config_free(cfg);
}

/* -------------------------------------------------- load: file + args */

static void
test_load_file_and_flags(void **state)
{
	static const char text[] = "audience = api-key-id\n"
	    "jwks_url =\n"
	    "debug = no\n";
	struct ct_config *cfg = NULL;
	struct ct_err e;
	char *arg;
	const char *argv[6];

	(void)state;
	arg = write_conf("good.conf", text, sizeof(text) - 1, 0644);
	argv[0] = arg;
	assert_int_equal(load(1, argv, &cfg, &e), CT_OK);
	assert_non_null(cfg);
	assert_string_equal(cfg->audience, "api-key-id");
	assert_string_equal(cfg->config_path, arg + 7);
	assert_int_equal(cfg->debug, 0);
	ct_config_free(cfg);
	argv[1] = "debug";
	argv[2] = "use_first_pass";
	argv[3] = "try_first_pass";
	argv[4] = "nodelay";
	argv[5] = "keep_authtok";
	assert_int_equal(load(6, argv, &cfg, &e), CT_OK);
	assert_int_equal(cfg->keep_authtok, 1);
	assert_int_equal(cfg->debug, 1);
	assert_int_equal(cfg->use_first_pass, 1);
	assert_int_equal(cfg->try_first_pass, 1);
	assert_int_equal(cfg->nodelay, 1);
	ct_config_free(cfg);
	free(arg);
}

static void
test_args_override_file(void **state)
{
	static const char text[] = "audience = from-file\nleeway = 10\n"
	    "prompt = \"File: \"\n";
	struct ct_config *cfg = NULL;
	struct ct_err e;
	char *arg;
	const char *argv[4];

	(void)state;
	arg = write_conf("over.conf", text, sizeof(text) - 1, 0644);
	/* Arguments win wherever they stand, even before config=. */
	argv[0] = "leeway=20";
	argv[1] = arg;
	argv[2] = "audience=from-args";
	argv[3] = "prompt=Args: ";
	assert_int_equal(load(4, argv, &cfg, &e), CT_OK);
	assert_string_equal(cfg->audience, "from-args");
	assert_int_equal(cfg->leeway, 20);
	assert_string_equal(cfg->prompt, "Args: ");
	ct_config_free(cfg);
	/* A bad argument fails even though the file is fine. */
	argv[0] = "leeway=301";
	load_bad(4, argv, "leeway");
	argv[0] = "leeway=20";
	argv[2] = "bogus_flag";
	load_bad(4, argv, "bogus_flag");
	argv[2] = "colour=blue";
	load_bad(4, argv, "colour");
	argv[2] = "leeway=30";
	load_bad(4, argv, "twice");
	free(arg);
}

static void
test_missing_audience(void **state)
{
	static const char text[] = "# no audience\nleeway = 5\n";
	struct ct_config *cfg = NULL;
	struct ct_err e;
	char *arg;
	const char *argv[2];

	(void)state;
	arg = write_conf("noaud.conf", text, sizeof(text) - 1, 0644);
	argv[0] = arg;
	load_bad(1, argv, "audience");
	/* Control: an argument may supply it. */
	argv[1] = "audience=x";
	assert_int_equal(load(2, argv, &cfg, &e), CT_OK);
	ct_config_free(cfg);
	argv[1] = "audience=";
	load_bad(2, argv, "audience");
	free(arg);
}

/*
 * The shipped file's first state (no audience, or the example value
 * uncommented as it is) is "not configured": refused, with a line naming
 * what to set and the file.  The refresh timer relies on the same test.
 */
static void
test_not_configured(void **state)
{
	static const char unset[] = "create_users = yes\n";
	static const char example[] = "audience = YOUR-API-KEY-ID\n";
	static const char real[] = "audience = YOUR-API-KEY-ID-2\n";
	struct ct_config *cfg = NULL;
	struct ct_err e;
	const char *argv[1];
	char *arg;

	(void)state;
	arg = write_conf("unset.conf", unset, sizeof(unset) - 1, 0644);
	argv[0] = arg;
	load_bad(1, argv, "required key is not set: pam_cotter is not "
	    "configured yet (set audience, the application's API key id, and "
	    "jwks_url in ");
	load_bad(1, argv, "unset.conf)");
	free(arg);
	arg = write_conf("example.conf", example, sizeof(example) - 1, 0644);
	argv[0] = arg;
	load_bad(1, argv, "audience: still the example value YOUR-API-KEY-ID: "
	    "pam_cotter is not configured yet");
	free(arg);
	/* Control: any other value is a configured audience. */
	arg = write_conf("real.conf", real, sizeof(real) - 1, 0644);
	argv[0] = arg;
	assert_int_equal(load(1, argv, &cfg, &e), CT_OK);
	assert_int_equal(ct_config_unconfigured(cfg), 0);
	ct_config_free(cfg);
	free(arg);
	cfg = new_cfg();
	assert_int_equal(ct_config_unconfigured(cfg), 1);
	set_ok(cfg, "audience", CT_AUDIENCE_PLACEHOLDER);
	assert_int_equal(ct_config_unconfigured(cfg), 1);
	set_ok(cfg, "audience", "api-key-id");
	assert_int_equal(ct_config_unconfigured(cfg), 0);
	/* jwks_url: the built-in default until the file names another. */
	assert_int_equal(ct_config_default_url(cfg), 1);
	set_ok(cfg, "jwks_url", "https://id.example.net/jwks");
	assert_int_equal(ct_config_default_url(cfg), 0);
	set_ok(cfg, "jwks_url", "");
	assert_int_equal(ct_config_default_url(cfg), 0);
	ct_config_free(cfg);
}

static void
test_config_path_rules(void **state)
{
	static const char text[] = "audience = x\n";
	struct ct_config *cfg = NULL;
	struct ct_err e;
	char *good, *missing;
	const char *argv[2];

	(void)state;
	good = write_conf("p.conf", text, sizeof(text) - 1, 0644);
	argv[0] = good;
	assert_int_equal(load(1, argv, &cfg, &e), CT_OK);
	ct_config_free(cfg);
	argv[0] = "config=relative.conf";
	load_bad(1, argv, "absolute");
	argv[0] = "config=";
	load_bad(1, argv, "absolute");
	argv[0] = good;
	argv[1] = good;
	load_bad(2, argv, "twice");
	/* A config= that names a missing file is an error. */
	missing = malloc(strlen(dir) + 32);
	assert_non_null(missing);
	(void)sprintf(missing, "config=%s/nope.conf", dir);
	argv[0] = missing;
	argv[1] = "audience=x";
	load_bad(2, argv, "does not exist");
	free(missing);
	free(good);
}

static void
test_unsafe_config_refused(void **state)
{
	static const char text[] = "audience = x\n";
	char path[128], link[128], linkarg[140];
	char *arg;
	const char *argv[1];

	(void)state;
	arg = write_conf("ww.conf", text, sizeof(text) - 1, 0666);
	argv[0] = arg;
	load_bad(1, argv, "writable");
	free(arg);
	arg = write_conf("gw.conf", text, sizeof(text) - 1, 0664);
	argv[0] = arg;
	load_bad(1, argv, "writable");
	(void)snprintf(path, sizeof(path), "%s/gw.conf", dir);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chown(path, 65534, 0), 0);
	load_bad(1, argv, "not owned by root");
	assert_int_equal(chown(path, 0, 0), 0);
	(void)snprintf(link, sizeof(link), "%s/link.conf", dir);
	assert_int_equal(symlink(path, link), 0);
	(void)snprintf(linkarg, sizeof(linkarg), "config=%s", link);
	argv[0] = linkarg;
	load_bad(1, argv, "symbolic link");
	free(arg);
}

static void
test_file_errors_name_line(void **state)
{
	static const char text[] = "audience = x\n\n# c\nleeway = 60s\n";
	static const char nul[] = "audience = x\n\0\n";
	char *arg, want[128];
	const char *argv[1];

	(void)state;
	arg = write_conf("line.conf", text, sizeof(text) - 1, 0644);
	argv[0] = arg;
	(void)snprintf(want, sizeof(want), "%s:4: leeway", arg + 7);
	load_bad(1, argv, want);
	free(arg);
	arg = write_conf("nul.conf", nul, sizeof(nul) - 1, 0644);
	argv[0] = arg;
	load_bad(1, argv, "NUL");
	free(arg);
}

/* The default file may be absent when arguments say everything. */
static void
test_default_file_may_be_absent(void **state)
{
	struct ct_config *cfg = NULL;
	struct ct_err e;
	const char *argv[1] = { "audience=x" };

	(void)state;
	if (access(CT_DEFAULT_CONFIG, F_OK) == 0)
		skip();
	assert_int_equal(load(1, argv, &cfg, &e), CT_OK);
	assert_string_equal(cfg->audience, "x");
	ct_config_free(cfg);
	load_bad(0, argv, "audience");
}

/* Reads a whole small text file (the example config). */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f;
	char *buf;

	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s (run from the repository root)", path);
	buf = calloc(1, CT_CONFIG_MAX_BYTES + 1);
	assert_non_null(buf);
	*len = fread(buf, 1, CT_CONFIG_MAX_BYTES, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* text with every "#key = value" line uncommented; *n its length. */
static char *
uncommented(const char *text, size_t len, size_t *n)
{
	const char *p, *q;
	char *out;

	out = calloc(1, len + 1);
	assert_non_null(out);
	*n = 0;
	for (p = text; *p != '\0'; p = q) {
		q = strchr(p, '\n');
		q = q == NULL ? p + strlen(p) : q + 1;
		if (p[0] == '#' && p[1] >= 'a' && p[1] <= 'z' &&
		    memchr(p, '=', (size_t)(q - p)) != NULL)
			p++;
		memcpy(out + *n, p, (size_t)(q - p));
		*n += (size_t)(q - p);
	}
	return out;
}

/* conf/pam_cotter.conf parses, and as shipped it is "not configured". */
static void
test_example_config(void **state)
{
	struct ct_config *cfg = new_cfg(), *def = new_cfg();
	struct ct_err e;
	char *text;
	size_t len;

	(void)state;
	text = slurp("conf/pam_cotter.conf", &len);
	ct_err_clear(&e);
	if (ct_config_parse_text(cfg, text, len, "example", &e) != CT_OK)
		fail_msg("example config: %s", e.msg);
	/* As shipped it is "not configured": no audience, default URL. */
	assert_null(cfg->audience);
	assert_int_equal(ct_config_unconfigured(cfg), 1);
	assert_int_equal(ct_config_default_url(cfg), 1);
	ct_err_clear(&e);
	assert_int_equal(ct_config_check(cfg, &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "not configured yet"));
	/* The example turns account creation on (issue 4); default is off. */
	assert_int_equal(cfg->create_users, 1);
	assert_int_equal(def->create_users, 0);
	ct_config_free(cfg);
	ct_config_free(def);
	free(text);
}

/*
 * With every "#key = value" default line uncommented the example still
 * gives exactly the built-in defaults.
 */
static void
test_example_config_defaults(void **state)
{
	struct ct_config *cfg = new_cfg(), *def = new_cfg();
	struct ct_err e;
	char *text, *out;
	size_t len, n = 0;

	(void)state;
	text = slurp("conf/pam_cotter.conf", &len);
	out = uncommented(text, len, &n);
	ct_err_clear(&e);
	if (ct_config_parse_text(cfg, out, n, "example", &e) != CT_OK)
		fail_msg("example config, defaults uncommented: %s", e.msg);
	/* Its audience line is the placeholder: still not configured. */
	assert_string_equal(cfg->audience, CT_AUDIENCE_PLACEHOLDER);
	assert_int_equal(ct_config_unconfigured(cfg), 1);
	assert_string_equal(cfg->issuer, def->issuer);
	assert_int_equal(cfg->algorithms, def->algorithms);
	assert_int_equal(cfg->leeway, def->leeway);
	assert_int_equal(cfg->max_token_age, def->max_token_age);
	assert_string_equal(cfg->token_type, def->token_type);
	assert_string_equal(cfg->identity_claim, def->identity_claim);
	assert_string_equal(cfg->jwks_cache, def->jwks_cache);
	assert_string_equal(cfg->jwks_url, def->jwks_url);
	assert_string_equal(cfg->map_file, def->map_file);
	assert_int_equal(cfg->uid_min, def->uid_min);
	assert_string_equal(cfg->prompt, def->prompt);
	assert_string_equal(cfg->prompt_more, def->prompt_more);
	assert_int_equal(cfg->debug, def->debug);
	assert_string_equal(cfg->ca_file, def->ca_file);
	assert_int_equal(cfg->refresh_interval, def->refresh_interval);
	assert_int_equal(cfg->max_stale, def->max_stale);
	assert_int_equal(cfg->refresh_min_interval,
	    def->refresh_min_interval);
	assert_int_equal(cfg->fetch_timeout, def->fetch_timeout);
	assert_string_equal(cfg->helper_dir, def->helper_dir);
	assert_int_equal(cfg->create_users, 1);
	assert_string_equal(cfg->allowed_domains, def->allowed_domains);
	assert_string_equal(cfg->state_dir, def->state_dir);
	assert_string_equal(cfg->user_shell, def->user_shell);
	assert_string_equal(cfg->user_groups, def->user_groups);
	assert_string_equal(cfg->primary_group, def->primary_group);
	assert_int_equal(cfg->login_by_identity, def->login_by_identity);
	ct_config_free(cfg);
	ct_config_free(def);
	free(out);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_issuer),
		cmocka_unit_test(test_audience),
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_algorithms_unknown_names_line),
		cmocka_unit_test(test_require_typ),
		cmocka_unit_test(test_leeway),
		cmocka_unit_test(test_max_token_age),
		cmocka_unit_test(test_token_type),
		cmocka_unit_test(test_identity_claim),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_jwks_url),
		cmocka_unit_test(test_refresh_keys),
		cmocka_unit_test(test_uid_min),
		cmocka_unit_test(test_home_mode),
		cmocka_unit_test(test_privileged_groups),
		cmocka_unit_test(test_prompt),
		cmocka_unit_test(test_debug),
		cmocka_unit_test(test_account_keys),
		cmocka_unit_test(test_security_keys),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_parse_text_good),
		cmocka_unit_test(test_quoted_values),
		cmocka_unit_test(test_parse_text_bad),
		cmocka_unit_test(test_duplicate_key_refused),
		cmocka_unit_test(test_load_file_and_flags),
		cmocka_unit_test(test_args_override_file),
		cmocka_unit_test(test_missing_audience),
		cmocka_unit_test(test_not_configured),
		cmocka_unit_test(test_config_path_rules),
		cmocka_unit_test(test_unsafe_config_refused),
		cmocka_unit_test(test_file_errors_name_line),
		cmocka_unit_test(test_default_file_may_be_absent),
		cmocka_unit_test(test_example_config),
		cmocka_unit_test(test_example_config_defaults),
	};

	if (geteuid() != 0) {
		(void)fprintf(stderr, "test_config must run as root\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}

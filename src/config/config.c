/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config.c - the module's configuration: defaults, the config file and the
 * module arguments, all through one ct_config_set() (pam-u2f cfg.c style;
 * DESIGN.md "Contracts").  Everything fails closed: an unknown key, a bad
 * value, a duplicate key or an unsafe file is CT_ECONFIG.
 */
#define _GNU_SOURCE		/* asprintf */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alg.h"
#include "config.h"
#include "devicecfg.h"
#include "dropin.h"
#include "err.h"
#include "names.h"
#include "home.h"
#include "privgroup.h"
#include "replaycfg.h"
#include "rights.h"
#include "safefile.h"

#define CT_DEFAULT_ISSUER	"https://www.cotter.app"
#define CT_DEFAULT_TOKEN_TYPE	"client_access_token access_token"
#define CT_DEFAULT_IDENTITY	"identifier"
#define CT_DEFAULT_JWKS_CACHE	"/var/cache/pam_cotter/jwks.json"
#define CT_DEFAULT_JWKS_URL	"https://www.cotter.app/api/v0/token/jwks"
#define CT_DEFAULT_MAP_FILE	"/etc/security/pam_cotter.users"
#define CT_DEFAULT_PROMPT	"Cotter token: "
#define CT_DEFAULT_STATE_DIR	"/var/lib/pam_cotter"
#define CT_DEFAULT_SHELL	"/bin/bash"
#define CT_DEFAULT_PRIMARY_GROUP "users"
#define CT_DEFAULT_PROMPT_MORE	"Cotter token, continued: "
#define CT_NEUTRAL_PROMPT	"Token: "
#define CT_NEUTRAL_PROMPT_MORE	"Token, continued: "
#define CT_DEFAULT_SSHD_PATHS	"/usr/sbin/sshd /usr/lib/openssh/sshd-session"
#define CT_SECTION_CACHE_DIR	"/var/cache/pam_cotter"
#define CT_SECTION_NAME_MAX	32

#define CT_STR_MAX	512		/* issuer, audience, type, url */
#define CT_PATH_MAX	4095
#define CT_IDENT_MAX	64		/* identity_claim */
#define CT_PROMPT_MAX	128
#define CT_AGE_MAX	31536000LL	/* max_token_age: one year */
#define CT_UID_MAX	4294967294LL	/* (uid_t)-1 is no uid */
#define CT_SHOWN_MAX	65		/* 64 chars of a value + NUL */
#define CT_FETCH_TIMEOUT_MAX 60LL	/* a login never waits longer */
#define CT_DOMAINS_MAX	4095		/* allowed_domains */

struct ct_key;
typedef int (*ct_setter)(struct ct_config *, const struct ct_key *,
    const char *, struct ct_err *);

/* One configuration key; its index in ct_keys is its bit in `seen`. */
struct ct_key {
	const char *name;
	ct_setter set;
	int per_issuer;		/* may be written in an [issuer] section */
};

/* ------------------------------------------------------------ helpers */

/* Replaces the string at *slot with a copy of value. */
static int
set_string(char **slot, const char *key, const char *value,
    struct ct_err *e)
{
	char *copy;
	int r = CT_ENOMEM;

	if ((copy = strdup(value)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "%s: out of memory", key);
		goto out;
	}
	free(*slot);
	*slot = copy;
	r = CT_OK;
out:
	return r;
}

/*
 * 1 when s holds only bytes in [lo, 0x7e]: lo ' ' allows spaces,
 * lo '!' refuses them.  Control characters and non-ASCII always refuse.
 */
static int
ascii_only(const char *s, unsigned char lo)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < lo || *p > 0x7e)
			return 0;
	return 1;
}

/* A printable, bounded string value, optionally non-empty. */
static int
check_text(const char *key, const char *value, size_t max, int nonempty,
    unsigned char lo, struct ct_err *e)
{
	int r = CT_ECONFIG;

	if (nonempty && *value == '\0') {
		r = ct_fail(e, CT_ECONFIG, "%s: must not be empty", key);
		goto out;
	}
	if (strlen(value) > max) {
		r = ct_fail(e, CT_ECONFIG, "%s: longer than %zu characters",
		    key, max);
		goto out;
	}
	if (!ascii_only(value, lo)) {
		r = ct_fail(e, CT_ECONFIG, "%s: %s", key, lo == ' ' ?
		    "only printable ASCII is allowed" :
		    "only printable ASCII without spaces is allowed");
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

/*
 * A decimal number in [min, max]: digits only (no sign, no spaces, no
 * trailing junk), then strtoll with the end pointer and ERANGE checked.
 */
static int
parse_number(const char *key, const char *value, long long min,
    long long max, long long *out, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	char *end = NULL;
	long long n;
	int r = CT_ECONFIG;

	ct_sanitize(shown, sizeof(shown), value, strlen(value));
	if (*value < '0' || *value > '9') {
		r = ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not a number", key,
		    shown);
		goto out;
	}
	errno = 0;
	n = strtoll(value, &end, 10);
	if (end == NULL || *end != '\0') {
		r = ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not a number", key,
		    shown);
		goto out;
	}
	if (errno == ERANGE || n < min || n > max) {
		r = ct_fail(e, CT_ECONFIG, "%s: \"%s\" is out of range "
		    "%lld..%lld", key, shown, min, max);
		goto out;
	}
	*out = n;
	r = CT_OK;
out:
	return r;
}

/* yes/no/true/false/1/0, exactly (case-sensitive). */
static int
parse_bool(const char *key, const char *value, int *out, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	int r = CT_ECONFIG;

	if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 ||
	    strcmp(value, "1") == 0)
		*out = 1;
	else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 ||
	    strcmp(value, "0") == 0)
		*out = 0;
	else {
		ct_sanitize(shown, sizeof(shown), value, strlen(value));
		r = ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not yes/no/true/"
		    "false/1/0", key, shown);
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

/* An absolute path without control characters. */
static int
check_path(const char *key, const char *value, struct ct_err *e)
{
	int r = CT_ECONFIG;

	if (*value != '/') {
		r = ct_fail(e, CT_ECONFIG, "%s: must be an absolute path",
		    key);
		goto out;
	}
	r = check_text(key, value, CT_PATH_MAX, 1, ' ', e);
out:
	return r;
}

/* --------------------------------------------------------- the setters */

static int
set_issuer(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	int r;

	/* RFC 7519 4.1.1: compared byte for byte, so no spaces either. */
	if ((r = check_text(k->name, v, CT_STR_MAX, 1, '!', e)) != CT_OK)
		return r;
	return set_string(&cfg->issuer, k->name, v, e);
}

static int
set_audience(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	int r;

	/*
	 * RFC 7519 4.1.3: one of the token's aud values must equal one of
	 * these (issue 22: several, separated by spaces).
	 */
	if ((r = check_text(k->name, v, CT_STR_MAX, 1, ' ', e)) != CT_OK)
		return r;
	if (strspn(v, " ") == strlen(v))
		return ct_fail(e, CT_ECONFIG, "%s: must not be empty",
		    k->name);
	/* Lines have no trailing comments: "x # note" is a mistake. */
	if (v[0] == '#' || strstr(v, " #") != NULL)
		return ct_fail(e, CT_ECONFIG, "%s: a value starts with '#' "
		    "(a comment takes a line of its own)", k->name);
	return set_string(&cfg->audience, k->name, v, e);
}

static int
set_algorithms(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	char shown[CT_SHOWN_MAX], bad[CT_SHOWN_MAX];
	unsigned mask = 0;

	/* RFC 8725 3.1: only the algorithms of alg.h can be configured. */
	if (ct_alg_parse_list_bad(v, &mask, bad, sizeof(bad)) != 0 ||
	    mask == 0) {
		ct_sanitize(shown, sizeof(shown), bad[0] != '\0' ? bad : v,
		    strlen(bad[0] != '\0' ? bad : v));
		return ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not an algorithm "
		    "this module knows (ES256 ES384 ES512 RS256 RS384 RS512 "
		    "PS256 PS384 PS512 EdDSA)", k->name, shown);
	}
	cfg->algorithms = mask;
	return CT_OK;
}

static int
set_leeway(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	return parse_number(k->name, v, 0, CT_LEEWAY_MAX, &cfg->leeway, e);
}

static int
set_max_token_age(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	/* Issue 24.4: on a service's line it tightens every issuer. */
	return parse_number(k->name, v, 0, CT_AGE_MAX, cfg->in_args ?
	    &cfg->arg_max_token_age : &cfg->max_token_age, e);
}

static int
set_token_type(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	int r;

	/* Words separated by spaces; "" disables the type check. */
	if ((r = check_text(k->name, v, CT_STR_MAX, 0, ' ', e)) != CT_OK)
		return r;
	return set_string(&cfg->token_type, k->name, v, e);
}

static int
set_require_typ(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	int r;

	/*
	 * RFC 8725 3.11, RFC 9068 2.1: the header's typ must be one of these
	 * words (compared in jws.c); "" (the default) checks nothing.
	 */
	if ((r = check_text(k->name, v, CT_STR_MAX, 0, ' ', e)) != CT_OK)
		return r;
	return set_string(&cfg->require_typ, k->name, v, e);
}

static int
set_identity_claim(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	int r;

	if ((r = check_text(k->name, v, CT_IDENT_MAX, 1, '!',
	    e)) != CT_OK)
		return r;
	return set_string(&cfg->identity_claim, k->name, v, e);
}

static int
set_jwks_cache(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	int r;

	if ((r = check_path(k->name, v, e)) != CT_OK)
		return r;
	return set_string(&cfg->jwks_cache, k->name, v, e);
}

static int
set_jwks_url(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	int r;

	/* "" means a static, administrator-managed key set. */
	if (*v != '\0' && (strncmp(v, "https://", 8) != 0 || v[8] == '\0'))
		return ct_fail(e, CT_ECONFIG, "%s: must be empty or an "
		    "https:// URL", k->name);
	if ((r = check_text(k->name, v, CT_STR_MAX, 0, '!', e)) != CT_OK)
		return r;
	return set_string(&cfg->jwks_url, k->name, v, e);
}

static int
set_map_file(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	int r;

	if ((r = check_path(k->name, v, e)) != CT_OK)
		return r;
	return set_string(&cfg->map_file, k->name, v, e);
}

static int
set_uid_min(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	long long n = 0;
	int r;

	/* Never 0: root must never log in through this module. */
	if ((r = parse_number(k->name, v, 1, CT_UID_MAX, &n, e)) != CT_OK)
		return r;
	cfg->uid_min = (uid_t)n;
	return CT_OK;
}

static int
set_prompt(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	int r;

	if ((r = check_text(k->name, v, CT_PROMPT_MAX, 0, ' ', e)) != CT_OK)
		return r;
	return set_string(&cfg->prompt, k->name, v, e);
}

static int
set_prompt_more(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	int r;

	if ((r = check_text(k->name, v, CT_PROMPT_MAX, 0, ' ', e)) != CT_OK)
		return r;
	return set_string(&cfg->prompt_more, k->name, v, e);
}

static int
set_debug(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	return parse_bool(k->name, v, &cfg->debug, e);
}

static int
set_ca_file(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	int r;

	/* "" means the system's CA bundle. */
	if (*v != '\0' && (r = check_path(k->name, v, e)) != CT_OK)
		return r;
	return set_string(&cfg->ca_file, k->name, v, e);
}

static int
set_helper_dir(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	int r;

	if ((r = check_path(k->name, v, e)) != CT_OK)
		return r;
	return set_string(&cfg->helper_dir, k->name, v, e);
}

static int
set_refresh_interval(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return parse_number(k->name, v, 1, CT_AGE_MAX,
	    &cfg->refresh_interval, e);
}

static int
set_max_stale(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	return parse_number(k->name, v, 0, CT_AGE_MAX, &cfg->max_stale, e);
}

static int
set_refresh_min_interval(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return parse_number(k->name, v, 1, CT_AGE_MAX,
	    &cfg->refresh_min_interval, e);
}

static int
set_fetch_timeout(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return parse_number(k->name, v, 1, CT_FETCH_TIMEOUT_MAX,
	    &cfg->fetch_timeout, e);
}

/* ------------------------------------------------- account creation */

static int
set_create_users(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return parse_bool(k->name, v, &cfg->create_users, e);
}

static int
set_allowed_domains(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	int r;

	/* Space-separated DNS names (RFC 1035 2.3.4), compared in ASCII. */
	if ((r = check_text(k->name, v, CT_DOMAINS_MAX, 0, ' ', e)) != CT_OK)
		return r;
	if (!ct_domains_valid(v))
		return ct_fail(e, CT_ECONFIG, "%s: each word must be a domain "
		    "name of letters, digits, '-' and '.' (IDN in xn-- form)",
		    k->name);
	return set_string(&cfg->allowed_domains, k->name, v, e);
}

static int
set_state_dir(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	int r;

	if ((r = check_path(k->name, v, e)) != CT_OK)
		return r;
	return set_string(&cfg->state_dir, k->name, v, e);
}

static int
set_user_shell(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	/* Goes into /etc/passwd: no ':' ',' or space can ever pass. */
	if (!ct_shell_valid(v))
		return ct_fail(e, CT_ECONFIG, "%s: must be an absolute path of "
		    "letters, digits and /._+-", k->name);
	return set_string(&cfg->user_shell, k->name, v, e);
}

static int
set_user_groups(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	char norm[CT_GROUPS_MAX + 1];

	/* Stored as "g1,g2" (useradd -G); the helper checks they exist. */
	if (ct_groups_normalize(v, norm, sizeof(norm)) != 0)
		return ct_fail(e, CT_ECONFIG, "%s: group names separated by "
		    "spaces or commas, each a valid name, at most %d, no "
		    "duplicates", k->name, CT_GROUPS_COUNT_MAX);
	return set_string(&cfg->user_groups, k->name, norm, e);
}

/* ---------------------------------------------- issue 11 (SECURITY.md) */

/*
 * D2: the primary group of created accounts, an existing group (the
 * helper checks it exists and is not gid 0), or "private" for a group
 * named after the account.  Never root.
 */
static int
set_primary_group(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	if (!ct_username_valid(v) || strcmp(v, "root") == 0)
		return ct_fail(e, CT_ECONFIG, "%s: a group name (not root), "
		    "or \"%s\"", k->name, CT_PRIVATE_GROUP);
	return set_string(&cfg->primary_group, k->name, v, e);
}

/* D3: may an email or phone identity be typed as the login name? */
static int
set_login_by_identity(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return parse_bool(k->name, v, &cfg->login_by_identity, e);
}

/* ------------------------------- uids and the first SSH login (issue 13) */

static int
set_uid_range(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];

	/* D6: never 0, within 1..2^31-2; >= uid_min is ct_config_check's. */
	if (ct_uid_range_parse(v, &cfg->uid_lo, &cfg->uid_hi) != 0) {
		ct_sanitize(shown, sizeof(shown), v, strlen(v));
		return ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not LO-HI with "
		    "1 <= LO <= HI <= %u", k->name, shown, CT_UID_RANGE_TOP);
	}
	return CT_OK;
}

static int
set_ssh_create_users(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return parse_bool(k->name, v, &cfg->ssh_create_users, e);
}

static int
set_sshd_paths(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	const char *p;
	int r;

	/* Compared byte for byte with the resolved /proc/self/exe. */
	if ((r = check_text(k->name, v, CT_PATH_MAX, 1, ' ', e)) != CT_OK)
		return r;
	for (p = v; *p != '\0'; p += strcspn(p, " ")) {
		p += strspn(p, " ");
		if (*p != '\0' && *p != '/')
			return ct_fail(e, CT_ECONFIG, "%s: each word must be "
			    "an absolute path", k->name);
	}
	return set_string(&cfg->sshd_paths, k->name, v, e);
}

/* ------------------------------------------ issue 19 (SECURITY.md) */

static int
set_home_mode(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	if (ct_home_mode_parse(v, &cfg->home_mode) != 0)
		return ct_fail(e, CT_ECONFIG, "%s: three or four octal digits, "
		    "owner rwx, nobody else writes, no set-id bit (0700, "
		    "0750, 0755)", k->name);
	return CT_OK;
}

/* "no" (none), "yes" (any), or the privileged groups allowed by name. */
static int
set_allow_priv_groups(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	char norm[CT_GROUPS_MAX + 1];
	int b = 0;

	if (parse_bool(k->name, v, &b, NULL) == CT_OK)
		return set_string(&cfg->allow_priv_groups, k->name,
		    b ? CT_ALLOW_PRIV_ALL : "", e);
	if (ct_groups_normalize(v, norm, sizeof(norm)) != 0)
		return ct_fail(e, CT_ECONFIG, "%s: yes, no, or group names "
		    "separated by spaces or commas", k->name);
	return set_string(&cfg->allow_priv_groups, k->name, norm, e);
}

/* Issue 25: the device flow's keys live in devicecfg.c. */
static int
set_device(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	return ct_config_set_device(cfg, k->name, v, e);
}

/* ------------------------------------------ issue 23 (rights.c) */

static int
set_groups_claim(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return ct_rights_set_groups_claim(cfg, k->name, v, e);
}

static int
set_group_map(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	return ct_rights_set_group_map(cfg, k->name, v, e);
}

static int
set_require_groups(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return ct_rights_set_require_groups(cfg, k->name, v, e);
}

static int
set_deny_file(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	return ct_rights_set_deny_file(cfg, k->name, v, e);
}

static int
set_adopt_from(struct ct_config *cfg, const struct ct_key *k,
    const char *v, struct ct_err *e)
{
	return ct_rights_set_adopt_from(cfg, k->name, v, e);
}

/* ------------------------------------------ issue 24 (replaycfg.c) */

static int
set_replay(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	return ct_set_replay(cfg, k->name, v, e);
}

static int
set_replay_max(struct ct_config *cfg, const struct ct_key *k, const char *v,
    struct ct_err *e)
{
	return ct_set_replay_max(cfg, k->name, v, e);
}

/*
 * The keys of this version; at most 64 (the duplicate mask is 64 bits).
 * per_issuer 2: a global value is every issuer's default and makes no
 * issuer "default" of its own (issue 24).
 */
static const struct ct_key ct_keys[] = {
	{ "issuer", set_issuer, 1 },
	{ "audience", set_audience, 1 },
	{ "algorithms", set_algorithms, 1 },
	{ "leeway", set_leeway, 1 },
	{ "max_token_age", set_max_token_age, 1 },
	{ "token_type", set_token_type, 1 },
	{ "identity_claim", set_identity_claim, 1 },
	{ "jwks_cache", set_jwks_cache, 1 },
	{ "jwks_url", set_jwks_url, 1 },
	{ "map_file", set_map_file, 0 },
	{ "uid_min", set_uid_min, 0 },
	{ "prompt", set_prompt, 0 },
	{ "prompt_more", set_prompt_more, 0 },
	{ "debug", set_debug, 0 },
	{ "ca_file", set_ca_file, 1 },
	{ "refresh_interval", set_refresh_interval, 1 },
	{ "max_stale", set_max_stale, 1 },
	{ "refresh_min_interval", set_refresh_min_interval, 1 },
	{ "fetch_timeout", set_fetch_timeout, 0 },
	{ "helper_dir", set_helper_dir, 0 },
	{ "create_users", set_create_users, 0 },
	{ "allowed_domains", set_allowed_domains, 1 },
	{ "state_dir", set_state_dir, 0 },
	{ "user_shell", set_user_shell, 0 },
	{ "user_groups", set_user_groups, 0 },
	{ "primary_group", set_primary_group, 0 },
	{ "login_by_identity", set_login_by_identity, 0 },
	{ "uid_range", set_uid_range, 0 },
	{ "ssh_create_users", set_ssh_create_users, 0 },
	{ "sshd_paths", set_sshd_paths, 0 },
	{ "home_mode", set_home_mode, 0 },
	{ "allow_privileged_groups", set_allow_priv_groups, 0 },
	{ "require_typ", set_require_typ, 1 },
	{ "groups_claim", set_groups_claim, 1 },
	{ "group_map", set_group_map, 1 },
	{ "require_groups", set_require_groups, 1 },
	{ "deny_file", set_deny_file, 0 },
	{ "adopt_from", set_adopt_from, 1 },
	{ "replay", set_replay, 2 },
	{ "replay_max_entries", set_replay_max, 0 },
	{ "device_flow", set_device, 1 },
	{ "client_id", set_device, 1 },
	{ "client_secret_file", set_device, 1 },
	{ "scope", set_device, 1 },
	{ "device_authorization_endpoint", set_device, 1 },
	{ "token_endpoint", set_device, 1 },
	{ "device_flow_services", set_device, 0 },
	{ "device_flow_timeout", set_device, 0 },
};
#define CT_NKEYS (sizeof(ct_keys) / sizeof(ct_keys[0]))

/* Index of key in ct_keys, or -1. */
static int
key_index(const char *key)
{
	size_t i;

	for (i = 0; i < CT_NKEYS; i++)
		if (strcmp(ct_keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------ the API */

const char *
ct_config_key_name(size_t i)
{
	return i < CT_NKEYS ? ct_keys[i].name : NULL;
}

int
ct_config_key_per_issuer(const char *key)
{
	int i = key_index(key);

	return i >= 0 && ct_keys[i].per_issuer;
}

struct ct_config *
ct_config_new(void)
{
	struct ct_config *cfg = NULL, *ret = NULL;

	if ((cfg = calloc(1, sizeof(*cfg))) == NULL)
		goto out;
	cfg->algorithms = CT_ALG_ES256;
	cfg->leeway = 60;
	cfg->max_token_age = 0;
	cfg->uid_min = 1000;
	cfg->refresh_interval = 3600;
	cfg->max_stale = 7 * 24 * 3600;
	cfg->refresh_min_interval = 300;
	cfg->fetch_timeout = 5;
	cfg->uid_lo = CT_UID_RANGE_LO;
	cfg->uid_hi = CT_UID_RANGE_HI;
	cfg->home_mode = CT_HOME_MODE_DEFAULT;
	cfg->replay_max_entries = CT_REPLAY_MAX_DEFAULT;
	if ((cfg->issuer = strdup(CT_DEFAULT_ISSUER)) == NULL ||
	    (cfg->token_type = strdup(CT_DEFAULT_TOKEN_TYPE)) == NULL ||
	    (cfg->identity_claim = strdup(CT_DEFAULT_IDENTITY)) == NULL ||
	    (cfg->jwks_cache = strdup(CT_DEFAULT_JWKS_CACHE)) == NULL ||
	    (cfg->jwks_url = strdup(CT_DEFAULT_JWKS_URL)) == NULL ||
	    (cfg->map_file = strdup(CT_DEFAULT_MAP_FILE)) == NULL ||
	    (cfg->prompt = strdup(CT_DEFAULT_PROMPT)) == NULL ||
	    (cfg->prompt_more = strdup(CT_DEFAULT_PROMPT_MORE)) == NULL ||
	    (cfg->ca_file = strdup("")) == NULL ||
	    (cfg->helper_dir = strdup(CT_HELPER_DIR)) == NULL ||
	    (cfg->allowed_domains = strdup("")) == NULL ||
	    (cfg->state_dir = strdup(CT_DEFAULT_STATE_DIR)) == NULL ||
	    (cfg->user_shell = strdup(CT_DEFAULT_SHELL)) == NULL ||
	    (cfg->user_groups = strdup("")) == NULL ||
	    (cfg->primary_group = strdup(CT_DEFAULT_PRIMARY_GROUP)) == NULL ||
	    (cfg->sshd_paths = strdup(CT_DEFAULT_SSHD_PATHS)) == NULL ||
	    (cfg->allow_priv_groups = strdup("")) == NULL ||
	    (cfg->require_typ = strdup("")) == NULL ||
	    (cfg->groups_claim = strdup("")) == NULL ||
	    (cfg->group_map = strdup("")) == NULL ||
	    (cfg->require_groups = strdup("")) == NULL ||
	    (cfg->deny_file = strdup(CT_DEFAULT_DENY_FILE)) == NULL ||
	    (cfg->adopt_from = strdup("")) == NULL ||
	    ct_config_device_init(cfg) != CT_OK)
		goto out;
	ret = cfg;
	cfg = NULL;
out:
	ct_config_free(cfg);
	return ret;
}

void
ct_config_free(struct ct_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	free(cfg->config_path);
	free(cfg->issuer);
	free(cfg->audience);
	free(cfg->token_type);
	free(cfg->require_typ);
	free(cfg->identity_claim);
	free(cfg->jwks_cache);
	free(cfg->jwks_url);
	free(cfg->map_file);
	free(cfg->prompt);
	free(cfg->prompt_more);
	free(cfg->ca_file);
	free(cfg->helper_dir);
	free(cfg->allowed_domains);
	free(cfg->state_dir);
	free(cfg->user_shell);
	free(cfg->user_groups);
	free(cfg->primary_group);
	free(cfg->sshd_paths);
	free(cfg->allow_priv_groups);
	free(cfg->groups_claim);
	free(cfg->group_map);
	free(cfg->require_groups);
	free(cfg->deny_file);
	free(cfg->adopt_from);
	ct_config_device_free(cfg);
	for (i = 0; i < cfg->nsections; i++) {
		ct_config_free(cfg->sections[i]);
		free(cfg->section_names[i]);
	}
	free(cfg);
}

int
ct_config_set(struct ct_config *cfg, const char *key, const char *value,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	int i, r = CT_ECONFIG;

	if (cfg == NULL || key == NULL || value == NULL) {
		r = ct_fail(e, CT_ECONFIG, "config: missing key or value");
		goto out;
	}
	if ((i = key_index(key)) < 0) {
		ct_sanitize(shown, sizeof(shown), key, strlen(key));
		r = ct_fail(e, CT_ECONFIG, "unknown config key \"%s\"", shown);
		goto out;
	}
	r = ct_keys[i].set(cfg, &ct_keys[i], value, e);
	/* Issue 24.4: max_token_age= on a service's line is no issuer. */
	if (r == CT_OK && ct_keys[i].per_issuer == 1 && !(cfg->in_args &&
	    ct_keys[i].set == set_max_token_age))
		cfg->global_issuer_keys = 1;
out:
	return r;
}

int
ct_config_check_ids(const struct ct_config *cfg, struct ct_err *e)
{
	char bad[CT_SHOWN_MAX];

	/* D6: both ends of uid_range at or above uid_min. */
	if (cfg->uid_lo < cfg->uid_min)
		return ct_fail(e, CT_ECONFIG, "uid_range: %lu-%lu starts "
		    "below uid_min %lu", (unsigned long)cfg->uid_lo,
		    (unsigned long)cfg->uid_hi, (unsigned long)cfg->uid_min);
	/* Issue 19: no group that grants power unless said so by name. */
	if (ct_groups_privileged_check(cfg->primary_group,
	    cfg->allow_priv_groups, bad, sizeof(bad)) != 0 ||
	    ct_groups_privileged_check(cfg->user_groups,
	    cfg->allow_priv_groups, bad, sizeof(bad)) != 0)
		return ct_fail(e, CT_ECONFIG, "primary_group/user_groups: "
		    "\"%s\" grants power over the host; name it in "
		    "allow_privileged_groups to give it to every created "
		    "account", bad);
	return CT_OK;
}

int
ct_config_unconfigured(const struct ct_config *cfg)
{
	/* Sections alone: no default issuer, each section has audience. */
	if (cfg->nsections > 0 && !cfg->global_issuer_keys)
		return 0;
	return cfg->audience == NULL || *cfg->audience == '\0' ||
	    strcmp(cfg->audience, CT_AUDIENCE_PLACEHOLDER) == 0;
}

int
ct_config_cotter_preset(const struct ct_config *cfg)
{
	return strcmp(cfg->issuer, CT_DEFAULT_ISSUER) == 0;
}

int
ct_config_all_cotter(const struct ct_config *cfg)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		if (!ct_config_cotter_preset(&v))
			return 0;
	}
	return 1;
}

/*
 * Issue 22: the prompts say "Token:" unless every issuer is the Cotter
 * preset; a prompt the configuration wrote stays as written.
 */
static int
neutral_prompts(struct ct_config *cfg, struct ct_err *e)
{
	int r = CT_OK;

	if (ct_config_all_cotter(cfg))
		return CT_OK;
	if (strcmp(cfg->prompt, CT_DEFAULT_PROMPT) == 0)
		r = set_string(&cfg->prompt, "prompt", CT_NEUTRAL_PROMPT, e);
	if (r == CT_OK && strcmp(cfg->prompt_more, CT_DEFAULT_PROMPT_MORE) == 0)
		r = set_string(&cfg->prompt_more, "prompt_more",
		    CT_NEUTRAL_PROMPT_MORE, e);
	return r;
}

int
ct_config_default_url(const struct ct_config *cfg)
{
	return strcmp(cfg->jwks_url, CT_DEFAULT_JWKS_URL) == 0;
}

/*
 * The refusal of a configuration still as the package ships it: what to
 * set, and where (INSTALL.md, "Not configured yet").
 */
static int
not_configured(const struct ct_config *cfg, struct ct_err *e)
{
	const char *path = cfg->config_path != NULL ? cfg->config_path :
	    CT_DEFAULT_CONFIG;
	char shown[256];

	ct_sanitize(shown, sizeof(shown), path, strlen(path));
	return ct_fail(e, CT_ECONFIG, "audience: %s: pam_cotter is not "
	    "configured yet (set audience, the application's API key id, and "
	    "jwks_url in %s)", cfg->audience == NULL ||
	    *cfg->audience == '\0' ? "required key is not set" :
	    "still the example value " CT_AUDIENCE_PLACEHOLDER, shown);
}

int
ct_config_check(const struct ct_config *cfg, struct ct_err *e)
{
	int r = CT_ECONFIG;

	if (cfg == NULL) {
		r = ct_fail(e, CT_ECONFIG, "config: none");
		goto out;
	}
	if (ct_config_unconfigured(cfg)) {
		r = not_configured(cfg, e);
		goto out;
	}
	if (cfg->uid_min == 0 || cfg->algorithms == 0) {
		r = ct_fail(e, CT_ECONFIG, "config: uid_min or algorithms "
		    "unset");
		goto out;
	}
	if ((r = ct_config_check_ids(cfg, e)) != CT_OK ||
	    (r = ct_config_check_issuers(cfg, e)) != CT_OK ||
	    (r = ct_config_check_device(cfg, e)) != CT_OK)
		goto out;
	r = ct_rights_check(cfg, e);
out:
	return r;
}

/* ------------------------------------------------------ the file grammar */

/* Strips spaces and tabs from both ends of [*s, *s + *n). */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/*
 * Splits one non-comment line into key and value (both malloc'd).  The
 * value may be wrapped in double quotes to keep leading/trailing spaces;
 * a value that opens a quote must close it.
 */
static int
split_line(const char *line, size_t n, char **key, char **value,
    struct ct_err *e)
{
	const char *eq, *k, *v;
	size_t kn, vn;
	int r = CT_ECONFIG;

	if ((eq = memchr(line, '=', n)) == NULL) {
		r = ct_fail(e, CT_ECONFIG, "expected \"key = value\"");
		goto out;
	}
	k = line;
	kn = (size_t)(eq - line);
	v = eq + 1;
	vn = n - kn - 1;
	trim(&k, &kn);
	trim(&v, &vn);
	if (kn == 0) {
		r = ct_fail(e, CT_ECONFIG, "empty key before '='");
		goto out;
	}
	if (vn > 0 && v[0] == '"') {
		if (vn < 2 || v[vn - 1] != '"') {
			r = ct_fail(e, CT_ECONFIG, "unbalanced double quote");
			goto out;
		}
		v++;
		vn -= 2;
	}
	if ((*key = strndup(k, kn)) == NULL ||
	    (*value = strndup(v, vn)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "out of memory");
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

/* The parse of one file: global keys first, then [issuer NAME] sections. */
struct ct_parse {
	struct ct_config *cfg;
	struct ct_config *target;	/* cfg, or the open section */
	const char *source;
	size_t header_line;		/* the open section's header */
	uint64_t seen;			/* keys the scope already set */
};

/* Applies one line to the open scope; a duplicate key refuses. */
static int
parse_line(struct ct_parse *ps, const char *line, size_t n,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	char *key = NULL, *value = NULL;
	int i, r = CT_ECONFIG;

	if ((r = split_line(line, n, &key, &value, e)) != CT_OK)
		goto out;
	ct_sanitize(shown, sizeof(shown), key, strlen(key));
	if ((i = key_index(key)) >= 0 && (ps->seen & ((uint64_t)1 << i)) != 0) {
		r = ct_fail(e, CT_ECONFIG, "duplicate key \"%s\"", shown);
		goto out;
	}
	if (i >= 0 && ps->target != ps->cfg && !ct_keys[i].per_issuer) {
		r = ct_fail(e, CT_ECONFIG, "%s: a global key, not an issuer "
		    "key: write it before the first [issuer] section", shown);
		goto out;
	}
	if ((r = ct_config_set(ps->target, key, value, e)) != CT_OK)
		goto out;
	ps->seen |= (uint64_t)1 << i;
	r = CT_OK;
out:
	free(key);
	free(value);
	return r;
}

/* 1 when issuer i of cfg other than section skip has the issuer iss. */
static int
issuer_taken(const struct ct_config *cfg, const struct ct_config *skip,
    const char *iss)
{
	size_t i;

	if ((cfg->nsections == 0 || cfg->global_issuer_keys) &&
	    strcmp(cfg->issuer, iss) == 0)
		return 1;
	for (i = 0; i < cfg->nsections; i++)
		if (cfg->sections[i] != skip &&
		    strcmp(cfg->sections[i]->issuer, iss) == 0)
			return 1;
	return 0;
}

/* A section is complete: issuer, audience, and its own key source. */
static int
section_done(struct ct_parse *ps, struct ct_err *e)
{
	const struct ct_config *sec = ps->target;
	const char *why = NULL;

	if (sec == ps->cfg)
		return CT_OK;
	if ((ps->seen & ((uint64_t)1 << key_index("issuer"))) == 0)
		why = "issuer is not set";
	else if (ct_config_unconfigured(sec))
		why = "audience is not set (or still the example value)";
	else if ((ps->seen & ((uint64_t)1 << key_index("jwks_url"))) == 0 &&
	    strcmp(sec->issuer, CT_DEFAULT_ISSUER) != 0)
		why = "jwks_url is not set (\"\" for a static key set)";
	else if (issuer_taken(ps->cfg, sec, sec->issuer))
		why = "another issuer section already has this issuer";
	if (why != NULL)
		return ct_fail(e, CT_ECONFIG, "%s:%zu: [issuer %s]: %s",
		    ps->source, ps->header_line, sec->section, why);
	return CT_OK;
}

/* A section name: 1..32 letters, digits, '_' and '-'. */
static int
section_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > CT_SECTION_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_-", s[i]) == NULL)
			return 0;
	return 1;
}

/* A new section: its defaults, with a key cache of its own. */
static int
section_new(struct ct_config *cfg, const char *name, size_t n,
    struct ct_config **out, struct ct_err *e)
{
	struct ct_config *sec = NULL;
	char *nm = NULL, *cache = NULL;
	int r = CT_ENOMEM;

	if ((nm = strndup(name, n)) == NULL ||
	    asprintf(&cache, CT_SECTION_CACHE_DIR "/issuer-%s.json", nm) < 0 ||
	    (sec = ct_config_new()) == NULL) {
		cache = NULL;
		r = ct_fail(e, CT_ENOMEM, "out of memory");
		goto out;
	}
	free(sec->jwks_cache);
	sec->jwks_cache = cache;
	cache = NULL;
	sec->section = nm;
	cfg->section_names[cfg->nsections] = nm;
	cfg->sections[cfg->nsections++] = sec;
	nm = NULL;
	*out = sec;
	r = CT_OK;
out:
	free(nm);
	free(cache);
	return r;
}

/* "[issuer NAME]": closes the open section and opens NAME's. */
static int
parse_header(struct ct_parse *ps, const char *line, size_t n,
    struct ct_err *e)
{
	struct ct_config *sec = NULL;
	const char *name;
	size_t i, nn;

	if (n < 2 || line[n - 1] != ']' || n - 2 < 7 ||
	    strncmp(line + 1, "issuer", 6) != 0 ||
	    (line[7] != ' ' && line[7] != '\t'))
		return ct_fail(e, CT_ECONFIG, "expected \"[issuer NAME]\"");
	name = line + 8;
	nn = n - 9;
	while (nn > 0 && (*name == ' ' || *name == '\t')) {
		name++;
		nn--;
	}
	while (nn > 0 && (name[nn - 1] == ' ' || name[nn - 1] == '\t'))
		nn--;
	if (!section_name_ok(name, nn) ||
	    (nn == 7 && strncmp(name, CT_DEFAULT_ISSUER_NAME, 7) == 0))
		return ct_fail(e, CT_ECONFIG, "[issuer NAME]: NAME must be 1 to "
		    "%d letters, digits, '_' or '-', and not \"%s\"",
		    CT_SECTION_NAME_MAX, CT_DEFAULT_ISSUER_NAME);
	for (i = 0; i < ps->cfg->nsections; i++)
		if (strlen(ps->cfg->section_names[i]) == nn &&
		    strncmp(ps->cfg->section_names[i], name, nn) == 0)
			return ct_fail(e, CT_ECONFIG, "[issuer %s]: a second "
			    "section of that name", ps->cfg->section_names[i]);
	if (ps->cfg->nsections >= CT_ISSUERS_MAX)
		return ct_fail(e, CT_ECONFIG, "more than %d issuer sections",
		    CT_ISSUERS_MAX);
	if (section_new(ps->cfg, name, nn, &sec, e) != CT_OK)
		return CT_ENOMEM;
	ps->target = sec;
	ps->seen = 0;
	return CT_OK;
}

/* One non-empty, non-comment line: a section header or a key. */
static int
parse_any(struct ct_parse *ps, const char *line, size_t n, size_t lineno,
    struct ct_err *e)
{
	struct ct_err le;
	int r;

	ct_err_clear(&le);
	if (line[0] == '[') {
		if ((r = section_done(ps, e)) != CT_OK)
			return r;
		r = parse_header(ps, line, n, &le);
		ps->header_line = lineno;
	} else
		r = parse_line(ps, line, n, &le);
	if (r != CT_OK)		/* Prefix the reason with "file:line". */
		r = ct_fail(e, (int)le.code, "%s:%zu: %s", ps->source, lineno,
		    le.msg);
	return r;
}

int
ct_config_parse_text(struct ct_config *cfg, const char *text, size_t len,
    const char *source, struct ct_err *e)
{
	struct ct_parse ps;
	const char *p, *end, *nl, *line;
	size_t n, lineno = 0;
	int r = CT_ECONFIG;

	if (source == NULL)
		source = "config";
	memset(&ps, 0, sizeof(ps));
	ps.cfg = ps.target = cfg;
	ps.source = source;
	if (cfg == NULL || (text == NULL && len > 0)) {
		r = ct_fail(e, CT_ECONFIG, "%s: no text", source);
		goto out;
	}
	if (len > 0 && memchr(text, '\0', len) != NULL) {
		r = ct_fail(e, CT_ECONFIG, "%s: NUL byte in file", source);
		goto out;
	}
	for (p = text, end = text + len; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line = p;
		n = (size_t)(nl - p);
		/* CRLF is refused, never half-stripped into a value. */
		if (memchr(line, '\r', n) != NULL) {
			r = ct_fail(e, CT_ECONFIG, "%s:%zu: carriage return "
			    "(save the file with Unix line ends)", source,
			    lineno);
			goto out;
		}
		trim(&line, &n);
		if (n == 0 || line[0] == '#')
			continue;
		if ((r = parse_any(&ps, line, n, lineno, e)) != CT_OK)
			goto out;
	}
	r = section_done(&ps, e);
out:
	return r;
}

/* ---------------------------------------------------- module arguments */

int
ct_config_read_dropins(struct ct_config *cfg, const char *path,
    struct ct_err *e)
{
	char dir[4096], **paths = NULL, *buf = NULL;
	size_t i, n = 0, len = 0;
	int r = CT_ECONFIG;

	if (ct_dropin_dir(path, dir, sizeof(dir)) != 0) {
		r = ct_fail(e, CT_ECONFIG, "config: path too long");
		goto out;
	}
	if ((r = ct_dropin_list(dir, CT_DROPIN_MAX, &paths, &n, e)) != CT_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if ((r = ct_safe_read(paths[i], CT_CONFIG_MAX_BYTES, CT_ECONFIG,
		    &buf, &len, NULL, e)) != CT_OK)
			goto out;
		r = ct_config_parse_text(cfg, buf, len, paths[i], e);
		free(buf);
		buf = NULL;
		if (r != CT_OK)
			goto out;
	}
	r = CT_OK;
out:
	ct_dropin_free(paths, n);
	return r;
}

/*
 * Reads the config file: `path` from config= (explicit: must exist), or
 * CT_DEFAULT_CONFIG (may be absent); then its drop-in directory.
 */
static int
load_file(struct ct_config *cfg, const char *path, int explicit,
    struct ct_err *e)
{
	struct ct_err le;
	char *buf = NULL;
	size_t len = 0;
	int missing = 0, r = CT_ECONFIG;

	ct_err_clear(&le);
	if ((r = set_string(&cfg->config_path, "config", path, e)) != CT_OK)
		goto out;
	if ((r = ct_safe_read(path, CT_CONFIG_MAX_BYTES, CT_ECONFIG, &buf,
	    &len, &missing, &le)) != CT_OK) {
		if (missing && !explicit) {
			r = CT_OK;	/* arguments must then say it all */
			goto out;
		}
		r = ct_fail(e, r, "config %s", le.msg);
		goto out;
	}
	if ((r = ct_config_parse_text(cfg, buf, len, path, e)) != CT_OK)
		goto out;
	r = ct_config_read_dropins(cfg, path, e);
out:
	free(buf);
	return r;
}

/* Finds the one config=PATH argument (absolute), or the default. */
static int
find_config_arg(int argc, const char **argv, const char **path,
    int *explicit, struct ct_err *e)
{
	int i, r = CT_ECONFIG;

	*path = CT_DEFAULT_CONFIG;
	*explicit = 0;
	for (i = 0; i < argc; i++) {
		if (argv[i] == NULL || strncmp(argv[i], "config=", 7) != 0)
			continue;
		if (*explicit) {
			r = ct_fail(e, CT_ECONFIG, "config: given twice");
			goto out;
		}
		if (argv[i][7] != '/') {
			r = ct_fail(e, CT_ECONFIG, "config: must be an "
			    "absolute path");
			goto out;
		}
		*path = argv[i] + 7;
		*explicit = 1;
	}
	r = CT_OK;
out:
	return r;
}

/* Applies one module argument other than config=: a flag or key=value. */
static int
apply_arg(struct ct_config *cfg, const char *arg, uint64_t *seen,
    struct ct_err *e)
{
	struct ct_err le;
	char shown[CT_SHOWN_MAX];
	char *key = NULL;
	const char *eq;
	int i, r = CT_ECONFIG;

	ct_err_clear(&le);
	if (strcmp(arg, "debug") == 0)
		cfg->debug = 1;
	else if (strcmp(arg, "use_first_pass") == 0)
		cfg->use_first_pass = 1;
	else if (strcmp(arg, "try_first_pass") == 0)
		cfg->try_first_pass = 1;
	else if (strcmp(arg, "nodelay") == 0)
		cfg->nodelay = 1;
	else if (strcmp(arg, "keep_authtok") == 0)
		cfg->keep_authtok = 1;
	else if ((eq = strchr(arg, '=')) == NULL) {
		ct_sanitize(shown, sizeof(shown), arg, strlen(arg));
		r = ct_fail(e, CT_ECONFIG, "unknown module argument \"%s\"",
		    shown);
		goto out;
	} else {
		if ((key = strndup(arg, (size_t)(eq - arg))) == NULL) {
			r = ct_fail(e, CT_ENOMEM, "config: out of memory");
			goto out;
		}
		if ((i = key_index(key)) >= 0 && (*seen & ((uint64_t)1 << i)) != 0) {
			r = ct_fail(e, CT_ECONFIG, "module argument %s: given "
			    "twice", ct_keys[i].name);
			goto out;
		}
		if ((r = ct_config_set(cfg, key, eq + 1, &le)) != CT_OK) {
			r = ct_fail(e, r, "module argument %s", le.msg);
			goto out;
		}
		*seen |= (uint64_t)1 << i;
	}
	r = CT_OK;
out:
	free(key);
	return r;
}

int
ct_config_load(int argc, const char **argv, struct ct_config **out,
    struct ct_err *e)
{
	struct ct_config *cfg = NULL;
	const char *path = NULL;
	uint64_t seen = 0;
	int i, explicit = 0, r = CT_ECONFIG;

	if (out == NULL || argc < 0 || (argc > 0 && argv == NULL)) {
		r = ct_fail(e, CT_ECONFIG, "config: bad arguments");
		goto out;
	}
	*out = NULL;
	if ((cfg = ct_config_new()) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "config: out of memory");
		goto out;
	}
	if ((r = find_config_arg(argc, argv, &path, &explicit, e)) != CT_OK)
		goto out;
	if ((r = load_file(cfg, path, explicit, e)) != CT_OK)
		goto out;
	/* Module arguments override the file (DESIGN.md "Contracts"). */
	cfg->in_args = 1;
	for (i = 0; i < argc; i++) {
		if (argv[i] == NULL) {
			r = ct_fail(e, CT_ECONFIG, "config: NULL argument");
			goto out;
		}
		if (strncmp(argv[i], "config=", 7) == 0)
			continue;
		if ((r = apply_arg(cfg, argv[i], &seen, e)) != CT_OK)
			goto out;
	}
	cfg->in_args = 0;
	if ((r = ct_config_check(cfg, e)) != CT_OK ||
	    (r = neutral_prompts(cfg, e)) != CT_OK)
		goto out;
	*out = cfg;
	cfg = NULL;
	r = CT_OK;
out:
	ct_config_free(cfg);
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config.h - the module's configuration: one grammar for the file and the
 * module arguments (DESIGN.md, "Contracts").
 */
#ifndef CT_CONFIG_H
#define CT_CONFIG_H

#include <sys/types.h>

#include "err.h"

#define CT_DEFAULT_CONFIG "/etc/security/pam_cotter.conf"
#define CT_CONFIG_MAX_BYTES (64 * 1024)
#define CT_LEEWAY_MAX 300
#define CT_ISSUERS_MAX 32	/* [issuer NAME] sections, issue 22 */
#define CT_DROPIN_MAX 64	/* *.conf files in the drop-in directory */
#define CT_DEFAULT_ISSUER_NAME "default"

#ifndef CT_HELPER_DIR
#define CT_HELPER_DIR "/usr/libexec/pam_cotter"
#endif

struct ct_config {
	char *config_path;	/* config= */
	char *issuer;		/* default https://www.cotter.app */
	char *audience;		/* required, no default; space-separated */
	unsigned algorithms;	/* CT_ALG_* mask, default ES256 */
	long long leeway;	/* seconds, default 60, 0..300 */
	long long max_token_age; /* seconds, default 0 = off */
	char *token_type;	/* space-separated; "" disables the check */
	char *require_typ;	/* header typ words; NULL/"" = no check */
	char *identity_claim;	/* default "identifier" */
	char *jwks_cache;	/* default /var/cache/pam_cotter/jwks.json */
	char *jwks_url;		/* default Cotter's; "" = static key set */
	char *map_file;		/* default /etc/security/pam_cotter.users */
	uid_t uid_min;		/* default 1000, never 0 */
	char *prompt;		/* default "Cotter token: " */
	char *prompt_more;	/* default "Cotter token, continued: " */
	int debug;
	int use_first_pass;
	int try_first_pass;
	int nodelay;		/* flag: no pam_fail_delay (INSTALL.md) */
	/* key refresh */
	char *ca_file;		/* "" = system CAs; else absolute path */
	long long refresh_interval; /* seconds, default 3600 */
	long long max_stale;	/* seconds, default 7 days */
	long long refresh_min_interval; /* seconds, default 300, >= 1 */
	long long fetch_timeout; /* seconds, default 5, 1..60 */
	char *helper_dir;	/* default CT_HELPER_DIR (build time) */
	/* account creation (issue 4) */
	int create_users;	/* default no */
	char *allowed_domains;	/* space-separated; default "" (none) */
	char *state_dir;	/* default /var/lib/pam_cotter */
	char *user_shell;	/* default /bin/bash */
	char *user_groups;	/* normalized "g1,g2"; default "" */
	/* issue 11 (SECURITY.md) */
	char *primary_group;	/* D2: default "users"; "private" */
	int login_by_identity;	/* D3: email/phone as login name; no */
	int keep_authtok;	/* D4 flag: leave PAM_AUTHTOK set */
	/* uids and the first SSH login (issue 13, lead's decision D6) */
	uid_t uid_lo;		/* uid_range, default 10000-59999 */
	uid_t uid_hi;
	int ssh_create_users;	/* default no: the NSS module answers */
	char *sshd_paths;	/* space-separated absolute paths */
	/* issue 19 (SECURITY.md) */
	mode_t home_mode;	/* default 0700 (src/config/home.h) */
	char *allow_priv_groups; /* "" (no), "yes" or "g1,g2" */
	/* issue 23: rights from the token (src/config/rights.h) */
	char *groups_claim;	/* per issuer; "" = off */
	char *group_map;	/* per issuer; "VALUE:GROUP ..." */
	char *require_groups;	/* per issuer; claim values, "" = none */
	char *deny_file;	/* global; "" = none */
	char *adopt_from;	/* per issuer; an issuer name, "" = none */
	const struct ct_config *base;	/* a view's configuration, or NULL */
	/* issue 25: device authorization at the prompt (devicecfg.h) */
	int device_flow;	/* per issuer, default no */
	char *client_id;	/* per issuer, "" unset */
	char *client_secret_file; /* per issuer, "" = public client */
	char *scope;		/* per issuer, "" = none sent */
	char *device_endpoint;	/* device_authorization_endpoint, "" */
	char *token_endpoint;	/* per issuer, "" = from discovery */
	char *device_flow_services; /* space-separated PAM services */
	long long device_flow_timeout; /* seconds, default 300 */
	/* issue 22: issuer sections */
	const char *section;	/* this view's issuer name; NULL = default */
	int global_issuer_keys;	/* an issuer key was written globally */
	size_t nsections;
	struct ct_config *sections[CT_ISSUERS_MAX]; /* issuer keys only */
	char *section_names[CT_ISSUERS_MAX];
	/* issue 24: replay defence (replaycfg.h) */
	int replay;		/* CT_REPLAY_*; 0: not written here */
	long long replay_max_entries; /* default 100000 */
	int in_args;		/* module arguments being applied */
	int replay_arg;		/* replay= on the service's line */
	long long arg_max_token_age; /* max_token_age= on the line */
};

#define CT_PRIVATE_GROUP "private"	/* primary_group: gid == uid */

/*
 * Builds the configuration from module arguments (RFC-free, pam-u2f cfg.c
 * style): defaults; then "config=PATH" (absolute) if given, else
 * CT_DEFAULT_CONFIG; that file is read through ct_safe_read (root-owned,
 * not group/world-writable, regular, <= CT_CONFIG_MAX_BYTES) and each
 * "key = value" line applied with ct_config_set; then every other argument
 * ("debug", "use_first_pass", "try_first_pass", "nodelay", "keep_authtok",
 * "key=value")
 * is applied, overriding the file.  A missing config file is an error
 * only when config= names it explicitly; the default file may be absent if the
 * arguments supply every required key.  Fails closed with CT_ECONFIG for an
 * unknown key, a bad value, an unsafe file or a missing required key
 * (audience).  The reason names the key and the file line.
 */
int ct_config_load(int argc, const char **argv, struct ct_config **out,
    struct ct_err *e);

/*
 * Applies one key/value.  Values: strings taken as given; numbers via
 * strtoll with end-pointer and range checks; booleans yes/no/true/false/1/0.
 * File values may be wrapped in double quotes to keep leading/trailing
 * spaces (prompt = "Cotter token: ").  Paths (jwks_cache, map_file) must be
 * absolute.  jwks_url must be empty or start with "https://".
 */
int ct_config_set(struct ct_config *cfg, const char *key, const char *value,
    struct ct_err *e);

/* Parses the text of a config file (exposed for tests and fuzzing). */
int ct_config_parse_text(struct ct_config *cfg, const char *text, size_t len,
    const char *source, struct ct_err *e);

/*
 * Reads every *.conf of path's drop-in directory (dropin.h) in name
 * order into cfg, each with ct_config_parse_text.  A missing directory
 * adds nothing.
 */
int ct_config_read_dropins(struct ct_config *cfg, const char *path,
    struct ct_err *e);

/*
 * Issuers are told apart: no two with the same issuer or the same
 * jwks_cache (one issuer's keys never judge another's tokens).
 */
int ct_config_check_issuers(const struct ct_config *cfg, struct ct_err *e);

/* A config holding only the defaults (audience NULL). */
struct ct_config *ct_config_new(void);

/*
 * Returns CT_OK if every required key is set, else CT_ECONFIG.  An
 * audience that is unset, empty or CT_AUDIENCE_PLACEHOLDER (the example
 * in the shipped file) is refused as "not configured yet".
 */
int ct_config_check(const struct ct_config *cfg, struct ct_err *e);

/*
 * The package's first state: the shipped file leaves audience unset (its
 * example line, commented out, holds CT_AUDIENCE_PLACEHOLDER).  1 while
 * audience is unset, empty or that placeholder; logins are then refused
 * and the refresh timer fetches nothing (pam_cotter_fetch(8)).
 */
#define CT_AUDIENCE_PLACEHOLDER "YOUR-API-KEY-ID"
int ct_config_unconfigured(const struct ct_config *cfg);

/* 1 when jwks_url is the built-in default (Cotter's own URL). */
int ct_config_default_url(const struct ct_config *cfg);

/*
 * The account keys alone (what the NSS module needs, which has no
 * audience): uid_range starts at or above uid_min.  CT_OK or CT_ECONFIG.
 */
int ct_config_check_ids(const struct ct_config *cfg, struct ct_err *e);

void ct_config_free(struct ct_config *cfg);

/*
 * Issuer sections (issue 22).  The issuers of cfg: "default" (the issuer
 * keys written before the first section, or in module arguments) when
 * the configuration has no section or writes an issuer key globally,
 * then each [issuer NAME] section in the order read.
 */
size_t ct_config_issuers(const struct ct_config *cfg);

/* The name of issuer i ("default" or the section's NAME). */
const char *ct_config_issuer_name(const struct ct_config *cfg, size_t i);

/*
 * Fills *view with cfg whose issuer keys are issuer i's: a shallow copy
 * that borrows cfg's strings (never free it; it lives no longer than
 * cfg).  view->section names the issuer.
 */
void ct_config_view(const struct ct_config *cfg, size_t i,
    struct ct_config *view);

/*
 * The issuer whose `issuer` equals iss byte for byte (RFC 7519 4.1.1),
 * or -1.  Used only to choose which issuer's keys and rules judge a
 * token: the choice is never trusted before the signature verifies.
 */
int ct_config_issuer_find(const struct ct_config *cfg, const char *iss);

/*
 * 1 when the issuer cfg views is the Cotter preset (its issuer is
 * Cotter's own); ct_config_all_cotter: every issuer of cfg is.
 */
int ct_config_cotter_preset(const struct ct_config *cfg);
int ct_config_all_cotter(const struct ct_config *cfg);

/* 1 when some issuer's allowed_domains names a domain. */
int ct_config_any_domains(const struct ct_config *cfg);

/* 1 when the key is an issuer key (may be written in a section). */
int ct_config_key_per_issuer(const char *key);

/*
 * The name of the i-th key the parser accepts, or NULL past the last one
 * (tests check that man/pam_cotter.conf.5 documents every key).
 */
const char *ct_config_key_name(size_t i);

#endif

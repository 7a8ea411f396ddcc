/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * admin.h - pam-cotter, the administrator's command: explain a token
 * (check), list the cached keys (keys), refresh them (refresh), check the
 * host (doctor), manage accounts (accounts).  Every check it reports is
 * the library's own (src/libcotter.a): it never re-implements one.
 */
#ifndef AD_ADMIN_H
#define AD_ADMIN_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "config.h"

#define AD_EXIT_OK	0	/* what the command checks holds */
#define AD_EXIT_NO	1	/* it does not (a refusal, a failed check) */
#define AD_EXIT_USAGE	2	/* bad arguments or input: nothing judged */

#define AD_PAMD_DIR	"/etc/pam.d"
#define AD_ARGS_MAX	64	/* module arguments kept from a service */

enum ad_cmd {
	AD_NONE, AD_CHECK, AD_KEYS, AD_REFRESH, AD_DOCTOR, AD_ACCOUNTS
};

/* The parsed command line (ad_parse_args); strings point into argv. */
struct ad_opts {
	enum ad_cmd cmd;
	const char *config;	/* --config, NULL: the module's default */
	int json;		/* --json */
	int help;		/* --help */
	const char *user;	/* check --user */
	const char *service;	/* check --service */
	const char *token_file;	/* check --token-file */
	long long now;		/* check/keys --now (testing), 0: clock */
	int map_index;		/* refresh --map-index */
	const char *sshd_config;	/* doctor --sshd-config (sshd -f) */
	const char *action;	/* accounts: list|precreate|remove */
	int nrest;		/* accounts: helper options and arguments */
	char **rest;
};

/* Parses argv; 0, or -1 with a message in msg. Never exits. */
int ad_parse_args(int argc, char **argv, struct ad_opts *o, char *msg,
    size_t size);

/* ---- output: plain lines for people, one JSON object for scripts */

struct ad_out {
	int json;
	json_t *root;		/* --json: the object printed at the end */
};

void ad_out_init(struct ad_out *o, int json);
/* Plain mode only: one line (printf-style). */
void ad_say(struct ad_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* JSON mode only: root[key] = v (steals v). */
void ad_put(struct ad_out *o, const char *key, json_t *v);
/* JSON mode only: appends v to the array root[key] (steals v). */
void ad_append(struct ad_out *o, const char *key, json_t *v);
/* Prints the JSON object (JSON mode) and frees it. */
void ad_out_done(struct ad_out *o);

/* Untrusted text, shown as the log lines show it (ct_sanitize). */
void ad_clean(char *out, size_t size, const char *s);

/* "2026-12-01 11:17:47 UTC" */
void ad_date(char *out, size_t size, long long t);
/* "43 min" / "2 h" / "3 days": the size of |d| seconds. */
void ad_span(char *out, size_t size, long long d);

/* The module's configuration as the module would load it. */
int ad_load_config(const struct ad_opts *o, const char *const *extra,
    int nextra, struct ct_config **cfg, struct ct_err *e);

/*
 * The module arguments of service's pam_cotter "auth" line in dir
 * (following "@include", "include" and "substack", depth 8): *argc
 * strings (malloc'd, free with ad_pamd_free) into argv.  *found 0 when
 * the service does not use the module.  -1 with msg when unreadable.
 */
int ad_pamd_args(const char *dir, const char *service, char **argv,
    int *argc, int *found, char *msg, size_t size);
void ad_pamd_free(char **argv, int argc);

/* For doctor: calls fn for each pam_cotter line in dir's files. */
int ad_pamd_each(const char *dir, void (*fn)(void *arg, const char *file,
    const char *type, const char *control), void *arg);

int ad_check(const struct ad_opts *o);
int ad_keys(const struct ad_opts *o);
int ad_refresh(const struct ad_opts *o);
int ad_doctor(const struct ad_opts *o);
int ad_accounts(const struct ad_opts *o);
/* accounts list (issue 23, managed.c): the binding's issuer section
 * name and the group_map groups the account is a member of now. */
struct ct_binding;
void ad_managed(const struct ct_config *cfg, const struct ct_binding *b,
    char *issuer, size_t isize, char *groups, size_t gsize);
/* accounts rebind (issue 23, rebind.c) */
int ad_rebind(struct ad_out *out, const struct ad_opts *o,
    const struct ct_config *cfg);

#endif

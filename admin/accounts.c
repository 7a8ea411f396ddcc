/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * accounts.c - pam-cotter accounts: list reads the binding store through
 * the library (ct_binding_read, as the module does); precreate and remove
 * run pam_cotter_useradd through ct_spawn (DESIGN.md invariant 8), with
 * the configuration's defaults for the options not given.
 */
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "binding.h"
#include "idlookup.h"
#include "resolve.h"
#include "spawn.h"
#include "usermap.h"

#define ARGV_MAX	(AD_ARGS_MAX + 24)

static int
cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* One binding: user, state, identity, and whether the account exists. */
static int
list_one(struct ad_out *out, const struct ct_config *cfg, const char *name)
{
	struct ct_binding b;
	static const char *const state[] = { "unknown (the name service is "
	    "unavailable)", "missing", "exists" };
	struct ct_err e;
	struct ct_id pw;
	char who[300], sub[120], iss[40], groups[1100];
	int found = 0, acc;

	ct_err_clear(&e);
	if (ct_binding_read(cfg->state_dir, name, &b, &found, &e) != CT_OK ||
	    !found) {
		ad_say(out, "%-16s unreadable: %s", name, e.msg);
		return -1;
	}
	ad_clean(who, sizeof(who), b.identity);
	ad_clean(sub, sizeof(sub), b.pending ? "-" : b.sub);
	/* Issue 19: a lookup that failed says so, not "missing". */
	acc = ct_id_pwnam(b.user, &pw);
	ad_managed(cfg, &b, iss, sizeof(iss), groups, sizeof(groups));
	ad_say(out, "%-16s %-8s %-32s issuer %s, sub %s, account %s, managed "
	    "groups %s%s", b.user, b.pending ? "pending" : "bound", who, iss,
	    sub, state[acc + 1], groups[0] != '\0' ? groups : "-",
	    b.nwas > 0 ? " (rebound before)" : "");
	ad_append(out, "accounts", json_pack("{s:s,s:s,s:s,s:s,s:I,s:o,s:s,"
	    "s:s,s:s,s:I}", "user", b.user, "state", b.pending ? "pending" :
	    "bound", "identity", who, "sub", sub, "created",
	    (json_int_t)b.created, "exists", acc == CT_ID_ERROR ? json_null() :
	    json_boolean(acc == CT_ID_FOUND), "issuer", iss, "iss", b.iss,
	    "managed_groups", groups, "earlier_bindings", (json_int_t)b.nwas));
	return 0;
}

static int
list(struct ad_out *out, const struct ct_config *cfg)
{
	struct dirent **names = NULL;
	char path[4096];
	int i, n, bad = 0;

	(void)snprintf(path, sizeof(path), "%s/%s", cfg->state_dir,
	    CT_BINDINGS_SUBDIR);
	if ((n = scandir(path, &names, NULL, cmp)) < 0 && errno == ENOENT) {
		/* Issue 21.6: a fresh host, not a fault. */
		ad_say(out, "no bindings yet: no account has been created or "
		    "precreated (%s does not exist)", path);
		return AD_EXIT_OK;
	}
	if (n < 0) {
		ad_say(out, "no bindings listed: %s cannot be read: %s (see: "
		    "pam-cotter doctor)", path, CT_STRERROR(errno));
		return AD_EXIT_NO;
	}
	for (i = 0; i < n; i++) {
		/* ".", "..", temporary files: never a binding. */
		if (ct_username_valid(names[i]->d_name) &&
		    list_one(out, cfg, names[i]->d_name) != 0)
			bad++;
		free(names[i]);
	}
	free(names);
	return bad == 0 ? AD_EXIT_OK : AD_EXIT_NO;
}

/* 1 when the caller's arguments give option name. */
static int
given(const struct ad_opts *o, const char *name)
{
	int i;

	for (i = 0; i < o->nrest && strcmp(o->rest[i], "--") != 0; i++)
		if (strcmp(o->rest[i], name) == 0)
			return 1;
	return 0;
}

/* The helper's argv: action, config defaults, then the caller's. */
static int
helper_argv(const struct ad_opts *o, const struct ct_config *cfg,
    char **argv, char *uid, char *range, char *hmode)
{
	struct ct_config v;
	int n = 0, i, pre = strcmp(o->action, "precreate") == 0;

	argv[n++] = (char *)(uintptr_t)CT_USERADD_HELPER;
	argv[n++] = (char *)(uintptr_t)o->action;
	if (!given(o, "--state-dir")) {
		argv[n++] = (char *)(uintptr_t)"--state-dir";
		argv[n++] = cfg->state_dir;
	}
	if (pre && !given(o, "--uid-min")) {
		argv[n++] = (char *)(uintptr_t)"--uid-min";
		argv[n++] = uid;
	}
	/* D6: precreate allocates in uid_range, as the module does. */
	if (pre && !given(o, "--uid-range") && !given(o, "--uid")) {
		argv[n++] = (char *)(uintptr_t)"--uid-range";
		argv[n++] = range;
	}
	if (pre && !given(o, "--shell")) {
		argv[n++] = (char *)(uintptr_t)"--shell";
		argv[n++] = cfg->user_shell;
	}
	if (pre && !given(o, "--primary-group")) {
		argv[n++] = (char *)(uintptr_t)"--primary-group";
		argv[n++] = cfg->primary_group;
	}
	if (pre && !given(o, "--groups") && cfg->user_groups[0] != '\0') {
		argv[n++] = (char *)(uintptr_t)"--groups";
		argv[n++] = cfg->user_groups;
	}
	if (pre && !given(o, "--home-mode")) {
		argv[n++] = (char *)(uintptr_t)"--home-mode";
		argv[n++] = hmode;
	}
	if (pre && !given(o, "--allow-privileged-groups") &&
	    cfg->allow_priv_groups[0] != '\0') {
		argv[n++] = (char *)(uintptr_t)"--allow-privileged-groups";
		argv[n++] = cfg->allow_priv_groups;
	}
	if (pre && !given(o, "--iss")) {
		/* One issuer: its own (run_helper refuses several). */
		ct_config_view(cfg, 0, &v);
		argv[n++] = (char *)(uintptr_t)"--iss";
		argv[n++] = v.issuer;
	}
	for (i = 0; i < o->nrest && n < ARGV_MAX - 1; i++)
		argv[n++] = o->rest[i];
	argv[n] = NULL;
	return n;
}

static const char *
status_text(int status)
{
	switch (status) {
	case CT_UA_OK:
		return "done";
	case CT_UA_REFUSED:
		return "refused by a rule";
	case CT_UA_USAGE:
		return "usage error (see pam-cotter accounts --help)";
	case CT_UA_NOPERM:
		return "not run by root";
	case CT_UA_NOTFOUND:
		return "no such binding";
	case CT_UA_NAMESVC:
		return "the name service is unavailable";
	case CT_UA_HOMEEXISTS:
		return "refused: the home directory exists already (never "
		    "adopted; move it away or remove it first)";
	default:
		return "system error";
	}
}

/* The account name the caller gave: the first word after "--". */
static const char *
account_arg(const struct ad_opts *o)
{
	const char *name = NULL;
	int i;

	for (i = 0; i + 1 < o->nrest && name == NULL; i++)
		if (o->rest[i] != NULL && strcmp(o->rest[i], "--") == 0)
			name = o->rest[i + 1];
	return name;
}

/*
 * Issue 21.6: precreate says the uid it gave (as the name service now
 * answers); a refusal shows the helper's own line (which rule, and why)
 * on the terminal of the person who ran the command.
 */
static void
tell_result(struct ad_out *out, const struct ad_opts *o, int status,
    const char *said)
{
	const char *name = account_arg(o);
	char clean[1024], shown[72];
	struct ct_id pw;

	if (status == CT_UA_OK && strcmp(o->action, "precreate") == 0 &&
	    name != NULL && ct_id_pwnam(name, &pw) == CT_ID_FOUND) {
		ad_clean(shown, sizeof(shown), name);
		ad_say(out, "account %s has uid %lu", shown,
		    (unsigned long)pw.uid);
		ad_put(out, "uid", json_integer((json_int_t)pw.uid));
	}
	if (status == CT_UA_OK || said[0] == '\0')
		return;
	/* The helper escaped its line (ua_log); only its first is shown. */
	(void)snprintf(clean, sizeof(clean), "%.*s", (int)strcspn(said, "\n"),
	    said);
	(void)fprintf(stderr, "pam-cotter accounts: %s\n", clean);
	ad_put(out, "helper_said", json_string(clean));
}

/* precreate / remove: the helper, through the library's spawn code. */
static int
run_helper(struct ad_out *out, const struct ad_opts *o,
    const struct ct_config *cfg)
{
	char *argv[ARGV_MAX], path[4096], uid[24], range[48], hmode[8];
	char said[1024];
	struct ct_err e;
	int status = -1;

	/* Issue 22: which issuer a binding names is never guessed. */
	if (strcmp(o->action, "precreate") == 0 && !given(o, "--iss") &&
	    ct_config_issuers(cfg) > 1) {
		(void)fprintf(stderr, "pam-cotter accounts: precreate: the "
		    "configuration has several issuers: give --iss ISSUER\n");
		return AD_EXIT_USAGE;
	}
	(void)snprintf(uid, sizeof(uid), "%lu", (unsigned long)cfg->uid_min);
	(void)snprintf(range, sizeof(range), "%lu-%lu",
	    (unsigned long)cfg->uid_lo, (unsigned long)cfg->uid_hi);
	(void)snprintf(path, sizeof(path), "%s/%s", cfg->helper_dir,
	    CT_USERADD_HELPER);
	(void)snprintf(hmode, sizeof(hmode), "%04o", (unsigned)cfg->home_mode);
	(void)helper_argv(o, cfg, argv, uid, range, hmode);
	ct_err_clear(&e);
	if (ct_spawn_err(path, argv, CT_USERADD_TIMEOUT_MS, &status, said,
	    sizeof(said), &e) != CT_OK) {
		(void)fprintf(stderr, "pam-cotter accounts: %s\n", e.msg);
		ad_put(out, "error", json_string(e.msg));
		return AD_EXIT_NO;
	}
	ad_say(out, "%s %s: %s (exit %d; its log line says more: journalctl "
	    "-t pam_cotter_useradd)", CT_USERADD_HELPER, o->action,
	    status_text(status), status);
	ad_put(out, "helper_exit", json_integer(status));
	ad_put(out, "result", json_string(status_text(status)));
	tell_result(out, o, status, said);
	return status == CT_UA_OK ? AD_EXIT_OK : AD_EXIT_NO;
}

int
ad_accounts(const struct ad_opts *o)
{
	struct ct_config *cfg = NULL;
	struct ad_out out;
	struct ct_err e;
	int r;

	ad_out_init(&out, o->json);
	ct_err_clear(&e);
	if (ad_load_config(o, NULL, 0, &cfg, &e) != CT_OK) {
		(void)fprintf(stderr, "pam-cotter accounts: %s\n", e.msg);
		r = AD_EXIT_NO;
	} else if (strcmp(o->action, "list") == 0)
		r = o->nrest == 0 ? list(&out, cfg) : AD_EXIT_USAGE;
	else if (strcmp(o->action, "rebind") == 0)
		r = ad_rebind(&out, o, cfg);
	else
		r = run_helper(&out, o, cfg);
	ad_out_done(&out);
	ct_config_free(cfg);
	return r;
}

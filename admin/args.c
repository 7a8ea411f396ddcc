/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * args.c - pam-cotter's command line.  Options may come before or after
 * the subcommand; a value is the next argument or follows '='.  Nothing
 * here trusts argv: every value is checked where it is used, and the
 * token is never an argument (it comes on stdin or from --token-file).
 * Fuzzed by tests/fuzz/fuzz_admin_args.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"

static const struct {
	const char *name;
	enum ad_cmd cmd;
} cmds[] = {
	{ "check", AD_CHECK }, { "keys", AD_KEYS }, { "refresh", AD_REFRESH },
	{ "doctor", AD_DOCTOR }, { "accounts", AD_ACCOUNTS },
};

/* Options the account helper takes (each with a value): passed on. */
static const char *const helper_opts[] = {
	"--state-dir", "--shell", "--groups", "--uid-min", "--iss", "--sub",
	"--primary-group", "--uid", "--uid-range", "--home-mode",
	"--allow-privileged-groups", "--file",
};

static int
is_helper_opt(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(helper_opts) / sizeof(helper_opts[0]); i++)
		if (strcmp(s, helper_opts[i]) == 0)
			return 1;
	return 0;
}

/* --now: seconds since the Epoch, 1..year 9999 (for tests). */
static int
parse_now(const char *s, long long *out)
{
	char *end = NULL;
	long long v;

	if (*s < '1' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == NULL || *end != '\0' || v > 253402300799LL)
		return -1;
	*out = v;
	return 0;
}

/*
 * The value of option name at argv[*i] ("--name VALUE" or
 * "--name=VALUE"); NULL when argv[*i] is not that option.  *bad is set
 * when it is but has no value.
 */
static const char *
value_of(int argc, char **argv, int *i, const char *name, int *bad)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (a == NULL || strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*bad = 1;
		return NULL;
	}
	return argv[++*i];
}

/* One option at argv[*i]; 1 taken, 0 not ours, -1 error. */
static int
take_option(int argc, char **argv, int *i, struct ad_opts *o, char *msg,
    size_t size)
{
	const char *a = argv[*i], *v;
	int bad = 0;

	if (strcmp(a, "--json") == 0)
		o->json = 1;
	else if (strcmp(a, "--map-index") == 0)
		o->map_index = 1;
	else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
		o->help = 1;
	else if ((v = value_of(argc, argv, i, "--config", &bad)) != NULL)
		o->config = v;
	else if ((v = value_of(argc, argv, i, "--user", &bad)) != NULL)
		o->user = v;
	else if ((v = value_of(argc, argv, i, "--service", &bad)) != NULL)
		o->service = v;
	else if ((v = value_of(argc, argv, i, "--token-file", &bad)) != NULL)
		o->token_file = v;
	else if ((v = value_of(argc, argv, i, "--sshd-config", &bad)) != NULL)
		o->sshd_config = v;
	else if ((v = value_of(argc, argv, i, "--now", &bad)) != NULL) {
		if (parse_now(v, &o->now) != 0) {
			(void)snprintf(msg, size, "--now: seconds since the "
			    "Epoch, 1..253402300799");
			return -1;
		}
	} else if (!bad)
		return 0;
	if (bad) {
		(void)snprintf(msg, size, "%.40s: needs a value", a);
		return -1;
	}
	return 1;
}

/* Checks what was given fits the subcommand. */
static int
fits(const struct ad_opts *o, char *msg, size_t size)
{
	if (o->cmd == AD_NONE) {
		(void)snprintf(msg, size, "%s", o->help ? "" :
		    "a subcommand is needed: check, keys, refresh, doctor, "
		    "accounts");
		return o->help ? 0 : -1;
	}
	if (o->cmd != AD_CHECK && (o->user != NULL || o->service != NULL ||
	    o->token_file != NULL)) {
		(void)snprintf(msg, size, "--user, --service and --token-file "
		    "are options of check");
		return -1;
	}
	if (o->cmd != AD_DOCTOR && o->sshd_config != NULL) {
		(void)snprintf(msg, size, "--sshd-config is an option of "
		    "doctor");
		return -1;
	}
	if (o->cmd != AD_REFRESH && o->map_index) {
		(void)snprintf(msg, size, "--map-index is an option of "
		    "refresh");
		return -1;
	}
	if (o->cmd == AD_ACCOUNTS && !o->help && (o->action == NULL ||
	    (strcmp(o->action, "list") != 0 &&
	    strcmp(o->action, "precreate") != 0 &&
	    strcmp(o->action, "remove") != 0 &&
	    strcmp(o->action, "rebind") != 0))) {
		(void)snprintf(msg, size, "accounts: list, precreate, remove "
		    "or rebind");
		return -1;
	}
	return 0;
}

/* A non-option word: the subcommand, or the accounts action. */
static int
take_word(const char *a, struct ad_opts *o, char *msg, size_t size)
{
	size_t k;

	if (o->cmd == AD_ACCOUNTS && o->action == NULL) {
		o->action = a;
		return 0;
	}
	/* Issue 21.6: a file named as an argument: say how to give it. */
	if (o->cmd == AD_CHECK && (strchr(a, '/') != NULL ||
	    access(a, F_OK) == 0)) {
		(void)snprintf(msg, size, "unexpected argument: to judge a "
		    "token kept in a file, give --token-file PATH (or the "
		    "token on standard input: pam-cotter check < PATH)");
		return -1;
	}
	if (o->cmd != AD_NONE) {
		(void)snprintf(msg, size, "unexpected argument (the token is "
		    "read from standard input, never the command line)");
		return -1;
	}
	for (k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
		if (strcmp(a, cmds[k].name) == 0) {
			o->cmd = cmds[k].cmd;
			return 0;
		}
	(void)snprintf(msg, size, "unknown subcommand (check, keys, refresh, "
	    "doctor, accounts)");
	return -1;
}

int
ad_parse_args(int argc, char **argv, struct ad_opts *o, char *msg,
    size_t size)
{
	int i, t;

	memset(o, 0, sizeof(*o));
	msg[0] = '\0';
	for (i = 1; i < argc; i++) {
		if (argv[i] == NULL) {
			(void)snprintf(msg, size, "argument list ends early");
			return -1;
		}
		if (o->cmd == AD_ACCOUNTS && o->action != NULL &&
		    (strcmp(argv[i], "--") == 0 || is_helper_opt(argv[i]))) {
			/* The helper's own options and arguments, as given. */
			o->rest = argv + i;
			o->nrest = argc - i;
			break;
		}
		if ((t = take_option(argc, argv, &i, o, msg, size)) < 0)
			return -1;
		if (t == 1)
			continue;
		if (argv[i][0] == '-') {
			(void)snprintf(msg, size, "unknown option");
			return -1;
		}
		if (take_word(argv[i], o, msg, size) != 0)
			return -1;
	}
	return fits(o, msg, size);
}

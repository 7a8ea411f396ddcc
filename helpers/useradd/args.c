/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * useradd_args.c - the account helper's command line.  Everything is
 * validated here again, whoever the caller: the module already checked,
 * but the helper trusts nothing it is given (DESIGN.md invariant 6).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "automap.h"
#include "binding.h"
#include "err.h"
#include "home.h"
#include "privgroup.h"
#include "uidalloc.h"
#include "usermap.h"
#include "useradd.h"

#define UA_STATE_MAX	4095
#define UA_UID_MAX	4294967294ULL
#define UA_SHOWN_MAX	65
#define UA_PHONE_MIN	7
#define UA_PHONE_MAX	16	/* '+' and E.164's 15 digits */

static const struct {
	const char *name;
	enum ua_op op;
	int nargs;
} ops[] = {
	{ "create", UA_CREATE, 4 },
	{ "claim", UA_CLAIM, 4 },
	{ "precreate", UA_PRECREATE, 2 },
	{ "list", UA_LIST, 0 },
	{ "remove", UA_REMOVE, 1 },
	{ "groups", UA_GROUPS, 1 },
	{ "adopt", UA_ADOPT, 4 },
	{ "rebind", UA_REBIND, 3 },
};

/* A decimal uid in 1..UA_UID_MAX: digits only, no sign, no junk. */
static int
parse_uid(const char *s, uid_t *out)
{
	unsigned long long n;
	char *end = NULL;

	if (*s < '1' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (end == NULL || *end != '\0' || errno == ERANGE || n > UA_UID_MAX)
		return -1;
	*out = (uid_t)n;
	return 0;
}

/* The slot an option sets, or NULL if op does not take it. */
static int *
option_slot(struct ua_opts *o, const char *name)
{
	int account = o->op == UA_CREATE || o->op == UA_CLAIM ||
	    o->op == UA_PRECREATE;

	if (strcmp(name, "--state-dir") == 0)
		return &o->have_state;
	if (o->op == UA_GROUPS || o->op == UA_ADOPT || o->op == UA_REBIND)
		return ua_rights_slot(o, name);
	if (!account)
		return NULL;
	if (strcmp(name, "--shell") == 0)
		return &o->have_shell;
	if (strcmp(name, "--groups") == 0)
		return &o->have_groups;
	if (strcmp(name, "--uid-min") == 0)
		return &o->have_uid_min;
	if (strcmp(name, "--primary-group") == 0)
		return &o->have_pgroup;
	if (o->op != UA_CLAIM && strcmp(name, "--home-mode") == 0)
		return &o->have_home_mode;
	if (o->op != UA_CLAIM &&
	    strcmp(name, "--allow-privileged-groups") == 0)
		return &o->have_allow_priv;
	if (o->op != UA_CLAIM && strcmp(name, "--uid") == 0)
		return &o->have_uid;
	if (o->op != UA_CLAIM && strcmp(name, "--uid-range") == 0)
		return &o->have_range;
	if (o->op == UA_PRECREATE && strcmp(name, "--iss") == 0)
		return &o->have_iss;
	if (o->op == UA_PRECREATE && strcmp(name, "--sub") == 0)
		return &o->have_sub;
	return NULL;
}

/* An option whose value is checked here (the one behind slot seen). */
static int
set_checked(struct ua_opts *o, const int *seen, const char *v, char *msg,
    size_t size)
{
	if (seen == &o->have_pgroup && (!ct_username_valid(v) ||
	    strcmp(v, "root") == 0)) {
		(void)snprintf(msg, size, "--primary-group: a group name (not "
		    "root), or \"%s\"", UA_PRIVATE_GROUP);
		return -1;
	} else if (seen == &o->have_pgroup)
		o->pgroup = v;
	else if (seen == &o->have_groups &&
	    ct_groups_normalize(v, o->groups, sizeof(o->groups)) != 0) {
		(void)snprintf(msg, size, "--groups: valid group names "
		    "separated by spaces or commas, no duplicates");
		return -1;
	} else if (seen == &o->have_uid_min && parse_uid(v, &o->uid_min) !=
	    0) {
		(void)snprintf(msg, size, "--uid-min: a number 1..%llu",
		    UA_UID_MAX);
		return -1;
	} else if (seen == &o->have_uid && (parse_uid(v, &o->uid) != 0 ||
	    o->uid > CT_UID_RANGE_TOP)) {
		(void)snprintf(msg, size, "--uid: a number 1..%u",
		    CT_UID_RANGE_TOP);
		return -1;
	} else if (seen == &o->have_home_mode &&
	    ct_home_mode_parse(v, &o->home_mode) != 0) {
		(void)snprintf(msg, size, "--home-mode: octal, owner rwx, "
		    "nobody else writes (0700, 0750, 0755)");
		return -1;
	} else if (seen == &o->have_allow_priv && strcmp(v,
	    CT_ALLOW_PRIV_ALL) == 0)
		(void)snprintf(o->allow_priv, sizeof(o->allow_priv), "%s", v);
	else if (seen == &o->have_allow_priv &&
	    ct_groups_normalize(v, o->allow_priv, sizeof(o->allow_priv)) !=
	    0) {
		(void)snprintf(msg, size, "--allow-privileged-groups: yes, or "
		    "group names separated by commas");
		return -1;
	} else if (seen == &o->have_range &&
	    ct_uid_range_parse(v, &o->range_lo, &o->range_hi) != 0) {
		(void)snprintf(msg, size, "--uid-range: LO-HI, 1 <= LO <= HI "
		    "<= %u", CT_UID_RANGE_TOP);
		return -1;
	}
	return 0;
}

/* Applies "NAME VALUE"; returns 0 or -1 with msg. */
static int
set_option(struct ua_opts *o, const char *name, const char *v, char *msg,
    size_t size)
{
	int *seen;

	if ((seen = option_slot(o, name)) == NULL) {
		(void)snprintf(msg, size, "unknown option for this command");
		return -1;
	}
	if (*seen) {
		(void)snprintf(msg, size, "%s given twice", name);
		return -1;
	}
	*seen = 1;
	if (seen == &o->have_add || seen == &o->have_rm ||
	    seen == &o->have_from)
		return ua_rights_option(o, seen, v, msg, size);
	if (seen == &o->have_state)
		o->state_dir = v;
	else if (seen == &o->have_shell)
		o->shell = v;
	else if (seen == &o->have_iss)
		o->iss = v;
	else if (seen == &o->have_sub)
		o->sub = v;
	else
		return set_checked(o, seen, v, msg, size);
	return 0;
}

/*
 * Options up to "--", then exactly nargs positional arguments (none
 * means "--" is optional).  Returns the index of the first positional.
 */
static int
parse_options(int argc, char **argv, struct ua_opts *o, int nargs,
    char *msg, size_t size)
{
	int i = 2;

	while (i < argc && strcmp(argv[i], "--") != 0) {
		if (i + 1 >= argc) {
			(void)snprintf(msg, size, "option without a value");
			return -1;
		}
		if (set_option(o, argv[i], argv[i + 1], msg, size) != 0)
			return -1;
		i += 2;
	}
	if (i < argc)
		i++;	/* "--": everything after is data, never an option */
	else if (nargs > 0) {
		(void)snprintf(msg, size, "\"--\" must come before the "
		    "arguments");
		return -1;
	}
	if (argc - i != nargs) {
		(void)snprintf(msg, size, "expected %d argument(s) after "
		    "\"--\"", nargs);
		return -1;
	}
	return i;
}

/* Sets o->op from argv[1]; returns its positional count or -1. */
static int
parse_op(int argc, char **argv, struct ua_opts *o, char *msg, size_t size)
{
	size_t k;

	for (k = 0; argc >= 2 && k < sizeof(ops) / sizeof(ops[0]); k++)
		if (strcmp(argv[1], ops[k].name) == 0) {
			o->op = ops[k].op;
			return ops[k].nargs;
		}
	(void)snprintf(msg, size, "usage: pam_cotter_useradd create|claim|"
	    "precreate|list|remove|groups|adopt|rebind [options] -- ARGS");
	return -1;
}

int
ua_parse_args(int argc, char **argv, struct ua_opts *o, char *msg,
    size_t size)
{
	int nargs, i;

	memset(o, 0, sizeof(*o));
	o->state_dir = UA_DEFAULT_STATE;
	o->shell = UA_DEFAULT_SHELL;
	o->pgroup = UA_DEFAULT_PGROUP;
	o->iss = UA_DEFAULT_ISS;
	o->uid_min = 1000;
	o->home_mode = CT_HOME_MODE_DEFAULT;
	o->range_lo = CT_UID_RANGE_LO;
	o->range_hi = CT_UID_RANGE_HI;
	if ((nargs = parse_op(argc, argv, o, msg, size)) < 0)
		return UA_USAGE;
	if ((i = parse_options(argc, argv, o, nargs, msg, size)) < 0)
		return UA_USAGE;
	if (nargs >= 1)
		o->user = argv[i];
	if (nargs == 3) {
		o->iss = argv[i + 1];
		o->sub = argv[i + 2];
	}
	if (nargs == 4) {
		o->iss = argv[i + 1];
		o->sub = argv[i + 2];
		o->identity = argv[i + 3];
	} else if (nargs == 2)
		o->identity = argv[i + 1];
	return UA_OK;
}

/* 1 for a phone identity: '+' then 6..15 digits (E.164). */
static int
phone_valid(const char *s)
{
	size_t n = strlen(s), i;

	if (n < UA_PHONE_MIN || n > UA_PHONE_MAX || s[0] != '+')
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The identity rules: email (create: must map to user) or phone. */
static int
check_identity(const struct ua_opts *o, char *msg, size_t size)
{
	char shown[UA_SHOWN_MAX], local[CT_LOCALPART_MAX + 1];
	const char *at;
	size_t n, i;

	ct_sanitize(shown, sizeof(shown), o->identity, strlen(o->identity));
	if (!ct_email_valid(o->identity) && (o->op == UA_CREATE ||
	    !phone_valid(o->identity))) {
		(void)snprintf(msg, size, "identity \"%s\" is not a plain "
		    "ASCII email address%s", shown, o->op == UA_CREATE ? "" :
		    " or +E.164 phone number");
		return -1;
	}
	if (o->op != UA_CREATE)
		return 0;
	/* create is automatic mapping: USER is the local part, lowercased */
	at = strchr(o->identity, '@');
	n = (size_t)(at - o->identity);
	for (i = 0; i < n; i++)
		local[i] = (char)(o->identity[i] >= 'A' && o->identity[i] <=
		    'Z' ? o->identity[i] - 'A' + 'a' : o->identity[i]);
	local[n] = '\0';
	if (strcmp(local, o->user) != 0) {
		(void)snprintf(msg, size, "identity \"%s\" does not map to "
		    "the user name", shown);
		return -1;
	}
	return 0;
}

/*
 * The values of an account command: user name, iss, sub, identity,
 * state_dir and shell.  Returns UA_OK or UA_REFUSED / UA_USAGE with msg.
 */
int
ua_validate(const struct ua_opts *o, char *msg, size_t size)
{
	char shown[UA_SHOWN_MAX];

	if (o->state_dir[0] != '/' ||
	    !ct_binding_value_valid(o->state_dir, UA_STATE_MAX)) {
		(void)snprintf(msg, size, "--state-dir: must be an absolute "
		    "path of printable ASCII without spaces");
		return UA_USAGE;
	}
	if (o->op == UA_LIST)
		return UA_OK;
	if (o->op == UA_GROUPS || o->op == UA_ADOPT || o->op == UA_REBIND)
		return ua_rights_validate(o, msg, size);
	ct_sanitize(shown, sizeof(shown), o->user, strlen(o->user));
	if (o->op == UA_REMOVE ? !ct_username_valid(o->user) :
	    !ct_newname_valid(o->user)) {
		(void)snprintf(msg, size, "user name \"%s\" is invalid, "
		    "reserved or a system name", shown);
		return UA_REFUSED;
	}
	if (o->op == UA_REMOVE)
		return UA_OK;
	if (strcmp(o->pgroup, UA_PRIVATE_GROUP) == 0 &&
	    ct_package_group(o->user)) {
		(void)snprintf(msg, size, "user name \"%s\" is a group Debian "
		    "packages create; with a private primary group it would "
		    "be adopted by such a package", shown);
		return UA_REFUSED;
	}
	if (!ct_shell_valid(o->shell)) {
		(void)snprintf(msg, size, "--shell: must be an absolute path "
		    "of letters, digits and /._+-");
		return UA_USAGE;
	}
	if (!ct_binding_value_valid(o->iss, CT_BIND_ISS_MAX) ||
	    (o->sub != NULL && !ct_binding_value_valid(o->sub,
	    CT_BIND_SUB_MAX))) {
		(void)snprintf(msg, size, "iss and sub must be printable ASCII "
		    "without spaces, at most %d bytes", CT_BIND_SUB_MAX);
		return UA_REFUSED;
	}
	if ((o->have_uid && o->uid < o->uid_min) ||
	    o->range_lo < o->uid_min) {
		(void)snprintf(msg, size, "--uid and --uid-range must be at or "
		    "above --uid-min %lu", (unsigned long)o->uid_min);
		return UA_REFUSED;
	}
	return check_identity(o, msg, size) == 0 ? UA_OK : UA_REFUSED;
}

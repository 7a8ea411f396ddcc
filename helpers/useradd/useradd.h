/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * useradd.h - pam_cotter_useradd, the account helper (DESIGN.md "Parts":
 * links libc only).  It creates a local account with /usr/sbin/useradd and
 * records which person (iss, sub) owns it (src/identity/binding.h).
 *
 *   pam_cotter_useradd create    [OPTIONS] -- USER ISS SUB IDENTITY
 *   pam_cotter_useradd claim     [OPTIONS] -- USER ISS SUB IDENTITY
 *   pam_cotter_useradd precreate [OPTIONS] [--iss ISS] [--sub SUB]
 *                                          -- USER IDENTITY
 *   pam_cotter_useradd list      [--state-dir D]
 *   pam_cotter_useradd remove    [--state-dir D] -- USER
 *   pam_cotter_useradd groups    [--state-dir D] [--uid-min N]
 *                                [--add G1,G2] [--remove G3] -- USER
 *   pam_cotter_useradd adopt     [--state-dir D] [--uid-min N]
 *                                --from-iss OLD -- USER ISS SUB IDENTITY
 *   pam_cotter_useradd rebind    [--state-dir D] [--uid-min N]
 *                                -- USER ISS SUB
 *
 *   OPTIONS: --state-dir D (/var/lib/pam_cotter), --shell S (/bin/bash),
 *            --groups G (none), --uid-min N (1000),
 *            --primary-group G|private (users; D2),
 *            --home-mode MODE (0700; issue 19: the home is always
 *            /home/USER, src/config/home.h, and is never adopted if it exists),
 *            --allow-privileged-groups yes|G1,G2 (none: a group of
 *            src/config/privgroup.c in --groups or --primary-group refuses)
 *   create and precreate also: --uid N (exactly this uid, or fail),
 *            --uid-range LO-HI (10000-59999; without --uid the uid is
 *            src/identity/uidalloc.c's choice in it); with
 *            --primary-group private the group named USER is created
 *            with gid == uid exactly, or the command fails (issue 13)
 */
#ifndef CT_USERADD_H
#define CT_USERADD_H

#include <sys/types.h>

#include "automap.h"
#include "binding.h"

/* Exit statuses (src/identity/resolve.h CT_UA_* says the same). */
#define UA_OK		0	/* done, or already done */
#define UA_REFUSED	1	/* a rule says no (logged) */
#define UA_USAGE	2	/* bad command line */
#define UA_NOPERM	3	/* not run by root, or set-id */
#define UA_SYSERR	4	/* useradd failed, I/O, lock, unsafe state */
#define UA_NOTFOUND	5	/* remove/claim: no such binding */
#define UA_NAMESVC	6	/* the name service could not answer a lookup
				 * (issue 19): nothing was created */
#define UA_NAMESVC_MSG	"the name service is unavailable; nothing created"
#define UA_HOMEEXISTS	7	/* create/precreate: /home/USER exists */

#define UA_USERADD	"/usr/sbin/useradd"
#define UA_GROUPADD	"/usr/sbin/groupadd"
#define UA_GROUPDEL	"/usr/sbin/groupdel"
#define UA_GPASSWD	"/usr/bin/gpasswd"
#define UA_PATH_ENV	"PATH=/usr/sbin:/usr/bin:/sbin:/bin"
#define UA_DEFAULT_STATE "/var/lib/pam_cotter"
#define UA_DEFAULT_SHELL "/bin/bash"
#define UA_DEFAULT_ISS	"https://www.cotter.app"
#define UA_DEFAULT_PGROUP "users"
#define UA_PRIVATE_GROUP "private"
#define UA_COMMENT_MAX	200
#define UA_MSG_MAX	512
/*
 * Every wait is bounded: a holder stuck this long is itself past the
 * module's timeout for the helper (CT_USERADD_TIMEOUT_MS, 30 s) and about
 * to be killed, which releases its flock.
 */
#define UA_LOCK_WAIT_MS	20000L

enum ua_op { UA_CREATE, UA_CLAIM, UA_PRECREATE, UA_LIST, UA_REMOVE,
	UA_GROUPS, UA_ADOPT, UA_REBIND };

struct ua_opts {
	enum ua_op op;
	const char *state_dir;
	const char *shell;
	const char *pgroup;		/* --primary-group */
	char groups[CT_GROUPS_MAX + 1];	/* normalized "g1,g2" */
	uid_t uid_min;
	const char *iss;		/* precreate: --iss */
	const char *sub;		/* precreate: --sub; NULL = pending */
	const char *user;
	const char *identity;
	int have_state, have_iss, have_sub, have_shell, have_groups;
	int have_uid_min, have_pgroup;
	mode_t home_mode;		/* --home-mode (issue 19) */
	int have_home_mode;
	char allow_priv[CT_GROUPS_MAX + 1];	/* "", "yes" or "g1,g2" */
	int have_allow_priv;
	/* issue 13: the uid of a created account */
	uid_t uid;			/* --uid; 0 = uid_range's choice */
	uid_t range_lo, range_hi;	/* --uid-range */
	int have_uid, have_range;
	/* issue 23: groups, adopt, rebind (rights.c) */
	char add[CT_GROUPS_MAX + 1];	/* --add "g1,g2" */
	char rm[CT_GROUPS_MAX + 1];	/* --remove "g1,g2" */
	const char *from_iss;		/* adopt: --from-iss */
	int have_add, have_rm, have_from;
};

/* useradd_args.c: the command line, validated (UA_USAGE / UA_REFUSED). */
int ua_parse_args(int argc, char **argv, struct ua_opts *o, char *msg,
    size_t size);

int ua_validate(const struct ua_opts *o, char *msg, size_t size);

/* useradd_ops.c: each subcommand; returns an exit status, msg the reason. */
int ua_run(const struct ua_opts *o, char *msg, size_t size);

/* rights.c (issue 23): the option slots, values and commands. */
int *ua_rights_slot(struct ua_opts *o, const char *name);
int ua_rights_option(struct ua_opts *o, const int *seen, const char *v,
    char *msg, size_t size);
int ua_rights_validate(const struct ua_opts *o, char *msg, size_t size);
int ua_op_groups(const struct ua_opts *o, char *msg, size_t size);
int ua_op_adopt(const struct ua_opts *o, char *msg, size_t size);
int ua_op_rebind(const struct ua_opts *o, char *msg, size_t size);

/* useradd_exec.c */
int ua_gpasswd(int add, const char *user, const char *group, char *msg,
    size_t size);
int ua_useradd(const struct ua_opts *o, const char *user,
    const char *identity, char *msg, size_t size);
int ua_groupadd(const char *name, gid_t gid, char *msg, size_t size);
void ua_groupdel(const char *name);
int ua_group_exists(const char *name, int *exists);
int ua_check_groups(const char *groups, char *msg, size_t size);
int ua_check_primary(const char *group, char *msg, size_t size);
int ua_check_shell(const char *shell, char *msg, size_t size);
int ua_check_home_absent(const char *user, char *msg, size_t size);
int ua_check_home_made(const char *user, uid_t uid, mode_t mode, char *msg,
    size_t size);
void ua_comment(const char *identity, char *out, size_t size);

/* useradd_main.c: one syslog line (LOG_AUTHPRIV) and stderr. */
void ua_log(int prio, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* raw into out with every control or non-ASCII byte as \xNN. */
void ua_clean_controls(char *out, size_t size, const char *raw);

#endif

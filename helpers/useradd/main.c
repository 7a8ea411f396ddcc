/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - pam_cotter_useradd: creates a local account for a
 * verified identity and records its binding (DESIGN.md "Parts": links libc
 * only; installed root-only, never set-id).  Linux-PAM keeps
 * mkhomedir_helper.c beside pam_mkhomedir the same way.
 *
 * It runs as root, from the module (with an empty environment, stdin and
 * stdout on /dev/null) or from an administrator's shell.  Either way it
 * first drops whatever the caller's environment says (clearenv), so PATH,
 * IFS or LD_PRELOAD cannot reach useradd, sets umask 022, and trusts none
 * of its arguments (useradd_args.c validates them all again).
 *
 * Exit statuses: 0 done (or already done), 1 refused by a rule, 2 usage,
 * 3 not root or set-id, 4 system error (useradd failed, I/O, lock, unsafe
 * state), 5 no such binding, 6 /home/USER exists (never adopted; issue
 * 19).  One syslog line (LOG_AUTHPRIV) per action.
 */

#include <sys/auxv.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "err.h"
#include "spawn.h"
#include "useradd.h"

static const char *const op_names[] = {
	"create", "claim", "precreate", "list", "remove", "groups", "adopt",
	"rebind"
};

void
ua_clean_controls(char *out, size_t size, const char *raw)
{
	size_t o = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)raw; *p != '\0' && o + 5 < size; p++) {
		if (*p >= 0x20 && *p < 0x7f)
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p);
	}
	out[o] = '\0';
}

void
ua_log(int prio, const char *fmt, ...)
{
	char raw[UA_MSG_MAX], line[UA_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/*
	 * Arguments are untrusted: no control character reaches the log.
	 * Names and identities were escaped where they were put in (args.c);
	 * the quotes around them stay quotes (issue 21.6: no \" shown).
	 */
	ua_clean_controls(line, sizeof(line), raw);
	syslog(prio, "%s", line);
	(void)fprintf(stderr, "pam_cotter_useradd: %s\n", line);
}

/* 0, 1 and 2 open (on /dev/null if closed), so no file lands on them. */
static int
std_fds(void)
{
	struct stat st;
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fstat(fd, &st) == -1 &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			return -1;
	return 0;
}

/*
 * Refuses unless run by root as root: a set-id helper (real uid differs
 * from effective, or AT_SECURE) would let anyone create accounts.
 */
static int
privileged(void)
{
	/* D1: every real, effective and saved id is 0 (ct_spawn_allowed). */
	return ct_spawn_allowed() && getauxval(AT_SECURE) == 0;
}

int
main(int argc, char **argv)
{
	struct ua_opts o;
	char msg[UA_MSG_MAX] = "";
	int r = UA_SYSERR;

	/* Before anything reads the environment or creates a file. */
	(void)clearenv();
	(void)umask(022);
	(void)signal(SIGCHLD, SIG_DFL);
	openlog("pam_cotter_useradd", LOG_PID, LOG_AUTHPRIV);
	if (std_fds() != 0)
		return UA_SYSERR;
	if (!privileged()) {
		ua_log(LOG_ERR, "refused: must be run by root, and never "
		    "set-uid or set-gid (uid %lu, euid %lu)",
		    (unsigned long)getuid(), (unsigned long)geteuid());
		return UA_NOPERM;
	}
	if ((r = ua_parse_args(argc, argv, &o, msg, sizeof(msg))) != UA_OK ||
	    (r = ua_validate(&o, msg, sizeof(msg))) != UA_OK) {
		ua_log(LOG_ERR, "%s refused: %s", r == UA_USAGE ? "usage" :
		    op_names[o.op], msg);
		goto out;
	}
	r = ua_run(&o, msg, sizeof(msg));
	if (o.op == UA_LIST && r == UA_OK)
		goto out;	/* listing is not an action worth a log line */
	ua_log(r == UA_OK ? LOG_NOTICE : LOG_ERR, "%s %s: %s",
	    op_names[o.op], r == UA_OK ? "ok" : r == UA_REFUSED ||
	    r == UA_HOMEEXISTS ? "refused" : "failed", msg);
out:
	closelog();
	return r;
}

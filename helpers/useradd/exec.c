/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * useradd_exec.c - runs /usr/sbin/useradd(8) by absolute path with a fixed
 * environment and checks what it needs: the groups exist, the shell is an
 * executable file (DESIGN.md invariant 8; Linux-PAM mkhomedir_helper).
 */
#define _GNU_SOURCE	/* close_range */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "automap.h"
#include "err.h"
#include "home.h"
#include "nssgate.h"
#include "useradd.h"

/* ct_group_gid; *gid (may be NULL) only when the group exists. */
static int
group_lookup(const char *name, int *exists, gid_t *gid)
{
	gid_t g = 0;
	int r;

	r = ct_group_gid(name, &g, exists);
	if (r == 0 && *exists && gid != NULL)
		*gid = g;
	return r;
}

int
ua_group_exists(const char *name, int *exists)
{
	return group_lookup(name, exists, NULL);
}

/* D2: the primary group exists and is not gid 0, or is "private". */
int
ua_check_primary(const char *group, char *msg, size_t size)
{
	gid_t gid = 0;
	int exists = 0;

	if (strcmp(group, UA_PRIVATE_GROUP) == 0)
		return UA_OK;
	if (group_lookup(group, &exists, &gid) != 0) {
		(void)snprintf(msg, size, UA_NAMESVC_MSG " (group \"%s\")",
		    group);
		return UA_NAMESVC;
	}
	if (!exists || gid == 0) {
		(void)snprintf(msg, size, "primary group \"%s\" %s", group,
		    exists ? "has gid 0" : "does not exist");
		return UA_REFUSED;
	}
	return UA_OK;
}

int
ua_check_groups(const char *groups, char *msg, size_t size)
{
	char name[CT_NAME_MAX + 1];
	const char *p = groups;
	size_t n;
	int exists = 0;

	while (*p != '\0') {
		n = strcspn(p, ",");
		if (n == 0 || n > CT_NAME_MAX)
			goto bad;
		memcpy(name, p, n);
		name[n] = '\0';
		if (ua_group_exists(name, &exists) != 0) {
			(void)snprintf(msg, size, UA_NAMESVC_MSG " (group "
			    "\"%s\")", name);
			return UA_NAMESVC;
		}
		if (!exists) {
			(void)snprintf(msg, size, "group \"%s\" does not "
			    "exist", name);
			return UA_REFUSED;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return UA_OK;
bad:
	(void)snprintf(msg, size, "bad group list");
	return UA_USAGE;
}

int
ua_check_shell(const char *shell, char *msg, size_t size)
{
	struct stat st;

	if (stat(shell, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & S_IXOTH) == 0) {
		(void)snprintf(msg, size, "shell %s is not an executable file",
		    shell);
		return UA_REFUSED;
	}
	return UA_OK;
}

void
ua_comment(const char *identity, char *out, size_t size)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._+-";
	size_t o = 0;
	const char *p;

	/* passwd(5): ':' ',' and '\n' would split fields or lines. */
	o = (size_t)snprintf(out, size, "pam_cotter ");
	for (p = identity; *p != '\0' && o + 1 < size; p++)
		if (strchr(safe, *p) != NULL)
			out[o++] = *p;
	out[o] = '\0';
}

/*
 * In the child: stdin /dev/null, stdout and stderr the pipe errfd (what
 * the tool says goes into our log line), no other descriptors, fixed PATH.
 */
static void
exec_tool(const char *path, char *const argv[], int errfd)
{
	static char *const envp[] = { (char *)(uintptr_t)UA_PATH_ENV, NULL };
	int fd;

	if ((fd = open("/dev/null", O_RDONLY)) == -1 || dup2(fd, 0) == -1 ||
	    (errfd != -1 && (dup2(errfd, 1) == -1 || dup2(errfd, 2) == -1)))
		_exit(127);
	(void)close_range(3, ~0U, 0);
	(void)execve(path, argv, envp);
	_exit(127);
}

/* Waits for pid only, looping on EINTR; 0 when it exited with 0. */
static int
wait_child(pid_t pid, const char *tool, char *msg, size_t size)
{
	int status = 0;

	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			(void)snprintf(msg, size, "waitpid: %s",
			    CT_STRERROR(errno));
			return -1;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		(void)snprintf(msg, size, "%s exited with status %d", tool,
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		(void)snprintf(msg, size, "%s killed by signal %d", tool,
		    WTERMSIG(status));
	else
		(void)snprintf(msg, size, "%s: wait status %d", tool, status);
	return -1;
}

/*
 * Issue 21.6: the tool's own words, read to EOF (all its writers gone),
 * the first UA_TOOL_SAID bytes kept, lines joined with "; ".
 */
#define UA_TOOL_SAID 300
static void
read_said(int fd, char *said)
{
	char buf[256];
	size_t n = 0;
	ssize_t k;

	while ((k = read(fd, buf, sizeof(buf))) > 0 ||
	    (k == -1 && errno == EINTR)) {
		for (ssize_t i = 0; i < k && n < UA_TOOL_SAID; i++)
			said[n++] = buf[i];
	}
	while (n > 0 && (said[n - 1] == '\n' || said[n - 1] == ' '))
		n--;
	said[n] = '\0';
}

/* Appends "(TOOL said: ...)" to msg, the text escaped, when there is any. */
static void
add_said(char *msg, size_t size, const char *said)
{
	char clean[4 * UA_TOOL_SAID + 1], joined[UA_TOOL_SAID + 1];
	size_t i, len = strlen(msg);

	for (i = 0; said[i] != '\0'; i++)
		joined[i] = said[i] == '\n' ? ';' : said[i];
	joined[i] = '\0';
	ua_clean_controls(clean, sizeof(clean), joined);
	if (clean[0] != '\0' && len < size)
		(void)snprintf(msg + len, size - len, ": %s", clean);
}

/* Runs path with argv (argv[0] its name); UA_OK when it exited 0. */
static int
run_tool(const char *path, char *const argv[], char *msg, size_t size)
{
	char said[UA_TOOL_SAID + 1] = "";
	int p[2] = { -1, -1 }, r = UA_SYSERR;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1)
		p[0] = p[1] = -1;	/* then the tool's words are lost */
	if ((pid = fork()) == -1) {
		(void)snprintf(msg, size, "fork: %s", CT_STRERROR(errno));
		goto out;
	}
	if (pid == 0)
		exec_tool(path, argv, p[1]);
	if (p[1] != -1)
		(void)close(p[1]);
	p[1] = -1;
	if (p[0] != -1)
		read_said(p[0], said);
	r = wait_child(pid, argv[0], msg, size) == 0 ? UA_OK : UA_SYSERR;
	if (r != UA_OK)
		add_said(msg, size, said);
out:
	if (p[0] != -1)
		(void)close(p[0]);
	if (p[1] != -1)
		(void)close(p[1]);
	return r;
}

int
ua_groupadd(const char *name, gid_t gid, char *msg, size_t size)
{
	char gidopt[24];
	char *argv[] = { (char *)(uintptr_t)"groupadd",
	    (char *)(uintptr_t)"-g", gidopt, (char *)(uintptr_t)"--",
	    (char *)(uintptr_t)name, NULL };

	/* no -o: a gid in use makes groupadd fail, never share it */
	(void)snprintf(gidopt, sizeof(gidopt), "%lu", (unsigned long)gid);
	return run_tool(UA_GROUPADD, argv, msg, size);
}

/* Issue 23: gpasswd -a|-d USER GROUP (it replaces /etc/group atomically). */
int
ua_gpasswd(int add, const char *user, const char *group, char *msg,
    size_t size)
{
	char *argv[] = { (char *)(uintptr_t)"gpasswd",
	    (char *)(uintptr_t)(add ? "-a" : "-d"), (char *)(uintptr_t)user,
	    (char *)(uintptr_t)group, NULL };

	/* Both names passed ct_username_valid: never an option. */
	return run_tool(UA_GPASSWD, argv, msg, size);
}

void
ua_groupdel(const char *name)
{
	char msg[UA_MSG_MAX];
	char *argv[] = { (char *)(uintptr_t)"groupdel",
	    (char *)(uintptr_t)"--", (char *)(uintptr_t)name, NULL };

	(void)run_tool(UA_GROUPDEL, argv, msg, sizeof(msg));
}

/*
 * Issue 19 point 4: useradd -m keeps whatever is at the home path and its
 * owner (left by userdel without -r, or usermod -l), whose .bashrc would
 * then run as the new account.  Any entry there, of any type, refuses.
 */
int
ua_check_home_absent(const char *user, char *msg, size_t size)
{
	char home[CT_HOME_PATH_MAX];
	struct stat st;

	if (ct_home_path(user, home, sizeof(home)) != 0) {
		(void)snprintf(msg, size, "no home path for this name");
		return UA_REFUSED;
	}
	if (lstat(home, &st) == 0) {
		(void)snprintf(msg, size, "%s exists already (owner uid %lu): "
		    "an existing home is never adopted; nothing created",
		    home, (unsigned long)st.st_uid);
		return UA_HOMEEXISTS;
	}
	if (errno != ENOENT) {
		(void)snprintf(msg, size, "%s: %s", home, CT_STRERROR(errno));
		return UA_SYSERR;
	}
	return UA_OK;
}

/* After useradd: the home is a directory of uid with exactly mode. */
int
ua_check_home_made(const char *user, uid_t uid, mode_t mode, char *msg,
    size_t size)
{
	char home[CT_HOME_PATH_MAX];
	struct stat st;

	if (ct_home_path(user, home, sizeof(home)) != 0 ||
	    lstat(home, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != uid || (st.st_mode & 07777) != mode) {
		(void)snprintf(msg, size, "account created, but its home %s "
		    "is not a directory of uid %lu with mode %04o", home,
		    (unsigned long)uid, (unsigned)mode);
		return UA_SYSERR;
	}
	return UA_OK;
}

int
ua_useradd(const struct ua_opts *o, const char *user, const char *identity,
    char *msg, size_t size)
{
	char comment[UA_COMMENT_MAX + 1], uidopt[32], uid[24];
	char home[CT_HOME_PATH_MAX], modeopt[24];
	char *argv[28];
	size_t n = 0;

	if (ct_home_path(user, home, sizeof(home)) != 0) {
		(void)snprintf(msg, size, "no home path for this name");
		return UA_REFUSED;
	}
	ua_comment(identity, comment, sizeof(comment));
	(void)snprintf(uidopt, sizeof(uidopt), "UID_MIN=%lu",
	    (unsigned long)o->uid_min);
	(void)snprintf(modeopt, sizeof(modeopt), "HOME_MODE=%04o",
	    (unsigned)o->home_mode);
	argv[n++] = (char *)(uintptr_t)"useradd";
	/* The home the NSS module answered, never HOME of -D (issue 19). */
	argv[n++] = (char *)(uintptr_t)"-d";
	argv[n++] = home;
	argv[n++] = (char *)(uintptr_t)"-m";
	argv[n++] = (char *)(uintptr_t)"-K";
	argv[n++] = modeopt;
	argv[n++] = (char *)(uintptr_t)"-s";
	argv[n++] = (char *)(uintptr_t)o->shell;
	if (o->groups[0] != '\0') {
		argv[n++] = (char *)(uintptr_t)"-G";
		argv[n++] = (char *)(uintptr_t)o->groups;
	}
	/*
	 * Exactly this uid (no -o: a uid in use fails); issue 13, D2.  The
	 * private group was made by groupadd with gid == uid just before.
	 */
	(void)snprintf(uid, sizeof(uid), "%lu", (unsigned long)o->uid);
	argv[n++] = (char *)(uintptr_t)"-u";
	argv[n++] = uid;
	argv[n++] = (char *)(uintptr_t)"-g";
	argv[n++] = (char *)(uintptr_t)(strcmp(o->pgroup,
	    UA_PRIVATE_GROUP) == 0 ? user : o->pgroup);
	argv[n++] = (char *)(uintptr_t)"-N";
	argv[n++] = (char *)(uintptr_t)"-K";
	argv[n++] = uidopt;
	argv[n++] = (char *)(uintptr_t)"-c";
	argv[n++] = comment;
	argv[n++] = (char *)(uintptr_t)"--";
	argv[n++] = (char *)(uintptr_t)user;
	argv[n] = NULL;
	return run_tool(UA_USERADD, argv, msg, size);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_sshd.c - what sshd itself says (issue 21).  A line appended to
 * /etc/ssh/sshd_config does nothing when Debian's own lines set it first
 * (sshd keeps the first value), so doctor asks sshd: `sshd -T` prints the
 * configuration in effect, and token logins over ssh need "usepam yes"
 * and "kbdinteractiveauthentication yes" there.  --sshd-config FILE is
 * passed as `sshd -T -f FILE`.
 */
#define _GNU_SOURCE	/* pipe2 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "doctor.h"

#define SSHD "/usr/sbin/sshd"
#define SSHD_OUT_MAX 65536
#define SSHD_TIMEOUT_MS 10000
#define DROPIN_FIX "(fix: KbdInteractiveAuthentication yes in " \
	"/etc/ssh/sshd_config.d/pam_cotter.conf, INSTALL.md; then " \
	"systemctl reload ssh)"

/* The child: sshd -T [-f FILE], stdout and stderr into fd, no env. */
static void
child(int fd, const char *file)
{
	char *argv[5] = { (char *)(uintptr_t)SSHD, (char *)(uintptr_t)"-T",
	    NULL, NULL, NULL };
	char *envp[] = { NULL };
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (file != NULL) {
		argv[2] = (char *)(uintptr_t)"-f";
		argv[3] = (char *)(uintptr_t)file;
	}
	if (null == -1 || dup2(null, 0) == -1 || dup2(fd, 1) == -1 ||
	    dup2(fd, 2) == -1)
		_exit(126);
	(void)execve(SSHD, argv, envp);
	_exit(127);
}

/* Reads the child's output into buf (NUL-terminated), bounded in time. */
static void
drain(int fd, char *buf, size_t size)
{
	struct pollfd p = { fd, POLLIN, 0 };
	size_t len = 0;
	ssize_t n = 1;

	while (n > 0 && poll(&p, 1, SSHD_TIMEOUT_MS) == 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n > 0)
			len += (size_t)n;
		if (len == size - 1)
			n = 0;
		if (n < 0 && errno == EINTR)
			n = 1;
	}
	buf[len] = '\0';
}

/* Runs sshd -T; its exit status, or -1.  out gets what it printed. */
static int
sshd_t(const char *file, char *out, size_t size)
{
	int fds[2], st = 0, rc = -1;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	if ((pid = fork()) == 0)
		child(fds[1], file);
	(void)close(fds[1]);
	if (pid > 0) {
		drain(fds[0], out, size);
		(void)kill(pid, SIGKILL);	/* done or stuck: no matter */
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
		if (WIFEXITED(st))
			rc = WEXITSTATUS(st);
	}
	(void)close(fds[0]);
	return rc;
}

/* The value of keyword in sshd -T's output ("yes", "no"), or "?". */
static const char *
setting(const char *out, const char *keyword, char *val, size_t size)
{
	size_t n = strlen(keyword);
	const char *p = out;

	(void)snprintf(val, size, "?");
	for (; p != NULL && *p != '\0'; p = strchr(p, '\n'), p += p != NULL)
		if (strncmp(p, keyword, n) == 0 && p[n] == ' ') {
			(void)snprintf(val, size, "%.*s",
			    (int)strcspn(p + n + 1, "\r\n"), p + n + 1);
			break;
		}
	return val;
}

/* One finding from sshd -T's verdict. */
static void
judge(struct ad_doc *d, const char *out)
{
	char pam[16], kbd[16];

	setting(out, "usepam", pam, sizeof(pam));
	setting(out, "kbdinteractiveauthentication", kbd, sizeof(kbd));
	if (strcmp(pam, "yes") != 0)
		ad_find(d, AD_WARN, "sshd", "sshd -T: usepam %s: ssh logins "
		    "never reach PAM (fix: UsePAM yes)", pam);
	else if (strcmp(kbd, "yes") != 0)
		ad_find(d, AD_WARN, "sshd", "sshd -T: kbdinteractiveauthentication"
		    " %s: a token longer than 1023 bytes cannot log in over "
		    "ssh %s", kbd, DROPIN_FIX);
	else
		ad_find(d, AD_OK, "sshd", "sshd -T: usepam yes, "
		    "kbdinteractiveauthentication yes");
}

void
ad_sshd(struct ad_doc *d, const char *sshd_config)
{
	static char out[SSHD_OUT_MAX];
	char first[256], clean[256];
	int rc;

	if (access(SSHD, X_OK) != 0) {
		ad_find(d, sshd_config != NULL ? AD_WARN : AD_INFO, "sshd",
		    "%s is not installed: nothing to check", SSHD);
		return;
	}
	rc = sshd_t(sshd_config, out, sizeof(out));
	if (rc != 0) {
		(void)snprintf(first, sizeof(first), "%.*s",
		    (int)strcspn(out, "\r\n"), out);
		ad_clean(clean, sizeof(clean), first);
		ad_find(d, AD_WARN, "sshd", "sshd -T failed (exit %d): %s", rc,
		    clean[0] != '\0' ? clean : "no output");
		return;
	}
	judge(d, out);
}

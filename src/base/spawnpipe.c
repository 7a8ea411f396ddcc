/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spawnpipe.c - a helper that answers while it runs, over two pipes
 * (issue 25).  The child setup follows spawn.c (DESIGN.md invariant 8):
 * only async-signal-safe calls between fork and execve.
 */
#define _GNU_SOURCE	/* close_range, pipe2, setresuid */

#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"
#include "spawnpipe.h"

#define EXEC_FAILED 127

/* In the child: ids, then descriptors and signals; never returns. */
static void
child_run(const char *path, char *const argv[], uid_t uid, gid_t gid,
    int in, int out)
{
	static char *const envp[] = { NULL };
	struct sigaction sa;
	sigset_t none;
	int fd, sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	(void)sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &sa, NULL);
	if ((fd = open("/dev/null", O_RDWR | O_NOCTTY)) == -1 ||
	    dup2(in, STDIN_FILENO) == -1 || dup2(out, STDOUT_FILENO) == -1 ||
	    dup2(fd, STDERR_FILENO) == -1)
		_exit(EXEC_FAILED);
	(void)close_range(3, ~0U, 0);
	/* Raw system calls: glibc's setxid may signal other threads. */
	if (geteuid() == 0 && syscall(SYS_setgroups, 0, NULL) == -1)
		_exit(EXEC_FAILED);
	if (syscall(SYS_setresgid, gid, gid, gid) == -1 ||
	    syscall(SYS_setresuid, uid, uid, uid) == -1)
		_exit(EXEC_FAILED);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == -1 ||
	    prctl(PR_SET_PDEATHSIG, (long)SIGKILL, 0L, 0L, 0L) == -1)
		_exit(EXEC_FAILED);
	(void)umask(077);
	(void)sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)execve(path, argv, envp);
	_exit(EXEC_FAILED);
}

/* Forks with every signal blocked; the parent's ends stay close-on-exec. */
static pid_t
fork_child(const char *path, char *const argv[], uid_t uid, gid_t gid,
    const int in[2], const int out[2])
{
	sigset_t all, old;
	pid_t pid;
	int saved;

	(void)sigfillset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0)
		child_run(path, argv, uid, gid, in[0], out[1]);
	saved = errno;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return pid;
}

/* SIGCHLD at its default while the child runs (spawn.c says why). */
static int
hold_sigchld(struct ct_child *c, struct ct_err *e)
{
	struct sigaction dfl;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	(void)sigemptyset(&dfl.sa_mask);
	if (sigaction(SIGCHLD, &dfl, &c->chld) == -1)
		return ct_fail(e, CT_ESYS, "sigaction: %s", CT_STRERROR(errno));
	c->restore = 1;
	return CT_OK;
}

int
ct_child_start(const char *path, char *const argv[], uid_t uid, gid_t gid,
    struct ct_child *c, struct ct_err *e)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, r = CT_ESYS;

	memset(c, 0, sizeof(*c));
	c->pid = -1;
	c->pidfd = c->to = c->from = -1;
	if (path == NULL || path[0] != '/' || argv == NULL || argv[0] == NULL)
		return ct_fail(e, CT_ESYS, "spawn: helper path must be "
		    "absolute");
	if ((r = hold_sigchld(c, e)) != CT_OK)
		goto out;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) == -1 || pipe2(out, O_CLOEXEC) == -1 ||
	    fcntl(out[0], F_SETFL, O_NONBLOCK) == -1) {
		r = ct_fail(e, CT_ESYS, "pipe: %s", CT_STRERROR(errno));
		goto out;
	}
	if ((c->pid = fork_child(path, argv, uid, gid, in, out)) == -1) {
		r = ct_fail(e, CT_ESYS, "fork: %s", CT_STRERROR(errno));
		goto out;
	}
	c->to = in[1];
	c->from = out[0];
	in[1] = out[0] = -1;
	/* Not reaped yet, so the pid cannot have been reused. */
	if ((c->pidfd = pidfd_open(c->pid, 0)) == -1) {
		r = ct_fail(e, CT_ESYS, "pidfd_open: %s", CT_STRERROR(errno));
		goto out;
	}
	r = CT_OK;
out:
	if (in[0] != -1)
		(void)close(in[0]);
	if (in[1] != -1)
		(void)close(in[1]);
	if (out[0] != -1)
		(void)close(out[0]);
	if (out[1] != -1)
		(void)close(out[1]);
	if (r != CT_OK)
		ct_child_end(c);
	return r;
}

/* One byte from fd, waiting until deadline: 1, 0 at end, -1 timeout. */
static int
byte_by(int fd, char *ch, const struct timespec *deadline)
{
	struct pollfd p;
	ssize_t k;
	int n;

	for (;;) {
		k = read(fd, ch, 1);
		if (k == 1 || k == 0)
			return (int)k;
		if (errno != EAGAIN && errno != EINTR)
			return 0;
		p.fd = fd;
		p.events = POLLIN;
		p.revents = 0;
		n = poll(&p, 1, ct_ms_left(deadline));
		if (n == 0)
			return -1;
		if (n == -1 && errno != EINTR)
			return 0;
	}
}

int
ct_child_line(struct ct_child *c, char *buf, size_t size, long timeout_ms,
    struct ct_err *e)
{
	struct timespec deadline;
	size_t n = 0;
	char ch = '\0';
	int k = 0;

	(void)clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (timeout_ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	while (n + 1 < size && (k = byte_by(c->from, &ch, &deadline)) == 1 &&
	    ch != '\n')
		buf[n++] = ch;
	buf[n] = '\0';
	if (k == 1 && ch == '\n')
		return CT_OK;
	explicit_bzero(buf, n);
	buf[0] = '\0';
	if (k == -1)
		return ct_fail(e, CT_ESYS, "no answer within %ld s",
		    timeout_ms / 1000);
	return ct_fail(e, CT_ESYS, k == 0 ? "the helper ended without an "
	    "answer" : "an answer line too long");
}

int
ct_child_send(struct ct_child *c, const char *buf, size_t len,
    struct ct_err *e)
{
	ssize_t n;

	while (len > 0) {
		/* MSG_NOSIGNAL: a child gone is no SIGPIPE for the caller. */
		n = send(c->to, buf, len, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return ct_fail(e, CT_ESYS, "the helper does not read: %s",
			    n == -1 ? CT_STRERROR(errno) : "closed");
		buf += n;
		len -= (size_t)n;
	}
	return CT_OK;
}

void
ct_child_end(struct ct_child *c)
{
	int st;

	if (c->to != -1)
		(void)close(c->to);
	if (c->pid > 0) {
		if (c->pidfd == -1 ||
		    pidfd_send_signal(c->pidfd, SIGKILL, NULL, 0) == -1)
			(void)kill(c->pid, SIGKILL);
		while (waitpid(c->pid, &st, 0) == -1 && errno == EINTR)
			;
	}
	if (c->from != -1)
		(void)close(c->from);
	if (c->pidfd != -1)
		(void)close(c->pidfd);
	if (c->restore)
		(void)sigaction(SIGCHLD, &c->chld, NULL);
	c->pid = -1;
	c->to = c->from = c->pidfd = -1;
	c->restore = 0;
}

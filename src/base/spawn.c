/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spawn.c - run a helper program the way Linux-PAM runs unix_chkpwd and
 * mkhomedir_helper (DESIGN.md invariant 8; OpenSSH misc.c subprocess()).
 *
 * The child gets nothing from us but argv: an empty environment, /dev/null
 * on 0, 1 and 2, no other descriptors, default signal dispositions and an
 * empty signal mask.  The parent waits for that child only, through a
 * pidfd, so a timeout never depends on SIGCHLD or on anyone else's
 * children.
 *
 * D1 (SECURITY.md, threat model 2): a helper runs only for a process that
 * is root through and through (real, effective and saved uid and gid 0),
 * never for su, sudo or a screen locker, whose caller chose our real uid,
 * limits and niceness and may signal us.  Even then the child drops what
 * the caller may have set: supplementary groups, umask, resource limits
 * and niceness are fixed values before execve.
 */
#define _GNU_SOURCE	/* close_range, getresuid */

#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>


#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

#define CT_SPAWN_EXEC_FAILED 127

/* The limits every helper starts with, whoever started the login. */
static const struct {
	__rlimit_resource_t res;	/* glibc, _GNU_SOURCE: clang -Wsign-conversion */
	rlim_t cur, max;
} fixed_limits[] = {
	{ RLIMIT_CPU, RLIM_INFINITY, RLIM_INFINITY },
	{ RLIMIT_FSIZE, RLIM_INFINITY, RLIM_INFINITY },
	{ RLIMIT_DATA, RLIM_INFINITY, RLIM_INFINITY },
	{ RLIMIT_AS, RLIM_INFINITY, RLIM_INFINITY },
	{ RLIMIT_STACK, 8 * 1024 * 1024, RLIM_INFINITY },
	{ RLIMIT_CORE, 0, 0 },
	{ RLIMIT_NOFILE, 1024, 4096 },
	{ RLIMIT_NPROC, RLIM_INFINITY, RLIM_INFINITY },
};

/*
 * In the child: no supplementary group, umask 022, the fixed limits and
 * niceness 0, so nothing the caller of su or sudo set reaches the helper
 * (a "ulimit -f 0" would cut the cache mid-write).  Only system calls,
 * async-signal-safe.  Returns 0, or -1 when any of them failed.
 */
static int
child_normalize(void)
{
	struct rlimit rl;
	size_t i;
	int r = -1;

	/*
	 * The raw system call: glibc's setgroups may signal other threads
	 * (setxid), and after fork this is the only one.
	 */
	if (syscall(SYS_setgroups, 0, NULL) == -1)
		goto out;
	(void)umask(022);
	for (i = 0; i < sizeof(fixed_limits) / sizeof(fixed_limits[0]); i++) {
		rl.rlim_cur = fixed_limits[i].cur;
		rl.rlim_max = fixed_limits[i].max;
		if (setrlimit(fixed_limits[i].res, &rl) == 0)
			continue;
		/*
		 * Without CAP_SYS_RESOURCE (a container) a hard limit cannot
		 * be raised; D1 means only root chose it.  Take the soft
		 * limit as close to ours as that hard limit allows.
		 */
		if (getrlimit(fixed_limits[i].res, &rl) == -1)
			goto out;
		if (rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max > fixed_limits[i].cur)
			rl.rlim_cur = fixed_limits[i].cur;
		else
			rl.rlim_cur = rl.rlim_max;
		if (setrlimit(fixed_limits[i].res, &rl) == -1)
			goto out;
	}
	r = setpriority(PRIO_PROCESS, 0, 0);
out:
	return r;
}

/*
 * 1 when every real, effective and saved uid and gid is 0 (D1): the
 * process belongs to a root service, not to the caller of a set-uid
 * program such as su, sudo or a screen locker.
 */
int
ct_spawn_allowed(void)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) == -1)
		return 0;
	return ru == 0 && eu == 0 && su == 0 && rg == 0 && eg == 0 && sg == 0;
}

/*
 * In the child, between fork and execve: only async-signal-safe calls
 * (the PAM application may be threaded).  Never returns.  maxfd is the
 * fallback bound for closing descriptors when close_range is missing.
 */
static void
child_exec(const char *path, char *const argv[], int maxfd, int errfd)
{
	static char *const envp[] = { NULL };
	struct sigaction sa;
	sigset_t none;
	int fd, sig;

	/* execve keeps SIG_IGN; set every disposition back to SIG_DFL. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	(void)sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++) {
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &sa, NULL);
	}
	/* stdin, stdout and stderr on /dev/null; the helper uses syslog. */
	if ((fd = open("/dev/null", O_RDWR | O_NOCTTY)) == -1)
		_exit(CT_SPAWN_EXEC_FAILED);
	if (dup2(fd, STDIN_FILENO) == -1 || dup2(fd, STDOUT_FILENO) == -1 ||
	    dup2(errfd != -1 ? errfd : fd, STDERR_FILENO) == -1)
		_exit(CT_SPAWN_EXEC_FAILED);
	/* Nothing above 2 is inherited: not PAM's, not sshd's sockets. */
	if (close_range(3, ~0U, 0) == -1) {
		for (fd = 3; fd < maxfd; fd++)
			(void)close(fd);
	}
	if (child_normalize() == -1)
		_exit(CT_SPAWN_EXEC_FAILED);
	(void)sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)execve(path, argv, envp);
	_exit(CT_SPAWN_EXEC_FAILED);
}

int
ct_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;
	int r = 0;

	if (clock_gettime(CLOCK_MONOTONIC, &now) == -1)
		goto out;
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	r = ms <= 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
out:
	return r;
}

/*
 * Waits for the child behind pidfd to exit, at most timeout_ms; on timeout
 * kills it.  Either way reaps it with waitpid on that pid only, looping on
 * EINTR.  Returns CT_OK with the wait status in *wstatus, or CT_ESYS.
 */
static int
wait_bounded(pid_t pid, int pidfd, long timeout_ms, int *wstatus,
    struct ct_err *e)
{
	struct timespec deadline;
	struct pollfd pfd;
	int n, timed_out = 0, poll_errno = 0, r = CT_ESYS;

	(void)clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (timeout_ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pfd.fd = pidfd;
	pfd.events = POLLIN;	/* readable once the process has exited */
	for (;;) {
		pfd.revents = 0;
		n = poll(&pfd, 1, ct_ms_left(&deadline));
		if (n > 0)
			break;
		if (n == 0 || errno != EINTR) {
			poll_errno = n == 0 ? 0 : errno;
			timed_out = 1;
			break;
		}
	}
	if (timed_out && pidfd_send_signal(pidfd, SIGKILL, NULL, 0) == -1 &&
	    errno != ESRCH)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, wstatus, 0) == -1) {
		if (errno != EINTR) {
			(void)ct_fail(e, CT_ESYS, "waitpid: %s",
			    CT_STRERROR(errno));
			goto out;
		}
	}
	if (timed_out && poll_errno != 0) {
		(void)ct_fail(e, CT_ESYS, "poll on helper: %s; killed",
		    CT_STRERROR(poll_errno));
		goto out;
	}
	if (timed_out) {
		(void)ct_fail(e, CT_ESYS, "helper timed out after %ld ms; "
		    "killed", timeout_ms);
		goto out;
	}
	r = CT_OK;
out:
	return r;
}

/* Forks and starts the child; returns its pid or -1 with errno set. */
static pid_t
start_child(const char *path, char *const argv[], int errfd)
{
	struct rlimit rl;
	sigset_t all, old;
	pid_t pid;
	int maxfd = 1024, saved;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)INT_MAX)
		maxfd = (int)rl.rlim_cur;
	/*
	 * Block every signal across fork so that no handler of the parent
	 * runs in the child before child_exec has reset the dispositions.
	 */
	(void)sigfillset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0)
		child_exec(path, argv, maxfd, errfd);
	saved = errno;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return pid;
}

/* Turns a wait status into the result of ct_spawn. */
static int
judge_status(const char *path, int wstatus, int *exit_status,
    struct ct_err *e)
{
	if (WIFEXITED(wstatus)) {
		*exit_status = WEXITSTATUS(wstatus);
		return CT_OK;
	}
	if (WIFSIGNALED(wstatus))
		return ct_fail(e, CT_ESYS, "%s killed by signal %d", path,
		    WTERMSIG(wstatus));
	return ct_fail(e, CT_ESYS, "%s: unexpected wait status %d", path,
	    wstatus);
}

/*
 * Issue 21.6: what the child wrote on stderr, read after it exited (a
 * pipe holds far more than a helper's one line; a child that fills it
 * blocks and meets the timeout), at most size - 1 bytes, NUL-terminated.
 */
static void
read_err(int fd, char *err, size_t size)
{
	size_t n = 0;
	ssize_t k;

	while (n + 1 < size &&
	    ((k = read(fd, err + n, size - 1 - n)) > 0 ||
	    (k == -1 && errno == EINTR)))
		n += k > 0 ? (size_t)k : 0;
	err[n] = '\0';
}

int
ct_spawn(const char *path, char *const argv[], long timeout_ms,
    int *exit_status, struct ct_err *e)
{
	return ct_spawn_err(path, argv, timeout_ms, exit_status, NULL, 0, e);
}

int
ct_spawn_err(const char *path, char *const argv[], long timeout_ms,
    int *exit_status, char *err, size_t errsize, struct ct_err *e)
{
	struct sigaction dfl, saved_chld;
	pid_t pid = -1;
	int pidfd = -1, wstatus = 0, restore = 0, r = CT_ESYS;
	int pipefd[2] = { -1, -1 };

	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if (path == NULL || path[0] != '/' || argv == NULL ||
	    argv[0] == NULL || exit_status == NULL || timeout_ms <= 0) {
		r = ct_fail(e, CT_ESYS, "spawn: helper path must be absolute "
		    "and arguments given");
		goto out;
	}
	if (!ct_spawn_allowed()) {
		r = ct_fail(e, CT_ESYS, "spawn: %s not run: only a process "
		    "whose real, effective and saved uids and gids are all 0 "
		    "runs helpers (real uid %lu)", path,
		    (unsigned long)getuid());
		goto out;
	}
	/*
	 * SIGCHLD at SIG_IGN would have the kernel reap the child before
	 * we can read its status; a handler might reap it for us.  Use
	 * the default for the duration (pam_unix does the same).
	 */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	(void)sigemptyset(&dfl.sa_mask);
	if (sigaction(SIGCHLD, &dfl, &saved_chld) == -1) {
		r = ct_fail(e, CT_ESYS, "sigaction: %s", CT_STRERROR(errno));
		goto out;
	}
	restore = 1;
	if (err != NULL && errsize > 0 &&
	    pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) == -1) {
		r = ct_fail(e, CT_ESYS, "pipe: %s", CT_STRERROR(errno));
		goto out;
	}
	pid = start_child(path, argv, pipefd[1]);
	if (pipefd[1] != -1)
		(void)close(pipefd[1]);
	if (pid == -1) {
		r = ct_fail(e, CT_ESYS, "fork: %s", CT_STRERROR(errno));
		goto out;
	}
	/* Not reaped yet, so the pid cannot have been reused. */
	if ((pidfd = pidfd_open(pid, 0)) == -1) {
		r = ct_fail(e, CT_ESYS, "pidfd_open: %s", CT_STRERROR(errno));
		(void)kill(pid, SIGKILL);
		while (waitpid(pid, &wstatus, 0) == -1 && errno == EINTR)
			;
		goto out;
	}
	if ((r = wait_bounded(pid, pidfd, timeout_ms, &wstatus, e)) != CT_OK)
		goto out;
	r = judge_status(path, wstatus, exit_status, e);
	if (pipefd[0] != -1)
		read_err(pipefd[0], err, errsize);
out:
	if (pipefd[0] != -1)
		(void)close(pipefd[0]);
	if (pidfd != -1)
		(void)close(pidfd);
	if (restore)
		(void)sigaction(SIGCHLD, &saved_chld, NULL);
	return r;
}

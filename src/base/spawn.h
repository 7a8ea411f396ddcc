/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spawn.h - run a helper program the way Linux-PAM runs unix_chkpwd and
 * mkhomedir_helper (DESIGN.md invariant 8).
 */
#ifndef CT_SPAWN_H
#define CT_SPAWN_H

#include <time.h>

#include "err.h"

/*
 * Refuses (CT_ESYS) unless ct_spawn_allowed().  Runs the program at path
 * (must be absolute) with argv (argv[0] first,
 * NULL-terminated) and an EMPTY environment via execve.  In the child:
 * stdin, stdout and stderr are /dev/null (the helper reports through its
 * exit status and its own syslog), every other descriptor is closed
 * (close_range), signal dispositions and mask reset to defaults, no
 * supplementary groups, umask 022, fixed resource limits, niceness 0.  In the
 * parent: SIGCHLD is set to SIG_DFL for the duration and restored after;
 * the child is waited for with a pidfd and poll() bounded by timeout_ms;
 * on timeout it is killed with SIGKILL and reaped.  waitpid is called on
 * that child only, looping on EINTR.
 * Returns CT_OK if the child exited normally; *exit_status gets its exit
 * code.  A timeout, a signal death or any setup failure is CT_ESYS with a
 * reason (the caller decides what that means for the login).
 */
/*
 * 1 when getresuid and getresgid are all 0 (D1): only then may helpers
 * run, locks be taken and host-wide state be touched.
 */
int ct_spawn_allowed(void);

/* Milliseconds from now until deadline on CLOCK_MONOTONIC: 0 when past
 * (or the clock cannot be read), at most INT_MAX. */
int ct_ms_left(const struct timespec *deadline);

int ct_spawn(const char *path, char *const argv[], long timeout_ms,
    int *exit_status, struct ct_err *e);

/*
 * As ct_spawn, but the child's stderr is a pipe whose content (at most
 * errsize - 1 bytes, NUL-terminated, unescaped) lands in err once the
 * child exited normally: for pam-cotter, which shows a person why the
 * helper refused (issue 21).  The module never uses it.
 */
int ct_spawn_err(const char *path, char *const argv[], long timeout_ms,
    int *exit_status, char *err, size_t errsize, struct ct_err *e);

#endif

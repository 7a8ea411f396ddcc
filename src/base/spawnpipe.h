/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spawnpipe.h - a helper that talks with its parent while it runs (issue
 * 25: pam_cotter_device), with the same hygiene as spawn.h: an empty
 * environment, no inherited descriptor but its two pipes, default
 * signals, and its own uid and gid chosen by the caller.
 */
#ifndef CT_SPAWNPIPE_H
#define CT_SPAWNPIPE_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

struct ct_child {
	pid_t pid;		/* -1 when none */
	int pidfd;
	int to;			/* the child's stdin */
	int from;		/* the child's stdout */
	int restore;		/* SIGCHLD disposition saved in chld */
	struct sigaction chld;
};

/*
 * Starts path (absolute) with argv and an empty environment: stdin (a
 * socket) and stdout (a pipe) lead to the parent (c->to, c->from),
 * stderr is /dev/null, every other descriptor closed, signals at their defaults, no
 * supplementary group when it may drop them, real, effective and saved
 * ids set to uid and gid (a caller that is not root passes its own: the
 * child never holds more than the person at the prompt), no new
 * privileges, killed (SIGKILL) when the parent dies.  SIGCHLD is at its
 * default until ct_child_end, so no handler of the application reaps it.
 * CT_OK, or CT_ESYS with a reason (nothing left running).
 */
int ct_child_start(const char *path, char *const argv[], uid_t uid,
    gid_t gid, struct ct_child *c, struct ct_err *e);

/*
 * Reads one line (without its newline, NUL-terminated, at most size - 1
 * bytes) from the child's stdout, a byte at a time (nothing of the next
 * line is read), waiting at most timeout_ms in all.  CT_OK; CT_ESYS with
 * a reason on end of output, a line too long or the time passed (buf is
 * then wiped).
 */
int ct_child_line(struct ct_child *c, char *buf, size_t size,
    long timeout_ms, struct ct_err *e);

/*
 * Writes len bytes to the child's stdin (a socket: a child that is gone
 * gives CT_ESYS, never SIGPIPE to the application).
 */
int ct_child_send(struct ct_child *c, const char *buf, size_t len,
    struct ct_err *e);

/*
 * Ends the child whatever its state: closes its stdin, kills it
 * (SIGKILL), reaps it (waitpid on that pid only), closes the rest and
 * restores SIGCHLD.  Safe on a child that never started.
 */
void ct_child_end(struct ct_child *c);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uidhold.h - uids that live SSH connections hold (issue 19, point 1):
 * libnss_cotter answered sshd uid U for a name before authentication,
 * and sshd opens that connection's session with U.  Until the connection
 * ends (at most CT_HOLD_SECONDS), U is kept away from every other name's
 * uid pick, so another person's first login never lands on it.
 *
 * Advisory: STATE_DIR/holds is a table of at most CT_HOLD_SLOTS lines
 * "UID NAME PID START UNTIL" (START: the process's start time in
 * /proc/PID/stat, so a reused pid holds nothing), rewritten under
 * STATE_DIR/holds.lock.  A full table, a lock not had at once or a write
 * that fails holds nothing more; the login itself is still refused when
 * its uid was taken (src/identity/nssheld.c).  Never grows past its slots.
 * libc only: the NSS module and the account helper link it.
 */
#ifndef CT_UIDHOLD_H
#define CT_UIDHOLD_H

#include <sys/types.h>

#include <time.h>

#define CT_HOLD_SLOTS	64
#define CT_HOLD_SECONDS	600	/* longer than sshd's LoginGraceTime */
#define CT_HOLD_FILE	"holds"
#define CT_HOLD_NAME_MAX 32

struct ct_hold {
	uid_t uid;
	char name[CT_HOLD_NAME_MAX + 1];
	long pid;
	unsigned long long start;
	long long until;
};

struct ct_holds {
	struct ct_hold h[CT_HOLD_SLOTS];
	size_t n;
};

/*
 * The live holds of state_dir at now (process alive with the same start
 * time, until > now).  A missing, unsafe or malformed table is empty.
 */
void ct_holds_load(const char *state_dir, time_t now, struct ct_holds *hs);

/* 1 when hs has uid held for a name other than name. */
int ct_holds_other(const struct ct_holds *hs, uid_t uid, const char *name);

/*
 * Records that this process holds uid for name until now +
 * CT_HOLD_SECONDS, dropping holds no longer live.  0, or -1 when nothing
 * was recorded (no safe state_dir, the lock busy, the table full).
 */
int ct_uid_hold(const char *state_dir, const char *name, uid_t uid,
    time_t now);

/* The start time (clock ticks since boot) of process pid: 0, or -1. */
int ct_proc_start(long pid, unsigned long long *start);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * run.h - how one authentication runs: for real (the module) or as a dry
 * run that explains itself (pam-cotter check).  Both take the same steps
 * through the same functions; a dry run only records each check in a
 * report and never writes a file or starts a process.
 */
#ifndef CT_RUN_H
#define CT_RUN_H

enum ct_step {
	CT_STEP_PASS,	/* the check holds */
	CT_STEP_FAIL,	/* the check refuses: the module logs the detail */
	CT_STEP_INFO,	/* what was found (key used, rule that mapped) */
	CT_STEP_WOULD	/* a write or spawn the module would make here */
};

/*
 * A NULL struct ct_run * means the module's normal path: no report, writes
 * and helpers allowed.  sink (may be NULL) receives each step: a short
 * name ("signature", "exp"), its kind, and a one-line detail that is the
 * reason the module would log (never token bytes).
 */
struct ct_run {
	int dry_run;	/* forbid every write and every spawn */
	void (*sink)(void *arg, const char *name, enum ct_step kind,
	    const char *detail);
	void *arg;
};

/* Sends one step to run's sink (nothing when run or its sink is NULL). */
void ct_run_step(const struct ct_run *run, const char *name,
    enum ct_step kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports r: PASS with ok_detail when r is 0 (CT_OK), else FAIL with why. */
void ct_run_result(const struct ct_run *run, const char *name, int r,
    const char *why, const char *ok_detail);

/*
 * 1 when run has a sink: a step's detail is worth formatting.  The
 * module's own path (run NULL) skips escaping what only a report shows.
 */
int ct_run_reports(const struct ct_run *run);

/* 1 when run allows writes and spawns (the module's normal path). */
int ct_run_may_act(const struct ct_run *run);

#endif

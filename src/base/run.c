/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * run.c - the report sink and the dry-run switch of one authentication
 * (run.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "run.h"

void
ct_run_step(const struct ct_run *run, const char *name, enum ct_step kind,
    const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	if (run == NULL || run->sink == NULL)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	run->sink(run->arg, name, kind, detail);
}

void
ct_run_result(const struct ct_run *run, const char *name, int r,
    const char *why, const char *ok_detail)
{
	if (r == 0)
		ct_run_step(run, name, CT_STEP_PASS, "%s",
		    ok_detail != NULL ? ok_detail : "");
	else
		ct_run_step(run, name, CT_STEP_FAIL, "%s",
		    why != NULL ? why : "");
}

int
ct_run_may_act(const struct ct_run *run)
{
	return run == NULL || !run->dry_run;
}

int
ct_run_reports(const struct ct_run *run)
{
	return run != NULL && run->sink != NULL;
}

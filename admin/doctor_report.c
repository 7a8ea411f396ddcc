/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_report.c - how pam-cotter doctor reports: one finding per line
 * (ok / warn / fail / info, or one JSON object), the fix for a file the module
 * refuses, and a trusted file judged by the module's own opening checks
 * (ct_safe_open).  doctor.c and doctor_host.c report through it; it calls
 * neither (issue 20).
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "admin.h"
#include "doctor_report.h"
#include "safefile.h"

static const char *const levels[] = { "ok", "warn", "fail", "info" };

void
ad_find(struct ad_doc *d, enum ad_level lv, const char *what,
    const char *fmt, ...)
{
	char detail[768];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (lv == AD_FAIL)
		d->fails++;
	ad_say(d->out, "%-4s %-10s %s", levels[lv], what, detail);
	ad_append(d->out, "findings", json_pack("{s:s,s:s,s:s}", "level",
	    levels[lv], "check", what, "detail", detail));
}

/* The fix for a file the module refuses: its owner and mode. */
void
ad_fix_of(const char *path, char *out, size_t size)
{
	struct stat st;

	out[0] = '\0';
	if (lstat(path, &st) == -1)
		return;
	if (S_ISLNK(st.st_mode))
		(void)snprintf(out, size, " (a symbolic link: replace it with "
		    "the file itself)");
	else if (st.st_uid != 0 || st.st_gid != 0)
		(void)snprintf(out, size, " (fix: chown root:root %s%s)", path,
		    (st.st_mode & 022) != 0 ? "; chmod go-w it" : "");
	else if ((st.st_mode & 022) != 0)
		(void)snprintf(out, size, " (fix: chmod go-w %s)", path);
}

/* A file the module trusts: ct_safe_read's verdict, and the fix. */
void
ad_trusted_file(struct ad_doc *d, const char *what, const char *path,
    size_t cap, int missing_is_fail)
{
	char fix[4200];
	struct ct_err e;
	struct stat st;
	int fd = -1, missing = 0;

	ct_err_clear(&e);
	/* The module's opening checks, without reading a large map. */
	if (ct_safe_open(path, cap, CT_ECONFIG, &fd, &st, &missing,
	    &e) == CT_OK)
		ad_find(d, AD_OK, what, "%s: root-owned, not group/world-"
		    "writable", path);
	else if (missing)
		ad_find(d, missing_is_fail ? AD_FAIL : AD_WARN, what, "%s: "
		    "missing%s", path, missing_is_fail ? "" : " (the module "
		    "reads it as mapping nobody)");
	else {
		ad_fix_of(path, fix, sizeof(fix));
		ad_find(d, AD_FAIL, what, "%s%s", e.msg, fix);
	}
	if (fd != -1)
		(void)close(fd);
}

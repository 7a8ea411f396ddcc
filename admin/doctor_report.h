/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_report.h - how pam-cotter doctor reports its findings
 * (doctor_report.c); the checks (doctor.c, doctor_host.c) use it.
 */
#ifndef AD_DOCTOR_REPORT_H
#define AD_DOCTOR_REPORT_H

#include <stddef.h>

#include "admin.h"

/* AD_INFO (issue 21): worth knowing, nothing to fix now. */
enum ad_level { AD_OK, AD_WARN, AD_FAIL, AD_INFO };

struct ad_doc {
	struct ad_out *out;
	int fails;
	int services;		/* PAM lines found */
};

/* One finding: "ok|warn|fail WHAT detail". */
void ad_find(struct ad_doc *d, enum ad_level lv, const char *what,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* " (fix: chown ...)" for a file the module refuses, or "". */
void ad_fix_of(const char *path, char *out, size_t size);
void ad_trusted_file(struct ad_doc *d, const char *what, const char *path,
    size_t cap, int missing_is_fail);

#endif

/*
 * doctor.h - pam-cotter doctor's findings.
 */
#ifndef AD_DOCTOR_H
#define AD_DOCTOR_H

#include <stddef.h>

#include "admin.h"

enum ad_level { AD_OK, AD_WARN, AD_FAIL };

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

/* doctor_host.c */
void ad_config_lines(struct ad_doc *d, const char *path, const char *first);
void ad_helpers(struct ad_doc *d, const struct ct_config *cfg);
void ad_timer(struct ad_doc *d, const struct ct_config *cfg);
void ad_services(struct ad_doc *d);
void ad_nsswitch(struct ad_doc *d, const struct ct_config *cfg);

/* doctor_dir.c: a directory source on the passwd: line (issue 19) */
void ad_directory(struct ad_doc *d, const struct ct_config *cfg);
/* doctor_unit.c: the refresh unit may write jwks_cache's directory. */
void ad_unit(struct ad_doc *d, const struct ct_config *cfg);

#endif

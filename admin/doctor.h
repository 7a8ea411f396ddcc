/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor.h - pam-cotter doctor's checks of the host (doctor_host.c);
 * the findings are reported through doctor_report.h.
 */
#ifndef AD_DOCTOR_H
#define AD_DOCTOR_H

#include "admin.h"
#include "doctor_report.h"

/* doctor_host.c */
void ad_config_lines(struct ad_doc *d, const char *path, const char *first);
/* 1 when some issuer of cfg has a jwks_url (the fetcher has work). */
int ad_any_fetch(const struct ct_config *cfg);
void ad_helpers(struct ad_doc *d, const struct ct_config *cfg);
void ad_timer(struct ad_doc *d, const struct ct_config *cfg);
void ad_services(struct ad_doc *d);
void ad_nsswitch(struct ad_doc *d, const struct ct_config *cfg);

/* doctor_dir.c: a directory source on the passwd: line (issue 19) */
void ad_directory(struct ad_doc *d, const struct ct_config *cfg);
/* doctor_sshd.c: what `sshd -T` says of PAM and keyboard-interactive. */
void ad_sshd(struct ad_doc *d, const char *sshd_config);
/* doctor_unit.c: the refresh unit may write jwks_cache's directory. */
void ad_unit(struct ad_doc *d, const struct ct_config *cfg);

/* doctor_device.c: device_flow's endpoints and client (issue 25). */
void ad_device(struct ad_doc *d, const struct ct_config *cfg);

/* doctor_groups.c: each user_groups entry exists in /etc/group. */
void ad_groups(struct ad_doc *d, const struct ct_config *cfg);
/* doctor_rights.c (issue 23): group_map's groups, deny_file. */
void ad_rights(struct ad_doc *d, const struct ct_config *cfg);

/* doctor_replay.c: the replay store's directory and size (issue 24). */
/* 1 when any issuer (or the service lines) keeps replay on. */
int ad_replay_on(const struct ct_config *cfg);
void ad_replay(struct ad_doc *d, const struct ct_config *cfg);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * replaycfg.h - the replay keys of the configuration (issue 24): `replay`
 * (off, per_service, once), `replay_max_entries`, and the module
 * arguments `replay=` and `max_token_age=` on one service's line, which
 * apply to every issuer.
 */
#ifndef CT_REPLAYCFG_H
#define CT_REPLAYCFG_H

#include "config.h"
#include "err.h"

#define CT_REPLAY_UNSET		0	/* not written here: inherit */
#define CT_REPLAY_OFF		1
#define CT_REPLAY_PER_SERVICE	2	/* the default */
#define CT_REPLAY_ONCE		3

#define CT_REPLAY_MAX_DEFAULT	100000LL
#define CT_REPLAY_MAX_MIN	256LL
/* Per shard (one 256th) at most 39063 entries, each a hard link of the
 * shard's counter: below ext4's 65000 links of one inode. */
#define CT_REPLAY_MAX_MAX	10000000LL

/* Setters called from config.c's key table (name is the key's). */
int ct_set_replay(struct ct_config *cfg, const char *name, const char *v,
    struct ct_err *e);
int ct_set_replay_max(struct ct_config *cfg, const char *name,
    const char *v, struct ct_err *e);

/*
 * The mode a view of the configuration (ct_config_view) runs: a module
 * argument, else the issuer section's, else the global value, else
 * per_service.
 */
int ct_config_replay(const struct ct_config *view);

/* "off", "per_service" or "once". */
const char *ct_replay_name(int mode);

/*
 * The module arguments' part of a view (issues 24.1 and 24.4): replay=
 * wins over every issuer's; max_token_age= tightens every issuer's (the
 * stricter of the two wins).  sec is the issuer section or NULL.
 */
void ct_config_view_args(const struct ct_config *cfg,
    const struct ct_config *sec, struct ct_config *view);

#endif

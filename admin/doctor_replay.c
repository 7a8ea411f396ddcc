/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_replay.c - the replay store (issue 24.5): STATE_DIR/replay a
 * root-owned directory, not a link, nobody else writing, judged by the
 * module's own opener; how many live entries it holds against
 * replay_max_entries.
 */
#include <time.h>
#include <unistd.h>

#include "doctor.h"
#include "replaycfg.h"
#include "replaystore.h"

int
ad_replay_on(const struct ct_config *cfg)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		if (ct_config_replay(&v) != CT_REPLAY_OFF)
			return 1;
	}
	return 0;
}

void
ad_replay(struct ad_doc *d, const struct ct_config *cfg)
{
	struct ct_err e;
	size_t live = 0, expired = 0;
	long long max = cfg->replay_max_entries;
	int fd = -1, missing = 0;

	ct_err_clear(&e);
	if (!ad_replay_on(cfg)) {
		ad_find(d, AD_INFO, "replay", "replay = off: a token opens "
		    "any number of logins until it expires");
		return;
	}
	if (ct_rstore_open(cfg->state_dir, 0, &fd, &missing, &e) != CT_OK) {
		ad_find(d, AD_FAIL, "replay", "%s (every login is refused "
		    "until it is fixed)", e.msg);
		return;
	}
	if (missing) {
		ad_find(d, AD_OK, "replay", "%s/%s: not created yet (the first "
		    "login makes it)", cfg->state_dir, CT_REPLAY_SUBDIR);
		return;
	}
	if (ct_rstore_count(fd, time(NULL), &live, &expired, &e) != CT_OK)
		ad_find(d, AD_FAIL, "replay", "%s", e.msg);
	else if ((long long)live * 10 >= max * 9)
		ad_find(d, (long long)live >= max ? AD_FAIL : AD_WARN,
		    "replay", "%zu live entries of replay_max_entries %lld: "
		    "logins are refused once a shard is full; raise "
		    "replay_max_entries", live, max);
	else
		ad_find(d, AD_OK, "replay", "%s/%s: safe; %zu live entries "
		    "(replay_max_entries %lld), %zu expired (the refresh "
		    "timer removes them)", cfg->state_dir, CT_REPLAY_SUBDIR,
		    live, max, expired);
	(void)close(fd);
}

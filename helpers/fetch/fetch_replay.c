/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fetch_replay.c - the refresh timer removes the replay store's expired
 * entries (issue 24; fetch_replay.h).
 */
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "fetch_replay.h"
#include "replaystore.h"

void
fetch_sweep_replay(const struct ct_config *cfg)
{
	struct ct_err e;
	size_t removed = 0, live = 0;
	int fd = -1, missing = 0;

	ct_err_clear(&e);
	if (cfg == NULL || ct_rstore_open(cfg->state_dir, 0, &fd, &missing,
	    &e) != CT_OK || missing)
		goto out;
	if (ct_rstore_sweep(fd, time(NULL), &removed, &live, &e) != CT_OK)
		goto out;
	if (removed > 0)
		syslog(LOG_INFO, "replay store: removed %zu expired entries, "
		    "%zu live", removed, live);
out:
	if (e.msg[0] != '\0')
		syslog(LOG_WARNING, "%s (expired entries not removed)",
		    e.msg);
	if (fd != -1)
		(void)close(fd);
}

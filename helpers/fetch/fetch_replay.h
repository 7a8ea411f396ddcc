/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fetch_replay.h - the refresh timer removes the replay store's expired
 * entries (issue 24).
 */
#ifndef FETCH_REPLAY_H
#define FETCH_REPLAY_H

#include "config.h"

/*
 * With --config (the timer's run; never when a login starts the fetcher,
 * which names --url and --cache): removes the expired entries of
 * cfg's state_dir/replay.  One syslog line when it removed any or failed;
 * the fetch's exit status is not changed.
 */
void fetch_sweep_replay(const struct ct_config *cfg);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_replay.c - pam-cotter check, issue 24.5: was this token used
 * here already, for which services and when?  Looks the replay store up
 * (the "any" entry, then each service of /etc/pam.d by name) and records
 * nothing.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "check_replay.h"
#include "replay.h"
#include "replaycfg.h"
#include "replaystore.h"
#include "token.h"

#define AD_SERVICES_MAX 512	/* files of /etc/pam.d looked at */

/* "2026-12-07T00:10:00Z" for t. */
static void
when(char *buf, size_t size, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)snprintf(buf, size, "(unknown time)");
}

/* One service's entry, when there is one. */
static void
one_service(struct ad_out *out, const struct ct_config *v, const char *jti,
    const char *svc, int *uses)
{
	struct ct_replay_entry ent;
	struct ct_err e;
	char shown[72], at[32];
	int exists = 0, corrupt = 0;

	ct_err_clear(&e);
	if (ct_replay_lookup(v, jti, svc, &exists, &ent, &corrupt,
	    &e) != CT_OK || !exists)
		return;
	(*uses)++;
	ad_clean(shown, sizeof(shown), svc);
	when(at, sizeof(at), ent.used);
	ad_say(out, "  used   %-12s %s%s", shown, corrupt ? "(entry "
	    "corrupt)" : "at ", corrupt ? "" : at);
	ad_append(out, "replay_uses", json_pack("{s:s,s:s,s:b}", "service",
	    shown, "at", corrupt ? "" : at, "corrupt", corrupt));
}

/* Each file name of /etc/pam.d, as a service name. */
static void
each_service(struct ad_out *out, const struct ct_config *v, const char *jti,
    int *uses)
{
	struct dirent *d;
	DIR *dir;
	int n = 0;

	if ((dir = opendir(AD_PAMD_DIR)) == NULL)
		return;
	while ((d = readdir(dir)) != NULL && n++ < AD_SERVICES_MAX)
		if (d->d_name[0] != '.')
			one_service(out, v, jti, d->d_name, uses);
	(void)closedir(dir);
}

void
ad_check_replay(struct ad_out *out, const struct ct_config *v,
    const char *jti)
{
	struct ct_replay_entry ent;
	struct ct_err e;
	char at[32];
	int exists = 0, corrupt = 0, uses = 0;

	ct_err_clear(&e);
	if (ct_config_replay(v) == CT_REPLAY_OFF || jti == NULL)
		return;
	if (ct_replay_lookup(v, jti, NULL, &exists, &ent, &corrupt,
	    &e) != CT_OK) {
		ad_say(out, "replay store: %s", e.msg);
		ad_put(out, "replay", json_pack("{s:s}", "error", e.msg));
		return;
	}
	if (!exists) {
		ad_say(out, "replay: this token was not used on this host yet "
		    "(nothing recorded by this check)");
		ad_put(out, "replay", json_pack("{s:b}", "used", 0));
		return;
	}
	when(at, sizeof(at), ent.used);
	ad_say(out, "replay: this token was already used on this host: "
	    "first %s at %s", corrupt ? "(entry corrupt)" : ent.what, at);
	ad_put(out, "replay", json_pack("{s:b,s:s,s:s}", "used", 1, "first",
	    corrupt ? "" : ent.what, "at", at));
	each_service(out, v, jti, &uses);
}

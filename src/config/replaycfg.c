/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * replaycfg.c - the replay keys of the configuration (issue 24).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "replaycfg.h"

#define CT_SHOWN_MAX 65

static const char *const ct_replay_names[] = {
	"per_service", "off", "per_service", "once"
};

const char *
ct_replay_name(int mode)
{
	if (mode < 0 || mode > CT_REPLAY_ONCE)
		mode = CT_REPLAY_PER_SERVICE;
	return ct_replay_names[mode];
}

int
ct_set_replay(struct ct_config *cfg, const char *name, const char *v,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	int mode;

	if (strcmp(v, "off") == 0)
		mode = CT_REPLAY_OFF;
	else if (strcmp(v, "per_service") == 0)
		mode = CT_REPLAY_PER_SERVICE;
	else if (strcmp(v, "once") == 0)
		mode = CT_REPLAY_ONCE;
	else {
		ct_sanitize(shown, sizeof(shown), v, strlen(v));
		return ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not off, "
		    "per_service or once", name, shown);
	}
	if (cfg->in_args)
		cfg->replay_arg = mode;
	else
		cfg->replay = mode;
	return CT_OK;
}

int
ct_set_replay_max(struct ct_config *cfg, const char *name, const char *v,
    struct ct_err *e)
{
	char shown[CT_SHOWN_MAX];
	char *end = NULL;
	long long n;

	ct_sanitize(shown, sizeof(shown), v, strlen(v));
	errno = 0;
	n = (*v >= '0' && *v <= '9') ? strtoll(v, &end, 10) : -1;
	if (n < 0 || end == NULL || *end != '\0' || errno == ERANGE)
		return ct_fail(e, CT_ECONFIG, "%s: \"%s\" is not a number",
		    name, shown);
	if (n < CT_REPLAY_MAX_MIN || n > CT_REPLAY_MAX_MAX)
		return ct_fail(e, CT_ECONFIG, "%s: \"%s\" is out of range "
		    "%lld..%lld", name, shown, CT_REPLAY_MAX_MIN,
		    CT_REPLAY_MAX_MAX);
	cfg->replay_max_entries = n;
	return CT_OK;
}

int
ct_config_replay(const struct ct_config *view)
{
	return view->replay == CT_REPLAY_UNSET ? CT_REPLAY_PER_SERVICE :
	    view->replay;
}

void
ct_config_view_args(const struct ct_config *cfg,
    const struct ct_config *sec, struct ct_config *view)
{
	long long age = cfg->arg_max_token_age;

	if (sec != NULL && sec->replay != CT_REPLAY_UNSET)
		view->replay = sec->replay;
	if (cfg->replay_arg != CT_REPLAY_UNSET)
		view->replay = cfg->replay_arg;
	/* Issue 24.4: the service line's max_token_age only tightens. */
	if (age > 0 && (view->max_token_age == 0 ||
	    age < view->max_token_age))
		view->max_token_age = age;
}

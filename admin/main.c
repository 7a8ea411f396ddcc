/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - pam-cotter: the administrator's command (DESIGN.md "Parts").
 *
 *   pam-cotter [--config FILE] [--json] check [--user NAME]
 *       [--service NAME] [--token-file FILE] [--now SECONDS]
 *   pam-cotter [--config FILE] [--json] keys [--now SECONDS]
 *   pam-cotter [--config FILE] [--json] refresh
 *   pam-cotter [--config FILE] [--json] doctor
 *   pam-cotter [--config FILE] [--json] accounts list
 *   pam-cotter [--config FILE] [--json] accounts precreate [helper
 *       options] -- USER IDENTITY
 *   pam-cotter [--config FILE] [--json] accounts remove -- USER
 *   pam-cotter [--config FILE] [--json] accounts rebind -- USER ISSUER SUB
 *   pam-cotter [--config FILE] [--json] accounts rebind --file PATH|-
 *
 * Exit status: 0 what the command checks holds, 1 it does not, 2 bad
 * arguments or input.  man/pam-cotter.8 is the reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"

static const char usage_text[] =
"usage: pam-cotter [--config FILE] [--json] COMMAND [options]\n"
"\n"
"  check [--user NAME] [--service NAME] [--token-file FILE]\n"
"        explain what the module would decide for the token on stdin\n"
"  keys                      the cached key set, its age and source\n"
"  refresh [--map-index]     run the key fetcher now (root only), or\n"
"                            build map_file's index\n"
"  doctor                    check this host's setup\n"
"  accounts list             accounts the module created or reserved\n"
"  accounts precreate [--shell S] [--groups G] [--primary-group G]\n"
"        [--uid-min N] [--uid N | --uid-range LO-HI] [--iss I] [--sub S]\n"
"        [--home-mode M] [--allow-privileged-groups G]\n"
"        [--state-dir D] -- USER IDENTITY\n"
"  accounts remove -- USER   forget an account's binding\n"
"  accounts rebind -- USER ISSUER-NAME SUB | --file PATH|-\n"
"                            bind accounts to a new issuer's subject\n"
"\n"
"Common options: --config FILE (default " CT_DEFAULT_CONFIG "),\n"
"--json (one JSON object), --help.  --now SECONDS (check, keys) fixes\n"
"the clock for tests.  The token is never an argument.  Exit status:\n"
"0 holds, 1 does not hold, 2 usage or input error.  See pam-cotter(8).\n";

static const char *const cmd_help[] = {
	[AD_CHECK] = "usage: pam-cotter check [--user NAME] [--service NAME] "
	    "[--token-file FILE]\n    [--now SECONDS] [--config FILE] "
	    "[--json]\nReads one token from standard input (or FILE) and "
	    "prints each check the\nmodule makes, the key, the account and, "
	    "with --user, the PAM result\npam_authenticate would return.  "
	    "Writes nothing, starts nothing.\n",
	[AD_KEYS] = "usage: pam-cotter keys [--now SECONDS] [--config FILE] "
	    "[--json]\nLists the cached keys, the cache's age, source, ETag, "
	    "last fetch attempt\nand when the next refresh is due.\n",
	[AD_REFRESH] = "usage: pam-cotter refresh [--map-index] [--config "
	    "FILE] [--json]\nRuns the key fetcher now, under the module's "
	    "lock and rate limit (root\nonly), and reports the keys added "
	    "and removed.  --map-index builds\nmap_file's index instead.\n",
	[AD_DOCTOR] = "usage: pam-cotter doctor [--config FILE] [--json] "
	    "[--sshd-config FILE]\n"
	    "Checks the configuration, file owners and modes, the key "
	    "cache, the\nhelpers, the PAM services, the refresh timer, "
	    "nsswitch.conf and what\nsshd -T says (-f FILE with "
	    "--sshd-config).\nOne line per finding: ok, info, warn or fail.  "
	    "Exit 1 on any fail.\n",
	[AD_ACCOUNTS] = "usage: pam-cotter accounts list\n"
	    "       pam-cotter accounts precreate [--shell S] [--groups G]\n"
	    "           [--primary-group G] [--uid-min N] [--uid N | --uid-range "
	    "LO-HI]\n           [--iss I] [--sub S] [--home-mode M]\n"
	    "           [--allow-privileged-groups G] [--state-dir D] -- USER "
	    "IDENTITY\n"
	    "       pam-cotter accounts remove [--state-dir D] -- USER\n"
	    "       pam-cotter accounts rebind -- USER ISSUER-NAME SUB\n"
	    "       pam-cotter accounts rebind --file PATH|-\n"
	    "Options default to the configuration's user_shell, user_groups,\n"
	    "primary_group, uid_min, uid_range, issuer and state_dir;\n"
	    "pam_cotter_useradd does the work.\n",
};

int
main(int argc, char **argv)
{
	struct ad_opts o;
	char msg[256];

	if (ad_parse_args(argc, argv, &o, msg, sizeof(msg)) != 0) {
		(void)fprintf(stderr, "pam-cotter: %s\n%s", msg, usage_text);
		return AD_EXIT_USAGE;
	}
	if (o.help) {
		(void)fputs(o.cmd == AD_NONE ? usage_text : cmd_help[o.cmd],
		    stdout);
		return AD_EXIT_OK;
	}
	switch (o.cmd) {
	case AD_CHECK:
		return ad_check(&o);
	case AD_KEYS:
		return ad_keys(&o);
	case AD_REFRESH:
		return ad_refresh(&o);
	case AD_DOCTOR:
		return ad_doctor(&o);
	case AD_ACCOUNTS:
		return ad_accounts(&o);
	default:
		return AD_EXIT_USAGE;
	}
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_host.c - the host around the module: each config line, the
 * helpers, the refresh timer, the PAM services, nsswitch.conf.
 */
#define _GNU_SOURCE	/* dlinfo */
#include <sys/stat.h>

#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "attempt.h"
#include "devicecfg.h"
#include "doctor.h"
#include "resolve.h"
#include "safefile.h"

#define TIMER_LINK "/etc/systemd/system/timers.target.wants/" \
	"pam_cotter-refresh.timer"

/*
 * Issue 21: the directory make install put the NSS module in (NSSDIR, the
 * path dpkg -L lists), first; then the usual multiarch directories.
 */
#ifndef CT_NSS_DIR
#define CT_NSS_DIR "/lib/x86_64-linux-gnu"
#endif
static const char *const nss_paths[] = {
	CT_NSS_DIR "/libnss_cotter.so.2",
	"/lib/x86_64-linux-gnu/libnss_cotter.so.2",
	"/usr/lib/x86_64-linux-gnu/libnss_cotter.so.2",
	"/lib/aarch64-linux-gnu/libnss_cotter.so.2",
	"/usr/lib/aarch64-linux-gnu/libnss_cotter.so.2",
	"/lib/libnss_cotter.so.2", "/usr/lib/libnss_cotter.so.2",
};

/* Line i of text parsed alone, at its own line number. */
static void
one_line(struct ad_doc *d, const char *path, const char *line, size_t n,
    size_t lineno, const char *first)
{
	struct ct_config *c;
	struct ct_err e;
	char *text;

	if ((c = ct_config_new()) == NULL ||
	    (text = malloc(lineno + n)) == NULL) {
		ct_config_free(c);
		return;
	}
	/* lineno - 1 empty lines keep the parser's "file:N:" right. */
	memset(text, '\n', lineno - 1);
	memcpy(text + lineno - 1, line, n);
	ct_err_clear(&e);
	if (ct_config_parse_text(c, text, lineno - 1 + n, path, &e) !=
	    CT_OK && strcmp(e.msg, first) != 0)
		ad_find(d, AD_FAIL, "config", "%s", e.msg);
	free(text);
	ct_config_free(c);
}

void
ad_config_lines(struct ad_doc *d, const char *path, const char *first)
{
	char *buf = NULL;
	const char *p, *nl;
	size_t len = 0, lineno = 0;
	struct ct_err e;

	ct_err_clear(&e);
	if (ct_safe_read(path, CT_CONFIG_MAX_BYTES, CT_ECONFIG, &buf, &len,
	    NULL, &e) != CT_OK)
		return;		/* said already by the module's load */
	for (p = buf; p < buf + len; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			nl = buf + len;
		one_line(d, path, p, (size_t)(nl - p), lineno, first);
	}
	free(buf);
}

/* One helper: present, root-owned, not group/world-writable, mode. */
static void
helper(struct ad_doc *d, const char *dir, const char *name, mode_t want,
    int needed)
{
	char path[4096];
	struct stat st;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lstat(path, &st) == -1)
		ad_find(d, needed ? AD_FAIL : AD_WARN, "helpers", "%s: "
		    "missing%s", path, needed ? "" : " (not needed with this "
		    "configuration)");
	else if (!S_ISREG(st.st_mode))
		ad_find(d, AD_FAIL, "helpers", "%s: not a regular file", path);
	else if (st.st_uid != 0 || st.st_gid != 0)
		ad_find(d, AD_FAIL, "helpers", "%s: not owned by root (fix: "
		    "chown root:root %s)", path, path);
	else if ((st.st_mode & 07777) != want)
		ad_find(d, AD_FAIL, "helpers", "%s: mode %04o (fix: chmod "
		    "%04o %s)", path, (unsigned)(st.st_mode & 07777),
		    (unsigned)want, path);
	else
		ad_find(d, AD_OK, "helpers", "%s: root, %04o", path,
		    (unsigned)want);
}

int
ad_any_fetch(const struct ct_config *cfg)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg);
	int any = 0;

	for (i = 0; i < n && !any; i++) {
		ct_config_view(cfg, i, &v);
		any = *v.jwks_url != '\0';
	}
	return any;
}

void
ad_helpers(struct ad_doc *d, const struct ct_config *cfg)
{
	struct stat st;

	if (lstat(cfg->helper_dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_uid != 0 || (st.st_mode & 022) != 0))
		ad_find(d, AD_FAIL, "helpers", "%s: directory not root-owned "
		    "or group/world-writable (fix: chown root:root %s; chmod "
		    "0755 %s)", cfg->helper_dir, cfg->helper_dir,
		    cfg->helper_dir);
	helper(d, cfg->helper_dir, CT_FETCHER, 0755, ad_any_fetch(cfg));
	/* The account helper: root only, never set-id (INSTALL.md). */
	helper(d, cfg->helper_dir, CT_USERADD_HELPER, 0700,
	    cfg->create_users);
	/* Issue 25: the device flow's client. */
	helper(d, cfg->helper_dir, "pam_cotter_device", 0755,
	    ct_config_any_device(cfg));
}

void
ad_timer(struct ad_doc *d, const struct ct_config *cfg)
{
	struct stat st;

	if (!ad_any_fetch(cfg))
		ad_find(d, AD_OK, "timer", "static key set%s: no refresh "
		    "timer needed", ct_config_issuers(cfg) > 1 ? "s" : "");
	else if (stat("/run/systemd/system", &st) == -1)
		ad_find(d, AD_WARN, "timer", "no systemd here: run "
		    "pam_cotter_fetch --config FILE from cron, or rely on root "
		    "logins to refresh");
	else if (stat(TIMER_LINK, &st) == -1)
		ad_find(d, AD_WARN, "timer", "pam_cotter-refresh.timer is not "
		    "enabled (fix: systemctl enable --now "
		    "pam_cotter-refresh.timer)");
	else
		ad_find(d, AD_OK, "timer", "pam_cotter-refresh.timer enabled");
}

static void
service_line(void *arg, const char *file, const char *type,
    const char *control)
{
	struct ad_doc *d = arg;
	char f[72], t[32], c[128];

	ad_clean(f, sizeof(f), file);
	ad_clean(t, sizeof(t), type);
	ad_clean(c, sizeof(c), control);
	ad_find(d, AD_OK, "pam", "%s/%s: %s %s pam_cotter.so", AD_PAMD_DIR,
	    f, t, c);
	d->services++;
}

void
ad_services(struct ad_doc *d)
{
	if (ad_pamd_each(AD_PAMD_DIR, service_line, d) != 0)
		ad_find(d, AD_FAIL, "pam", "cannot read %s", AD_PAMD_DIR);
	else if (d->services == 0)
		ad_find(d, AD_WARN, "pam", "no service in %s uses "
		    "pam_cotter.so (pam-auth-update --enable pam_cotter)",
		    AD_PAMD_DIR);
}

/* Position of word in the passwd: line's sources, or -1. */
static int
source_pos(const char *line, const char *word)
{
	char copy[1024], *tok, *save = NULL;
	int i = 0;

	(void)snprintf(copy, sizeof(copy), "%s", line);
	for (tok = strtok_r(copy, " \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\n", &save), i++)
		if (strcmp(tok, word) == 0)
			return i;
	return -1;
}

/*
 * Where glibc would find the NSS module: the usual directories, else
 * the library search path (LD_LIBRARY_PATH included), as its NSS loader
 * does with dlopen.  Writes the path to out; 0 when found.
 */
static int
nss_module(char *out, size_t size)
{
	struct link_map *map = NULL;
	struct stat st;
	void *h;
	size_t i;

	for (i = 0; i < sizeof(nss_paths) / sizeof(nss_paths[0]); i++)
		if (stat(nss_paths[i], &st) == 0) {
			(void)snprintf(out, size, "%s", nss_paths[i]);
			return 0;
		}
	if ((h = dlopen("libnss_cotter.so.2", RTLD_LAZY | RTLD_LOCAL)) ==
	    NULL)
		return -1;
	if (dlinfo(h, RTLD_DI_LINKMAP, &map) == 0 && map != NULL)
		(void)snprintf(out, size, "%s", map->l_name);
	else
		(void)snprintf(out, size, "libnss_cotter.so.2");
	(void)dlclose(h);
	return 0;
}

void
ad_nsswitch(struct ad_doc *d, const struct ct_config *cfg)
{
	/*
	 * ssh_create_users needs the NSS module; without it the module is
	 * optional, and its absence from passwd: is news, not a warning
	 * (issue 21).
	 */
	enum ad_level need = cfg != NULL && cfg->ssh_create_users ? AD_FAIL :
	    AD_INFO;
	char line[1024], lib[1024];
	FILE *fp;
	int files = -1, cotter = -1;

	if (nss_module(lib, sizeof(lib)) != 0) {
		if (need == AD_FAIL)
			ad_find(d, AD_FAIL, "nsswitch", "ssh_create_users is on "
			    "but libnss_cotter.so.2 is not installed");
		return;		/* no NSS module: nothing to check */
	}
	if ((fp = fopen("/etc/nsswitch.conf", "re")) == NULL) {
		ad_find(d, AD_FAIL, "nsswitch", "cannot read "
		    "/etc/nsswitch.conf");
		return;
	}
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, "passwd:", 7) == 0) {
			files = source_pos(line + 7, "files");
			cotter = source_pos(line + 7, "cotter");
		}
	(void)fclose(fp);
	if (cotter < 0 && need == AD_INFO)
		ad_find(d, need, "nsswitch", "%s is installed; the passwd: "
		    "line does not name cotter, which only ssh_create_users = "
		    "yes needs (then: passwd: files cotter ...)", lib);
	else if (cotter < 0)
		ad_find(d, need, "nsswitch", "%s is installed but the "
		    "passwd: line does not name cotter, which ssh_create_users "
		    "= yes needs (fix: passwd: files cotter ...)", lib);
	else if (files < 0 || cotter < files)
		ad_find(d, AD_FAIL, "nsswitch", "passwd: cotter must come "
		    "after files (fix: passwd: files cotter ...)");
	else
		ad_find(d, AD_OK, "nsswitch", "passwd: files before cotter");
}

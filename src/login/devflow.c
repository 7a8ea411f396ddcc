/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devflow.c - sign-in on another device (issue 25, RFC 8628): the module
 * side.  The network stays in pam_cotter_device (helpers/device); this
 * file starts it, shows what it says, and ends it.  Nothing the helper
 * or the issuer says is trusted: the access token is verified by the
 * caller exactly as a typed one.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>

#include "devflow.h"
#include "devicecfg.h"
#include "endpoints.h"
#include "idlookup.h"
#include "jws.h"
#include "safefile.h"
#include "spawn.h"
#include "spawnpipe.h"

#define DEV_HELPER "pam_cotter_device"
#define DEV_SECRET_MAX 512
#define DEV_LINE_MAX 2048		/* the code and error lines */

/* The first issuer with device_flow, viewed into *v; 0 when none. */
static int
device_issuer(const struct ct_config *cfg, struct ct_config *v)
{
	size_t i, n = ct_config_issuers(cfg);

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, v);
		if (v->device_flow)
			return 1;
	}
	return 0;
}

int
ct_device_offered(pam_handle_t *pamh, const struct ct_config *cfg)
{
	struct ct_config v;
	const void *svc = NULL;

	if (pam_get_item(pamh, PAM_SERVICE, &svc) != PAM_SUCCESS ||
	    svc == NULL)
		return 0;
	return ct_config_service_listed(cfg->device_flow_services, svc) &&
	    device_issuer(cfg, &v);
}

void
ct_device_prompt(const char *prompt, char *buf, size_t size)
{
	size_t n = strlen(prompt);

	/* "Token: " -> "Token (or Enter for a sign-in code): " */
	if (n >= 2 && strcmp(prompt + n - 2, ": ") == 0)
		(void)snprintf(buf, size, "%.*s (or Enter for a sign-in "
		    "code): ", (int)(n - 2), prompt);
	else
		(void)snprintf(buf, size, "%s", prompt);
}

/*
 * The client secret of a confidential client: the first line of a
 * root-owned file of mode 0600.  A caller that is not root (a screen
 * locker) cannot read it, and is refused here with what works instead.
 */
static int
read_secret(const struct ct_config *v, char *out, size_t size,
    struct ct_err *e)
{
	struct stat st;
	ssize_t n;
	int fd = -1, r = CT_ECONFIG;

	out[0] = '\0';
	if (v->client_secret_file[0] == '\0')
		return CT_OK;
	if (!ct_spawn_allowed()) {
		ct_say(e, "Sign-in on another device is not available here; "
		    "type the token or use the local password.");
		return ct_fail(e, CT_EAUTH, "device sign-in: issuer \"%s\" is "
		    "a confidential client (client_secret_file) and this "
		    "login runs as uid %lu (a screen locker): only a public "
		    "client works here", v->section, (unsigned long)getuid());
	}
	if ((r = ct_safe_open(v->client_secret_file, size, CT_ECONFIG, &fd,
	    &st, NULL, e)) != CT_OK)
		goto out;
	if ((st.st_mode & 077) != 0) {
		r = ct_fail(e, CT_ECONFIG, "client_secret_file: %s must be "
		    "mode 0600 (root's alone)", v->client_secret_file);
		goto out;
	}
	n = read(fd, out, size - 1);
	out[n > 0 ? n : 0] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	r = n > 0 && out[0] != '\0' ? CT_OK : ct_fail(e, CT_ECONFIG,
	    "client_secret_file: %s is empty", v->client_secret_file);
out:
	if (fd != -1)
		(void)close(fd);
	return r;
}

/*
 * Who the helper runs as.  A caller that is not root (a screen locker):
 * itself.  A root service: the dedicated account CT_DEVICE_USER when the
 * host has one (it owns nothing and nothing else runs as it, so no other
 * process can trace the helper for the token), else root, as the key
 * fetcher runs.
 */
static int
helper_ids(uid_t *uid, gid_t *gid, struct ct_err *e)
{
	struct ct_id id;
	int found;

	*uid = getuid();
	*gid = getgid();
	if (!ct_spawn_allowed())
		return CT_OK;
	/* Issue 19: a lookup that fails is an error, never "not found". */
	if ((found = ct_id_pwnam(CT_DEVICE_USER, &id)) == CT_ID_ERROR)
		return ct_fail(e, CT_ENAMESVC, "device sign-in: the lookup of "
		    "%s failed (%s)", CT_DEVICE_USER, CT_STRERROR(id.err));
	if (found == CT_ID_FOUND && id.uid != 0 && id.gid != 0) {
		*uid = id.uid;
		*gid = id.gid;
	}
	return CT_OK;
}

/* Starts the helper for issuer v and gives it the secret line. */
static int
start_helper(const struct ct_config *cfg, const struct ct_config *v,
    const char *secret, struct ct_child *c, struct ct_err *e)
{
	char path[4200], timeout[24], wait[24];
	char dev[CT_ENDPOINT_MAX + 1], tok[CT_ENDPOINT_MAX + 1];
	const char *argv[20];
	size_t n = 0;
	uid_t uid;
	gid_t gid;
	int r;

	if ((r = ct_endpoints_get(v, dev, tok, e)) != CT_OK) {
		ct_say(e, "Sign-in on another device is not ready on this "
		    "computer yet; type the token.");
		return r;
	}
	(void)snprintf(path, sizeof(path), "%s/" DEV_HELPER, cfg->helper_dir);
	(void)snprintf(timeout, sizeof(timeout), "%lld", cfg->fetch_timeout);
	(void)snprintf(wait, sizeof(wait), "%lld", cfg->device_flow_timeout);
	argv[n++] = path;
	argv[n++] = "--device-endpoint";
	argv[n++] = dev;
	argv[n++] = "--token-endpoint";
	argv[n++] = tok;
	argv[n++] = "--client-id";
	argv[n++] = v->client_id;
	argv[n++] = "--scope";
	argv[n++] = v->scope;
	argv[n++] = "--ca-file";
	argv[n++] = v->ca_file;
	argv[n++] = "--timeout";
	argv[n++] = timeout;
	argv[n++] = "--wait";
	argv[n++] = wait;
	argv[n] = NULL;
	if ((r = helper_ids(&uid, &gid, e)) != CT_OK)
		return r;
	if ((r = ct_child_start(path, (char *const *)(uintptr_t)argv, uid,
	    gid, c, e)) != CT_OK)
		return r;
	if ((r = ct_child_send(c, secret, strlen(secret), e)) == CT_OK)
		r = ct_child_send(c, "\n", 1, e);
	return r;
}

/*
 * The code line "code USER_CODE URI [URI_COMPLETE]" shown to the person
 * as a conversation message (RFC 8628 3.3); the helper checked that each
 * word is printable ASCII without spaces.
 */
static int
show_code(pam_handle_t *pamh, const struct ct_config *cfg, char *line,
    const char *user, struct ct_err *e)
{
	char *code, *uri, *full, *save = NULL, u[64];

	if (strncmp(line, "code ", 5) != 0 ||
	    (code = strtok_r(line + 5, " ", &save)) == NULL ||
	    (uri = strtok_r(NULL, " ", &save)) == NULL)
		return ct_fail(e, CT_ESYS, "device sign-in: the helper "
		    "answered no code");
	full = strtok_r(NULL, " ", &save);
	if (full != NULL)
		(void)pam_info(pamh, "To sign in, open %s on your phone or "
		    "another computer and enter the code %s\n(or open %s)",
		    uri, code, full);
	else
		(void)pam_info(pamh, "To sign in, open %s on your phone or "
		    "another computer and enter the code %s", uri, code);
	ct_sanitize(u, sizeof(u), user, strlen(user));
	pam_syslog(pamh, LOG_INFO, "device sign-in for user \"%s\": code "
	    "shown, waiting at most %llds for the approval", u,
	    cfg->device_flow_timeout);
	return CT_OK;
}

/* An "error ..." line into the reason and what the screen says. */
static int
helper_error(const char *line, struct ct_err *e)
{
	const char *why = strncmp(line, "error ", 6) == 0 ? line + 6 :
	    "the helper answered something else";

	if (strncmp(why, "access_denied", 13) == 0)
		ct_say(e, "The sign-in was denied on the other device.");
	else if (strncmp(why, "expired_token", 13) == 0 ||
	    strncmp(why, "timeout", 7) == 0)
		ct_say(e, "The code expired before it was approved; press "
		    "Enter again for a new code.");
	else
		ct_say(e, "Sign-in on another device failed: the identity "
		    "provider could not be reached or answered wrongly.");
	return ct_fail(e, CT_EAUTH, "device sign-in: %s", why);
}

/* Waits for the token line; *token gets the token alone. */
static int
await_token(struct ct_child *c, const struct ct_config *cfg, char **token,
    struct ct_err *e)
{
	size_t size = CT_TOKEN_MAX + 16;
	char *line = malloc(size);
	struct ct_err le;
	int r = CT_ENOMEM;

	ct_err_clear(&le);
	if (line == NULL)
		return ct_fail(e, CT_ENOMEM, "out of memory");
	if (ct_child_line(c, line, size, (cfg->device_flow_timeout +
	    cfg->fetch_timeout) * 1000 + 1000, &le) != CT_OK) {
		ct_say(e, "No approval arrived in time; press Enter again for "
		    "a new code.");
		r = ct_fail(e, CT_EAUTH, "device sign-in: %s", le.msg);
	} else if (strncmp(line, "token ", 6) != 0)
		r = helper_error(line, e);
	else if ((*token = strdup(line + 6)) == NULL)
		r = ct_fail(e, CT_ENOMEM, "out of memory");
	else
		r = CT_OK;
	explicit_bzero(line, size);
	free(line);
	return r;
}

int
ct_device_token(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, char **token, struct ct_err *e)
{
	struct ct_config v;
	struct ct_child c;
	char secret[DEV_SECRET_MAX + 1], line[DEV_LINE_MAX];
	struct ct_err le;
	int r = CT_ECONFIG;

	*token = NULL;
	ct_err_clear(&le);
	memset(&c, 0, sizeof(c));
	c.pid = -1;
	c.to = c.from = c.pidfd = -1;
	if (!device_issuer(cfg, &v)) {
		r = ct_fail(e, CT_ECONFIG, "device sign-in: no issuer has "
		    "device_flow = yes");
		goto out;
	}
	if ((r = read_secret(&v, secret, sizeof(secret), e)) != CT_OK ||
	    (r = start_helper(cfg, &v, secret, &c, e)) != CT_OK)
		goto out;
	if (ct_child_line(&c, line, sizeof(line),
	    cfg->fetch_timeout * 2000 + 1000, &le) != CT_OK) {
		ct_say(e, "Sign-in on another device failed: the identity "
		    "provider could not be reached.");
		r = ct_fail(e, CT_ESYS, "device sign-in: %s", le.msg);
		goto out;
	}
	if (strncmp(line, "code ", 5) != 0) {
		r = helper_error(line, e);
		goto out;
	}
	if ((r = show_code(pamh, cfg, line, user, e)) != CT_OK)
		goto out;
	r = await_token(&c, cfg, token, e);
out:
	explicit_bzero(secret, sizeof(secret));
	ct_child_end(&c);
	return r;
}

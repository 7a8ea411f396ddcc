/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * doctor_device.c - pam-cotter doctor, issue 25: each issuer with
 * device_flow has its endpoints (configured, or found by discovery and
 * kept beside the keys) and a readable client secret; sshd offers the
 * flow only when the administrator listed it (RFC 8628 section 5.4).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "devicecfg.h"
#include "doctor.h"
#include "endpoints.h"
#include "safefile.h"

/* The client secret file: root's, mode 0600, not empty. */
static void
secret(struct ad_doc *d, const char *name, const struct ct_config *v)
{
	struct stat st;
	struct ct_err e;
	int fd = -1;

	ct_err_clear(&e);
	if (v->client_secret_file[0] == '\0') {
		ad_find(d, AD_OK, name, "a public client (no "
		    "client_secret_file): screen lockers can use it too");
		return;
	}
	if (ct_safe_open(v->client_secret_file, 4096, CT_ECONFIG, &fd, &st,
	    NULL, &e) != CT_OK)
		ad_find(d, AD_FAIL, name, "client_secret_file: %s", e.msg);
	else if ((st.st_mode & 077) != 0 || st.st_size == 0)
		ad_find(d, AD_FAIL, name, "client_secret_file %s: %s (fix: "
		    "chmod 0600 %s)", v->client_secret_file, st.st_size == 0 ?
		    "empty" : "readable by others than root",
		    v->client_secret_file);
	else
		ad_find(d, AD_WARN, name, "client_secret_file %s: root's, "
		    "0600; a confidential client: screen lockers (which run "
		    "as the user) cannot read it and refuse the flow",
		    v->client_secret_file);
	if (fd != -1)
		(void)close(fd);
}

/* One issuer with device_flow: endpoints and client. */
static void
one(struct ad_doc *d, const struct ct_config *v, int several)
{
	char name[64], dev[CT_ENDPOINT_MAX + 1], tok[CT_ENDPOINT_MAX + 1];
	struct ct_err e;

	ct_err_clear(&e);
	(void)snprintf(name, sizeof(name), several ? "device_flow:%s" :
	    "device_flow", v->section);
	if (ct_endpoints_get(v, dev, tok, &e) != CT_OK)
		ad_find(d, AD_FAIL, name, "%s", e.msg);
	else
		ad_find(d, AD_OK, name, "endpoints %s and %s (%s)", dev, tok,
		    v->device_endpoint[0] != '\0' && v->token_endpoint[0] !=
		    '\0' ? "configured" : "from discovery");
	secret(d, name, v);
}

void
ad_device(struct ad_doc *d, const struct ct_config *cfg)
{
	struct ct_config v;
	size_t i, n = ct_config_issuers(cfg), with = 0;

	for (i = 0; i < n; i++) {
		ct_config_view(cfg, i, &v);
		if (!v.device_flow)
			continue;
		with++;
		one(d, &v, n > 1);
	}
	if (with > 0 && ct_config_service_listed(cfg->device_flow_services,
	    "sshd"))
		ad_find(d, AD_WARN, "device_flow_services", "sshd is listed: "
		    "a code shown to a remote, unauthenticated client can be "
		    "relayed to a victim (RFC 8628 section 5.4)");
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devicecfg.h - the configuration keys of the device authorization grant
 * at the prompt (issue 25, RFC 8628): their setters, defaults and the
 * services that offer it.
 */
#ifndef CT_DEVICECFG_H
#define CT_DEVICECFG_H

#include "config.h"
#include "err.h"

/*
 * Services that offer the flow unless device_flow_services says
 * otherwise: the console login, display managers and screen lockers,
 * never sshd (RFC 8628 section 5.4: a code shown to a remote,
 * unauthenticated client can be relayed to a victim).
 */
#define CT_DEVICE_SERVICES_DEFAULT "login gdm-password lightdm sddm " \
	"xdm lxdm slim xscreensaver xsecurelock i3lock swaylock kde " \
	"gnome-screensaver cinnamon-screensaver mate-screensaver " \
	"xfce4-screensaver light-locker"
#define CT_DEVICE_TIMEOUT_DEFAULT 300	/* seconds: device_flow_timeout */
#define CT_DEVICE_TIMEOUT_MIN 10
#define CT_DEVICE_TIMEOUT_MAX 1800

/* 1 when key is one of this file's keys. */
int ct_config_device_key(const char *key);

/* Applies one of this file's keys (ct_config_set calls it). */
int ct_config_set_device(struct ct_config *cfg, const char *key,
    const char *v, struct ct_err *e);

/* The defaults (ct_config_new) and the strings to free. */
int ct_config_device_init(struct ct_config *cfg);
void ct_config_device_free(struct ct_config *cfg);

/* 1 when the word service is in the space-separated list. */
int ct_config_service_listed(const char *list, const char *service);

/* 1 when some issuer has device_flow = yes. */
int ct_config_any_device(const struct ct_config *cfg);

/*
 * Issuer i's device settings hold together: device_flow with a
 * client_id; endpoints, when written, https URLs.  CT_OK or CT_ECONFIG.
 */
int ct_config_check_device(const struct ct_config *cfg, struct ct_err *e);

#endif

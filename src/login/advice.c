/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * advice.c - the client a PAM service stands for and what works there
 * (issue 25, point 4; INSTALL.md "Clients and their limits").
 */
#include <string.h>

#include "advice.h"
#include "devicecfg.h"

/* Screen lockers and display managers: no paste, short answers. */
#define SCREEN_SERVICES "gdm-password lightdm sddm xdm lxdm slim " \
	"xscreensaver xsecurelock i3lock swaylock kde gnome-screensaver " \
	"cinnamon-screensaver mate-screensaver xfce4-screensaver " \
	"light-locker"

enum ct_client
ct_client_of(pam_handle_t *pamh)
{
	const void *item = NULL;
	const char *svc;

	if (pam_get_item(pamh, PAM_SERVICE, &item) != PAM_SUCCESS ||
	    item == NULL)
		return CT_CLIENT_OTHER;
	svc = item;
	if (strcmp(svc, "sshd") == 0)
		return CT_CLIENT_SSH;
	if (strncmp(svc, "sudo", 4) == 0)
		return CT_CLIENT_SUDO;
	if (ct_config_service_listed(SCREEN_SERVICES, svc))
		return CT_CLIENT_SCREEN;
	return CT_CLIENT_OTHER;
}

const char *
ct_advice_log(enum ct_client c, int device)
{
	switch (c) {
	case CT_CLIENT_SSH:
		return "ssh password authentication keeps 1023 characters, "
		    "use keyboard-interactive";
	case CT_CLIENT_SUDO:
		return "sudo drops an answer of 512 bytes or more: enter a "
		    "long token in parts";
	case CT_CLIENT_SCREEN:
		return device ? "this screen cannot take a whole token: an "
		    "empty answer signs in with a code on another device, or "
		    "use the local password" : "this screen cannot take a "
		    "whole token: use the local password (or set up "
		    "device_flow)";
	default:
		return "enter a long token in parts";
	}
}

const char *
ct_advice_screen(enum ct_client c, int device)
{
	switch (c) {
	case CT_CLIENT_SSH:
		return "The token was cut short: log in with "
		    "keyboard-interactive authentication (ssh -o "
		    "PreferredAuthentications=keyboard-interactive) and paste "
		    "it in parts.";
	case CT_CLIENT_SUDO:
		return "The token was cut short: sudo takes at most 511 "
		    "characters in one answer; paste it in parts of at most "
		    "500 characters, Enter after each.";
	case CT_CLIENT_SCREEN:
		return device ? "This screen cannot take a whole token: press "
		    "Enter on an empty answer to sign in with a code on "
		    "another device, or use your local password." :
		    "This screen cannot take a whole token: use your local "
		    "password.";
	default:
		return "The token was cut short: paste it in parts, Enter "
		    "after each.";
	}
}

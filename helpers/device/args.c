/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * args.c - pam_cotter_device's arguments: the endpoints, the client and
 * the bounds.  No secret is ever an argument (it comes on stdin).
 */
#include <stdlib.h>
#include <string.h>

#include "device.h"

/* A decimal number in [lo, hi], or -1. */
static long
number(const char *s, long lo, long hi)
{
	char *end = NULL;
	long n;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	if (end == NULL || *end != '\0' || n < lo || n > hi)
		return -1;
	return n;
}

/* An https:// URL of printable ASCII without spaces. */
static int
https_url(const char *s)
{
	const unsigned char *p;

	if (s == NULL || strncmp(s, "https://", 8) != 0 || s[8] == '\0' ||
	    strlen(s) > DEV_URI_MAX)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p > 0x7e)
			return 0;
	return 1;
}

/* One "--name value" pair into o; -1 when unknown. */
static int
one(struct dev_opts *o, const char *name, const char *v)
{
	if (strcmp(name, "--device-endpoint") == 0)
		o->device_endpoint = v;
	else if (strcmp(name, "--token-endpoint") == 0)
		o->token_endpoint = v;
	else if (strcmp(name, "--client-id") == 0)
		o->client_id = v;
	else if (strcmp(name, "--scope") == 0)
		o->scope = *v != '\0' ? v : NULL;
	else if (strcmp(name, "--ca-file") == 0)
		o->ca_file = *v != '\0' ? v : NULL;
	else if (strcmp(name, "--timeout") == 0)
		o->timeout_s = number(v, 1, 60);
	else if (strcmp(name, "--wait") == 0)
		o->wait_s = number(v, 1, 3600);
	else
		return -1;
	return 0;
}

int
dev_args(int argc, char **argv, struct dev_opts *o, struct ct_err *e)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->timeout_s = 5;
	o->wait_s = 300;
	for (i = 1; i + 1 < argc; i += 2)
		if (one(o, argv[i], argv[i + 1]) == -1)
			return ct_fail(e, CT_ECONFIG, "unknown argument");
	if (i != argc)
		return ct_fail(e, CT_ECONFIG, "an argument without a value");
	if (!https_url(o->device_endpoint) || !https_url(o->token_endpoint))
		return ct_fail(e, CT_ECONFIG, "the endpoints must be https:// "
		    "URLs");
	if (o->client_id == NULL || *o->client_id == '\0')
		return ct_fail(e, CT_ECONFIG, "no client id");
	if (o->timeout_s < 0 || o->wait_s < 0)
		return ct_fail(e, CT_ECONFIG, "bad --timeout or --wait");
	return CT_OK;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * out.c - pam-cotter's two outputs: lines for people, one JSON object for
 * scripts; and how untrusted text and times are shown.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "err.h"

void
ad_out_init(struct ad_out *o, int json)
{
	o->json = json;
	o->root = json ? json_object() : NULL;
}

void
ad_say(struct ad_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	(void)vprintf(fmt, ap);
	va_end(ap);
	(void)putchar('\n');
}

void
ad_put(struct ad_out *o, const char *key, json_t *v)
{
	if (o->root == NULL || v == NULL) {
		json_decref(v);
		return;
	}
	(void)json_object_set_new(o->root, key, v);
}

void
ad_append(struct ad_out *o, const char *key, json_t *v)
{
	json_t *a;

	if (o->root == NULL || v == NULL) {
		json_decref(v);
		return;
	}
	if ((a = json_object_get(o->root, key)) == NULL) {
		a = json_array();
		(void)json_object_set_new(o->root, key, a);
	}
	(void)json_array_append_new(a, v);
}

void
ad_out_done(struct ad_out *o)
{
	if (o->root != NULL) {
		(void)json_dumpf(o->root, stdout, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER);
		(void)putchar('\n');
		json_decref(o->root);
		o->root = NULL;
	}
	(void)fflush(stdout);
}

void
ad_clean(char *out, size_t size, const char *s)
{
	ct_sanitize(out, size, s == NULL ? "" : s, s == NULL ? 0 : strlen(s));
}

void
ad_date(char *out, size_t size, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		(void)snprintf(out, size, "%lld", t);
}

void
ad_span(char *out, size_t size, long long d)
{
	if (d < 0)
		d = -d;
	if (d < 120)
		(void)snprintf(out, size, "%lld s", d);
	else if (d < 120 * 60)
		(void)snprintf(out, size, "%lld min", d / 60);
	else if (d < 48 * 3600)
		(void)snprintf(out, size, "%lld h", d / 3600);
	else
		(void)snprintf(out, size, "%lld days", d / 86400);
}

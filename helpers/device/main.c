/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - pam_cotter_device: one device authorization grant (RFC 8628)
 * for the module, which starts it with an empty environment and pipes
 * on stdin and stdout (src/login/device.c).  stdin: one line, the client
 * secret ("" for a public client), then nothing until the module closes
 * it (a login that ended, a locker killed): the helper then exits at
 * once.  stdout: the lines of device.h.  The access token leaves only
 * through stdout, never argv, environment or a log.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "device.h"

/* Writes all of buf to stdout; -1 on failure. */
static int
write_all(const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(STDOUT_FILENO, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* "WORD TEXT\n", TEXT with anything unprintable escaped. */
static void
say(const char *word, const char *text)
{
	char line[CT_ERR_MSG_MAX * 4 + 32], shown[CT_ERR_MSG_MAX * 4];

	ct_sanitize(shown, sizeof(shown), text, strlen(text));
	(void)snprintf(line, sizeof(line), "%s %s\n", word, shown);
	(void)write_all(line, strlen(line));
}

/* The secret line on stdin (without its newline); -1 when too long. */
static int
read_secret(struct dev_opts *o)
{
	size_t n = 0;
	ssize_t k;
	char ch;

	for (;;) {
		k = read(STDIN_FILENO, &ch, 1);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0 || ch == '\n')
			break;
		if (n >= DEV_SECRET_MAX)
			return -1;
		o->secret[n++] = ch;
	}
	o->secret[n] = '\0';
	return k == 1 ? 0 : -1;
}

/*
 * Waits ms milliseconds unless stdin ends first (the module is gone or
 * gave up): returns 0 after the wait, -1 when stdin ended.
 */
static int
wait_or_gone(long ms)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	char buf[64];
	int n;

	n = poll(&p, 1, (int)ms);
	if (n == 0 || (n == -1 && errno == EINTR))
		return 0;
	if (n == 1 && (p.revents & POLLIN) != 0 &&
	    read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		return 0;	/* stray input: ignored */
	return -1;
}

/* The code line: what the person at the prompt is shown. */
static void
show_code(const struct dev_code *c)
{
	char line[DEV_USER_CODE_MAX + 2 * DEV_URI_MAX + 16];

	(void)snprintf(line, sizeof(line), "code %s %s%s%s\n", c->user_code,
	    c->uri, c->uri_complete[0] != '\0' ? " " : "", c->uri_complete);
	(void)write_all(line, strlen(line));
}

/* The token line; the buffer is wiped. */
static int
give_token(char *tok)
{
	size_t n = strlen(tok);
	char *line = malloc(n + 8);
	int r = -1;

	if (line != NULL) {
		memcpy(line, "token ", 6);
		memcpy(line + 6, tok, n);
		line[6 + n] = '\n';
		r = write_all(line, n + 7);
		explicit_bzero(line, n + 7);
		free(line);
	}
	explicit_bzero(tok, n);
	free(tok);
	return r;
}

/* Seconds on CLOCK_MONOTONIC (a clock set back never stretches a wait). */
static long
now_s(void)
{
	struct timespec ts;

	return clock_gettime(CLOCK_MONOTONIC, &ts) == 0 ? (long)ts.tv_sec : 0;
}

/* RFC 8628 3.5: polls at the interval until a token, an error or the end. */
static int
poll_loop(const struct dev_opts *o, struct dev_code *c)
{
	long left = o->wait_s < c->expires_in ? o->wait_s : c->expires_in;
	long end = now_s() + left;
	struct ct_err e;
	char *tok = NULL;
	enum dev_poll p;

	for (;;) {
		if (now_s() + c->interval > end) {
			say("error", "timeout: no approval in time");
			return 1;
		}
		if (wait_or_gone(c->interval * 1000) == -1)
			return 1;
		ct_err_clear(&e);
		p = dev_poll_once(o, c->device_code, &tok, &e);
		if (p == DEV_TOKEN)
			return give_token(tok) == 0 ? 0 : 1;
		if (p == DEV_SLOW_DOWN)
			c->interval += 5;	/* RFC 8628 3.5 */
		else if (p == DEV_FAILED) {
			say("error", e.msg);
			return 1;
		}
	}
}

int
main(int argc, char **argv)
{
	struct dev_opts o;
	struct dev_code c;
	struct ct_err e;
	int r = 1;

	ct_err_clear(&e);
	if (dev_args(argc, argv, &o, &e) != CT_OK) {
		say("error", e.msg);
		return 2;
	}
	if (read_secret(&o) == -1) {
		say("error", "no client secret line on stdin");
		return 2;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		say("error", "curl_global_init failed");
		return 1;
	}
	if (dev_authorize(&o, &c, &e) != CT_OK)
		say("error", e.msg);
	else {
		show_code(&c);
		r = poll_loop(&o, &c);
	}
	explicit_bzero(&o.secret, sizeof(o.secret));
	explicit_bzero(&c, sizeof(c));
	curl_global_cleanup();
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * token_in.c - reading the one token pam-cotter check judges: from
 * standard input or --token-file, never argv or the environment (RULES:
 * a token never goes where ps or /proc/PID/environ show it).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "err.h"
#include "jws.h"
#include "token_in.h"

/* Reads fd until EOF, newline or cap bytes; *len bytes into buf. */
static int
read_line(int fd, char *buf, size_t cap, size_t *len, int *more)
{
	ssize_t n;

	*len = 0;
	*more = 0;
	while (*len < cap) {
		n = read(fd, buf + *len, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (buf[*len] == '\n') {
			/* Anything but blank lines after it is an error. */
			n = read(fd, buf + *len, 1);
			*more = n == 1 && buf[*len] != '\n';
			return 0;
		}
		(*len)++;
	}
	return 0;
}

int
ad_read_token(const char *file, char **tok, size_t *len, char *msg,
    size_t size)
{
	/* Room for one byte past the library's cap: it then refuses. */
	size_t cap = AD_TOKEN_BUF - 1;
	char *buf = NULL;
	int fd = 0, more = 0, r = -1;

	*tok = NULL;
	if (file != NULL && (fd = open(file, O_RDONLY | O_CLOEXEC |
	    O_NOCTTY)) == -1) {
		(void)snprintf(msg, size, "--token-file: %s",
		    CT_STRERROR(errno));
		goto out;
	}
	if ((buf = calloc(1, cap + 1)) == NULL) {
		(void)snprintf(msg, size, "out of memory");
		goto out;
	}
	if (read_line(fd, buf, cap, len, &more) != 0) {
		(void)snprintf(msg, size, "cannot read the token: %s",
		    CT_STRERROR(errno));
		goto out;
	}
	if (*len > 0 && buf[*len - 1] == '\r')
		(*len)--;
	if (*len == 0)
		(void)snprintf(msg, size, "no token: the input is empty");
	else if (memchr(buf, '\0', *len) != NULL)
		(void)snprintf(msg, size, "the input holds a NUL byte: binary "
		    "data, not a token");
	else if (more)
		(void)snprintf(msg, size, "the input holds more than one line: "
		    "give one token");
	else
		r = 0;
out:
	if (fd > 0)
		(void)close(fd);
	if (r == 0) {
		*tok = buf;
		buf = NULL;
	}
	if (buf != NULL) {
		explicit_bzero(buf, AD_TOKEN_BUF);
		free(buf);
	}
	return r;
}

void
ad_token_free(char *tok)
{
	if (tok == NULL)
		return;
	explicit_bzero(tok, AD_TOKEN_BUF);	/* the whole buffer */
	free(tok);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * token_in.h - the token pam-cotter check reads (stdin or --token-file).
 */
#ifndef AD_TOKEN_IN_H
#define AD_TOKEN_IN_H

#include <stddef.h>

#include "jws.h"

#define AD_TOKEN_BUF	(CT_TOKEN_MAX + 3)	/* + 2 bytes past the cap, NUL */

/*
 * Reads one line (without its "\n" or "\r\n") of at most CT_TOKEN_MAX + 2
 * bytes: a longer token is cut there and the library then refuses it as
 * too long.  -1 with msg for an unreadable, empty, multi-line or binary
 * (NUL) input.  The caller frees *tok with ad_token_free.
 */
int ad_read_token(const char *file, char **tok, size_t *len, char *msg,
    size_t size);

/* Wipes and frees a token. */
void ad_token_free(char *tok);

#endif

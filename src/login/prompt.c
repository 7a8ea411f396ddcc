/*
 * prompt.c - the token through the PAM conversation (pam_prompt(3)).
 */
#include <stdlib.h>
#include <string.h>

#include <security/pam_ext.h>

#include "collect.h"
#include "jws.h"
#include "prompt.h"

static void
wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* One ECHO_OFF question; the reason says how far the token had come. */
static int
ask(pam_handle_t *pamh, const char *prompt, int part, size_t have,
    char **resp, struct ct_err *e)
{
	int pr, r = CT_EAUTH;

	*resp = NULL;
	pr = pam_prompt(pamh, PAM_PROMPT_ECHO_OFF, resp, "%s", prompt);
	if (pr == PAM_SUCCESS && *resp != NULL) {
		r = CT_OK;
	} else if (part == 1) {
		r = ct_fail(e, CT_EAUTH, "conversation failed, no token "
		    "received (%s); some clients drop a reply of 512 bytes "
		    "or more (sudo): enter a long token in parts",
		    pam_strerror(pamh, pr));
	} else {
		r = ct_fail(e, CT_EAUTH, "conversation failed at part %d: "
		    "the token arrived cut short after %zu characters (%s)",
		    part, have, pam_strerror(pamh, pr));
	}
	return r;
}

/* *buf += add, wiping the old buffer; refuses past CT_TOKEN_MAX. */
static int
append(char **buf, size_t *len, const char *add, struct ct_err *e)
{
	size_t addlen = strlen(add);
	char *n = NULL;
	int r = CT_EAUTH;

	if (addlen > CT_TOKEN_MAX - *len) {
		r = ct_fail(e, CT_EAUTH, "token longer than %d bytes",
		    CT_TOKEN_MAX);
		goto out;
	}
	if ((n = malloc(*len + addlen + 1)) == NULL) {
		r = ct_fail(e, CT_ENOMEM, "token: out of memory");
		goto out;
	}
	if (*len > 0)
		memcpy(n, *buf, *len);
	memcpy(n + *len, add, addlen + 1);
	wipe_free(*buf);
	*buf = n;
	*len += addlen;
	r = CT_OK;
out:
	return r;
}

/* The shape of what has arrived so far. */
static enum ct_shape
shape_of(const struct ct_prompts *p, const struct ct_jwks *keys,
    const char *buf, size_t len)
{
	return ct_collect_token_shape(keys, p->algs, buf, len);
}

/*
 * Asks for the next part and appends it; the reply must continue a JWS.
 * sshd's password authentication answers every prompt with the one
 * password it has: a part equal to the first (first_len bytes) is that.
 */
static int
next_part(pam_handle_t *pamh, const struct ct_prompts *p, int part,
    size_t first_len, char **buf, size_t *len, struct ct_err *e)
{
	char *resp = NULL;
	int r = CT_EAUTH;

	if (part > CT_MAX_PARTS) {
		r = ct_fail(e, CT_EAUTH, "token still incomplete after %d "
		    "parts (%zu characters)", CT_MAX_PARTS, *len);
		goto out;
	}
	if ((r = ask(pamh, p->more, part, *len, &resp, e)) != CT_OK)
		goto out;
	if (strlen(resp) == first_len && memcmp(resp, *buf, first_len) == 0) {
		r = ct_fail(e, CT_EAUTH, "part %d repeats the first answer "
		    "(%zu characters): the client cannot send a token in "
		    "parts; ssh password authentication keeps 1023 characters, "
		    "use keyboard-interactive", part, first_len);
		goto out;
	}
	if (!ct_collect_continuable(resp, strlen(resp))) {
		r = ct_fail(e, CT_EAUTH, "part %d cannot continue a token: "
		    "the token arrived cut short after %zu characters",
		    part, *len);
		goto out;
	}
	r = append(buf, len, resp, e);
out:
	wipe_free(resp);
	return r;
}

int
ct_prompt_token(pam_handle_t *pamh, const struct ct_prompts *p,
    const struct ct_jwks *keys, char **token, int *parts, struct ct_err *e)
{
	char *buf = NULL, *resp = NULL;
	size_t len = 0, first_len;
	int n = 1, r = CT_EAUTH;

	*token = NULL;
	if ((r = ask(pamh, p->first, 1, 0, &resp, e)) != CT_OK ||
	    (r = append(&buf, &len, resp, e)) != CT_OK)
		goto out;
	first_len = len;
	while (shape_of(p, keys, buf, len) == CT_SHAPE_PREFIX) {
		if ((r = next_part(pamh, p, ++n, first_len, &buf, &len,
		    e)) != CT_OK)
			goto out;
	}
	if (n > 1 && shape_of(p, keys, buf, len) != CT_SHAPE_COMPLETE) {
		r = ct_fail(e, CT_EAUTH, "the %d parts entered do not form "
		    "a token", n);
		goto out;
	}
	*token = buf;
	*parts = n;
	buf = NULL;
	r = CT_OK;
out:
	wipe_free(resp);
	wipe_free(buf);
	return r;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * prompt.c - the token through the PAM conversation (pam_prompt(3)).
 */
#include <stdlib.h>
#include <string.h>

#include <security/pam_ext.h>

#include "advice.h"
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

/*
 * Issue 21: sudo 1.9.13 drops an answer of PAM_MAX_RESP_SIZE (512) bytes
 * or more before PAM sees it and fails the conversation
 * (plugins/sudoers/auth/pam.c, converse()), on a terminal and with -S
 * alike; the module can only say how to enter the token in parts.
 */
#define SUDO_ANSWER_MAX 511
#define PART_CHARS "500"

/* The service is sudo's own (sudo, sudo-i): see SUDO_ANSWER_MAX. */
static int
sudo_service(pam_handle_t *pamh)
{
	const void *svc = NULL;

	return pam_get_item(pamh, PAM_SERVICE, &svc) == PAM_SUCCESS &&
	    svc != NULL && strncmp(svc, "sudo", 4) == 0;
}

/*
 * One ECHO_OFF question.  Under sudo, a failed one is asked once more
 * (*hinted) with the lines that say how to enter a long token: a prompt,
 * which sudo shows although it passes PAM_SILENT, and which it never
 * reads after ^C, end of input or -n (sudo then fails it unread).
 */
static int
converse(pam_handle_t *pamh, const char *prompt, int part, size_t have,
    int *hinted, char **resp)
{
	int pr;

	pr = pam_prompt(pamh, PAM_PROMPT_ECHO_OFF, resp, "%s", prompt);
	if ((pr == PAM_SUCCESS && *resp != NULL) || *hinted ||
	    !sudo_service(pamh))
		return pr;
	*hinted = 1;
	wipe_free(*resp);
	*resp = NULL;
	if (part == 1)
		return pam_prompt(pamh, PAM_PROMPT_ECHO_OFF, resp, "That "
		    "answer did not arrive: sudo takes at most %d characters "
		    "in one answer.\nPaste the token in parts of at most "
		    PART_CHARS " characters, Enter after each\n(sudo -S: one "
		    "part per line, e.g. fold -w " PART_CHARS " TOKEN-FILE | "
		    "sudo -S ...).\n%s", SUDO_ANSWER_MAX, prompt);
	return pam_prompt(pamh, PAM_PROMPT_ECHO_OFF, resp, "Part %d did not "
	    "arrive (%zu characters did): sudo takes at most %d characters "
	    "in one answer.\nPaste the rest in parts of at most " PART_CHARS
	    " characters, Enter after each.\n%s", part, have,
	    SUDO_ANSWER_MAX, prompt);
}

/* One ECHO_OFF question; the reason says how far the token had come. */
static int
ask(pam_handle_t *pamh, const struct ct_prompts *p, const char *prompt,
    int part, size_t have, int *hinted, char **resp, struct ct_err *e)
{
	enum ct_client c = ct_client_of(pamh);
	const char *how;
	int pr, r = CT_EAUTH;

	*resp = NULL;
	pr = converse(pamh, prompt, part, have, hinted, resp);
	how = *hinted ? ", after the hint to enter it in parts" : "";
	if (pr == PAM_SUCCESS && *resp != NULL)
		return CT_OK;
	/* Issue 25 (point 4): what works for this client, log and screen. */
	ct_say(e, "%s", ct_advice_screen(c, p->device));
	if (part == 1) {
		r = ct_fail(e, CT_EAUTH, "conversation failed, no token "
		    "received (%s%s); %s", pam_strerror(pamh, pr), how,
		    ct_advice_log(c, p->device));
	} else {
		r = ct_fail(e, CT_EAUTH, "conversation failed at part %d: "
		    "the token arrived cut short after %zu characters (%s%s); "
		    "%s", part, have, pam_strerror(pamh, pr), how,
		    ct_advice_log(c, p->device));
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

/*
 * The shape of what has arrived so far.  With several issuers the keys
 * are not known before the token: an answer that looks whole is measured
 * again against its issuer's keys once its claims arrived.  Only an RSA
 * signature's length depends on the key (ECDSA and EdDSA are fixed), and
 * a key only ever asks for more, so nothing else pays for the look-up.
 */
static enum ct_shape
shape_of(const struct ct_prompts *p, const struct ct_jwks *keys,
    const char *buf, size_t len)
{
	const struct ct_jwks *k = NULL;
	unsigned algs = p->algs;
	enum ct_shape s = ct_collect_token_shape(keys, p->algs, buf, len);

	if (s == CT_SHAPE_COMPLETE && keys == NULL && p->issuer_of != NULL &&
	    (p->algs & CT_ALG_RSA_ALL) != 0 &&
	    p->issuer_of(p->ctx, buf, len, &k, &algs) == 0)
		s = ct_collect_token_shape(k, algs, buf, len);
	return s;
}

/*
 * Asks for the next part and appends it; the reply must continue a JWS.
 * sshd's password authentication answers every prompt with the one
 * password it has: a part equal to the first (first_len bytes) is that.
 */
static int
next_part(pam_handle_t *pamh, const struct ct_prompts *p, int part,
    size_t first_len, int *hinted, char **buf, size_t *len,
    struct ct_err *e)
{
	char *resp = NULL;
	int r = CT_EAUTH;

	if (part > CT_MAX_PARTS) {
		r = ct_fail(e, CT_EAUTH, "token still incomplete after %d "
		    "parts (%zu characters)", CT_MAX_PARTS, *len);
		goto out;
	}
	if ((r = ask(pamh, p, p->more, part, *len, hinted, &resp,
	    e)) != CT_OK)
		goto out;
	if (strlen(resp) == first_len && memcmp(resp, *buf, first_len) == 0) {
		ct_say(e, "%s", ct_advice_screen(ct_client_of(pamh),
		    p->device));
		r = ct_fail(e, CT_EAUTH, "part %d repeats the first answer "
		    "(%zu characters): the client cannot send a token in "
		    "parts; %s", part, first_len,
		    ct_advice_log(ct_client_of(pamh), p->device));
		goto out;
	}
	if (!ct_collect_continuable(resp, strlen(resp))) {
		ct_say(e, "%s", ct_advice_screen(ct_client_of(pamh),
		    p->device));
		r = ct_fail(e, CT_EAUTH, "part %d cannot continue a token: "
		    "the token arrived cut short after %zu characters; %s",
		    part, *len, ct_advice_log(ct_client_of(pamh), p->device));
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
	int n = 1, hinted = 0, r = CT_EAUTH;

	*token = NULL;
	if ((r = ask(pamh, p, p->first, 1, 0, &hinted, &resp, e)) != CT_OK ||
	    (r = append(&buf, &len, resp, e)) != CT_OK)
		goto out;
	first_len = len;
	while (shape_of(p, keys, buf, len) == CT_SHAPE_PREFIX) {
		if ((r = next_part(pamh, p, ++n, first_len, &hinted, &buf,
		    &len, e)) != CT_OK)
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

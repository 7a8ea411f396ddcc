/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * auth.h - one authentication: keys, the token (from an earlier module or
 * the conversation), verification, and the account it may open.
 */
#ifndef CT_AUTH_H
#define CT_AUTH_H

#include <security/pam_modules.h>

#include "config.h"
#include "err.h"

/*
 * Issue 21: the whole reason when the answer is not shaped like a token
 * (ct_jws_shaped): a local password typed at the token prompt.  Still
 * PAM_AUTH_ERR ("not a token at all", DESIGN.md "PAM results"), but no
 * refusal line: pam_cotter.c logs it with debug only.
 */
#define CT_NOT_A_TOKEN "the answer is not shaped like a token"

/*
 * Decides whether the caller proves to be user.  use_first_pass and
 * try_first_pass as pam_unix defines them: take the token an earlier
 * module stored (PAM_AUTHTOK); with use_first_pass never prompt, with
 * try_first_pass prompt only when there is none or it was refused as a bad
 * token.  Without either flag always prompt.  A prompted token is stored
 * as PAM_AUTHTOK for later modules.  Logs the success line; the caller
 * logs a refusal from e.  An answer not shaped like a token is refused
 * first with CT_EAUTH and e->msg exactly CT_NOT_A_TOKEN, whatever the key
 * set's state.  Returns a CT_* code.
 */
int ct_authenticate(pam_handle_t *pamh, const struct ct_config *cfg,
    const char *user, struct ct_err *e);

/*
 * Issue 19: after a refusal, PAM_AUTHTOK is taken away (set to NULL) when
 * it holds input shaped like a token (ct_jws_shaped), so that a later
 * module (pam_sss use_first_pass, pam_unix try_first_pass) never gets a
 * token, perhaps a valid one typed at the wrong login name, as a
 * password.  Any other answer stays PAM_AUTHTOK.  Returns CT_OK, or
 * CT_ESYS when libpam would not clear it.
 */
int ct_forget_token(pam_handle_t *pamh, struct ct_err *e);

#endif

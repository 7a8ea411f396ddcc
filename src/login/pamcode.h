/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pamcode.h - the one place a library status becomes a PAM result
 * (DESIGN.md, "PAM results"): the module returns it, pam-cotter check
 * prints it.
 */
#ifndef CT_PAMCODE_H
#define CT_PAMCODE_H

/* The PAM_* code the module returns for a CT_* status. */
int ct_pam_code(int ct);

/* "PAM_SUCCESS", "PAM_AUTH_ERR", ... for the codes ct_pam_code gives. */
const char *ct_pam_code_name(int pam);

#endif

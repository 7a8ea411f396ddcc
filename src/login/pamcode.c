/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pamcode.c - library status to PAM result (DESIGN.md, "PAM results").
 */
#include <security/_pam_types.h>

#include "err.h"
#include "pamcode.h"

int
ct_pam_code(int ct)
{
	switch (ct) {
	case CT_OK:
		return PAM_SUCCESS;
	case CT_ENOKEYS:
		return PAM_AUTHINFO_UNAVAIL;
	case CT_ECONFIG:
		return PAM_SERVICE_ERR;
	case CT_ENOUSER:
		return PAM_USER_UNKNOWN;
	case CT_ENOMEM:
		return PAM_BUF_ERR;
	case CT_ESYS:
	case CT_ENAMESVC:
		return PAM_SYSTEM_ERR;
	default:
		return PAM_AUTH_ERR;	/* never success by default */
	}
}

const char *
ct_pam_code_name(int pam)
{
	switch (pam) {
	case PAM_SUCCESS:
		return "PAM_SUCCESS";
	case PAM_AUTHINFO_UNAVAIL:
		return "PAM_AUTHINFO_UNAVAIL";
	case PAM_SERVICE_ERR:
		return "PAM_SERVICE_ERR";
	case PAM_USER_UNKNOWN:
		return "PAM_USER_UNKNOWN";
	case PAM_BUF_ERR:
		return "PAM_BUF_ERR";
	case PAM_SYSTEM_ERR:
		return "PAM_SYSTEM_ERR";
	case PAM_AUTH_ERR:
		return "PAM_AUTH_ERR";
	default:
		return "PAM_(other)";
	}
}

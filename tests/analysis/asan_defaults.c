/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * asan_defaults.c - sanitizer options compiled into every program of the
 * "make check-asan" build.  The helpers run with an empty environment
 * (DESIGN.md invariant 8), so ASAN_OPTIONS cannot reach them: these
 * defaults make every report, from any process, land in CT_SAN_LOG (set
 * by mk/sanitize.mk), where the run looks for it and fails.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *
__asan_default_options(void)
{
	return "abort_on_error=1:detect_leaks=1:"
	    "detect_stack_use_after_return=1:"
	    "log_path=" CT_SAN_LOG "/asan";
}

const char *
__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1:log_path=" CT_SAN_LOG
	    "/ubsan";
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scan-model.h - what clang's static analyzer cannot see across files
 * (make scan-build passes it with -include; gcc, which compiles, never
 * defines __clang_analyzer__ and so never sees it).  ct_fail() lives in
 * err.c and always returns the code it was given (err.h); analysing one
 * file at a time, the analyzer would otherwise assume it may return
 * CT_OK and follow "failed, yet returned success" paths that do not
 * exist.  The copy of err.c analysed starts with #undef ct_fail
 * (mk/analysis.mk), so the definition itself is analysed as written.
 */
#ifdef __clang_analyzer__
#include "err.h"
#define ct_fail(e, code, ...) (ct_fail((e), (code), __VA_ARGS__), (code))
#endif

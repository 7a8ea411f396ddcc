/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * json.c - strict JSON object parsing for JOSE headers, claim sets and JWK
 * Sets (RFC 7515 section 4, RFC 7519 section 7.2, RFC 8259).
 */
#include <string.h>

#include <jansson.h>

#include "json.h"

/* RFC 7519 2: NumericDate; we stop at 9999-12-31T23:59:59Z. */
#define CT_NUMERIC_DATE_MAX 253402300799LL

/*
 * Walks buf once, outside strings, counting nesting of [ and {.  Refuses
 * a NUL byte anywhere and any depth above CT_JSON_MAX_DEPTH, before
 * jansson's recursive parser sees the text.  Returns 0 when acceptable.
 */
static int
json_prescan(const char *buf, size_t len)
{
	size_t i;
	int depth = 0, in_string = 0, escaped = 0, r = -1;
	char c;

	for (i = 0; i < len; i++) {
		c = buf[i];
		if (c == '\0')
			goto out;
		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"')
			in_string = 1;
		else if (c == '[' || c == '{') {
			if (++depth > CT_JSON_MAX_DEPTH)
				goto out;
		} else if ((c == ']' || c == '}') && --depth < 0)
			goto out;	/* unbalanced: never valid JSON */
	}
	r = 0;
out:
	return r;
}

json_t *
ct_json_parse_object(const char *buf, size_t len, const char *what,
    int code, struct ct_err *e)
{
	json_error_t jerr;
	json_t *root = NULL, *ret = NULL;

	if (what == NULL)
		what = "JSON";
	if (buf == NULL || len == 0) {
		(void)ct_fail(e, code, "%s: empty", what);
		goto out;
	}
	if (json_prescan(buf, len) != 0) {
		(void)ct_fail(e, code, "%s: NUL byte or nesting too deep",
		    what);
		goto out;
	}
	/*
	 * RFC 7515 4 / RFC 7159 4: duplicate member names are refused.
	 * Without JSON_ALLOW_NUL jansson refuses "\u0000"; it always
	 * refuses invalid UTF-8 and, without JSON_DISABLE_EOF_CHECK,
	 * trailing data.  jerr.text may quote input, so it is not logged.
	 */
	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		(void)ct_fail(e, code, "%s: invalid JSON at offset %d", what,
		    jerr.position);
		goto out;
	}
	if (!json_is_object(root)) {
		(void)ct_fail(e, code, "%s: not a JSON object", what);
		goto out;
	}
	ret = root;
	root = NULL;
out:
	json_decref(root);
	return ret;
}

int
ct_json_get_numeric_date(const json_t *obj, const char *name,
    long long *out)
{
	const json_t *v;
	json_int_t n;
	int r = -1;

	if (obj == NULL || name == NULL || !json_is_object(obj))
		goto out;
	if ((v = json_object_get(obj, name)) == NULL) {
		r = 1;
		goto out;
	}
	/* RFC 7519 2: we accept integers only, never reals or strings. */
	if (!json_is_integer(v))
		goto out;
	n = json_integer_value(v);
	if (n < 0 || n > CT_NUMERIC_DATE_MAX)
		goto out;
	*out = (long long)n;
	r = 0;
out:
	return r;
}

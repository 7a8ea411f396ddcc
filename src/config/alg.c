/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * alg.c - JWS "alg" names (RFC 7518 section 3.1, RFC 8037 section 3.1).
 */
#include <stddef.h>
#include <string.h>

#include "alg.h"

static const struct {
	const char *name;
	enum ct_alg alg;
} alg_names[] = {
	{ "ES256", CT_ALG_ES256 }, { "RS256", CT_ALG_RS256 },
	{ "ES384", CT_ALG_ES384 }, { "ES512", CT_ALG_ES512 },
	{ "RS384", CT_ALG_RS384 }, { "RS512", CT_ALG_RS512 },
	{ "PS256", CT_ALG_PS256 }, { "PS384", CT_ALG_PS384 },
	{ "PS512", CT_ALG_PS512 }, { "EdDSA", CT_ALG_EDDSA }
};

#define NALGS (sizeof(alg_names) / sizeof(alg_names[0]))

enum ct_alg
ct_alg_from_name(const char *name)
{
	enum ct_alg alg = CT_ALG_UNKNOWN;
	size_t i;

	/* RFC 7515 4.1.1: alg is a case-sensitive string. */
	for (i = 0; name != NULL && i < NALGS; i++)
		if (strcmp(name, alg_names[i].name) == 0)
			alg = alg_names[i].alg;
	return alg;
}

const char *
ct_alg_name(enum ct_alg alg)
{
	const char *name = "unknown";
	size_t i;

	for (i = 0; i < NALGS; i++)
		if (alg == alg_names[i].alg)
			name = alg_names[i].name;
	return name;
}

/* Copies the n bytes at p to bad (badsize bytes), cut and terminated. */
static void
copy_bad(char *bad, size_t badsize, const char *p, size_t n)
{
	if (bad == NULL || badsize == 0)
		return;
	if (n >= badsize)
		n = badsize - 1;
	memcpy(bad, p, n);
	bad[n] = '\0';
}

int
ct_alg_parse_list_bad(const char *list, unsigned *mask, char *bad,
    size_t badsize)
{
	char word[16];
	const char *p = list;
	size_t n;
	unsigned m = 0;
	enum ct_alg alg;
	int r = -1;

	copy_bad(bad, badsize, "", 0);
	while (p != NULL && *p != '\0') {
		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n == 0)
			break;
		alg = CT_ALG_UNKNOWN;
		if (n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			alg = ct_alg_from_name(word);
		}
		if (alg == CT_ALG_UNKNOWN) {
			copy_bad(bad, badsize, p, n);
			goto out;
		}
		m |= (unsigned)alg;
		p += n;
	}
	if (m == 0)
		goto out;
	*mask = m;
	r = 0;
out:
	return r;
}

int
ct_alg_parse_list(const char *list, unsigned *mask)
{
	return ct_alg_parse_list_bad(list, mask, NULL, 0);
}

/*
 * alg.c - JWS "alg" names (RFC 7518 section 3.1).
 */
#include <string.h>

#include "alg.h"

enum ct_alg
ct_alg_from_name(const char *name)
{
	enum ct_alg alg = CT_ALG_UNKNOWN;

	/* RFC 7515 4.1.1: alg is a case-sensitive string. */
	if (name != NULL && strcmp(name, "ES256") == 0)
		alg = CT_ALG_ES256;
	else if (name != NULL && strcmp(name, "RS256") == 0)
		alg = CT_ALG_RS256;
	return alg;
}

const char *
ct_alg_name(enum ct_alg alg)
{
	const char *name = "unknown";

	if (alg == CT_ALG_ES256)
		name = "ES256";
	else if (alg == CT_ALG_RS256)
		name = "RS256";
	return name;
}

int
ct_alg_parse_list(const char *list, unsigned *mask)
{
	char word[16];
	const char *p = list;
	size_t n;
	unsigned m = 0;
	enum ct_alg alg;
	int r = -1;

	while (p != NULL && *p != '\0') {
		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n == 0)
			break;
		if (n >= sizeof(word))
			goto out;
		memcpy(word, p, n);
		word[n] = '\0';
		if ((alg = ct_alg_from_name(word)) == CT_ALG_UNKNOWN)
			goto out;
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

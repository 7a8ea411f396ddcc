/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_token.c - libFuzzer target for the whole token path: compact JWS
 * parsing, key choice, signature and claims (RFC 7519 section 7.2),
 * against a fixed ES256 + RS256 key set and a fixed clock.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"
#include "jwks_json.h"

#define AUD	"3b1b2d5c-6a1f-4c1e-9d55-5ad7c0ffee01"
#define NOW	1700000060	/* seed tokens: iat 1700000000, exp +3600 */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char jwks_text[] =
	"{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"SPACE_JWT_PUBLIC:8"
	"028AAA3-EC2D-4BAA-BE7A-7C8359CCB9F9\",\"use\":\"sig\",\"alg\":\"ES25"
	"6\",\"x\":\"uTnRrWJNTKfTH0y2lDXPnbHWFrUi-_wxFqKRJZ28zms\",\"y\":\"l7"
	"K71EB9RJKISnP6ViXCvc4IItxLAydpTrGF5jSYbrE\"},{\"kty\":\"RSA\",\"ki"
	"d\":\"fuzz-rsa-2048\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"qN_vGmHiAK"
	"rio6Y_Fs5pH8-TbF4yTqDS48wKKCQkUcc6f7Js5JzeVN6nwb-vgXKDKK2zYg"
	"iKiiN2aN8bXOkYkwbIeAnVfax_NOF7yUuyFdPVyR8rHeFYhuXWt7p6kr43zu"
	"7EaDlom_6l3LZFLqLiL0w19YeTfmJCtj5tNnQXDzKbxCwe6lC_adiTTnDLQH"
	"p4IfpF7cA0qvvrZZveWKcoSJlK95iK0maekNSRUA0VC03XsDYK3z5VQH7aJ-"
	"o5w7quOS3b7qF1qGHThU40Z5C1jiV29KN363ByK-2ZP1nJvJKJpYYUZZ1vBu"
	"GUfafRyGcFYqQuGnesB16H0r5haC5-GQ\",\"e\":\"AQAB\"}]}";

static struct ct_jwks *keys;
static struct ct_config *cfg;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ct_err e;

	(void)argc;
	(void)argv;
	ct_err_clear(&e);
	if (ct_jwks_parse(jwks_text, strlen(jwks_text), &keys, &e) != CT_OK ||
	    (cfg = ct_config_new()) == NULL ||
	    ct_config_set(cfg, "audience", AUD, &e) != CT_OK ||
	    ct_config_set(cfg, "algorithms", "ES256 RS256", &e) != CT_OK)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_identity *id = NULL;
	struct ct_err e;
	int r;

	ct_err_clear(&e);
	r = ct_token_verify((const char *)data, size, keys, cfg, NOW, &id, &e);
	/* An identity exactly when accepted, and always with a sub. */
	if ((r == CT_OK) != (id != NULL) || (id != NULL && id->sub == NULL))
		abort();
	ct_identity_free(id);
	return 0;
}

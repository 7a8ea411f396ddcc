/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * jwk_json.h - one JWK read from a jansson tree: the fetcher's, the admin
 * command's and the tests' path (the module reads keys without jansson:
 * jwks_scan.c).
 */
#ifndef CT_JWK_JSON_H
#define CT_JWK_JSON_H

#include <jansson.h>

#include "err.h"
#include "jwk.h"

/* The fields of a jansson object. */
void ct_jwk_fields_of(const json_t *jwk, struct ct_jwk_fields *f);

/*
 * Loads one JWK object: ct_jwk_check, then ct_jwk_build.  Accepts only:
 *  - kty "EC", crv "P-256", "P-384" or "P-521", x and y each decoding to
 *    exactly the field size (32, 48, 66 bytes), the point on the curve
 *    (OpenSSL's import; all three have cofactor 1, so that is the full
 *    SP 800-56A validation) -> CT_ALG_ES256, ES384, ES512 (the curve's);
 *  - kty "OKP", crv "Ed25519", x of 32 bytes, no y (RFC 8037 2)
 *    -> CT_ALG_EDDSA;
 *  - kty "RSA", n of 2048..8192 bits with no leading zero octet
 *    (RFC 7518 6.3.1.1), e odd, >= 3, at most 4 octets, no leading zero
 *    octet, and n not carrying the ROCA fingerprint (CVE-2017-15361)
 *    -> every RS and PS algorithm (key->algs), or the one "alg" names.
 * Refuses: any private member (d p q dp dq qi oth k), kty "oct" or any
 * other kty, "use" other than "sig", "alg" present and not an algorithm
 * of the key's type and curve, "key_ops" present without "verify", kid not a string or
 * longer than CT_KID_MAX, members of the wrong JSON type.
 * Returns CT_OK and fills *key (free with ct_key_clear), or CT_ENOKEYS with
 * a reason in e.
 */
int ct_jwk_load(const json_t *jwk, struct ct_key *key, struct ct_err *e);

/*
 * The structure half of ct_jwk_load (issue 15): every rule above that
 * needs no big-number or curve arithmetic (members and their types, kty,
 * crv, alg, use, key_ops, kid, x and y of the curve's size, the octet sizes and
 * parity of n and e).  Fills key->kid, key->alg and key->jwk (a reference
 * to jwk); key->pkey stays NULL.  Returns CT_OK or CT_ENOKEYS.
 */
int ct_jwk_check(const json_t *jwk, struct ct_key *key, struct ct_err *e);

#endif

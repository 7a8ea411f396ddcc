#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# make demo: a throwaway issuer and account in a private mount namespace,
# one real pamtester login with a minted token, and one refused forgery.
# The host's /etc and accounts are never touched.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${CT_IN_NS:-}" != 1 ]; then
	exec "$top/tests/ns.sh" /bin/sh "$top/tests/demo.sh"
fi
. "$top/tests/e2e/lib.sh"
setup_world

say() { printf '\n== %s\n' "$*"; }
decode() {
	printf '%s' "$1" | cut -d. -f"$2" | tr '_-' '/+' |
	    awk '{ n = length($0) % 4; if (n) $0 = $0 substr("===", 1, 4 - n); print }' |
	    base64 -d
	echo
}

say "A throwaway issuer (key id $KID) publishes this JWK Set, cached at $W/jwks.json"
cat "$W/jwks.json"
say "Local account alice (uid $(id -u alice)), mapped by $W/users:"
grep '^alice' "$W/users"
say "Configuration $W/pam_cotter.conf:"
grep -v '^#' "$W/pam_cotter.conf"
say "PAM service /etc/pam.d/$SERVICE (inside the namespace):"
cat /etc/pam.d/$SERVICE

token=$(mint --identifier alice@example.com)
say "A Cotter-shaped access token for alice@example.com (${#token} characters):"
printf 'header: '; decode "$token" 1
printf 'claims: '; decode "$token" 2

log_mark
say "1. pamtester $SERVICE alice authenticate, token pasted at the prompt:"
login alice "$token"
printf '%s\n' "$OUT"
[ "$RC" -eq 0 ] || { echo "demo: the valid token was refused" >&2; exit 1; }

$ISSUER keygen "$W/evil" --kid "$KID" >/dev/null
forged=$($ISSUER mint "$W/evil" --aud "$AUD" --identifier alice@example.com)
say "2. The same claims signed by an attacker's key with the same kid:"
login alice "$forged"
printf '%s\n' "$OUT"
[ "$RC" -ne 0 ] || { echo "demo: the forgery was accepted" >&2; exit 1; }

log_sync
say "What the module logged (syslog, auth facility):"
tail -n "+$LOG_FROM" "$CT_SYSLOG" | grep pam_cotter || true
say "Demo done: the valid token logged in, the forgery was refused."

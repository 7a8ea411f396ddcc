#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Several issuers at once (issue 22): the Cotter preset (the project's own
# Cotter-shaped test issuer) and Debian's glewlwyd (two instances, ES256
# and RS256, tokens from its token endpoint, JWKS fetched over HTTPS by the
# project's fetcher) in ONE configuration; people of each log in through
# pamtester and through the test sshd; a token is judged only by its own
# issuer's keys; a bad configuration refuses every login.
. "$(dirname "$0")/lib.sh"
. "$top/tests/issuer/glewlwyd.sh"

PC="$top/admin/pam-cotter"
FETCH="$top/helpers/pam_cotter_fetch"
setup_world
P=$(mktemp -d)
umask 077
trap 'gw_stop' EXIT
trap 'exit 1' INT TERM HUP PIPE

if ! command -v glewlwyd >/dev/null; then
	not_ok "glewlwyd is installed (.ci/test-deps)"
	finish
fi
if ! gw_start "$W/gw"; then
	not_ok "glewlwyd starts"
	finish
fi

# section NAME INST ALG: an [issuer] section for a glewlwyd instance.
section() {
	cat <<CONF
[issuer $1]
issuer = $(gw_iss "$2")
audience = pam-login
algorithms = $3
identity_claim = email
jwks_url = $(gw_jwks_url "$2")
jwks_cache = $W/cache.$2.json
ca_file = $GW_CA
CONF
}
C="$W/multi.conf"
{
	echo "map_file = $W/users"
	echo "helper_dir = $top/helpers"
	echo "[issuer cotter]"
	echo "issuer = https://www.cotter.app"
	echo "audience = $AUD"
	echo "jwks_url ="
	echo "jwks_cache = $W/jwks.json"
	section glew-es es256 ES256
	section glew-rs rs256 RS256
} >"$C"
chmod 0644 "$C"

# -------------------------------------------------- one fetcher run, all
"$FETCH" --config "$C" </dev/null >"$W/fetch.out" 2>&1 && rc=0 || rc=$?
check "pam_cotter_fetch --config fetches both glewlwyd caches in one run" \
    sh -c "test $rc -eq 0 && grep -q gw-es256-1 '$W/cache.es256.json' &&
grep -q gw-rs256-1 '$W/cache.rs256.json'"
"$PC" keys --config="$C" >"$W/keys.out" 2>&1 && rc=0 || rc=$?
check "pam-cotter keys shows every issuer, each usable" \
    sh -c "test $rc -eq 0 && grep -c '^issuer \"' '$W/keys.out' |
grep -qx 3 && test \$(grep -c 'the module can use this key set now' \
'$W/keys.out') -eq 3"
"$PC" refresh --config="$C" >"$W/refresh.out" 2>&1 && rc=0 || rc=$?
check "pam-cotter refresh refreshes every issuer (the static one says so)" \
    sh -c "test $rc -eq 0 && grep -q 'static key set' '$W/refresh.out' &&
test \$(grep -c '^fetched ' '$W/refresh.out') -eq 2"

# A failure of one issuer leaves the others untouched.
sed "s|$(gw_jwks_url rs256)|https://127.0.0.1:9/none|" "$C" >"$W/half.conf"
chmod 0644 "$W/half.conf"
cp "$W/cache.es256.json" "$W/es.before"
cp "$W/cache.rs256.json" "$W/rs.before"
"$FETCH" --config "$W/half.conf" </dev/null >/dev/null 2>&1 && rc=0 || rc=$?
check "a failing issuer fails the run (exit 1), its cache untouched" \
    sh -c "test $rc -eq 1 && cmp -s '$W/rs.before' '$W/cache.rs256.json'"
check "... while the other issuer's cache was still fetched" \
    sh -c "test -s '$W/cache.es256.json' &&
grep -q gw-es256-1 '$W/cache.es256.json'"

# -------------------------------------------------- pamtester, side by side
cot=$(mint --identifier alice@example.com)
ges=$(gw_token alice alice-pw es256)
grs=$(gw_token bob bob-pw rs256)
service_file "config=$C nodelay"
log_mark
expect "pamtester: alice logs in with a Cotter token" success alice "$cot"
expect_log "the Cotter preset's line says Cotter" \
    'accepted Cotter token for user "alice"'
log_mark
expect "pamtester: alice logs in with glewlwyd's es256 token" success \
    alice "$ges"
expect_log "the line names the issuer section" \
    'accepted token of issuer "glew-es" for user "alice"'
expect "pamtester: bob logs in with glewlwyd's rs256 token" success \
    bob "$grs"
check "the prompt is \"Token:\" (not every issuer is the Cotter preset)" \
    sh -c "printf '%s' \"\$1\" | grep -q 'Token: ' &&
! printf '%s' \"\$1\" | grep -q 'Cotter token'" - "$OUT"
# Issue 24: a token of its own (the one that logged alice in is used).
expect "pamtester: alice's glewlwyd token does not open bob's account" \
    auth_err bob "$(gw_token alice alice-pw es256)"

# The attacks: another issuer's key, an iss no section names.
forged=$($ISSUER mint "$W/keys" --aud pam-login --iss "$(gw_iss es256)" \
    --identifier alice@example.com)
log_mark
expect "a token signed by the Cotter issuer's key claiming glewlwyd's iss" \
    auth_err alice "$forged"
expect_log "... is judged by glewlwyd's keys only (unknown kid)" \
    'kid'
stray=$($ISSUER mint "$W/keys" --aud "$AUD" --iss "https://stray.example/x")
log_mark
expect "a token whose iss names no section" auth_err alice "$stray"
expect_log "... is refused with a line naming that iss" \
    'iss: "https://stray.example/x" names no issuer section'

# pam-cotter check judges each token with its own issuer's section.
printf '%s\n' "$ges" | "$PC" check --config="$C" --user alice \
    >"$W/check.out" 2>&1 && rc=0 || rc=$?
check "pam-cotter check: glewlwyd's token, its section named, PAM_SUCCESS" \
    sh -c "test $rc -eq 0 && grep -q 'issuer section \"glew-es\"' '$W/check.out' &&
grep -q '^verdict: PAM_SUCCESS' '$W/check.out' &&
grep -q 'email' '$W/check.out'"
printf '%s\n' "$stray" | "$PC" check --config="$C" --user alice \
    >"$W/check.out" 2>&1 && rc=0 || rc=$?
check "pam-cotter check: an iss no section names is refused, named" \
    sh -c "test $rc -ne 0 && grep -q 'stray.example/x\" names no issuer section' '$W/check.out'"

# A binding's issuer is never guessed.
"$PC" accounts precreate --config="$C" -- pre.x pre.x@example.com \
    >"$W/pre.out" 2>&1 && rc=0 || rc=$?
check "accounts precreate without --iss is refused with several issuers" \
    sh -c "test $rc -ne 0 && grep -q 'several issuers: give --iss' '$W/pre.out'"

# Bad configurations: every login refused with PAM_SERVICE_ERR.
bad() {
	printf '%s\n' "$2" >"$W/bad.conf"
	chmod 0644 "$W/bad.conf"
	service_file "config=$W/bad.conf nodelay"
	log_mark
	expect "bad config: $1" service_err alice "$cot"
	expect_log "... the line names the file and the line" "bad.conf:$3"
}
bad "two sections with the same issuer" "$(cat "$C")
[issuer again]
issuer = $(gw_iss es256)
audience = x
jwks_url =" 24
bad "a section without audience" "audience = $AUD
[issuer a]
issuer = https://a.example
jwks_url =" 2
bad "an unknown key in a section" "$(section g es256 ES256)
colour = blue" 9
bad "a global key in a section" "$(section g es256 ES256)
create_users = yes" 9
bad "an unknown algorithms value" "$(section g es256 ES256)
algorithms = HS256" 9

# -------------------------------------------------- sshd, side by side
for u in alice bob; do
	mkdir -p -m 0700 "/home/$u"
	chown "$u:$u" "/home/$u"
done
sshd_start no
sshd_pam "auth sufficient $MODULE config=$C nodelay
auth requisite pam_deny.so"
# ssh_as USER TOKEN: password authentication with TOKEN; sets OUT, RC.
ssh_as() {
	put "$P/tok" "$2"
	RC=0
	# shellcheck disable=SC2086
	OUT=$(HOME="$P/home" timeout 40 sshpass -P assword -f "$P/tok" \
	    ssh $SSHO -o PreferredAuthentications=password "$1@127.0.0.1" \
	    id -un 2>&1) || RC=$?
}
ssh_as alice "$(mint --identifier alice@example.com)"
check "sshd: alice logs in with a Cotter token" \
    test "$RC" -eq 0 -a "$OUT" = alice
ssh_as alice "$(gw_token alice alice-pw es256)"
check "sshd: alice logs in with glewlwyd's es256 token" \
    test "$RC" -eq 0 -a "$OUT" = alice
ssh_as bob "$(gw_token bob bob-pw rs256)"
check "sshd: bob logs in with glewlwyd's rs256 token" \
    test "$RC" -eq 0 -a "$OUT" = bob
ssh_as alice "$forged"
check "sshd: the forged token is refused" test "$RC" -ne 0 -a "$OUT" != alice
finish

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Rights from the token (issue 23): glewlwyd's groups claim becomes
# membership of mapped local groups at an ssh login (sudo included) and
# the membership goes at the next login once the provider drops it; the
# deny file refuses at once; require_groups; a Cotter-bound account is
# rebound to a glewlwyd subject (pam-cotter accounts rebind) and opened by
# its token; adopt_from takes an account over once, and every takeover it
# must refuse is refused, each beside a positive control.
. "$(dirname "$0")/lib.sh"
. "$top/tests/issuer/glewlwyd.sh"

PC="$top/admin/pam-cotter"
setup_world
P=$(mktemp -d)
umask 077
trap 'gw_stop' EXIT
trap 'exit 1' INT TERM HUP PIPE

for tool in /usr/sbin/sshd ssh sshpass glewlwyd gpasswd; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (.ci/test-deps)"
		finish
	fi
done
if ! gw_start "$W/gw"; then
	not_ok "glewlwyd starts"
	finish
fi

# /etc is this namespace's tmpfs copy: groups made here vanish with it.
getent group sudo >/dev/null || groupadd sudo
groupadd dev
groupadd handmade
gpasswd -a alice handmade >/dev/null
mkdir -m 0755 "$W/state"
cp "$W/jwks.json" "$W/jwks.new.json"

# The Cotter preset (the project's test issuer), glewlwyd's es256
# instance with groups, and "newco", a Cotter-shaped issuer that may take
# over Cotter-bound accounts (adopt_from).
C="$W/rights.conf"
cat >"$C" <<CONF
map_file = $W/users
helper_dir = $top/helpers
state_dir = $W/state
deny_file = $W/deny
[issuer cotter]
issuer = https://www.cotter.app
audience = $AUD
jwks_url =
jwks_cache = $W/jwks.json
[issuer glew]
issuer = $(gw_iss es256)
audience = pam-login
algorithms = ES256
identity_claim = email
jwks_url = $(gw_jwks_url es256)
jwks_cache = $W/cache.es256.json
ca_file = $GW_CA
groups_claim = groups
group_map = linux-admins:sudo developers:dev ops:nosuchgroup
[issuer newco]
issuer = https://new.example
audience = $AUD
jwks_url =
jwks_cache = $W/jwks.new.json
groups_claim = roles
group_map = admins:dev
adopt_from = cotter
CONF
chmod 0644 "$C"
"$PC" refresh --config="$C" >"$W/refresh.out" 2>&1
check "the glewlwyd keys are fetched" grep -q gw-es256-1 "$W/cache.es256.json"

# in_group GROUP USER: USER is a listed member of GROUP in /etc/group.
in_group() {
	getent group "$1" | cut -d: -f4 | tr ',' '\n' | grep -qx "$2"
}

# ------------------------------------------------ groups through sshd
for u in alice bob; do
	mkdir -p -m 0700 "/home/$u"
	chown "$u:$u" "/home/$u"
done
sshd_start no
sshd_pam "auth sufficient $MODULE config=$C nodelay
auth requisite pam_deny.so"
# ssh_id USER TOKEN: password authentication with TOKEN, runs `id -un;
# id -Gn` in the session; sets OUT, RC.
ssh_id() {
	put "$P/tok" "$2"
	RC=0
	# shellcheck disable=SC2086
	OUT=$(HOME="$P/home" timeout 40 sshpass -P assword -f "$P/tok" \
	    ssh $SSHO -o PreferredAuthentications=password "$1@127.0.0.1" \
	    'id -un; id -Gn' 2>&1) || RC=$?
}
# session_has WORD: the session's `id -Gn` line lists WORD.
session_has() {
	printf '%s\n' "$OUT" | sed -n 2p | tr ' ' '\n' | grep -qx "$1"
}

gw_groups alice linux-admins,developers
tok=$(gw_token alice alice-pw es256)
check "before any login alice is in neither sudo nor dev" \
    sh -c "! getent group sudo | cut -d: -f4 | tr ',' '\n' | grep -qx alice &&
! getent group dev | cut -d: -f4 | tr ',' '\n' | grep -qx alice"
printf '%s\n' "$tok" | "$PC" check --config="$C" --user alice >"$W/check.out" 2>&1
check "pam-cotter check: the token maps to sudo and dev" \
    grep -q "the token maps to: sudo,dev" "$W/check.out"
check "pam-cotter check: the next login adds sudo and dev, writes nothing" \
    sh -c "grep -q 'adds: sudo,dev; removes: nosuchgroup' '$W/check.out' &&
! getent group sudo | cut -d: -f4 | tr ',' '\n' | grep -qx alice"
log_mark
ssh_id alice "$tok"
check "ssh: alice's token opens a session as alice" \
    test "$RC" -eq 0 -a "$(printf '%s\n' "$OUT" | head -1)" = alice
check "ssh: the session's groups include sudo (linux-admins:sudo)" \
    session_has sudo
check "ssh: ... and dev (developers:dev)" session_has dev
check "ssh: the group alice was put in by hand stays (never mapped)" \
    session_has handmade
check "/etc/group lists alice in sudo and dev" \
    sh -c "getent group sudo | grep -q alice && getent group dev | grep -q alice"
expect_log "a mapped group that does not exist is a logged error" \
    'mapped group "nosuchgroup" does not exist; not created'
check "... and is never created" sh -c "! getent group nosuchgroup"
expect_log "the helper logs the memberships it changed" \
    'groups ok: "alice": joined sudo; joined dev;'

gw_groups alice developers
tok=$(gw_token alice alice-pw es256)
printf '%s\n' "$tok" | "$PC" check --config="$C" --user alice >"$W/check.out" 2>&1
check "pam-cotter check: once the provider drops linux-admins, the next login removes sudo" \
    grep -q "removes: sudo" "$W/check.out"
ssh_id alice "$tok"
check "ssh: the next login opens a session as alice" \
    test "$RC" -eq 0 -a "$(printf '%s\n' "$OUT" | head -1)" = alice
check "ssh: the session is no longer in sudo" eval '! session_has sudo'
check "ssh: ... still in dev, and in the hand-made group" \
    eval 'session_has dev && session_has handmade'
check "/etc/group no longer lists alice in sudo" eval '! in_group sudo alice'
finish

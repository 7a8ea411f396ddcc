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
check "pam-cotter check: the missing mapped group is named as such" \
    grep -q "do not exist (logged at each login, never created): nosuchgroup" "$W/check.out"
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
# sudo itself says so (Debian's sudoers: %sudo ALL=(ALL:ALL) ALL).
check "sudo -l -U alice: sudo now lets alice run any command" \
    sh -c "sudo -l -U alice 2>&1 | grep -qF '(ALL : ALL) ALL'"

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
check "sudo -l -U alice: sudo no longer lets alice run anything" \
    sh -c "! sudo -l -U alice 2>&1 | grep -qF '(ALL : ALL) ALL'"

# ------------------------------------------------ non-root callers
# pamtester as alice herself (as in su or a screen locker): the login
# goes through, and nothing changes.
service_file "config=$C nodelay"
gw_groups alice linux-admins,developers
tok=$(gw_token alice alice-pw es256)
RC=0
OUT=$(printf '%s\n' "$tok" | setpriv --reuid=2001 --regid=2001 \
    --clear-groups timeout 60 pamtester -v "$SERVICE" alice authenticate \
    2>&1) || RC=$?
check "as a non-root caller alice's token still logs her in" \
    sh -c "test $RC -eq 0 && printf '%s' \"\$1\" | grep -q 'successfully authenticated'" x "$OUT"
check "... and her groups are not changed there (no sudo)" \
    eval '! in_group sudo alice'
expect "pamtester as root (control): the same token logs alice in" \
    success alice "$tok"
check "... and as root the mapped group is given (sudo)" in_group sudo alice

# ------------------------------------------------ deny_file
# Issue 24: a token opens one login; each login below that must reach the
# check it is about takes a token of its own.
A() { gw_token alice alice-pw es256; }
bob_tok=$(gw_token bob bob-pw es256)
expect "bob logs in before he is denied (control)" success bob "$bob_tok"
printf '# people who may not log in\nBob@Example.com\n' >"$W/deny"
chmod 0644 "$W/deny"
log_mark
expect "bob is refused at once once deny_file lists his email" auth_err \
    bob "$(gw_token bob bob-pw es256)"
check "... with a line on his screen" \
    sh -c "printf '%s' \"\$1\" | grep -q 'deny list'" x "$OUT"
expect_log "... and one log line naming the entry" \
    'denied: "Bob@Example.com" is listed in deny_file'
# jwt_sub TOKEN: the token's sub.
jwt_sub() {
	printf '%s\n' "$1" | /usr/bin/python3 -c 'import base64, json, sys
p = sys.stdin.read().strip().split(".")[1]
print(json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))["sub"])'
}
alice_sub=$(jwt_sub "$tok")
printf 'sub:cotter:%s\n' "$alice_sub" >"$W/deny"
expect "sub:ISSUER:SUB of another issuer does not deny alice (control)" \
    success alice "$(A)"
printf 'sub:glew:%s\n' "$alice_sub" >"$W/deny"
expect "sub:glew:SUB denies alice's glewlwyd subject" auth_err alice "$(A)"
printf 'bob @example.com\n' >"$W/deny"
log_mark
expect "a malformed deny file refuses every login (fail closed)" service_err \
    alice "$(A)"
expect_log "... saying which line" 'deny_file .*deny:1: one identity'
printf 'nobody@example.com\n' >"$W/deny"
chmod 0666 "$W/deny"
expect "a deny file others may write refuses every login" service_err \
    alice "$(A)"
chmod 0644 "$W/deny"
expect "a deny file listing someone else lets alice in (control)" success \
    alice "$(A)"

# A bound account: the identity its binding records is denied, whatever
# identity the token now carries.
"$PC" accounts precreate --config="$C" --iss https://www.cotter.app \
    --sub erin-sub -- erin erin@example.com >"$W/pre.out" 2>&1
erin_tok=$(mint --sub erin-sub --identifier erin.new@example.com)
expect "erin's bound account opens for its subject (control)" success \
    erin "$erin_tok"
echo "erin@example.com" >"$W/deny"
expect "once erin@example.com is denied her account refuses every token" \
    auth_err erin "$(mint --sub erin-sub --identifier erin.new@example.com)"
: >"$W/deny"

# Checked before any account is created: a denied newcomer gets none.
sed 's/^deny_file = .*/&\ncreate_users = yes/; s/^jwks_cache = .*jwks.json$/&\nallowed_domains = example.com/' \
    "$C" >"$W/create.conf"
chmod 0644 "$W/create.conf"
service_file "config=$W/create.conf nodelay"
echo "zed@example.com" >"$W/deny"
expect "a denied newcomer is refused" auth_err zed \
    "$(mint --identifier zed@example.com)"
check "... before any account is created" eval '! id zed >/dev/null 2>&1'
: >"$W/deny"
expect "once not denied, the newcomer's account is created (control)" \
    success zed "$(mint --identifier zed@example.com)"
check "... and exists" id zed
service_file "config=$C nodelay"

# ------------------------------------------------ require_groups
sed 's/^group_map = linux-admins:sudo.*/&\nrequire_groups = developers linux-admins/' \
    "$C" >"$W/req.conf"
chmod 0644 "$W/req.conf"
service_file "config=$W/req.conf nodelay"
gw_groups carol ""
expect "require_groups: alice (developers) logs in (control)" success \
    alice "$(A)"
carol_tok=$(gw_token carol carol-pw es256)
echo "carol@example.com carol" >>"$W/users"
expect "require_groups: carol, in no required group, is refused" auth_err \
    carol "$carol_tok"
check "... with a line on her screen" \
    sh -c "printf '%s' \"\$1\" | grep -q 'group that may log in'" x "$OUT"
service_file "config=$C nodelay"
expect "without require_groups carol logs in (control)" success carol \
    "$(gw_token carol carol-pw es256)"
sed -i '/^carol@example.com carol$/d' "$W/users"

# ------------------------------------------------ rebind: off a dead issuer
# cathy's account is bound to a Cotter subject; Cotter is gone, and carol
# now signs in at glewlwyd.
"$PC" accounts precreate --config="$C" --iss https://www.cotter.app \
    --sub cathy-cotter-sub -- cathy carol@example.com >"$W/pre.out" 2>&1
cathy_cotter=$(mint --sub cathy-cotter-sub --identifier carol@example.com)
expect "cathy's Cotter token opens her account (control)" success cathy \
    "$cathy_cotter"
expect "carol's glewlwyd token does not open it yet" auth_err cathy \
    "$(gw_token carol carol-pw es256)"
carol_sub=$(jwt_sub "$carol_tok")
log_mark
"$PC" accounts rebind --config="$C" -- cathy glew "$carol_sub" \
    >"$W/rebind.out" 2>&1 && rc=0 || rc=$?
check "pam-cotter accounts rebind -- cathy glew SUB succeeds" \
    sh -c "test $rc -eq 0 && grep -q 'rebound cathy to issuer glew' '$W/rebind.out'"
check "... the binding names glewlwyd's subject, the old one kept as history" \
    sh -c "grep -qx 'iss $(gw_iss es256)' '$W/state/bindings/cathy' &&
grep -qx 'sub $carol_sub' '$W/state/bindings/cathy' &&
grep -qx 'was-iss https://www.cotter.app' '$W/state/bindings/cathy' &&
grep -qx 'was-sub cathy-cotter-sub' '$W/state/bindings/cathy'"
expect_log "... and the helper logged it" \
    'rebind ok: rebound "cathy": was iss https://www.cotter.app sub cathy-cotter-sub'
mkdir -p -m 0700 /home/cathy
chown cathy /home/cathy
ssh_id cathy "$(gw_token carol carol-pw es256)"
check "ssh: carol's glewlwyd token now opens a session as cathy" \
    test "$RC" -eq 0 -a "$(printf '%s\n' "$OUT" | head -1)" = cathy
expect "the old Cotter token no longer opens cathy" auth_err cathy \
    "$(mint --sub cathy-cotter-sub --identifier carol@example.com)"
"$PC" accounts list --config="$C" >"$W/list.out" 2>&1
check "accounts list: cathy under issuer glew, rebound before" \
    grep -qE "^cathy +bound +carol@example.com +issuer glew, sub .*\(rebound before\)" "$W/list.out"
check "accounts list: erin is still under issuer cotter" \
    grep -qE "^erin +bound +erin@example.com +issuer cotter," "$W/list.out"
"$PC" accounts precreate --config="$C" --iss https://www.cotter.app \
    --sub dora-sub -- dora dora@example.com >"$W/pre.out" 2>&1
"$PC" accounts rebind --config="$C" -- dora glew "$carol_sub" \
    >"$W/rebind.out" 2>&1 && rc=0 || rc=$?
check "rebind refuses a subject that owns another account" \
    sh -c "test $rc -ne 0 && grep -q 'owns another account' '$W/rebind.out' &&
grep -qx 'sub dora-sub' '$W/state/bindings/dora'"
printf '# user issuer sub\ndora glew dora-new-sub\nnobody-here glew x\ndora glew\n' \
    >"$W/bulk"
"$PC" accounts rebind --config="$C" --file - <"$W/bulk" >"$W/rebind.out" \
    2>&1 && rc=0 || rc=$?
check "bulk rebind: each good line done, each bad one said, exit 1" \
    sh -c "test $rc -eq 1 && grep -qx 'sub dora-new-sub' '$W/state/bindings/dora' &&
grep -q 'nobody-here' '$W/rebind.out' && grep -q 'line 4: expected USER ISSUER-NAME SUB' '$W/rebind.out'"
"$PC" accounts rebind --config="$C" -- dora nosuch x >"$W/rebind.out" 2>&1 &&
    rc=0 || rc=$?
check "rebind to an issuer name the configuration lacks is refused" \
    sh -c "test $rc -ne 0 && grep -q 'no issuer section \"nosuch\"' '$W/rebind.out'"

# ------------------------------------------------ adopt_from
# newco (adopt_from = cotter) takes over Cotter-bound accounts, once.
newco() {
	mint --iss https://new.example "$@"
}
"$PC" accounts precreate --config="$C" --iss https://www.cotter.app \
    --sub fay-sub -- fay fay@example.com >"$W/pre.out" 2>&1
fay_cotter=$(mint --sub fay-sub --identifier fay@example.com)
log_mark
expect "adopt: newco's verified token takes over fay's Cotter-bound account" \
    success fay "$(newco --sub newco-fay --identifier fay@example.com \
    --claim email_verified=true)"
check "... the binding is newco's now, Cotter's kept as history" \
    sh -c "grep -qx 'iss https://new.example' '$W/state/bindings/fay' &&
grep -qx 'was-sub fay-sub' '$W/state/bindings/fay'"
expect_log "... and it is logged" 'adopt ok: adopted "fay"'
expect "adopt: newco's token opens fay again (now bound)" success fay \
    "$(newco --sub newco-fay --identifier fay@example.com)"
expect "adopt: the Cotter token no longer opens fay" auth_err fay \
    "$fay_cotter"
expect "adopt: a second adoption (another newco subject, same email) is refused" \
    auth_err fay "$(newco --sub newco-fay-2 --identifier fay@example.com)"
"$PC" accounts precreate --config="$C" --iss https://www.cotter.app \
    --sub gus-sub -- gus gus@example.com >"$W/pre.out" 2>&1
log_mark
expect "adopt: an unverified email (email_verified false) is refused" \
    auth_err gus "$(newco --sub newco-gus --identifier gus@example.com \
    --claim email_verified=false)"
check "... with a line on the screen, the binding untouched" \
    sh -c "printf '%s' \"\$1\" | grep -q 'not verified' &&
grep -qx 'sub gus-sub' '$W/state/bindings/gus'" x "$OUT"
expect "adopt: a token of another identity is refused" auth_err gus \
    "$(newco --sub newco-gus --identifier gus.other@example.com)"
expect "adopt: without email_verified in the token gus is adopted (control)" \
    success gus "$(newco --sub newco-gus --identifier gus@example.com)"
# Under a non-root caller (su, a screen locker) no account is adopted.
"$PC" accounts precreate --config="$C" --iss https://www.cotter.app \
    --sub ida-sub -- ida ida@example.com >"$W/pre.out" 2>&1
ida_uid=$(id -u ida)
RC=0
OUT=$(newco --sub newco-ida --identifier ida@example.com |
    setpriv --reuid="$ida_uid" --regid="$ida_uid" --clear-groups \
    timeout 60 pamtester -v "$SERVICE" ida authenticate 2>&1) || RC=$?
check "adopt: a non-root caller adopts nothing (refused, binding untouched)" \
    sh -c "test $RC -ne 0 && grep -qx 'sub ida-sub' '$W/state/bindings/ida'"
expect "adopt: the same token through a root service adopts ida (control)" \
    success ida "$(newco --sub newco-ida --identifier ida@example.com)"
"$PC" accounts precreate --config="$C" --iss https://www.cotter.app \
    --sub hal-sub -- hal hal@example.com >"$W/pre.out" 2>&1
"$PC" accounts precreate --config="$C" --iss https://new.example \
    --sub newco-hal2 -- hal2 hal@example.com >"$W/pre.out" 2>&1
log_mark
expect "adopt: an identity already bound to another account under newco is refused" \
    auth_err hal "$(newco --sub newco-hal --identifier hal@example.com)"
expect_log "... the helper says which account" \
    'bound to another account \("hal2"\)'
check "... hal's binding untouched" grep -qx 'sub hal-sub' \
    "$W/state/bindings/hal"
expect "adopt: glewlwyd (no adopt_from) never takes a Cotter account" \
    auth_err erin "$(gw_token carol carol-pw es256)"

# ------------------------------------------------ bad groups claims
fay_tok() {
	newco --sub newco-fay --identifier fay@example.com "$@"
}
expect "roles [\"admins\"] logs fay in (control)" success fay \
    "$(fay_tok --claim 'roles=["admins"]')"
check "... and puts her in dev (admins:dev)" in_group dev fay
log_mark
expect "a groups claim that is a number is refused, not read as no groups" \
    auth_err fay "$(fay_tok --claim roles=5)"
case $OUT in
*"The groups your identity provider sent cannot be read"*)
	ok "... and the person is told so on screen" ;;
*) not_ok "... and the person is told so on screen" "$OUT" ;;
esac
expect_log "... with a line saying so" 'roles: neither a string nor an array'
check "... and her groups stay as they were" in_group dev fay
expect "a groups array holding a number is refused" auth_err fay \
    "$(fay_tok --claim 'roles=["admins",7]')"
many=$(/usr/bin/python3 -c 'print(",".join(["g%d" % i for i in range(1100)]))')
log_mark
expect "a groups claim of 1100 values is refused" auth_err fay \
    "$(fay_tok --claim "roles=\"$many\"")"
expect_log "... saying the bound" 'roles: more than 1024 values'
huge=$(/usr/bin/python3 -c 'import json; print(json.dumps(["a"] * 10000))')
expect "a groups claim of 10,000 values is refused (the token is too long)" \
    auth_err fay "$(fay_tok --claim "roles=$huge")"
check "... and her groups stay as they were" in_group dev fay

"$PC" accounts list --config="$C" >"$W/list.out" 2>&1
check "accounts list: fay under issuer newco, managing her group dev" \
    grep -qE "^fay +bound +fay@example.com +issuer newco, sub newco-fay, account exists, managed groups dev" "$W/list.out"

# A mapped group with gid 0 refuses the login, changing nothing.
groupadd -o -g 0 rootish
sed 's/^group_map = admins:dev$/group_map = admins:dev admins:rootish/' \
    "$C" >"$W/gid0.conf"
chmod 0644 "$W/gid0.conf"
service_file "config=$W/gid0.conf nodelay"
log_mark
expect "group_map naming a gid-0 group refuses the login" service_err fay \
    "$(fay_tok --claim 'roles=["admins"]')"
expect_log "... with a line saying so" 'group "rootish" has gid 0'
check "... and fay is in no gid-0 group" eval '! in_group rootish fay'

# A gpasswd that fails half-way: the changes already made are undone, so a
# failure leaves the old memberships.  gpasswd is replaced in this mount
# namespace only by one that refuses the group "failg".
groupadd qa
groupadd failg
GP=$(command -v gpasswd)
cp "$GP" "$W/gpasswd.real"
cat >"$W/gpasswd.fake" <<FAKE
#!/bin/sh
for a; do last=\$a; done
[ "\$last" = failg ] && { echo "gpasswd: refused for the test" >&2; exit 3; }
exec "$W/gpasswd.real" "\$@"
FAKE
chmod 0755 "$W/gpasswd.fake"
sed 's/^group_map = admins:dev$/group_map = admins:dev staff:qa staff:failg/' \
    "$C" >"$W/half.conf"
chmod 0644 "$W/half.conf"
service_file "config=$W/half.conf nodelay"
mount --bind "$W/gpasswd.fake" "$GP"
log_mark
expect "gpasswd failing for the second group: the login is refused" \
    system_err fay "$(fay_tok --claim 'roles=["staff"]')"
expect_log "... with a line naming the failure" 'refused for the test'
check "... the first group's change is undone (not in qa)" \
    sh -c "! getent group qa | cut -d: -f4 | tr ',' '\n' | grep -qx fay"
check "... and she keeps dev (nothing removed)" in_group dev fay
umount "$GP"
sed -i 's/ staff:failg$//' "$W/half.conf"
expect "the same change without the failing group logs in (control)" \
    success fay "$(fay_tok --claim 'roles=["staff"]')"
check "... and moves her from dev to qa" \
    sh -c "getent group qa | cut -d: -f4 | tr ',' '\n' | grep -qx fay &&
! getent group dev | cut -d: -f4 | tr ',' '\n' | grep -qx fay"
service_file "config=$C nodelay"

# ------------------------------------------------ pam-cotter doctor
"$PC" doctor --config="$W/gid0.conf" >"$W/doctor.out" 2>&1 || true
check "doctor: a mapped group that exists is ok" \
    grep -q "issuer glew: group sudo exists" "$W/doctor.out"
check "doctor: a mapped group that does not exist fails" \
    grep -q "issuer glew: group nosuchgroup does not exist" "$W/doctor.out"
check "doctor: a mapped group with gid 0 fails" \
    grep -q "issuer newco: group rootish has gid 0" "$W/doctor.out"
printf 'a b\n' >"$W/deny"
"$PC" doctor --config="$C" >"$W/doctor.out" 2>&1 || true
check "doctor: a malformed deny file fails, naming its line" \
    grep -q "deny_file .*deny:1: one identity" "$W/doctor.out"
: >"$W/deny"
finish

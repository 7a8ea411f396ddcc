#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Issue 25: sign-in on another device at the prompt (RFC 8628) against
# Debian's glewlwyd on 127.0.0.1.  An empty answer shows a code; the test
# approves it through glewlwyd's own API as the person would in a
# browser, while pamtester waits; the token the module receives is
# verified as a typed one.  Run as root (login) and as the user (a screen
# locker); denial, expiry, another person's approval, the issuer down,
# Enter twice, the locker killed while polling; sshd does not offer it.
. "$(dirname "$0")/lib.sh"
. "$top/tests/issuer/glewlwyd.sh"

PC="$top/admin/pam-cotter"
setup_world
trap 'gw_stop' EXIT
trap 'exit 1' INT TERM HUP PIPE

if ! command -v glewlwyd >/dev/null || ! command -v stdbuf >/dev/null; then
	not_ok "glewlwyd and stdbuf are installed (.ci/test-deps)"
	finish
fi
if gw_start "$W/gw"; then
	ok "glewlwyd starts on $GW_URL"
else
	not_ok "glewlwyd starts"
	finish
fi
chmod 0644 "$GW_CA"

# dev_conf NAME [EXTRA LINE...]: a configuration with the device flow of
# glewlwyd's es256 instance (public client pam-cotter, scope pam-login).
dev_conf() {
	name=$1
	shift
	{
		cat <<CONF
issuer = $(gw_iss es256)
audience = pam-login
algorithms = ES256
identity_claim = email
jwks_cache = $W/cache.es256.json
jwks_url = $(gw_jwks_url es256)
ca_file = $GW_CA
helper_dir = $top/helpers
map_file = $W/users
device_flow = yes
client_id = pam-cotter
scope = pam-login
device_authorization_endpoint = $(gw_iss es256)/device_authorization
token_endpoint = $(gw_iss es256)/token
CONF
		for l in "$@"; do
			printf '%s\n' "$l"
		done
	} >"$W/$name.conf"
	chmod 0644 "$W/$name.conf"
}
dev_conf dev
"$PC" --config="$W/dev.conf" refresh >"$W/refresh.out" 2>&1
check "setup: the fetcher fetched glewlwyd's es256 keys" \
    test -s "$W/cache.es256.json"

# svc NAME CONF: /etc/pam.d/NAME with the module alone.
svc() {
	printf 'auth required %s config=%s nodelay\naccount required pam_permit.so\n' \
	    "$MODULE" "$W/$2.conf" >"/etc/pam.d/$1"
}
svc login dev
svc xsecurelock dev
svc sshd dev

# helpers_running: how many device helpers of this file's logins exist
# now (their argv names this glewlwyd's token endpoint; another test's
# helpers, running at the same time, do not count).
helpers_running() {
	pgrep -fc -- "pam_cotter_device .*--token-endpoint $GW_URL/" \
	    2>/dev/null || true
}

# dev_helper: the pid of the helper of the login dev_start began (the
# child of its pamtester, a child of the job), waiting at most ~5 s; ""
# when there is none.
dev_helper() {
	i=0
	while [ "$i" -lt 50 ]; do
		for p in $(pgrep -x pam_cotter_devi); do
			pp=$(ps -o ppid= -p "$p" | tr -d ' ')
			[ -n "$pp" ] && [ "$(ps -o ppid= -p "$pp" | tr -d ' ')" = \
			    "$DEV_JOB" ] && echo "$p" && return 0
		done
		i=$((i + 1))
		sleep 0.1
	done
	echo "# no helper under job $DEV_JOB: $(ps -eo pid,ppid,comm | grep -E 'pamtester|pam_cotter_devi')" >&2
}

# dev_start SERVICE RUNAS USER [ANSWERS]: pamtester in the background,
# answering ANSWERS (default one empty line), its output line-buffered
# into $W/dev.out; RUNAS "root" or a user (as a screen locker runs).
dev_start() {
	rm -f "$W/dev.out" "$W/dev.rc"
	: >"$W/dev.out"
	if [ "$2" = root ]; then
		set -- "$1" "$3" "${4:-\n}" ""
	else
		set -- "$1" "$3" "${4:-\n}" \
		    "setpriv --reuid=$2 --regid=$(id -g "$2") --clear-groups"
	fi
	(
		printf "$3" | $4 stdbuf -oL -eL pamtester -v "$1" "$2" \
		    authenticate >"$W/dev.out" 2>&1
		echo $? >"$W/dev.rc.tmp" && mv "$W/dev.rc.tmp" "$W/dev.rc"
	) &
	DEV_JOB=$!
}

# dev_code: waits (at most ~30 s) for the code in pamtester's output;
# sets CODE.
dev_code() {
	CODE=
	i=0
	while [ "$i" -lt 300 ]; do
		CODE=$(sed -n 's/.*enter the code \([A-Z0-9-]*\).*/\1/p' \
		    "$W/dev.out" | head -1)
		[ -n "$CODE" ] && return 0
		[ -e "$W/dev.rc" ] && return 1
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}

# dev_end: waits (at most ~60 s) for pamtester's result; sets RC.
dev_end() {
	i=0
	while [ ! -e "$W/dev.rc" ] && [ "$i" -lt 600 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	RC=$(cat "$W/dev.rc" 2>/dev/null || echo timeout)
	wait "$DEV_JOB" 2>/dev/null
}

# dev_flow NAME SERVICE RUNAS USER APPROVER PW WANT: the whole flow.
dev_flow() {
	dev_start "$2" "$3" "$4"
	if ! dev_code; then
		not_ok "$1: the code is shown" "$(tail -3 "$W/dev.out")"
		dev_end
		return
	fi
	gw_device_approve es256 "$5" "$6" "$CODE" >/dev/null 2>&1 ||
	    echo "approval failed" >>"$W/dev.out"
	dev_end
	if [ "$7" = success ] && [ "$RC" = 0 ] &&
	    grep -q "successfully authenticated" "$W/dev.out"; then
		ok "$1 (success)"
	elif [ "$7" != success ] && [ "$RC" != 0 ] && [ "$RC" != timeout ]; then
		ok "$1 (refused)"
	else
		not_ok "$1 (wanted $7, exit $RC)" "$(tail -4 "$W/dev.out")"
	fi
}

# ------------------------------------------------------------ root: login
log_mark
dev_flow "login as root: empty answer, code, alice approves" login root \
    alice alice alice-pw success
check "... the prompt said an empty answer signs in on another device" \
    grep -q "Token (or Enter for a sign-in code): " "$W/dev.out"
check "... the message named glewlwyd's verification URI and the code" \
    grep -qF "open $(gw_iss es256)/device on your phone" "$W/dev.out"
expect_log "... the log says the code was shown" \
    'device sign-in for user "alice": code shown'
expect_log "... and the token was accepted as a typed one" \
    'accepted token of issuer "default" for user "alice"'
expect_no_log "... the token never reaches the log" 'eyJ'
check "... no helper left running" test "$(helpers_running)" = 0

# A root service with the dedicated account _pam_cotter: the helper runs
# as that account, not as root.
useradd -r -M -s /usr/sbin/nologin _pam_cotter
check "setup: the account _pam_cotter" sh -c "id -u _pam_cotter >/dev/null"
dev_start login root alice
if dev_code; then
	pid=$(dev_helper)
	ids="$(ps -o ruid=,euid= -p "$pid" | tr -s ' ' | sed 's/^ //')"
	want="$(id -u _pam_cotter) $(id -u _pam_cotter)"
	if [ -n "$pid" ] && [ "$ids" = "$want" ]; then
		ok "root service, _pam_cotter exists: the helper runs as _pam_cotter"
	else
		not_ok "root service, _pam_cotter exists: the helper runs as _pam_cotter" \
		    "pid $pid ids '$ids', want '$want'" \
		    "$(getent passwd _pam_cotter)"
	fi
	check "... with no supplementary group" \
	    test -n "$pid" -a "$(sed -n 's/^Groups:[[:space:]]*//p' \
	    "/proc/$pid/status" | tr -d ' ')" = ""
	gw_device_approve es256 alice alice-pw "$CODE" >/dev/null 2>&1
else
	not_ok "root service, _pam_cotter exists: the code is shown"
fi
dev_end
check "... and the login succeeds" test "$RC" = 0
userdel _pam_cotter
dev_start login root alice
if dev_code; then
	pid=$(dev_helper)
	check "without _pam_cotter: the helper runs as root (as the fetcher)" \
	    test "$(ps -o euid= -p "$pid" | tr -d ' ')" = 0
	gw_device_approve es256 alice alice-pw "$CODE" >/dev/null 2>&1
fi
dev_end

# ------------------------------------------------------ as the user: a locker
dev_flow "xsecurelock as alice: the code, approval, success" xsecurelock \
    alice alice alice alice-pw success
dev_start xsecurelock alice alice
if dev_code; then
	pid=$(dev_helper)
	check "as alice: the helper runs with alice's uid" \
	    test "$(ps -o ruid= -p "$pid" | tr -d ' ')" = "$(id -u alice)" -a \
	    "$(ps -o euid= -p "$pid" | tr -d ' ')" = "$(id -u alice)"
	check "as alice: the helper's environment is empty" \
	    test -n "$pid" -a -e "/proc/$pid/environ" -a ! -s "/proc/$pid/environ"
	gw_device_approve es256 alice alice-pw "$CODE" >/dev/null 2>&1
else
	not_ok "as alice: the code is shown" "$(tail -3 "$W/dev.out")"
fi
dev_end
check "as alice: success" test "$RC" = 0

# ------------------------------------------------------ refusals
log_mark
dev_flow "bob approves the code alice's login shows: refused" login root \
    alice bob bob-pw refused
expect_log "... because bob's token does not map to alice" \
    'refused user "alice"'

log_mark
dev_start login root alice
if dev_code; then
	gw_device_deny es256 "$CODE" >/dev/null 2>&1
fi
dev_end
check "a denied code is refused" test "$RC" != 0 -a "$RC" != timeout
check "... the screen says it was denied" \
    grep -q "denied on the other device" "$W/dev.out"
expect_log "... the log says access_denied" 'device sign-in: access_denied'

log_mark
dev_start xsecurelock alice alice
if dev_code; then
	gw_device_expire es256 "$CODE" >/dev/null 2>&1
fi
dev_end
check "an expired code is refused (as the locker)" \
    test "$RC" != 0 -a "$RC" != timeout
check "... the screen says to press Enter again" \
    grep -q "expired before it was approved" "$W/dev.out"
expect_log "... the log says expired_token" 'device sign-in: expired_token'
check "... no helper left running" test "$(helpers_running)" = 0

# Nobody approves: the wait ends at device_flow_timeout (10 s here).
dev_conf short "device_flow_timeout = 10"
svc login short
log_mark
dev_start login root alice
if dev_code; then
	dev_end
	check "no approval within device_flow_timeout: refused" \
	    test "$RC" != 0 -a "$RC" != timeout
	check "... the screen says to press Enter again" \
	    grep -q "expired before it was approved" "$W/dev.out"
	expect_log "... the log says the wait ended" \
	    'device sign-in: timeout: no approval in time'
	check "... no helper left running" test "$(helpers_running)" = 0
else
	not_ok "device_flow_timeout: the code is shown"
	dev_end
fi
svc login dev

# Enter twice: the second empty answer starts no second flow.
log_mark
dev_start login root alice '\n\n'
if dev_code; then
	check "Enter twice: one helper while the code waits" \
	    test "$(helpers_running)" = 1
	gw_device_approve es256 alice alice-pw "$CODE" >/dev/null 2>&1
fi
dev_end
check "Enter twice: success" test "$RC" = 0
check "... one code shown" test "$(grep -c 'enter the code' "$W/dev.out")" = 1

# The locker killed while polling: the helper goes with it.
dev_start xsecurelock alice alice
if dev_code; then
	pkill -KILL -x -u alice pamtester
	i=0
	while [ "$(helpers_running)" != 0 ] && [ "$i" -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	check "the locker killed while polling: the helper is gone" \
	    test "$(helpers_running)" = 0
else
	not_ok "the locker killed while polling: the code is shown"
fi
dev_end

# The issuer down: a closed port.
port=$(gw_free_port)
dev_conf down "fetch_timeout = 2"
sed -i "s|^device_authorization_endpoint = .*|device_authorization_endpoint = https://127.0.0.1:$port/device|" \
    "$W/down.conf"
svc login down
log_mark
dev_start login root alice
dev_end
check "the issuer down: refused" test "$RC" != 0 -a "$RC" != timeout
check "... the screen says it could not be reached" \
    grep -q "could not be reached" "$W/dev.out"
expect_log "... the log line names the failure" 'device sign-in: .*'
svc login dev

# An issuer answering garbage, or not at all: the project's test server.
T="$W/srv"
mkdir -m 0755 "$T"
. "$top/tests/e2e/server.sh"
make_ca
chmod -R a+rX "$T/ca"
cp "$W/cache.es256.json" "$T/jwks.json"
if start_server good; then
	# garb NAME MODE ENDPOINT-LINE WANT-LOG
	garb() {
		echo "$2" >"$T/mode"
		dev_conf garb "$3"
		sed -i "s|^ca_file = .*|ca_file = $T/ca/ca.pem|" "$W/garb.conf"
		sed -i "/^${3%% *} = $(gw_iss es256 | sed 's|/|\\/|g').*/d" \
		    "$W/garb.conf"
		svc login garb
		log_mark
		dev_start login root alice
		dev_end
		check "$1: refused, with no code shown" \
		    sh -c "test '$RC' != 0 -a '$RC' != timeout &&
! grep -q 'enter the code' '$W/dev.out'"
		expect_log "... the log says why" "$4"
		check "... no helper left running" test "$(helpers_running)" = 0
	}
	garb "device endpoint answering a key set (no device_code)" ok \
	    "device_authorization_endpoint = $URL" \
	    'device sign-in: issuer: device_code, user_code or verification_uri missing'
	garb "device endpoint answering a web page" html \
	    "device_authorization_endpoint = $URL" \
	    'device sign-in: .*issuer.s answer'
	garb "device endpoint that never answers: bounded by fetch_timeout" hang \
	    "device_authorization_endpoint = $URL" \
	    'device sign-in: .*(imeout|timed out)'
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
else
	not_ok "the test server starts"
fi
svc login dev

# ------------------------------------------------------ discovery
# No endpoints written: the fetcher finds them in glewlwyd's discovery
# document and keeps them beside the keys; the login only reads them.
dev_conf disc
sed -i -e '/^device_authorization_endpoint/d' -e '/^token_endpoint/d' \
    -e "s|cache.es256.json|cache.disc.json|" "$W/disc.conf"
svc login disc
log_mark
dev_start login root alice
dev_end
check "discovery: before a refresh the flow is refused, no code shown" \
    sh -c "test '$RC' != 0 && ! grep -q 'enter the code' '$W/dev.out'"
check "... the screen says it is not ready yet" \
    grep -q "not ready on this computer yet" "$W/dev.out"
expect_log "... the log names the file and pam-cotter refresh" \
    'cache.disc.json.endpoints'
"$PC" doctor --config="$W/disc.conf" >"$W/doctor.out" 2>&1
check "doctor before the refresh: device_flow fails, naming the refresh" \
    grep -qE "device_flow.*cache.disc.json.endpoints.*pam-cotter refresh" \
    "$W/doctor.out"
log_mark
"$PC" --config="$W/disc.conf" refresh >"$W/refresh.out" 2>&1
"$PC" doctor --config="$W/disc.conf" >"$W/doctor.out" 2>&1
check "doctor after it: the endpoints from discovery, a public client" \
    sh -c "grep -q 'endpoints $(gw_iss es256)/device_authorization and .*from discovery' '$W/doctor.out' &&
grep -q 'a public client' '$W/doctor.out' &&
! grep -q 'device_flow.*cache.disc.json.endpoints' '$W/doctor.out'"
expect_log "pam-cotter refresh: the fetcher took the endpoints from discovery" \
    'pam_cotter_fetch.*device endpoints from discovery written'
check "... kept beside the keys, root's, mode 0644" \
    test "$(stat -c '%U %a' "$W/cache.disc.json.endpoints")" = "root 644"
check "... glewlwyd's own device and token endpoints" \
    test "$(cat "$W/cache.disc.json.endpoints")" = "$(printf \
    'device_authorization_endpoint %s\ntoken_endpoint %s' \
    "$(gw_iss es256)/device_authorization" "$(gw_iss es256)/token")"
rm -f "$W/cache.disc.json.endpoints"
"$top/helpers/pam_cotter_fetch" --config "$W/disc.conf" --force \
    >/dev/null 2>&1 </dev/null
check "the timer's fetcher (--config) writes them as well" \
    grep -q "^token_endpoint $(gw_iss es256)/token\$" \
    "$W/cache.disc.json.endpoints"
svc xsecurelock disc
dev_flow "discovery: the flow as alice (a locker) with the found endpoints" \
    xsecurelock alice alice alice alice-pw success
svc xsecurelock dev
svc login dev

# ------------------------------------------------------ sshd: not offered
log_mark
dev_start sshd root alice
dev_end
check "sshd: not offered (no hint in the prompt, no code)" \
    sh -c "test '$RC' != 0 && ! grep -q 'Enter for a sign-in code' '$W/dev.out' &&
! grep -q 'enter the code' '$W/dev.out'"
expect_no_log "... no device sign-in was started" 'device sign-in'
dev_conf dev-ssh "device_flow_services = sshd"
svc sshd dev-ssh
dev_flow "sshd listed in device_flow_services: offered (control)" sshd \
    root alice alice alice-pw success

# ------------------------------------------------------ point 4: advice
# A token cut short or repeated: the log line and the screen name what
# works for that client, never advice for another one.
tok=$(gw_token alice alice-pw es256)
cut=$(printf '%s' "$tok" | cut -c1-300)
svc sudo dev
# advise NAME SERVICE WANT-LOG WANT-SCREEN NOT-LOG ANSWER...: pamtester
# as root; NOT-LOG (an extended regular expression) is the advice of the
# other clients.
advise() {
	name=$1 s=$2 wl=$3 ws=$4 nl=$5
	shift 5
	log_mark
	OUT=$(printf '%s\n' "$@" | timeout 60 pamtester -v "$s" alice \
	    authenticate 2>&1) || :
	expect_log "$name: the log line says what works there" "$wl"
	if printf '%s' "$OUT" | grep -qF "$ws"; then
		ok "$name: so does the screen"
	else
		not_ok "$name: so does the screen" "$(printf '%s' "$OUT" | tail -2)"
	fi
	expect_no_log "$name: no advice for another client" "refused.*($nl)"
}
advise "a locker answering twice the same (i3lock)" xsecurelock \
    'part 2 repeats the first answer .*empty answer signs in with a code on another device, or use the local password' \
    "press Enter on an empty answer to sign in with a code" \
    "keyboard-interactive|sudo drops|long token in parts" "$cut" "$cut"
advise "sudo: the token cut at part 2" sudo \
    'part 2.*; sudo drops an answer of 512 bytes or more: enter a long token in parts' \
    "paste it in parts of at most 500 characters" \
    "keyboard-interactive|local password" "$cut"
advise "a terminal (login): a repeated part" login \
    'part 2 repeats the first answer .*; enter a long token in parts' \
    "paste it in parts, Enter after each" \
    "keyboard-interactive|local password|sudo drops" "$cut" "$cut"
# A confidential client: its secret file must be root's alone.
mkdir -p -m 0755 "$W/sec"
printf 'not-a-real-secret\n' >"$W/sec/secret"
chmod 0644 "$W/sec/secret"
dev_conf conf "client_secret_file = $W/sec/secret"
"$PC" doctor --config="$W/conf.conf" >"$W/doctor.out" 2>&1
check "doctor: a client secret readable by others fails with its chmod" \
    grep -q "readable by others than root (fix: chmod 0600" "$W/doctor.out"
chmod 0600 "$W/sec/secret"
"$PC" doctor --config="$W/conf.conf" >"$W/doctor.out" 2>&1
check "doctor: at 0600 it warns that lockers cannot read it" \
    grep -q "screen lockers (which run as the user) cannot read it" \
    "$W/doctor.out"
# As root (login) the confidential client works: glewlwyd's pam-cotter-pw
# with its secret; a wrong secret is refused by the issuer.
printf 'pw-client-secret\n' >"$W/sec/secret"
chmod 0600 "$W/sec/secret"
sed -i 's/^client_id = .*/client_id = pam-cotter-pw/' "$W/conf.conf"
svc login conf
dev_flow "a confidential client as root (login): code, approval, success" \
    login root alice alice alice-pw success
printf 'a-wrong-secret\n' >"$W/sec/secret"
log_mark
dev_start login root alice
dev_end
check "... with a wrong secret: refused, no code shown" \
    sh -c "test '$RC' != 0 -a '$RC' != timeout &&
! grep -q 'enter the code' '$W/dev.out'"
expect_log "... the log says the issuer refused the device authorization" \
    'device sign-in: issuer: device authorization answered HTTP 4'
expect_no_log "... and never shows the secret" 'a-wrong-secret|pw-client-secret'
svc login dev
svc xsecurelock conf
log_mark
dev_start xsecurelock alice alice
dev_end
check "a confidential client under a locker: refused, no code shown" \
    sh -c "test '$RC' != 0 && ! grep -q 'enter the code' '$W/dev.out' &&
grep -q 'not available here' '$W/dev.out'"
expect_log "... the log says only a public client works there" \
    'confidential client .*only a public client works here'
svc xsecurelock dev

dev_conf nodev "device_flow_services = sshd"
svc xsecurelock nodev
advise "a locker where the device flow is not offered" xsecurelock \
    'this screen cannot take a whole token: use the local password' \
    "use your local password" \
    "keyboard-interactive|long token in parts|on another device" \
    "$cut" "$cut"
svc xsecurelock dev

gw_stop
finish

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The refresh policy through real logins (issue 3): pamtester and the
# module against the test HTTPS server on 127.0.0.1.  A login outcome is
# checked for each fault, the cache is byte-identical after each, and the
# server's request counter shows when the network was (not) used.
. "$(dirname "$0")/lib.sh"
. "$top/tests/e2e/server.sh"

setup_world
T=$W
C="$T/cache/jwks.json"
cleanup() {
	stop_server
}
trap cleanup EXIT
trap 'exit 1' INT TERM

make_ca
mkdir -m 0755 "$T/cache"
$ISSUER jwks "$W/keys" >"$T/jwks.json"
start_server good || { not_ok "server starts"; finish; }

# config CERT-INDEPENDENT: the module fetches from $URL into $C.
write_config() {
	cat >"$W/pam_cotter.conf" <<CONF
audience = $AUD
jwks_cache = $C
jwks_url = $URL
ca_file = $T/ca/ca.pem
helper_dir = $top/helpers
map_file = $W/users
refresh_interval = 3600
max_stale = 604800
refresh_min_interval = 300
fetch_timeout = 2
# This file is about key refresh: it logs in with one token many times on
# purpose (32 at once against a stale cache); issue 24's replay store is
# t_replay.sh's.
replay = off
${1:-}
CONF
	chmod 0644 "$W/pam_cotter.conf"
}
write_config

# stale AGE: the cache is AGE old and a new fetch attempt is allowed.
stale() {
	touch -d "$1" "$C"
	rm -f "$C.attempt"
}

snapshot() {
	cp "$C" "$T/cache.before"
}

good=$(mint --identifier alice@example.com)

# --- steady state -----------------------------------------------------------
expect "no cache yet: the login fetches the key set" success alice "$good"
check "no cache yet: exactly one request" test "$(count)" -eq 1
check "the cache is the served set, root-owned 0644" \
    sh -c "cmp -s '$C' '$T/jwks.json' && test \"\$(stat -c '%u %a' '$C')\" = '0 644'"
before=$(count)
expect "fresh cache: login" success alice "$good"
expect "fresh cache: another login" success alice "$good"
check "fresh cache: no network at all" test "$(count)" -eq "$before"

stale "2 hours ago"
before=$(count)
expect "stale cache, issuer up: login" success alice "$good"
check "stale cache: one conditional request" test "$(count)" -eq $((before + 1))
check "stale cache: age reset (mtime bumped)" \
    test $(($(date +%s) - $(stat -c %Y "$C"))) -lt 600

# --- the issuer misbehaves: logins go on from cache --------------------------
fault() {
	name=$1
	stale "2 hours ago"
	snapshot
	before=$(count)
	login alice "$good"
	if [ "$RC" -eq 0 ] && cmp -s "$C" "$T/cache.before"; then
		ok "$name: login works from cache, cache byte-identical"
	else
		not_ok "$name: login works from cache, cache byte-identical" \
		    "exit $RC" "$(printf '%s' "$OUT" | tail -1)"
	fi
	if [ "$2" = reached ]; then
		check "$name: the fetch was attempted" \
		    test "$(count)" -eq $((before + 1))
	fi
}
for m in slow huge huge-nolength truncated html 404 500 redirect private \
    dupkid empty hang; do
	mode "$m"
	fault "issuer answers '$m'" reached
done
mode ok

for cert in wronghost expired selfsigned; do
	stop_server
	start_server "$cert"
	write_config
	fault "certificate '$cert'" no
done
stop_server
start_server good
good_port=$PORT
write_config

stop_server
fault "server down (connection refused)" no
stale "8 days ago"
expect "server down and cache past max_stale" authinfo_unavail alice "$good"
start_server good
write_config
stale "8 days ago"
expect "issuer back: a stale-past-max_stale cache is refreshed" success \
    alice "$good"

# At most one attempt per refresh_min_interval, even while failing.
mode 500
stale "2 hours ago"
before=$(count)
expect "outage: first login tries the issuer" success alice "$good"
expect "outage: the next login does not" success alice "$good"
check "outage: one request for two logins" test "$(count)" -eq $((before + 1))
mode ok

# --- key rotation ------------------------------------------------------------
NEWKID=$($ISSUER keygen "$W/keys" --kid "SPACE_JWT_PUBLIC:rotated-$$")
$ISSUER jwks "$W/keys" >"$T/jwks.json"
rotated=$(mint --kid "$NEWKID" --identifier alice@example.com)
rm -f "$C.attempt"	# the outage above was the last attempt: time passes
before=$(count)
expect "rotation: a token with the new kid" success alice "$rotated"
check "rotation: one fetch brought the new key" test "$(count)" -eq $((before + 1))
before=$(count)
$ISSUER keygen "$W/other" --kid "SPACE_JWT_PUBLIC:unknown-$$" >/dev/null
unknown=$($ISSUER mint "$W/other" --aud "$AUD" --identifier alice@example.com)
log_mark
expect "unknown kid within refresh_min_interval" auth_err alice "$unknown"
expect_log "unknown kid: the log line says the refetch was held back by the rate limit" \
    'refused user "alice": unknown kid \(kid#[0-9a-f]{8}\); key set not refetched: held back by the rate limit: the last fetch attempt was less than refresh_min_interval \(300s\) ago'
expect "another unknown kid" auth_err alice "$unknown"
check "unknown kids: no fetch within refresh_min_interval" \
    test "$(count)" -eq "$before"

# Issue 21.3: pam-cotter refresh, asked by a person, fetches now.
PC="$top/admin/pam-cotter"
PRC=0
POUT=$("$PC" refresh --config="$W/pam_cotter.conf" 2>&1) || PRC=$?
check "pam-cotter refresh within refresh_min_interval: fetches now (exit $PRC)" \
    sh -c "[ $PRC -eq 0 ] && [ $(count) -eq $((before + 1)) ]"
check "... and never speaks of an unknown kid or refresh_min_interval" \
    sh -c "! printf '%s' \"\$1\" | grep -qE 'unknown kid|refresh_min_interval'" x "$POUT"
expect "after it, logins still keep to refresh_min_interval" auth_err alice "$unknown"
check "... no request for that login" test "$(count)" -eq $((before + 1))
rm -f "$T/held"
flock "$C.lock" sh -c "echo \$\$ >'$T/held.tmp'; mv '$T/held.tmp' '$T/held'; exec sleep 120" &
flock_pid=$!
i=0
until [ -s "$T/held" ] || [ "$i" -gt 200 ]; do
	sleep 0.1
	i=$((i + 1))
done
PRC=0
POUT=$("$PC" refresh --config="$W/pam_cotter.conf" 2>&1) || PRC=$?
kill "$(cat "$T/held")" "$flock_pid" 2>/dev/null
wait "$flock_pid" 2>/dev/null
check "pam-cotter refresh while a fetch holds the lock: refused, says so" \
    sh -c "[ $PRC -eq 1 ] && [ $(count) -eq $((before + 1)) ] && printf '%s' \"\$1\" | grep -q 'a key fetch is running now'" x "$POUT"
mode 500
PRC=0
POUT=$("$PC" refresh --config="$W/pam_cotter.conf" 2>&1) || PRC=$?
mode ok
check "pam-cotter refresh: a failed fetch shows the fetcher's own line" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q '^pam-cotter refresh: pam_cotter_fetch: HTTP 500 from '" x "$POUT"
before=$(count)

# The issuer drops the old key: after the next refresh its tokens fail.
rm "$W/keys/"ES256__"$KID".pem
$ISSUER jwks "$W/keys" >"$T/jwks.json"
stale "2 hours ago"
expect "removed key: its token is refused after refresh" auth_err alice "$good"
check "removed key: the cache no longer holds it" \
    sh -c "! grep -qF '$KID' '$C'"
expect "removed key: the new key still works" success alice "$rotated"

# --- 32 logins at once against a stale cache: one request -------------------
stale "2 hours ago"
before=$(count)
i=0
pids=
while [ "$i" -lt 32 ]; do
	(printf '%s\n' "$rotated" | timeout 60 pamtester "$SERVICE" alice \
	    authenticate >/dev/null 2>&1; echo $? >"$T/rc.$i") &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do wait "$p"; done
done_n=$(ls "$T" | grep -c '^rc\.')
ok_n=$(cat "$T"/rc.* | grep -c '^0$')
check "32 simultaneous logins all ran ($done_n)" test "$done_n" -eq 32
check "32 simultaneous logins all succeed ($ok_n)" test "$ok_n" -eq 32
check "32 simultaneous logins: exactly one request" \
    test "$(count)" -eq $((before + 1))

# --- a hostile environment in the login process -------------------------------
stale "2 hours ago"
before=$(count)
RC=0
OUT=$(printf '%s\n' "$rotated" | SSLKEYLOGFILE="$T/keylog" \
    https_proxy=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 \
    CURL_CA_BUNDLE=/nonexistent timeout 60 pamtester "$SERVICE" alice \
    authenticate 2>&1) || RC=$?
check "hostile environment: login succeeds" test "$RC" -eq 0
check "hostile environment: the fetch reached the issuer (no proxy)" \
    test "$(count)" -eq $((before + 1))
check "hostile environment: no TLS key log written" test ! -e "$T/keylog"

# --- static key set: never fetched, never stale ------------------------------
cp "$T/jwks.json" "$T/static.json"
chmod 0644 "$T/static.json"
touch -d "30 days ago" "$T/static.json"
sed -i "s|^jwks_url = .*|jwks_url =|; s|^jwks_cache = .*|jwks_cache = $T/static.json|" \
    "$W/pam_cotter.conf"
before=$(count)
expect "static key set 30 days old: login" success alice "$rotated"
check "static key set: no request" test "$(count)" -eq "$before"
write_config

# --- the timer's path: the fetcher reads the module's configuration -----------
stale "2 hours ago"
before=$(count)
"$top/helpers/pam_cotter_fetch" --config "$W/pam_cotter.conf" </dev/null \
    >/dev/null 2>&1
check "fetcher --config: refreshes from jwks_url" test "$(count)" -eq $((before + 1))
check "fetcher --config: cache age reset" \
    test $(($(date +%s) - $(stat -c %Y "$C"))) -lt 600

finish

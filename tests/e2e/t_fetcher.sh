#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The key fetcher against a real HTTPS server on 127.0.0.1 (issue 3, "Keep
# the keys fresh"): a good fetch, conditional requests, every fault of the
# issue (each leaves the cache and its state byte-identical), certificate
# failures, a hostile environment, and a fetcher killed mid-transfer.
# Every wait is a bounded poll for a definite condition.
. "$(dirname "$0")/lib.sh"
. "$top/tests/e2e/server.sh"

FETCH="$top/helpers/pam_cotter_fetch"
T=$(mktemp -d)
chmod 0755 "$T"
C="$T/cache/jwks.json"

cleanup() {
	stop_server
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# gone PID: the process has exited (gone, or a zombie not yet waited for).
gone() {
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -z "$st" ] || [ "$st" = Z ]
}

# fetch [ARGS...]: runs the fetcher against $URL with the test CA; RC.
fetch() {
	"$FETCH" --url "$URL" --cache "$C" --ca-file "$T/ca/ca.pem" "$@" \
	    </dev/null >/dev/null 2>&1
	RC=$?
}

more_requests_than() {
	[ "$(count)" -gt "$1" ]
}

# snapshot / unchanged: the cache and its state are byte-identical.
snapshot() {
	cp "$C" "$T/cache.before"
	cp "$C.state" "$T/state.before"
}

unchanged() {
	cmp -s "$C" "$T/cache.before" && cmp -s "$C.state" "$T/state.before"
}

# refused NAME [FETCH ARGS...]: the fetch fails (exit 1), reached the
# server (one more request) and left cache and state alone.
refused() {
	name=$1
	shift
	snapshot
	before=$(count)
	fetch "$@"
	after=$(count)
	if [ "$RC" -eq 1 ] && unchanged && [ "$after" -eq $((before + 1)) ]; then
		ok "$name: refused, cache and state byte-identical"
	else
		not_ok "$name: refused, cache and state byte-identical" \
		    "exit $RC, requests $before -> $after"
	fi
}

# tls_refused NAME: with the current server, no HTTP request gets through.
tls_refused() {
	snapshot
	before=$(count)
	fetch
	if [ "$RC" -eq 1 ] && unchanged && [ "$(count)" -eq "$before" ]; then
		ok "$1: refused before any request, cache byte-identical"
	else
		not_ok "$1: refused before any request" "exit $RC"
	fi
}

# --- setup -----------------------------------------------------------------
make_ca
$ISSUER keygen "$T/keys" >/dev/null
$ISSUER jwks "$T/keys" >"$T/jwks.json"
mkdir -m 0755 "$T/cache"
check "test CA key files are 0600" \
    test "$(stat -c %a "$T/ca/ca.key" "$T/ca/good.key" | sort -u)" = 600
start_server good || { not_ok "server starts"; finish; }
ok "server listening on 127.0.0.1:$PORT"

# --- the good path -----------------------------------------------------------
log_mark
fetch
check "first fetch succeeds" test "$RC" -eq 0
check "cache is byte-identical to the served JWKS" cmp -s "$C" "$T/jwks.json"
check "cache is root-owned, mode 0644" test "$(stat -c '%u %a' "$C")" = "0 644"
check "state file holds the ETag" grep -q '^etag "[0-9a-f]\{64\}"$' "$C.state"
check "state file is root-owned, mode 0644" \
    test "$(stat -c '%u %a' "$C.state")" = "0 644"
check "no temp files left beside the cache" \
    test "$(ls "$T/cache" | grep -c tmp)" -eq 0
expect_log "success is logged" "pam_cotter_fetch\[[0-9]+\]: fetched 1 key from https://127.0.0.1:$PORT/jwks \(new key set written"

# RFC 7232: the second run is conditional and costs the issuer a 304.
touch -d '2001-01-01 00:00:00 UTC' "$C"
snapshot
before=$(count)
log_mark
fetch
check "unchanged set: fetch succeeds" test "$RC" -eq 0
check "unchanged set: one request" test "$(count)" -eq $((before + 1))
check "unchanged set: cache byte-identical" cmp -s "$C" "$T/cache.before"
check "unchanged set: cache mtime bumped to now" \
    test "$(stat -c %Y "$C")" -gt 978307200
expect_log "unchanged set: server answered 304" "key set unchanged: not modified at "

log_mark
fetch --force
check "--force: fetch succeeds" test "$RC" -eq 0
expect_log "--force: unconditional request got the body, said unchanged" "fetched 1 key from .*\(unchanged: the same key set"

# Issue 21.2: run by hand on a terminal, one line; quiet otherwise (the
# timer's journal socket, the module's /dev/null).
script -qec "'$FETCH' --url '$URL' --cache '$C' --ca-file '$T/ca/ca.pem'" \
    /dev/null </dev/null >"$T/tty.out" 2>&1
RC=$?
check "on a terminal: one line that says the key set is unchanged" \
    sh -c "[ $RC -eq 0 ] && [ \"\$(grep -c . '$T/tty.out')\" -eq 1 ] && grep -q '^pam_cotter_fetch: key set unchanged: not modified at ' '$T/tty.out'"
script -qec "'$FETCH' --url 'https://127.0.0.1:1/none' --cache '$C' --ca-file '$T/ca/ca.pem'" \
    /dev/null </dev/null >"$T/tty.out" 2>&1
check "on a terminal: a failure says why, in one line" \
    grep -q '^pam_cotter_fetch: fetch from https://127.0.0.1:1/none failed: ' "$T/tty.out"
"$FETCH" --url "$URL" --cache "$C" --ca-file "$T/ca/ca.pem" </dev/null \
    >"$T/quiet.out" 2>&1
check "not a terminal (a file): nothing printed" test ! -s "$T/quiet.out"

# Validators count only for a cache the module would load.
rm "$C"
fetch
check "missing cache: fetched again despite the state file" \
    cmp -s "$C" "$T/jwks.json"
printf 'garbage' >"$C"
fetch
check "unloadable cache: replaced, not confirmed by a 304" \
    cmp -s "$C" "$T/jwks.json"

# Key rotation: a new key appears, the set changes, the fetch picks it up.
$ISSUER keygen "$T/keys" >/dev/null
$ISSUER jwks "$T/keys" >"$T/jwks.json"
log_mark
fetch
check "rotated set: new set cached" cmp -s "$C" "$T/jwks.json"
expect_log "rotated set: two keys logged, a new set" "fetched 2 keys from .*\(new key set written"

# --- faults: each refused, the old cache and state untouched ---------------
for m in huge huge-nolength truncated html 404 500 redirect private \
    dupkid empty offcurve; do
	mode "$m"
	refused "$m"
done
mode slow
refused "1 byte per second (--timeout 2)" --timeout 2
mode hang
refused "server never answers (--timeout 2)" --timeout 2
mode ok
log_mark
mode 500
fetch
expect_log "HTTP error is logged" "HTTP 500 from https://127.0.0.1:$PORT/jwks"
mode private
fetch
expect_log "refused body is logged with its reason" \
    "refused body from https://127.0.0.1:$PORT/jwks: .*\"d\""
# Issue 15: the module builds only the key a token names, so the fetcher
# builds every key before it writes: a point off the curve refuses all.
mode offcurve
fetch
expect_log "a key off the curve refuses the set, logged" \
    "refused body from https://127.0.0.1:$PORT/jwks: JWK: EC point"
mode ok
# Issue 19 point 8: a set jansson takes but the module's reader refuses
# (an unused 65-member object, a real of 1e308) never replaces the cache;
# the same sets with 64 members or 1e307 (controls) are fetched.
for m in wide64 real307; do
	mode "$m"
	fetch --force
	check "$m (control): both readers take it, fetched" \
	    sh -c "[ $RC -eq 0 ] && ! cmp -s '$C' '$T/jwks.json'"
	mode ok
	fetch --force
done
for m in wide bigreal; do
	mode "$m"
	refused "$m (module's reader refuses it)" --force
done
mode wide
log_mark
fetch --force
expect_log "a set the module cannot read is refused, logged" \
    "refused body from https://127.0.0.1:$PORT/jwks: the module's reader"
mode ok
fetch --force
check "after the refusals the good set is cached" cmp -s "$C" "$T/jwks.json"

# Fetchers take turns: a held <cache>.fetch-lock makes this one give up.
exec 9>"$C.fetch-lock"
flock -x 9
before=$(count)
snapshot
fetch --timeout 1
check "fetch lock held elsewhere: exit 1, no request, cache untouched" \
    test "$RC" -eq 1 -a "$(count)" -eq "$before" -a -n "$(unchanged && echo y)"
flock -u 9
exec 9>&-
fetch
check "fetch lock released: fetch succeeds" test "$RC" -eq 0

# --- what the fetcher refuses to even try --------------------------------------
snapshot
before=$(count)
"$FETCH" --url "http://127.0.0.1:$PORT/jwks" --cache "$C" >/dev/null 2>&1
rc=$?
check "http:// URL refused (usage, exit 2), no request" \
    test "$rc" -eq 2 -a "$(count)" -eq "$before"
check "http:// URL: cache byte-identical" unchanged
"$FETCH" --url "$URL" --cache cache/jwks.json >/dev/null 2>&1
check "relative cache path refused (exit 2)" test "$?" -eq 2
"$FETCH" --url "$URL" --cache "$T/nodir/jwks.json" >/dev/null 2>&1
check "cache directory missing refused (exit 2)" test "$?" -eq 2
"$FETCH" --url "$URL" --cache "$T/cache/" >/dev/null 2>&1
check "cache path naming a directory refused (exit 2)" test "$?" -eq 2
chmod 0777 "$T/cache"
"$FETCH" --url "$URL" --cache "$C" >/dev/null 2>&1
rc=$?
chmod 0755 "$T/cache"
check "world-writable cache directory refused (exit 2)" test "$rc" -eq 2
"$FETCH" --cache "$C" >/dev/null 2>&1
check "missing --url refused (exit 2)" test "$?" -eq 2
"$FETCH" --url "$URL" --cache "$C" --timeout 0 >/dev/null 2>&1
check "--timeout 0 refused (exit 2)" test "$?" -eq 2
"$FETCH" --url "$URL" --cache "$C" --bogus >/dev/null 2>&1
check "unknown option refused (exit 2)" test "$?" -eq 2

# --- a hostile environment changes nothing -------------------------------------
before=$(count)
env SSLKEYLOGFILE="$T/keylog" https_proxy=http://127.0.0.1:1 \
    HTTPS_PROXY=http://127.0.0.1:1 ALL_PROXY=http://127.0.0.1:1 \
    all_proxy=http://127.0.0.1:1 CURL_CA_BUNDLE=/nonexistent \
    SSL_CERT_FILE=/nonexistent SSL_CERT_DIR=/nonexistent \
    "$FETCH" --url "$URL" --cache "$C" --ca-file "$T/ca/ca.pem" --force \
    >/dev/null 2>&1
rc=$?
check "hostile environment: fetch still succeeds" test "$rc" -eq 0
check "hostile environment: request went straight to the server" \
    test "$(count)" -eq $((before + 1))
check "SSLKEYLOGFILE: no key log written" test ! -e "$T/keylog"
snapshot
env CURL_CA_BUNDLE="$T/ca/ca.pem" SSL_CERT_FILE="$T/ca/ca.pem" \
    SSL_CERT_DIR="$T/ca" \
    "$FETCH" --url "$URL" --cache "$C" --force >/dev/null 2>&1
rc=$?
check "CURL_CA_BUNDLE / SSL_CERT_FILE cannot add a trust anchor" \
    test "$rc" -eq 1
check "... and the cache is byte-identical" unchanged

# --- killed mid-transfer ---------------------------------------------------------
mode slow
snapshot
before=$(count)
"$FETCH" --url "$URL" --cache "$C" --ca-file "$T/ca/ca.pem" --force \
    --timeout 60 >/dev/null 2>&1 &
fpid=$!
if wait_until more_requests_than "$before"; then
	kill -KILL "$fpid"
	wait "$fpid" 2>/dev/null
	rc=$?
	check "fetcher killed with SIGKILL mid-transfer" test "$rc" -eq 137
	check "killed fetcher: cache and state byte-identical" unchanged
	check "killed fetcher: no temp files" \
	    test "$(ls "$T/cache" | grep -c tmp)" -eq 0
else
	kill -KILL "$fpid"
	not_ok "slow transfer started"
fi
mode ok

# --- certificates ------------------------------------------------------------------
for cert in wronghost expired selfsigned; do
	stop_server
	start_server "$cert" || { not_ok "server with $cert certificate"; continue; }
	tls_refused "certificate $cert"
done
stop_server
start_server good
fetch
check "control: good certificate accepted again" test "$RC" -eq 0

# --- --config: the package's first state ------------------------------------------
# As the package ships the file: no audience, jwks_url the built-in
# default.  The fetcher (the refresh unit's command) says "not configured",
# exits 0 and leaves the cache alone (tests/deb/inside.sh shows it opens
# no connection).  Control: the same file naming this server as jwks_url
# fetches (audience is the module's, which may take it from its
# arguments), and with the placeholder audience it is still not configured.
mkdir -m 0755 "$T/conf"
printf 'create_users = yes\njwks_cache = %s\nca_file = %s\n' "$C" \
    "$T/ca/ca.pem" >"$T/conf/shipped.conf"
cp "$T/conf/shipped.conf" "$T/conf/placeholder.conf"
echo "audience = YOUR-API-KEY-ID" >>"$T/conf/placeholder.conf"
cp "$T/conf/shipped.conf" "$T/conf/url.conf"
echo "jwks_url = $URL" >>"$T/conf/url.conf"
chmod 0644 "$T/conf/"*.conf
for f in shipped placeholder; do
	snapshot
	before=$(count)
	log_mark
	"$FETCH" --config "$T/conf/$f.conf" </dev/null >/dev/null 2>&1
	rc=$?
	log_sync
	said=$(tail -n +"$LOG_FROM" "$CT_SYSLOG" | grep -c \
	    "pam_cotter_fetch\[[0-9]*\]: not configured: set audience and jwks_url in $T/conf/$f.conf (nothing fetched)")
	if [ "$rc" -eq 0 ] && [ "$said" -eq 1 ] && unchanged &&
	    [ "$(count)" -eq "$before" ]; then
		ok "--config, $f file: exit 0, one \"not configured\" line, cache untouched"
	else
		not_ok "--config, $f file: exit 0, one \"not configured\" line" \
		    "exit $rc, lines $said, requests $before -> $(count)"
	fi
done
before=$(count)
"$FETCH" --config "$T/conf/url.conf" --force </dev/null >/dev/null 2>&1
rc=$?
check "control: --config naming jwks_url fetches without an audience" \
    test "$rc" -eq 0 -a "$(count)" -eq $((before + 1))

# --- nobody there ------------------------------------------------------------------
free=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); \
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
snapshot
"$FETCH" --url "https://127.0.0.1:$free/jwks" --cache "$C" \
    --ca-file "$T/ca/ca.pem" >/dev/null 2>&1
rc=$?
check "connection refused: exit 1, cache byte-identical" \
    test "$rc" -eq 1 -a -n "$(unchanged && echo y)"
stop_server
check "server exits cleanly on SIGTERM" test "$SRC" -eq 0
snapshot
fetch
check "server down: exit 1, cache byte-identical" \
    test "$RC" -eq 1 -a -n "$(unchanged && echo y)"

# The server never outlives its --lifetime.
start_server good 1
lpid=$SPID
check "server exits by itself after --lifetime" wait_until gone "$lpid"
wait "$lpid" 2>/dev/null
SPID=

finish

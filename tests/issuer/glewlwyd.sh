# SPDX-License-Identifier: BSD-3-Clause
# tests/issuer/glewlwyd.sh - a real identity provider for the e2e tests:
# Debian 12's glewlwyd (2.7.5), started and stopped by the test, on a free
# port of 127.0.0.1 only, TLS with a throwaway CA, sqlite database made
# from the package's own init script.  Sourced by tests/e2e/t_*.sh (POSIX
# sh; needs $top, the repository root, as tests/e2e/lib.sh sets it).
#
# The server (gw_start) holds two OIDC plugin instances:
#   es256  ES256 key, kid "gw-es256-1"    rs256  RS256 key, kid "gw-rs256-1"
# one scope "pam-login" (the access token's aud), a public client
# "pam-cotter" (device flow, RFC 8628), a confidential client
# "pam-cotter-pw" (password grant: glewlwyd refuses it to a public client),
# and the users (login, password, email, groups):
#   alice  alice-pw  alice@example.com  linux-admins,developers
#   bob    bob-pw    bob@example.com    developers
#   carol  carol-pw  carol@example.com  (none)
#
# API (every function returns non-zero on failure, with the reason on
# stderr; tokens are printed on stdout, never passed in argv):
#   gw_start DIR          start; sets GW_DIR GW_URL GW_PORT GW_PID GW_CA
#   gw_stop               stop it (also safe when not started)
#   gw_iss INST           the issuer (iss) of instance INST
#   gw_jwks_url INST      its JWKS (https, signed by $GW_CA)
#   gw_discovery_url INST its /.well-known/openid-configuration
#   gw_token USER PASSWORD INST   an access token through the token endpoint
#   gw_token_code USER PASSWORD INST [RESOURCE]   the same by the
#                         authorization code grant (public client
#                         "pam-cotter"); with RESOURCE (RFC 8707, one of
#                         $GW_RESOURCES) the token's aud is RESOURCE
#   gw_groups USER G1,G2  set USER's groups ("" for none)
#   gw_device_start INST [RESOURCE]   device authorization request (call
#                         it directly, not in $(...): it sets GW_USER_CODE,
#                         GW_VERIFICATION_URI, GW_VERIFICATION_URI_COMPLETE,
#                         GW_INTERVAL, GW_EXPIRES_IN; the device code is in
#                         $GW_DIR/device_code, mode 0600); with RESOURCE
#                         (RFC 8707) the token's aud is RESOURCE
#   gw_device_poll INST [RESOURCE]   one token request for that device
#                         code: prints the token (status 0) or the OAuth error
#                         (authorization_pending, slow_down, access_denied,
#                         expired_token) and returns 2
#   gw_device_poll_fast INST  two polls in one second: prints the second
#                         answer (slow_down)
#   gw_device_wait INST [RESOURCE]   polls at the given interval until
#                         a token or an error other than pending (at most
#                         30 polls)
#   gw_device_approve INST USER PASSWORD [USER_CODE]   as a person would
#   gw_device_deny INST [USER_CODE]     (emulated, see gw.py)
#   gw_device_expire INST [USER_CODE]   (emulated, see gw.py)
# Knobs read by gw_start: GW_AT_DURATION (access token lifetime, s, 3600),
# GW_DEVICE_INTERVAL (1), GW_DEVICE_EXPIRES (600), GW_LOGLEVEL (INFO),
# GW_RESOURCES (the allowed RFC 8707 resources, space-separated,
# "https://host-a.example/ https://host-b.example/").

# Shell variables of these functions begin with _gw_ (POSIX sh has no
# "local": the caller's own i, n, ... stay untouched).
GW_PY="/usr/bin/python3 $top/tests/issuer/glewlwyd/gw.py"
GW_PID=

# gw_wait_http URL: polls until URL answers 200, at most ~20 s, while the
# server lives.
gw_wait_http() {
	_gw_i=0
	while ! curl -sf -o /dev/null --max-time 2 --cacert "$GW_CA" "$1"; do
		_gw_i=$((_gw_i + 1))
		if [ "$_gw_i" -gt 200 ] || ! kill -0 "$GW_PID" 2>/dev/null; then
			echo "glewlwyd: no answer from $1" >&2
			tail -5 "$GW_DIR/glewlwyd.log" "$GW_DIR/stderr" >&2
			return 1
		fi
		sleep 0.1
	done
}

gw_free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# gw_init_db DB: the package's schema and defaults (admin/password).
gw_init_db() {
	zcat /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz |
	    /usr/bin/python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(sys.stdin.read())
db.commit()' "$1"
}

gw_start() {
	GW_DIR=$1
	mkdir -p "$GW_DIR" && chmod 0755 "$GW_DIR" || return 1
	/usr/bin/python3 "$top/tests/issuer/testca.py" "$GW_DIR/tls" \
	    >/dev/null || return 1
	GW_CA="$GW_DIR/tls/ca.pem"
	gw_init_db "$GW_DIR/glewlwyd.db" || return 1
	GW_PORT=$(gw_free_port) || return 1
	GW_URL="https://127.0.0.1:$GW_PORT"
	sed -e "s|@PORT@|$GW_PORT|g" -e "s|@DIR@|$GW_DIR|g" \
	    -e "s|@LOGLEVEL@|${GW_LOGLEVEL:-INFO}|g" \
	    "$top/tests/issuer/glewlwyd/glewlwyd.conf.in" >"$GW_DIR/glewlwyd.conf"
	glewlwyd -c "$GW_DIR/glewlwyd.conf" </dev/null >"$GW_DIR/stderr" 2>&1 &
	GW_PID=$!
	gw_wait_http "$GW_URL/config" || { gw_stop; return 1; }
	$GW_PY setup "$GW_DIR" "$GW_URL" || { gw_stop; return 1; }
	gw_wait_http "$(gw_jwks_url es256)" &&
	    gw_wait_http "$(gw_jwks_url rs256)" || { gw_stop; return 1; }
}

gw_stop() {
	if [ -n "$GW_PID" ]; then
		kill "$GW_PID" 2>/dev/null
		wait "$GW_PID" 2>/dev/null
	fi
	GW_PID=
	return 0
}

gw_iss() {
	echo "$GW_URL/api/$1"
}

gw_jwks_url() {
	echo "$GW_URL/api/$1/jwks"
}

gw_discovery_url() {
	echo "$GW_URL/api/$1/.well-known/openid-configuration"
}

gw_token() {
	printf '%s\n' "$2" | $GW_PY token "$GW_DIR" "$3" "$1"
}

gw_token_code() {
	if [ -n "${4:-}" ]; then
		printf '%s\n' "$2" |
		    $GW_PY token-code-resource "$GW_DIR" "$3" "$1" "$4"
	else
		printf '%s\n' "$2" | $GW_PY token-code "$GW_DIR" "$3" "$1"
	fi
}

gw_groups() {
	$GW_PY groups "$GW_DIR" "$1" "$2"
}

# gw_field JSON NAME: one member of a JSON object (stdin), printed.
gw_field() {
	/usr/bin/python3 -c 'import json, sys
print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1"
}

gw_device_start() {
	if [ -n "${2:-}" ]; then
		set -- "$1" device-start-resource "$2"
	else
		set -- "$1" device-start
	fi
	(umask 077 && $GW_PY "$2" "$GW_DIR" "$1" ${3:+"$3"} \
	    >"$GW_DIR/device.json") || return 1
	(umask 077 && gw_field device_code <"$GW_DIR/device.json" \
	    >"$GW_DIR/device_code") || return 1
	GW_USER_CODE=$(gw_field user_code <"$GW_DIR/device.json")
	GW_VERIFICATION_URI=$(gw_field verification_uri <"$GW_DIR/device.json")
	GW_VERIFICATION_URI_COMPLETE=$(gw_field verification_uri_complete \
	    <"$GW_DIR/device.json")
	GW_INTERVAL=$(gw_field interval <"$GW_DIR/device.json")
	GW_EXPIRES_IN=$(gw_field expires_in <"$GW_DIR/device.json")
}

gw_device_poll() {
	if [ -n "${2:-}" ]; then
		$GW_PY device-poll-resource "$GW_DIR" "$1" \
		    "$GW_DIR/device_code" "$2"
	else
		$GW_PY device-poll "$GW_DIR" "$1" "$GW_DIR/device_code"
	fi
}

# gw_device_poll_fast INST: two polls within one second; prints the second
# answer (glewlwyd's real "slow_down").
gw_device_poll_fast() {
	$GW_PY device-burst "$GW_DIR" "$1" "$GW_DIR/device_code"
}

# gw_device_wait INST: polls at the interval the server gave (RFC 8628
# section 3.5; 5 s more after a slow_down) until a token or another
# error, at most 30 polls; prints what the last poll printed.
gw_device_wait() {
	_gw_n=0
	_gw_wait_s=${GW_INTERVAL:-5}
	while :; do
		_gw_ans=$(gw_device_poll "$1" "${2:-}")
		_gw_st=$?
		_gw_n=$((_gw_n + 1))
		case $_gw_st:$_gw_ans in
		2:authorization_pending) ;;
		2:slow_down) _gw_wait_s=$((_gw_wait_s + 5)) ;;
		*) printf '%s\n' "$_gw_ans"; return "$_gw_st" ;;
		esac
		if [ "$_gw_n" -ge 30 ]; then
			printf '%s\n' "$_gw_ans"
			return 2
		fi
		sleep "$_gw_wait_s"
	done
}

gw_device_approve() {
	printf '%s\n' "$3" | $GW_PY device-approve "$GW_DIR" "$1" "$2" \
	    "${4:-$GW_USER_CODE}"
}

gw_device_deny() {
	$GW_PY device-deny "$GW_DIR" "$1" "${2:-$GW_USER_CODE}"
}

gw_device_expire() {
	$GW_PY device-expire "$GW_DIR" "$1" "${2:-$GW_USER_CODE}"
}

# SPDX-License-Identifier: BSD-3-Clause
# tests/e2e/server.sh - the test JWKS server over HTTPS on 127.0.0.1, for
# tests that source lib.sh first.  Uses $T (a 0755 scratch directory the
# caller owns): $T/ca the test CA, $T/jwks.json the served set, $T/mode the
# fault mode, $T/count the request counter.

SERVER="/usr/bin/python3 $top/tests/issuer/jwks_server.py"
SPID=
PORT=

# wait_until CMD...: polls CMD every 50 ms, at most ~10 s.
wait_until() {
	i=0
	until "$@"; do
		i=$((i + 1))
		[ "$i" -gt 200 ] && return 1
		sleep 0.05
	done
}

# make_ca: the test CA and its leaf certificates in $T/ca.
make_ca() {
	/usr/bin/python3 "$top/tests/issuer/testca.py" "$T/ca" >/dev/null
}

# start_server CERT [LIFETIME]: a server with that certificate; sets PORT
# and URL once it listens (it announces its port only after bind+listen).
start_server() {
	rm -f "$T/port"
	$SERVER --dir "$T/ca" --port-file "$T/port" --jwks "$T/jwks.json" \
	    --cert "$1" --mode-file "$T/mode" --count-file "$T/count" \
	    --lifetime "${2:-600}" &
	SPID=$!
	if ! wait_until test -s "$T/port"; then
		echo "# server did not announce its port"
		return 1
	fi
	PORT=$(cat "$T/port")
	URL="https://127.0.0.1:$PORT/jwks"
}

# stop_server: SIGTERM, then wait for it; sets SRC to its exit status.
stop_server() {
	SRC=
	[ -n "$SPID" ] || return 0
	kill -TERM "$SPID" 2>/dev/null
	wait "$SPID"
	SRC=$?
	SPID=
}

# count: requests the server has answered so far.
count() {
	if [ -f "$T/count" ]; then cat "$T/count"; else echo 0; fi
}

mode() {
	echo "$1" >"$T/mode"
}

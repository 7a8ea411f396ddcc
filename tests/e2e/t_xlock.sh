#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Issue 25: a real screen locker under a real X server.  Debian 12's
# xsecurelock (1.5.1) locks Xvfb's screen as alice, whose account has no
# password; xdotool presses Enter as she would; the module shows the
# device code (tests/pam/conv_tee.so copies the messages xsecurelock is
# shown, so the test reads the code as she reads the screen); glewlwyd's
# own API approves it as her browser would; the screen unlocks.  A
# denied code leaves it locked.  Needs xvfb, xsecurelock, xdotool
# (.ci/test-deps).
. "$(dirname "$0")/lib.sh"
. "$top/tests/issuer/glewlwyd.sh"

PC="$top/admin/pam-cotter"
setup_world
XP= XS=
cleanup() {
	[ -n "$XS" ] && kill "$XS" 2>/dev/null
	[ -n "$XP" ] && kill "$XP" 2>/dev/null
	[ -n "$XP" ] && wait "$XP" 2>/dev/null
	gw_stop
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

for tool in glewlwyd Xvfb xsecurelock xdotool; do
	if ! command -v "$tool" >/dev/null; then
		not_ok "$tool is installed (.ci/test-deps)"
		finish
	fi
done
gw_start "$W/gw" || { not_ok "glewlwyd starts"; finish; }
chmod 0644 "$GW_CA"
cat >"$W/dev.conf" <<CONF
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
CONF
chmod 0644 "$W/dev.conf"
"$PC" --config="$W/dev.conf" refresh >/dev/null 2>&1
check "setup: keys and device endpoints fetched" \
    test -s "$W/cache.es256.json.endpoints"
: >"$W/tee"
chmod 0666 "$W/tee"
cat >/etc/pam.d/xsecurelock <<PAM
auth required $top/tests/pam/conv_tee.so out=$W/tee
auth required $MODULE config=$W/dev.conf nodelay
account required pam_permit.so
PAM
check "alice's account has no password (shadow: locked, no hash)" \
    sh -c "getent shadow alice | cut -d: -f2 | grep -qx '[!*][!*]*'"

# An X server of our own, on the abstract socket only (nothing left in
# the host's /tmp), and the display number it chose.
Xvfb -displayfd 3 -nolisten tcp -nolisten unix -ac -screen 0 1024x768x24 3>"$W/dpy" \
    2>"$W/xvfb.err" &
XP=$!
i=0
while [ ! -s "$W/dpy" ] && [ "$i" -lt 300 ]; do
	i=$((i + 1))
	sleep 0.1
done
D=":$(cat "$W/dpy")"
check "Xvfb runs on display $D" test -s "$W/dpy"

# lock: xsecurelock as alice, her environment only.
lock() {
	: >"$W/tee"
	# make check-asan: the ASan runtime first, as lib.sh's sshd_start.
	set --
	[ -n "${CT_ASAN_RUNTIME:-}" ] && set -- LD_PRELOAD="$CT_ASAN_RUNTIME" \
	    ASAN_OPTIONS="abort_on_error=1:detect_leaks=0:log_path=$CT_SAN_LOG/asan"
	setpriv --reuid=alice --regid="$(id -g alice)" --clear-groups \
	    env -i DISPLAY="$D" HOME=/ PATH=/usr/bin:/bin "$@" \
	    XSECURELOCK_PAM_SERVICE=xsecurelock xsecurelock \
	    >"$W/xs.out" 2>&1 &
	XS=$!
}

# empty_answer: Enter until the prompt came, then Enter once more; waits
# (at most ~40 s) for the code on screen.  Sets CODE.
empty_answer() {
	CODE=
	i=0
	while [ "$i" -lt 200 ] && kill -0 "$XS" 2>/dev/null; do
		CODE=$(sed -n 's/.*enter the code \([A-Z0-9-]*\).*/\1/p' \
		    "$W/tee" | tail -1)
		[ -n "$CODE" ] && return 0
		if ! grep -q "or Enter for a sign-in code" "$W/tee" ||
		    [ "$i" -eq 0 ] || [ $((i % 20)) -eq 0 ]; then
			DISPLAY="$D" xdotool key Return 2>/dev/null
		fi
		i=$((i + 1))
		sleep 0.2
	done
	return 1
}

# unlocked: waits (at most ~60 s) for xsecurelock to exit; sets RC.
unlocked() {
	i=0
	while kill -0 "$XS" 2>/dev/null && [ "$i" -lt 600 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	if kill -0 "$XS" 2>/dev/null; then
		RC=locked
	else
		wait "$XS"
		RC=$?
		XS=
	fi
}

lock
log_mark
if empty_answer; then
	ok "xsecurelock: Enter on the empty prompt shows a code"
	check "... the prompt offered it" \
	    grep -q "^1 Token (or Enter for a sign-in code): " "$W/tee"
	gw_device_approve es256 alice alice-pw "$CODE" >/dev/null 2>&1
	unlocked
	check "alice approves on her phone: the screen unlocks (exit 0)" \
	    test "$RC" = 0
	expect_log "... the module accepted her token for alice" \
	    'pam_cotter\(xsecurelock:auth\): accepted token .* for user "alice"'
else
	not_ok "xsecurelock: Enter on the empty prompt shows a code" \
	    "$(tail -3 "$W/tee")" "$(tail -3 "$W/xs.out")"
fi

lock
if empty_answer; then
	gw_device_deny es256 "$CODE" >/dev/null 2>&1
	i=0
	while ! grep -q "denied on the other device" "$W/tee" &&
	    [ "$i" -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	check "a denied code: the screen says so" \
	    grep -q "^3 The sign-in was denied on the other device" "$W/tee"
	check "... and stays locked" kill -0 "$XS"
	check "... no helper left running" test "$(pgrep -fc -- \
	    "pam_cotter_device .*--token-endpoint $GW_URL/")" = 0
else
	not_ok "xsecurelock again: a code" "$(tail -3 "$W/tee")"
fi
kill "$XS" 2>/dev/null
XS=
finish

# SPDX-License-Identifier: BSD-3-Clause
# tests/e2e/lib.sh - shared helpers for the end-to-end tests (TAP output).
# Sourced by tests/e2e/t_*.sh, which run inside tests/ns.sh as root.

top=${top:-$(cd "$(dirname "$0")/../.." && pwd)}
ISSUER="/usr/bin/python3 $top/tests/issuer/cotter_issuer.py"
MODULE="$top/pam_cotter.so"
SERVICE=cotter-test
AUD=3b1b2d5c-6a1f-4c1e-9d55-5ad7c0ffee01
tap_n=0
tap_failed=0

if [ "${CT_IN_NS:-}" != 1 ]; then
	echo "not ok 1 - $0 must run under tests/ns.sh (never on the host /etc)"
	exit 1
fi

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do
		echo "#   $line"
	done
}

finish() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
	exit $?
}

# check NAME COMMAND...: one TAP line from a command's exit status.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# A fresh world: issuer keys, a static JWKS cache, config, map and a PAM
# service using the module just built.  Files are root-owned and 0644 as
# the module demands.
setup_world() {
	W=$(mktemp -d)
	chmod 0755 "$W"
	KID=$($ISSUER keygen "$W/keys")
	$ISSUER jwks "$W/keys" >"$W/jwks.json"
	chmod 0644 "$W/jwks.json"
	cat >"$W/pam_cotter.conf" <<CONF
# test configuration
audience = $AUD
jwks_cache = $W/jwks.json
jwks_url =
map_file = $W/users
CONF
	chmod 0644 "$W/pam_cotter.conf"
	cat >"$W/users" <<MAP
alice@example.com alice
bob@example.com bob
+15551234567 carol
sub:0f3c1e1e-2020-4a5b-9c7d-000000000042 dave
root@example.com root
daemon@example.com daemon
MAP
	chmod 0644 "$W/users"
	for u in alice:2001 bob:2002 carol:2003 dave:2004; do
		id "${u%%:*}" >/dev/null 2>&1 ||
		    useradd -M -u "${u#*:}" -s /bin/sh "${u%%:*}"
	done
	service_file "config=$W/pam_cotter.conf nodelay"
}

# service_file ARGS [EXTRA_AUTH_LINES]: (re)writes /etc/pam.d/$SERVICE.
service_file() {
	{
		[ -n "${2:-}" ] && printf '%s\n' "$2"
		echo "auth required $MODULE $1"
		echo "account required pam_permit.so"
	} >/etc/pam.d/$SERVICE
}

mint() {
	$ISSUER mint "$W/keys" --aud "$AUD" "$@"
}

# login USER TOKEN...: feeds each TOKEN as one line to pamtester; sets
# OUT and RC.  The token travels on stdin only (printf is a shell builtin,
# so it never appears in any argv).
login() {
	user=$1
	shift
	RC=0
	OUT=$(printf '%s\n' "$@" | timeout 60 pamtester -v "$SERVICE" "$user" \
	    authenticate 2>&1) || RC=$?
}

# PAM result texts as pamtester prints them (pam_strerror).
result_text() {
	case $1 in
	success) echo "successfully authenticated" ;;
	auth_err) echo "Authentication failure" ;;
	authinfo_unavail) echo "Authentication service cannot retrieve authentication info" ;;
	user_unknown) echo "User not known to the underlying authentication module" ;;
	service_err) echo "Error in service module" ;;
	system_err) echo "System error" ;;
	*) echo "BAD-EXPECTATION" ;;
	esac
}

# expect NAME WANT USER TOKEN...: log in and compare the PAM result.
expect() {
	name=$1
	want=$2
	shift 2
	login "$@"
	text=$(result_text "$want")
	rc_ok=no
	if [ "$want" = success ]; then
		[ "$RC" -eq 0 ] && rc_ok=yes
	else
		[ "$RC" -ne 0 ] && rc_ok=yes
	fi
	if [ "$rc_ok" = yes ] && printf '%s' "$OUT" | grep -qF "$text"; then
		ok "$name ($want)"
	else
		not_ok "$name (wanted $want, exit $RC)" "$(printf '%s' "$OUT" | tail -3)"
	fi
}

# log_sync: returns once every message logged so far is in $CT_SYSLOG
# (datagrams on one socket arrive in order, so a marker seen means all
# earlier lines are written).  Bounded: fails after about 10 s.
log_sync() {
	mark="ct-log-sync-$$-$tap_n-$(date +%s%N)"
	logger -u /dev/log "$mark" || return 1
	i=0
	while ! grep -qF "$mark" "$CT_SYSLOG"; do
		i=$((i + 1))
		[ "$i" -gt 200 ] && return 1
		sleep 0.05
	done
}

log_mark() {
	log_sync
	LOG_FROM=$(($(wc -l <"$CT_SYSLOG") + 1))
}

# expect_log NAME PATTERN: a line logged since log_mark matches PATTERN
# (an extended regular expression).
expect_log() {
	log_sync
	if tail -n "+$LOG_FROM" "$CT_SYSLOG" | grep -qE "$2"; then
		ok "$1"
	else
		not_ok "$1" "no log line matches: $2" \
		    "$(tail -n "+$LOG_FROM" "$CT_SYSLOG" | grep -v ct-log-sync | tail -3)"
	fi
}

# expect_no_log NAME PATTERN: no line logged since log_mark matches
# PATTERN (an extended regular expression); pair it with an expect_log
# control that the same kind of line is written when it should be.
expect_no_log() {
	if ! log_sync; then
		not_ok "$1" "the log marker never arrived"
	elif tail -n "+$LOG_FROM" "$CT_SYSLOG" | grep -E "$2" >"$W/no_log"; then
		not_ok "$1" "logged: $(head -3 "$W/no_log")"
	else
		ok "$1"
	fi
}

# --- a throwaway OpenSSH server (t_sshd.sh, t_nss.sh) ----------------------
# sshd_start PUBKEY [NAME=VALUE...]: sshd on a free port of 127.0.0.1, its
# files in $P/sshd (S), PAM for passwords and keyboard-interactive, public
# keys only when PUBKEY is "yes"; NAME=VALUE go to its environment (under
# `make check-asan` the ASan runtime comes first: the module is
# ASan-built).  Sets S, port, sshd_pid and SSHO (the client's options),
# kills it on exit, and reports whether it listens (stops if it does not).
sshd_start() {
	pubkey=$1
	shift
	S="$P/sshd"
	mkdir -m 0700 "$S" "$P/home"
	mkdir -m 0755 /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$S/host_ed25519" </dev/null
	port=$(/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
	cat >"$S/sshd_config" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $S/host_ed25519
PidFile $S/sshd.pid
UsePAM yes
KbdInteractiveAuthentication yes
PasswordAuthentication yes
PubkeyAuthentication $pubkey
PermitRootLogin no
MaxAuthTries 3
LogLevel VERBOSE
CONF
	cp /etc/pam.d/sshd "$S/pam.sshd.debian"
	if [ -n "${CT_ASAN_RUNTIME:-}" ]; then
		env "$@" LD_PRELOAD="$CT_ASAN_RUNTIME" \
		ASAN_OPTIONS="abort_on_error=1:detect_leaks=0:log_path=$CT_SAN_LOG/asan" \
		UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$CT_SAN_LOG/ubsan" \
		    /usr/sbin/sshd -D -e -f "$S/sshd_config" 2>"$S/log" &
	else
		env "$@" /usr/sbin/sshd -D -e -f "$S/sshd_config" 2>"$S/log" &
	fi
	sshd_pid=$!
	trap 'kill "$sshd_pid" 2>/dev/null; wait "$sshd_pid" 2>/dev/null' EXIT
	trap 'exit 1' INT TERM HUP
	i=0
	while ! grep -q "Server listening on 127.0.0.1 port $port" "$S/log"; do
		i=$((i + 1))
		if [ "$i" -gt 100 ] || ! kill -0 "$sshd_pid" 2>/dev/null; then
			not_ok "sshd starts and listens on 127.0.0.1:$port" \
			    "$(tail -5 "$S/log")"
			finish
		fi
		sleep 0.1
	done
	ok "sshd starts and listens on 127.0.0.1:$port"
	SSHO="-F /dev/null -p $port -o StrictHostKeyChecking=no
 -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null
 -o NumberOfPasswordPrompts=1 -o PubkeyAuthentication=no
 -o GSSAPIAuthentication=no -o ConnectTimeout=10 -o LogLevel=ERROR"
}

# sshd_pam AUTH [ACCOUNT]: /etc/pam.d/sshd is Debian's own file with its
# "@include common-auth" replaced by AUTH (and "@include common-account"
# by ACCOUNT, when given).  Everything else stays: pam_loginuid is
# "required" there and works here (a privileged container may write
# /proc/self/loginuid); pam_selinux is a no-op without SELinux,
# pam_systemd optional.  Read at each connection's pam_start.
sshd_pam() {
	awk -v auth="$1" -v acct="${2:-}" '
	    $0 == "@include common-auth" { print auth; next }
	    acct != "" && $0 == "@include common-account" { print acct; next }
	    { print }' "$S/pam.sshd.debian" >/etc/pam.d/sshd
}

# put FILE TEXT: TEXT (one line) into FILE (the caller's umask makes it
# 0600); printf is a builtin, so TEXT is never an argument of a program.
put() {
	printf '%s\n' "$2" >"$1"
}

# SPDX-License-Identifier: BSD-3-Clause
# bench/sshd.sh - sourced by bench/scale.sh (issue 15): a real OpenSSH
# server on 127.0.0.1 (set up as tests/e2e/t_sshd.sh does, inside the
# namespace) and the real client, logging in alternately with a token
# (user alice, pam_cotter) and with a password against a yescrypt hash
# (user uxyes, pam_unix); prints the median wall time of each.  The
# secrets reach ssh through sshpass -f and 0600 files, never argv.

sshd_bench() {
	P=$(mktemp -d)
	SD="$P/sshd"
	mkdir -m 0700 "$SD" "$P/home"
	mkdir -p -m 0755 /run/sshd
	for u in alice uxyes; do
		[ -d "/home/$u" ] || mkdir -m 0700 "/home/$u"
		chown "$u" "/home/$u"
	done
	ssh-keygen -q -t ed25519 -N '' -f "$SD/host_ed25519" </dev/null
	port=$(/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
	cat >"$SD/sshd_config" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $SD/host_ed25519
PidFile $SD/sshd.pid
UsePAM yes
KbdInteractiveAuthentication no
PasswordAuthentication yes
PubkeyAuthentication no
PermitRootLogin no
LogLevel ERROR
CONF
	# Debian's /etc/pam.d/sshd with common-auth replaced: uxyes goes to
	# pam_unix, everyone else to pam_cotter; both pay pam_succeed_if.
	cp /etc/pam.d/sshd "$SD/pam.sshd.debian"
	awk -v m="$MODULE config=$T/cotter.conf nodelay replay=off" '
	    $0 == "@include common-auth" {
		print "auth [success=1 default=ignore] pam_succeed_if.so quiet user = uxyes"
		print "auth sufficient " m
		print "auth sufficient pam_unix.so nodelay"
		print "auth requisite pam_deny.so"
		next }
	    { print }' "$SD/pam.sshd.debian" >/etc/pam.d/sshd
	/usr/sbin/sshd -D -e -f "$SD/sshd_config" 2>"$SD/log" &
	sshd_pid=$!
	i=0
	while ! /usr/bin/python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" \
	    2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 100 ] || ! kill -0 "$sshd_pid" 2>/dev/null; then
			echo "bench: sshd does not start: $(tail -3 "$SD/log")" >&2
			return 1
		fi
		sleep 0.1
	done
	SSHO="-F /dev/null -p $port -o StrictHostKeyChecking=no
	 -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null
	 -o NumberOfPasswordPrompts=1 -o PubkeyAuthentication=no
	 -o GSSAPIAuthentication=no -o PreferredAuthentications=password
	 -o ConnectTimeout=10 -o LogLevel=ERROR"
	: >"$P/tok.ms" >"$P/pw.ms"
	n=$((15 * S)) i=0 fails=0
	while [ "$i" -lt $((n + 2)) ]; do
		for who in tok pw; do
			if [ "$who" = tok ]; then u=alice f=$TOKEN; else
				u=uxyes f=$T/pw; fi
			t0=$(date +%s%N)
			# shellcheck disable=SC2086
			o=$(HOME="$P/home" timeout 40 sshpass -P assword \
			    -f "$f" ssh $SSHO "$u@127.0.0.1" true 2>&1) ||
			    fails=$((fails + 1))
			t1=$(date +%s%N)
			[ "$i" -ge 2 ] && echo $(((t1 - t0) / 1000)) >>"$P/$who.ms"
		done
		i=$((i + 1))
	done
	kill "$sshd_pid" 2>/dev/null
	wait "$sshd_pid" 2>/dev/null
	tm=$(median <"$P/tok.ms")
	pm=$(median <"$P/pw.ms")
	echo
	echo "## D. A real sshd login on 127.0.0.1 (median of $n interleaved ssh connections each, $fails failed)"
	echo
	printf '| %-44s | %12s | %s\n' "ssh login" "median" "ratio"
	printf '|%s|%s|%s\n' ---------------------------------------------- -------------- ---------------
	row "token (pam_cotter), password auth" "$(us "$tm") ms" "1.00x"
	row "password, yescrypt hash (pam_unix)" "$(us "$pm") ms" \
	    "$(x "$pm" "$tm") the token login"
	[ "$fails" -eq 0 ] || echo "(a failed connection: $o)" >&2
}

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/nss.sh - `make bench`, figure 7 (issue 19, point 5): what one
# unauthenticated SSH connection makes sshd do as root before any token.
# The client picks the name, so it picks where the uid probe starts; the
# worst name starts at the first uid of the longest run of taken uids
# (here 3000 accounts in a row, as a block of directory users would be).
# Runs inside tests/ns.sh (a private /etc).  Prints, asserts nothing.
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/e2e/lib.sh"

B="$top/bench"
S=${BENCH_SCALE:-1}
N=$((101 * S))
LO=20000 HI=59999 RUN=3000
EXE=$(readlink -f "$B/nss")

setup_world >/dev/null
mkdir -p /etc/security
cat >/etc/security/pam_cotter.conf <<CONF
audience = $AUD
jwks_cache = $W/jwks.json
create_users = yes
ssh_create_users = yes
allowed_domains = example.com
state_dir = $W/state
uid_range = $LO-$HI
sshd_paths = $EXE
CONF
chmod 0644 /etc/security/pam_cotter.conf
# a state_dir, so each answer also writes its uid hold (state_dir/holds)
mkdir -m 0755 "$W/state"
sed -i 's/^passwd:.*/passwd: files cotter/' /etc/nsswitch.conf
# RUN accounts in a row from LO: /etc/passwd lines, as useradd writes them.
awk -v lo="$LO" -v n="$RUN" 'BEGIN { for (i = 0; i < n; i++)
    printf "blk%d:x:%d:100::/nonexistent:/usr/sbin/nologin\n", i, lo + i }' \
    >>/etc/passwd

# the first name (PREFIX + digits) whose probe starts at uid $2
name_at() {
	/usr/bin/python3 -c 'import sys
lo, hi, want = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for i in range(10**7):
    n = "%s%d" % (sys.argv[1], i)
    h = 0xcbf29ce484222325
    for b in n.encode():
        h = ((h ^ b) * 0x100000001b3) % 2**64
    s = lo + h % (hi - lo + 1)
    if s == want or (want < 0 and s >= lo + int(sys.argv[5]) + 64):
        print(n)
        break' "$1" "$LO" "$HI" "$2" "$RUN"
}
WORST=$(name_at worst "$LO")
RANDOM_NAME=$(name_at rnd -1)	# a slot past the run: one candidate
out=$(LD_LIBRARY_PATH=$top "$B/nss" "$N" "$RANDOM_NAME" "$WORST" alice) ||
    { echo "bench: nss" >&2; exit 1; }
get() { echo "$out" | awk -v n="$1" -v f="$2" '$2 == n {
    for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }'; }
us() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1000 }'; }
r=$(get "$RANDOM_NAME" median_ns) w=$(get "$WORST" median_ns)
e=$(get alice median_ns)
echo
echo "# pre-authentication lookup (sshd's getpwnam), $RUN taken uids in a row"
printf '| %-3s | %-52s | %11s us | %s\n' 7a \
    "a new name, slot clear (answered: $(get "$RANDOM_NAME" found))" \
    "$(us "$r")" "p90 $(us "$(get "$RANDOM_NAME" p90_ns)") us"
printf '| %-3s | %-52s | %11s us | %s\n' 7b \
    "worst name: slot at the run's start (answered: $(get "$WORST" found))" \
    "$(us "$w")" "$(awk -v a="$w" -v b="$r" 'BEGIN { printf "%.2fx", a / b }') 7a"
printf '| %-3s | %-52s | %11s us | %s\n' 7c \
    "an existing name (files)" "$(us "$e")" \
    "7a - 7c: $(us $((r - e))) us (SECURITY.md: known limit)"

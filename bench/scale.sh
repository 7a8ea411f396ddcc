#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/scale.sh - issue 15's rows of `make bench`: pam_cotter against
# the real alternatives (pam_permit, pam_unix with SHA-512 and yescrypt
# hashes, the stand-in module of bench/standin.c), in-process and whole
# process, the scaling rows (key sets, maps, /etc/passwd, bindings) and a
# real sshd login with a token against one with a yescrypt password.
#
# Runs inside tests/ns.sh (its own /etc: the accounts and PAM files made
# here never reach the host).  Targets are judged on instruction counts
# (callgrind), which other work on the machine does not move; wall-clock
# figures are medians of interleaved rounds.  Prints, asserts nothing.
#
# BENCH_SCALE=N multiplies the wall-clock repetitions (default 1).
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/e2e/lib.sh"

B="$top/bench"
S=${BENCH_SCALE:-1}
PAMTESTER=$(command -v pamtester)

die() {
	echo "bench: $*" >&2
	exit 1
}

# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

setup_world >/dev/null
T=$W
umask 022
SUB=bench-sub-0001
(umask 077; mint --identifier alice@example.com --sub "$SUB" >"$T/token")
TOKEN=$T/token

# --- accounts for pam_unix (the namespace's own /etc) --------------------------
(umask 077; printf '%s\n' 'correct horse battery staple' >"$T/pw")
PW=$(cat "$T/pw")
for u in uxsha uxyes; do
	id "$u" >/dev/null 2>&1 || useradd -M -s /bin/sh "$u" || die "useradd"
done
printf 'uxsha:%s\n' "$PW" | chpasswd -c SHA512 || die "chpasswd SHA512"
printf 'uxyes:%s\n' "$PW" | chpasswd -c YESCRYPT || die "chpasswd YESCRYPT"
grep -q '^uxsha:\$6\$' /etc/shadow || die "no SHA-512 hash"
grep -q '^uxyes:\$y\$' /etc/shadow || die "no yescrypt hash"

# --- inputs of the scaling rows ------------------------------------------------
# Key sets of 10 and 64 keys: 63 other P-256 keys, the token's key last.
/usr/bin/python3 - "$W/jwks.json" "$T" <<'PY' || die "key sets"
import base64, json, sys
from cryptography.hazmat.primitives.asymmetric import ec
src, out = sys.argv[1], sys.argv[2]
mine = json.load(open(src))["keys"]
def b64(i):
    return base64.urlsafe_b64encode(i.to_bytes(32, "big")).rstrip(b"=").decode()
others = []
for i in range(63):
    n = ec.generate_private_key(ec.SECP256R1()).public_key().public_numbers()
    others.append({"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256",
                   "kid": "SPACE_JWT_PUBLIC:bench-%02d" % i,
                   "x": b64(n.x), "y": b64(n.y)})
for n in (10, 64):
    with open("%s/jwks%d.json" % (out, n), "w") as f:
        json.dump({"keys": others[:n - len(mine)] + mine}, f)
PY
# Maps of 1, 1,000, 100,000 and 1,000,000 lines, alice's line last.
for n in 1 1000 100000 1000000; do
	awk -v n="$n" 'BEGIN { for (i = 1; i < n; i++)
	    printf "user%d@example.com u%d\n", i, i
	    print "alice@example.com alice" }' >"$T/map$n"
	chmod 0644 "$T/map$n"
done
# Bindings: alice bound to the token's (iss, sub), alone or among 10,000.
mkbind() {
	printf 'version 1\nuser %s\nstate bound\niss https://www.cotter.app\nsub %s\nidentity %s\ncreated 1700000000\n' \
	    "$2" "$3" "$4" >"$1/bindings/$2"
	chmod 0600 "$1/bindings/$2"
}
for d in bind1 bind10k; do
	mkdir -m 0700 "$T/$d" "$T/$d/bindings"
	mkbind "$T/$d" alice "$SUB" alice@example.com
done
i=1
while [ "$i" -lt 10000 ]; do
	mkbind "$T/bind10k" "b$i" "sub-$i" "b$i@example.com"
	i=$((i + 1))
done
: >"$T/map0"
chmod 0644 "$T"/jwks*.json "$T/map0"

# conf NAME JWKS MAP [STATE]: a config and a PAM service bench-NAME.
conf() {
	cat >"$T/$1.conf" <<CONF
audience = $AUD
jwks_cache = $2
jwks_url =
map_file = $3
${4:+state_dir = $4}
CONF
	chmod 0644 "$T/$1.conf"
	printf 'auth required %s config=%s nodelay replay=off\naccount required pam_permit.so\n' \
	    "$MODULE" "$T/$1.conf" >"/etc/pam.d/bench-$1"
}
plain() {
	printf 'auth required %s\naccount required pam_permit.so\n' "$2" \
	    >"/etc/pam.d/bench-$1"
}
plain permit pam_permit.so
plain standin "$B/pam_standin.so jwks=$W/jwks.json"
plain unixsha "pam_unix.so nodelay"
plain unixyes "pam_unix.so nodelay"
conf cotter "$W/jwks.json" "$T/map1"
conf k10 "$T/jwks10.json" "$T/map1"
conf k64 "$T/jwks64.json" "$T/map1"
conf m1k "$W/jwks.json" "$T/map1000"
conf m100k "$W/jwks.json" "$T/map100000"
conf m1m "$W/jwks.json" "$T/map1000000"
conf bind1 "$W/jwks.json" "$T/map0" "$T/bind1"
conf bind10k "$W/jwks.json" "$T/map0" "$T/bind10k"

# Index the maps (as the admin command will); the time of the largest.
for n in 1000 100000 1000000; do
	out=$("$B/mkindex" "$T/map$n") || die "mkindex map$n"
	eval "ix$n=\$(echo \"\$out\" | awk '{ print \$2 }')"
done

spec() {
	case $1 in
	unixsha) echo "bench-unixsha:uxsha:$T/pw" ;;
	unixyes) echo "bench-unixyes:uxyes:$T/pw" ;;
	*) echo "bench-$1" ;;
	esac
}

# ir NAME: instructions of one warm in-process login through bench-NAME
# (callgrind; the difference between 6 and 1 measured logins, / 5, so
# that process start-up and the first, cold login cancel out).
ir() {
	for k in 1 6; do
		valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		    "$B/login" -w 1 -n "$k" /etc/pam.d "$TOKEN" alice \
		    "$(spec "$1")" 2>&1 >/dev/null |
		    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
	done | awk 'NR == 1 { a = $1 } NR == 2 { printf "%d", ($1 - a) / 5 }'
}

echo "# pam_cotter against the alternatives, and scaling (issue 15)"
echo "# $(date -u +%Y-%m-%dT%H:%MZ), scale $S, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# /etc/passwd: $(wc -l </etc/passwd) accounts; token $(wc -c <"$TOKEN") bytes"
echo "# index build (ct_mapindex_build, including any wait for a map changed < 1 s before): 1,000 lines $((ix1000 / 1000000)) ms," \
    "100,000 $((ix100000 / 1000000)) ms, 1,000,000 $((ix1000000 / 1000000)) ms" \
    "($(wc -c <"$T/map1000000.index") bytes)"

# --- A. instructions per warm in-process login ---------------------------------
for s in permit standin cotter unixsha unixyes k10 k64 m1k m100k m1m \
    bind1 bind10k; do
	v=$(ir "$s") || die "callgrind $s"
	[ -n "$v" ] || die "callgrind $s: no count"
	eval "I_$s=$v"
done
# /etc/passwd of 50,000 accounts, alice's the last line.
cp /etc/passwd "$T/passwd.orig"
{
	grep -v '^alice:' "$T/passwd.orig"
	awk 'BEGIN { for (i = 1; i <= 50000; i++)
	    printf "p%d:x:%d:100::/nonexistent:/usr/sbin/nologin\n", i, 100000 + i }'
	grep '^alice:' "$T/passwd.orig"
} >"$T/passwd.big"
cat "$T/passwd.big" >/etc/passwd
I_pw50k=$(ir cotter)
I_pw50kp=$(ir permit)
cat "$T/passwd.orig" >/etc/passwd

own() { echo $(($1 - I_permit)); }
x() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3fx", a / b }'; }
verdict() {	# verdict RATIO TARGET
	awk -v r="$1" -v t="$2" 'BEGIN { r += 0;
	    if (r <= t) printf "met (target <= %.2fx)", t;
	    else printf "NOT met: %.3fx over the %.2fx target", r - t, t }'
}
echo
echo "## A. Instructions per warm in-process login (callgrind)"
echo
printf '| %-44s | %12s | %s\n' "login through" "instructions" "ratio / note"
printf '|%s|%s|%s\n' ---------------------------------------------- -------------- ---------------
row() { printf '| %-44s | %12s | %s\n' "$1" "$2" "$3"; }
row "pam_permit" "$I_permit" ""
row "stand-in (bench/standin.c)" "$I_standin" "own $(own "$I_standin")"
row "pam_cotter (1 key, 1-line map)" "$I_cotter" \
    "own $(own "$I_cotter"); $(x "$I_cotter" "$I_standin") the stand-in"
row "pam_unix, SHA-512 hash" "$I_unixsha" "$(x "$I_unixsha" "$I_cotter") pam_cotter"
row "pam_unix, yescrypt hash" "$I_unixyes" "$(x "$I_unixyes" "$I_cotter") pam_cotter"
r=$(x "$(own "$I_cotter")" "$(own "$I_standin")")
row "own cost: pam_cotter / stand-in" "$r" "$(verdict "$r" 1.05)"
for s in k10 k64; do
	r=$(x "$(eval echo \$I_$s)" "$I_cotter")
	row "key set of ${s#k} keys" "$(eval echo \$I_$s)" \
	    "$r the 1-key login$([ "$s" = k64 ] && echo "; $(verdict "$r" 1.1)")"
done
for s in m1k m100k m1m; do
	r=$(x "$(eval echo \$I_$s)" "$I_cotter")
	row "map of ${s#m} lines (indexed)" "$(eval echo \$I_$s)" \
	    "$r the 1-line map$([ "$s" = m1m ] && echo "; $(verdict "$r" 1.2)")"
done
row "/etc/passwd of 50,000 accounts" "$I_pw50k" \
    "$(x "$I_pw50k" "$I_cotter") the short one; pam_permit then: $I_pw50kp"
row "1 binding (no map entry)" "$I_bind1" "$(x "$I_bind1" "$I_cotter") the map login"
row "10,000 bindings" "$I_bind10k" "$(x "$I_bind10k" "$I_bind1") 1 binding"

# --- B. wall clock, in-process, interleaved --------------------------------------
# Two runs: a yescrypt login (memory-hard) leaves the CPU caches cold for
# whatever comes next, so the pam_unix services run apart, with a
# pam_permit login after them that takes that penalty and is not shown.
us() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1000 }'; }
out=$("$B/login" -w 10 -n $((101 * S)) /etc/pam.d "$TOKEN" alice \
    bench-permit bench-standin bench-cotter bench-k64 bench-m1m \
    bench-bind10k) || die "in-process wall clock"
plain flush pam_permit.so
out2=$("$B/login" -w 5 -n $((41 * S)) /etc/pam.d "$TOKEN" alice \
    bench-cotter "$(spec unixsha)" "$(spec unixyes)" bench-flush) ||
    die "in-process wall clock, pam_unix"
w() { echo "$out" | awk -v s="bench-$1" '$2 == s { print $4 }'; }
w2() { echo "$out2" | awk -v s="bench-$1" '$2 == s { print $4 }'; }
echo
echo "## B. Wall clock per in-process login (medians of interleaved rounds)"
echo
printf '| %-44s | %12s | %s\n' "login through" "median" "ratio"
printf '|%s|%s|%s\n' ---------------------------------------------- -------------- ---------------
for s in permit standin cotter k64 m1m bind10k; do
	row "$s ($((101 * S)) rounds)" "$(us "$(w $s)") us" \
	    "$(x "$(w $s)" "$(w cotter)") pam_cotter"
done
for s in cotter unixsha unixyes; do
	row "$s ($((41 * S)) rounds, with pam_unix)" "$(us "$(w2 $s)") us" \
	    "$(x "$(w2 $s)" "$(w2 cotter)") pam_cotter"
done

# --- C. wall clock, whole pamtester processes ------------------------------------
out=$("$B/spawn" -n $((21 * S)) -w 3 -i "$TOKEN" \
    "$PAMTESTER" bench-permit alice authenticate :: \
    "$PAMTESTER" bench-standin alice authenticate :: \
    "$PAMTESTER" bench-cotter alice authenticate :: \
    "<$T/pw" "$PAMTESTER" bench-unixsha uxsha authenticate :: \
    "<$T/pw" "$PAMTESTER" bench-unixyes uxyes authenticate) ||
    die "pamtester"
echo "$out" | awk '$12 != 0 { exit 1 }' || die "a pamtester login failed"
c() { echo "$out" | awk -v c="$1" '$2 == c { print $4 }'; }
echo
echo "## C. Wall clock per whole pamtester login (median of $((21 * S)) interleaved rounds)"
echo
printf '| %-44s | %12s | %s\n' "pamtester through" "median" "ratio"
printf '|%s|%s|%s\n' ---------------------------------------------- -------------- ---------------
i=0
for s in permit standin cotter "unix SHA-512" "unix yescrypt"; do
	row "$s" "$(us "$(c $i)") us" "$(x "$(c $i)" "$(c 2)") pam_cotter"
	i=$((i + 1))
done

# --- D. a real sshd: token against yescrypt password -----------------------------
if command -v /usr/sbin/sshd >/dev/null && command -v sshpass >/dev/null; then
	. "$B/sshd.sh"
	sshd_bench
fi

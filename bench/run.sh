#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/run.sh - the measurements behind `make bench` (issue 7).  Runs
# inside tests/ns.sh (accounts and PAM service files live in a private
# /etc).  Prints one table; every figure is a median, every ratio is made
# of figures taken in the same run, side by side.  Nothing here asserts a
# time: a benchmark prints, it does not judge.
#
# BENCH_SCALE=N multiplies the repetition counts (default 1).
# BENCH_BASELINE=/path/to/other/pam_cotter.so adds that build, side by
# side, to figures 2 and 3 (a before/after comparison in one run).
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/e2e/lib.sh"
. "$top/tests/e2e/server.sh"

B="$top/bench"
S=${BENCH_SCALE:-1}
PAMTESTER=$(command -v pamtester)

cleanup() {
	stop_server
}
trap cleanup EXIT
trap 'exit 1' INT TERM

die() {
	echo "bench: $*" >&2
	exit 1
}

# field NAME LINE...: the word after NAME.
field() {
	n=$1
	shift
	echo "$*" | tr ' ' '\n' | sed -n "/^$n\$/{n;p;q}"
}

# us NS: nanoseconds as microseconds with one decimal.
us() {
	awk -v n="$1" 'BEGIN { printf "%.1f", n / 1000 }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
}

# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

setup_world >/dev/null
T=$W
TOKEN="$W/token"
(umask 077; mint --identifier alice@example.com >"$TOKEN")
KEYPEM=$(ls "$W/keys"/ES256__*.pem | head -1)

# One service shape, two modules: the token module and pam_permit.
# Each figure logs in hundreds of times with one token, so the lines say
# replay=off (issue 24); the replay store's cost is bench/replay's row.
svc() {
	{
		echo "auth required $1"
		echo "account required pam_permit.so"
	} >"/etc/pam.d/$2"
}
svc "$MODULE config=$W/pam_cotter.conf nodelay replay=off" bench-cotter
svc "pam_permit.so" bench-permit
# Issue 22: sixteen issuers, the token's own last; only its cache is read.
{
	echo "map_file = $W/users"
	i=1
	while [ "$i" -le 15 ]; do
		printf '[issuer other%d]\nissuer = https://idp%d.example\n' \
		    "$i" "$i"
		printf 'audience = a%d\njwks_url =\njwks_cache = %s\n' "$i" \
		    "$W/absent-$i.json"
		i=$((i + 1))
	done
	printf '[issuer cotter]\nissuer = https://www.cotter.app\n'
	printf 'audience = %s\njwks_url =\njwks_cache = %s\n' "$AUD" \
	    "$W/jwks.json"
} >"$W/sixteen.conf"
chmod 0644 "$W/sixteen.conf"
svc "$MODULE config=$W/sixteen.conf nodelay replay=off" bench-16
BASE=${BENCH_BASELINE:-}
if [ -n "$BASE" ]; then
	svc "$BASE config=$W/pam_cotter.conf nodelay" bench-base
fi

echo "# pam_cotter benchmark ($(date -u +%Y-%m-%dT%H:%MZ), scale $S)"
echo "# token: $(wc -c <"$TOKEN") bytes (ES256, Cotter claims)"

# --- 1. the floor -------------------------------------------------------------
out=$("$B/floor" "$KEYPEM" "$TOKEN" $((41 * S))) || die "floor"
floor=$(field floor_ns $out)

# --- 2. one login in-process, warm cache ----------------------------------------
out=$("$B/login" -n $((301 * S)) /etc/pam.d "$TOKEN" alice bench-cotter \
    bench-permit bench-16 ${BASE:+bench-base}) || die "in-process login"
ip_16=$(echo "$out" | awk '$2 == "bench-16" { print $4 }')
ip_b=$(echo "$out" | awk '$2 == "bench-base" { print $4 }')
ip_c=$(echo "$out" | awk '$2 == "bench-cotter" { print $4 }')
ip_p=$(echo "$out" | awk '$2 == "bench-permit" { print $4 }')
ip_rss=$(field maxrss_kb $out)
own=$((ip_c - ip_p))

# --- 3. one login, whole process: pamtester ------------------------------------
out=$("$B/spawn" -n $((41 * S)) -w 5 -i "$TOKEN" \
    "$PAMTESTER" bench-cotter alice authenticate :: \
    "$PAMTESTER" bench-permit alice authenticate \
    ${BASE:+:: "$PAMTESTER" bench-base alice authenticate}) ||
    die "pamtester"
pt_b=$(echo "$out" | awk '$2 == 2 { print $4 }')
pt_c=$(echo "$out" | awk '$2 == 0 { print $4 }')
pt_p=$(echo "$out" | awk '$2 == 1 { print $4 }')
rss_c=$(echo "$out" | awk '$2 == 0 { print $10 }')
rss_p=$(echo "$out" | awk '$2 == 1 { print $10 }')
echo "$out" | awk '$12 != 0 { exit 1 }' || die "a pamtester login failed"
hf_c= hf_p=
if command -v hyperfine >/dev/null 2>&1; then
	# The token reaches pamtester through a redirection, never argv.
	hyperfine -w 5 -r $((41 * S)) --style none \
	    --export-json "$W/hf.json" \
	    "$PAMTESTER bench-cotter alice authenticate <$TOKEN" \
	    "$PAMTESTER bench-permit alice authenticate <$TOKEN" \
	    >/dev/null 2>&1 || die "hyperfine"
	set -- $(/usr/bin/python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join("%d" % (x["median"] * 1e9) for x in r))' "$W/hf.json")
	hf_c=$1 hf_p=$2
fi

# --- 6. load cost: fresh processes ---------------------------------------------
: >"$W/fresh" >"$W/fresh.noconf"
i=0
while [ "$i" -lt $((21 * S)) ]; do
	"$B/login" -f "$MODULE" /etc/pam.d "$TOKEN" alice bench-cotter \
	    >>"$W/fresh" || die "fresh login"
	OPENSSL_CONF=/dev/null "$B/login" -f "$MODULE" /etc/pam.d "$TOKEN" \
	    alice bench-cotter >>"$W/fresh.noconf" || die "fresh login"
	i=$((i + 1))
done
fr_dl=$(awk '{ print $3 }' "$W/fresh" | median)
fr_first=$(awk '{ print $5 }' "$W/fresh" | median)
fr_second=$(awk '{ print $7 }' "$W/fresh" | median)
fr_first_nc=$(awk '{ print $5 }' "$W/fresh.noconf" | median)
fr_libs=$(head -1 "$W/fresh" | cut -d' ' -f 9-)

# --- 4. cold cache and kid miss against the local HTTPS server -----------------
make_ca
mkdir -m 0755 "$T/cache"
C="$T/cache/jwks.json"
$ISSUER jwks "$W/keys" >"$T/old.json"
chmod 0644 "$T/old.json"
NEWKID=$($ISSUER keygen "$W/keys" --kid "SPACE_JWT_PUBLIC:bench-rotated-$$")
$ISSUER jwks "$W/keys" >"$T/jwks.json"
(umask 077; mint --kid "$NEWKID" --identifier alice@example.com \
    >"$W/token.new")
start_server good >/dev/null || die "the test server does not start"
cat >"$W/fetch.conf" <<CONF
audience = $AUD
jwks_cache = $C
jwks_url = $URL
ca_file = $T/ca/ca.pem
helper_dir = $top/helpers
map_file = $W/users
refresh_interval = 3600
max_stale = 604800
refresh_min_interval = 300
fetch_timeout = 5
CONF
chmod 0644 "$W/fetch.conf"
svc "$MODULE config=$W/fetch.conf nodelay replay=off" bench-fetch

n4=$((15 * S))
c0=$(count)
out=$("$B/spawn" -n "$n4" -w 2 -i "$TOKEN" -u "$C" -u "$C.attempt" -u "$C.state" \
    "$PAMTESTER" bench-fetch alice authenticate) || die "cold"
echo "$out" | awk '$12 != 0 { exit 1 }' || die "a cold-cache login failed"
cold=$(field median_ns $out)
cold_req=$(( ($(count) - c0) ))
c0=$(count)
out=$("$B/spawn" -n "$n4" -w 2 -i "$W/token.new" -c "$T/old.json:$C" \
    -u "$C.attempt" -u "$C.state" \
    "$PAMTESTER" bench-fetch alice authenticate) ||
    die "kid miss"
echo "$out" | awk '$12 != 0 { exit 1 }' || die "a kid-miss login failed"
kidmiss=$(field median_ns $out)
kid_req=$(( ($(count) - c0) ))
runs4=$((n4 + 2))

# --- 5. 64 logins at once ------------------------------------------------------
n5=$((5 * S))
$ISSUER jwks "$W/keys" >"$C"
chmod 0644 "$C"
c0=$(count)
out=$("$B/spawn" -n "$n5" -w 1 -j 64 -i "$TOKEN" \
    "$PAMTESTER" bench-fetch alice authenticate) || die "64 warm"
echo "$out" | awk '$12 != 0 { exit 1 }' || die "a concurrent login failed"
c64w=$(field median_ns $out)
c64w_req=$(( $(count) - c0 ))
c0=$(count)
out=$("$B/spawn" -n "$n5" -w 1 -j 64 -i "$TOKEN" -s "$C" -u "$C.attempt" \
    "$PAMTESTER" bench-fetch alice authenticate) || die "64 stale"
echo "$out" | awk '$12 != 0 { exit 1 }' || die "a concurrent login failed"
c64s=$(field median_ns $out)
c64s_req=$(( $(count) - c0 ))
runs5=$((n5 + 1))

# --- the table ------------------------------------------------------------------
tp() {
	awk -v ns="$1" 'BEGIN { printf "%.0f logins/s", 64 / (ns / 1e9) }'
}
echo
printf '| %-3s | %-52s | %14s | %s\n' "#" "figure" "median" "ratio / note"
printf '|%s|%s|%s|%s\n' ----- ------------------------------------------------------ ---------------- -------------------
row() {
	printf '| %-3s | %-52s | %11s us | %s\n' "$1" "$2" "$3" "$4"
}
row 1 "floor: ES256 EVP_DigestVerify, warm" "$(us "$floor")" "1.00x"
row 2a "in-process login, pam_cotter (warm cache)" "$(us "$ip_c")" ""
row 2b "in-process login, pam_permit" "$(us "$ip_p")" ""
row 2c "module's own cost (2a - 2b)" "$(us "$own")" \
    "$(ratio "$own" "$floor") the floor (target <= 1.30x)"
row 2e "in-process login, 16 issuers (the token's last)" "$(us "$ip_16")" \
    "$(ratio "$ip_16" "$ip_c") 2a (one issuer)"
row 3a "pamtester + pam_cotter (spawn loop)" "$(us "$pt_c")" \
    "$(ratio "$pt_c" "$pt_p") pam_permit (target <= 1.50x)"
row 3b "pamtester + pam_permit (spawn loop)" "$(us "$pt_p")" ""
if [ -n "$hf_c" ]; then
	row 3c "pamtester + pam_cotter (hyperfine)" "$(us "$hf_c")" \
	    "$(ratio "$hf_c" "$hf_p") pam_permit"
	row 3d "pamtester + pam_permit (hyperfine)" "$(us "$hf_p")" ""
fi
if [ -n "$BASE" ]; then
	row 2d "baseline module: in-process login" "$(us "$ip_b")" \
	    "own cost $(ratio $((ip_b - ip_p)) "$floor") the floor"
	row 3e "baseline module: pamtester" "$(us "$pt_b")" \
	    "$(ratio "$pt_b" "$pt_p") pam_permit"
fi
row 4a "cold cache: pamtester login that fetches" "$(us "$cold")" \
    "$cold_req requests in $runs4 logins"
row 4b "kid miss: refresh, then login" "$(us "$kidmiss")" \
    "$kid_req requests in $runs4 logins"
row 5a "64 logins at once, fresh cache (wall)" "$(us "$c64w")" \
    "$(tp "$c64w"), $c64w_req fetches in $runs5 batches"
row 5b "64 logins at once, stale cache (wall)" "$(us "$c64s")" \
    "$(tp "$c64s"), $c64s_req fetches in $runs5 batches"
printf '| %-3s | %-52s | %11s KB | %s\n' 6a \
    "peak RSS, pamtester + pam_cotter" "$rss_c" "pam_permit: $rss_p KB"
printf '| %-3s | %-52s | %11s KB | %s\n' 6b \
    "peak RSS, in-process harness (all runs)" "$ip_rss" ""
row 6c "dlopen(pam_cotter.so), fresh process" "$(us "$fr_dl")" ""
row 6d "first login after dlopen (OpenSSL cold)" "$(us "$fr_first")" \
    "second: $(us "$fr_second") us"
row 6e "first login, OPENSSL_CONF=/dev/null" "$(us "$fr_first_nc")" \
    "config share: $(us $((fr_first - fr_first_nc))) us"
echo
echo "libraries dlopen(pam_cotter.so) adds to a host: $fr_libs"

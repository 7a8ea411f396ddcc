#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/replay.sh - issue 24.6: what the replay store costs a login, with
# an empty store and with one holding 100,000 live entries (bench/replay),
# beside the whole in-process login for scale.  Runs inside tests/ns.sh;
# the store is on the namespace's tmpfs (a disk adds one fsync of the
# entry and one of its directory per use).  Prints figures, asserts none.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
D=$(mktemp -d)
chmod 0755 "$D"
FILL=${BENCH_REPLAY_FILL:-100000}
out=$("$top/bench/replay" "$D" "$FILL" 2001)
e=$(printf '%s\n' "$out" | awk '$2 == "empty" { print $4 }')
f=$(printf '%s\n' "$out" | awk '$2 != "empty" { print $4 }')
echo "# issue 24: the replay store (record of one use, per_service)"
printf '%-4s %-58s %10s us\n' 7a "replay record, empty store" \
    "$(awk -v n="$e" 'BEGIN { printf "%.1f", n / 1000 }')"
printf '%-4s %-58s %10s us   (%s of 7a)\n' 7b \
    "replay record, store of $FILL live entries" \
    "$(awk -v n="$f" 'BEGIN { printf "%.1f", n / 1000 }')" \
    "$(awk -v a="$e" -v b="$f" 'BEGIN { printf "%.2fx", b / a }')"
rm -rf "$D"

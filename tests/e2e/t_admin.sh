#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# pam-cotter (issue 14), end to end in the namespace: each subcommand, the
# verdict of check against pamtester's for each refusal reason, missing
# cache, wrong file modes, an unreadable config, bad input, completion.
. "$(dirname "$0")/lib.sh"
. "$top/tests/e2e/server.sh"

PC="$top/admin/pam-cotter"
setup_world
C="--config=$W/pam_cotter.conf"
cleanup() {
	stop_server
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# pc ARGS...: runs pam-cotter with $TOK on stdin; sets PRC and POUT.
pc() {
	PRC=0
	POUT=$(printf '%s\n' "$TOK" | "$PC" "$@" 2>&1) || PRC=$?
}

has() {
	printf '%s\n' "$POUT" | grep -qE -- "$1"
}

# same NAME WANT_PAM USER: pamtester and check --service agree on $TOK.
same() {
	name=$1
	want=$2
	# The dry run first: it records nothing, the login then records
	# the token's one use (issue 24).
	pc check --service "$SERVICE" --user "$3"
	login "$3" "$TOK"
	case $want in
	PAM_SUCCESS) w=success ;;
	PAM_AUTH_ERR) w=auth_err ;;
	PAM_USER_UNKNOWN) w=user_unknown ;;
	PAM_AUTHINFO_UNAVAIL) w=authinfo_unavail ;;
	PAM_SERVICE_ERR) w=service_err ;;
	esac
	wrc=1
	[ "$want" = PAM_SUCCESS ] && wrc=0
	if printf '%s' "$OUT" | grep -qF "$(result_text "$w")" &&
	    has "^verdict: $want" && [ "$PRC" -eq "$wrc" ]; then
		ok "check: $name: $want, as pamtester"
	else
		not_ok "check: $name: wanted $want (exit $PRC)" \
		    "$(printf '%s' "$OUT" | tail -1)" \
		    "$(printf '%s' "$POUT" | tail -2)"
	fi
}

# ------------------------------------------------------------- check
TOK=$(mint --identifier alice@example.com)
same "valid token" PAM_SUCCESS alice
check "check: the key that verified it is named" has "pass +key +kid \"$KID\""
check "check: the mapping rule is named" has "map_file .* maps this identity to \"alice\""
sig=${TOK##*.}
check "check: neither the token nor its signature is printed" \
    sh -c "! printf '%s' \"\$1\" | grep -qF -e \"\$2\" -e \"\$3\"" x "$POUT" \
    "$TOK" "$sig"
TOK=$(mint --identifier alice@example.com)	# the last one is used now
pc check --service "$SERVICE" --user alice --json
check "check --json: one JSON object with the verdict" \
    sh -c "printf '%s' \"\$1\" | /usr/bin/python3 -c 'import json,sys; \
d=json.load(sys.stdin); assert d[\"verdict\"][\"pam\"]==\"PAM_SUCCESS\"; \
assert any(s[\"check\"]==\"signature\" for s in d[\"steps\"])'" x "$POUT"
TOK=$(mint --identifier zed@elsewhere.example)
pc check "$C"
check "check without --user: the token alone, exit 0" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -q '^verdict: the token is valid' && ! printf '%s' \"\$1\" | grep -qE '(pass|FAIL) +account'" x "$POUT"
check "check without --user, no account leads anywhere: says so" \
    has "no --user given, and no map_file line, binding or automatic mapping"
# Issue 21.7: without --user, the account the module would find.
TOK=$(mint --identifier alice@example.com)
pc check "$C"
N=$(grep -n '^alice@example.com ' "$W/users" | head -1 | cut -d: -f1)
check "check without --user: the map_file line names the account (line $N)" \
    sh -c "[ $PRC -eq 0 ] && [ -n '$N' ] && printf '%s' \"\$1\" | grep -qF 'no --user given: the token leads to account \"alice\" (map_file $W/users line $N); it exists'" x "$POUT"
check "check without --user: ... and judges it as the module would" \
    has '^verdict: PAM_SUCCESS \(user "alice" logs in as "alice"\)'
TOK=$(mint --identifier alice@example.com --now 1600000000 --exp-in 2580)
pc check "$C" --user alice --now 1600000000
check "check: exp as a date and 'expires in 43 min'" \
    has "exp +2020-09-13 13:09:40 UTC \\(expires in 43 min\\)"
pc check "$C" --user alice --now 1600009800
check "check: 'expired 2 h ago' at a later --now" has "expired 2 h ago" 

TOK=$(mint --identifier alice@example.com --exp-in -7200)
same "expired token" PAM_AUTH_ERR alice
check "check: the expiry is the failing check" has "FAIL +exp/nbf/iat +exp: token expired"
TOK=$(mint --identifier alice@example.com --aud someone-else)
same "foreign audience" PAM_AUTH_ERR alice
check "check: aud named" has "FAIL +aud"
TOK=$(mint --identifier alice@example.com --iss https://evil.example)
same "foreign issuer" PAM_AUTH_ERR alice
TOK=$(mint --identifier alice@example.com --type client_id_token)
same "ID token, not an access token" PAM_AUTH_ERR alice
good=$(mint --identifier alice@example.com)
other=$(mint --identifier bob@example.com)
TOK="${good%.*}.${other##*.}"	# a real signature, over another payload
same "forged signature" PAM_AUTH_ERR alice
check "check: signature named" has "FAIL +signature"
TOK=$(mint --identifier alice@example.com --header 'kid="not-our-kid"')
same "unknown kid" PAM_AUTH_ERR alice
tag=$(printf '%s\n' "$POUT" | sed -n 's/.*(\(kid#[0-9a-f]*\) in log lines).*/\1/p')
check "check: the kid as the refusal names it ($tag)" \
    sh -c "[ -n '$tag' ] && printf '%s' \"\$1\" | grep -q 'FAIL  *key .*unknown kid ($tag)'" x "$POUT"
TOK=$(mint --identifier alice@example.com)
same "someone else's account" PAM_AUTH_ERR bob
TOK=$(mint --identifier zed@elsewhere.example)
same "identity that maps to no account" PAM_USER_UNKNOWN zed
TOK=${good%.*}
same "truncated token" PAM_AUTH_ERR alice

# --service applies the line's arguments over the config, through @include.
service_file "config=$W/pam_cotter.conf nodelay audience=another-app"
TOK=$good
same "service argument audience= overrides the file" PAM_AUTH_ERR alice
printf '@include %s\n' "$SERVICE" >/etc/pam.d/cotter-inc
pc check --service cotter-inc --user alice
check "check --service follows @include" has "FAIL +aud"
service_file "config=$W/pam_cotter.conf nodelay"

# The module's own log line points at the command.
log_mark
TOK=$(mint --identifier alice@example.com --exp-in -7200)
login alice "$TOK"
expect_log "a refusal's log line ends with the pam-cotter hint" \
    'refused user "alice": exp: token expired \(see: pam-cotter check --user alice\)'
log_mark
login "o'neil x" "$TOK"
expect_log "a name with other characters is quoted for the shell in the hint" \
    "refused user \"o'neil x\": .*\\(see: pam-cotter check --user 'o'\\\\''neil x'\\)\$"

# ------------------------------------------------------- bad input
TOK=$good
run_in() {
	PRC=0
	POUT=$(eval "$1" | "$PC" check "$C" --user alice 2>&1) || PRC=$?
}
run_in "printf ''"
check "empty input: usage error, clear message" \
    sh -c "[ $PRC -eq 2 ] && printf '%s' \"\$1\" | grep -q 'input is empty'" x "$POUT"
run_in "head -c 4096 /dev/urandom"
check "binary junk: refused, no crash (exit $PRC)" test "$PRC" -eq 1 -o "$PRC" -eq 2
run_in "head -c 1048576 /dev/zero | tr '\\000' A"
check "1 MiB token: refused as too long" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q 'PAM_AUTH_ERR'" x "$POUT"
run_in "printf '%s\\n%s\\n' \"$good\" \"$good\""
check "two tokens: usage error" test "$PRC" -eq 2
PRC=0
"$PC" check "$C" --user alice "$good" >/dev/null 2>&1 </dev/null || PRC=$?
check "a token on the command line is refused" test "$PRC" -eq 2
printf '%s\n' "$good" >"$W/tok.txt"
PRC=0
POUT=$("$PC" check "$C" --user alice --token-file "$W/tok.txt" </dev/null 2>&1) || PRC=$?
check "--token-file: valid" test "$PRC" -eq 0
PRC=0
POUT=$("$PC" check "$C" --user alice "$W/tok.txt" </dev/null 2>&1) || PRC=$?
check "a file given as an argument: exit 2 and a pointer to --token-file" \
    sh -c "[ $PRC -eq 2 ] && printf '%s' \"\$1\" | grep -q 'give --token-file PATH'" x "$POUT"
check "... the file's content is not shown" \
    sh -c "! printf '%s' \"\$1\" | grep -qF '$good'" x "$POUT"
for a in "--bogus" "check --now 0" "check --now x" "nosuch" "accounts frob" \
    "keys --user x" "check --config"; do
	PRC=0
	# shellcheck disable=SC2086
	"$PC" $a </dev/null >/dev/null 2>&1 || PRC=$?
	check "bad arguments '$a': exit 2" test "$PRC" -eq 2
done

# ----------------------------------------------- config that is not right
cp "$W/pam_cotter.conf" "$W/good.conf"
printf 'leeway = 9999\nbogus_key = 1\n' >>"$W/pam_cotter.conf"
TOK=$good
same "config that does not parse" PAM_SERVICE_ERR alice
n=$(wc -l <"$W/pam_cotter.conf")
PRC=0
POUT=$("$PC" doctor "$C" 2>&1) || PRC=$?
check "doctor: a bad value is named with its line" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q '^fail config .*pam_cotter.conf:$((n - 1)): .*leeway'" x "$POUT"
check "doctor: an unknown key is named with its line" \
    sh -c "printf '%s' \"\$1\" | grep -q '^fail config .*pam_cotter.conf:$n: .*bogus_key'" x "$POUT"
cp "$W/good.conf" "$W/pam_cotter.conf"
chmod 0666 "$W/pam_cotter.conf"
pc doctor "$C"
check "doctor: a world-writable config fails with its chmod" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q 'fix: chmod go-w $W/pam_cotter.conf'" x "$POUT"
chmod 0644 "$W/pam_cotter.conf"
pc check --config=/nonexistent/pam_cotter.conf --user alice
check "check: an unreadable config is PAM_SERVICE_ERR" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q '^verdict: PAM_SERVICE_ERR'" x "$POUT"

# --------------------------------------------------------------- doctor
pc doctor "$C"
check "doctor: this world is fine (exit 0)" test "$PRC" -eq 0
check "doctor: names the PAM service and its control" \
    has "^ok +pam +/etc/pam.d/$SERVICE: auth required pam_cotter.so"
chmod 0666 "$W/users"
pc doctor "$C"
check "doctor: a group/world-writable map_file fails with its chmod" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q '^fail map_file.*fix: chmod go-w $W/users'" x "$POUT"
chmod 0644 "$W/users"
chown nobody "$W/users"
pc doctor "$C"
check "doctor: a map_file not owned by root fails with its chown" \
    has "^fail map_file.*fix: chown root:root $W/users"
mv "$W/users" "$W/users.away"
pc doctor "$C"
check "doctor: a missing map_file is a warning only" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -q '^warn map_file'" x "$POUT"
mv "$W/users.away" "$W/users"
chown root "$W/users"
mv "$W/jwks.json" "$W/jwks.away"
pc doctor "$C"
check "doctor: a missing cache fails" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q '^fail jwks_cache'" x "$POUT"
TOK=$good
same "missing cache" PAM_AUTHINFO_UNAVAIL alice
pc keys "$C"
check "keys: missing cache, exit 1" sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q 'missing'" x "$POUT"
mv "$W/jwks.away" "$W/jwks.json"
pc doctor "$C" --json
check "doctor --json: findings with levels" \
    sh -c "printf '%s' \"\$1\" | /usr/bin/python3 -c 'import json,sys; \
d=json.load(sys.stdin); assert d[\"fails\"]==0; \
assert all(f[\"level\"] in (\"ok\",\"warn\",\"fail\") for f in d[\"findings\"])'" x "$POUT"

# The helpers where helper_dir says, with the modes make install gives.
mkdir -m 0755 "$W/hd"
install -m 0755 "$top/helpers/pam_cotter_fetch" "$W/hd/"
install -m 0700 "$top/helpers/pam_cotter_useradd" "$W/hd/"
sed 's|^jwks_url =.*|jwks_url = https://127.0.0.1:9/jwks|' \
    "$W/pam_cotter.conf" >"$W/hd.conf"
printf 'helper_dir = %s\ncreate_users = yes\n' "$W/hd" >>"$W/hd.conf"
pc doctor --config="$W/hd.conf"
check "doctor: both helpers in helper_dir with their modes" \
    sh -c "[ \$(printf '%s' \"\$1\" | grep -cE '^ok +helpers') -eq 2 ]" x "$POUT"
check "doctor: a timer finding when jwks_url is set" has "^(ok|warn) +timer "
chmod 0755 "$W/hd/pam_cotter_useradd"
pc doctor --config="$W/hd.conf"
check "doctor: an account helper others can run fails with its chmod" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q 'fail helpers .*mode 0755 (fix: chmod 0700 $W/hd/pam_cotter_useradd)'" x "$POUT"
rm "$W/hd/pam_cotter_useradd"
pc doctor --config="$W/hd.conf"
check "doctor: a missing account helper fails when create_users is on" \
    has "^fail helpers +$W/hd/pam_cotter_useradd: missing"

# nsswitch.conf, once the NSS module is where glibc finds it (here through
# LD_LIBRARY_PATH, as t_nss.sh gives it to sshd).
nssdoc() {
	PRC=0
	POUT=$(LD_LIBRARY_PATH=$top "$PC" doctor "$C" 2>&1) || PRC=$?
}
cp /etc/nsswitch.conf "$W/nsswitch.keep"
sed -i 's/^passwd:.*/passwd: files cotter/' /etc/nsswitch.conf
nssdoc
check "doctor: passwd: files cotter is ok" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -qE '^ok +nsswitch'" x "$POUT"
sed -i 's/^passwd:.*/passwd: cotter files/' /etc/nsswitch.conf
nssdoc
check "doctor: cotter before files fails" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -qE '^fail +nsswitch .*after files'" x "$POUT"
sed -i 's/^passwd:.*/passwd: files systemd/' /etc/nsswitch.conf
nssdoc
# Issue 21: the NSS module is optional until ssh_create_users = yes.
check "doctor: the NSS module installed but not named is info only" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -qE '^info +nsswitch .*libnss_cotter.so.2 is installed; .*only ssh_create_users = yes needs'" x "$POUT"
check "... with no fail and no warning about it" \
    sh -c "! printf '%s' \"\$1\" | grep -qE '^(warn|fail) +nsswitch'" x "$POUT"
cp "$W/pam_cotter.conf" "$W/sshcreate.conf"
echo "ssh_create_users = yes" >>"$W/sshcreate.conf"
PRC=0
POUT=$(LD_LIBRARY_PATH=$top "$PC" doctor --config="$W/sshcreate.conf" 2>&1) ||
    PRC=$?
check "doctor: with ssh_create_users = yes the same passwd: line fails (exit $PRC)" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -qE '^fail +nsswitch .*ssh_create_users = yes needs \(fix: passwd: files cotter'" x "$POUT"
cp "$W/nsswitch.keep" /etc/nsswitch.conf

# ------------------------------------------------------ keys and refresh
pc keys "$C"
check "keys: the kid, its curve, usable" has "kid $KID +EC P-256 +ES256 +usable"
check "keys: static set, no refresh due" has "next refresh due: never"
T=$W
make_ca
mkdir -m 0755 "$T/cache"
$ISSUER jwks "$W/keys" >"$T/jwks.json"
start_server good || { not_ok "server starts"; finish; }
cat >"$W/refresh.conf" <<CONF
audience = $AUD
jwks_cache = $T/cache/jwks.json
jwks_url = $URL
ca_file = $T/ca/ca.pem
helper_dir = $top/helpers
map_file = $W/users
refresh_min_interval = 300
fetch_timeout = 2
CONF
chmod 0644 "$W/refresh.conf"
pc refresh --config="$W/refresh.conf"
check "refresh: fetched, the kid reported as added" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -q 'added kid $KID'" x "$POUT"
check "refresh: the cache is the served set" cmp -s "$T/cache/jwks.json" "$T/jwks.json"
before=$(count)
pc refresh --config="$W/refresh.conf"
check "refresh: a second one at once fetches again: a person asked (issue 21.3)" \
    sh -c "[ $PRC -eq 0 ] && [ $(count) -eq $((before + 1)) ] && ! printf '%s' \"\$1\" | grep -qE 'refresh_min_interval|unknown kid'" x "$POUT"
PRC=0
POUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$PC" refresh \
    --config="$W/refresh.conf" 2>&1) || PRC=$?
check "refresh: not root, refused" \
    sh -c "[ $PRC -eq 1 ] && printf '%s' \"\$1\" | grep -q 'root only'" x "$POUT"
pc keys --config="$W/refresh.conf"
check "keys: the source URL" has "source: +$URL"
check "keys: the last attempt and its result" has "last fetch attempt by a login: .*succeeded"
check "keys: next refresh in the future" has "next refresh due: .*\\(in "
stop_server

# The map index (issue 15): built on demand, reported by doctor.
cp "$W/users" "$W/users.small"
i=0
while [ $i -lt 4000 ]; do
	echo "f$i@filler.example f$i"
	i=$((i + 1))
done >>"$W/users"
pc refresh "$C" --map-index
check "refresh --map-index: the index is built" \
    sh -c "[ $PRC -eq 0 ] && [ -s '$W/users.index' ]"
pc doctor "$C"
check "doctor: the index describes the map" has "^ok +map_index .*describes the map"
TOK=$good
same "valid token through the map index" PAM_SUCCESS alice
echo "late@example.com f1" >>"$W/users"
pc doctor "$C"
check "doctor: an index older than the map is stale (warn)" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -qE '^warn +map_index .*refresh --map-index'" x "$POUT"
PRC=0
setpriv --reuid=nobody --regid=nogroup --clear-groups "$PC" refresh "$C" \
    --map-index >/dev/null 2>&1 || PRC=$?
check "refresh --map-index: not root, refused" test "$PRC" -eq 1
PRC=0
"$PC" keys --map-index "$C" >/dev/null 2>&1 || PRC=$?
check "--map-index belongs to refresh" test "$PRC" -eq 2
mv "$W/users.small" "$W/users"
rm -f "$W/users.index"

# ------------------------------------------------------------- accounts
S="$W/state"
cat >"$W/acc.conf" <<CONF
audience = $AUD
jwks_cache = $W/jwks.json
jwks_url =
map_file = $W/users
state_dir = $S
helper_dir = $top/helpers
uid_min = 3700
allowed_domains = example.com
CONF
chmod 0644 "$W/acc.conf"
pc doctor --config="$W/acc.conf"
check "doctor: a state_dir not created yet says so" \
    has "state_dir +$S: not created yet"
pc accounts list --config="$W/acc.conf"
check "accounts list: none yet, said as such" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -q '^no bindings yet' && ! printf '%s' \"\$1\" | grep -q 'cannot be read'" x "$POUT"
pc accounts precreate --config="$W/acc.conf" -- adm.erin erin@example.com
check "accounts precreate: done" sh -c "[ $PRC -eq 0 ] && id adm.erin >/dev/null"
check "accounts precreate: prints the uid it gave" \
    has "^account adm.erin has uid $(id -u adm.erin 2>/dev/null)\$"
pc doctor --config="$W/acc.conf"
check "doctor: a state_dir that exists is safe, not 'or not created yet'" \
    sh -c "printf '%s' \"\$1\" | grep -qE 'state_dir +$S: safe\$'" x "$POUT"
pc accounts list --config="$W/acc.conf"
check "accounts list: the pending account" has "^adm.erin +pending +erin@example.com"
pc accounts list --config="$W/acc.conf" --json
check "accounts list --json" \
    sh -c "printf '%s' \"\$1\" | /usr/bin/python3 -c 'import json,sys; \
d=json.load(sys.stdin); assert d[\"accounts\"][0][\"user\"]==\"adm.erin\"'" x "$POUT"
TOK=$(mint --identifier erin@example.com --sub erin-sub)
pc check --config="$W/acc.conf" --user adm.erin
check "check: a pending account would be claimed, nothing written" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -q 'would run: .*pam_cotter_useradd claim' && grep -q '^state pending' '$S/bindings/adm.erin'" x "$POUT"
pc check --config="$W/acc.conf"
check "check without --user: a pending binding names the account" \
    has "no --user given: the token leads to account \"adm.erin\" \\(pending binding $S/bindings/adm.erin\\); it exists"
printf 'create_users = yes\nuid_range = 40000-40999\n' >>"$W/acc.conf"
TOK=$(mint --identifier newbie@example.com)
pc check --config="$W/acc.conf"
check "check without --user: automatic mapping, and the account would be created" \
    has "no --user given: the token leads to account \"newbie\" \\(automatic mapping \\(allowed_domains\\)\\); it does not exist yet: the first login creates it"
pc check --config="$W/acc.conf" --user newbie
want_uid=$(printf '%s\n' "$POUT" | sed -n 's/.*created now with uid \([0-9]*\).*/\1/p')
check "check: a first login would create the account, and creates nothing" \
    sh -c "[ $PRC -eq 0 ] && printf '%s' \"\$1\" | grep -q 'would run: .*pam_cotter_useradd create .*--uid $want_uid -- newbie' && ! id newbie >/dev/null 2>&1 && [ ! -e '$S/bindings/newbie' ]" x "$POUT"
cat >/etc/pam.d/cotter-acc <<PAMD
auth required $MODULE config=$W/acc.conf nodelay
account required pam_permit.so
PAMD
RC=0
OUT=$(printf '%s\n' "$TOK" | timeout 60 pamtester cotter-acc newbie authenticate 2>&1) || RC=$?
check "the module then creates it with the uid check predicted ($want_uid)" \
    sh -c "[ $RC -eq 0 ] && [ -n '$want_uid' ] && [ \"\$(id -u newbie)\" = '$want_uid' ]"
pc accounts precreate --config="$W/acc.conf" -- root root@example.com
check "accounts precreate: root is refused" test "$PRC" -eq 1
check "accounts precreate: the refusal says which rule, on the terminal" \
    has "^pam-cotter accounts: pam_cotter_useradd: precreate refused: .*root"
check "accounts: the helper's line shows no escaped quote" \
    sh -c "! printf '%s' \"\$1\" | grep -qF '\\\"'" x "$POUT"
pc accounts remove --config="$W/acc.conf" -- adm.erin
check "accounts remove: done" sh -c "[ $PRC -eq 0 ] && [ ! -e '$S/bindings/adm.erin' ]"
pc accounts remove --config="$W/acc.conf" -- adm.erin
check "accounts remove: no such binding (exit 1)" test "$PRC" -eq 1

# ----------------------------------------------------------- completion
complete_words() {
	bash -c '
	_init_completion() {
		words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
		cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
	}
	_filedir() { :; }
	. "$1"; shift
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	_pam_cotter; printf "%s\n" "${COMPREPLY[@]}"' x \
	    "$top/admin/pam-cotter.bash-completion" "$@"
}
check "completion: subcommands" \
    sh -c "[ \"\$(printf '%s' \"\$1\" | sort | tr '\n' ' ')\" = 'check ' ]" x "$(complete_words pam-cotter che)"
check "completion: check's options" \
    sh -c "printf '%s' \"\$1\" | grep -qx -- --token-file" x "$(complete_words pam-cotter check --to)"
check "completion: accounts actions" \
    sh -c "printf '%s' \"\$1\" | grep -qx precreate" x "$(complete_words pam-cotter accounts p)"
finish

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# File-safety and configuration contracts (DESIGN.md invariants 7 and the
# PAM result table), each unsafe case beside the control that passes.
. "$(dirname "$0")/lib.sh"
setup_world
# Issue 24: a token opens one login; every login below mints its own.
good=$(mint --identifier alice@example.com)
conf="config=$W/pam_cotter.conf nodelay"

expect "control: safe files" success alice "$(mint --identifier alice@example.com)"

# Key cache: an unsafe cache counts as no cache.
mv "$W/jwks.json" "$W/jwks.real"
log_mark
expect "missing key cache" authinfo_unavail alice "$(mint --identifier alice@example.com)"
expect_log "missing cache is logged" "refused user \"alice\": .*jwks"
ln -s "$W/jwks.real" "$W/jwks.json"
expect "key cache is a symlink" authinfo_unavail alice "$(mint --identifier alice@example.com)"
rm "$W/jwks.json"
mkfifo -m 0644 "$W/jwks.json"
expect "key cache is a FIFO (no hang)" authinfo_unavail alice "$(mint --identifier alice@example.com)"
rm "$W/jwks.json"
cp "$W/jwks.real" "$W/jwks.json"
chmod 0666 "$W/jwks.json"
expect "key cache world-writable" authinfo_unavail alice "$(mint --identifier alice@example.com)"
chmod 0664 "$W/jwks.json"
expect "key cache group-writable" authinfo_unavail alice "$(mint --identifier alice@example.com)"
chmod 0644 "$W/jwks.json"
chown 65534 "$W/jwks.json"
expect "key cache not owned by root" authinfo_unavail alice "$(mint --identifier alice@example.com)"
chown 0 "$W/jwks.json"
printf '{"keys":[]}' >"$W/jwks.json"
expect "empty key set" authinfo_unavail alice "$(mint --identifier alice@example.com)"
printf '<html>maintenance</html>' >"$W/jwks.json"
expect "key cache holding HTML" authinfo_unavail alice "$(mint --identifier alice@example.com)"
cp "$W/jwks.real" "$W/jwks.json"
expect "control: cache restored" success alice "$(mint --identifier alice@example.com)"

# Config file.
cp "$W/pam_cotter.conf" "$W/conf.real"
chmod 0666 "$W/pam_cotter.conf"
expect "config world-writable" service_err alice "$(mint --identifier alice@example.com)"
chmod 0644 "$W/pam_cotter.conf"
chown 65534 "$W/pam_cotter.conf"
expect "config not owned by root" service_err alice "$(mint --identifier alice@example.com)"
chown 0 "$W/pam_cotter.conf"
echo "colour = blue" >>"$W/pam_cotter.conf"
log_mark
expect "unknown config key" service_err alice "$(mint --identifier alice@example.com)"
expect_log "unknown key is named in the log" "colour"
grep -v '^audience' "$W/conf.real" >"$W/pam_cotter.conf"
expect "missing audience" service_err alice "$(mint --identifier alice@example.com)"
cp "$W/conf.real" "$W/pam_cotter.conf"
echo "leeway = 301" >>"$W/pam_cotter.conf"
expect "leeway above 300" service_err alice "$(mint --identifier alice@example.com)"
cp "$W/conf.real" "$W/pam_cotter.conf"
echo "algorithms = HS256" >>"$W/pam_cotter.conf"
expect "HMAC in algorithms" service_err alice "$(mint --identifier alice@example.com)"
cp "$W/conf.real" "$W/pam_cotter.conf"
ln -s "$W/conf.real" "$W/conf.link"
service_file "config=$W/conf.link nodelay"
expect "config is a symlink" service_err alice "$(mint --identifier alice@example.com)"
service_file "config=$W/does-not-exist nodelay"
expect "named config missing" service_err alice "$(mint --identifier alice@example.com)"
service_file "config=relative.conf nodelay"
expect "relative config path" service_err alice "$(mint --identifier alice@example.com)"
service_file "$conf bogus_flag"
expect "unknown module argument" service_err alice "$(mint --identifier alice@example.com)"
service_file "$conf audience=another-app"
expect "module argument overrides the file" auth_err alice "$(mint --identifier alice@example.com)"
service_file "$conf"
expect "control: config restored" success alice "$(mint --identifier alice@example.com)"

# Map file: unsafe or malformed is a configuration error.
chmod 0666 "$W/users"
expect "map file world-writable" service_err alice "$(mint --identifier alice@example.com)"
chmod 0644 "$W/users"
cp "$W/users" "$W/users.real"
echo "mallory@example.com -oroot" >>"$W/users"
expect "map file with a hostile user name" service_err alice "$(mint --identifier alice@example.com)"
cp "$W/users.real" "$W/users"
rm "$W/users"
expect "no map file: nobody is mapped" user_unknown alice "$(mint --identifier alice@example.com)"
cp "$W/users.real" "$W/users"
expect "control: map restored" success alice "$(mint --identifier alice@example.com)"

# Issue 19: every directory above the cache and the map is root's alone
# (OpenSSH safe_path), not only the parent: whoever writes in an ancestor
# can swap the subtree below it.  Each file two levels below a directory
# that is then made sticky world-writable (a /tmp), world-writable, or
# another user's; the same directory 0755 root is the control.
mkdir -p "$W/c/x" "$W/m/x"
chmod 0755 "$W/c" "$W/c/x" "$W/m" "$W/m/x"
cp "$W/jwks.real" "$W/c/x/jwks.json"
cp "$W/users.real" "$W/m/x/users"
service_file "$conf jwks_cache=$W/c/x/jwks.json map_file=$W/m/x/users"
expect "ancestors: control, both 0755 root" success alice "$(mint --identifier alice@example.com)"
for how in "chmod 1777" "chmod 0777" "chown 65534"; do
	$how "$W/c"
	expect "ancestors: cache below a directory after $how" \
	    authinfo_unavail alice "$(mint --identifier alice@example.com)"
	chmod 0755 "$W/c"
	chown 0 "$W/c"
	$how "$W/m"
	expect "ancestors: map below a directory after $how" \
	    service_err alice "$(mint --identifier alice@example.com)"
	chmod 0755 "$W/m"
	chown 0 "$W/m"
done
log_mark
chmod 1777 "$W/m"
expect "ancestors: a sticky world-writable ancestor of the map" \
    service_err alice "$(mint --identifier alice@example.com)"
expect_log "... is named in the log" "map_file directory $W/m is not owned by root"
chmod 0755 "$W/m"
expect "ancestors: control again" success alice "$(mint --identifier alice@example.com)"
# TMPDIR itself (a /tmp stand-in) sticky and world-writable: refused.
chmod 1777 "$TMPDIR"
expect "ancestors: everything below a sticky world-writable TMPDIR" \
    authinfo_unavail alice "$(mint --identifier alice@example.com)"
chmod 0755 "$TMPDIR"
expect "ancestors: control, TMPDIR 0755 again" success alice "$(mint --identifier alice@example.com)"
service_file "$conf"

finish

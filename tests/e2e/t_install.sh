#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# make install honours DESTDIR and puts every file where INSTALL.md says,
# with the owner and mode it says (section 1).
. "$(dirname "$0")/lib.sh"

D=$(mktemp -d)
if make -s -C "$top" install DESTDIR="$D" >"$D.log" 2>&1; then
	ok "make install DESTDIR=... succeeds"
else
	not_ok "make install DESTDIR=... succeeds" "$(tail -3 "$D.log")"
	finish
fi

# want PATH OWNER MODE
want() {
	got=$(stat -c '%U %a' "$D$1" 2>/dev/null)
	check "$1 is $2 $3 (got: ${got:-missing})" test "$got" = "$2 $3"
}
# Issue 21: where libpam's pkg-config file says (libpam-modules' directory).
PAMLIB=$(pkg-config --variable=libdir pam)
check "pkg-config names libpam's directory /lib/x86_64-linux-gnu (got: $PAMLIB)" \
    test "$PAMLIB" = /lib/x86_64-linux-gnu
want /lib/x86_64-linux-gnu/security/pam_cotter.so root 644
want /usr/libexec/pam_cotter/pam_cotter_fetch root 755
want /usr/libexec/pam_cotter/pam_cotter_device root 755
want /usr/libexec/pam_cotter/pam_cotter_useradd root 700
want /usr/share/pam-configs/pam_cotter root 644
want /etc/security/pam_cotter.conf root 644
want /var/cache/pam_cotter root 755
want /var/lib/pam_cotter root 755
want /lib/systemd/system/pam_cotter-refresh.service root 644
want /lib/systemd/system/pam_cotter-refresh.timer root 644
want /usr/sbin/pam-cotter root 755
want /usr/share/bash-completion/completions/pam-cotter root 644
want /usr/share/man/man8/pam-cotter.8 root 644
want /lib/x86_64-linux-gnu/libnss_cotter.so.2 root 644
want /etc/ssh/sshd_config.d/pam_cotter.conf root 644
check "the sshd drop-in changes nothing until edited (issue 21)" \
    sh -c "! grep -q '^[^#]' '$D/etc/ssh/sshd_config.d/pam_cotter.conf'"
check "no installed file is setuid or setgid" \
    test -z "$(find "$D" -perm /6000)"
check "the service runs the installed fetcher" grep -q \
    '^ExecStart=/usr/libexec/pam_cotter/pam_cotter_fetch --config /etc/security/pam_cotter.conf$' \
    "$D/lib/systemd/system/pam_cotter-refresh.service"
check "the installed module is the one built" \
    cmp -s "$MODULE" "$D/lib/x86_64-linux-gnu/security/pam_cotter.so"
check "the installed NSS module is the one built" \
    cmp -s "$top/libnss_cotter.so.2" "$D/lib/x86_64-linux-gnu/libnss_cotter.so.2"
check "make install never edits nsswitch.conf" test ! -e "$D/etc/nsswitch.conf"

# An administrator's edited config survives a reinstall.
echo "# edited" >>"$D/etc/security/pam_cotter.conf"
make -s -C "$top" install DESTDIR="$D" >/dev/null 2>&1
check "a reinstall keeps the administrator's config" \
    grep -q '^# edited$' "$D/etc/security/pam_cotter.conf"
rm -rf "$D" "$D.log"
finish

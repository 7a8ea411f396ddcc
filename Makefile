# SPDX-License-Identifier: BSD-3-Clause
# pam_cotter - plain Makefile (DESIGN.md "Contracts": make, make check,
# make install with DESTDIR and PREFIX).

PREFIX    ?= /usr
DESTDIR   ?=
# The multiarch triplet (x86_64-linux-gnu on amd64), asked of dpkg when it
# is there, else of the compiler; debian/rules passes PAMDIR itself.
MULTIARCH ?= $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || \
             $(CC) -print-multiarch 2>/dev/null)
# Issue 21: the PAM modules' directory is libpam's own (pam.pc's libdir,
# /lib/<triplet> on Debian 12, where libpam-modules ships pam_unix.so),
# else /lib/<triplet>.
PAMDIR    ?= $(or $(shell pkg-config --variable=libdir pam 2>/dev/null | \
             sed -n 's|^\(/.*[^/]\)$$|\1/security|p'),/lib/$(MULTIARCH)/security)
MANDIR    ?= $(PREFIX)/share/man
HELPERDIR ?= $(PREFIX)/libexec/pam_cotter

CC        ?= cc
OPT       ?= -O2 -g
WARN      := -Wall -Wextra -Wformat=2 -Wshadow -Wconversion -Wsign-conversion \
             -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
             -Wcast-qual -Wvla -Wnull-dereference -Werror
HARDEN    := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIC \
             -fvisibility=hidden
CFLAGS    ?=
# Issue 15: one section per function, so the module's link (--gc-sections)
# leaves out what it never calls: fewer relocations at each pam_start.
SECTIONS  := -ffunction-sections -fdata-sections
# Issue 20: src/ by layer, bottom to top (docs/DESIGN.md "Layers"); each
# layer uses only the ones before it (tests/unit/test_layers.sh checks the
# #include lines).  jansson is beside the module's layers: only the
# fetcher, the admin command and the tests use it.  One -I per layer, so
# an #include names the header alone.
LAYERS    := base config jose jansson identity login
LAYER_INC := $(addprefix -Isrc/,$(LAYERS))
ALL_CFLAGS := -std=gnu11 $(OPT) $(WARN) $(HARDEN) $(SECTIONS) $(LAYER_INC) \
             $(CFLAGS) \
             -DCT_HELPER_DIR='"$(HELPERDIR)"'
LDFLAGS   ?=
ALL_LDFLAGS := -Wl,-z,relro,-z,now $(LDFLAGS)
LIBS      := -lcrypto -ljansson

SRC       := $(sort $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c)))
HDR       := $(sort $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.h)))
OBJ       := $(SRC:.c=.o)
LIB       := src/libcotter.a

TLIB_SRC  := $(sort $(wildcard tests/lib/*.c))
TLIB_OBJ  := $(TLIB_SRC:.c=.o)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:.c=)
TOOL_SRC  := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN  := $(TOOL_SRC:.c=)
# Test-only PAM modules that sit after ours in a test stack (issue 19).
TPAM_SRC  := $(sort $(wildcard tests/pam/*.c))
TPAM_LIB  := $(TPAM_SRC:.c=.so)

# One folder per program (issue 20); the binaries stay in helpers/.
FETCH_SRC := $(sort $(wildcard helpers/fetch/*.c))
FETCH_BIN := $(if $(FETCH_SRC),helpers/pam_cotter_fetch)
DEVICE_SRC := $(sort $(wildcard helpers/device/*.c))
DEVICE_BIN := $(if $(DEVICE_SRC),helpers/pam_cotter_device)
USERADD_SRC := $(sort $(wildcard helpers/useradd/*.c))
USERADD_BIN := $(if $(USERADD_SRC),helpers/pam_cotter_useradd)
ADMIN_SRC := $(sort $(wildcard admin/*.c))
ADMIN_BIN := $(if $(ADMIN_SRC),admin/pam-cotter)
SBINDIR   ?= /usr/sbin
COMPLDIR  ?= /usr/share/bash-completion/completions
NSS_SRC   := $(sort $(wildcard nss/*.c))
NSS_LIB   := $(if $(NSS_SRC),libnss_cotter.so.2)

.PHONY: all check ci unit e2e demo install clean
.SECONDARY:

all: pam_cotter.so $(FETCH_BIN) $(USERADD_BIN) $(NSS_LIB) $(ADMIN_BIN) \
    $(DEVICE_BIN)

# The key fetcher is the only program that links libcurl (DESIGN.md).
helpers/pam_cotter_fetch: $(FETCH_SRC) $(wildcard helpers/fetch/*.h) $(LIB)
	$(CC) $(ALL_CFLAGS) -Ihelpers/fetch $(ALL_LDFLAGS) -o $@ $(FETCH_SRC) \
	    $(LIB) -lcurl $(LIBS)

# Issue 25: the device authorization client, the fetcher's transfer built
# in again (helpers/device/README.md); libcurl here too, never the module.
helpers/pam_cotter_device: $(DEVICE_SRC) $(wildcard helpers/device/*.h) \
    helpers/fetch/fetch_curl.c helpers/fetch/fetch_curl.h $(LIB)
	$(CC) $(ALL_CFLAGS) -Ihelpers/device -Ihelpers/fetch $(ALL_LDFLAGS) \
	    -o $@ $(DEVICE_SRC) helpers/fetch/fetch_curl.c $(LIB) -lcurl $(LIBS)

$(LIB): $(OBJ)
	rm -f $@
	ar rcs $@ $^

src/%.o: src/%.c $(HDR)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

pam_cotter.o: pam_cotter.c $(HDR)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Only pam_sm_* leave the module (pam_cotter.map).  Issue 15: the module
# links libcrypto but not jansson (its JSON is read by src/jose/jscan.c), so no
# JSON library is loaded, relocated and unloaded at every pam_start;
# --no-undefined fails this link if a jansson call ever comes back.
pam_cotter.so: pam_cotter.o $(LIB) pam_cotter.map
	$(CC) -shared $(ALL_CFLAGS) $(ALL_LDFLAGS) \
	    -Wl,--version-script=pam_cotter.map -Wl,--no-undefined \
	    -Wl,--gc-sections -Wl,-O1 \
	    -o $@ pam_cotter.o $(LIB) -lpam -lcrypto

# The account helper links libc only (DESIGN.md "Parts"): the objects it
# takes from the library must not need libcrypto or jansson, or this fails.
helpers/pam_cotter_useradd: $(USERADD_SRC) $(wildcard helpers/useradd/*.h) \
    $(LIB)
	$(CC) $(ALL_CFLAGS) -Ihelpers/useradd $(ALL_LDFLAGS) -o $@ $(USERADD_SRC) $(LIB)

# The NSS module links libc only (DESIGN.md "Parts"): no -lcrypto, no
# -ljansson, no -lpam here, so an object that needs them fails the link.
# Only _nss_cotter_* leave it (nss/libnss_cotter.map).
libnss_cotter.so.2: $(NSS_SRC) nss/libnss_cotter.map $(LIB)
	$(CC) -shared $(ALL_CFLAGS) $(ALL_LDFLAGS) \
	    -Wl,-soname,libnss_cotter.so.2 \
	    -Wl,--version-script=nss/libnss_cotter.map -Wl,--no-undefined \
	    -o $@ $(NSS_SRC) $(LIB)

# The administrator's command (admin/): the library's checks, never its own.
# Issue 21: doctor names the NSS module where make install puts it.
admin/pam-cotter: $(ADMIN_SRC) $(wildcard admin/*.h) $(LIB)
	$(CC) $(ALL_CFLAGS) -DCT_NSS_DIR='"$(NSSDIR)"' -Iadmin $(ALL_LDFLAGS) \
	    -o $@ $(ADMIN_SRC) \
	    $(LIB) $(LIBS)

tests/lib/%.o: tests/lib/%.c tests/lib/*.h $(HDR)
	$(CC) $(ALL_CFLAGS) -Itests/lib -c -o $@ $<

tests/unit/test_%: tests/unit/test_%.c $(TLIB_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -Itests/lib $(ALL_LDFLAGS) -o $@ $< $(TLIB_OBJ) \
	    $(LIB) -lcmocka -lpam -lpthread $(LIBS)

# The attack catalogue again, each verdict compared with pam-cotter check.
tests/unit/test_admin_equiv: tests/unit/test_attacks.c

tests/tools/%: tests/tools/%.c $(TLIB_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -Itests/lib $(ALL_LDFLAGS) -o $@ $< $(TLIB_OBJ) \
	    $(LIB) -lpam $(LIBS)

tests/pam/%.so: tests/pam/%.c
	$(CC) -shared $(ALL_CFLAGS) $(ALL_LDFLAGS) -Wl,--no-undefined \
	    -o $@ $< -lpam

check: pam_cotter.so $(FETCH_BIN) $(USERADD_BIN) $(NSS_LIB) $(ADMIN_BIN) \
    $(DEVICE_BIN) \
    $(UNIT_BIN) \
    $(TOOL_BIN) $(TPAM_LIB)
	sh tests/run-all.sh

# Everything CI runs: analysis, fuzzing, sanitizer and valgrind passes,
# then the suite itself, whose "N passed, N failed" line comes last.
ci:
	$(MAKE) --no-print-directory analyze
	$(MAKE) --no-print-directory fuzz-smoke FUZZ_TIME=20
	$(MAKE) --no-print-directory check-tsan
	$(MAKE) --no-print-directory check-valgrind
	$(MAKE) --no-print-directory check-asan
	$(MAKE) --no-print-directory man-lint
	$(MAKE) --no-print-directory check-clone
	$(MAKE) --no-print-directory check-deb
	$(MAKE) --no-print-directory check

unit: $(NSS_LIB) $(UNIT_BIN)
	sh tests/run-all.sh unit

demo: pam_cotter.so $(TOOL_BIN)
	sh tests/demo.sh

SYSTEMDDIR ?= /lib/systemd/system
# Issue 19: the refresh unit may write only the directory of jwks_cache;
# taken from the default in src/config/config.c, so the two never drift apart.
CACHEDIR  := $(shell sed -n 's|^\#define CT_DEFAULT_JWKS_CACHE[[:space:]]*"\(.*\)/[^/]*"$$|\1|p' src/config/config.c)
# The NSS module goes beside the PAM module's directory: the multiarch
# library directory glibc's loader searches, where Debian 12's libc6 ships
# libnss_files.so.2 (/lib/<triplet>).  It never edits nsswitch.conf.
NSSDIR    ?= $(patsubst %/security,%,$(PAMDIR))

# Files the module trusts are root-owned and not group/world-writable; the
# account helper is root-only and never setuid (INSTALL.md, section 1).
install: all
	install -d -m 0755 $(DESTDIR)$(PAMDIR) $(DESTDIR)$(HELPERDIR)
	install -m 0644 pam_cotter.so $(DESTDIR)$(PAMDIR)/pam_cotter.so
	install -m 0755 helpers/pam_cotter_fetch $(DESTDIR)$(HELPERDIR)/
	install -m 0755 helpers/pam_cotter_device $(DESTDIR)$(HELPERDIR)/
	test ! -e helpers/pam_cotter_useradd || \
	    install -m 0700 helpers/pam_cotter_useradd $(DESTDIR)$(HELPERDIR)/
	install -d -m 0755 $(DESTDIR)/etc/security $(DESTDIR)$(SYSTEMDDIR)
	install -d -m 0755 $(DESTDIR)$(CACHEDIR)
	install -d -m 0755 $(DESTDIR)/var/lib/pam_cotter
	test -e $(DESTDIR)/etc/security/pam_cotter.conf || \
	    install -m 0644 conf/pam_cotter.conf \
	    $(DESTDIR)/etc/security/pam_cotter.conf
	test -n "$(CACHEDIR)"
	sed -e 's|@HELPERDIR@|$(HELPERDIR)|g' -e 's|@CACHEDIR@|$(CACHEDIR)|g' \
	    conf/pam_cotter-refresh.service \
	    >$(DESTDIR)$(SYSTEMDDIR)/pam_cotter-refresh.service
	install -m 0644 conf/pam_cotter-refresh.timer $(DESTDIR)$(SYSTEMDDIR)/
	install -d -m 0755 $(DESTDIR)/etc/ssh/sshd_config.d
	test -e $(DESTDIR)/etc/ssh/sshd_config.d/pam_cotter.conf || \
	    install -m 0644 conf/sshd_config.d/pam_cotter.conf \
	    $(DESTDIR)/etc/ssh/sshd_config.d/pam_cotter.conf
	install -d -m 0755 $(DESTDIR)/usr/share/pam-configs
	install -m 0644 conf/pam-auth-update/pam_cotter \
	    $(DESTDIR)/usr/share/pam-configs/pam_cotter
	chmod 0644 $(DESTDIR)$(SYSTEMDDIR)/pam_cotter-refresh.service
	install -d -m 0755 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0644 $(wildcard man/*.5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(wildcard man/*.8) $(DESTDIR)$(MANDIR)/man8/
	install -d -m 0755 $(DESTDIR)$(NSSDIR)
	install -m 0644 libnss_cotter.so.2 $(DESTDIR)$(NSSDIR)/
	install -d -m 0755 $(DESTDIR)$(SBINDIR) $(DESTDIR)$(COMPLDIR)
	install -m 0755 admin/pam-cotter $(DESTDIR)$(SBINDIR)/pam-cotter
	install -m 0644 admin/pam-cotter.bash-completion \
	    $(DESTDIR)$(COMPLDIR)/pam-cotter

clean:
	rm -f $(OBJ) src/*.o $(LIB) pam_cotter.o pam_cotter.so $(TLIB_OBJ) \
	    $(UNIT_BIN) $(TOOL_BIN) $(TPAM_LIB) helpers/pam_cotter_fetch \
	    helpers/pam_cotter_device \
	    helpers/pam_cotter_useradd libnss_cotter.so.2 admin/pam-cotter

# Analysis, sanitizer and fuzzing targets live in mk/*.mk.
-include $(sort $(wildcard mk/*.mk))

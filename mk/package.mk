# SPDX-License-Identifier: BSD-3-Clause
# mk/package.mk - the tree on its own, the man pages and the Debian
# package (issue 12).
#
#   make man-lint     mandoc -T lint -W warning over man/*: any warning
#                     fails (tests/e2e/t_man.sh runs the same in make check)
#   make check-clone  git clone of the current commit into an empty
#                     temporary folder with nothing beside it,
#                     then its unit tests there
#   make deb          dpkg-buildpackage -us -uc -b on a copy of the tree in
#                     build/pam-cotter/, so the results land in build/
#                     (build/libpam-cotter_VERSION_ARCH.deb), then lintian
#                     on the .changes (it checks the .deb too): any error or
#                     warning fails
#   make check-deb    make deb, then tests/deb/check_deb.sh: dpkg -i,
#                     pam-auth-update, token and password logins, upgrade,
#                     dpkg -r and dpkg -P, in an overlay of / that vanishes
#                     with its mount namespace

DEB_SRC  := build/pam-cotter
LINTIAN  ?= lintian
LINTIAN_FLAGS ?= --fail-on error,warning --display-info --pedantic \
                 --display-experimental

.PHONY: man-lint check-clone deb check-deb deb-clean

man-lint:
	mandoc -T lint -W warning man/*.[1-8]

# safe.directory: the checkout may belong to another user than root.
check-clone:
	@set -e; d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; \
	g="git -c safe.directory=$(CURDIR)"; \
	rev=$$($$g rev-parse HEAD); \
	$$g clone -q --no-local "$(CURDIR)" "$$d/pam_cotter"; \
	git -C "$$d/pam_cotter" checkout -q --detach "$$rev"; \
	echo "check-clone: $$rev in $$d/pam_cotter, beside it:" \
	    "$$(ls -A "$$d")"; \
	test "$$(ls -A "$$d")" = pam_cotter; \
	$(MAKE) --no-print-directory -C "$$d/pam_cotter" -j2 -s \
	    all tests/tools/logsink unit

# A copy of what git knows (tracked and new, not ignored, so build
# products stay out); a tree without git is copied as it is.
deb:
	rm -rf $(DEB_SRC) build/libpam-cotter_* build/libpam-cotter-dbgsym_* \
	    build/pam-cotter_*
	mkdir -p $(DEB_SRC)
	if git rev-parse --git-dir >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
		    tar --null -T - --ignore-failed-read -c | \
		    tar -x -C $(DEB_SRC); \
	else \
		tar -c --exclude=./build . | tar -x -C $(DEB_SRC); \
		$(MAKE) -s -C $(DEB_SRC) clean >/dev/null; \
	fi
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b
	$(LINTIAN) $(LINTIAN_FLAGS) build/pam-cotter_*.changes
	@ls -l build/libpam-cotter_*.deb

check-deb: deb tests/tools/logsink
	sh tests/deb/check_deb.sh build/libpam-cotter_*.deb

deb-clean:
	rm -rf $(DEB_SRC) build/libpam-cotter_* build/libpam-cotter-dbgsym_* \
	    build/pam-cotter_*

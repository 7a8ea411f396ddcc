# SPDX-License-Identifier: BSD-3-Clause
# mk/valgrind.mk - valgrind memcheck over the pamtester end-to-end tests
# and over the unit tests of the token path (issue 5).
#
#   make check-valgrind   runs VG_E2E through tests/ns.sh with pamtester
#                         replaced (first on PATH) by
#                         tests/analysis/valgrind-pamtester.sh, then the
#                         unit tests in VG_UNIT under valgrind; any invalid
#                         access, use of uninitialised memory or definite
#                         leak fails it.

VG_DIR   := $(abspath build/valgrind)
VG_E2E   ?= tests/e2e/t_pamtester.sh tests/e2e/t_module.sh
VG_UNIT  ?= tests/unit/test_token tests/unit/test_attacks \
            tests/unit/test_allocfail
VG_FLAGS := --quiet --error-exitcode=99 --leak-check=full \
            --show-leak-kinds=definite --errors-for-leak-kinds=definite \
            --track-origins=yes --num-callers=30 \
            --suppressions=$(abspath tests/analysis/valgrind.supp)

.PHONY: check-valgrind

check-valgrind: pam_cotter.so $(TOOL_BIN) $(TPAM_LIB) $(VG_UNIT)
	rm -rf $(VG_DIR)
	mkdir -p $(VG_DIR)/bin $(VG_DIR)/log
	cp tests/analysis/valgrind-pamtester.sh $(VG_DIR)/bin/pamtester
	@set -e; for t in $(VG_E2E); do \
		echo "check-valgrind: $$t"; \
		PATH="$(VG_DIR)/bin:$$PATH" CT_VG_LOG="$(VG_DIR)/log" \
		CT_VG_SUPP="$(abspath tests/analysis/valgrind.supp)" \
		    sh tests/ns.sh /bin/sh $$t >$(VG_DIR)/$$(basename $$t).tap \
		    2>&1 || { cat $(VG_DIR)/$$(basename $$t).tap; \
		    echo "check-valgrind: $$t failed"; exit 1; }; \
		grep -c '^ok ' $(VG_DIR)/$$(basename $$t).tap | \
		    sed "s|^|    ok lines: |"; \
	done
	@set -e; for t in $(VG_UNIT); do \
		echo "check-valgrind: $$t"; \
		CMOCKA_MESSAGE_OUTPUT=TAP valgrind $(VG_FLAGS) \
		    --log-file=$(VG_DIR)/log/unit.$$(basename $$t).%p.log \
		    $$t >$(VG_DIR)/$$(basename $$t).tap 2>&1 || \
		    { cat $(VG_DIR)/$$(basename $$t).tap; \
		    echo "check-valgrind: $$t failed"; exit 1; }; \
	done
	@n=$$(ls $(VG_DIR)/log | wc -l); \
	if [ "$$n" -lt 10 ]; then \
		echo "check-valgrind: only $$n runs under valgrind"; exit 1; fi; \
	if grep -l . $(VG_DIR)/log/* >/dev/null 2>&1; then \
		for f in $$(grep -l . $(VG_DIR)/log/*); do \
			echo "==== $$f"; cat $$f; done; \
		echo "check-valgrind: valgrind reported errors"; exit 1; \
	fi; echo "check-valgrind: $$n runs, no error, no definite leak"

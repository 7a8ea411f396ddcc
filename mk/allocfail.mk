# SPDX-License-Identifier: BSD-3-Clause
# mk/allocfail.mk - tests/unit/test_allocfail (issue 5) links with
# -Wl,--wrap for the allocation functions our code calls, so that it can
# make the n-th one fail.  This explicit rule overrides the pattern rule
# for tests/unit/test_% in the Makefile; everything else is the same.

ALLOCFAIL_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc \
                  -Wl,--wrap=strdup,--wrap=strndup -Wl,--wrap=json_loadb

tests/unit/test_allocfail: tests/unit/test_allocfail.c $(TLIB_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -Itests/lib $(ALL_LDFLAGS) $(ALLOCFAIL_WRAP) \
	    -o $@ $< $(TLIB_OBJ) $(LIB) -lcmocka -lpam -lpthread $(LIBS)

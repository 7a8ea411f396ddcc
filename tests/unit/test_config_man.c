/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_config_man.c - every key the parser accepts (src/config/config.c's key
 * table, through ct_config_key_name) is documented in man/pam_cotter.conf.5
 * (issue 12, decision D8): an ".It Cm KEY" entry in its KEYS section that
 * gives a default or says the key is required.  And the reverse: the page
 * documents no key the parser would refuse.  Runs from the repository
 * root, as tests/run-all.sh does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "err.h"

#define MAN_PAGE	"man/pam_cotter.conf.5"
#define MAX_ENTRIES	128

/* One ".It Cm NAME" entry of the KEYS section and the text under it. */
struct entry {
	char name[64];
	int has_default;
};

static struct entry entries[MAX_ENTRIES];
static size_t nentries;

/* Reads the KEYS section of the page into entries[]. */
static int
load_page(void **state)
{
	char line[1024];
	int in_keys = 0;
	FILE *f;

	(void)state;
	f = fopen(MAN_PAGE, "r");
	if (f == NULL) {
		print_error("cannot open %s\n", MAN_PAGE);
		return -1;
	}
	nentries = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".Sh ", 4) == 0)
			in_keys = strcmp(line, ".Sh KEYS") == 0;
		if (!in_keys)
			continue;
		if (strncmp(line, ".It Cm ", 7) == 0 && nentries < MAX_ENTRIES) {
			(void)snprintf(entries[nentries].name,
			    sizeof(entries[nentries].name), "%.63s", line + 7);
			entries[nentries++].has_default = 0;
		} else if (nentries > 0 && (strncmp(line, "Default", 7) == 0 ||
		    strncmp(line, "Required", 8) == 0))
			entries[nentries - 1].has_default = 1;
	}
	(void)fclose(f);
	return 0;
}

/* The entry documenting key, or NULL. */
static const struct entry *
documented(const char *key)
{
	size_t i;

	for (i = 0; i < nentries; i++)
		if (strcmp(entries[i].name, key) == 0)
			return &entries[i];
	return NULL;
}

static void
test_every_parser_key_is_documented(void **state)
{
	const struct entry *d;
	const char *key;
	size_t i;
	int missing = 0;

	(void)state;
	for (i = 0; (key = ct_config_key_name(i)) != NULL; i++) {
		if ((d = documented(key)) == NULL) {
			print_error("%s: key \"%s\" has no .It Cm entry in "
			    "KEYS\n", MAN_PAGE, key);
			missing++;
		} else if (!d->has_default) {
			print_error("%s: key \"%s\": no line starting "
			    "\"Default\" or \"Required\"\n", MAN_PAGE, key);
			missing++;
		}
	}
	assert_true(i > 0);
	assert_int_equal(missing, 0);
}

static void
test_every_documented_key_is_parsed(void **state)
{
	struct ct_config *cfg;
	struct ct_err e;
	size_t i;
	int r;

	(void)state;
	assert_true(nentries > 0);
	for (i = 0; i < nentries; i++) {
		assert_non_null(cfg = ct_config_new());
		ct_err_clear(&e);
		r = ct_config_set(cfg, entries[i].name, "", &e);
		/* A bad value is fine here; an unknown key is not. */
		if (r != CT_OK && strstr(e.msg, "unknown config key") != NULL)
			fail_msg("%s documents \"%s\", which the parser "
			    "refuses", MAN_PAGE, entries[i].name);
		ct_config_free(cfg);
	}
}

/* The check can fail: a key the page does not name is found missing. */
static void
test_checker_sees_an_undocumented_key(void **state)
{
	struct ct_config *cfg;
	struct ct_err e;

	(void)state;
	assert_null(documented("no_such_key"));
	assert_non_null(documented("audience"));
	assert_null(ct_config_key_name((size_t)-1));
	assert_non_null(cfg = ct_config_new());
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "no_such_key", "1", &e),
	    CT_ECONFIG);
	assert_non_null(strstr(e.msg, "unknown config key"));
	ct_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_parser_key_is_documented),
		cmocka_unit_test(test_every_documented_key_is_parsed),
		cmocka_unit_test(test_checker_sees_an_undocumented_key),
	};

	return cmocka_run_group_tests(tests, load_page, NULL);
}

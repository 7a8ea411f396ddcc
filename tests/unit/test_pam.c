/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_pam.c - the module in process, through libpam's pam_start_confdir
 * with a generated service file (as Linux-PAM's tst-pam_*-retval.c do):
 * every PAM result of DESIGN.md's table, conversation failures, the
 * entry points other than authenticate, and two handles in two threads.
 * Runs inside tests/ns.sh (it adds an account to the throwaway /etc).
 */
#include <sys/stat.h>

#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <security/pam_appl.h>

#include "mint.h"

#define AUD "3b1b2d5c-6a1f-4c1e-9d55-5ad7c0ffee01"
#define SERVICE "cotter-inproc"

static char dir[PATH_MAX];		/* confdir + files */
static char module[PATH_MAX];
static struct mint_key *key;

struct answers {
	const char *const *replies;	/* NULL-terminated */
	size_t next;
	int fail;			/* return PAM_CONV_ERR */
	int null_resp;			/* succeed with no response */
	int drop;			/* fail this many questions ... */
	int drop_from;			/* ... from this one (1-based) on */
	int asked;			/* questions (ECHO_OFF) seen */
	int hinted;			/* one said how to enter parts */
};

static int
conv(int n, const struct pam_message **msg, struct pam_response **resp,
    void *data)
{
	struct answers *a = data;
	struct pam_response *r;
	int i;

	if (a->fail)
		return PAM_CONV_ERR;
	for (i = 0; i < n; i++) {
		if (msg[i]->msg_style != PAM_PROMPT_ECHO_OFF)
			continue;
		a->asked++;
		if (strstr(msg[i]->msg, "in parts of at most 500") != NULL)
			a->hinted++;
	}
	/* As sudo does with an answer of 512 bytes or more. */
	if (a->drop > 0 && a->asked >= a->drop_from) {
		a->drop--;
		return PAM_CONV_ERR;
	}
	if ((r = calloc((size_t)n, sizeof(*r))) == NULL)
		return PAM_BUF_ERR;
	for (i = 0; i < n; i++) {
		if (msg[i]->msg_style != PAM_PROMPT_ECHO_OFF || a->null_resp)
			continue;
		if (a->replies[a->next] != NULL)
			r[i].resp = strdup(a->replies[a->next++]);
	}
	*resp = r;
	return PAM_SUCCESS;
}

static void
write_file(const char *name, const char *text)
{
	char *path = mint_keep(mint_printf("%s/%s", dir, name));
	FILE *f;

	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0644), 0);
}

/* The service file: the module with `args`, over the files in dir. */
static void
service(const char *args)
{
	char *text;

	text = mint_printf("auth required %s config=%s/cotter.conf nodelay%s%s\n"
	    "account required %s config=%s/cotter.conf\n", module, dir,
	    *args != '\0' ? " " : "", args, module, dir);
	write_file(SERVICE, text);
	free(text);
}

static int
setup(void **state)
{
	const char *ns = getenv("CT_IN_NS");
	char *jwks, *conf;

	(void)state;
	if (ns == NULL || strcmp(ns, "1") != 0) {
		fprintf(stderr, "test_pam must run under tests/ns.sh\n");
		return -1;
	}
	if (system("id alice >/dev/null 2>&1 || "
	    "useradd -M -u 2001 -s /bin/sh alice") != 0)
		return -1;
	if (realpath("pam_cotter.so", module) == NULL)
		return -1;
	(void)snprintf(dir, sizeof(dir), "%s/ct-pam.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL || chmod(dir, 0755) != 0)
		return -1;
	key = mint_key_new_es256(NULL);
	jwks = mint_jwks_json((const struct mint_key *const *)&key, 1);
	write_file("jwks.json", jwks);
	conf = mint_printf("audience = %s\njwks_cache = %s/jwks.json\n"
	    "jwks_url =\nmap_file = %s/users\n", AUD, dir, dir);
	write_file("cotter.conf", conf);
	write_file("users", "alice@example.com alice\n");
	free(jwks);
	free(conf);
	service("");
	return 0;
}

static int
teardown(void **state)
{
	char *cmd;
	int r;

	(void)state;
	mint_key_free(key);
	cmd = mint_printf("rm -rf '%s'", dir);
	r = system(cmd);
	free(cmd);
	return r == 0 ? 0 : -1;
}

/* One pam_authenticate for user with the given answers. */
static int
auth(const char *user, struct answers *a)
{
	struct pam_conv c = { conv, a };
	pam_handle_t *pamh = NULL;
	int r;

	assert_int_equal(pam_start_confdir(SERVICE, user, &c, dir, &pamh),
	    PAM_SUCCESS);
	r = pam_authenticate(pamh, 0);
	assert_int_equal(pam_end(pamh, r), PAM_SUCCESS);
	return r;
}

static int
auth_with(const char *user, const char *token)
{
	const char *replies[] = { token, NULL };
	struct answers a = { replies, 0, 0, 0, 0, 0, 0, 0 };

	return auth(user, &a);
}

static char *
good_token(const char *identifier)
{
	return mint_keep(mint_cotter_token(key, time(NULL), AUD, identifier));
}

static void
test_valid_token_succeeds(void **state)
{
	(void)state;
	assert_int_equal(auth_with("alice", good_token("alice@example.com")),
	    PAM_SUCCESS);
}

static void
test_forged_token_is_auth_err(void **state)
{
	struct mint_key *evil = mint_key_new_es256(key->kid);
	char *tok;

	(void)state;
	tok = mint_keep(mint_cotter_token(evil, time(NULL), AUD,
	    "alice@example.com"));
	mint_key_free(evil);
	assert_int_equal(auth_with("alice", tok), PAM_AUTH_ERR);
}

static void
test_unmapped_identity_is_user_unknown(void **state)
{
	(void)state;
	assert_int_equal(auth_with("alice", good_token("eve@example.com")),
	    PAM_USER_UNKNOWN);
}

static void
test_no_key_cache_is_authinfo_unavail(void **state)
{
	(void)state;
	service("jwks_cache=/nonexistent/jwks.json");
	assert_int_equal(auth_with("alice", good_token("alice@example.com")),
	    PAM_AUTHINFO_UNAVAIL);
	service("");
	assert_int_equal(auth_with("alice", good_token("alice@example.com")),
	    PAM_SUCCESS);
}

static void
test_bad_config_is_service_err(void **state)
{
	(void)state;
	service("leeway=-1");
	assert_int_equal(auth_with("alice", good_token("alice@example.com")),
	    PAM_SERVICE_ERR);
	service("no_such_key=1");
	assert_int_equal(auth_with("alice", good_token("alice@example.com")),
	    PAM_SERVICE_ERR);
	service("");
}

static void
test_conversation_error_never_succeeds(void **state)
{
	const char *replies[] = { NULL };
	struct answers fail = { replies, 0, 1, 0, 0, 0, 0, 0 };
	struct answers none = { replies, 0, 0, 1, 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(auth("alice", &fail), PAM_AUTH_ERR);
	assert_int_equal(auth("alice", &none), PAM_AUTH_ERR);
}

/* setcred has nothing to do; account policy is not ours (PAM_IGNORE). */
static void
test_setcred_and_acct_mgmt(void **state)
{
	const char *replies[] = { good_token("alice@example.com"), NULL };
	struct answers a = { replies, 0, 0, 0, 0, 0, 0, 0 };
	struct pam_conv c = { conv, &a };
	pam_handle_t *pamh = NULL;

	(void)state;
	assert_int_equal(pam_start_confdir(SERVICE, "alice", &c, dir, &pamh),
	    PAM_SUCCESS);
	assert_int_equal(pam_authenticate(pamh, 0), PAM_SUCCESS);
	assert_int_equal(pam_setcred(pamh, PAM_ESTABLISH_CRED), PAM_SUCCESS);
	/* An account stack of this module alone can never succeed. */
	assert_int_not_equal(pam_acct_mgmt(pamh, 0), PAM_SUCCESS);
	assert_int_equal(pam_end(pamh, PAM_SUCCESS), PAM_SUCCESS);
}

/* Splits tok into n parts (the last takes the rest), kept for teardown. */
static const char **
split(const char *tok, size_t n)
{
	const char **parts = mint_keep(calloc(n + 1, sizeof(*parts)));
	size_t i, len = strlen(tok), step = len / n;

	for (i = 0; i < n; i++)
		parts[i] = mint_keep(strndup(tok + i * step,
		    i + 1 == n ? len - i * step : step));
	return parts;
}

/* Issue 6: a token cut by the client continues in the next reply. */
static void
test_token_in_parts(void **state)
{
	const char *tok = good_token("alice@example.com");
	struct answers two = { split(tok, 2), 0, 0, 0, 0, 0, 0, 0 };
	/* Issue 24: a token opens one login; each login its own. */
	struct answers eight = { split(good_token("alice@example.com"), 8),
	    0, 0, 0, 0, 0, 0, 0 };
	struct answers nine = { split(tok, 9), 0, 0, 0, 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(auth("alice", &two), PAM_SUCCESS);
	assert_int_equal(two.next, 2);
	assert_int_equal(auth("alice", &eight), PAM_SUCCESS);
	assert_int_equal(eight.next, 8);
	/* At most 8 parts: the ninth is never asked for. */
	assert_int_equal(auth("alice", &nine), PAM_AUTH_ERR);
	assert_int_equal(nine.next, 8);
}

static void
test_parts_that_cannot_continue(void **state)
{
	const char *tok = good_token("alice@example.com");
	const char **half = split(tok, 2);
	const char *garbage[] = { half[0], "not a token!", NULL };
	const char *extra[] = { half[0], half[1], "more", NULL };
	const char *cut[] = { half[0], NULL };
	struct answers a1 = { garbage, 0, 0, 0, 0, 0, 0, 0 };
	struct answers a2 = { extra, 0, 0, 0, 0, 0, 0, 0 };
	struct answers a3 = { cut, 0, 0, 0, 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(auth("alice", &a1), PAM_AUTH_ERR);
	/* A complete token asks no more. */
	assert_int_equal(auth("alice", &a2), PAM_SUCCESS);
	assert_int_equal(a2.next, 2);
	/* The client gives no second part: cut short, refused. */
	assert_int_equal(auth("alice", &a3), PAM_AUTH_ERR);
}

/*
 * Issue 21: sudo drops a long answer (the conversation fails); under a
 * service named sudo the module asks once more, saying how to enter the
 * token in parts, and the parts that follow log in.  Elsewhere a failed
 * conversation ends the attempt at once.
 */
static void
test_sudo_dropped_answer_gets_the_hint(void **state)
{
	const char *tok = good_token("alice@example.com");
	struct answers sudo1 = { split(tok, 2), 0, 0, 0, 1, 0, 0, 0 };
	struct answers sudo2 = { split(tok, 2), 0, 0, 0, 2, 0, 0, 0 };
	struct answers other = { split(tok, 2), 0, 0, 0, 1, 0, 0, 0 };
	/* Issue 24: a token opens one login; each login its own. */
	struct answers later = { split(good_token("alice@example.com"), 2),
	    0, 0, 0, 0, 0, 0, 0 };
	struct pam_conv c = { conv, &sudo1 };
	pam_handle_t *pamh = NULL;
	char *text;

	(void)state;
	text = mint_printf("auth required %s config=%s/cotter.conf nodelay\n",
	    module, dir);
	write_file("sudo", text);
	free(text);
	assert_int_equal(pam_start_confdir("sudo", "alice", &c, dir, &pamh),
	    PAM_SUCCESS);
	assert_int_equal(pam_authenticate(pamh, PAM_SILENT), PAM_SUCCESS);
	assert_int_equal(pam_end(pamh, PAM_SUCCESS), PAM_SUCCESS);
	assert_int_equal(sudo1.asked, 3);
	assert_int_equal(sudo1.hinted, 1);
	/* Asked again once only: a second failure ends it. */
	c.appdata_ptr = &sudo2;
	assert_int_equal(pam_start_confdir("sudo", "alice", &c, dir, &pamh),
	    PAM_SUCCESS);
	assert_int_equal(pam_authenticate(pamh, PAM_SILENT), PAM_AUTH_ERR);
	assert_int_equal(pam_end(pamh, PAM_AUTH_ERR), PAM_SUCCESS);
	assert_int_equal(sudo2.asked, 2);
	/* A later part dropped: the same hint for the rest. */
	later.drop = 1;
	later.drop_from = 2;
	c.appdata_ptr = &later;
	assert_int_equal(pam_start_confdir("sudo", "alice", &c, dir, &pamh),
	    PAM_SUCCESS);
	assert_int_equal(pam_authenticate(pamh, PAM_SILENT), PAM_SUCCESS);
	assert_int_equal(pam_end(pamh, PAM_SUCCESS), PAM_SUCCESS);
	assert_int_equal(later.asked, 3);
	assert_int_equal(later.hinted, 1);
	/* Control: not sudo, no second question. */
	assert_int_equal(auth("alice", &other), PAM_AUTH_ERR);
	assert_int_equal(other.asked, 1);
	assert_int_equal(other.hinted, 0);
}

/* What libpam asked the application to wait, through PAM_FAIL_DELAY. */
static unsigned int delay_asked;
static int delay_calls;

static void
record_delay(int retval, unsigned usec_delay, void *appdata)
{
	(void)retval;
	(void)appdata;
	delay_asked = usec_delay;
	delay_calls++;
}

/* One pam_authenticate with an application delay hook, module args. */
static int
auth_delayed(const char *token, const char *args)
{
	const char *replies[] = { token, NULL };
	struct answers a = { replies, 0, 0, 0, 0, 0, 0, 0 };
	struct pam_conv c = { conv, &a };
	pam_handle_t *pamh = NULL;
	char *text;
	int r;

	text = mint_printf("auth required %s config=%s/cotter.conf%s\n",
	    module, dir, args);
	write_file(SERVICE, text);
	free(text);
	delay_asked = 0;
	delay_calls = 0;
	assert_int_equal(pam_start_confdir(SERVICE, "alice", &c, dir, &pamh),
	    PAM_SUCCESS);
	assert_int_equal(pam_set_item(pamh, PAM_FAIL_DELAY,
	    (const void *)(uintptr_t)record_delay), PAM_SUCCESS);
	r = pam_authenticate(pamh, 0);
	assert_int_equal(pam_end(pamh, r), PAM_SUCCESS);
	service("");
	return r;
}

/*
 * As pam_unix: a refusal asks libpam for 2 s, which libpam randomizes to
 * between half and one and a half times that (_pam_compute_delay: the
 * mean of three pseudo-random values, rescaled to [-0.5, 0.5)) before
 * handing it to the application's hook; with nodelay nothing is asked for.
 */
static void
test_failure_delay(void **state)
{
	(void)state;
	assert_int_equal(auth_delayed("not-a-token", ""), PAM_AUTH_ERR);
	assert_int_equal(delay_calls, 1);
	assert_true(delay_asked >= 1000000 && delay_asked <= 3000000);
	assert_int_equal(auth_delayed("not-a-token", " nodelay"),
	    PAM_AUTH_ERR);
	assert_int_equal(delay_asked, 0);
	assert_int_equal(auth_delayed(good_token("alice@example.com"), ""),
	    PAM_SUCCESS);
}

struct job {
	const char *user;
	const char *token;
	int result;
};

static void *
run_job(void *arg)
{
	struct job *j = arg;
	const char *replies[] = { j->token, NULL };
	struct answers a = { replies, 0, 0, 0, 0, 0, 0, 0 };
	struct pam_conv c = { conv, &a };
	pam_handle_t *pamh = NULL;
	int i;

	j->result = PAM_SUCCESS;
	for (i = 0; i < 20 && j->result == PAM_SUCCESS; i++) {
		a.next = 0;
		if (pam_start_confdir(SERVICE, j->user, &c, dir, &pamh) !=
		    PAM_SUCCESS)
			j->result = PAM_SYSTEM_ERR;
		else {
			j->result = pam_authenticate(pamh, 0);
			(void)pam_end(pamh, j->result);
		}
	}
	return NULL;
}

/* Two handles at once: a good login and a forged one, each keeps its own. */
static void
test_two_handles_in_threads(void **state)
{
	struct mint_key *evil = mint_key_new_es256(key->kid);
	struct job good = { "alice", good_token("alice@example.com"), -1 };
	struct job bad = { "alice", NULL, -1 };
	pthread_t t1, t2;

	(void)state;
	bad.token = mint_keep(mint_cotter_token(evil, time(NULL), AUD,
	    "alice@example.com"));
	mint_key_free(evil);
	/* Twenty logins with one token each: this test is about threads
	 * (issue 24's replay store is t_replay.sh's and test_replay's). */
	service("replay=off");
	assert_int_equal(pthread_create(&t1, NULL, run_job, &good), 0);
	assert_int_equal(pthread_create(&t2, NULL, run_job, &bad), 0);
	assert_int_equal(pthread_join(t1, NULL), 0);
	assert_int_equal(pthread_join(t2, NULL), 0);
	service("");
	assert_int_equal(good.result, PAM_SUCCESS);
	assert_int_equal(bad.result, PAM_AUTH_ERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_valid_token_succeeds,
		    mint_drain),
		cmocka_unit_test_teardown(test_forged_token_is_auth_err,
		    mint_drain),
		cmocka_unit_test_teardown(
		    test_unmapped_identity_is_user_unknown, mint_drain),
		cmocka_unit_test_teardown(
		    test_no_key_cache_is_authinfo_unavail, mint_drain),
		cmocka_unit_test_teardown(test_bad_config_is_service_err,
		    mint_drain),
		cmocka_unit_test_teardown(
		    test_conversation_error_never_succeeds, mint_drain),
		cmocka_unit_test_teardown(test_setcred_and_acct_mgmt,
		    mint_drain),
		cmocka_unit_test_teardown(test_token_in_parts, mint_drain),
		cmocka_unit_test_teardown(test_parts_that_cannot_continue,
		    mint_drain),
		cmocka_unit_test_teardown(test_sudo_dropped_answer_gets_the_hint,
		    mint_drain),
		cmocka_unit_test_teardown(test_failure_delay, mint_drain),
		cmocka_unit_test_teardown(test_two_handles_in_threads,
		    mint_drain),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

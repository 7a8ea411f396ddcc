/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_replay.c - issue 24: a token opens one login.  The replay keys of
 * the configuration (replaycfg.c), the jti rules (claims.c), the store's
 * files (replaystore.c) and its policy (replay.c): each refusal beside
 * the control that passes.  Runs as root under tests/ns.sh.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "claims.h"
#include "config.h"
#include "jdoc.h"
#include "replay.h"
#include "replaycfg.h"
#include "replaystore.h"
#include "testenv.h"

#define NOW	((time_t)1700000000)
#define ISS	"https://www.cotter.app"

static char dir[128];

static int
setup(void **state)
{
	(void)state;
	return t_scratch_make(dir, sizeof(dir), "replay", 0755);
}

static int
teardown(void **state)
{
	(void)state;
	return t_scratch_remove(dir);
}

/* A configuration whose state_dir is a fresh directory of dir. */
static struct ct_config *
mkcfg(const char *sub)
{
	struct ct_config *cfg = ct_config_new();
	char st[256];

	assert_non_null(cfg);
	(void)snprintf(st, sizeof(st), "%s/%s", dir, sub);
	t_cfg_set(cfg, "audience", "aud");
	t_cfg_set(cfg, "state_dir", st);
	return cfg;
}

static void
test_config_keys(void **state)
{
	struct ct_config *cfg = ct_config_new(), v;
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	ct_config_view(cfg, 0, &v);
	assert_int_equal(ct_config_replay(&v), CT_REPLAY_PER_SERVICE);
	assert_int_equal(cfg->replay_max_entries, 100000);
	t_cfg_set(cfg, "replay", "once");
	ct_config_view(cfg, 0, &v);
	assert_int_equal(ct_config_replay(&v), CT_REPLAY_ONCE);
	t_cfg_set(cfg, "replay", "off");
	ct_config_view(cfg, 0, &v);
	assert_int_equal(ct_config_replay(&v), CT_REPLAY_OFF);
	assert_int_equal(ct_config_set(cfg, "replay", "never", &e),
	    CT_ECONFIG);
	assert_non_null(strstr(e.msg, "replay"));
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "replay_max_entries", "255", &e),
	    CT_ECONFIG);
	ct_err_clear(&e);
	assert_int_equal(ct_config_set(cfg, "replay_max_entries", "1e6", &e),
	    CT_ECONFIG);
	t_cfg_set(cfg, "replay_max_entries", "256");
	assert_int_equal(cfg->replay_max_entries, 256);
	ct_config_free(cfg);
}

/* Issue 24.1/24.4: a section's replay, a line's replay and max_token_age. */
static void
test_sections_and_line(void **state)
{
	static const char text[] = "replay = once\n"
	    "[issuer a]\nissuer = https://a.example\naudience = x\n"
	    "jwks_url =\n[issuer b]\nissuer = https://b.example\n"
	    "audience = y\njwks_url =\nreplay = off\nmax_token_age = 60\n";
	struct ct_config *cfg = ct_config_new(), v;
	struct ct_err e;

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(ct_config_parse_text(cfg, text, strlen(text), "t",
	    &e), CT_OK);
	/* Global replay forms no issuer "default": a and b only. */
	assert_int_equal(ct_config_issuers(cfg), 2);
	ct_config_view(cfg, 0, &v);
	assert_int_equal(ct_config_replay(&v), CT_REPLAY_ONCE);
	ct_config_view(cfg, 1, &v);
	assert_int_equal(ct_config_replay(&v), CT_REPLAY_OFF);
	assert_int_equal(v.max_token_age, 60);
	/* The service's line: replay wins, max_token_age only tightens. */
	cfg->in_args = 1;
	t_cfg_set(cfg, "replay", "per_service");
	t_cfg_set(cfg, "max_token_age", "300");
	cfg->in_args = 0;
	ct_config_view(cfg, 0, &v);
	assert_int_equal(ct_config_replay(&v), CT_REPLAY_PER_SERVICE);
	assert_int_equal(v.max_token_age, 300);	/* a: 0 (off) -> 300 */
	ct_config_view(cfg, 1, &v);
	assert_int_equal(ct_config_replay(&v), CT_REPLAY_PER_SERVICE);
	assert_int_equal(v.max_token_age, 60);	/* b: 60 is stricter */
	/* The line set no issuer's own value. */
	assert_int_equal(cfg->max_token_age, 0);
	ct_config_free(cfg);
}

/* Claims text with jti member `jti` (raw JSON, or NULL for none). */
static int
claims(const struct ct_config *cfg, const char *jti, struct ct_identity **id,
    struct ct_err *e)
{
	char text[1024];
	struct ct_jdoc *d;
	int r;

	(void)snprintf(text, sizeof(text), "{\"iss\":\"%s\",\"aud\":\"aud\","
	    "\"exp\":%lld,\"sub\":\"s\",\"type\":\"access_token\"%s%s}", ISS,
	    (long long)NOW + 3600, jti != NULL ? ",\"jti\":" : "",
	    jti != NULL ? jti : "");
	d = ct_jdoc_parse(text, strlen(text), "claims", CT_EAUTH, e);
	assert_non_null(d);
	r = ct_claims_check(ct_jdoc_root(d), cfg, NOW, id, e);
	ct_jdoc_free(d);
	return r;
}

static void
test_jti_rules(void **state)
{
	struct ct_config *cfg = mkcfg("jti");
	struct ct_identity *id = NULL;
	struct ct_err e;
	char big[300];

	(void)state;
	ct_err_clear(&e);
	assert_int_equal(claims(cfg, "\"j-1\"", &id, &e), CT_OK);
	assert_string_equal(id->jti, "j-1");
	assert_int_equal(id->exp, (long long)NOW + 3600);
	ct_identity_free(id);
	assert_int_equal(claims(cfg, NULL, &id, &e), CT_EAUTH);
	assert_string_equal(e.msg, "jti: missing (replay is per_service: "
	    "each token must carry a jti)");
	ct_err_clear(&e);
	assert_int_equal(claims(cfg, "42", &id, &e), CT_EAUTH);
	assert_string_equal(e.msg, "jti: not a string");
	ct_err_clear(&e);
	assert_int_equal(claims(cfg, "\"\"", &id, &e), CT_EAUTH);
	ct_err_clear(&e);
	big[0] = '"';
	memset(big + 1, 'a', 257);
	(void)strcpy(big + 258, "\"");
	assert_int_equal(claims(cfg, big, &id, &e), CT_EAUTH);
	assert_non_null(strstr(e.msg, "256"));
	ct_err_clear(&e);
	big[257] = '"';		/* 256 bytes: the longest accepted */
	big[258] = '\0';
	assert_int_equal(claims(cfg, big, &id, &e), CT_OK);
	ct_identity_free(id);
	/* replay off: a token without jti passes (control). */
	t_cfg_set(cfg, "replay", "off");
	assert_int_equal(claims(cfg, NULL, &id, &e), CT_OK);
	assert_null(id->jti);
	ct_identity_free(id);
	ct_config_free(cfg);
}

/* One use of jti for service under cfg at now. */
static int
use(const struct ct_config *cfg, const char *jti, const char *service,
    time_t now, struct ct_err *e)
{
	struct ct_identity id = { .iss = (char *)(uintptr_t)ISS,
	    .sub = (char *)(uintptr_t)"s", .jti = (char *)(uintptr_t)jti,
	    .exp = (long long)now + 3600 };
	struct ct_config v;
	struct ct_err note;

	ct_err_clear(e);
	ct_err_clear(&note);
	ct_config_view(cfg, 0, &v);
	return ct_replay_use(&v, &id, service, now, NULL, &note, e);
}

static void
test_per_service_and_once(void **state)
{
	struct ct_config *cfg = mkcfg("modes");
	struct ct_err e;

	(void)state;
	assert_int_equal(use(cfg, "a", "sshd", NOW, &e), CT_OK);
	assert_int_equal(use(cfg, "a", "sshd", NOW, &e), CT_EAUTH);
	assert_non_null(strstr(e.msg, "already used on this host "
	    "(per_service sshd"));
	assert_non_null(strstr(e.screen, "new token"));
	assert_int_equal(use(cfg, "a", "sudo", NOW, &e), CT_OK);
	assert_int_equal(use(cfg, "a", "sudo", NOW, &e), CT_EAUTH);
	assert_int_equal(use(cfg, "b", "sudo", NOW, &e), CT_OK);
	/* once: used anywhere before refuses; a once use closes all. */
	cfg->replay = CT_REPLAY_ONCE;
	assert_int_equal(use(cfg, "a", "login", NOW, &e), CT_EAUTH);
	assert_int_equal(use(cfg, "c", "login", NOW, &e), CT_OK);
	cfg->replay = CT_REPLAY_PER_SERVICE;
	assert_int_equal(use(cfg, "c", "sshd", NOW, &e), CT_EAUTH);
	assert_non_null(strstr(e.msg, "once login"));
	/* Another issuer's jti "a" is another token. */
	free(cfg->issuer);
	cfg->issuer = strdup("https://other.example");
	assert_int_equal(use(cfg, "a", "sshd", NOW, &e), CT_OK);
	cfg->replay = CT_REPLAY_OFF;
	assert_int_equal(use(cfg, "a", "sshd", NOW, &e), CT_OK);
	ct_config_free(cfg);
}

/*
 * Names: 64 hex digits, no byte of the jti; dirs 0711, files 0644, under
 * sshd's umask 077 too (a screen locker must look them up).
 */
static void
test_files(void **state)
{
	struct ct_config *cfg = mkcfg("files");
	char path[256], cmd[2048];
	struct stat st;
	struct ct_err e;
	mode_t old = umask(077);

	(void)state;
	assert_int_equal(use(cfg, "../../etc/passwd", "sshd", NOW, &e), CT_OK);
	(void)umask(old);
	(void)snprintf(path, sizeof(path), "%s/files/replay", dir);
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0711);
	(void)snprintf(cmd, sizeof(cmd), "test \"$(find %s -type f | sed "
	    "'s|.*/||' | grep -cE '^[0-9a-f]{64}$')\" = 2 && test \"$(find %s "
	    "-type f -perm 0644 | wc -l)\" = 2 && test \"$(find %s "
	    "-mindepth 1 -type d -perm 0711 | wc -l)\" = 2", path, path, path);
	assert_int_equal(system(cmd), 0);
	ct_config_free(cfg);
}

/* 16 processes record one use at once: exactly one succeeds. */
static void
test_race(void **state)
{
	struct ct_config *cfg = mkcfg("race");
	struct ct_err e;
	pid_t pids[16];
	int i, st, wins = 0;

	(void)state;
	assert_int_equal(use(cfg, "warm", "x", NOW, &e), CT_OK);
	for (i = 0; i < 16; i++) {
		if ((pids[i] = fork()) == 0)
			_exit(use(cfg, "race", "sshd", NOW, &e) == CT_OK ?
			    0 : 1);
		assert_true(pids[i] > 0);
	}
	for (i = 0; i < 16; i++) {
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		wins += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	assert_int_equal(wins, 1);
	ct_config_free(cfg);
}

/* A full shard loses its expired entries first, then refuses. */
static void
test_full_and_sweep(void **state)
{
	struct ct_config *cfg = mkcfg("full");
	char jti[32], path[512];
	struct ct_err e;
	size_t removed = 0, live = 0, expired = 0;
	int i, n, fd = -1, missing = 0, refused = 0;

	(void)state;
	t_cfg_set(cfg, "replay_max_entries", "256");	/* 1 per shard */
	cfg->replay = CT_REPLAY_ONCE;
	/* Old uses (expired at NOW) fill shards; then they make room. */
	for (i = 0, n = 0; i < 64; i++) {
		(void)snprintf(jti, sizeof(jti), "old-%d", i);
		n += use(cfg, jti, "s", NOW - 7200, &e) == CT_OK;
	}
	assert_true(n > 32);
	for (i = 0; i < 64; i++) {
		(void)snprintf(jti, sizeof(jti), "new-%d", i);
		if (use(cfg, jti, "s", NOW, &e) != CT_ESYS)
			continue;
		/* Live entries are never forgotten: refused, one line. */
		assert_non_null(strstr(e.msg, "replay store full"));
		refused++;
	}
	assert_true(refused > 0);
	(void)snprintf(path, sizeof(path), "%s/full", dir);
	assert_int_equal(ct_rstore_open(path, 0, &fd, &missing, &e), CT_OK);
	assert_int_equal(ct_rstore_count(fd, NOW, &live, &expired, &e),
	    CT_OK);
	assert_int_equal(live, 64 - (size_t)refused);
	assert_int_equal(ct_rstore_sweep(fd, NOW + 7200, &removed, &live,
	    &e), CT_OK);
	assert_int_equal(live, 0);
	assert_int_equal(removed, 64 - (size_t)refused + expired);
	(void)close(fd);
	ct_config_free(cfg);
}

/* A store that is a link, or writable by others: refused, closed. */
static void
test_faults(void **state)
{
	struct ct_config *cfg = mkcfg("fault");
	char path[512], real[512];
	struct ct_err e;

	(void)state;
	assert_int_equal(use(cfg, "f", "s", NOW, &e), CT_OK);
	(void)snprintf(path, sizeof(path), "%s/fault/replay", dir);
	(void)snprintf(real, sizeof(real), "%s/fault/real", dir);
	assert_int_equal(rename(path, real), 0);
	assert_int_equal(symlink("real", path), 0);
	assert_int_equal(use(cfg, "g", "s", NOW, &e), CT_ESYS);
	assert_non_null(strstr(e.msg, "link"));
	assert_non_null(strstr(e.screen, "administrator"));
	assert_int_equal(use(cfg, "f", "s", NOW, &e), CT_ESYS);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rename(real, path), 0);
	assert_int_equal(chmod(path, 0777), 0);
	assert_int_equal(use(cfg, "g", "s", NOW, &e), CT_ESYS);
	assert_int_equal(chmod(path, 0711), 0);
	assert_int_equal(use(cfg, "g", "s", NOW, &e), CT_OK); /* control */
	assert_int_equal(use(cfg, "f", "s", NOW, &e), CT_EAUTH);
	ct_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_keys),
		cmocka_unit_test(test_sections_and_line),
		cmocka_unit_test(test_jti_rules),
		cmocka_unit_test(test_per_service_and_once),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_race),
		cmocka_unit_test(test_full_and_sweep),
		cmocka_unit_test(test_faults),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_admin_equiv.c - pam-cotter check gives exactly the verdict of the
 * module, for every token of the attack catalogue (test_attacks.c, built
 * again here with its EQUIV hook) and its positive controls.
 *
 * For each token judged there, this file also runs
 *  - the module, in process: pam_start + pam_authenticate through
 *    /etc/pam.d/ct-equiv (tests/ns.sh gives a throwaway /etc), the token
 *    given by the conversation, the clock fixed at the catalogue's NOW by
 *    libfaketime (the module reads time(NULL), as in production);
 *  - the administrator's command: admin/pam-cotter check --service
 *    ct-equiv --user alice --now NOW --json, the token on its stdin;
 * and asserts the PAM result names are equal.  The config and key set of
 * the catalogue's case are written to files the service line names.
 */
#define CT_ATTACKS_EQUIV 1
#include "test_attacks.c"

#include <sys/stat.h>
#include <sys/wait.h>

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include "pamcode.h"

#define EQ_SERVICE	"ct-equiv"
#define EQ_USER		"alice"
#define FAKETIME_LIB	"/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
#define TOOL_OUT_MAX	(256 * 1024)

static struct {
	char dir[PATH_MAX];
	char module[PATH_MAX];
	char tool[PATH_MAX];
	int ready;
	int compared;
	int skipped;		/* empty, NUL or newline */
} EQ;

/*
 * The module reads the clock itself: run this whole program with
 * libfaketime holding it at the catalogue's NOW (2020-09-13 12:26:40 UTC,
 * an absolute date, so it never moves).
 */
__attribute__((constructor)) static void
under_faketime(void)
{
	const char *asan = getenv("CT_ASAN_RUNTIME");
	char self[PATH_MAX], pre[2 * PATH_MAX];
	ssize_t n;

	if (getenv("CT_EQUIV_FAKED") != NULL) {
		/*
		 * Loaded already; what this process starts (useradd, the
		 * tool) runs without it.  FAKETIME stays: libfaketime reads it.
		 */
		(void)unsetenv("LD_PRELOAD");
		return;
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		return;
	self[n] = '\0';
	(void)setenv("CT_EQUIV_FAKED", "1", 1);
	/* make check-asan: the ASan runtime must stay the first library. */
	if (asan != NULL && *asan != '\0' &&
	    snprintf(pre, sizeof(pre), "%s:%s", asan, FAKETIME_LIB) <
	    (int)sizeof(pre))
		(void)setenv("LD_PRELOAD", pre, 1);
	else
		(void)setenv("LD_PRELOAD", FAKETIME_LIB, 1);
	(void)setenv("FAKETIME", "2020-09-13 12:26:40", 1);
	(void)setenv("TZ", "UTC", 1);
	(void)setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);
	(void)execl(self, self, (char *)NULL);
}

static void
eq_write(const char *name, const char *text)
{
	char *path = mint_printf("%s/%s", EQ.dir, name);
	FILE *f;

	if ((f = fopen(path, "w")) == NULL || fputs(text, f) < 0 ||
	    fclose(f) != 0 || chmod(path, 0644) != 0)
		t_die("cannot write %s", path);
	free(path);
}

/* The catalogue's configs and key sets as files, once. */
static void
eq_setup(void)
{
	const struct mint_key *one[1] = { F.ec };
	const struct mint_key *all[3] = { F.ec, F.ec2, F.rsa };
	const char *base = "audience = " AUD "\njwks_url =\n";
	char *t;

	if (time(NULL) != NOW)
		t_die("libfaketime is not holding the clock (%s)",
		    FAKETIME_LIB);
	if (system("id " EQ_USER " >/dev/null 2>&1 || "
	    "useradd -M -u 2001 -s /bin/sh " EQ_USER) != 0)
		t_die("cannot add the account " EQ_USER);
	(void)snprintf(EQ.dir, sizeof(EQ.dir), "%s/ct-equiv.XXXXXX",
	    t_tmpdir());
	if (mkdtemp(EQ.dir) == NULL || chmod(EQ.dir, 0755) != 0 ||
	    realpath("pam_cotter.so", EQ.module) == NULL ||
	    realpath("admin/pam-cotter", EQ.tool) == NULL)
		t_die("run from the top of the tree after make");
	eq_write("users", IDENT " " EQ_USER "\n");
	t = mint_printf("%smap_file = %s/users\n", base, EQ.dir);
	eq_write("default.conf", t);
	free(t);
	t = mint_printf("%smap_file = %s/users\nleeway = 60\n"
	    "token_type = client_access_token\n", base, EQ.dir);
	eq_write("es.conf", t);
	free(t);
	t = mint_printf("%smap_file = %s/users\nleeway = 60\n"
	    "token_type = client_access_token\nalgorithms = ES256 RS256\n",
	    base, EQ.dir);
	eq_write("both.conf", t);
	free(t);
	t = mint_printf("%smap_file = %s/users\nleeway = 60\n"
	    "token_type = client_access_token\nmax_token_age = 600\n", base,
	    EQ.dir);
	eq_write("age.conf", t);
	free(t);
	/* issue 22: every algorithm, explicit typing, per-host audiences */
	t = mint_printf("%smap_file = %s/users\nleeway = 60\n"
	    "token_type = client_access_token\nalgorithms = " EVERY_ALGS
	    "\n", base, EQ.dir);
	eq_write("every.conf", t);
	free(t);
	t = mint_printf("%smap_file = %s/users\nleeway = 60\n"
	    "token_type = client_access_token\nrequire_typ = at+jwt\n", base,
	    EQ.dir);
	eq_write("typ.conf", t);
	free(t);
	t = mint_printf("audience = " HOST_A " " AUD "\njwks_url =\n"
	    "map_file = %s/users\nleeway = 60\n"
	    "token_type = client_access_token\n", EQ.dir);
	eq_write("hosts.conf", t);
	free(t);
	eq_write("set_every.json", F.every_json);
	t = mint_jwks_json(one, 1);
	eq_write("set_ec.json", t);
	free(t);
	t = mint_jwks_json(all, 3);
	eq_write("set_all.json", t);
	free(t);
	EQ.ready = 1;
}

/* The service line for this case: its config, its key set. */
static void
eq_service(const struct ct_jwks *set, const struct ct_config *cfg)
{
	const char *conf, *keys;
	char *line;
	FILE *f;

	conf = cfg == F.cfg ? "es.conf" : cfg == F.cfg_both ? "both.conf" :
	    cfg == F.cfg_age ? "age.conf" : cfg == F.cfg_default ?
	    "default.conf" : cfg == F.cfg_every ? "every.conf" :
	    cfg == F.cfg_typ ? "typ.conf" : cfg == F.cfg_hosts ?
	    "hosts.conf" : NULL;
	keys = set == F.set_ec ? "set_ec.json" : set == F.set_all ?
	    "set_all.json" : set == F.set_every ? "set_every.json" : NULL;
	if (conf == NULL || keys == NULL)
		fail_msg("a catalogue case uses a config or key set this test "
		    "does not know");
	line = mint_printf("auth required %s config=%s/%s nodelay "
	    "jwks_cache=%s/%s\n", EQ.module, EQ.dir, conf, EQ.dir, keys);
	if ((f = fopen("/etc/pam.d/" EQ_SERVICE, "w")) == NULL ||
	    fputs(line, f) < 0 || fclose(f) != 0)
		t_die("cannot write /etc/pam.d/" EQ_SERVICE);
	free(line);
}

static int
eq_conv(int n, const struct pam_message **msg, struct pam_response **resp,
    void *data)
{
	const char **tok = data;
	struct pam_response *r;
	int i;

	if ((r = calloc((size_t)n, sizeof(*r))) == NULL)
		return PAM_BUF_ERR;
	for (i = 0; i < n; i++)
		if (msg[i]->msg_style == PAM_PROMPT_ECHO_OFF && *tok != NULL) {
			r[i].resp = strdup(*tok);
			*tok = NULL;	/* one answer; a second prompt gets none */
		}
	*resp = r;
	return PAM_SUCCESS;
}

/* pam_authenticate's result name for the token. */
static const char *
eq_module(const char *tok)
{
	const char *answer = tok;
	struct pam_conv c = { eq_conv, &answer };
	pam_handle_t *pamh = NULL;
	int r;

	if (pam_start(EQ_SERVICE, EQ_USER, &c, &pamh) != PAM_SUCCESS)
		fail_msg("pam_start failed");
	r = pam_authenticate(pamh, 0);
	(void)pam_end(pamh, r);
	return ct_pam_code_name(r);
}

/* Runs the tool with the token on its stdin; its JSON output. */
static char *
eq_run_tool(const char *tok, size_t len)
{
	char *const argv[] = { EQ.tool, "check", "--service", EQ_SERVICE,
	    "--user", EQ_USER, "--now", "1600000000", "--json", NULL };
	char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	int in[2], out[2], status = 0;
	char *buf;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(in) != 0 || pipe(out) != 0 ||
	    (buf = calloc(1, TOOL_OUT_MAX + 1)) == NULL)
		t_die("pipe");
	if ((pid = fork()) == 0) {
		(void)dup2(in[0], 0);
		(void)dup2(out[1], 1);
		(void)close(in[1]);
		(void)close(out[0]);
		/* No libfaketime here: --now alone fixes the tool's clock. */
		(void)execve(EQ.tool, argv, envp);
		_exit(127);
	}
	(void)close(in[0]);
	(void)close(out[1]);
	/*
	 * The tool stops reading past CT_TOKEN_MAX + 2 bytes (a 1 MiB token
	 * is judged too long from its start): EPIPE after that is expected.
	 */
	(void)signal(SIGPIPE, SIG_IGN);
	if (write(in[1], tok, len) == (ssize_t)len &&
	    write(in[1], "\n", 1) != 1)
		print_message("the tool stopped reading before the newline\n");
	(void)close(in[1]);
	while (got < TOOL_OUT_MAX &&
	    (n = read(out[0], buf + got, TOOL_OUT_MAX - got)) > 0)
		got += (size_t)n;
	(void)close(out[0]);
	(void)waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		fail_msg("pam-cotter check exited with status %d: %s",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1, buf);
	return buf;
}

/* The tool's verdict (malloc'd PAM result name). */
static char *
eq_tool(const char *tok, size_t len)
{
	json_t *root, *pam;
	json_error_t err;
	char *text, *name;

	text = eq_run_tool(tok, len);
	if ((root = json_loads(text, 0, &err)) == NULL)
		fail_msg("pam-cotter check --json printed no JSON: %s", text);
	pam = json_object_get(json_object_get(root, "verdict"), "pam");
	if (!json_is_string(pam))
		fail_msg("no verdict.pam in: %s", text);
	name = strdup(json_string_value(pam));
	json_decref(root);
	free(text);
	return name;
}

static void
equiv(const char *tok, size_t len, const struct ct_jwks *set,
    const struct ct_config *cfg)
{
	const char *mod;
	char *tool;

	if (!EQ.ready)
		eq_setup();
	/*
	 * A conversation answer is a C string of one line; an empty input
	 * is a usage error for the tool (exit 2, nothing to judge).
	 */
	if (len == 0 || memchr(tok, '\0', len) != NULL || memchr(tok, '\n', len) != NULL ||
	    strlen(tok) != len) {
		EQ.skipped++;
		return;
	}
	eq_service(set, cfg);
	/* The dry run first: it records nothing, the module then records
	 * the token's one use (issue 24). */
	tool = eq_tool(tok, len);
	mod = eq_module(tok);
	if (strcmp(mod, tool) != 0)
		fail_msg("pam-cotter check says %s, the module says %s", tool,
		    mod);
	if (getenv("CT_VERBOSE") != NULL)
		print_message("module and pam-cotter check: %s\n", mod);
	free(tool);
	EQ.compared++;
}

/* A comparison that never ran proves nothing: say so as a failure. */
__attribute__((destructor)) static void
eq_count(void)
{
	if (getenv("CT_EQUIV_FAKED") == NULL)
		return;
	(void)printf("# module and pam-cotter check compared on %d tokens "
	    "(%d empty, or with a NUL or newline no conversation carries, skipped)\n",
	    EQ.compared, EQ.skipped);
	if (EQ.compared < 100) {
		(void)printf("not ok - only %d verdicts compared\n",
		    EQ.compared);
		(void)fflush(stdout);
		_exit(1);
	}
}

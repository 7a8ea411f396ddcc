/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_resolve.c - which account a verified token opens (DESIGN.md
 * invariant 6): map_file wins, bindings hold accounts, automatic mapping
 * creates new ones through the real helper, and every takeover attempt
 * fails before any helper runs.  Each refusal beside a positive control.
 *
 * Creates accounts with useradd, so it runs only inside tests/ns.sh (a
 * private mount namespace with a throwaway /etc, CT_IN_NS=1).
 */
#define _GNU_SOURCE	/* setresuid */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "binding.h"
#include "claims.h"
#include "config.h"
#include "err.h"
#include "nssheld.h"
#include "resolve.h"
#include "uidalloc.h"
#include "testenv.h"

#define ISS	"https://www.cotter.app"
#define SUB_A	"5b1e0000-0000-4000-8000-00000000000a"
#define SUB_B	"5b1e0000-0000-4000-8000-00000000000b"
#define UIDMIN	3000

static char dir[128], state[192], fake[192], fakelog[192], real[1024];
static struct ct_config *cfg;

static void
set(const char *key, const char *value)
{
	struct ct_err e;

	ct_err_clear(&e);
	if (ct_config_set(cfg, key, value, &e) != CT_OK)
		fail_msg("%s=%s: %s", key, value, e.msg);
}

/* Number of times the fake helper ran since the last call. */
static int
fake_calls(char *last, size_t size)
{
	char line[1024];
	FILE *f;
	int n = 0;

	if ((f = fopen(fakelog, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		if (last != NULL)
			(void)snprintf(last, size, "%s", line);
	}
	(void)fclose(f);
	(void)unlink(fakelog);
	return n;
}

static int
run(const char *ident, const char *sub, const char *user, char **acct,
    struct ct_err *e)
{
	struct ct_identity id;

	id.iss = (char *)(uintptr_t)ISS;
	id.sub = (char *)(uintptr_t)sub;
	id.identity = (char *)(uintptr_t)ident;
	ct_err_clear(e);
	*acct = NULL;
	return ct_resolve(cfg, &id, user, acct, e);
}

/* ct_resolve gives want; on CT_OK the account is `account`. */
static void
expect(const char *ident, const char *sub, const char *user, int want,
    const char *account, const char *why)
{
	struct ct_err e;
	char *acct = NULL;
	int r;

	r = run(ident, sub, user, &acct, &e);
	if (r != want || (why != NULL && strstr(e.msg, why) == NULL))
		fail_msg("%s (%s) as \"%s\": got %s (%s), want %s \"%s\"",
		    ident == NULL ? "(none)" : ident, sub, user,
		    ct_status_name(r), e.msg, ct_status_name(want),
		    why == NULL ? "" : why);
	if (want == CT_OK) {
		assert_non_null(acct);
		assert_string_equal(acct, account);
	} else
		assert_null(acct);
	free(acct);
}

static void
helper_dir(const char *d)
{
	set("helper_dir", d);
}

static void
test_map_file_wins(void **state_)
{
	(void)state_;
	helper_dir(fake);
	set("create_users", "yes");
	expect("rs.map@example.com", SUB_A, "rsmap", CT_OK, "rsmap", NULL);
	expect("RS.MAP@example.com", SUB_B, "rsmap", CT_OK, "rsmap", NULL);
	/* Listed for rsmap: the automatic name is not reachable. */
	expect("rs.map@example.com", SUB_A, "rs.map", CT_EAUTH, NULL,
	    "mapped to other accounts");
	/* Listed account missing: no creation for map_file accounts. */
	expect("rs.map@example.com", SUB_A, "rsmap2", CT_ENOUSER, NULL, NULL);
	assert_int_equal(fake_calls(NULL, 0), 0);
}

static void
test_never_reachable(void **state_)
{
	(void)state_;
	helper_dir(fake);
	set("create_users", "yes");
	expect("root@example.com", SUB_A, "root", CT_EAUTH, NULL,
	    "never reachable");
	expect("root@example.com", SUB_A, "root@example.com", CT_EAUTH,
	    NULL, "does not fit");
	expect("nobody@example.com", SUB_A, "nobody", CT_EAUTH, NULL,
	    "never reachable");
	expect("daemon@example.com", SUB_A, "daemon", CT_EAUTH, NULL,
	    "does not fit");
	expect("bin@example.com", SUB_A, "bin", CT_EAUTH, NULL, NULL);
	/* An existing system account (useradd -r: uid < uid_min). */
	expect("rssys@example.com", SUB_A, "rssys", CT_EAUTH, NULL,
	    "below uid_min");
	/* An existing account without binding is never taken over. */
	expect("rs.old@example.com", SUB_A, "rs.old", CT_EAUTH, NULL,
	    "bound to no person of an issuer");
	assert_int_equal(fake_calls(NULL, 0), 0);
}

static void
test_no_creation(void **state_)
{
	(void)state_;
	helper_dir(fake);
	set("create_users", "no");
	expect("rs.new1@example.com", SUB_A, "rs.new1", CT_ENOUSER, NULL,
	    "create_users is off");
	set("create_users", "yes");
	expect("rs.new1@elsewhere.net", SUB_A, "rs.new1", CT_ENOUSER, NULL,
	    "allowed_domains");
	expect("+15551234567", SUB_A, "rs.new1", CT_ENOUSER, NULL, NULL);
	expect(NULL, SUB_A, "rs.new1", CT_ENOUSER, NULL, NULL);
	expect("rs.a@example.com", SUB_A, "rs.b", CT_EAUTH, NULL,
	    "maps to another account");
	assert_int_equal(fake_calls(NULL, 0), 0);
}

static void
test_hostile_identities_run_no_helper(void **state_)
{
	static const char *hostile[] = { "-oroot@example.com",
	    "a:b@example.com", "a/b@example.com", "..@example.com",
	    ".hidden@example.com", "abcdefghijabcdefghijabcdefghijabcdefghij"
	    "@example.com", "12345@example.com", "\xd0\xb0lice@example.com",
	    "\xe2\x80\xae" "alice@example.com", "ali\nce@example.com",
	    "ali\tce@example.com", "\"quoted\"@example.com",
	    "alice+tag@example.com", "admin@example.com" };
	char last[1024], want[1024];
	struct ct_err e;
	uid_t uid = 0;
	size_t i;

	(void)state_;
	ct_err_clear(&e);
	/* D6: the helper is told the uid src/identity/uidalloc.c picks. */
	assert_int_equal(ct_uid_alloc("rs.good", CT_UID_RANGE_LO,
	    CT_UID_RANGE_HI, NULL, &uid, &e), CT_OK);
	helper_dir(fake);
	set("create_users", "yes");
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		/* typed as the login name, and as a plain name */
		expect(hostile[i], SUB_A, hostile[i], CT_EAUTH, NULL, NULL);
		expect(hostile[i], SUB_A, "alice", CT_EAUTH, NULL, NULL);
	}
	assert_int_equal(fake_calls(NULL, 0), 0);
	/* Control: a fitting identity does reach the (refusing) helper. */
	expect("rs.good@example.com", SUB_A, "rs.good", CT_EAUTH, NULL,
	    "helper refused");
	assert_int_equal(fake_calls(last, sizeof(last)), 1);
	(void)snprintf(want, sizeof(want), "create --state-dir %s --uid-min "
	    "%d --shell /bin/sh --primary-group users --home-mode 0700 --uid "
	    "%lu -- rs.good "
	    ISS " " SUB_A " rs.good@example.com\n", state, UIDMIN,
	    (unsigned long)uid);
	assert_string_equal(last, want);
}

static void
test_first_login_creates(void **state_)
{
	struct passwd *pw;
	struct ct_binding b;
	struct ct_err e;
	int found = 0;

	(void)state_;
	helper_dir(real);
	set("create_users", "yes");
	expect("Rs.New@Example.com", SUB_A, "rs.new", CT_OK, "rs.new", NULL);
	pw = getpwnam("rs.new");
	assert_non_null(pw);
	assert_true(pw->pw_uid >= UIDMIN);
	assert_string_equal(pw->pw_shell, "/bin/sh");
	assert_string_equal(pw->pw_gecos, "pam_cotter Rs.New@Example.com");
	ct_err_clear(&e);
	assert_int_equal(ct_binding_read(state, "rs.new", &b, &found, &e),
	    CT_OK);
	assert_int_equal(found, 1);
	assert_true(ct_binding_matches(&b, ISS, SUB_A));
	/* Second login: no helper at all (the fake one would refuse). */
	helper_dir(fake);
	expect("rs.new@example.com", SUB_A, "rs.new", CT_OK, "rs.new", NULL);
	/* A 2020 token (sub only) opens the bound account too. */
	expect(NULL, SUB_A, "rs.new", CT_OK, "rs.new", NULL);
	/* Same email, another Cotter user. */
	expect("rs.new@example.com", SUB_B, "rs.new", CT_EAUTH, NULL,
	    "bound to another person (issuer and sub)");
	/* Same local part at another allowed domain. */
	expect("rs.new@other.com", SUB_B, "rs.new", CT_EAUTH, NULL,
	    "bound to another person (issuer and sub)");
	set("allowed_domains", "example.com");
	expect("rs.new@other.com", SUB_B, "rs.new", CT_EAUTH, NULL,
	    "bound to another person (issuer and sub)");
	set("allowed_domains", "example.com other.com");
	assert_int_equal(fake_calls(NULL, 0), 0);
}

static void
test_email_as_user_name(void **state_)
{
	(void)state_;
	helper_dir(fake);
	/* Typed at a login prompt: mapped to the local name. */
	expect("rs.new@example.com", SUB_A, "RS.New@Example.COM", CT_OK,
	    "rs.new", NULL);
	expect("rs.other@example.com", SUB_A, "rs.new@example.com",
	    CT_EAUTH, NULL, "not the token's identity");
	expect("rs.new@example.com", SUB_B, "rs.new@example.com", CT_EAUTH,
	    NULL, "bound to another");
	expect("rs.map@example.com", SUB_A, "rs.map@example.com", CT_EAUTH,
	    NULL, "mapped to other accounts");
	assert_int_equal(fake_calls(NULL, 0), 0);
}

/*
 * D3: with login_by_identity off (the default) an email or phone typed
 * as the login name is refused as an unknown user, never mapped, so no
 * auth-phase rule about "alice" is skipped by typing her email.
 */
static void
test_identity_login_off(void **state_)
{
	(void)state_;
	helper_dir(fake);
	set("login_by_identity", "no");
	expect("rs.new@example.com", SUB_A, "rs.new@example.com",
	    CT_ENOUSER, NULL, "login_by_identity is off");
	expect("+15551234567", SUB_A, "+15551234567", CT_ENOUSER, NULL,
	    "login_by_identity is off");
	/* Control: the local name itself still opens the account. */
	expect("rs.new@example.com", SUB_A, "rs.new", CT_OK, "rs.new", NULL);
	set("login_by_identity", "yes");
	expect("rs.new@example.com", SUB_A, "rs.new@example.com", CT_OK,
	    "rs.new", NULL);
	assert_int_equal(fake_calls(NULL, 0), 0);
}

/*
 * D1: in a process whose real uid is not 0 (su, sudo, a screen locker)
 * creation is refused at once with the line that says where the first
 * login must go, and the helper never runs.  Exits 0 when so.
 */
static void
create_as_su_caller(void)
{
	struct ct_err e;
	char *acct = NULL;
	int r;

	if (setresuid(65534, 0, 0) != 0)
		_exit(2);
	r = run("rs.su@example.com", SUB_A, "rs.su", &acct, &e);
	_exit(r == CT_EAUTH && strstr(e.msg, "needs a root service such as "
	    "sshd, login or a display manager; real uid is 65534") != NULL &&
	    fake_calls(NULL, 0) == 0 ? 0 : 1);
}

static void
test_no_helper_under_su(void **state_)
{
	pid_t pid;
	int ws = 0;

	(void)state_;
	helper_dir(fake);
	set("create_users", "yes");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		create_as_su_caller();
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	/* Control: as root the same login reaches the (refusing) helper. */
	expect("rs.su@example.com", SUB_A, "rs.su", CT_EAUTH, NULL,
	    "helper refused");
	assert_int_equal(fake_calls(NULL, 0), 1);
}

static void
test_precreated_then_claimed(void **state_)
{
	struct ct_binding b;
	struct ct_err e;
	char cmd[8192];
	int found = 0;

	(void)state_;
	(void)snprintf(cmd, sizeof(cmd), "%s/pam_cotter_useradd precreate "
	    "--state-dir %s --uid-min %d --shell /bin/sh -- rs.pre "
	    "Rs.Pre@Example.com && %s/pam_cotter_useradd precreate "
	    "--state-dir %s --uid-min %d --shell /bin/sh -- rs.custom "
	    "someone@partner.net", real, state, UIDMIN, real, state, UIDMIN);
	assert_int_equal(system(cmd), 0);
	helper_dir(fake);
	expect("rs.pre@other.com", SUB_A, "rs.pre", CT_EAUTH, NULL,
	    "reserved for another identity");
	assert_int_equal(fake_calls(NULL, 0), 0);
	helper_dir(real);
	expect("rs.pre@example.com", SUB_A, "rs.pre", CT_OK, "rs.pre", NULL);
	ct_err_clear(&e);
	assert_int_equal(ct_binding_read(state, "rs.pre", &b, &found, &e),
	    CT_OK);
	assert_true(found == 1 && ct_binding_matches(&b, ISS, SUB_A));
	/* The sub is recorded once and never changes again. */
	expect("rs.pre@example.com", SUB_B, "rs.pre", CT_EAUTH, NULL,
	    "bound to another");
	/* A pre-created name need not be the local part. */
	expect("someone@partner.net", SUB_B, "rs.custom", CT_OK, "rs.custom",
	    NULL);
}

/*
 * Two first logins at once: the second may pick its uid after the first
 * one's helper created the account.  The account's own uid (and a group
 * of its own name) must not push the pick to another uid: the helper then
 * finds account and binding in place, and the module checks that the
 * account holds the uid it picked (verify_bound).  Control: another
 * name's account on that uid still pushes the pick past it.
 */
static void
test_concurrent_first_login_same_uid(void **state_)
{
	struct ct_err e;
	uid_t u1 = 0, u2 = 0, u3 = 0;
	char cmd[256];

	(void)state_;
	ct_err_clear(&e);
	assert_int_equal(ct_uid_alloc("rs.race", CT_UID_RANGE_LO,
	    CT_UID_RANGE_HI, state, &u1, &e), CT_OK);
	/* What the first login's helper does meanwhile. */
	(void)snprintf(cmd, sizeof(cmd), "groupadd -g %lu rs.race && "
	    "useradd -M -N -g users -u %lu -s /bin/sh rs.race",
	    (unsigned long)u1, (unsigned long)u1);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ct_uid_alloc("rs.race", CT_UID_RANGE_LO,
	    CT_UID_RANGE_HI, state, &u2, &e), CT_OK);
	assert_int_equal(u2, u1);
	/* The same uid and gid under another name are taken. */
	assert_int_equal(system("usermod -l rs.race2 rs.race && "
	    "groupmod -n rs.race2 rs.race"), 0);
	assert_int_equal(ct_uid_alloc("rs.race", CT_UID_RANGE_LO,
	    CT_UID_RANGE_HI, state, &u3, &e), CT_OK);
	assert_int_not_equal(u3, u1);
	assert_int_equal(system("userdel rs.race2 && groupdel rs.race2"), 0);
}

static void
test_unsafe_state(void **state_)
{
	char path[256];

	(void)state_;
	helper_dir(fake);
	(void)snprintf(path, sizeof(path), "%s/bindings", state);
	assert_int_equal(chmod(path, 0777), 0);
	expect("rs.new@example.com", SUB_A, "rs.new", CT_ECONFIG, NULL,
	    "state_dir");
	assert_int_equal(chmod(path, 0700), 0);
	expect("rs.new@example.com", SUB_A, "rs.new", CT_OK, "rs.new", NULL);
}

/* What libnss_cotter answered in this process (issue 19), faked. */
static const char *held_name;
static uid_t held_uid;
static gid_t held_gid;

static int
fake_held(const char *name, uid_t *uid, gid_t *gid)
{
	if (held_name == NULL || strcmp(name, held_name) != 0)
		return 0;
	*uid = held_uid;
	*gid = held_gid;
	return 1;
}

/* name's account, and this process answered it uid + du, gid + dg. */
static void
hold_shifted(const char *name, uid_t du, gid_t dg)
{
	struct passwd *pw = getpwnam(name);

	assert_non_null(pw);
	held_name = name;
	held_uid = pw->pw_uid + du;
	held_gid = pw->pw_gid + dg;
	ct_nss_held_source(fake_held);
}

/*
 * Issue 19: sshd opens the session with the record the NSS module
 * answered before authentication.  Whichever path lets the login through
 * (map_file, binding, pre-created claim, creation), an account whose uid
 * or gid is not that record's is refused with "reconnect"; the same login
 * with the matching record is the control.
 */
static void
test_held_answer_every_path(void **state_)
{
	char cmd[8192];

	(void)state_;
	helper_dir(fake);
	hold_shifted("rsmap", 0, 0);
	expect("rs.map@example.com", SUB_A, "rsmap", CT_OK, "rsmap", NULL);
	hold_shifted("rsmap", 1, 0);
	expect("rs.map@example.com", SUB_A, "rsmap", CT_EAUTH, NULL,
	    CT_HELD_RECONNECT);
	hold_shifted("rsmap", 0, 1);
	expect("rs.map@example.com", SUB_A, "rsmap", CT_EAUTH, NULL,
	    CT_HELD_RECONNECT);
	hold_shifted("rs.new", 0, 0);
	expect("rs.new@example.com", SUB_A, "rs.new", CT_OK, "rs.new", NULL);
	hold_shifted("rs.new", 7, 0);
	expect("rs.new@example.com", SUB_A, "rs.new", CT_EAUTH, NULL,
	    CT_HELD_RECONNECT);
	(void)snprintf(cmd, sizeof(cmd), "%s/pam_cotter_useradd precreate "
	    "--state-dir %s --uid-min %d --shell /bin/sh -- rs.hclaim "
	    "rs.hclaim@example.com", real, state, UIDMIN);
	assert_int_equal(system(cmd), 0);
	helper_dir(real);
	hold_shifted("rs.hclaim", 1, 0);
	expect("rs.hclaim@example.com", SUB_A, "rs.hclaim", CT_EAUTH, NULL,
	    CT_HELD_RECONNECT);
	hold_shifted("rs.hclaim", 0, 0);
	expect("rs.hclaim@example.com", SUB_A, "rs.hclaim", CT_OK,
	    "rs.hclaim", NULL);
	/* Creation: an answer the name service no longer gives creates
	 * nothing (no helper runs); control: no answer held, helper runs. */
	helper_dir(fake);
	held_name = "rs.hnew";
	held_uid = 45000;
	held_gid = 100;
	expect("rs.hnew@example.com", SUB_A, "rs.hnew", CT_EAUTH, NULL,
	    CT_HELD_RECONNECT);
	assert_int_equal(fake_calls(NULL, 0), 0);
	ct_nss_held_source(NULL);
	expect("rs.hnew@example.com", SUB_A, "rs.hnew", CT_EAUTH, NULL,
	    "helper refused");
	assert_int_equal(fake_calls(NULL, 0), 1);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static int
setup(void **state_)
{
	const char *ns = getenv("CT_IN_NS");
	char path[256], text[512];

	(void)state_;
	if (ns == NULL || strcmp(ns, "1") != 0) {
		(void)fprintf(stderr, "not ok - test_resolve must run under "
		    "tests/ns.sh (it creates accounts)\n");
		return -1;
	}
	if (getcwd(real, sizeof(real) - 16) == NULL)
		return -1;
	(void)strcat(real, "/helpers");
	if (t_scratch_make(dir, sizeof(dir), "resolve", 0755) != 0)
		return -1;
	(void)snprintf(state, sizeof(state), "%s/state", dir);
	(void)snprintf(fake, sizeof(fake), "%s/fake", dir);
	(void)snprintf(fakelog, sizeof(fakelog), "%s/fake.log", dir);
	if (mkdir(fake, 0755) != 0)
		return -1;
	(void)snprintf(path, sizeof(path), "%s/pam_cotter_useradd", fake);
	(void)snprintf(text, sizeof(text), "#!/bin/sh\necho \"$*\" >>%s\n"
	    "exit 1\n", fakelog);
	write_file(path, text, 0755);
	(void)snprintf(path, sizeof(path), "%s/users", dir);
	write_file(path, "rs.map@example.com rsmap\n"
	    "rs.map@example.com rsmap2\nroot@example.com root\n"
	    "nobody@example.com nobody\n", 0644);
	/* uids chosen by useradd: no clash with any other test's */
	if (system("for u in rsmap rs.old; do id $u >/dev/null 2>&1 || "
	    "useradd -M -s /bin/sh -K UID_MIN=3900 $u || exit 1; done; "
	    "id rssys >/dev/null 2>&1 || useradd -r -M -s /bin/sh rssys") !=
	    0)
		return -1;
	if ((cfg = ct_config_new()) == NULL)
		return -1;
	set("map_file", path);
	set("state_dir", state);
	set("allowed_domains", "example.com other.com");
	set("uid_min", "3000");
	set("user_shell", "/bin/sh");
	/* The mapping of typed emails is tested here; D3 default: below. */
	set("login_by_identity", "yes");
	return 0;
}

static int
teardown(void **state_)
{
	(void)state_;
	ct_config_free(cfg);
	return t_scratch_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_file_wins),
		cmocka_unit_test(test_never_reachable),
		cmocka_unit_test(test_no_creation),
		cmocka_unit_test(test_hostile_identities_run_no_helper),
		cmocka_unit_test(test_first_login_creates),
		cmocka_unit_test(test_email_as_user_name),
		cmocka_unit_test(test_identity_login_off),
		cmocka_unit_test(test_no_helper_under_su),
		cmocka_unit_test(test_precreated_then_claimed),
		cmocka_unit_test(test_concurrent_first_login_same_uid),
		cmocka_unit_test(test_unsafe_state),
		cmocka_unit_test(test_held_answer_every_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

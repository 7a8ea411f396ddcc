/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * login.c - one in-process login (issue 7, figures 2 and 6):
 * pam_start_confdir + pam_authenticate + pam_end, the token answered by
 * the conversation from memory (read once from a file, never argv).
 *
 *	login [-n N] CONFDIR TOKENFILE USER SERVICE...
 *	    N rounds (default 301) after 30 of warm-up; each round logs in
 *	    once through every SERVICE in turn, so the figures of the
 *	    services are taken side by side.  Prints per service the median,
 *	    10th and 90th percentile in ns, then the peak RSS.
 *	login -k MODULE [-n N] CONFDIR TOKENFILE USER SERVICE...
 *	    the same, MODULE held open by the harness: libpam's dlopen and
 *	    dlclose of it on every login become reference counting, which
 *	    shows what mapping and relocating the module costs per login.
 *	login -f MODULE CONFDIR TOKENFILE USER SERVICE
 *	    in a fresh process: time of dlopen(MODULE), the shared objects
 *	    it brought in, the first login, and the second.
 * A SERVICE written "SERVICE:USER:SECRETFILE" logs USER in with that
 * file's first line as the password (pam_unix beside the token module,
 * issue 15).  -w W sets the warm-up rounds (default 30).
 * Every login must succeed, or the figures would measure a refusal.
 */
#include <sys/resource.h>

#include <dlfcn.h>
#include <stdint.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include "bench.h"

#define MAX_SERVICES	16
#define MAX_LIBS	256
#define WARMUP		30

static const char *token;

/* One service of the command line: its name, user and secret. */
struct svc {
	char *name;
	const char *user;
	const char *secret;
};

static int
conv(int n, const struct pam_message **msg, struct pam_response **resp,
    void *data)
{
	struct pam_response *r;
	const char *secret = data != NULL ? data : token;
	int i;

	if (n <= 0 || (r = calloc((size_t)n, sizeof(*r))) == NULL)
		return PAM_CONV_ERR;
	for (i = 0; i < n; i++) {
		if (msg[i]->msg_style == PAM_PROMPT_ECHO_OFF &&
		    (r[i].resp = strdup(secret)) == NULL) {
			free(r);	/* earlier replies: none were tokens */
			return PAM_CONV_ERR;
		}
	}
	*resp = r;
	return PAM_SUCCESS;
}

/* One whole login; returns its duration in ns, exits if it failed. */
static long long
login_as(const char *confdir, const char *service, const char *user,
    const char *secret)
{
	struct pam_conv c = { conv, (void *)(uintptr_t)secret };
	pam_handle_t *h = NULL;
	long long t0;
	int r;

	t0 = bench_now_ns();
	if ((r = pam_start_confdir(service, user, &c, confdir, &h)) !=
	    PAM_SUCCESS)
		bench_die("pam_start_confdir failed");
	r = pam_authenticate(h, 0);
	pam_end(h, r);
	t0 = bench_now_ns() - t0;
	if (r != PAM_SUCCESS) {
		fprintf(stderr, "bench: login through %s: %s\n", service,
		    pam_strerror(NULL, r));
		exit(2);
	}
	return t0;
}

static long long
login_once(const char *confdir, const char *service, const char *user)
{
	return login_as(confdir, service, user, NULL);
}

/* "NAME[:USER:SECRETFILE]" */
static void
parse_svc(char *spec, const char *user, struct svc *s)
{
	char *u, *f;

	s->name = spec;
	s->user = user;
	s->secret = NULL;
	if ((u = strchr(spec, ':')) == NULL)
		return;
	*u++ = '\0';
	if ((f = strchr(u, ':')) == NULL)
		bench_die("service spec wants NAME:USER:SECRETFILE");
	*f++ = '\0';
	s->user = u;
	s->secret = bench_read_token(f);
}

/* The shared objects mapped now (paths from /proc/self/maps). */
static size_t
mapped_libs(char libs[][256], size_t max)
{
	char line[512], *p;
	size_t n = 0, i;
	FILE *f;

	if ((f = fopen("/proc/self/maps", "re")) == NULL)
		bench_die("/proc/self/maps");
	while (fgets(line, sizeof(line), f) != NULL && n < max) {
		line[strcspn(line, "\n")] = '\0';
		if ((p = strchr(line, '/')) == NULL || strstr(p, ".so") == NULL)
			continue;
		for (i = 0; i < n && strcmp(libs[i], p) != 0; i++)
			;
		if (i == n)
			snprintf(libs[n++], sizeof(libs[0]), "%s", p);
	}
	fclose(f);
	return n;
}

static int
fresh(int argc, char **argv)
{
	static char before[MAX_LIBS][256], after[MAX_LIBS][256];
	size_t nb, na, i, j;
	long long t0, dl, first, second;
	void *mod;

	if (argc != 5)
		bench_die("usage: login -f MODULE CONFDIR TOKENFILE USER "
		    "SERVICE");
	token = bench_read_token(argv[2]);
	nb = mapped_libs(before, MAX_LIBS);
	t0 = bench_now_ns();
	if ((mod = dlopen(argv[0], RTLD_NOW | RTLD_LOCAL)) == NULL)
		bench_die("dlopen of the module failed");
	dl = bench_now_ns() - t0;
	na = mapped_libs(after, MAX_LIBS);
	first = login_once(argv[1], argv[4], argv[3]);
	second = login_once(argv[1], argv[4], argv[3]);
	printf("fresh dlopen_ns %lld first_ns %lld second_ns %lld libs",
	    dl, first, second);
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && strcmp(after[i], before[j]) != 0; j++)
			;
		if (j == nb)
			printf(" %s", strrchr(after[i], '/') + 1);
	}
	printf("\n");
	dlclose(mod);
	return 0;
}

int
main(int argc, char **argv)
{
	long long *t[MAX_SERVICES];
	struct svc sv[MAX_SERVICES];
	struct rusage ru;
	size_t n = 301, warm = WARMUP, i;
	int s, ns, ch;

	while ((ch = getopt(argc, argv, "fk:n:w:")) != -1) {
		switch (ch) {
		case 'f':
			return fresh(argc - optind, argv + optind);
		case 'k':
			if (dlopen(optarg, RTLD_NOW | RTLD_LOCAL) == NULL)
				bench_die("dlopen of the module failed");
			break;
		case 'n':
			n = (size_t)strtoul(optarg, NULL, 10);
			break;
		case 'w':
			warm = (size_t)strtoul(optarg, NULL, 10);
			break;
		default:
			bench_die("usage: login [-n N] CONFDIR TOKENFILE USER "
			    "SERVICE...");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 4 || argc - 3 > MAX_SERVICES || n == 0)
		bench_die("usage: login [-n N] CONFDIR TOKENFILE USER "
		    "SERVICE...");
	ns = argc - 3;
	token = bench_read_token(argv[1]);
	for (s = 0; s < ns; s++) {
		parse_svc(argv[3 + s], argv[2], &sv[s]);
		if ((t[s] = calloc(n, sizeof(long long))) == NULL)
			bench_die("out of memory");
	}
	for (i = 0; i < warm; i++)
		for (s = 0; s < ns; s++)
			(void)login_as(argv[0], sv[s].name, sv[s].user,
			    sv[s].secret);
	for (i = 0; i < n; i++)
		for (s = 0; s < ns; s++)
			t[s][i] = login_as(argv[0], sv[s].name, sv[s].user,
			    sv[s].secret);
	for (s = 0; s < ns; s++) {
		printf("service %s median_ns %lld p10 %lld p90 %lld n %zu\n",
		    sv[s].name, bench_quantile(t[s], n, 0.5),
		    bench_quantile(t[s], n, 0.1), bench_quantile(t[s], n, 0.9),
		    n);
		free(t[s]);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("maxrss_kb %ld\n", ru.ru_maxrss);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spawn.c - whole-process logins (issue 7, figures 3, 4, 5 and 6): runs a
 * command, such as pamtester, with its standard input from a file (the
 * token never enters argv or the environment), J copies at once, N
 * times, and prints the median wall time of a run, the peak RSS of any
 * child (wait4) and how many runs failed.
 *
 *	spawn [-n N] [-j J] [-w W] -i INPUT [-u PATH] [-c SRC:DST] [-s PATH]
 *	    CMD [ARG...] [:: CMD [ARG...]]...
 *
 * Several commands separated by "::" run in turn, round by round, so their
 * figures are taken side by side.  A command written "<FILE CMD..." takes
 * its standard input from FILE instead of INPUT (a password for pam_unix,
 * issue 15).  Before every run: -u unlinks PATH, -c
 * copies SRC over DST (0644), -s makes PATH two hours old (a stale cache).
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <unistd.h>

#include "bench.h"

#define MAX_CMDS	8
#define MAX_ACTS	8
#define MAX_JOBS	256

struct acts {
	const char *unlink[MAX_ACTS], *copy[MAX_ACTS], *stale[MAX_ACTS];
	size_t nu, nc, ns;
};

static void
copy_file(const char *spec)
{
	char src[4096], buf[65536];
	const char *colon;
	ssize_t n;
	int in, out;

	if ((colon = strchr(spec, ':')) == NULL ||
	    (size_t)(colon - spec) >= sizeof(src))
		bench_die("-c wants SRC:DST");
	memcpy(src, spec, (size_t)(colon - spec));
	src[colon - spec] = '\0';
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1 ||
	    (out = open(colon + 1, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		bench_die("-c: cannot open");
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			bench_die("-c: short write");
	if (fchmod(out, 0644) == -1)
		bench_die("-c: fchmod");
	close(in);
	close(out);
}

static void
prepare(const struct acts *a)
{
	struct timespec ts[2];
	size_t i;

	for (i = 0; i < a->nu; i++)
		(void)unlink(a->unlink[i]);
	for (i = 0; i < a->nc; i++)
		copy_file(a->copy[i]);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= 7200;
	ts[1] = ts[0];
	for (i = 0; i < a->ns; i++)
		if (utimensat(AT_FDCWD, a->stale[i], ts, 0) == -1)
			bench_die("-s: utimensat");
}

/* One run: j children at once; returns ns, counts failures, peak RSS. */
static long long
run(char **cmd, const char *input, size_t j, int *fails, long *rss)
{
	struct rusage ru;
	pid_t pid;
	long long t0;
	size_t i;
	int st, fd;

	t0 = bench_now_ns();
	for (i = 0; i < j; i++) {
		if ((pid = fork()) == -1)
			bench_die("fork");
		if (pid == 0) {
			if ((fd = open(input, O_RDONLY)) == -1 ||
			    dup2(fd, 0) == -1 ||
			    (fd = open("/dev/null", O_WRONLY)) == -1 ||
			    dup2(fd, 1) == -1 || dup2(fd, 2) == -1)
				_exit(127);
			execv(cmd[0], cmd);
			_exit(127);
		}
	}
	for (i = 0; i < j; i++) {
		if (wait4(-1, &st, 0, &ru) == -1)
			bench_die("wait4");
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			(*fails)++;
		if (ru.ru_maxrss > *rss)
			*rss = ru.ru_maxrss;
	}
	return bench_now_ns() - t0;
}

int
main(int argc, char **argv)
{
	struct acts a;
	char **cmd[MAX_CMDS];
	const char *in[MAX_CMDS];
	long long *t[MAX_CMDS];
	long rss[MAX_CMDS];
	const char *input = NULL;
	size_t n = 31, w = 3, j = 1, i, nc = 0, c;
	int ch, fails[MAX_CMDS];

	memset(&a, 0, sizeof(a));
	while ((ch = getopt(argc, argv, "+n:j:w:i:u:c:s:")) != -1) {
		switch (ch) {
		case 'n': n = (size_t)strtoul(optarg, NULL, 10); break;
		case 'j': j = (size_t)strtoul(optarg, NULL, 10); break;
		case 'w': w = (size_t)strtoul(optarg, NULL, 10); break;
		case 'i': input = optarg; break;
		case 'u':
			if (a.nu < MAX_ACTS)
				a.unlink[a.nu++] = optarg;
			break;
		case 'c':
			if (a.nc < MAX_ACTS)
				a.copy[a.nc++] = optarg;
			break;
		case 's':
			if (a.ns < MAX_ACTS)
				a.stale[a.ns++] = optarg;
			break;
		default:
			bench_die("bad option");
		}
	}
	if (input == NULL || optind >= argc || n == 0 || j == 0 ||
	    j > MAX_JOBS)
		bench_die("usage: spawn [-n N] [-j J] -i INPUT CMD...");
	for (i = (size_t)optind; i < (size_t)argc && nc < MAX_CMDS; i++) {
		in[nc] = input;
		if (argv[i][0] == '<' && i + 1 < (size_t)argc) {
			in[nc] = argv[i] + 1;
			i++;
		}
		cmd[nc++] = argv + i;
		while (i < (size_t)argc && strcmp(argv[i], "::") != 0)
			i++;
		if (i < (size_t)argc)
			argv[i] = NULL;	/* ends this command's argv */
	}
	for (c = 0; c < nc; c++) {
		if ((t[c] = calloc(n, sizeof(long long))) == NULL)
			bench_die("out of memory");
		fails[c] = 0;
		rss[c] = 0;
	}
	for (i = 0; i < w + n; i++) {
		for (c = 0; c < nc; c++) {
			prepare(&a);
			if (i < w)
				(void)run(cmd[c], in[c], j, &fails[c],
				    &rss[c]);
			else
				t[c][i - w] = run(cmd[c], in[c], j, &fails[c],
				    &rss[c]);
		}
	}
	for (c = 0; c < nc; c++) {
		printf("cmd %zu median_ns %lld p10 %lld p90 %lld maxrss_kb %ld "
		    "fails %d runs %zu jobs %zu\n", c,
		    bench_quantile(t[c], n, 0.5), bench_quantile(t[c], n, 0.1),
		    bench_quantile(t[c], n, 0.9), rss[c], fails[c], w + n, j);
		free(t[c]);
	}
	return 0;
}

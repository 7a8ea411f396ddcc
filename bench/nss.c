/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nss.c - the cost of sshd's pre-authentication lookup (issue 19, point
 * 5): getpwnam_r through glibc ("passwd: files cotter"), each in a fresh
 * forked child whose NSS modules are already loaded (a warm-up lookup of
 * a name no module answers), so libnss_cotter holds no earlier answer.
 *
 *	bench/nss N NAME...
 *
 * prints, per NAME, "name NAME median_ns NS p90_ns NS found 0|1".
 * The caller puts this executable on sshd_paths (bench/nss.sh).
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <pwd.h>
#include <unistd.h>

#include "bench.h"

/* One lookup in a child; its time in *ns, 1 in *found when answered. */
static int
one(const char *name, long long *ns, int *found)
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	long long t[2];
	int fd[2], status = 0;
	pid_t pid;

	if (pipe(fd) != 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		(void)close(fd[0]);
		(void)getpwnam_r("-bench-warm", &pw, buf, sizeof(buf), &res);
		t[0] = bench_now_ns();
		(void)getpwnam_r(name, &pw, buf, sizeof(buf), &res);
		t[1] = bench_now_ns();
		t[0] = t[1] - t[0];
		t[1] = res != NULL;
		_exit(write(fd[1], t, sizeof(t)) == (ssize_t)sizeof(t) ? 0 : 1);
	}
	(void)close(fd[1]);
	if (read(fd[0], t, sizeof(t)) != (ssize_t)sizeof(t))
		t[0] = -1;
	(void)close(fd[0]);
	if (waitpid(pid, &status, 0) != pid || status != 0 || t[0] < 0)
		return -1;
	*ns = t[0];
	*found = (int)t[1];
	return 0;
}

int
main(int argc, char **argv)
{
	long long *v;
	size_t n, i;
	int a, found = 0;

	if (argc < 3 || (n = strtoul(argv[1], NULL, 10)) == 0)
		bench_die("usage: nss N NAME...");
	if ((v = calloc(n, sizeof(*v))) == NULL)
		bench_die("out of memory");
	for (a = 2; a < argc; a++) {
		for (i = 0; i < n; i++)
			if (one(argv[a], &v[i], &found) != 0)
				bench_die("a lookup child failed");
		printf("name %s median_ns %lld p90_ns %lld found %d\n",
		    argv[a], bench_quantile(v, n, 0.5),
		    bench_quantile(v, n, 0.9), found);
	}
	free(v);
	return 0;
}

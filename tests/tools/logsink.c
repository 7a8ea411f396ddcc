/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * logsink.c - a minimal syslog receiver for tests: binds a datagram socket
 * at argv[1] (the namespace's private /dev/log), appends every message it
 * receives, one per line, to argv[2], and goes to the background only once
 * the socket is bound, so a test never races its first log line.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
bind_socket(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -1;
	strcpy(sun.sun_path, path);
	(void)unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(path, 0666) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
serve(int sock, int out)
{
	char buf[8192];
	ssize_t n;

	for (;;) {
		n = recv(sock, buf, sizeof(buf) - 1, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf[n] = '\n';
		if (write(out, buf, (size_t)n + 1) != n + 1)
			break;
	}
}

int
main(int argc, char **argv)
{
	int sock, out;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: logsink SOCKET LOGFILE PIDFILE\n");
		return 2;
	}
	if ((sock = bind_socket(argv[1])) == -1) {
		perror("logsink: socket");
		return 1;
	}
	out = open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (out == -1) {
		perror("logsink: log file");
		return 1;
	}
	if ((pid = fork()) == -1)
		return 1;
	if (pid != 0) {
		FILE *f = fopen(argv[3], "w");

		if (f == NULL || fprintf(f, "%ld\n", (long)pid) < 0 ||
		    fclose(f) != 0)
			return 1;
		return 0;
	}
	(void)setsid();
	serve(sock, out);
	return 0;
}

#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Counts TCP connections, for tests/deb/inside.sh (never for production).

  listener.py PORT READY_FILE COUNT_FILE LIFETIME

Listens on 127.0.0.1:PORT, creates READY_FILE once listening, and keeps
in COUNT_FILE the number of connections accepted (each closed at once, so
a TLS client fails fast).  On SIGTERM it first accepts whatever is still
queued (a client whose connect() succeeded is in the queue even if it has
hung up), writes the count and exits 0.  Exits by itself after LIFETIME
seconds.  Run inside a network namespace of its own, so it may take
port 443 without touching the host's.
"""

import os
import signal
import socket
import sys
import time


def write(path, text):
    tmp = "%s.tmp" % path
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def main(argv):
    port, ready, count, lifetime = (int(argv[1]), argv[2], argv[3],
                                    float(argv[4]))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    s.settimeout(0.1)
    n = 0
    write(count, "0\n")
    write(ready, "")
    end = time.monotonic() + lifetime
    while time.monotonic() < end:
        try:
            c, _ = s.accept()
        except (socket.timeout, InterruptedError):
            if stop:
                break
            continue
        c.close()
        n += 1
        write(count, "%d\n" % n)
    s.setblocking(False)
    while True:
        try:
            c, _ = s.accept()
        except (BlockingIOError, InterruptedError):
            break
        c.close()
        n += 1
    write(count, "%d\n" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

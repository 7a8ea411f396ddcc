#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Drive a program through a pseudo-terminal, as a person at a keyboard.

  pty_drive.py [--timeout SECS] SCRIPT -- CMD [ARG...]

CMD runs in a new session with the pty's slave as its controlling
terminal and as fds 0, 1 and 2.  SCRIPT is a file (keep it 0600 in a
private directory: it may hold a token, which must never go into argv)
of lines, each a word and the rest of the line as its argument:

  expect REGEX     wait until REGEX (Python re) shows in the output read
                   since the last match; fail after the timeout
  send TEXT        type TEXT and Return
  sendfile PATH    type the file's content (one trailing newline dropped)
                   and Return
  eof              wait until CMD exits (bounded by the timeout)
  kill             end CMD now (SIGHUP, SIGTERM, then SIGKILL), as a person
                   closing the terminal would; for programs that loop, such
                   as login asking again after "Login incorrect"
  # ...            a comment

Every wait is bounded: each expect and the final eof wait at most
--timeout seconds (default 20).  The transcript goes to standard output
with every sent text longer than 7 characters replaced by
"<sent N chars>".  Exit status: CMD's own status (128+N if killed by
signal N) once the script has run to its end; 124 if an expect or eof
timed out (CMD is then killed); 125 on a usage or script error.
"""

import errno
import os
import pty
import re
import select
import signal
import sys
import time


def usage(msg):
    sys.stderr.write("pty_drive: %s\n" % msg)
    sys.exit(125)


def parse_args(argv):
    timeout = 20.0
    i = 1
    if len(argv) > 2 and argv[1] == "--timeout":
        timeout = float(argv[2])
        i = 3
    if len(argv) < i + 3 or argv[i + 1] != "--":
        usage("usage: pty_drive.py [--timeout SECS] SCRIPT -- CMD [ARG...]")
    return timeout, argv[i], argv[i + 2:]


def load_script(path):
    steps = []
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line == "" or line.startswith("#"):
                continue
            word, _, arg = line.partition(" ")
            if word not in ("expect", "send", "sendfile", "eof", "kill"):
                usage("unknown script word: %r" % word)
            if word == "sendfile":
                with open(arg, encoding="utf-8") as g:
                    arg = g.read()
                if arg.endswith("\n"):
                    arg = arg[:-1]
                word = "send"
            steps.append((word, arg))
    return steps


class Driver:
    def __init__(self, fd, pid, timeout):
        self.fd = fd
        self.pid = pid
        self.timeout = timeout
        self.buf = ""        # output not yet consumed by an expect
        self.transcript = ""
        self.sent = []
        self.status = None
        self.closed = False

    def _read_some(self, deadline):
        """Reads what is there, waiting until deadline; False at EOF."""
        left = deadline - time.monotonic()
        if left <= 0 or self.closed:
            return not self.closed
        r, _, _ = select.select([self.fd], [], [], left)
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError as e:
            if e.errno != errno.EIO:   # EIO: every slave fd is closed
                raise
            data = b""
        if not data:
            self.closed = True
            return False
        text = data.decode("utf-8", "replace")
        self.buf += text
        self.transcript += text
        return True

    def expect(self, pattern):
        rx = re.compile(pattern)
        deadline = time.monotonic() + self.timeout
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return True
            if self.closed or time.monotonic() >= deadline:
                return False
            self._read_some(deadline)

    def send(self, text):
        data = (text + "\n").encode()
        if len(text) > 7:
            self.sent.append(text)
        deadline = time.monotonic() + self.timeout
        while data:
            _, w, _ = select.select([], [self.fd], [],
                                    max(0, deadline - time.monotonic()))
            if not w:
                return False
            n = os.write(self.fd, data)
            data = data[n:]
        return True

    def wait_exit(self, deadline):
        while time.monotonic() < deadline:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = st
                return True
            # Keep draining output so CMD never blocks on a full pty.
            if not self.closed:
                self._read_some(min(deadline, time.monotonic() + 0.05))
            else:
                time.sleep(0.02)
        return False

    def kill(self):
        if self.status is not None:
            return
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass
            if self.wait_exit(time.monotonic() + 2):
                return

    def masked(self):
        t = self.transcript
        for s in sorted(self.sent, key=len, reverse=True):
            t = t.replace(s, "<sent %d chars>" % len(s))
        return t.replace("\r\n", "\n")


def main():
    timeout, script, cmd = parse_args(sys.argv)
    try:
        steps = load_script(script)
    except OSError as e:
        usage("%s: %s" % (script, e.strerror))
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    d = Driver(fd, pid, timeout)
    rc = None
    for word, arg in steps:
        if word == "expect" and not d.expect(arg):
            sys.stderr.write("pty_drive: timeout or end of output waiting "
                             "for /%s/\n" % arg)
            rc = 124
            break
        if word == "send" and not d.send(arg):
            sys.stderr.write("pty_drive: cannot type (timeout)\n")
            rc = 124
            break
        if word == "kill":
            d.kill()
            break
        if word == "eof" and not d.wait_exit(time.monotonic() + timeout):
            sys.stderr.write("pty_drive: %s still running after %g s\n"
                             % (cmd[0], timeout))
            rc = 124
            break
    if rc is None and d.status is None:
        # The script did not wait for the end: give CMD a bounded time.
        if not d.wait_exit(time.monotonic() + timeout):
            rc = 124
    if rc == 124:
        d.kill()
    elif d.status is not None:
        if os.WIFEXITED(d.status):
            rc = os.WEXITSTATUS(d.status)
        else:
            rc = 128 + os.WTERMSIG(d.status)
    # Whatever is still buffered belongs to the transcript too.
    while not d.closed and d._read_some(time.monotonic() + 0.05):
        if not select.select([fd], [], [], 0)[0]:
            break
    sys.stdout.write(d.masked())
    sys.stdout.flush()
    return rc


if __name__ == "__main__":
    sys.exit(main())

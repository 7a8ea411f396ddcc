#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""unit_syscalls.py UNIT TRACE - the system calls in an strace -f log that
the unit's SystemCallFilter= would refuse (issue 19, t_unit.sh).

The allowed set follows systemd.exec(5): the first SystemCallFilter= that is
not a deny list ("~...") is the allow list; each "~" line then removes its
calls.  Groups ("@system-service") are expanded with systemd-analyze
syscall-filter, recursively.  Prints each refused call on a line of its own
and exits 1 if there is any, 0 if the trace keeps to the filter, 2 on a
usage or parse error (no filter in the unit, an empty trace)."""
import re
import subprocess
import sys


def groups():
    """{"@name": [members]} from systemd-analyze syscall-filter."""
    out = subprocess.run(["systemd-analyze", "syscall-filter"], check=True,
                         capture_output=True, text=True).stdout
    g, cur = {}, None
    for line in out.splitlines():
        if line.startswith("@"):
            cur = g.setdefault(line.strip(), [])
        elif cur is not None and line.strip() and \
                not line.strip().startswith("#"):
            cur.append(line.strip())
    return g


def expand(names, g, seen=None):
    seen = set() if seen is None else seen
    calls = set()
    for n in names:
        if n.startswith("@"):
            if n not in seen:
                seen.add(n)
                calls |= expand(g[n], g, seen)
        else:
            calls.add(n)
    return calls


def allowed(unit, g):
    allow, deny = None, set()
    with open(unit) as f:
        for line in f:
            m = re.match(r"\s*SystemCallFilter=(.*)", line)
            if not m:
                continue
            v = m.group(1).strip()
            if v.startswith("~"):
                deny |= expand(v[1:].split(), g)
            elif allow is None:
                allow = expand(v.split(), g)
            else:
                allow |= expand(v.split(), g)
    if allow is None:
        sys.exit("no allow-list SystemCallFilter= in " + unit)
    return allow - deny


def used(trace):
    calls = set()
    with open(trace) as f:
        for line in f:
            m = re.match(r"\d+\s+([a-z0-9_]+)\(", line)
            if m:
                calls.add(m.group(1))
    return calls


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    calls = used(sys.argv[2])
    if not calls:
        print("empty trace", file=sys.stderr)
        sys.exit(2)
    refused = sorted(calls - allowed(sys.argv[1], groups()))
    for c in refused:
        print(c)
    sys.exit(1 if refused else 0)


main()

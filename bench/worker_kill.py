#!/usr/bin/env python
"""A gunicorn worker killed under load: no request fails beyond those the killed worker was
holding, and the master boots a replacement that serves.

    .venv/bin/python bench/worker_kill.py \\
        --database-url postgres://postgres@127.0.0.1:5433/visits_chaos [--workers 4]

Starts gunicorn as production runs it (see bench/chaos.py) with --workers workers, loads it
from --clients threads over the home page, the visit list, a visit page, an organisation
page and /healthz, and --kill-at seconds in SIGKILLs one worker (a child of the master,
found with `pgrep -P`; one holding a client's connection when there is one). Just before,
it stops the worker (SIGSTOP) and reads from /proc which client connections it holds, so
that "in flight on the killed worker" is exact; it also counts the requests in flight in
all. The load goes on until --duration seconds.

It prints the timeline per second, every failed request (when, page, status or error,
whether the killed worker held it), the counts in flight at the kill, when the replacement
was booted and first answered, then checks that every worker serves and what gunicorn
logged. Exit status 1 when more requests failed than the killed worker held, when one
failed that it did not hold, when no replacement served, or a worker does not serve;
2 when the set-up failed.
"""

import argparse
import os
import re
import signal
import sys
import time

import chaos


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    chaos.add_arguments(parser, duration=25)
    parser.add_argument(
        "--kill-at", type=float, default=10, help="seconds into the load (default 10)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    server = chaos.Server(args)
    try:
        if not server.start() or not chaos.warm_up(server.port, args.timeout):
            return 2
        initial_boots = server.stderr().count("Booting worker")
        pages = ", ".join(chaos.PAGES)
        print(f"load: {args.clients} clients over {pages}; kill at {args.kill_at:.0f} s\n")
        load = chaos.Load(server.port, args.clients, args.timeout)
        load.start()
        time.sleep(args.kill_at)
        before = server.workers()
        victim, held, in_flight, killed_at = kill_one(server, load)
        events = [(killed_at, f"worker {victim} killed")]
        replacement, booted_at = wait_for_replacement(server, before, victim, load)
        served_at = None
        if replacement:
            events.append((booted_at, f"worker {replacement} forked"))
            served_at = wait_until_served(server, replacement, load)
        if served_at:
            events.append((served_at, f"worker {replacement} answers"))
        time.sleep(max(0, args.duration - load.now()))
        load.stop()

        answers = sorted(load.answers, key=lambda a: a.start)
        chaos.print_timeline(answers, events)
        print()
        chaos.print_totals(answers)
        print(
            f"at the kill ({killed_at:.2f} s): {len(in_flight)} requests in flight in all, "
            f"{len(held)} on the killed worker {victim} (client ports {sorted(held) or '—'})"
        )
        failed = [a for a in answers if a.kind != chaos.OK or a.traceback]
        unexplained = [a for a in failed if a.client_port not in held]
        print(f"failed requests: {len(failed)}")
        for a in failed:
            on = (
                "held by the killed worker" if a.client_port in held else "NOT on the killed worker"
            )
            print(f"  {a.start:6.2f}–{a.end:6.2f} s  {a.describe()}  ({on})")
        if replacement:
            answered = server.served_by(0)[replacement]
            print(
                f"replacement worker {replacement}: forked {booted_at - killed_at:.2f} s after "
                "the kill, "
                + (
                    f"first answered {served_at - killed_at:.2f} s after it "
                    f"({answered} answers during the load)"
                    if served_at
                    else "never answered"
                )
            )
        else:
            print("NO replacement worker was started within 30 s")
        print()
        every_worker = chaos.check_every_worker_serves(server, args)
        server.log_report(initial_boots)
        problems = []
        if len(failed) > len(held):
            problems.append(f"{len(failed)} requests failed, the killed worker held {len(held)}")
        if unexplained:
            problems.append(f"{len(unexplained)} failed requests were not on the killed worker")
        if not served_at:
            problems.append("no replacement worker served")
        if not every_worker:
            problems.append("not every worker served 200s after the kill")
        print()
        print(
            "FAILED: " + "; ".join(problems)
            if problems
            else "PASSED: no request failed beyond those the killed worker held"
        )
        return 1 if problems else 0
    finally:
        server.stop()


def held_connections(pid, port):
    """Client ports of the connections to `port` that process `pid` holds open (from
    /proc: its socket descriptors, matched with the kernel's TCP table)."""
    inodes = set()
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:  # it has just exited (gunicorn recycles workers)
        return set()
    for fd in descriptors:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if found := re.fullmatch(r"socket:\[(\d+)\]", target):
            inodes.add(found.group(1))
    clients = set()
    for table in (f"/proc/{pid}/net/tcp", f"/proc/{pid}/net/tcp6"):
        with open(table) as rows:
            next(rows)
            for row in rows:
                fields = row.split()
                local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
                listening = state == "0A"
                if inode in inodes and not listening and int(local.split(":")[1], 16) == port:
                    clients.add(int(remote.split(":")[1], 16))
    return clients


def kill_one(server, load, patience=2.0):
    """SIGKILL a worker, preferably one holding a client's connection: stopped first
    (SIGSTOP) so that what it holds can be read exactly and cannot change."""
    deadline = time.monotonic() + patience
    while True:
        workers = server.workers()
        busy = [(len(held_connections(pid, server.port)), pid) for pid in workers]
        count, victim = max(busy)
        if count or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    os.kill(victim, signal.SIGSTOP)
    held = held_connections(victim, server.port)
    in_flight = load.snapshot_in_flight()
    os.kill(victim, signal.SIGKILL)
    return victim, held, in_flight, load.now()


def wait_for_replacement(server, before, victim, load, limit=30):
    """The new worker's pid once the master has as many workers as before, and when."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        now = server.workers()
        new = [pid for pid in now if pid not in before]
        if new and victim not in now and len(now) == len(before):
            return new[0], load.now()
        time.sleep(0.05)
    return None, None


def wait_until_served(server, pid, load, limit=30):
    """When worker `pid` first shows in the access log (polled), or None."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.served_by(0)[pid]:
            return load.now()
        time.sleep(0.05)
    return None


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)

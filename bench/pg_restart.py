#!/usr/bin/env python
"""PostgreSQL restarted under load: requests during the restart must fail cleanly (503 with
Retry-After, never a traceback), and the portal must serve normally within seconds after,
with no worker stuck on a dead connection.

    .venv/bin/python bench/pg_restart.py \\
        --database-url postgres://postgres@127.0.0.1:5433/visits_chaos \\
        --restart-command "pg_ctlcluster 15 chaos restart" [--down-seconds 5]

Starts gunicorn as production runs it (see bench/chaos.py) with --workers workers, loads it
from --clients threads over the home page, the visit list, a visit page, an organisation
page and /healthz, and --restart-at seconds in runs --restart-command (default: the main
cluster's `pg_ctlcluster 15 main restart`; it restarts the server under every other user
of it too). With --down-seconds N it runs --stop-command, waits N seconds and runs
--start-command instead (by default the restart command with "restart" changed to "stop"
and "start"), for a longer outage. The load goes on until --duration seconds and at least
--settle seconds after the database is back.

It prints a timeline per second of what came back, the totals, when the first 200 came after
the database was back and from when on every request got 200, then checks that every worker
serves (as many clients as workers, until each worker has answered, all 200), how many
connections the workers hold on the database, and what gunicorn logged (worker timeouts and
boots). Exit status 1 when anything but clean 503s failed: another status, a 503 without
Retry-After, a connection error, a traceback in a body, a non-200 once settled, a worker
that does not serve, a worker timeout; 2 when the set-up or the restart command failed.
"""

import argparse
import shlex
import signal
import subprocess
import sys
import time

import chaos


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    chaos.add_arguments(parser, duration=30)
    parser.add_argument(
        "--restart-command",
        default="pg_ctlcluster 15 main restart",
        help="restarts the database server (default: %(default)s)",
    )
    parser.add_argument(
        "--down-seconds",
        type=float,
        default=0,
        help="instead of the restart command: stop, wait this long, start",
    )
    parser.add_argument("--stop-command", help="default: the restart command with 'stop'")
    parser.add_argument("--start-command", help="default: the restart command with 'start'")
    parser.add_argument(
        "--restart-at", type=float, default=10, help="seconds into the load (default 10)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=10,
        help="seconds of load at least after the database is back, within which every "
        "request must get 200 again (default 10)",
    )
    args = parser.parse_args()
    steps = fault_steps(args, parser)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    server = chaos.Server(args)
    try:
        if not server.start() or not chaos.warm_up(server.port, args.timeout):
            return 2
        initial_boots = server.stderr().count("Booting worker")
        print(f"{chaos.pg_connections(args.database_url)}")
        print(
            f"load: {args.clients} clients over {', '.join(chaos.PAGES)}; "
            f"fault at {args.restart_at:.0f} s: {' ; '.join(describe(s) for s in steps)}\n"
        )
        load = chaos.Load(server.port, args.clients, args.timeout)
        probe = chaos.DatabaseProbe(args.database_url, load.now)
        load.start()
        probe.start()
        time.sleep(args.restart_at)
        events = []
        began = load.now()
        events.append((began, "fault begins"))
        failed_step = run_steps(steps, load, events)
        done = load.now()
        time.sleep(max(0, args.duration - load.now(), done + args.settle - load.now()))
        load.stop()
        probe.stop()
        events += probe.events()
        # When the database accepted connections again, as the probe saw it (the restart
        # command may return later); the command's end if the probe never saw it down.
        back = next((t for t, up in probe.changes if up and t > began), done)
        if failed_step:
            print(f"the fault command failed: {failed_step}", file=sys.stderr)
            return 2

        answers = sorted(load.answers, key=lambda a: a.start)
        chaos.print_timeline(answers, events)
        print()
        chaos.print_totals(answers)
        settled = print_recovery(answers, began, back, args.settle)
        bad = [a for a in answers if a.bad]
        for a in bad[:30]:
            print(f"  FAILED at {a.start:6.2f} s: {a.describe()}")
        if len(bad) > 30:
            print(f"  … and {len(bad) - 30} more")
        print()
        print(chaos.pg_connections(args.database_url))
        every_worker = chaos.check_every_worker_serves(server, args)
        log = server.log_report(initial_boots)
        problems = []
        if bad:
            problems.append(f"{len(bad)} requests failed otherwise than with a clean 503")
        if not settled:
            problems.append(f"not every request got 200 within {args.settle:.0f} s")
        if not every_worker:
            problems.append("not every worker served 200s after the restart")
        if log["worker timeouts"]:
            problems.append(f"{log['worker timeouts']} worker timeouts")
        print()
        print("FAILED: " + "; ".join(problems) if problems else "PASSED: only clean 503s failed")
        return 1 if problems else 0
    finally:
        server.stop()


def fault_steps(args, parser):
    """The commands (and the pause) that make the outage."""
    if not args.down_seconds:
        return [shlex.split(args.restart_command)]
    restart = shlex.split(args.restart_command)
    if not (args.stop_command and args.start_command) and restart[-1:] != ["restart"]:
        parser.error("--down-seconds needs --stop-command and --start-command")
    stop = shlex.split(args.stop_command) if args.stop_command else [*restart[:-1], "stop"]
    start = shlex.split(args.start_command) if args.start_command else [*restart[:-1], "start"]
    return [stop, args.down_seconds, start]


def describe(step):
    return f"wait {step:g} s" if isinstance(step, float) else shlex.join(step)


def run_steps(steps, load, events):
    """Run the fault; "" when every command succeeded, else what failed."""
    for step in steps:
        if isinstance(step, float):
            time.sleep(step)
            continue
        started = load.now()
        done = subprocess.run(step, capture_output=True, text=True)
        events.append((load.now(), f"{shlex.join(step)} returned {done.returncode}"))
        print(f"{started:6.2f} s  {shlex.join(step)}: exit {done.returncode} after "
              f"{load.now() - started:.2f} s {(done.stdout + done.stderr).strip()}")  # fmt: skip
        if done.returncode != 0:
            return f"{shlex.join(step)} (exit {done.returncode})"
    return ""


def print_recovery(answers, began, back, settle):
    """When the portal served again; True when it was steady within `settle` seconds."""
    failed = [a for a in answers if a.kind != chaos.OK or a.traceback]
    print(
        f"fault: began at {began:.2f} s; the database accepted connections again at "
        f"{back:.2f} s ({back - began:.2f} s later)"
    )
    if not failed:
        print("no request failed at all")
        return True
    print(
        f"failures: {len(failed)}, answered from {min(a.end for a in failed):.2f} s to "
        f"{max(a.end for a in failed):.2f} s"
    )
    first_ok = min((a.end for a in answers if a.start >= back and a.kind == chaos.OK), default=None)
    last_failed_start = max(a.start for a in failed)
    steady = min((a.start for a in answers if a.start > last_failed_start), default=None)
    late = [a for a in failed if a.start >= back]
    if first_ok is None:
        print("no 200 after the database was back")
    else:
        print(
            f"first 200 after the database was back: {first_ok - back:+.2f} s after it was "
            f"back, {first_ok - began:+.2f} s after the fault began"
        )
    if steady is None:
        print("never steady: the last requests failed")
        return False
    print(
        f"steady 200s from: {steady - back:+.2f} s after the database was back, "
        f"{steady - began:+.2f} s after the fault began"
    )
    print(f"failed requests sent after the database was back: {len(late)}")
    return steady - back <= settle


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)

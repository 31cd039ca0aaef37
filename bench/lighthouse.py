#!/usr/bin/env python
"""Lighthouse scores of the public pages, served as production serves them.

Builds a throwaway SQLite database with the demo data (the seed visit and a
generated set, `load_demo --extra 300` by default), collects the static files
into a temporary folder and starts gunicorn with config/gunicorn.conf.py
(2 workers) on the loopback, with production settings: DEBUG off, a generated
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, no HTTPS redirect (plain HTTP on the
loopback, no TLS proxy in front), the page cache on. Each page is requested
once before it is measured, as a reader after another finds it.

Then Lighthouse (the npm package, installed by this script into
bench/.lighthouse/, which git ignores) runs Debian's Chromium (CHROME_PATH, or
`chromium` on the PATH) against home, the visit list, the seed visit, its
guest organisation and the protocol register, with its mobile and desktop
presets, and prints the four category scores per page and the failing audits
of every category under its target: 100, performance 95.

    .venv/bin/python bench/lighthouse.py [--extra 300] [--languages en,tr]
        [--presets mobile,desktop] [--reports DIR] [--database-url sqlite:///…]

Exits 1 when a score misses its target, 2 when something would not run.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.8.2"  # 13 wants Node 22; Debian 12 has Node 18 or 20
LIGHTHOUSE_DIR = ROOT / "bench" / ".lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
SEED_VISIT = "/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
PAGES = [
    ("home", "/"),
    ("visit list", "/visits/"),
    ("visit", SEED_VISIT),
    ("organisation", "/municipalities/turkistan-municipality/"),
    ("protocol register", "/protocols/"),
]
BENCHMARK_INDEX, WARNINGS = [], set()  # the machine's speed as Lighthouse measured it
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=int, default=300, help="generated visits (default 300)")
    parser.add_argument(
        "--database-url",
        help="an existing database with the demo data (default: a new SQLite one, filled)",
    )
    parser.add_argument("--languages", default="en", help="comma-separated (default en)")
    parser.add_argument("--presets", default="mobile,desktop", help="mobile, desktop or both")
    parser.add_argument("--reports", metavar="DIR", help="keep Lighthouse's JSON reports here")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: free)")
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        help="mobile CPU throttling (Lighthouse's default 4); lower it on a slow machine, "
        "as Lighthouse's 'slower CPU' warning advises",
    )
    args = parser.parse_args()

    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not chrome:
        sys.exit("Debian's chromium is needed (apt-get install chromium), or CHROME_PATH")
    install_lighthouse()

    workdir = Path(tempfile.mkdtemp(prefix="lighthouse-bench-"))
    reports = Path(args.reports) if args.reports else workdir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    env = production_env(
        args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    server = None
    try:
        if not args.database_url:
            print(f"filling a new database: the demo data with --extra {args.extra} …", flush=True)
            manage(env, "migrate", "--no-input", "-v", "0")
            manage(env, "load_demo", "--extra", str(args.extra), "--no-login")
        print("collecting static files into a temporary folder …", flush=True)
        manage(env, "collectstatic", "--no-input", "-v", "0")
        port = args.port or free_port()
        server = start_gunicorn(env, port, workdir / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        rows = []
        for language in args.languages.split(","):
            for name, path in PAGES:
                url = f"{base}/{language}{path}"
                for _ in range(4):  # each worker has its page cache: fill both
                    warm(url)
                for preset in args.presets.split(","):
                    report = reports / f"{language}-{name.replace(' ', '-')}-{preset}.json"
                    started = time.monotonic()
                    run_lighthouse(chrome, url, preset, report, args.cpu_slowdown)
                    seconds = time.monotonic() - started
                    rows.append((f"/{language}{path}", preset, *read_report(report), seconds))
                    print(f"  {name} ({language}, {preset}): {seconds:.0f} s", flush=True)
    except subprocess.CalledProcessError as failed:
        print(f"failed: {' '.join(map(str, failed.cmd))}", file=sys.stderr)
        if server:
            print_log(workdir / "gunicorn.log")
        return 2
    finally:
        stop(server)
        if not args.reports:
            shutil.rmtree(workdir, ignore_errors=True)
    print_table(rows)
    if args.reports:
        print(f"\nJSON reports in {reports}")
    return int(any(score < TARGETS[c] for row in rows for c, score in row[2].items()))


def install_lighthouse():
    if LIGHTHOUSE.exists():
        return
    print(f"installing lighthouse {LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR} …", flush=True)
    LIGHTHOUSE_DIR.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund",
         "--loglevel=error", f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )  # fmt: skip


def production_env(database_url, **extra):
    """Production settings: DEBUG off, a throwaway secret key, the loopback only,
    plain HTTP (no TLS proxy in front)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_READ_ENV_FILE="false",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, port, log_path):
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn if gunicorn.exists() else "gunicorn"), "-c", "config/gunicorn.conf.py"]
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: Ctrl-C reaches us, we stop it
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            warm(f"http://127.0.0.1:{port}/robots.txt")
            print(f"gunicorn (pid {server.pid}) on http://127.0.0.1:{port}/, 2 workers")
            return server
        except OSError:
            time.sleep(0.3)
    print_log(log_path)
    stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def warm(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()


def stop(server):
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # the group started above, nothing else
        server.wait()
    print(f"gunicorn (pid {server.pid}) stopped")


def print_log(path, lines=40):
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return
    print(f"--- last {min(lines, len(text))} lines of gunicorn's log ---")
    print("\n".join(text[-lines:]))


def run_lighthouse(chrome, url, preset, output, cpu_slowdown=None):
    command = [
        str(LIGHTHOUSE), url,
        "--output=json", f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    elif cpu_slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}")
    # Lighthouse now and then fails to record a trace ("NO_NAVSTART") and asks
    # to be run again: up to three tries.
    for attempt in range(3):
        done = subprocess.run(command, env={**os.environ, "CHROME_PATH": chrome})
        if done.returncode == 0:
            return
        print(f"  Lighthouse failed (try {attempt + 1} of 3)", flush=True)
    raise subprocess.CalledProcessError(done.returncode, command)


def read_report(path):
    """({category: score 0–100}, {category: failing audits}) from a JSON report.
    A failing audit is one scored under 1 that counts in its category; for
    performance, a metric or an insight scored under 0.9."""
    report = json.loads(Path(path).read_text())
    BENCHMARK_INDEX.append(report["environment"].get("benchmarkIndex") or 0)
    for warning in report.get("runWarnings", []):
        WARNINGS.add(warning.split(" Learn more")[0])
    audits = report["audits"]
    scores, failing = {}, {}
    for key in CATEGORIES:
        category = report["categories"][key]
        scores[key] = round((category["score"] or 0) * 100)
        if scores[key] >= TARGETS[key]:
            continue
        found = []
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if audit.get("score") is None or audit.get("scoreDisplayMode") in (
                "notApplicable",
                "informative",
                "manual",
            ):
                continue
            limit = 0.9 if key == "performance" else 1
            if audit["score"] < limit and (ref.get("weight") or key == "performance"):
                shown = audit.get("displayValue")
                found.append(f"{ref['id']}" + (f" ({shown})" if shown else ""))
        failing[key] = found
    return scores, failing


def print_table(rows):
    head = ["page", "preset", "perf", "a11y", "best pr.", "SEO", "s"]
    width = max(len(row[0]) for row in rows)
    print(f"\n{head[0]:<{width}}  {head[1]:<7} " + " ".join(f"{h:>8}" for h in head[2:]))
    for page, preset, scores, _failing, seconds in rows:
        cells = [f"{scores[c]:>7}{'*' if scores[c] < TARGETS[c] else ' '}" for c in CATEGORIES]
        print(f"{page:<{width}}  {preset:<7} " + " ".join(cells) + f" {seconds:>8.0f}")
    print("(* under the target: performance 95, the others 100)")
    if BENCHMARK_INDEX:
        print(
            f"Lighthouse's benchmark index of this machine: {min(BENCHMARK_INDEX):.0f}–"
            f"{max(BENCHMARK_INDEX):.0f} (a typical desktop: about 1,000 or more)"
        )
    for warning in sorted(WARNINGS):
        print(f"Lighthouse warned: {warning}")
    misses = [(page, preset, failing) for page, preset, _s, failing, _t in rows if failing]
    if misses:
        print("\nAudits failing in categories under 100:")
    for page, preset, failing in misses:
        for category, audits in failing.items():
            print(f"  {page} {preset} {category}: {', '.join(audits) or '(none listed)'}")


if __name__ == "__main__":
    sys.exit(main())

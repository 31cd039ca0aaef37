"""Load generators for bench/load_bench.py --run: wrk with a Lua script, or a Python one in
separate processes; both report requests per second and latency percentiles."""

import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

LOAD_BENCH = str(Path(__file__).with_name("load_bench.py"))  # runs the Python load generator

WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.6f, "non2xx": %d, "socket_errors": %d, ' ..
    '"p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f}\n',
    summary.requests, summary.duration / 1e6, bad,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def run_wrk(url, duration):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        command = ["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", "--timeout", "30s"]
        completed = subprocess.run(
            [*command, "-s", script.name, url],
            capture_output=True,
            text=True,
            timeout=duration + 60,
        )
    finally:
        os.unlink(script.name)
    return parse_bench_line(completed.stdout + completed.stderr)


def run_python_loadgen(url, duration):
    completed = subprocess.run(
        [sys.executable, LOAD_BENCH, "--loadgen-worker", url, "--duration", str(duration)],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    return parse_bench_line(completed.stdout + completed.stderr)


def parse_bench_line(output):
    for line in output.splitlines():
        if line.startswith("BENCH "):
            figures = json.loads(line[6:])
            figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0
            figures["errors"] = figures["non2xx"] + figures["socket_errors"]
            return figures
    return {"failed": output.strip()[-500:] or "the load generator printed nothing"}


def python_loadgen_worker(url, duration, threads=2, max_requests=1_000_000):
    """The fallback load generator, run in its own process: `threads` threads, each
    with one connection to 127.0.0.1, GET `url` until `duration` seconds or
    `max_requests` requests; prints one BENCH line like the wrk script."""
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        print("the load generator only talks to 127.0.0.1", file=sys.stderr)
        return 2
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lock = threading.Lock()
    latencies, counts = [], {"non2xx": 0, "socket_errors": 0, "sent": 0}
    deadline = time.monotonic() + duration

    def worker():
        conn, mine, non2xx, socket_errors = None, [], 0, 0
        while time.monotonic() < deadline:
            with lock:
                if counts["sent"] >= max_requests:
                    break
                counts["sent"] += 1
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                if not 200 <= response.status < 300:
                    non2xx += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                socket_errors += 1
                conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(mine)
            counts["non2xx"] += non2xx
            counts["socket_errors"] += socket_errors

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    seconds = time.monotonic() - started
    latencies.sort()

    def percentile(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000

    figures = {
        "requests": len(latencies) + counts["socket_errors"],
        "seconds": seconds,
        "non2xx": counts["non2xx"],
        "socket_errors": counts["socket_errors"],
        "p50": percentile(50),
        "p95": percentile(95),
        "p99": percentile(99),
        "max": latencies[-1] * 1000 if latencies else 0.0,
    }
    print("BENCH " + json.dumps(figures))
    return 0

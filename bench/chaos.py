"""What bench/pg_restart.py and bench/worker_kill.py share: gunicorn as production runs it,
a load of client threads over the public pages that records every request, and the
report of what came back.

gunicorn starts from config/gunicorn.conf.py with DEBUG off, a throwaway SECRET_KEY, only
the loopback host, plain HTTP (SECURE_SSL_REDIRECT and SECURE_COOKIES off), the page cache
off (so every request reaches the database) and CONN_MAX_AGE=60 as in production, bound to
127.0.0.1. Its access log gains the worker's pid (`pid=<…>`), so the report can tell which
worker answered; its standard output and standard error go to two files, so the report can
also say what went where.

Each client thread sends one GET at a time on a new connection (the sync workers close
every connection after one response) and records when it started and ended, the status,
whether a 503 carried Retry-After, whether the body looks like a traceback, and the
connection's local port (to tell which requests a worker was holding).
"""

import http.client
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/visits_bench"
)
PAGES = [
    "/en/",
    "/en/visits/",
    "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/",
    "/en/municipalities/turkistan-municipality/",
    "/healthz",
]
TRACEBACK_SIGNS = (b"Traceback (most recent call last)", b'File "/', b"Exception Value:")

# How an answer is counted; the first is the only good one, the second the only
# acceptable failure (the database was out and the page said so).
OK, CLEAN_503 = "200", "503+Retry-After"
KINDS = [OK, CLEAN_503, "503 no Retry-After", "other 5xx", "other status", "conn error"]


def add_arguments(parser, *, workers=4, clients=8, duration=30):
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="the PostgreSQL database gunicorn serves (default $DATABASE_URL, else "
        "%(default)s); it needs the demo's seed visit (load_demo or load_bench.py --fill)",
    )
    parser.add_argument("--workers", type=int, default=workers, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=clients, help="client threads")
    parser.add_argument("--duration", type=float, default=duration, help="seconds of load")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: free)")
    parser.add_argument(
        "--timeout", type=float, default=35, help="seconds a client waits for one answer"
    )
    parser.add_argument("--keep-logs", metavar="DIR", help="copy gunicorn's stdout and stderr here")


# --- gunicorn ---------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn -c config/gunicorn.conf.py, in its own process group, logs in a temp dir."""

    def __init__(self, args):
        self.args = args
        self.port = args.port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="chaos-bench-"))
        self.stdout_path = self.workdir / "gunicorn.stdout"
        self.stderr_path = self.workdir / "gunicorn.stderr"
        self.process = None
        self.env = dict(os.environ)
        self.env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_READ_ENV_FILE="false",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(45),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            SECURE_COOKIES="false",
            PAGE_CACHE_SECONDS="0",
            CONN_MAX_AGE="60",
            DATABASE_URL=args.database_url,
            STATIC_ROOT=str(self.workdir / "static"),
            MEDIA_ROOT=str(self.workdir / "media"),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS=str(args.workers),
            PYTHONUNBUFFERED="1",
        )

    def start(self):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        conf = ROOT / "config" / "gunicorn.conf.py"
        log_format = runpy.run_path(str(conf))["access_log_format"] + " pid=%(p)s"
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        command = [
            str(gunicorn if gunicorn.exists() else "gunicorn"),
            "-c", str(conf),
            "--access-logformat", log_format,
        ]  # fmt: skip
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=err, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if len(self.workers()) == self.args.workers:
                try:
                    if get(self.port, "/robots.txt", 5).status == 200:
                        print(
                            f"gunicorn (master pid {self.process.pid}) on "
                            f"http://127.0.0.1:{self.port}/: {self.args.workers} workers, "
                            f"workers {' '.join(map(str, self.workers()))}"
                        )
                        return True
                except OSError:
                    pass
            time.sleep(0.2)
        print("gunicorn did not come up within 60 s", file=sys.stderr)
        self.print_log_tail()
        return False

    def workers(self):
        """The master's children: its workers."""
        if self.process is None:
            return []
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        return sorted(int(pid) for pid in found)

    def keep_logs(self, folder):
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for path in (self.stdout_path, self.stderr_path):
            shutil.copy(path, folder / path.name)
        print(f"gunicorn's logs kept in {folder}/")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own group, nothing else
                self.process.wait()
        if self.args.keep_logs and self.stdout_path.exists():
            self.keep_logs(self.args.keep_logs)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def stdout(self):
        return self.stdout_path.read_text(errors="replace")

    def stderr(self):
        return self.stderr_path.read_text(errors="replace")

    def print_log_tail(self, lines=30):
        for name, path in (("stdout", self.stdout_path), ("stderr", self.stderr_path)):
            text = path.read_text(errors="replace").splitlines() if path.exists() else []
            print(f"--- last {min(lines, len(text))} lines of gunicorn's {name} ---")
            print("\n".join(text[-lines:]))

    def log_report(self, initial_boots):
        """What gunicorn and Django wrote, and where: the access log and Django's errors
        (with their tracebacks) on stdout, gunicorn's own messages on stderr."""
        out, err = self.stdout(), self.stderr()
        access = len(re.findall(r'^\S+ "GET .*" \d{3} .* pid=<\d+>$', out, re.M))
        figures = {
            "access lines (stdout)": access,
            "Django error lines (stdout)": len(
                re.findall(r"^(Service Unavailable|Internal Server Error): ", out, re.M)
            ),
            "tracebacks (stdout)": out.count("Traceback (most recent call last)"),
            "tracebacks (stderr)": err.count("Traceback (most recent call last)"),
            "worker timeouts": err.count("WORKER TIMEOUT"),
            "workers booted after start": err.count("Booting worker") - initial_boots,
            "workers killed (gunicorn)": len(re.findall(r"was sent SIG\w+", err)),
        }
        print("gunicorn's log: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        for line in err.splitlines():
            if re.search(r"WORKER TIMEOUT|was sent SIG|Booting worker|exited|Shutting", line):
                if "Booting worker" in line and initial_boots > 0:
                    initial_boots -= 1
                    continue
                print(f"  stderr: {line}")
        return figures

    def served_by(self, since):
        """pids of the workers that answered in the access log from character `since` on."""
        pids = re.findall(r" pid=<(\d+)>$", self.stdout()[since:], re.M)
        return Counter(int(pid) for pid in pids)


# --- clients -----------------------------------------------------------------------------


@dataclass
class Answer:
    path: str
    start: float
    end: float
    status: int = 0
    retry_after: str | None = None
    error: str = ""
    traceback: bool = False
    client_port: int = 0

    @property
    def kind(self):
        if self.error:
            return "conn error"
        if self.status == 200:
            return OK
        if self.status == 503:
            return CLEAN_503 if self.retry_after else "503 no Retry-After"
        return "other 5xx" if self.status >= 500 else "other status"

    @property
    def bad(self):
        """Anything but a 200 or a clean 503."""
        return self.kind not in (OK, CLEAN_503) or self.traceback

    def describe(self):
        what = self.error or f"{self.status} (Retry-After {self.retry_after or '—'})"
        extra = ", body looks like a traceback" if self.traceback else ""
        return f"{self.path} → {what}{extra}, client port {self.client_port}"


@dataclass
class Response:
    status: int
    retry_after: str | None
    body: bytes


def get(port, path, timeout):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return Response(response.status, response.getheader("Retry-After"), response.read())
    finally:
        conn.close()


class Load:
    """`clients` threads looping over PAGES until stop(); every answer kept in `answers`,
    the requests waiting for one in `in_flight` (thread → (path, client port))."""

    def __init__(self, port, clients, timeout, pages=PAGES):
        self.port, self.clients, self.timeout, self.pages = port, clients, timeout, pages
        self.answers = []
        self.in_flight = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = []
        self.t0 = time.monotonic()

    def now(self):
        return time.monotonic() - self.t0

    def start(self):
        self.t0 = time.monotonic()
        for n in range(self.clients):
            thread = threading.Thread(target=self._client, args=(n,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def _client(self, n):
        i = n
        while not self.stopping.is_set():
            path = self.pages[i % len(self.pages)]
            i += 1
            answer = self.request(path, n)
            with self.lock:
                self.answers.append(answer)

    def request(self, path, thread_id=None):
        answer = Answer(path, self.now(), 0)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.connect()
            answer.client_port = conn.sock.getsockname()[1]
            with self.lock:
                self.in_flight[thread_id] = (path, answer.client_port)
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            answer.status = response.status
            answer.retry_after = response.getheader("Retry-After")
            answer.traceback = any(sign in body for sign in TRACEBACK_SIGNS)
        except (OSError, http.client.HTTPException) as error:
            answer.error = f"{type(error).__name__}: {error}".rstrip(": ")
        finally:
            conn.close()
            with self.lock:
                self.in_flight.pop(thread_id, None)
        answer.end = self.now()
        return answer

    def snapshot_in_flight(self):
        with self.lock:
            return dict(self.in_flight)


def warm_up(port, timeout):
    """Each page once; all must be 200 before the experiment means anything."""
    ok = True
    for path in PAGES:
        try:
            response = get(port, path, timeout)
            status = response.status
        except OSError as error:
            status = error
        if status != 200:
            print(f"warm-up: {path} answered {status}", file=sys.stderr)
            ok = False
    return ok


# --- report ------------------------------------------------------------------------------


def print_timeline(answers, events):
    """One row per second of load (by when the answer came), with the events beside."""
    last = int(max((a.end for a in answers), default=0)) + 1
    rows = [Counter() for _ in range(last)]
    for a in answers:
        rows[int(a.end)][a.kind] += 1
        if a.traceback:
            rows[int(a.end)]["traceback"] += 1
    marks = {}
    for when, what in events:
        marks.setdefault(int(when), []).append(f"{what} at {when:.2f}s")
    head = f"{'second':>6} " + " ".join(f"{k:>{max(len(k), 5)}}" for k in [*KINDS, "traceback"])
    print(head)
    for second, row in enumerate(rows):
        cells = " ".join(f"{row[k]:>{max(len(k), 5)}}" for k in [*KINDS, "traceback"])
        print(f"{second:>6} {cells}  {'; '.join(marks.get(second, []))}".rstrip())


def print_totals(answers):
    counts = Counter(a.kind for a in answers)
    tracebacks = sum(a.traceback for a in answers)
    print(
        f"totals over {len(answers)} requests: "
        + ", ".join(f"{k} {counts[k]}" for k in KINDS)
        + f", traceback bodies {tracebacks}"
    )


def check_every_worker_serves(server, args, rounds=10, budget=50):
    """After the fault: requests with as many clients as workers (a sync worker takes one
    at a time, so the others must take the rest) until every worker has answered at least
    `rounds` times or `budget` × workers requests went by; all must be 200."""
    workers = server.workers()
    mark = len(server.stdout())
    load = Load(server.port, len(workers), args.timeout)
    answers = []
    lock = threading.Lock()
    total = budget * len(workers)

    def client(n):
        i = n
        while True:
            with lock:
                if len(answers) >= total:
                    return
                if len(answers) >= rounds * len(workers) and len(answers) % len(workers) == 0:
                    served = server.served_by(mark)
                    if all(served[pid] >= 1 for pid in workers):
                        return
            answer = load.request(PAGES[i % len(PAGES)], n)
            i += 1
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(0.3)  # the last access lines
    served = server.served_by(mark)
    bad = [a for a in answers if a.status != 200 or a.traceback]
    silent = [pid for pid in workers if served[pid] == 0]
    print(
        f"every worker serves: {len(answers)} requests with {len(workers)} clients, "
        f"{len(answers) - len(bad)} × 200, {len(bad)} other; answered per worker: "
        + ", ".join(f"{pid}: {served[pid]}" for pid in workers)
    )
    for a in bad[:20]:
        print(f"  NOT 200: {a.describe()}")
    if silent:
        print(f"  workers that never answered: {silent}")
    return not bad and not silent


class DatabaseProbe:
    """Connects to the database every `interval` seconds from a thread of its own and
    records when it stopped and when it started accepting connections again."""

    def __init__(self, database_url, clock, interval=0.1):
        self.url, self.clock, self.interval = database_url, clock, interval
        self.changes = []  # (time, up)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stopping.set()
        self.thread.join()

    def _run(self):
        import psycopg2

        up = True
        while not self.stopping.is_set():
            try:
                conn = psycopg2.connect(self.url, connect_timeout=2)
                try:
                    with conn.cursor() as cursor:
                        cursor.execute("SELECT 1")
                    now_up = True
                finally:
                    conn.close()
            except psycopg2.Error:
                now_up = False
            if now_up != up:
                up = now_up
                self.changes.append((self.clock(), up))
            time.sleep(self.interval)

    def events(self):
        return [(t, "database accepts" if up else "database refuses") for t, up in self.changes]


def pg_connections(database_url):
    """Client connections the server holds on the database (other than ours)."""
    import psycopg2

    try:
        conn = psycopg2.connect(database_url, connect_timeout=5)
    except psycopg2.OperationalError as error:
        return f"cannot connect: {str(error).strip()}"
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT count(*), pg_postmaster_start_time() FROM pg_stat_activity "
                "WHERE datname = current_database() AND backend_type = 'client backend' "
                "AND pid <> pg_backend_pid()"
            )
            count, started = cur.fetchone()
        return f"{count} client connections on the database (server up since {started:%H:%M:%S})"
    finally:
        conn.close()


def database_name(url):
    return urlsplit(url).path.lstrip("/")

"""Load test (issue #19 item 5): fifty people at once against the server as `make run` starts it.

Builds (once; `--fresh` builds again) a database with the demo (`samordna demo`: budget, ledger, board,
publications of the current year) and 50 000 synthetic enrollments with their follow-ups added to the demo
förbund Västmanland (bench/participant_report.py's generator), and 50 logins in the four roles (10 admins, 10
insatsansvariga and 20 deltagaransvariga, each assigned to every insats, and 10 läsare). Then it starts
gunicorn with `samordna/gunicorn_conf.py` and DEBUG off on a free loopback port, logs every user in through the
login form, and lets each user request pages of their role with an exponential think time (mean 5 s) until a
fixed number of requests has been made (`--requests`); then it stops the server. It prints, per page, the count,
p50, p95 and p99 in milliseconds and the errors (an answer other than 200, or no answer), the throughput, and
the server's memory (the largest sum of the resident memory of gunicorn's processes, sampled every half
second).

    .venv/bin/python bench/load_test.py [--fresh] [--requests 1500] [--users 50] [--think 5]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load .venv/bin/python bench/load_test.py

Only loopback; nothing but the server it starts is contacted. Targets: p95 < 300 ms for every page, no errors,
server memory < 600 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import participant_report  # noqa: E402  (the synthetic data generator)

DEFAULT_SQLITE = ROOT / "var" / "bench_load.sqlite3"
SLUG = "vastmanland"
PASSWORD = "bench-load-Lösenord-1"  # noqa: S105  (a benchmark login on loopback)
ROLES = {"admin": 10, "intervention_manager": 10, "registrar": 20, "viewer": 10}
P95_TARGET_MS, MEMORY_TARGET_MB = 300.0, 600.0


def prepare(enrollments: int, users: int) -> None:
    """The demo, the synthetic enrollments in its förbund, and the logins; skipped when already there."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Q
    from django.db.utils import OperationalError, ProgrammingError

    from samordna.core import services as core_services
    from samordna.core.models import Association
    from samordna.interventions import services as intervention_services
    from samordna.interventions.models import Intervention
    from samordna.participants.models import Enrollment

    call_command("migrate", verbosity=0)
    try:
        built = Enrollment.objects.filter(participant__code__startswith="B00-").exists()
    except (OperationalError, ProgrammingError):
        built = False
    if not built:
        started = time.perf_counter()
        print("Building the demo …", flush=True)
        call_command("demo", verbosity=0)
        print(f"Adding {enrollments} enrollments to {SLUG} …", flush=True)
        participant_report.build(1, enrollments, analyze=True, teams=(6, 6), last=dt.date.today(), into=SLUG, seed=2027)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    association = Association.objects.get(slug=SLUG)
    today = dt.date.today()
    insatser = list(  # the running ones: an ended insats takes no new assignment
        Intervention.objects.filter(association=association).filter(Q(end__isnull=True) | Q(end__gte=today))
    )
    scale = users / sum(ROLES.values())
    for role, count in ROLES.items():
        for number in range(max(1, round(count * scale))):
            username = f"load-{role}-{number:02d}"
            if get_user_model().objects.filter(username=username).exists():
                continue
            user = core_services.user_create(acting_user=None, username=username, password=PASSWORD)
            membership = core_services.membership_add(acting_user=None, association=association, user=user, role=role)
            if role in ("intervention_manager", "registrar"):
                for insats in insatser:
                    intervention_services.assignment_add(
                        acting_user=None, intervention=insats, membership=membership, starts_on=dt.date(2010, 1, 1)
                    )


def pages_by_role() -> dict[str, dict[str, str]]:
    """The page mix: per role, the pages a person of that role opens in a working day."""
    from django.urls import reverse

    from samordna.core.models import Association
    from samordna.interventions.models import Intervention

    association = Association.objects.get(slug=SLUG)
    insats = Intervention.objects.filter(association=association, code__startswith="100").order_by("code").first()
    assert insats is not None, "the synthetic insatser are missing"
    a = {"association": SLUG}
    start = reverse("core:dashboard", kwargs=a)
    return {
        "admin": {
            "start page": start,
            "Deltagarstatistik": reverse("reports:participants", kwargs=a),
            "Budgetuppföljning": reverse("finance:followup", kwargs=a),
            "insatser": reverse("interventions:list", kwargs=a),
            "Rapporter": reverse("reports:home", kwargs=a),
        },
        "intervention_manager": {
            "start page": start,
            "insatser": reverse("interventions:list", kwargs=a),
            "insats": reverse("interventions:detail", kwargs={**a, "pk": insats.pk}),
        },
        "registrar": {
            "start page": start,
            "deltagare (home)": reverse("participants:home", kwargs=a),
            "uppföljningar due": reverse("participants:due", kwargs=a),
            "insats participants": reverse("participants:list", kwargs={**a, "intervention": insats.pk}),
        },
        "viewer": {
            "start page": start,
            "Rapporter": reverse("reports:home", kwargs=a),
            "publiceringar": reverse("publications:list", kwargs=a),
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(database_url: str, var_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """gunicorn as `make run` starts it (samordna/gunicorn_conf.py, DEBUG off), on loopback."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DEBUG="false",
        HTTPS_ONLY="false",
        SECRET_KEY="benchmark-only-not-a-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SAMORDNA_VAR_DIR=str(var_dir),
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        MALLOC_ARENA_MAX="2",  # as `make run` (docs/operations.md)
    )
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "samordna"), "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        check=True,
    )
    log = open(var_dir / "gunicorn.log", "wb")  # noqa: SIM115  (closed with the process)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "samordna.wsgi",
            "-c",
            "python:samordna.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/konto/logga-in/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"The server did not start; see {var_dir / 'gunicorn.log'}")


def rss_mb(root_pid: int) -> tuple[float, list[float]]:
    """Resident memory of a process and its children (gunicorn's master and workers): the sum and each, in MB."""
    pids = {root_pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == root_pid:
                pids.add(int(entry.name))
    each = []
    for pid in sorted(pids):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    each.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sum(each), each


@dataclass
class Results:
    """Every request's page, time and whether it failed; shared by the user threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    left: int = 0

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True

    def add(self, page: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.times.setdefault(page, []).append(ms)
            if error:
                self.errors.setdefault(page, []).append(error)


class Browser:
    """One person's keep-alive connection and cookies (the session and the CSRF cookie)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.used = 0.0

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        """(status, Location, body); a connection the server closed while idle is opened again."""
        if self.conn is None or time.monotonic() - self.used > 4:  # gunicorn's keepalive is 5 s
            if self.conn is not None:
                self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            }
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            self.used = time.monotonic()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.headers.get("Location", ""), text

    def login(self, username: str) -> str:
        """Log in through the form; returns the hashed stylesheet's path from the first page."""
        from urllib.parse import urlencode

        status, _, page = self.request("GET", "/konto/logga-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, f"login page: {status}"
        form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD})
        status, location, _ = self.request("POST", "/konto/logga-in/", form)
        assert status == 302, f"login of {username} answered {status}"
        status, _, page = self.request("GET", location or "/")
        css = re.search(r'href="(/static/[^"]+\.css)"', page)
        return css.group(1) if css else "/static/samordna/samordna.css"


def person(port: int, username: str, pages: dict[str, str], think: float, results: Results, seed: int) -> None:
    """One user: log in, then pages of their role (and now and then the stylesheet and the login page)."""
    rng = random.Random(seed)
    browser = Browser(port)
    css = browser.login(username)
    anonymous = Browser(port)
    mix = [*pages.items(), ("stylesheet", css), ("login page", "/konto/logga-in/")]
    weights = [4] * len(pages) + [2, 1]
    time.sleep(rng.uniform(0, think))
    while results.take():
        page, path = rng.choices(mix, weights)[0]
        client = anonymous if page == "login page" else browser
        began = time.perf_counter()
        try:
            status, _, _ = client.request("GET", path)
            error = None if status == 200 else f"HTTP {status}"
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
            client.conn = None
        results.add(page, (time.perf_counter() - began) * 1000, error)
        time.sleep(rng.expovariate(1 / think))


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def run(database_url: str, requests: int, users: int, think: float) -> bool:
    """Start the server, run the people, print the figures; True when every target is met."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    mix = pages_by_role()
    people = [
        (u.username, u.username.split("-")[1])
        for u in get_user_model().objects.filter(username__startswith="load-").order_by("username")
    ][:users]
    vendor = connection.vendor
    connection.close()
    var_dir = Path(tempfile.mkdtemp(prefix="samordna-load-"))
    port = free_port()
    server = start_server(database_url, var_dir, port)
    results = Results(left=requests)
    peak: list[tuple[float, list[float]]] = [(0.0, [])]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(server.pid))  # by the sum
            done.wait(0.5)

    idle = rss_mb(server.pid)[0]
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    threads = [
        threading.Thread(target=person, args=(port, name, mix[role], think, results, n), daemon=True)
        for n, (name, role) in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=1800)
    elapsed = time.perf_counter() - began
    done.set()
    load_after = os.getloadavg()[0]
    server.terminate()
    server.wait(timeout=30)

    total = sum(len(v) for v in results.times.values())
    errors = sum(len(v) for v in results.errors.values())
    print(
        f"\n{vendor}: {len(people)} users, {total} requests in {elapsed:.0f} s ({total / elapsed:.1f} requests/s, "
        f"think time mean {think:g} s, logins not counted); load average {load_before:.1f} → {load_after:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    print(f"  {'page':<22}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  errors")
    met = True
    for page, values in sorted(results.times.items()):
        p95 = percentile(values, 95)
        met &= p95 < P95_TARGET_MS
        wrong = results.errors.get(page, [])
        print(
            f"  {page:<22}{len(values):>6}{statistics.median(values):>9.0f}{p95:>9.0f}{percentile(values, 99):>9.0f}"
            f"  {len(wrong)}{' (' + ', '.join(sorted(set(wrong))) + ')' if wrong else ''}"
        )
    met &= errors == 0 and peak[0][0] < MEMORY_TARGET_MB
    print(
        f"  errors {errors}; server memory peak {peak[0][0]:.0f} MB (target < {MEMORY_TARGET_MB:.0f} MB; "
        f"processes {' + '.join(f'{mb:.0f}' for mb in peak[0][1])}; {idle:.0f} MB when started)"
    )
    print(f"  targets (p95 < {P95_TARGET_MS:.0f} ms every page, 0 errors, memory): {'met' if met else 'NOT met'}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="recreate the database and the data set")
    parser.add_argument("--enrollments", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=1500, help="requests in all, then it stops")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=5.0, help="mean think time between a user's requests (s)")
    args = parser.parse_args()
    database_url = (
        os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    )
    sqlite_file = Path(database_url.removeprefix("sqlite:///")) if database_url.startswith("sqlite") else None
    if args.fresh or (sqlite_file is not None and not sqlite_file.exists()):
        participant_report.recreate(database_url)
    participant_report.setup(database_url)
    prepare(args.enrollments, args.users)
    run(database_url, args.requests, args.users, args.think)
    return 0


if __name__ == "__main__":
    sys.exit(main())

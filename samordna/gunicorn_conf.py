"""Gunicorn settings sized for the machine: `gunicorn -c python:samordna.gunicorn_conf samordna.wsgi`.

Python runs one thread at a time per process, and a Samordna page is mostly Python (templates, the report
code), so the processes (`workers`) are what use the CPU cores: one per core and one more, to keep the cores busy
while a process waits on the database. Each process has `threads` threads for those waits (gthread workers).
Two cores give 3 × 4 = 12 requests in progress at once, enough for fifty people at once working in the pages
(a page takes tens of milliseconds; see docs/operations.md). Every setting can be overridden from the
environment or on the command line (`--workers`, `--threads`, `--bind`, …).
"""

from __future__ import annotations

import os


def _cores() -> int:
    """The CPU cores this process may use (a container's limit, not the host's count, where the OS says so)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", _cores() + 1))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 120)  # the slowest page (a large internal report) stays well under it
graceful_timeout = 30
keepalive = 5
# A process is replaced after about this many requests: memory a report grew is given back to the system.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# The access line of the anonymous survey form (/enkat/…) names no client: no address, user agent or referrer.
logger_class = "samordna.gunicorn_logging.PrivacyLogger"

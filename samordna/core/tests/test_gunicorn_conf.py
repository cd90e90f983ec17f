"""The gunicorn settings (`samordna/gunicorn_conf.py`) follow the machine and the environment (issue #19)."""

from __future__ import annotations

import importlib
import os

import pytest

from samordna import gunicorn_conf


def _load(monkeypatch: pytest.MonkeyPatch, **environ: str):  # type: ignore[no-untyped-def]
    for name in ("GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(gunicorn_conf)


def test_a_process_per_core_and_one_more_with_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _load(monkeypatch)
    assert conf.workers == len(os.sched_getaffinity(0)) + 1
    assert conf.worker_class == "gthread" and conf.threads == 4
    assert conf.bind == "127.0.0.1:8000" and conf.timeout >= 30


def test_the_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _load(monkeypatch, WEB_CONCURRENCY="5").workers == 5
    conf = _load(monkeypatch, GUNICORN_WORKERS="7", WEB_CONCURRENCY="5", GUNICORN_THREADS="8", GUNICORN_BIND=":9000")
    assert (conf.workers, conf.threads, conf.bind) == (7, 8, ":9000")
    _load(monkeypatch)

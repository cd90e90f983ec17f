"""End-to-end fixtures: headless Debian Chromium driven by Playwright's sync API against `live_server`.

Registered for every app through the root conftest.py (pytest_plugins). Use them as:

    @pytest.mark.e2e
    def test_something(page, cast): page.goto(page.live_url("/"))

`browser` is one Chromium per test session (started on first use); `page` is a fresh browser
context and page per test, bound to pytest-django's `live_server`. No browser is downloaded:
Debian's /usr/bin/chromium is used (`apt-get install chromium`, which .ci/run does). Without it
the E2E tests skip with a clear reason, unless SAMORDNA_REQUIRE_E2E=1 (set by CI): then they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread; Django's ORM refuses
# to run in a thread with a running loop unless this is set. The tests themselves are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe-core rule tags for WCAG 2.1 level A and AA (the level the DOS law requires).
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def chromium_path() -> str | None:
    """The Chromium binary to drive: $SAMORDNA_CHROMIUM, else Debian's, else None."""
    configured = os.environ.get("SAMORDNA_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def e2e_required() -> bool:
    """Whether a missing browser is a failure (CI) rather than a skip (a developer's machine)."""
    return os.environ.get("SAMORDNA_REQUIRE_E2E", "").strip().lower() in {"1", "true", "yes", "on"}


def _missing_browser(reason: str) -> None:
    if e2e_required():
        pytest.fail(
            f"E2E-testerna kräver Chromium men: {reason}. SAMORDNA_REQUIRE_E2E=1 är satt, så det här är "
            "ett fel. Installera med `apt-get install -y chromium chromium-driver`.",
            pytrace=False,
        )
    pytest.skip(
        f"E2E hoppas över: {reason}. Installera med `apt-get install -y chromium` "
        "(sätt SAMORDNA_REQUIRE_E2E=1 för att i stället låta testerna fallera)."
    )


@pytest.fixture(scope="session")
def browser() -> Generator[Any]:
    """One headless Chromium for the whole test session."""
    executable = chromium_path()
    if executable is None:
        wanted = os.environ.get("SAMORDNA_CHROMIUM") or " eller ".join(CHROMIUM_CANDIDATES)
        _missing_browser(f"ingen Chromium hittades ({wanted})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extras install it
        _missing_browser("Python-paketet playwright är inte installerat (pip install -e '.[test]')")
    from django.db import connections

    # Starting Playwright switches the test thread's context variables, and Django keeps its
    # connections in context-local storage: without this the tests would go on with fresh
    # connection objects that lack the test database's serialized contents (serialized rollback).
    kept = {alias: connections[alias] for alias in connections}
    manager = sync_playwright().start()
    for alias, wrapper in kept.items():
        connections[alias] = wrapper
    try:
        instance = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # noqa: BLE001 - any launch failure is reported the same way
        manager.stop()
        _missing_browser(f"Chromium ({executable}) gick inte att starta: {exc}")
    yield instance
    instance.close()
    manager.stop()


@pytest.fixture
def page(browser: Any, live_server: Any, django_db_serialized_rollback: None) -> Generator[Any]:
    """A fresh browser context and page against the live server.

    `page.live_url(path)` gives the absolute URL of a path. Serialized rollback restores the
    reference data (municipalities, code lists) that the live server's flush would otherwise remove.
    """
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.live_url = lambda path: f"{live_server.url}{path}"  # type: ignore[attr-defined]
    yield tab
    context.close()


def login(page: Any, username: str, password: str) -> None:
    """Log in through the real login form."""
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()


def axe_violations(page: Any, impacts: Iterable[str] = BLOCKING_IMPACTS) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the current page with one of `impacts`.

    axe-core is bundled in the axe-playwright-python package and injected into the page, so no
    network is needed.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    wanted = set(impacts)
    return [v for v in results.response["violations"] if v.get("impact") in wanted]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """A readable list of violations: rule, impact, help text and the offending elements."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)

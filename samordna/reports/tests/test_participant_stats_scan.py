"""The scan's session settings (PostgreSQL's SET LOCAL) hold for its statement and end with it."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection

from samordna.reports.participant_stats import build_participant_report, scan_postgresql
from samordna.testing.cast import Cast

# Autocommit, as in a request: no test transaction holds the settings. Serialized rollback, as the E2E tests
# use it: the flush after this test then leaves the content types to the next serialized restore.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _setting() -> object:
    """A per-connection setting the scan could leave behind: work_mem (SQLite: its page cache)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size" if connection.vendor == "sqlite" else "SHOW work_mem")
        return cursor.fetchone()[0]


@contextlib.contextmanager
def _binding(server_side: bool) -> Iterator[None]:
    """A new connection with psycopg's server-side (one statement per message) or client-side binding."""
    options = connection.settings_dict.setdefault("OPTIONS", {})
    before = options.get("server_side_binding")
    options["server_side_binding"] = server_side
    connection.close()
    try:
        yield
    finally:
        options.pop("server_side_binding") if before is None else options.update(server_side_binding=before)
        connection.close()


def test_the_scan_settings_hold_for_its_statement_only(cast: Cast) -> None:
    before = _setting()
    report = build_participant_report(
        association=cast.a.association, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)
    )
    assert report["totals"]["participants"]["all"] == 0
    assert _setting() == before
    if connection.vendor != "postgresql":
        return
    for server_side in (False, True):
        with _binding(server_side):
            rows = scan_postgresql._fetch("SET LOCAL work_mem = '7MB'", "SELECT current_setting(%s)", ["work_mem"])
            assert rows == [("7MB",)]
            assert _setting() == before

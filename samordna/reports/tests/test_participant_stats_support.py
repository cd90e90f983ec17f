"""Support before is counted from Enrollment.support_before_mask, which every writer keeps with the links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.core.models import CodeListEntry
from samordna.participants import services
from samordna.participants.importer import run_import
from samordna.participants.statistics import build_participant_report
from samordna.reports.tests.builders import enroll, person


def _support(cast: Any) -> dict[str, dict[str, int]]:
    """support_before rows of the 2024 report of förbund A, by code."""
    report = build_participant_report(
        association=cast.a.association, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)
    )
    return {row["code"]: row for row in report["support_before"]}


def _code(code: str) -> CodeListEntry:
    return CodeListEntry.objects.get(list="support", code=code)


def test_links_written_by_the_services_and_the_import_are_counted_by_gender(cast: Any) -> None:
    woman = enroll(cast.a, dt.date(2024, 2, 1), who=person(cast.a, gender="kvinna"))
    enroll(cast.a, dt.date(2024, 4, 1))  # no support codes: counted nowhere in the table
    pair = [_code("forsorjningsstod"), _code("sjukpenning")]
    woman = services.enrollment_update(acting_user=None, enrollment=woman, support_before=pair)
    header = "participant,intervention,gender,birth_year,municipality,start_date,support_before"
    line = f"MK-1,{cast.a.intervention.code},man,1990,1980,2024-03-01,forsorjningsstod"
    assert run_import(association=cast.a.association, source=f"{header}\n{line}\n".encode()).ok

    support = _support(cast)
    assert {k: support["forsorjningsstod"][k] for k in ("all", "women", "men")} == {"all": 2, "women": 1, "men": 1}
    assert support["sjukpenning"]["women"] == 1 and support["sjukpenning"]["all"] == 1
    assert support["lon"]["all"] == 0

    services.enrollment_update(acting_user=None, enrollment=woman, support_before=[_code("forsorjningsstod")])
    assert run_import(
        association=cast.a.association, source=f"{header}\n{line.removesuffix('forsorjningsstod')}\n".encode()
    ).ok
    support = _support(cast)
    assert support["forsorjningsstod"]["all"] == 1 and support["sjukpenning"]["all"] == 0


def test_a_new_code_is_counted_and_a_deleted_one_leaves_no_trace(cast: Any) -> None:
    enrollment = enroll(cast.a, dt.date(2024, 5, 1))
    new = CodeListEntry.objects.create(list="support", code="nytt", label="Nytt stöd", sort_order=99)
    services.enrollment_update(acting_user=None, enrollment=enrollment, support_before=[new, _code("lon")])
    assert _support(cast)["nytt"]["all"] == 1

    new.delete()  # its links go with it; its bit stays reserved, so the new code below starts at 0
    again = CodeListEntry.objects.create(list="support", code="nytt", label="Nytt stöd", sort_order=99)
    support = _support(cast)
    assert support["nytt"]["all"] == 0 and support["nytt"]["label"] == again.label
    assert support["lon"]["all"] == 1

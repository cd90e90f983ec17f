"""Support before is counted straight from the link table: every way of writing the links shows at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.core.models import CodeListEntry
from samordna.participants.models import Enrollment
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


def test_links_written_any_way_are_counted_by_gender(cast: Any) -> None:
    woman = enroll(cast.a, dt.date(2024, 2, 1), who=person(cast.a, gender="kvinna"))
    man = enroll(cast.a, dt.date(2024, 3, 1), who=person(cast.a, gender="man"))
    enroll(cast.a, dt.date(2024, 4, 1))  # no support codes: counted nowhere in the table
    woman.support_before.set([_code("forsorjningsstod"), _code("sjukpenning")])  # the ORM, as services do
    through = Enrollment.support_before.through  # rows straight into the table, as a bulk import does
    through.objects.bulk_create([through(enrollment_id=man.pk, codelistentry_id=_code("forsorjningsstod").pk)])

    support = _support(cast)
    assert {k: support["forsorjningsstod"][k] for k in ("all", "women", "men")} == {"all": 2, "women": 1, "men": 1}
    assert support["sjukpenning"]["women"] == 1 and support["sjukpenning"]["all"] == 1
    assert support["lon"]["all"] == 0

    woman.support_before.remove(_code("sjukpenning"))
    through.objects.filter(enrollment_id=man.pk).delete()
    support = _support(cast)
    assert support["forsorjningsstod"]["all"] == 1 and support["sjukpenning"]["all"] == 0


def test_a_new_code_is_counted_and_a_deleted_one_leaves_no_trace(cast: Any) -> None:
    enrollment = enroll(cast.a, dt.date(2024, 5, 1))
    new = CodeListEntry.objects.create(list="support", code="nytt", label="Nytt stöd", sort_order=99)
    enrollment.support_before.set([new, _code("lon")])
    assert _support(cast)["nytt"]["all"] == 1

    new.delete()  # its links go with it
    again = CodeListEntry.objects.create(list="support", code="nytt", label="Nytt stöd", sort_order=99)
    support = _support(cast)
    assert support["nytt"]["all"] == 0 and support["nytt"]["label"] == again.label
    assert support["lon"]["all"] == 1

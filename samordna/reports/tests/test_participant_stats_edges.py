"""Period edges, people with several enrollments, filters, bands, months and the query count."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.core.models import CodeListEntry
from samordna.participants.statistics import (
    build_participant_report,
    count_cells,
    get_cell,
    months_between,
    parse_bands,
    participant_tables,
    set_cell,
    table_groups,
)
from samordna.participants.statistics.bands import MONTH_PARTS, month_parts
from samordna.reports.tests import seed002
from samordna.reports.tests.builders import enroll, person

FROM, TO = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


def report(tenant: Any, **kwargs: Any) -> dict[str, Any]:
    """The 2024 report of the tenant's förbund."""
    return build_participant_report(
        association=tenant.association,
        date_from=kwargs.pop("date_from", FROM),
        date_to=kwargs.pop("date_to", TO),
        **kwargs,
    )


def totals(result: dict[str, Any]) -> tuple[int, int, int]:
    """(participants, new, ended)."""
    t = result["totals"]
    return t["participants"]["all"], t["new"]["all"], t["ended"]["all"]


def test_spanning_the_whole_period(cast: Any) -> None:
    enroll(cast.a, dt.date(2023, 5, 1))
    assert totals(report(cast.a)) == (1, 0, 0)


def test_starting_before_and_ending_after(cast: Any) -> None:
    enroll(cast.a, dt.date(2023, 5, 1), dt.date(2025, 2, 1))
    assert totals(report(cast.a)) == (1, 0, 0)


def test_ending_on_the_first_day(cast: Any) -> None:
    enroll(cast.a, dt.date(2023, 10, 1), FROM)
    result = report(cast.a)
    assert totals(result) == (1, 0, 1)
    assert result["mean_months_in_intervention"] == 3.0
    assert result["end_reasons"][0] == {
        "code": "1",
        "label": result["end_reasons"][0]["label"],
        "count": 1,
        "share": 1.0,
        "positive": True,
    }


def test_starting_on_the_last_day_and_outside(cast: Any) -> None:
    enroll(cast.a, TO)
    enroll(cast.a, dt.date(2023, 1, 1), dt.date(2023, 12, 31))  # ended the day before
    enroll(cast.a, dt.date(2025, 1, 1))  # starts the day after
    assert totals(report(cast.a)) == (1, 1, 0)


def test_new_and_ended_in_the_period(cast: Any) -> None:
    enroll(cast.a, dt.date(2024, 1, 15), dt.date(2024, 4, 30), reason="3")
    result = report(cast.a)
    assert totals(result) == (1, 1, 1)
    assert result["mean_months_in_intervention"] == 3.5  # 3 months + 15 of April's 30 days
    assert result["positive_outcome"] == {"count": 0, "share": 0.0}


def test_several_enrollments_of_one_person(cast: Any) -> None:
    someone = person(cast.a, gender="man")
    enroll(cast.a, dt.date(2024, 2, 1), dt.date(2024, 3, 1), who=someone)
    enroll(cast.a, dt.date(2024, 6, 1), who=someone)
    enroll(cast.a, dt.date(2024, 6, 1), who=someone, intervention=cast.a.other_intervention)
    enroll(cast.a, dt.date(2020, 6, 1), dt.date(2021, 1, 1), who=someone)  # outside the period
    enroll(cast.a, dt.date(2024, 6, 1))
    result = report(cast.a, count_persons=True)
    assert result["totals"]["participants"] == {"all": 4, "women": 1, "men": 3, "other": 0}
    assert result["totals"]["persons"] == {"all": 2, "women": 1, "men": 1, "other": 0}
    assert totals(result) == (4, 4, 1)
    assert {r["code"]: r["participants"]["all"] for r in result["interventions"]} == {"1063": 3, "1064": 1}
    only_other = report(cast.a, count_persons=True, interventions=[cast.a.other_intervention])
    assert only_other["totals"]["persons"] == {"all": 1, "women": 0, "men": 1, "other": 0}


def test_empty_period(cast: Any) -> None:
    enroll(cast.a, dt.date(2020, 1, 1), dt.date(2020, 6, 1))
    result = report(cast.a, count_persons=True)
    assert totals(result) == (0, 0, 0)
    assert result["totals"]["persons"]["all"] == 0
    assert result["municipalities"] == [] and result["interventions"] == []
    assert all(r["all"] == 0 for r in result["age_bands"] + result["education"] + result["support_before"])
    assert all(r["count"] == 0 and r["share"] is None for r in result["end_reasons"])
    assert result["positive_outcome"] == {"count": 0, "share": None}
    assert result["mean_months_in_intervention"] is None and result["mean_years_in_support_before"] is None


def test_interventions_filter(cast: Any) -> None:
    enroll(cast.a, dt.date(2024, 2, 1))
    enroll(cast.a, dt.date(2024, 3, 1), intervention=cast.a.other_intervention)
    enroll(cast.a, dt.date(2024, 3, 1), intervention=cast.a.other_intervention)
    assert totals(report(cast.a, interventions=[cast.a.intervention])) == (1, 1, 0)
    by_code = report(cast.a, interventions=["1064"])
    assert totals(by_code) == (2, 2, 0)
    assert [r["code"] for r in by_code["interventions"]] == ["1064"]
    assert by_code["filters"]["interventions"] == ["1064"]
    assert totals(report(cast.a)) == (3, 3, 0)
    # A chosen insats with nobody in it is still listed, with zeros.
    empty = report(cast.a, interventions=[cast.a.structural])
    assert empty["interventions"][0]["participants"]["all"] == 0
    with pytest.raises(ValidationError):
        report(cast.a, interventions=["9999"])
    with pytest.raises(ValidationError):
        report(cast.a, interventions=[cast.b.intervention])


def test_other_forbund_not_counted_national_counts_both(cast: Any) -> None:
    enroll(cast.a, dt.date(2024, 2, 1))
    enroll(cast.b, dt.date(2024, 2, 1))
    enroll(cast.b, dt.date(2024, 2, 1), dt.date(2024, 5, 1))
    assert totals(report(cast.a)) == (1, 1, 0)
    assert totals(report(cast.b)) == (2, 2, 1)
    national = build_participant_report(association=None, date_from=FROM, date_to=TO)
    assert totals(national) == (3, 3, 1)
    assert national["association"] is None
    both = build_participant_report(association=[cast.a.association, cast.b.association], date_from=FROM, date_to=TO)
    assert both["association"] == ["alfa", "beta"]
    assert sorted(r["association"] for r in both["interventions"]) == ["alfa", "beta"]


def test_gender_other_and_custom_bands(cast: Any) -> None:
    enroll(
        cast.a,
        dt.date(2024, 2, 1),
        who=person(cast.a, gender="annat", birth_year=2024 - 18),
        years_in_support_before=Decimal("0.5"),
    )
    enroll(
        cast.a, dt.date(2024, 2, 1), who=person(cast.a, birth_year=2024 - 30), years_in_support_before=Decimal("3.9")
    )
    enroll(
        cast.a, dt.date(2024, 2, 1), who=person(cast.a, birth_year=2024 - 31), years_in_support_before=Decimal("4.0")
    )
    default = report(cast.a)
    assert default["totals"]["participants"] == {"all": 3, "women": 2, "men": 0, "other": 1}
    assert [(b["band"], b["all"]) for b in default["age_bands"]] == [
        ("19-30", 1),
        ("31-50", 1),
        ("51-64", 0),
        ("outside", 1),
    ]
    assert [(b["band"], b["all"]) for b in default["support_years_bands"]] == [
        ("1-3", 1),
        ("4-7", 1),
        ("8-", 0),
        ("outside", 1),
    ]
    custom = report(cast.a, age_bands="16-29,30-", support_years_bands=[(0, 3), (4, None)])
    assert [(b["band"], b["all"], b["other"]) for b in custom["age_bands"]] == [("16-29", 1, 1), ("30-", 2, 0)]
    assert [(b["band"], b["all"]) for b in custom["support_years_bands"]] == [("0-3", 2), ("4-", 1)]
    assert custom["mean_years_in_support_before"] == 2.8  # (0.5 + 3.9 + 4.0) / 3


@pytest.mark.parametrize("spec", ["", "30-19", "19-30,25-40", "8-,1-3", "abc", "19"])
def test_bad_bands_refused(spec: str) -> None:
    with pytest.raises(ValidationError):
        parse_bands(spec)


DATES = [
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),  # end of a shorter month: a whole month
    (dt.date(2023, 1, 31), dt.date(2023, 2, 28)),
    (dt.date(2024, 1, 15), dt.date(2024, 3, 10)),  # fewer days in the end month than the start day
    (dt.date(2023, 12, 20), dt.date(2024, 1, 5)),
    (dt.date(2024, 5, 5), dt.date(2024, 5, 5)),
    (dt.date(2020, 2, 29), dt.date(2024, 2, 29)),
    (dt.date(2024, 3, 31), dt.date(2024, 4, 30)),
    (dt.date(2024, 3, 1), dt.date(2024, 3, 31)),
    (dt.date(1999, 1, 31), dt.date(2000, 2, 29)),  # 2000 is a leap year
]
# From a start on the 31st to the last day of every month of a year: each month's length as the SQL computes it.
DATES += [
    (dt.date(2022, 12, 31), dt.date(2023 + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    for month in range(1, 13)
]


def test_months_counted_exactly_as_the_python_definition(cast: Any) -> None:
    # The report sums months as whole parts (month_parts): each equals the definition, and the mean of the
    # ended enrollments is the definition's mean, rounded half up.
    for start, end in DATES:
        assert month_parts(start, end) == pytest.approx(months_between(start, end) * MONTH_PARTS, abs=1e-6)
        enroll(cast.a, start, end)
    result = report(cast.a, date_from=dt.date(1999, 1, 1), date_to=dt.date(2024, 12, 31))
    exact = Decimal(sum(month_parts(s, e) for s, e in DATES)) / (MONTH_PARTS * len(DATES))
    assert result["totals"]["ended"]["all"] == len(DATES)
    assert result["mean_months_in_intervention"] == float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    assert result["interventions"][0]["mean_months"] == result["mean_months_in_intervention"]
    assert months_between(dt.date(2024, 1, 31), dt.date(2024, 2, 29)) == 1.0
    assert months_between(dt.date(2024, 3, 1), dt.date(2024, 3, 31)) == pytest.approx(30 / 31)
    assert month_parts(dt.date(2024, 1, 15), dt.date(2024, 4, 30)) == 3 * MONTH_PARTS + MONTH_PARTS // 2


def _add(cast: Any, n: int) -> None:
    codes = {c.code: c for c in CodeListEntry.objects.filter(list__in=["support", "education", "occupation"])}
    kommuner = ["1980", "0580", "1982", "1981"]
    for i in range(n):
        enrollment = enroll(
            cast.a,
            dt.date(2023 + i % 2, i % 12 + 1, 1),
            dt.date(2024, i % 12 + 1, 28) if i % 3 == 0 else None,
            who=person(
                cast.a, gender=("kvinna", "man", "annat")[i % 3], birth_year=1960 + i % 40, kommun=kommuner[i % 4]
            ),
            intervention=(cast.a.intervention, cast.a.other_intervention)[i % 2],
            education=codes[("grundskola", "gymnasium")[i % 2]],
            occupation_after=codes["studier"] if i % 3 == 0 else None,
            years_in_support_before=Decimal(i % 10),
        )
        enrollment.support_before.set([codes["forsorjningsstod"], codes["sjukpenning"]][: 1 + i % 2])


def test_query_count_does_not_grow_with_participants(cast: Any) -> None:
    _add(cast, 10)
    with CaptureQueriesContext(connection) as small:
        first = report(cast.a)
    _add(cast, 190)
    with CaptureQueriesContext(connection) as large:
        second = report(cast.a)
    assert first["totals"]["participants"]["all"] == 10 and second["totals"]["participants"]["all"] == 200
    assert len(large.captured_queries) == len(small.captured_queries) <= 8


def test_table_groups_add_up_and_cells_can_be_hidden(cast: Any) -> None:
    seed = seed002.build(cast.a.association)
    result = build_participant_report(
        association=seed.association, date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 12, 31)
    )
    groups = table_groups(result)
    assert {
        "age_bands.women",
        "education.all",
        "municipalities.new",
        "end_reasons.count",
        "positive_outcome",
        "interventions.ended",
    } <= {g["name"] for g in groups}
    for group in groups:
        assert sum(get_cell(result, p) for p in group["cells"]) == get_cell(result, group["total"]), group["name"]
    cells = count_cells(result)
    assert ("totals", "participants", "all") in cells and ("support_before", 0, "women") in cells
    assert all(isinstance(get_cell(result, p), int) for p in cells)
    set_cell(result, ("age_bands", 2, "men"), None)
    assert result["age_bands"][2]["men"] is None


def test_presentation_tables_carry_counts_and_hidden_cells(cast: Any) -> None:
    enroll(cast.a, dt.date(2024, 2, 1), dt.date(2024, 5, 1), who=person(cast.a, birth_year=2000))
    enroll(cast.a, dt.date(2024, 3, 1), who=person(cast.a, gender="man", birth_year=1980))
    result = report(cast.a)
    tables = {t["key"]: t for t in participant_tables(result)}
    assert list(tables) == [
        "totals",
        "age_bands",
        "support_years_bands",
        "support_before",
        "education",
        "municipalities",
        "end_reasons",
        "occupation_after",
        "interventions",
    ]
    age = tables["age_bands"]["rows"]
    assert age[0]["cells"]["band"] == "19-30" and age[0]["cells"]["all"] == 1 and age[0]["cells"]["all_share"] == 0.5
    assert age[-1]["style"] == "total" and age[-1]["cells"]["all"] == 2
    set_cell(result, ("age_bands", 0, "women"), None)  # as publishing would
    hidden = participant_tables(result)[1]["rows"][0]
    assert "women" in hidden["hidden"] and "women_share" in hidden["hidden"]

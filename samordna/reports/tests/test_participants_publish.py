"""Publish mode of the participants report: suppression over every table, on seed 002 and on random data."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.participants.statistics import build_participant_report, derived_cells, get_cell, table_groups
from samordna.participants.statistics.publish import blocks, publish
from samordna.reports.tests import seed002

K = 5


def check_published(internal: dict[str, Any], published: dict[str, Any], k: int = K) -> None:
    """The guarantees a reader relies on, checked cell by cell against the internal report."""
    groups = table_groups(internal)
    # Every block's totals are the sums of its cells (else the engine would protect the wrong relation).
    for block in blocks(internal):
        for i, row in enumerate(block.cells):
            if block.row_totals:
                assert sum(get_cell(internal, p) for p in row) == get_cell(internal, block.row_totals[i]), block.name
        if block.column_totals:
            for j, path in enumerate(block.column_totals):
                assert sum(get_cell(internal, r[j]) for r in block.cells) == get_cell(internal, path), block.name
    hidden = 0
    seen: set[Any] = set()
    for group in groups:
        members = [*group["cells"], group["total"]]
        for path in members:
            value, shown = get_cell(internal, path), get_cell(published, path)
            if shown is None:
                if path not in seen:
                    hidden += 1
                seen.add(path)
            else:
                assert shown == value, path  # published numbers are never altered
                assert not 1 <= shown <= k - 1, (path, shown)  # no small count is published
        hidden_members = [p for p in members if get_cell(published, p) is None]
        assert len(hidden_members) != 1, (group["name"], hidden_members)  # a lone hidden number is recoverable
        if get_cell(published, group["total"]) is not None and hidden_members:
            # What the hidden cells add up to is known; if it equals their count, each is exactly 1.
            rest = get_cell(internal, group["total"]) - sum(
                get_cell(published, p) for p in group["cells"] if get_cell(published, p) is not None
            )
            assert rest != len(hidden_members) or rest == 0, group["name"]
    for derived in derived_cells(internal):
        count = derived["count"]
        if (count is not None and get_cell(published, count) is None) or get_cell(published, derived["of"]) is None:
            assert get_cell(published, derived["cell"]) is None, derived["cell"]
    assert published["suppression"] == {"threshold": k, "hidden_cells": hidden}


@pytest.fixture
def seed(cast: Any) -> seed002.Seed002:
    return seed002.build(cast.a.association)


def test_seed_2017_published(seed: seed002.Seed002) -> None:
    internal = build_participant_report(
        association=seed.association, date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 12, 31)
    )
    published = publish(internal, K)
    check_published(internal, published)
    # Large counts stay: 119 participants, 75 women, 44 men, 50 new, 54 ended (seed 002).
    assert published["totals"]["participants"] == {"all": 119, "women": 75, "men": 44, "other": 0}
    assert published["totals"]["new"]["all"] == 50 and published["totals"]["ended"]["all"] == 54
    # The seed's small end-reason counts (2 and 4 of 54) are hidden, and their shares with them.
    small = [r for r in published["end_reasons"] if r["count"] is None]
    assert small and all(r["share"] is None for r in small)
    assert published["suppression"]["hidden_cells"] > 0
    assert internal["suppression"]["hidden_cells"] == 0  # the internal report is left as it was


def test_cli_participants_all_formats(seed: seed002.Seed002, tmp_path: Any) -> None:
    out = io.StringIO()
    call_command(
        "report",
        "participants",
        "--association",
        seed.association.slug,
        "--from",
        "2017-01-01",
        "--to",
        "2017-12-31",
        "--publish",
        "--format",
        "json",
        stdout=out,
    )
    body = json.loads(out.getvalue())
    assert body["association"] == seed.association.slug
    assert body["totals"]["participants"]["all"] == 119
    assert body["suppression"]["threshold"] == K and body["suppression"]["hidden_cells"] > 0
    assert any(r["count"] is None for r in body["end_reasons"])
    out = io.StringIO()
    call_command(
        "report",
        "participants",
        "--association",
        seed.association.slug,
        "--from",
        "2017-01-01",
        "--to",
        "2017-12-31",
        "--format",
        "json",
        stdout=out,
    )
    internal = json.loads(out.getvalue())
    assert internal["suppression"]["hidden_cells"] == 0
    assert all(r["count"] is not None for r in internal["end_reasons"])
    for fmt in ("csv", "xlsx", "docx", "pdf"):
        target = tmp_path / f"r.{fmt}"
        call_command(
            "report",
            "participants",
            "--association",
            seed.association.slug,
            "--from",
            "2017-01-01",
            "--to",
            "2017-12-31",
            "--publish",
            "--format",
            fmt,
            "-o",
            str(target),
        )
        assert target.stat().st_size > 0


def test_cli_bad_options(seed: seed002.Seed002) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="inte ett datum"):
        call_command(
            "report",
            "participants",
            "--association",
            seed.association.slug,
            "--from",
            "2017-13-01",
            "--to",
            "2017-12-31",
        )
    with pytest.raises(CommandError, match="Okänd insats"):
        call_command(
            "report",
            "participants",
            "--association",
            seed.association.slug,
            "--from",
            "2017-01-01",
            "--to",
            "2017-12-31",
            "--intervention",
            "nope",
        )
    with pytest.raises(CommandError, match="före"):
        call_command(
            "report",
            "participants",
            "--association",
            seed.association.slug,
            "--from",
            "2017-12-01",
            "--to",
            "2017-01-31",
        )


# --- random reports: the same guarantees without a database --------------------------------------------------

GENDERS = ("women", "men", "other")


def synthetic_report(seed: int, size: int) -> dict[str, Any]:
    """A participants report dict aggregated in Python from random enrollments (the builder's shape)."""
    rng = random.Random(seed)
    ages, years, education = ["19-30", "31-50", "51-64"], ["1-3", "4-7", "8-"], ["grundskola", "gymnasium", "hogskola"]
    reasons = [("1", True), ("2", True), ("3", False), ("4", False), ("5", False)]
    occupations = ["arbete", "studier", "ingen"]
    supports = ["forsorjningsstod", "sjukpenning", "lon"]
    kommuner = ["1980", "1982", "1984"]
    insatser = ["A", "B", "C"]

    def zero() -> dict[str, int]:
        return {"all": 0, "women": 0, "men": 0, "other": 0}

    totals = {"participants": zero(), "new": zero(), "ended": zero()}
    age_rows = {a: zero() for a in ages}
    year_rows = {y: zero() for y in years}
    edu_rows = {e: zero() for e in education}
    support_rows = {s: zero() for s in supports}
    municipalities = {m: {"new": 0, "all": 0} for m in kommuner}
    reason_counts = dict.fromkeys((r for r, _p in reasons), 0)
    occupation_counts = dict.fromkeys(occupations, 0)
    per = {i: {"participants": zero(), "new": 0, "ended": 0, "positive": 0} for i in insatser}
    positive = 0
    for _n in range(size):
        gender = rng.choices(GENDERS, weights=(10, 8, 1))[0]
        new, ended = rng.random() < 0.4, rng.random() < 0.4
        insats, kommun = rng.choice(insatser), rng.choices(kommuner, weights=(10, 3, 1))[0]
        for target in (
            totals["participants"],
            age_rows[rng.choice(ages)],
            edu_rows[rng.choice(education)],
            per[insats]["participants"],
        ):
            target["all"] += 1
            target[gender] += 1
        for support in rng.sample(supports, rng.randint(0, 2)):
            support_rows[support]["all"] += 1
            support_rows[support][gender] += 1
        municipalities[kommun]["all"] += 1
        if new:
            for target in (totals["new"], year_rows[rng.choice(years)]):
                target["all"] += 1
                target[gender] += 1
            municipalities[kommun]["new"] += 1
            per[insats]["new"] += 1
        if ended:
            totals["ended"]["all"] += 1
            totals["ended"][gender] += 1
            reason, is_positive = rng.choices(reasons, weights=(5, 2, 3, 1, 1))[0]
            reason_counts[reason] += 1
            occupation_counts[rng.choice(occupations)] += 1
            per[insats]["ended"] += 1
            if is_positive:
                positive += 1
                per[insats]["positive"] += 1
    ended_all = totals["ended"]["all"]
    return {
        "association": "x",
        "generated_at": "",
        "suppression": {"threshold": K, "hidden_cells": 0},
        "totals": totals,
        "age_bands": [{"band": a, **r} for a, r in age_rows.items()],
        "support_years_bands": [{"band": y, **r} for y, r in year_rows.items()],
        "support_before": [{"code": s, **r} for s, r in support_rows.items()],
        "education": [{"code": e, **r} for e, r in edu_rows.items()],
        "municipalities": [{"code": m, "name": m, **r} for m, r in municipalities.items()],
        "end_reasons": [
            {
                "code": r,
                "label": r,
                "count": reason_counts[r],
                "share": reason_counts[r] / ended_all if ended_all else None,
                "positive": p,
            }
            for r, p in reasons
        ],
        "occupation_after": [{"code": o, "count": c} for o, c in occupation_counts.items()],
        "positive_outcome": {"count": positive, "share": positive / ended_all if ended_all else None},
        "mean_months_in_intervention": 10.0 if ended_all else None,
        "mean_years_in_support_before": 3.0 if totals["new"]["all"] else None,
        "interventions": [
            {"code": i, "name": i, **r, "mean_months": 9.0 if r["ended"] else None} for i, r in per.items()
        ],
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), size=st.integers(0, 120), k=st.integers(2, 6))
def test_random_reports_published_safely(seed: int, size: int, k: int) -> None:
    internal = synthetic_report(seed, size)
    check_published(internal, publish(internal, k), k)

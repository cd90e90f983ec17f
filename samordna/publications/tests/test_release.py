"""Releasing publications: frozen tables, one status per count, and nothing hidden recoverable across releases.

The attacker here is independent of the release code: it reads only the printed tables of every release,
models each enrollment class by its (start month, end month) pair (not the starts-and-ends atoms the audit
uses), and solves integer programs for the smallest and largest value of every hidden small count.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Iterable
from typing import Any

import highspy
import numpy as np
import pytest

from samordna.core.models import AuditEntry
from samordna.publications import figures as F
from samordna.publications.models import Publication
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod
from samordna.reports.tests.builders import enroll, person
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
GENDER_WEIGHTS = (("kvinna", 50), ("man", 44), ("annat", 6))


def populate(cast: Cast, n: int = 70, seed: int = 7) -> None:
    """Enrollments in A's two insatser, starting 2023–2024, most ended within a year, for various reasons."""
    rng = random.Random(seed)
    tenant = cast.a
    insatser = [tenant.intervention, tenant.other_intervention]
    for _ in range(n):
        gender = rng.choices([g for g, _w in GENDER_WEIGHTS], [w for _g, w in GENDER_WEIGHTS])[0]
        start = dt.date(2023, 6, 1) + dt.timedelta(days=rng.randrange(560))
        end = None if rng.random() < 0.3 else start + dt.timedelta(days=rng.randrange(20, 300))
        if end is not None and end > dt.date(2024, 12, 31):
            end = None
        reason = rng.choice(["1", "1", "2", "3", "4", "5", "6", "7"])
        enroll(tenant, start, end, who=person(tenant, gender=gender), intervention=rng.choice(insatser), reason=reason)


def release(cast: Cast, slug: str) -> Publication:
    return release_publication(association=cast.a.association, period=FixedPeriod.parse(slug), acting_user=None)


def printed(publication: Publication) -> dict[F.FigureKey, list[Any]]:
    """Every audited count as printed in every report of a publication."""
    keys = [F.FigureKey.from_stored(row)[0] for row in publication.figures]
    found: dict[F.FigureKey, list[Any]] = {}
    reports = [publication.report(None), *(publication.report(c) for c in publication.insats_codes)]
    for key in keys:
        for report in reports:
            for path in F.paths(key, report):
                found.setdefault(key, []).append(F.printed_value(report, path))
    return found


def test_a_release_is_stored_frozen_with_its_audit_and_an_audit_row_without_figures(cast: Cast) -> None:
    populate(cast)
    publication = release(cast, "2024")
    assert publication.period == "2024"
    assert (publication.date_from, publication.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    codes = sorted({cast.a.intervention.code, cast.a.other_intervention.code})
    assert publication.insats_codes == codes
    totals = [row for row in publication.figures if F.FigureKey.from_stored(row)[0].table is None]
    assert len(totals) == 3 * (1 + len(codes)) * 4
    tables = {F.FigureKey.from_stored(row)[0].table for row in publication.figures}
    # A year also holds Uppföljning Finsam's table, and the anonymous counts behind it (audited, never shown).
    assert tables == {None, *(f.table for f in F.FAMILIES), *F.FINSAM_TABLES}
    assert {"age_bands", "support_years_bands", "support_before"} <= tables
    assert publication.audit["earlier_publications"] == 0
    assert publication.audit["hidden_counts"] == sum(
        1 for row in publication.figures if row[5] and F.FigureKey.from_stored(row)[0].table != F.ANONYMOUS
    )
    assert all(row[5] for row in publication.figures if F.FigureKey.from_stored(row)[0].table == F.ANONYMOUS)
    # A per-insats report publishes the audited counts only; its detail tables are hidden.
    one = publication.report(codes[0])
    assert one is not None
    assert all(row["all"] is None for row in one["age_bands"])
    row = AuditEntry.objects.get(object_type="publications.publication", object_id=str(publication.pk))
    assert row.action == AuditEntry.Action.CREATE
    assert "figures" not in row.changes and "content" not in row.changes
    assert set(row.changes) == {"period", "title", "audit"}


def test_a_count_has_one_value_or_is_hidden_in_every_report_of_a_publication(cast: Cast) -> None:
    populate(cast)
    publication = release(cast, "2024")
    truth = {key: (value, hidden) for key, value, hidden in map(F.FigureKey.from_stored, publication.figures)}
    for key, values in printed(publication).items():
        value, hidden = truth[key]
        assert values == [None] * len(values) if hidden else values == [value] * len(values), (key, values)
    assert any(hidden for _value, hidden in truth.values()), "the data should have small counts to hide"


def _integral(bounds: list[float]) -> tuple[int, float]:
    """An integer program's bounds as integers (HiGHS answers 5.999999999999998 for 6)."""
    low, high = bounds
    return math.ceil(low - 1e-6), high if math.isinf(high) else float(math.floor(high + 1e-6))


def _integer_model(n: int) -> highspy.Highs:
    """A silent HiGHS model of `n` non-negative integer atoms."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.addVars(n, np.zeros(n), np.full(n, highspy.kHighsInf))
    highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, 1, dtype=np.uint8))
    return highs


def _ranges(highs: highspy.Highs, n: int, hidden: list[tuple[F.FigureKey, Any, int]]) -> list[tuple[Any, ...]]:
    """(key, true value, smallest, largest) of each hidden count: two integer programs each."""
    ranges = []
    for key, columns, true in hidden:
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            cost = np.zeros(n)
            cost[columns] = 1
            highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
            highs.changeObjectiveSense(sense)
            highs.run()
            optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
            bounds.append(highs.getInfo().objective_function_value if optimal else float("inf"))
        ranges.append((key, true, *_integral(bounds)))
    return ranges


def _attack(publications: Iterable[Publication], k: int) -> list[tuple[F.FigureKey, int, float, float]]:
    """Integer ranges of every hidden small count, from the printed tables of all releases.

    Atoms: per insats and gender, enrollments by (start month, end month) pair over 2024, with "before" for a
    start before 2024 and "open" for an end after the last month or none.
    """
    publications = list(publications)
    codes = sorted({c for p in publications for c in p.insats_codes})
    genders = list(F.GENDERS)
    starts = ["before", *range(1, 13)]
    ends = [*range(1, 13), "open"]
    atoms = [
        (code, gender, s, e)
        for code in codes
        for gender in genders
        for s in starts
        for e in ends
        if s == "before" or e == "open" or s <= e
    ]
    index = {a: i for i, a in enumerate(atoms)}

    def members(key: F.FigureKey) -> list[int]:
        period = FixedPeriod.parse(key.period)
        lo, hi = period.months
        chosen = []
        for code, gender, s, e in atoms:
            if key.insats not in (None, code) or key.gender not in (None, gender):
                continue
            s_month = 0 if s == "before" else s
            e_month = 13 if e == "open" else e
            counts = {
                "new": lo <= s_month <= hi,
                "ended": lo <= e_month <= hi,
                "during": s_month <= hi and e_month >= lo,
            }[key.measure]
            if counts:
                chosen.append(index[(code, gender, s, e)])
        return chosen

    rows: list[tuple[list[int], float, float]] = []
    hidden: list[tuple[F.FigureKey, list[int], int]] = []
    for publication in publications:
        truth = {key: value for key, value, _hidden in map(F.FigureKey.from_stored, publication.figures)}
        for key, values in printed(publication).items():
            if key.table is not None:
                continue  # the families: attacked in test_no_hidden_end_reason_…
            columns = members(key)
            if values[0] is None:
                rows.append((columns, publication.floor, highspy.kHighsInf))
                if 1 <= truth[key] < k:
                    hidden.append((key, columns, truth[key]))
            else:
                rows.append((columns, values[0], values[0]))
    highs = _integer_model(len(atoms))
    for columns, low, high in rows:
        highs.addRow(low, high, len(columns), np.array(columns, dtype=np.int32), np.ones(len(columns)))
    return _ranges(highs, len(atoms), hidden)


def test_no_hidden_count_of_any_release_can_be_narrowed_by_combining_them(cast: Cast) -> None:
    """Year, tertials and a year-to-date release of the same year, attacked together."""
    populate(cast, n=90, seed=3)
    k = cast.a.association.suppression_threshold
    releases = [release(cast, slug) for slug in ("2024-t1", "2024-t2", "2024-01-10", "2024-t3", "2024")]
    ranges = _attack(releases, k)
    assert ranges, "the data should have hidden small counts"
    narrow = [(key, true, low, high) for key, true, low, high in ranges if not (low <= 0 or high - low >= k)]
    assert narrow == []
    assert releases[-1].audit["earlier_publications"] == 4


def test_the_files_of_a_publication_show_its_stored_figures(cast: Cast, client_for: Any) -> None:
    populate(cast)
    publication = release(cast, "2024")
    client = client_for("viewer")
    url = f"/f/{cast.a.association.slug}/publiceringar/{publication.pk}/"
    body = json.loads(client.get(url, {"format": "json"}).content)
    stored = publication.report(None)
    assert body["totals"] == stored["totals"]
    assert body["interventions"] == stored["interventions"]
    code = publication.insats_codes[0]
    one = json.loads(client.get(url, {"format": "json", "insats": code}).content)
    assert one["totals"] == publication.report(code)["totals"]
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    for key, values in printed(publication).items():
        if key.insats is None and key.gender is None and values[0] is not None:
            assert str(values[0]) in csv


def _attack_end_reasons(publications: Iterable[Publication], k: int) -> list[tuple[F.FigureKey, int, float, float]]:
    """Integer ranges of hidden small end-reason counts from the printed end reasons and ended totals alone.

    Atoms: enrollments ended in each month of 2024 with each reason. This attacker knows less than the audit
    assumes (no insats or gender), so it is a check of the cross-period differencing of the end-reason table.
    """
    publications = list(publications)
    reasons = sorted({r["code"] for p in publications for r in p.report(None)["end_reasons"]})
    atoms = [(r, m) for r in reasons for m in range(1, 13)]
    index = {a: i for i, a in enumerate(atoms)}
    n = len(atoms)
    highs = _integer_model(n)
    hidden = []
    for publication in publications:
        lo, hi = FixedPeriod.parse(publication.period).months
        report = publication.report(None)
        truth = {key: value for key, value, _h in map(F.FigureKey.from_stored, publication.figures)}
        for row in report["end_reasons"]:
            columns = np.array([index[(row["code"], m)] for m in range(lo, hi + 1)], dtype=np.int32)
            low, high = (publication.floor, highspy.kHighsInf) if row["count"] is None else (row["count"],) * 2
            highs.addRow(low, high, len(columns), columns, np.ones(len(columns)))
            key = F.FigureKey(publication.period, "ended", None, None, "end_reasons", row["code"])
            if row["count"] is None and 1 <= truth[key] < k:
                hidden.append((key, columns, truth[key]))
        ended = report["totals"]["ended"]["all"]
        if ended is not None:
            columns = np.array([index[(r, m)] for r in reasons for m in range(lo, hi + 1)], dtype=np.int32)
            highs.addRow(ended, ended, len(columns), columns, np.ones(len(columns)))
    return _ranges(highs, n, hidden)


def test_no_hidden_end_reason_count_can_be_narrowed_by_combining_periods(cast: Cast) -> None:
    """The year's end reasons are the sum of its tertials'; the audit keeps that from pinning a hidden one."""
    populate(cast, n=90, seed=3)
    k = cast.a.association.suppression_threshold
    releases = [release(cast, slug) for slug in ("2024-t1", "2024-t2", "2024-t3", "2024")]
    ranges = _attack_end_reasons(releases, k)
    assert ranges, "the data should have hidden small end-reason counts"
    assert [(key, true, low, high) for key, true, low, high in ranges if not (low <= 0 or high - low >= k)] == []

"""Uppföljning Finsam in a yearly publication: "Finsam minus Deltagarstatistik" gives no counted-only count away.

Attack 4 of the issue: Uppföljning Finsam counts per insats and gender the registered participants plus those
counted anonymously (AnonymousCount); Deltagarstatistik counts the registered ones. Published side by side
and each suppressed on its own, their difference is the anonymous count, small ones too. The attacker here is
independent of the release code: integer unknowns for the registered and the anonymous participants of each
insats and gender, every printed count of both tables as a constraint, and for each small anonymous count its
smallest and largest value (a MIP). Attack 5 (two pages hiding different complements of the same counts)
is checked by the same attacker for the registered counts the participants report hides.
"""

from __future__ import annotations

import json
import math
from typing import Any

import highspy
import numpy as np
import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.participants.models import AnonymousCount
from samordna.participants.statistics import build_participant_report
from samordna.participants.statistics.publish import publish
from samordna.publications import finsam
from samordna.publications.models import Publication
from samordna.publications.services import release_publication
from samordna.publications.tests.test_release import populate
from samordna.reporting.periods import FixedPeriod
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
GENDERS = ("women", "men", "other")
YEAR = 2024


def _counted(cast: Cast) -> dict[tuple[str, str], int]:
    """Small anonymous counts beside large registered ones, in both insatser."""
    counts = {
        cast.a.intervention: {"women": 2, "men": 1, "other": 0},
        cast.a.other_intervention: {"women": 0, "men": 3, "other": 1},
    }
    for intervention, values in counts.items():
        AnonymousCount.objects.create(intervention=intervention, year=YEAR, **values)
    return {(i.code, g): v for i, values in counts.items() for g, v in values.items()}


def _registered(association: Any, period: FixedPeriod) -> dict[tuple[str, str], int]:
    """The true registered participants per insats and gender (the internal report)."""
    report = build_participant_report(association=association, date_from=period.date_from, date_to=period.date_to)
    return {(r["code"], g): r["participants"][g] for r in report["interventions"] for g in GENDERS}


def _attack(
    finsam_table: dict[str, Any], report: dict[str, Any], floor: int, truth: dict, k: int, registered: dict
) -> list[Any]:
    """The small counts a reader pins to fewer than k values from the two printed tables: anonymous ones
    (attack 4), and registered ones the two tables hide differently (attack 5: one shows "all", the other
    "women" and "men")."""
    codes = [r["code"] for r in finsam_table["individual"]]
    names = [(kind, c, g) for kind in ("reg", "anon") for c in codes for g in GENDERS]
    column = {name: i for i, name in enumerate(names)}
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    n = len(names)
    highs.addVars(n, np.zeros(n), np.full(n, 10_000.0))
    highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))

    def constrain(terms: list[tuple[str, str, str]], printed: int | None) -> None:
        index = np.array([column[t] for t in terms], dtype=np.int32)
        low, high = (printed, printed) if printed is not None else (floor, highspy.kHighsInf)
        highs.addRow(low, high, len(index), index, np.ones(len(index)))

    def genders(column_name: str) -> list[str]:
        return list(GENDERS) if column_name == "all" else [column_name]

    for row in finsam_table["individual"]:
        for col, printed in row["participants"].items():
            constrain([(kind, row["code"], g) for kind in ("reg", "anon") for g in genders(col)], printed)
    for col, printed in finsam_table["individual_total"].items():
        constrain([(kind, c, g) for kind in ("reg", "anon") for c in codes for g in genders(col)], printed)
    for row in report["interventions"]:
        if row["code"] in codes:
            for col, printed in row["participants"].items():
                constrain([("reg", row["code"], g) for g in genders(col)], printed)
    pinned = []
    shown = {(r["code"], g): r["participants"][g] for r in report["interventions"] for g in GENDERS}
    targets = [("anon", code, gender, value) for (code, gender), value in truth.items()]
    targets += [
        ("reg", code, gender, value)
        for (code, gender), value in registered.items()
        if code in codes and shown.get((code, gender)) is None
    ]
    for kind, code, gender, value in targets:
        if not 1 <= value < k:
            continue
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            cost = np.zeros(n)
            cost[column[(kind, code, gender)]] = 1
            highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
            highs.changeObjectiveSense(sense)
            highs.run()
            assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
            bounds.append(round(highs.getInfo().objective_function_value))
        low, high = bounds
        if not (low <= 0 or high - low >= k or math.isinf(high)):
            pinned.append((kind, code, gender, value, low, high))
    return pinned


def test_finsam_minus_participant_statistics_gives_no_counted_only_count_away(cast: Cast) -> None:
    populate(cast)
    truth = _counted(cast)
    association = cast.a.association
    k = association.suppression_threshold
    period = FixedPeriod.whole_year(YEAR)

    # Each table suppressed on its own (as before publications): the attacker pins counted-only participants.
    alone = finsam.publish(finsam.internal(association, period), k)
    report = publish(
        build_participant_report(association=association, date_from=period.date_from, date_to=period.date_to), k
    )
    registered = _registered(association, period)
    assert _attack(alone, report, 1, truth, k, registered), "the attack must work on tables suppressed alone"

    publication = release_publication(association=association, period=period, acting_user=None)
    assert "uppfoljning_finsam" in publication.audit["covers"]
    released = publication.content["finsam"]
    assert _attack(released, publication.report(None), publication.floor, truth, k, registered) == []
    # Every insats's own report prints the same counts as the all-insatser report (one status per count).
    for code in publication.insats_codes:
        own = publication.report(code)
        row = next(r for r in publication.report(None)["interventions"] if r["code"] == code)
        assert own["totals"]["participants"] == row["participants"]


def test_a_tertial_holds_no_finsam_table_and_a_correction_keeps_the_anonymous_counts_hidden(cast: Cast) -> None:
    populate(cast)
    _counted(cast)
    association = cast.a.association
    tertial = release_publication(association=association, period=FixedPeriod.tertial(YEAR, 1), acting_user=None)
    assert "finsam" not in tertial.content
    year = release_publication(association=association, period=FixedPeriod.whole_year(YEAR), acting_user=None)
    again = release_publication(
        association=association, period=FixedPeriod.whole_year(YEAR), acting_user=None, corrects=year
    )
    assert again.content["finsam"] == year.content["finsam"]  # the same data, audited against itself: unchanged
    stored = [row for row in again.figures if row[6] == "anonymous"]
    assert stored and all(row[5] for row in stored)  # never published
    assert Publication.objects.filter(association=association).count() == 3


def test_the_publication_page_and_its_files_show_the_released_finsam_counts(cast: Cast, client_for: Any) -> None:
    """The yearly publication shows Finsam's table as released (hidden counts blank), in the page, the CSV and the
    JSON alike; a tertial has none."""
    populate(cast)
    _counted(cast)
    association = cast.a.association
    year = release_publication(association=association, period=FixedPeriod.whole_year(YEAR), acting_user=None)
    tertial = release_publication(association=association, period=FixedPeriod.tertial(YEAR, 1), acting_user=None)
    released = year.content["finsam"]
    viewer = client_for(Role.VIEWER)

    def detail(publication: Publication) -> str:
        return reverse("publications:detail", kwargs={"association": association.slug, "pk": publication.pk})

    page = viewer.get(detail(year)).content.decode()
    assert f"Uppföljning Finsam {YEAR}: individinriktade insatser" in page
    lines = viewer.get(detail(year), {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    for row in released["individual"]:
        printed = next(line.split(";") for line in lines if line.startswith(f"{row['code']} "))
        expected = [row["participants"][key] for key in ("women", "men", "other", "all")]
        assert printed[1:5] == ["" if value is None else str(value) for value in expected]
    assert any(value is None for row in released["individual"] for value in row["participants"].values())
    data = json.loads(viewer.get(detail(year), {"format": "json"}).content)
    assert data["uppfoljning_finsam"] == released
    assert "Uppföljning Finsam" not in viewer.get(detail(tertial)).content.decode()

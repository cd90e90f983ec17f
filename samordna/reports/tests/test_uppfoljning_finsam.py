"""Uppföljning Finsam's participant figures: registered plus anonymous per individinriktad insats, counts for
structural insatser."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.interventions import services as intervention_services
from samordna.participants.models import AnonymousCount
from samordna.participants.statistics import build_uppfoljning_finsam, finsam_groups, get_cell
from samordna.reports.tests.builders import enroll, person


def test_registered_plus_anonymous_per_insats(cast: Any) -> None:
    a = cast.a
    enroll(a, dt.date(2023, 3, 1), dt.date(2024, 2, 1))  # ended during 2024: counted
    enroll(a, dt.date(2024, 5, 1), who=person(a, gender="man"))
    enroll(a, dt.date(2024, 5, 1), who=person(a, gender="annat"), intervention=a.other_intervention)
    enroll(a, dt.date(2022, 1, 1), dt.date(2023, 12, 31))  # ended the year before: not counted
    enroll(a, dt.date(2025, 1, 1))  # starts the year after: not counted
    enroll(cast.b, dt.date(2024, 5, 1))  # another förbund
    AnonymousCount.objects.create(intervention=a.intervention, year=2024, women=2, men=3, other=0)
    AnonymousCount.objects.create(intervention=a.intervention, year=2023, women=9, men=9, other=9)
    AnonymousCount.objects.create(intervention=a.structural, year=2024, women=12, men=7, other=1)
    AnonymousCount.objects.create(intervention=cast.b.structural, year=2024, women=50, men=50, other=0)
    ended = intervention_services.intervention_create(
        acting_user=None,
        association=a.association,
        code="0999",
        name="Avslutad 2019",
        orientation="individinriktad",
        category="individinsatser",
        start=dt.date(2015, 1, 1),
        end=dt.date(2019, 12, 31),
    )

    with CaptureQueriesContext(connection) as queries:
        figures = build_uppfoljning_finsam(association=a.association, year=2024)
    assert len(queries.captured_queries) <= 4

    assert figures["association"] == "alfa" and figures["year"] == 2024
    assert figures["suppression"] == {"threshold": 5, "hidden_cells": 0}
    individual = {r["code"]: r for r in figures["individual"]}
    assert list(individual) == ["1063", "1064"]  # code order; the insats that ended in 2019 is not listed
    assert ended.code not in individual
    assert individual["1063"]["registered"] == {"all": 2, "women": 1, "men": 1, "other": 0}
    assert individual["1063"]["anonymous"] == {"all": 5, "women": 2, "men": 3, "other": 0}
    assert individual["1063"]["participants"] == {"all": 7, "women": 3, "men": 4, "other": 0}
    assert individual["1064"]["participants"] == {"all": 1, "women": 0, "men": 0, "other": 1}
    assert figures["individual_total"] == {"all": 8, "women": 3, "men": 4, "other": 1}
    assert figures["structural"] == [
        {"code": "2001", "name": "Utbildningsdagar", "participants": {"all": 20, "women": 12, "men": 7, "other": 1}}
    ]
    assert figures["structural_total"]["all"] == 20
    for group in finsam_groups(figures):
        assert sum(get_cell(figures, p) for p in group["cells"]) == get_cell(figures, group["total"]), group["name"]


def test_year_without_anything(cast: Any) -> None:
    figures = build_uppfoljning_finsam(association=cast.a.association, year=2010)
    assert figures["individual"] == [] and figures["structural"] == []
    assert figures["individual_total"] == {"all": 0, "women": 0, "men": 0, "other": 0}

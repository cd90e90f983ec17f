"""Cached reports (#19 item 2): a cached result is reused, and no page shows a figure older than the last write.

The cache is off in the tests (REPORT_CACHE_SECONDS = 0: a test's transaction never commits, so the data version
never moves); these tests turn it on and really commit every write, as production does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.core import audit
from samordna.core.choices import Role
from samordna.core.models import Association, Municipality
from samordna.finance import seed_data
from samordna.finance import services as finance_services
from samordna.finance.models import BudgetLine
from samordna.participants import services as participant_services
from samordna.participants.importer.core import run_import
from samordna.participants.tests.test_import import csv_bytes
from samordna.reports.tests import seed002
from samordna.reports.tests.test_participants_page import get_json, page_url
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def caching(settings: Any) -> None:
    settings.REPORT_CACHE_SECONDS = 600
    cache.clear()


@pytest.fixture
def seed(cast: Cast) -> seed002.Seed002:
    return seed002.build(cast.a.association)


def participants_2017(client: Any, cast: Cast) -> int:
    return int(get_json(client, page_url(cast), "year=2017")["totals"]["participants"]["all"])


def version(association: Association) -> int:
    return int(Association.objects.values_list("data_version", flat=True).get(pk=association.pk))


def test_a_second_request_reads_the_cache(caching: None, seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    with CaptureQueriesContext(connection) as first:
        total = participants_2017(admin, cast)
    with CaptureQueriesContext(connection) as second:
        assert participants_2017(admin, cast) == total
    assert len(second) < len(first) - 5, (len(first), len(second))


def test_a_registration_shows_at_once(
    caching: None,
    seed: seed002.Seed002,
    cast: Cast,
    client_for: Any,
) -> None:
    admin = client_for(Role.ADMIN)
    before = participants_2017(admin, cast)
    participant_services.register_in(
        acting_user=cast.user(Role.ADMIN),
        intervention=seed.teams["HS"],
        gender="kvinna",
        birth_year=1990,
        municipality=Municipality.objects.get(pk=seed002.HALLSTAHAMMAR),
        start_date=dt.date(2017, 3, 1),
    )
    assert participants_2017(admin, cast) == before + 1


def test_an_import_shows_at_once(
    caching: None,
    seed: seed002.Seed002,
    cast: Cast,
    client_for: Any,
) -> None:
    admin = client_for(Role.ADMIN)
    before = participants_2017(admin, cast)
    kommun = seed002.HALLSTAHAMMAR
    lines = [f"LT-001,HS,kvinna,1990,{kommun},2017-02-01", f"LT-002,HS,man,1985,{kommun},2017-04-01"]
    result = run_import(
        association=cast.a.association,
        source=csv_bytes(lines, header="participant,intervention,gender,birth_year,municipality,start_date"),
    )
    assert result.ok, result.problems
    assert participants_2017(admin, cast) == before + 2


def test_a_budget_change_shows_at_once(caching: None, cast: Cast, client_for: Any) -> None:
    association = cast.a.association
    finance_services.budget_import(acting_user=None, association=association, data=seed_data.followup_budget_csv())
    url = reverse("finance:followup", kwargs={"association": association.slug}) + "?year=2024&until=2024-08-31"
    admin = client_for(Role.ADMIN)

    def budget_of(code: str) -> Decimal:
        lines = admin.get(url + "&format=json").json()["lines"]
        return Decimal(str(next(line["budget"] for line in lines if line["line"] == code)))

    before = budget_of("1063")
    line = BudgetLine.objects.get(association=association, code="1063")
    finance_services.budget_amount_set(
        acting_user=cast.user(Role.ADMIN), line=line, year=2024, version="budget", amount=before - 1000
    )
    assert budget_of("1063") == before - 1000


def test_every_write_moves_the_version_once_after_commit_and_a_rollback_none(cast: Cast) -> None:
    association = cast.a.association
    start = version(association)
    with transaction.atomic():
        for _ in range(3):  # three writes in one transaction: one bump
            audit.record(acting_user=None, association=association, action="update", object_type="x.y")
        assert version(association) == start  # not before the commit
    assert version(association) == start + 1
    audit.record(acting_user=None, association=association, action="export", object_type="x.y")
    assert version(association) == start + 1  # an export changes no data
    try:
        with transaction.atomic():
            audit.record(acting_user=None, association=association, action="update", object_type="x.y")
            raise RuntimeError("refused")
    except RuntimeError:
        pass
    assert version(association) == start + 1


def test_saving_a_stale_copy_of_the_forbund_never_moves_the_version_back(cast: Cast) -> None:
    association = cast.a.association
    stale = Association.objects.get(pk=association.pk)
    audit.record(acting_user=None, association=association, action="update", object_type="x.y")
    moved = version(association)
    assert moved == stale.data_version + 1
    stale.name = "Nytt namn"
    stale.save()
    assert version(association) == moved
    assert Association.objects.get(pk=association.pk).name == "Nytt namn"

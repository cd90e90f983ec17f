"""Removing a budget line: a question first, its amounts and mappings with it, and "Ångra" for a while."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from samordna.core import undo
from samordna.core.choices import Role
from samordna.finance import seed_data, services
from samordna.finance.models import BudgetAmount, BudgetLine, LedgerMapping
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"finance:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


@pytest.fixture
def line(cast: Cast) -> BudgetLine:
    association = cast.a.association
    services.budget_import(acting_user=None, association=association, data=seed_data.followup_budget_csv())
    found = BudgetLine.objects.get(association=association, code="1063")
    services.ledger_mapping_set(acting_user=None, association=association, account="", cost_centre="1063", line=found)
    return found


def state(cast: Cast) -> tuple[list[Any], list[Any]]:
    amounts = BudgetAmount.objects.filter(line__association=cast.a.association, line__code="1063")
    mappings = LedgerMapping.objects.filter(association=cast.a.association, line__code="1063")
    return (
        sorted(amounts.values_list("year", "version", "amount", "comment")),
        sorted(mappings.values_list("account", "cost_centre")),
    )


def test_the_question_names_what_goes_and_only_a_post_removes(cast: Cast, client_for: Any, line: BudgetLine) -> None:
    admin = client_for(Role.ADMIN)
    asked = admin.get(url(cast, "line-delete", pk=line.pk)).content.decode()
    amounts = BudgetAmount.objects.filter(line=line).count()
    assert amounts > 0
    assert "1063" in asked and f"{amounts} belopp" in asked and "En koppling" in asked
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    assert admin.post(url(cast, "line-delete", pk=line.pk)).status_code == 302
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert state(cast) == ([], [])


def test_undo_puts_the_line_back_with_its_amounts_and_mappings(cast: Cast, client_for: Any, line: BudgetLine) -> None:
    before = state(cast)
    admin = client_for(Role.ADMIN)
    admin.post(url(cast, "line-delete", pk=line.pk))
    assert "togs nyss bort" in admin.get(url(cast, "grid")).content.decode()
    back = admin.post(url(cast, "line-undo"), {"line": line.pk}, follow=True)
    assert "Budgetraden är tillbaka" in back.content.decode()
    assert state(cast) == before
    assert BudgetAmount.objects.filter(line__code="1063", year=2024, version="budget").get().amount == Decimal(
        before[0][[r[:2] for r in before[0]].index((2024, "budget"))][2]
    )
    twice = admin.post(url(cast, "line-undo"), {"line": line.pk}, follow=True)
    assert "kan inte längre ångras" in twice.content.decode()
    assert BudgetLine.objects.filter(association=cast.a.association, code="1063").count() == 1


def test_undo_is_refused_after_the_time_or_when_the_code_is_taken(
    cast: Cast, client_for: Any, line: BudgetLine, monkeypatch: Any
) -> None:
    admin = client_for(Role.ADMIN)
    admin.post(url(cast, "line-delete", pk=line.pk))
    services.budget_line_create(
        acting_user=None, association=cast.a.association, code="1063", name="Ny rad", category=line.category
    )
    taken = admin.post(url(cast, "line-undo"), {"line": line.pk}, follow=True)
    assert "Det finns redan en budgetrad med koden 1063" in taken.content.decode()
    assert BudgetAmount.objects.filter(line__code="1063").count() == 0  # nothing half-restored
    admin.post(url(cast, "line-delete", pk=BudgetLine.objects.get(code="1063").pk))
    later = time.time() + undo.UNDO_SECONDS + 1
    monkeypatch.setattr(undo.time, "time", lambda: later)
    late = admin.post(url(cast, "line-undo"), {"line": line.pk}, follow=True)
    assert "kan inte längre ångras" in late.content.decode()


def test_only_admins_and_only_their_forbund(cast: Cast, client_for: Any, line: BudgetLine) -> None:
    for role in (Role.VIEWER, Role.REGISTRAR, Role.INTERVENTION_MANAGER):
        assert client_for(role).post(url(cast, "line-delete", pk=line.pk)).status_code == 403
        assert client_for(role).post(url(cast, "line-undo"), {"line": line.pk}).status_code == 403
    assert client_for("admin_b").get(url(cast, "line-delete", pk=line.pk)).status_code == 404
    assert BudgetLine.objects.filter(pk=line.pk).exists()

"""Removing a mapping rule: `remove=<rule id>`; anything else is a form error on the page, never a 500."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.finance import services
from samordna.finance.models import BudgetLine, LedgerMapping
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def mapping_url(cast: Cast) -> str:
    return reverse("finance:mapping", kwargs={"association": cast.a.association.slug})


@pytest.fixture
def rules(cast: Cast) -> dict[str, LedgerMapping]:
    """One rule in each förbund."""
    made = {}
    for key, tenant in (("a", cast.a), ("b", cast.b)):
        line = BudgetLine.objects.create(
            association=tenant.association, code="1063", name="Insats", category="styrelse"
        )
        services.ledger_mapping_set(
            acting_user=None, association=tenant.association, account="4610", cost_centre="", line=line
        )
        made[key] = LedgerMapping.objects.get(association=tenant.association)
    return made


BAD_VALUES = {
    "letters": "abc",
    "empty": "",
    "negative": "-1",
    "decimal": "1.5",
    **{f"number_{k}": v for k, v in nasty.NUMBERS.items()},
    **{f"text_{k}": nasty.TEXT[k] for k in ("nul", "html", "sql", "huge", "rtl_override", "emoji")},
}


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_a_bad_remove_value_is_a_form_error_and_removes_nothing(
    name: str, cast: Cast, rules: dict[str, LedgerMapping], client_for: Any
) -> None:
    audit_rows = AuditEntry.objects.count()
    response = client_for(Role.ADMIN).post(mapping_url(cast), {"remove": BAD_VALUES[name]})
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "Regeln kunde inte tas bort" in body
    assert any(m in body for m in ("Regeln finns inte", "Ange vilken regel", "Null-tecken är inte tillåtna"))
    assert LedgerMapping.objects.count() == 2
    assert AuditEntry.objects.count() == audit_rows


def test_another_forbunds_rule_cannot_be_removed(cast: Cast, rules: dict[str, LedgerMapping], client_for: Any) -> None:
    response = client_for(Role.ADMIN).post(mapping_url(cast), {"remove": str(rules["b"].pk)})
    assert response.status_code == 400
    assert "Regeln finns inte" in html.unescape(response.content.decode())
    assert LedgerMapping.objects.filter(pk=rules["b"].pk).exists()


def test_the_own_rule_is_removed(cast: Cast, rules: dict[str, LedgerMapping], client_for: Any) -> None:
    response = client_for(Role.ADMIN).post(mapping_url(cast), {"remove": str(rules["a"].pk)})
    assert response.status_code == 302
    assert not LedgerMapping.objects.filter(pk=rules["a"].pk).exists()
    assert LedgerMapping.objects.filter(pk=rules["b"].pk).exists()

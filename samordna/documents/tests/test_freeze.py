"""Fastställ: a frozen document keeps its figures and text when the data change; a draft compares with it."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from samordna.core.models import AuditEntry
from samordna.documents import selectors, services
from samordna.documents.models import Document, DocumentKind, DocumentText, TextVersion
from samordna.documents.tests.helpers import UNTIL, section, vastmanland
from samordna.finance.models import BudgetAmount

pytestmark = pytest.mark.django_db


def _total(data: dict) -> dict:  # type: ignore[type-arg]
    table = section(data, "ekonomi")["tables"][0]
    return next(row for row in table["rows"] if row["style"] == "total")["cells"]


def _draft() -> Document:
    association = vastmanland()
    return services.document_create(
        acting_user=None, association=association, kind=DocumentKind.INTERIM, year=2024, until=UNTIL
    )


def test_a_frozen_document_does_not_change_when_a_budget_amount_changes() -> None:
    document = _draft()
    services.text_save(acting_user=None, document=document, key="om_forbundet", body="Förbundet **stödjer**.")
    frozen = services.document_freeze(acting_user=None, document=document, adopted_on=dt.date(2024, 9, 20))
    before = selectors.content(frozen)
    budget_before = _total(before)["budget"]
    amount = BudgetAmount.objects.filter(association=frozen.association, year=2024, version="budget").first()
    assert amount is not None
    amount.amount -= 50_000
    amount.save()
    with pytest.raises(ValidationError, match="fastställt"):
        services.text_save(acting_user=None, document=frozen, key="om_forbundet", body="Ändrad.")
    frozen.refresh_from_db()
    after = selectors.content(frozen)
    assert after == before
    assert _total(after)["budget"] == budget_before
    assert section(after, "om_forbundet")["text"] == "Förbundet **stödjer**."
    # The command gives the frozen document when the period has no draft.
    out = io.StringIO()
    call_command(
        "report", "delarsrapport", "--association", "vastmanland", "--year", "2024", "--until", "2024-08-31", stdout=out
    )
    assert _total(json.loads(out.getvalue()))["budget"] == budget_before
    # A new draft follows the data and the comparison names the changed figures.
    draft = services.draft_from(acting_user=None, document=frozen)
    live = selectors.live_content(draft)
    assert _total(live)["budget"] == budget_before - 50_000
    changed = [d for d in selectors.compare(before, live) if d.changed]
    assert any(d.row == "SUMMA" and d.frozen == budget_before and d.draft == budget_before - 50_000 for d in changed)
    assert section(live, "om_forbundet")["text"] == "Förbundet **stödjer**."


def test_freeze_refusals_write_nothing() -> None:
    document = _draft()
    audit = AuditEntry.objects.count()
    for adopted_on, message in (
        (dt.date(2024, 8, 30), "före periodens slut"),
        (dt.date.today() + dt.timedelta(days=2), "framtiden"),
    ):
        with pytest.raises(ValidationError) as error:
            services.document_freeze(acting_user=None, document=document, adopted_on=adopted_on)
        assert message in " ".join(error.value.messages)
    document.refresh_from_db()
    assert not document.frozen and document.snapshot is None
    assert AuditEntry.objects.count() == audit


def test_text_history_and_refusals() -> None:
    document = _draft()
    services.text_save(acting_user=None, document=document, key="planerat", body="Första")
    services.text_save(acting_user=None, document=document, key="planerat", body="Andra")
    services.text_save(acting_user=None, document=document, key="planerat", body="Andra")  # unchanged: no version
    text = DocumentText.objects.get(document=document, key="planerat")
    assert text.body == "Andra"
    assert [v.body for v in TextVersion.objects.filter(text=text)] == ["Första"]
    for key, body, message in (
        ("planerat", "<script>alert(1)</script>", "HTML"),
        ("planerat", "Text med \x00 noll", "styrtecken"),
        ("planerat", "x" * 20_001, "för lång"),
        ("planerat", "Personnummer 19121212-1212 här", "personnummer"),
        ("ekonomi_finns_inte", "Text", "inget avsnitt"),
        ("beslut", "Text", "inget avsnitt"),
    ):
        with pytest.raises(ValidationError) as error:
            services.text_save(acting_user=None, document=document, key=key, body=body)
        assert message in " ".join(error.value.messages), key
    text.refresh_from_db()
    assert text.body == "Andra" and TextVersion.objects.filter(text=text).count() == 1


def test_create_refusals() -> None:
    association = vastmanland()
    for kind, year, until, message in (
        (DocumentKind.INTERIM, 2024, dt.date(2023, 8, 31), "ska ligga i 2024"),
        (DocumentKind.ANNUAL, 2024, dt.date(2024, 8, 31), "hela året"),
        (DocumentKind.INTERIM, 2024, dt.date(2024, 12, 31), "före årets sista dag"),
        ("protokoll", 2024, dt.date(2024, 8, 31), "Välj delårsrapport"),
    ):
        with pytest.raises(ValidationError) as error:
            services.document_create(acting_user=None, association=association, kind=kind, year=year, until=until)
        assert message in " ".join(error.value.messages)
    services.document_create(acting_user=None, association=association, kind=DocumentKind.ANNUAL, year=2024)
    with pytest.raises(ValidationError, match="redan ett utkast"):
        services.document_create(acting_user=None, association=association, kind=DocumentKind.ANNUAL, year=2024)
    assert Document.objects.count() == 1

"""The demo documents: seed 000's texts with the demo's figures, loaded once (idempotent)."""

from __future__ import annotations

import pytest

from samordna.core.models import AuditEntry
from samordna.documents import demo, selectors
from samordna.documents.demo_texts import INTERIM_TEXTS
from samordna.documents.models import Document, DocumentText
from samordna.documents.tests.helpers import section, vastmanland
from samordna.finance.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_demo_documents_are_made_once_with_seed_000s_text() -> None:
    assert demo.load() == {}  # no demo förbund, nothing made
    vastmanland(finance_demo_data=True)
    assert demo.load()["documents"] > 0
    counts = (Document.objects.count(), DocumentText.objects.count(), AuditEntry.objects.count())
    entries = sorted(LedgerEntry.objects.values_list("date", "account", "cost_centre", "amount"))
    assert demo.load() == {}
    assert (Document.objects.count(), DocumentText.objects.count(), AuditEntry.objects.count()) == counts
    assert sorted(LedgerEntry.objects.values_list("date", "account", "cost_centre", "amount")) == entries
    interim = Document.objects.get(kind="delarsrapport")
    annual = Document.objects.get(kind="arsredovisning")
    assert (interim.until.isoformat(), annual.until.isoformat()) == ("2024-08-31", "2024-12-31")
    data = selectors.content(interim)
    assert section(data, "om_forbundet")["text"] == INTERIM_TEXTS["om_forbundet"].strip()
    economy = section(data, "ekonomi")["tables"][0]
    lines = [row["cells"]["actual"] for row in economy["rows"] if row["style"] == "data" and row["cells"].get("code")]
    total = next(row for row in economy["rows"] if row["style"] == "total")["cells"]
    assert total["actual"] == sum(lines) != 0
    annual_data = selectors.content(annual)
    assert annual_data["title"] == "Årsredovisning 2024"
    result = section(annual_data, "resultatrakning")["tables"][0]
    year_result = next(row for row in result["rows"] if row["style"] == "total")["cells"]["current"]
    assert year_result == total["actual"]  # the booked year's result is the follow-up's outcome

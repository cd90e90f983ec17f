"""Demo documents for `samordna demo`: Västmanland's delårsrapport to 2024-08-31 and årsredovisning 2024, as
drafts with the texts of seed 000 (`demo_texts`) and the figures of the demo data.

A document that already exists for the period (draft or frozen) is left as it is, and a text already written is
not replaced, so running again changes nothing and edits made in Samordna survive.

The finance demo's 2024 ledger is seed 000's outcome to 31 August (a CSV without balances), so the årsredovisning
would have no resultaträkning or balansräkning. `balances_2024` imports once, through the finance service, the
same entries as a SIE file (`demo-bokslut-2024.se`: each entry against the bank, 1930) with the opening balances
of 2024 (the demo's opening equity in the bank) and 2023's closing ones, so the annual accounts of 2024 are those
of the demo's booked year (January–August) and the budget follow-up is unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from samordna.core.models import Association
from samordna.documents import services
from samordna.documents.demo_texts import ANNUAL_TEXTS, INTERIM_TEXTS
from samordna.documents.models import Document, DocumentKind, DocumentText
from samordna.finance import seed_data
from samordna.finance import selectors as finance_selectors
from samordna.finance.ledger_services import ledger_import

DEMO_ASSOCIATION = "vastmanland"
DEMO_DOCUMENTS = (
    (DocumentKind.INTERIM, 2024, dt.date(2024, 8, 31), INTERIM_TEXTS),
    (DocumentKind.ANNUAL, 2024, dt.date(2024, 12, 31), ANNUAL_TEXTS),
)


BALANCES_FILE = "demo-bokslut-2024.se"


def balances_sie(opening_equity: Decimal) -> bytes:
    """Seed 000's 2024 entries as a SIE 4 file with 2024's opening balances (see the module docstring)."""
    equity = f"{opening_equity:.2f}"
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#FNAMN "Samordningsforbundet Vastmanland"',
        "#RAR 0 20240101 20241231",
        "#RAR -1 20230101 20231231",
        '#DIM 1 "Kostnadsstalle"',
        '#KONTO 1930 "Bank"',
        '#KONTO 2010 "Eget kapital"',
        '#KONTO 3511 "Medel fran huvudmannen"',
        '#KONTO 4610 "Verksamhetens kostnader"',
    ]
    for kind, year in (("IB", -1), ("UB", -1), ("IB", 0)):
        lines += [f"#{kind} {year} 1930 {equity}", f"#{kind} {year} 2010 -{equity}"]
    rows = list(csv.DictReader(io.StringIO(seed_data.followup_ledger_csv().decode("utf-8"))))
    for number, row in enumerate(rows, start=1):
        date = row["date"].replace("-", "")
        lines += [
            f'#VER A {number} {date} "Utfall t.o.m. augusti"',
            "{",
            f'#TRANS {row["account"]} {{1 "{row["cost_centre"]}"}} {Decimal(row["amount"]):.2f}',
            f"#TRANS 1930 {{}} {-Decimal(row['amount']):.2f}",
            "}",
        ]
    return ("\n".join(lines) + "\n").encode("cp437")


def balances_2024(association: Association, acting_user: Any) -> int:
    """Import the 2024 balances once (1 when imported, else 0)."""
    if any(i.filename == BALANCES_FILE for i in finance_selectors.ledger_imports(association=association, limit=50)):
        return 0
    equity = {e.year: e.amount for e in finance_selectors.opening_equities(association=association)}.get(2024)
    if equity is None or finance_selectors.booked_until(association=association, year=2024) is None:
        return 0
    ledger_import(acting_user=acting_user, association=association, data=balances_sie(equity), filename=BALANCES_FILE)
    return 1


def load(*, acting_user: Any = None) -> dict[str, int]:
    """Create the demo documents and their texts where missing; returns how many rows were written."""
    association = Association.objects.filter(slug=DEMO_ASSOCIATION).first()
    if association is None:
        return {}
    written = balances_2024(association, acting_user)
    for kind, year, until, texts in DEMO_DOCUMENTS:
        document = Document.objects.filter(association=association, kind=kind, year=year, until=until).first()
        if document is None:
            document = services.document_create(
                acting_user=acting_user, association=association, kind=kind, year=year, until=until
            )
            written += 1
        if document.frozen:
            continue
        have = set(DocumentText.objects.filter(document=document).values_list("key", flat=True))
        for key, body in texts.items():
            if key not in have:
                services.text_save(acting_user=acting_user, document=document, key=key, body=body)
                written += 1
    return {"documents": written} if written else {}

"""Demo documents for `samordna demo`: Västmanland's delårsrapport to 2024-08-31 and årsredovisning 2024, as
drafts with the texts of seed 000 (`demo_texts`) and the figures of the demo data.

A document that already exists for the period (draft or frozen) is left as it is, and a text already written is
not replaced, so running again changes nothing and edits made in Samordna survive.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.core.models import Association
from samordna.documents import services
from samordna.documents.demo_texts import ANNUAL_TEXTS, INTERIM_TEXTS
from samordna.documents.models import Document, DocumentKind, DocumentText

DEMO_ASSOCIATION = "vastmanland"
DEMO_DOCUMENTS = (
    (DocumentKind.INTERIM, 2024, dt.date(2024, 8, 31), INTERIM_TEXTS),
    (DocumentKind.ANNUAL, 2024, dt.date(2024, 12, 31), ANNUAL_TEXTS),
)


def load(*, acting_user: Any = None) -> dict[str, int]:
    """Create the demo documents and their texts where missing; returns how many rows were written."""
    association = Association.objects.filter(slug=DEMO_ASSOCIATION).first()
    if association is None:
        return {}
    written = 0
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

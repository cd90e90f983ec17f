"""Sample rows for the shared access and query-count tests (samordna/testing/objects.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from samordna.documents.models import Document, DocumentKind, DocumentStatus, DocumentText

SAMPLE_SECTION = "redovisningsprinciper"


def sample_snapshot(association: Any) -> dict[str, Any]:
    """A small frozen content: one written section and one generated table."""
    return {
        "kind": DocumentKind.ANNUAL,
        "title": "Årsredovisning 2024",
        "association": association.slug,
        "association_name": association.name,
        "year": 2024,
        "until": "2024-12-31",
        "status": DocumentStatus.FROZEN,
        "adopted_on": "2025-03-20",
        "decision": "§ 5",
        "notes": [],
        "sections": [
            {
                "key": SAMPLE_SECTION,
                "title": "Redovisningsprinciper",
                "level": 1,
                "source": "text",
                "text": "Enligt **lagen** om kommunal bokföring.",
                "paragraphs": [],
                "tables": [],
                "empty": "",
            },
            {
                "key": "resultatrakning",
                "title": "Resultaträkning",
                "level": 1,
                "source": "generated",
                "text": "",
                "paragraphs": [],
                "tables": [
                    {
                        "key": "resultatrakning",
                        "title": "Resultaträkning",
                        "columns": [
                            {"key": "name", "label": "Belopp i kr", "kind": "text", "group": "", "decimals": 1},
                            {"key": "current", "label": "2024", "kind": "money", "group": "", "decimals": 1},
                        ],
                        "rows": [
                            {"style": "total", "cells": {"name": "Årets resultat", "current": -591000}, "hidden": []}
                        ],
                        "notes": [],
                    }
                ],
                "empty": "",
            },
        ],
    }


def sample_document(tenant: Any) -> Document:
    """A frozen årsredovisning 2024 of the tenant (readable by its viewers), with one written text."""
    document = Document.objects.filter(association=tenant.association, status=DocumentStatus.FROZEN).first()
    if document is None:
        document = Document.objects.create(
            association=tenant.association,
            kind=DocumentKind.ANNUAL,
            year=2024,
            until=dt.date(2024, 12, 31),
            title="Årsredovisning 2024",
            status=DocumentStatus.FROZEN,
            adopted_on=dt.date(2025, 3, 20),
            snapshot=sample_snapshot(tenant.association),
            frozen_at=timezone.now(),
        )
        DocumentText.objects.create(document=document, key=SAMPLE_SECTION, body="Enligt **lagen**.")
    return document

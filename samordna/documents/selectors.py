"""Reads of the documents app: the förbund's documents, their texts and history, their content, comparisons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from samordna.core.models import Association
from samordna.documents import assemble
from samordna.documents.content import figures
from samordna.documents.models import Document, DocumentStatus, DocumentText, TextVersion


def documents_of(association: Association, *, frozen_only: bool = False) -> QuerySet[Document]:
    """The förbund's documents, newest period first, without their snapshots (a list needs none)."""
    qs = Document.objects.for_association(association).defer("snapshot").select_related("association")
    return qs.filter(status=DocumentStatus.FROZEN) if frozen_only else qs


def document_of(association: Association, pk: int) -> Document | None:
    """One of the förbund's documents, or None."""
    return Document.objects.for_association(association).select_related("association").filter(pk=pk).first()


def texts(document: Document) -> dict[str, str]:
    """The written texts of a document by section key."""
    return dict(DocumentText.objects.filter(document=document).values_list("key", "body"))


def text_of(document: Document, key: str) -> DocumentText | None:
    """The stored text of one section, or None when nothing was written yet."""
    return DocumentText.objects.filter(document=document, key=key).first()


def history(text: DocumentText | None) -> list[TextVersion]:
    """Earlier texts of a section, newest first."""
    if text is None:
        return []
    return list(TextVersion.objects.filter(text=text).select_related("saved_by").order_by("-saved_at", "-pk"))


def meta(document: Document) -> assemble.Meta:
    """The document's own facts for assembling it."""
    return assemble.Meta(
        title=document.title,
        status=document.status,
        adopted_on=document.adopted_on.isoformat() if document.adopted_on else None,
        decision=document.decision,
        texts=texts(document),
    )


def live_content(document: Document) -> dict[str, Any]:
    """The document made from today's data and its texts (ValidationError when the period is refused)."""
    return assemble.content(
        association=document.association,
        kind=document.kind,
        year=document.year,
        until=document.until,
        meta=meta(document),
    )


def content(document: Document) -> dict[str, Any]:
    """A frozen document's snapshot; a draft's live content."""
    if document.frozen and document.snapshot is not None:
        return dict(document.snapshot)
    return live_content(document)


def draft_for(document: Document) -> Document | None:
    """The draft of the same period (for a frozen document), if any."""
    return (
        Document.objects.for_association(document.association)
        .filter(kind=document.kind, year=document.year, until=document.until, status=DocumentStatus.DRAFT)
        .first()
    )


def for_period(association: Association, kind: str, year: int, until: dt.date) -> Document | None:
    """The period's draft, else its latest frozen document, else None."""
    qs = Document.objects.for_association(association).filter(kind=kind, year=year, until=until)
    return qs.filter(status=DocumentStatus.DRAFT).first() or qs.order_by("-frozen_at", "-pk").first()


@dataclass(frozen=True)
class Difference:
    """One figure of the frozen document against the draft."""

    section: str
    table: str
    row: str
    column: str
    frozen: Any
    draft: Any

    @property
    def changed(self) -> bool:
        return self.frozen != self.draft


def compare(frozen: dict[str, Any], draft: dict[str, Any]) -> list[Difference]:
    """Every figure of both versions, table by table (matched by section key, table key and row label)."""
    out: list[Difference] = []

    def by_table(data: dict[str, Any]) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
        return {(s["key"], t["key"] or t["title"]): (s["title"], t) for s in data["sections"] for t in s["tables"]}

    old, new = by_table(frozen), by_table(draft)
    for key in [*old, *(k for k in new if k not in old)]:
        section, table = old.get(key) or new[key]
        labels = {c["key"]: c["label"] for c in table["columns"]}
        old_figures = {(r, c): v for r, c, v in figures(old[key][1])} if key in old else {}
        new_figures = {(r, c): v for r, c, v in figures(new[key][1])} if key in new else {}
        if key in new:
            labels.update({c["key"]: c["label"] for c in new[key][1]["columns"]})
        for row, column in [*old_figures, *(k for k in new_figures if k not in old_figures)]:
            out.append(
                Difference(
                    section,
                    table["title"],
                    row,
                    labels.get(column, column),
                    old_figures.get((row, column)),
                    new_figures.get((row, column)),
                )
            )
    return out

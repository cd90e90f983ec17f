"""The document content as a report of the kit: JSON, CSV, XLSX and HTML as usual; DOCX and PDF are the
document itself (`documents.render`: headings, a table of contents, page numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samordna.core.models import Association
from samordna.documents import markup
from samordna.documents.content import table_from
from samordna.reporting.tables import Report, Section


def report_sections(data: dict[str, Any]) -> list[Section]:
    """The content's sections for the kit's renderers (plain paragraphs, the tables)."""
    out = []
    for part in data["sections"]:
        paragraphs = markup.plain(part["text"]) + list(part["paragraphs"])
        if part["empty"]:
            paragraphs.append(part["empty"])
        out.append(Section(part["title"], paragraphs, [table_from(t) for t in part["tables"]], level=part["level"] + 1))
    return out


@dataclass
class DocumentReport(Report):
    """A report whose DOCX and PDF are the document (`documents.render`), made from `content`."""

    content: dict[str, Any] = field(default_factory=dict)
    own_formats: tuple[str, ...] = ("docx", "pdf")

    def render_own(self, fmt: str) -> bytes:
        """The document as DOCX or PDF bytes."""
        from samordna.documents import render

        return render.docx(self.content) if fmt == "docx" else render.pdf(self.content)


def as_report(data: dict[str, Any], association: Association) -> DocumentReport:
    """The content as a report of the kit (its JSON body is the content)."""
    intro = [f"{data['association_name']} · {data['title']}", *data.get("notes", [])]
    return DocumentReport(
        data["kind"],
        data["title"],
        association,
        data=data,
        paragraphs=intro,
        sections=report_sections(data),
        content=data,
    )

"""The document as DOCX (python-docx) and PDF (WeasyPrint) from its content data (`documents.content`).

DOCX: Word's own heading styles (Heading 1 for a section, Heading 2 for a subsection, Heading 3 for a table's
title), a table of contents as a TOC field (Word fills it when the file is opened: `updateFields`), page
numbers as a PAGE field in the footer, the written text with its headings, lists, bold and italic. PDF: the same
content as HTML (`documents/document_pdf.html`), a table of contents with page numbers and numbered pages.
Every text goes through `reporting.renderers.safety.clean`.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from samordna.documents import markup
from samordna.documents.content import table_from
from samordna.reporting.renderers.safety import clean
from samordna.reporting.tables import RowStyle, Table, format_cell

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """A Word field (begin, instruction, separate, the shown text, end) at the end of a paragraph."""

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(char("end"))


def _update_fields_on_open(document: Any) -> None:
    settings = document.settings.element
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    settings.append(element)


def _cell(cell: Any, text: str, *, bold: bool = False, right: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(clean(text))
    run.bold = bold
    run.font.size = Pt(8.5)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(document: Any, table: Table) -> None:
    document.add_heading(clean(table.title), level=3)
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, column in enumerate(table.columns):
        label = f"{column.group} {column.label}".strip() if column.group else column.label
        _cell(grid.cell(0, index), label, bold=True, right=column.numeric)
    for row in table.rows:
        cells = grid.add_row().cells
        bold = row.style in (RowStyle.SUBTOTAL, RowStyle.TOTAL, RowStyle.HEADING)
        for index, column in enumerate(table.columns):
            _cell(cells[index], format_cell(row, column), bold=bold, right=column.numeric)
    for note in table.notes:
        paragraph = document.add_paragraph()
        paragraph.add_run(clean(note)).italic = True


LIST_STYLES = {("bullet", 1): "List Bullet", ("bullet", 2): "List Bullet 2", ("number", 1): "List Number"}


def _text(document: Any, text: str, level: int) -> None:
    for block in markup.blocks(text):
        if block.kind == "heading":
            paragraph = document.add_heading("", level=min(level + block.level, 4))
        elif block.kind in ("bullet", "number"):
            style = LIST_STYLES.get((block.kind, min(block.level, 2)), "List Number 2")
            paragraph = document.add_paragraph(style=style)
        else:
            paragraph = document.add_paragraph()
        for piece in block.runs:
            run = paragraph.add_run(clean(piece.text))
            run.bold = piece.bold or None
            run.italic = piece.italic or None


def status_line(data: dict[str, Any]) -> str:
    """ "Fastställd av styrelsen 2025-03-21 (§ 12)" or "Utkast"."""
    if data.get("status") == "faststalld" and data.get("adopted_on"):
        line = _("Fastställd av styrelsen %(d)s") % {"d": data["adopted_on"]}
        return line + (f" ({data['decision']})" if data.get("decision") else "")
    return _("Utkast")


def docx(data: dict[str, Any]) -> bytes:
    """The document as a Word file."""
    with translation.override("sv"):
        document = Document()
        section = document.sections[0]
        section.left_margin = section.right_margin = Cm(2.2)
        document.core_properties.title = clean(data["title"])
        document.core_properties.language = "sv-SE"
        document.add_heading(clean(data["title"]), level=0)
        document.add_paragraph(clean(data.get("association_name", "")))
        document.add_paragraph(clean(status_line(data)))
        for note in data.get("notes", []):
            document.add_paragraph(clean(note))
        document.add_paragraph().add_run(_("Innehåll")).bold = True
        _field(document.add_paragraph(), TOC_INSTRUCTION, _("Innehållsförteckningen fylls i när filen öppnas i Word."))
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for part in data["sections"]:
            document.add_heading(clean(part["title"]), level=part["level"])
            if part["text"]:
                _text(document, part["text"], part["level"])
            for paragraph in part["paragraphs"]:
                document.add_paragraph(clean(paragraph))
            if part["empty"]:
                document.add_paragraph().add_run(clean(part["empty"])).italic = True
            for table in part["tables"]:
                _table(document, table_from(table))
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(clean(f"{data['title']} · {_('sida')} "))
        _field(footer, "PAGE", "1")
        _update_fields_on_open(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def html(data: dict[str, Any]) -> str:
    """The document as one HTML page (for the PDF)."""
    sections = [
        {
            **part,
            "html": markup.to_html(part["text"]),
            "anchor": f"s-{index}",
            "tables": [table_from(t) for t in part["tables"]],
        }
        for index, part in enumerate(data["sections"])
    ]
    with translation.override("sv"):
        return render_to_string(
            "documents/document_pdf.html", {"data": data, "sections": sections, "status": status_line(data)}
        )


def pdf(data: dict[str, Any]) -> bytes:
    """The document as PDF bytes."""
    from weasyprint import HTML  # loaded only for PDF (Pango is slow to load)

    return HTML(string=html(data)).write_pdf()

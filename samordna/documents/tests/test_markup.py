"""The written text: a small Markdown subset, rendered without any raw HTML."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import ValidationError

from samordna.documents import markup, render

TEXT = "# Rubrik\n\nEtt **fett** och *kursivt* stycke.\n\n- ett\n- två\n\n1. första\n"


def test_blocks_and_html() -> None:
    kinds = [(b.kind, b.level, b.text) for b in markup.blocks(TEXT)]
    assert kinds == [
        ("heading", 1, "Rubrik"),
        ("paragraph", 0, "Ett fett och kursivt stycke."),
        ("bullet", 1, "ett"),
        ("bullet", 1, "två"),
        ("number", 1, "första"),
    ]
    html = markup.to_html(TEXT)
    assert "<strong>fett</strong>" in html and "<em>kursivt</em>" in html and "<ul>" in html and "<ol>" in html


@pytest.mark.parametrize("text", ["a <b>b</b>", "<script>x</script>", "[länk](javascript:alert(1))", "![bild](x.png)"])
def test_nothing_becomes_markup_that_was_not_allowed(text: str) -> None:
    html = markup.to_html(text)
    assert "<script" not in html and "<a " not in html and "<img" not in html and "<b>" not in html


@pytest.mark.parametrize("text", ["a <b>b</b>", "<!-- kommentar -->", "x\x07y"])
def test_check_refuses_html_and_control_characters(text: str) -> None:
    with pytest.raises(ValidationError):
        markup.check(text)


def test_docx_keeps_emphasis_and_lists() -> None:
    data = {
        "title": "Årsredovisning 2024",
        "association_name": "Förbundet",
        "status": "utkast",
        "notes": [],
        "sections": [
            {"key": "a", "title": "Avsnitt", "level": 1, "text": TEXT, "paragraphs": [], "tables": [], "empty": ""}
        ],
    }
    document = docx.Document(io.BytesIO(render.docx(data)))
    paragraphs = {p.text: p for p in document.paragraphs}
    assert paragraphs["Rubrik"].style.name == "Heading 2"
    runs = {r.text: r for r in paragraphs["Ett fett och kursivt stycke."].runs}
    assert runs["fett"].bold and runs["kursivt"].italic
    assert paragraphs["ett"].style.name == "List Bullet" and paragraphs["första"].style.name == "List Number"

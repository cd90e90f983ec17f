"""The `survey` report kind in every format: figures internally, and published a small round shows none."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from samordna.surveys import services
from samordna.surveys.tests.helpers import answer, make_round
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
FORMATS = ["json", "csv", "xlsx", "docx", "pdf"]


def _run(tmp_path: Path, slug: str, fmt: str, *extra: str) -> bytes:
    target = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.{fmt}"
    call_command("report", "survey", "--association", slug, "--round", "r1", "--format", fmt, "-o", str(target), *extra)
    return target.read_bytes()


def _text(fmt: str, content: bytes) -> str:
    if fmt in ("json", "csv"):
        return content.decode("utf-8-sig")
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        return " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value)
    if fmt == "docx":
        document = Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return " ".join([p.text for p in document.paragraphs] + cells)
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def small_round(cast: Cast):  # type: ignore[no-untyped-def]
    survey_round = make_round(cast.a)
    for value in (5, 4, 4, 4):  # mean 4.25, four answers: fewer than k = 5
        answer(survey_round, value, text="Fritext som aldrig exporteras")
    return services.round_update(acting_user=None, survey_round=survey_round, is_open=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_has_the_figures_and_no_free_text(fmt: str, cast: Cast, small_round, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = _text(fmt, _run(tmp_path, cast.a.association.slug, fmt))
    assert ("4.25" if fmt in ("json", "xlsx") else "4,25") in text
    assert "Fritext som aldrig" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_published_small_round_shows_nothing(fmt: str, cast: Cast, small_round, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    content = _run(tmp_path, cast.a.association.slug, fmt, "--publish")
    text = _text(fmt, content)
    assert "4,25" not in text and "4.25" not in text and "Fritext som aldrig" not in text
    if fmt == "json":
        body = json.loads(content)
        assert body["suppressed"] is True and body["responses"] is None
        assert body["suppression"]["hidden_cells"] > 0
        for q in body["questions"]:
            assert q["count"] is None
            assert all(d["count"] is None for d in q.get("distribution", []))
            assert q.get("mean") is None and q.get("share_at_least") is None
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        numbers = [
            c.value
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for c in row
            if isinstance(c.value, int | float) and not isinstance(c.value, bool)
        ]
        assert numbers == []
    if fmt in ("docx", "pdf"):
        assert "färre än 5 svar" in text


def test_published_round_with_enough_answers_shows_figures(cast: Cast, small_round, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answer(small_round, 3, channel="paper")
    body = json.loads(_run(tmp_path, cast.a.association.slug, "json", "--publish"))
    assert body["responses"] == 5 and body["suppressed"] is False
    nytta = next(q for q in body["questions"] if q["code"] == "nytta")
    assert [d["count"] for d in nytta["distribution"]] == [0, 0, 1, 3, 1]
    assert nytta["share_at_least"] == 0.8 and body["round"]["version"] == 1


def test_unknown_round_exits_1(cast: Cast, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises((CommandError, SystemExit)):
        call_command("report", "survey", "--association", cast.a.association.slug, "--round", "nej", "--format", "json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_page_downloads_every_format_published_for_viewers(fmt: str, cast: Cast, small_round, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("viewer").get(small_round.get_absolute_url(), {"format": fmt})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = _text(fmt, response.content)
    assert "4,25" not in text and "4.25" not in text and "Fritext som aldrig" not in text

"""The Uppföljning Finsam page: who may open it, what a viewer sees (never an internal small count), exports."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samordna.core.models import AccessLogEntry, AuditEntry
from samordna.reports.finsam.figures import build_finsam_figures
from samordna.reports.tests import finsam_fixture as fx

YEAR = fx.YEAR


def url(slug: str = "alfa") -> str:
    return reverse("reports:uppfoljning-finsam", kwargs={"association": slug})


@pytest.fixture
def data(cast: Any) -> Any:
    fx.build(cast)
    return cast


def small_counts(association: Any) -> set[int]:
    """The internal participant counts 1..k-1 of the fixture (what a viewer must never see)."""
    figures = build_finsam_figures(association=association, year=YEAR)
    counts = [v for r in figures["individual"] for v in r["participants"].values()]
    counts += [r["participants"] for r in figures["structural"]]
    return {c for c in counts if 1 <= c < association.suppression_threshold}


def table_cells(html: str, caption: str) -> list[list[str]]:
    """The body rows (th and td texts) of the table with `caption`."""
    table = html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_access(data: Any, client_for: Any) -> None:
    assert Client().get(url()).status_code == 302
    assert client_for("admin_b").get(url()).status_code == 404
    assert client_for("outsider").get(url()).status_code == 404
    for role in ("intervention_manager", "registrar"):
        assert client_for(role).get(url()).status_code == 403
        assert client_for(role).get(url() + "?format=xlsx").status_code == 403
    assert client_for("admin").get(url()).status_code == 200
    assert client_for("viewer").get(reverse("reports:home", kwargs={"association": "alfa"})).status_code == 200


def test_admin_sees_internal_figures_on_request_with_year_selector_and_exports(data: Any, client_for: Any) -> None:
    admin = client_for("admin")
    html = admin.get(url(), {"year": YEAR}).content.decode()  # the published version is the default for everyone
    assert "Publicerad version" in html and 'id="intern-export"' not in html
    assert not AccessLogEntry.objects.filter(what="reports.uppfoljning_finsam.internal").exists()
    html = admin.get(url(), {"year": YEAR, "version": "intern"}).content.decode()
    assert '<select id="finsam-year" name="year">' in html and f'<option value="{YEAR}" selected>' in html
    assert '<th scope="col"' in html and "<caption>Individinriktade insatser</caption>" in html
    for fmt in ("xlsx", "csv", "docx", "pdf", "json"):
        assert f"year={YEAR}&amp;format={fmt}" in html  # plain links are published files
    assert 'id="intern-export"' in html and 'name="confirm"' in html  # internal files only by confirmed POST
    rows = {r[0]: r[1:] for r in table_cells(html, "Individinriktade insatser")}
    figures = build_finsam_figures(association=data.a.association, year=YEAR)
    p = {r["code"]: r["participants"] for r in figures["individual"]}["1063"]
    assert rows["1063 Samordningsteam"][:4] == [str(p["women"]), str(p["men"]), str(p["other"]), str(p["all"])]
    assert "Rapporter" in html  # the navigation entry
    assert AccessLogEntry.objects.filter(what="reports.uppfoljning_finsam.internal").count() == 1


def test_viewer_never_sees_an_internal_small_count(data: Any, client_for: Any) -> None:
    association = data.a.association
    small = small_counts(association)
    assert small  # the fixture has some
    viewer = client_for("viewer")
    assert viewer.get(url(), {"year": YEAR, "version": "intern"}).status_code == 403
    assert viewer.get(url(), {"year": YEAR, "version": "intern", "format": "json"}).status_code == 403
    assert viewer.post(url(), {"year": YEAR, "version": "intern", "format": "json", "confirm": "1"}).status_code == 403
    for query in ({"year": YEAR}, {"year": YEAR, "version": "publicerad"}):
        html = viewer.get(url(), query).content.decode()
        assert "Visa intern version" not in html
        for caption in ("Individinriktade insatser", "Strukturinriktade insatser"):
            rows = table_cells(html, caption)
            counts = [c for row in rows for c in row[1:-3]]
            assert "–" in counts
            assert not [c for c in counts if c.isdigit() and int(c) in small], (caption, rows)
        body = json.loads(viewer.get(url(), {**query, "format": "json"}).content)
        assert body["published"] is True and body["suppression"]["hidden_cells"] > 0
        workbook = load_workbook(io.BytesIO(viewer.get(url(), {**query, "format": "xlsx"}).content))
        sheet = workbook["Individinriktade insatser"]
        assert [c.value for c in sheet[3]] == [
            "Insats",
            "Kvinnor",
            "Män",
            "Annat",
            "Totalt",
            f"Budget {YEAR}",
            f"Utfall {YEAR}",
            "Budgeterat antal deltagare",
        ]
        for row in sheet.iter_rows(min_row=4, values_only=True):
            assert not [v for v in row[1:5] if isinstance(v, int) and v in small], row
        text = viewer.get(url(), {**query, "format": "csv"}).content.decode("utf-8-sig")
        checked = 0
        for row in csv.reader(io.StringIO(text), delimiter=";"):
            if row and row[0].startswith(("0999", "1063", "1064", "2001", "2002", "Summa ")) and len(row) in (5, 8):
                counts = row[1:-3]
                assert not [c for c in counts if c.isdigit() and int(c) in small], row
                checked += 1
        assert checked == 7  # three individual rows and their sum, two structural rows and their sum
    assert not AuditEntry.objects.filter(action="export", object_type="report").exists()


def test_admin_published_version_and_logged_internal_export(data: Any, client_for: Any) -> None:
    admin = client_for("admin")
    for version in ({}, {"version": "publicerad"}, {"version": "publicering"}):  # the older word still works
        published = json.loads(admin.get(url(), {"year": YEAR, "format": "json", **version}).content)
        assert published["published"] is True and published["suppression"]["hidden_cells"] > 0
    asked = admin.get(url(), {"year": YEAR, "version": "intern", "format": "json"})
    assert asked["Content-Type"].startswith("text/html") and 'id="intern-export"' in asked.content.decode()
    refused = admin.post(url(), {"year": YEAR, "version": "intern", "format": "json"})
    assert refused.status_code == 400 and "Bekräfta" in refused.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()
    response = admin.post(url(), {"year": YEAR, "version": "intern", "format": "json", "confirm": "1"})
    internal = json.loads(response.content)
    assert internal["published"] is False and internal["individual"][1]["registered"]["all"] > 0
    assert internal["notice"] == "Intern version – får inte publiceras"
    assert "intern" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="export", object_type="report")
    assert entry.association == data.a.association and entry.changes["year"] == YEAR
    csv_text = admin.post(url(), {"year": YEAR, "version": "intern", "format": "csv", "confirm": "1"}).content
    assert "Intern version – får inte publiceras" in csv_text.decode("utf-8-sig").splitlines()[0]
    assert admin.get(url(), {"year": YEAR, "format": "docx"}).status_code == 200
    assert admin.get(url(), {"year": YEAR, "format": "pdf"}).content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="export").count() == 2  # plain downloads are published, not logged
    response = admin.get(url(), {"year": "19x"})
    assert response.status_code == 200 and "ÅÅÅÅ" in response.content.decode()

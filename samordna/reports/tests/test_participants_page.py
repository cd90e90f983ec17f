"""The participant statistics page (/f/<association>/rapporter/deltagare/) on seed 002's 2017 figures.

Every expected number comes from the fixture's own definition (seed002.TEAMS) or from the internal
report builder, never typed in: the page, each export format (read back with its own reader) and
the filters are checked against them. The page is the admins' flexible report; everyone else reads the
publications (samordna/publications), and the page's published files are the publication's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention
from samordna.participants.statistics import build_participant_report
from samordna.publications.models import Publication
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod
from samordna.reports.tests import seed002
from samordna.testing.cast import Cast

NOTICE = "Intern version – får inte publiceras"


@pytest.fixture
def seed(cast: Cast) -> seed002.Seed002:
    return seed002.build(cast.a.association)


def page_url(cast: Cast, slug: str | None = None) -> str:
    return reverse("reports:participants", kwargs={"association": slug or cast.a.association.slug})


def internal_2017(seed: seed002.Seed002, **kwargs: Any) -> dict[str, Any]:
    return build_participant_report(
        association=seed.association, date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 12, 31), **kwargs
    )


def expected_totals() -> dict[str, int]:
    """119 / 75 / 44 / 50 / 54, summed from the fixture's definition."""
    rows = [row for team in seed002.TEAMS.values() for row in team.values()]
    return {
        "all": sum(r[0] + r[1] for r in rows),
        "women": sum(r[0] for r in rows),
        "men": sum(r[1] for r in rows),
        "new": sum(r[2] + r[4] for r in rows),
        "ended": sum(r[3] + r[4] for r in rows),
    }


def small_end_reasons(seed: seed002.Seed002) -> dict[str, int]:
    """End-reason rows ("5 Flytt" → 2) whose internal count is small (1..k-1): they must be hidden."""
    k = seed.association.suppression_threshold
    found = {f"{r['code']} {r['label']}": r["count"] for r in internal_2017(seed)["end_reasons"] if 1 <= r["count"] < k}
    assert found, "the fixture must have small end-reason counts for these tests to mean anything"
    return found


class Tables(HTMLParser):
    """The report tables of a page: caption → rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table" and self._caption is not None:
            self.tables[self._caption.strip()] = self._rows

    def handle_data(self, data: str) -> None:
        if self._in_caption and self._caption is not None:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def page_tables(response: Any) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def row(table: list[list[str]], first: str) -> list[str]:
    return next(r for r in table if r and r[0] == first)


def number(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(" ", ""))


def get_json(client: Client, url: str, query: str) -> dict[str, Any]:
    """The report for a query as the admin's confirmed internal JSON file (every filter, no suppression)."""
    data: dict[str, Any] = {}
    for key, value in (pair.split("=", 1) for pair in query.split("&") if pair):
        data.setdefault(key, []).append(value)
    response = client.post(url, {**data, "version": "intern", "format": "json", "confirm": "1"})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return json.loads(response.content)


def published_2017(seed: seed002.Seed002) -> Publication:
    return release_publication(association=seed.association, period=FixedPeriod.whole_year(2017), acting_user=None)


# --- the page -----------------------------------------------------------------------------------------


def test_viewer_reads_the_publication_with_published_counts_and_hidden_small_end_reasons(
    seed: seed002.Seed002, cast: Cast, client_for: Any
) -> None:
    expected = expected_totals()
    small = small_end_reasons(seed)
    viewer = client_for(Role.VIEWER)
    assert viewer.get(page_url(cast) + "?year=2017").status_code == 403  # no free queries for viewers
    publication = published_2017(seed)
    detail = reverse("publications:detail", kwargs={"association": cast.a.association.slug, "pk": publication.pk})
    response = viewer.get(detail)
    assert response.status_code == 200
    tables = page_tables(response)
    totals = tables["Deltagare under perioden"]
    assert [number(c) for c in row(totals, "Deltagare")[1:4]] == [expected["all"], expected["women"], expected["men"]]
    assert number(row(totals, "Nya")[1]) == expected["new"]
    assert number(row(totals, "Avslutade")[1]) == expected["ended"]
    reasons = tables["Avslutsanledning"]
    for label in small:
        assert row(reasons, label)[1:] == ["–", "–"], label  # count and share hidden
    assert number(row(reasons, "Totalt")[1]) == expected["ended"]
    body = response.content.decode()
    assert NOTICE not in body and 'name="version"' not in body  # no internal toggle for viewers
    assert "Publicerad version" in body
    for fmt in ("xlsx", "csv", "docx", "pdf", "json"):
        assert f"{detail}?format={fmt}" in body


def test_admin_page_has_charts_and_the_publications_files(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    body = admin.get(page_url(cast) + "?year=2017").content.decode()
    # Charts inline as accessible SVG inside figures with captions.
    assert body.count('<figure class="chart"><svg role="img" aria-label="') == len(re.findall("<figcaption>", body)) > 0
    assert "Det finns ingen publicering för perioden ännu" in body  # no published file without a publication
    publication = published_2017(seed)
    body = admin.get(page_url(cast) + "?year=2017").content.decode()
    detail = reverse("publications:detail", kwargs={"association": cast.a.association.slug, "pk": publication.pk})
    for fmt in ("xlsx", "csv", "docx", "pdf", "json"):
        assert f"{detail}?format={fmt}" in body
    custom = admin.get(page_url(cast) + "?period=custom&from=2017-03-15&to=2017-06-30&format=json")
    assert custom.status_code == 400 and "fast period" in custom.content.decode()


def test_admin_sees_internal_version_only_when_asking_and_clearly_labelled(
    seed: seed002.Seed002, cast: Cast, client_for: Any
) -> None:
    small = small_end_reasons(seed)
    admin = client_for(Role.ADMIN)
    published = admin.get(page_url(cast) + "?year=2017")
    assert NOTICE not in published.content.decode()
    assert row(page_tables(published)["Avslutsanledning"], next(iter(small)))[1] == "–"
    assert "version=intern" in published.content.decode()  # the toggle
    internal = admin.get(page_url(cast) + "?year=2017&version=intern")
    assert internal.status_code == 200
    body = internal.content.decode()
    assert NOTICE in body and 'id="internal-banner"' in body
    reasons = page_tables(internal)["Avslutsanledning"]
    for label, count in small.items():
        assert number(row(reasons, label)[1]) == count
    # The plain export links on the internal page are the published ones (no version in them).
    assert "version=intern&amp;format=" not in body


def test_the_nav_item_is_shown(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    publications = reverse("publications:list", kwargs={"association": "alfa"})
    for role in (Role.ADMIN, Role.VIEWER, Role.INTERVENTION_MANAGER, Role.REGISTRAR):
        body = client_for(role).get(reverse("core:dashboard", kwargs={"association": "alfa"})).content.decode()
        assert (f'href="{page_url(cast)}"' in body) == (role == Role.ADMIN), role
        assert f'href="{publications}"' in body, role


# --- filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("year=2017", "2017-01-01", "2017-12-31"),
        ("period=year&year=2017", "2017-01-01", "2017-12-31"),
        ("period=interim&year=2017", "2017-01-01", "2017-08-31"),
        ("period=t1&year=2017", "2017-01-01", "2017-04-30"),
        ("period=t2&year=2017", "2017-05-01", "2017-08-31"),
        ("period=t3&year=2017", "2017-09-01", "2017-12-31"),
        ("period=custom&from=2017-03-15&to=2017-06-30", "2017-03-15", "2017-06-30"),
        ("from=2017-02-01&to=2017-02-28", "2017-02-01", "2017-02-28"),
    ],
)
def test_period_filters(query: str, start: str, end: str, seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    body = get_json(client_for(Role.ADMIN), page_url(cast), query)
    assert body["period"] == {"from": start, "to": end}
    internal = build_participant_report(
        association=seed.association, date_from=dt.date.fromisoformat(start), date_to=dt.date.fromisoformat(end)
    )
    assert body["totals"]["participants"]["all"] == internal["totals"]["participants"]["all"]
    assert body["filters"]["interventions"] is None


def test_the_default_period_is_this_calendar_year(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    year = dt.date.today().year
    body = get_json(client_for(Role.ADMIN), page_url(cast), "")
    assert body["period"] == {"from": f"{year}-01-01", "to": f"{year}-12-31"}


def test_intervention_filter(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    body = get_json(client_for(Role.ADMIN), page_url(cast), "year=2017&intervention=HS&intervention=FNS")
    assert body["filters"]["interventions"] == ["FNS", "HS"]
    chosen = [seed002.TEAMS["FNS"], seed002.TEAMS["HS"]]
    assert body["totals"]["participants"]["all"] == sum(r[0] + r[1] for team in chosen for r in team.values())
    assert [r["code"] for r in body["interventions"]] == ["FNS", "HS"]


def test_orientation_filter_narrows_the_insats_list(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    viewer = client_for(Role.ADMIN)
    for orientation in ("individinriktad", "strukturovergripande"):
        codes = sorted(
            Intervention.objects.filter(association=cast.a.association, orientation=orientation).values_list(
                "code", flat=True
            )
        )
        body = get_json(viewer, page_url(cast), f"year=2017&orientation={orientation}")
        assert body["filters"]["interventions"] == codes
        page = viewer.get(page_url(cast) + f"?year=2017&orientation={orientation}").content.decode()
        offered = re.findall(r'name="intervention" value="([^"]+)"', page)
        assert offered == codes
    assert (
        get_json(viewer, page_url(cast), "year=2017&orientation=strukturovergripande")["totals"]["participants"]["all"]
        == 0
    )
    # An insats of another orientation than the chosen one is refused, in Swedish.
    response = viewer.get(page_url(cast) + "?year=2017&orientation=strukturovergripande&intervention=FNS&format=json")
    assert response.status_code == 400
    assert "Insatsen FNS finns inte bland de insatser du kan välja" in response.content.decode()


def test_band_filters(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    query = "year=2017&age_bands=18-40,41-70&support_years_bands=0-4,5-"
    body = get_json(client_for(Role.ADMIN), page_url(cast), query)
    assert [r["band"] for r in body["age_bands"]][:2] == ["18-40", "41-70"]
    assert body["filters"]["support_years_bands"] == ["0-4", "5-"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "Fyll i ett heltal"),
        ("year=20170", "2100"),
        ("period=quarter&year=2017", "Välj ett giltigt alternativ"),
        ("period=custom&from=2017-01-01", "Ange både från- och till-datum"),
        ("period=custom&from=2017-06-01&to=2017-01-01", "Till-datumet ligger före från-datumet"),
        ("period=custom&from=2017-13-01&to=2017-12-31", "giltigt datum"),
        ("year=2017&age_bands=unga", "Ogiltigt intervall"),
        ("year=2017&support_years_bands=8-,1-3", "Bara det sista intervallet"),
        ("year=2017&age_bands=" + ",".join(f"{a}-{a}" for a in range(20, 40)), "Högst 12 intervall"),
        ("year=2017&intervention=NOPE", "Insatsen NOPE finns inte"),
        ("year=2017&orientation=annan", "Välj ett giltigt alternativ"),
        ("year=2017&version=hemlig", "Välj ett giltigt alternativ"),
    ],
)
def test_invalid_filters_give_a_swedish_message_not_a_crash(
    query: str, message: str, seed: seed002.Seed002, cast: Cast, client_for: Any
) -> None:
    client = client_for(Role.ADMIN)
    for suffix in ("", "&format=xlsx"):
        response = client.get(page_url(cast) + "?" + query + suffix)
        assert response.status_code == 400, (query, suffix)
        assert response["Content-Type"].startswith("text/html")  # never a file for a bad choice
        body = response.content.decode()
        assert 'role="alert"' in body and message in body, body[body.find("error-summary") :][:600]
        assert "Traceback" not in body


# --- exports, each read with its own reader ------------------------------------------------------------------


def export(client: Client, url: str, fmt: str, query: str = "year=2017") -> bytes:
    """A published file from the page: it leads to the publication's file."""
    response = client.get(f"{url}?{query}&format={fmt}", follow=True)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and f".{fmt}" in response["Content-Disposition"]
    return response.content


def xlsx_rows(content: bytes) -> dict[str, list[list[Any]]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def docx_rows(content: bytes) -> tuple[list[list[str]], str]:
    document = Document(io.BytesIO(content))
    rows = [[cell.text for cell in r.cells] for table in document.tables for r in table.rows]
    return rows, "\n".join(p.text for p in document.paragraphs)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def first(rows: list[list[Any]], label: str) -> list[Any]:
    return next(r for r in rows if r and r[0] == label)


def test_every_export_has_the_published_figures(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    e = expected_totals()
    small = small_end_reasons(seed)
    published_2017(seed)
    viewer, url = client_for(Role.ADMIN), page_url(cast)

    body = json.loads(export(viewer, url, "json"))
    assert body["totals"]["participants"] == {"all": e["all"], "women": e["women"], "men": e["men"], "other": 0}
    assert body["totals"]["new"]["all"] == e["new"] and body["totals"]["ended"]["all"] == e["ended"]
    assert body["publication"]["period"] == "2017" and body["suppression"]["hidden_cells"] > 0
    assert all(r["count"] is None for r in body["end_reasons"] if f"{r['code']} {r['label']}" in small)
    assert "notice" not in body

    sheets = xlsx_rows(export(viewer, url, "xlsx"))
    totals = next(rows for title, rows in sheets.items() if title.startswith("Deltagare under perioden"))
    assert first(totals, "Deltagare")[1:4] == [e["all"], e["women"], e["men"]]
    assert first(totals, "Nya")[1] == e["new"] and first(totals, "Avslutade")[1] == e["ended"]
    reasons = next(rows for title, rows in sheets.items() if title.startswith("Avslutsanledning"))
    for label in small:
        assert first(reasons, label)[1:3] == ["–", "–"]
    assert not any(NOTICE in str(c) for rows in sheets.values() for r in rows for c in r)

    rows = csv_rows(export(viewer, url, "csv"))
    assert first(rows, "Deltagare")[1:4] == [str(e["all"]), str(e["women"]), str(e["men"])]
    assert first(rows, "Nya")[1] == str(e["new"]) and first(rows, "Avslutade")[1] == str(e["ended"])
    for label in small:
        assert first(rows, label)[1:3] == ["", ""]

    rows, text = docx_rows(export(viewer, url, "docx"))
    assert first(rows, "Deltagare")[1:4] == [str(e["all"]), str(e["women"]), str(e["men"])]
    assert first(rows, "Nya")[1] == str(e["new"]) and first(rows, "Avslutade")[1] == str(e["ended"])
    for label in small:
        assert first(rows, label)[1:3] == ["–", "–"]
    assert "Publicerad version" in text and NOTICE not in text

    text = pdf_text(export(viewer, url, "pdf"))
    assert re.search(rf"Deltagare\s+{e['all']}\s+{e['women']}\s+{e['men']}\b", text), text[:800]
    assert re.search(rf"Nya\s+{e['new']}\b", text) and re.search(rf"Avslutade\s+{e['ended']}\b", text)
    for label in small:
        assert re.search(rf"{re.escape(label)}\s+–\s+–", text), label
    assert NOTICE not in text


# --- viewers never get internal figures --------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.INTERVENTION_MANAGER, Role.REGISTRAR])
def test_only_admins_may_ask_for_the_internal_version(
    role: str, seed: seed002.Seed002, cast: Cast, client_for: Any
) -> None:
    client, url = client_for(role), page_url(cast)
    for query in (
        "year=2017&version=intern",
        "year=2017&version=intern&format=xlsx",
        "year=2017&version=intern&format=json&confirm=1",
        "version=intern&period=custom&from=x",
    ):
        assert client.get(f"{url}?{query}").status_code == 403, query
    response = client.post(url, {"year": "2017", "version": "intern", "format": "json", "confirm": "1"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_no_query_gives_a_viewer_a_small_count(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    small = small_end_reasons(seed)
    viewer, url = client_for(Role.VIEWER), page_url(cast)
    tries = [
        "year=2017&publish=0",
        "year=2017&publish=false",
        "year=2017&intern=1",
        "year=2017&version=INTERN",
        "year=2017&version=publicerad",
        "year=2017&confirm=1",
        "year=2017&version=intern%20",
    ]
    for query in tries:
        response = viewer.get(f"{url}?{query}&format=json")
        assert response.status_code == 403, query  # the flexible page is the admins'
        if response.status_code != 200:
            assert response.status_code in (400, 403), query
            continue
        body = json.loads(response.content)
        assert body["version"] == "publicerad", query
        assert all(r["count"] is None for r in body["end_reasons"] if f"{r['code']} {r['label']}" in small), query
        page = viewer.get(f"{url}?{query}")
        if page.status_code == 200:
            reasons = page_tables(page)["Avslutsanledning"]
            assert all(row(reasons, label)[1] == "–" for label in small), query
    # The same through a POST with every confirmation: refused.
    assert viewer.post(url, {"year": "2017", "version": "intern", "confirm": "1", "format": "csv"}).status_code == 403


# --- the internal export -------------------------------------------------------------------------------------


def test_internal_export_needs_the_explicit_choice_and_is_audited(
    seed: seed002.Seed002, cast: Cast, client_for: Any
) -> None:
    small = small_end_reasons(seed)
    admin, url = client_for(Role.ADMIN), page_url(cast)
    exports = AuditEntry.objects.filter(association=cast.a.association, action=AuditEntry.Action.EXPORT)

    # A link asking for an internal file only shows the confirmation form.
    asked = admin.get(f"{url}?year=2017&version=intern&format=xlsx")
    assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")
    assert 'id="intern-export"' in asked.content.decode() and 'name="confirm"' in asked.content.decode()
    # A GET cannot confirm.
    assert admin.get(f"{url}?year=2017&version=intern&format=xlsx&confirm=1")["Content-Type"].startswith("text/html")
    # A POST without the box ticked is refused.
    refused = admin.post(url, {"year": "2017", "version": "intern", "format": "xlsx"})
    assert refused.status_code == 400 and "Bekräfta" in refused.content.decode()
    assert refused["Content-Type"].startswith("text/html")
    # Without version=intern a POST exports nothing.
    assert admin.post(url, {"year": "2017", "format": "xlsx", "confirm": "1"}).status_code == 400
    assert exports.count() == 0
    # A plain export by an admin is the publication's.
    published_2017(seed)
    assert json.loads(export(admin, url, "json"))["publication"]["period"] == "2017"
    assert exports.count() == 0

    confirmed = admin.post(url, {"year": "2017", "version": "intern", "format": "xlsx", "confirm": "1"})
    assert confirmed.status_code == 200 and "intern.xlsx" in confirmed["Content-Disposition"]
    assert exports.count() == 1
    entry = exports.get()
    assert entry.actor == cast.user(Role.ADMIN)
    assert entry.changes["version"] == "intern" and entry.changes["format"] == "xlsx"
    assert entry.changes["period"] == ["2017-01-01", "2017-12-31"]
    sheets = xlsx_rows(confirmed.content)
    reasons = next(rows for title, rows in sheets.items() if title.startswith("Avslutsanledning"))
    for label, count in small.items():
        assert first(reasons, label)[1] == count
    assert any(NOTICE in str(c) for r in reasons for c in r)


@pytest.mark.parametrize("fmt", ["csv", "docx", "pdf", "json"])
def test_internal_files_say_they_must_not_be_published(
    fmt: str, seed: seed002.Seed002, cast: Cast, client_for: Any
) -> None:
    small = small_end_reasons(seed)
    response = client_for(Role.ADMIN).post(
        page_url(cast),
        {"year": "2017", "intervention": ["FNS", "HS", "SALA"], "version": "intern", "format": fmt, "confirm": "1"},
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1
    assert AuditEntry.objects.get(action=AuditEntry.Action.EXPORT).changes["interventions"] == ["FNS", "HS", "SALA"]
    if fmt == "csv":
        rows = csv_rows(response.content)
        assert [NOTICE] in rows
        assert [first(rows, label)[1] for label in small] == [str(c) for c in small.values()]
    elif fmt == "docx":
        rows, text = docx_rows(response.content)
        assert NOTICE in text
        assert [first(rows, label)[1] for label in small] == [str(c) for c in small.values()]
    elif fmt == "pdf":
        text = pdf_text(response.content)
        assert NOTICE in text
        for label, count in small.items():
            assert re.search(rf"{re.escape(label)}\s+{count}\b", text), label
    else:
        body = json.loads(response.content)
        assert body["notice"] == NOTICE and body["version"] == "intern"
        assert body["suppression"]["hidden_cells"] == 0
        assert {
            f"{r['code']} {r['label']}": r["count"] for r in body["end_reasons"] if f"{r['code']} {r['label']}" in small
        } == small


# --- who sees which insatser; tenancy ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.INTERVENTION_MANAGER, Role.REGISTRAR])
def test_everyone_but_admins_reads_the_publications(
    role: str, seed: seed002.Seed002, cast: Cast, client_for: Any
) -> None:
    client, url = client_for(role), page_url(cast)
    assert client.get(url + "?year=2017").status_code == 403
    assert client.get(url + "?year=2017&format=json").status_code == 403
    publication = published_2017(seed)
    listing = client.get(reverse("publications:list", kwargs={"association": cast.a.association.slug}))
    assert listing.status_code == 200 and publication.title in listing.content.decode()


def test_tenancy_and_login(seed: seed002.Seed002, cast: Cast, client_for: Any) -> None:
    url = page_url(cast)
    anonymous = Client().get(url + "?year=2017&format=json")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    for name in ("admin_b", "outsider"):
        assert client_for(name).get(url + "?year=2017&format=json").status_code == 404
        assert client_for(name).post(url, {"version": "intern", "format": "json", "confirm": "1"}).status_code == 404
    # Förbund B's admin on B's page sees nothing of A's participants.
    body = get_json(client_for("admin_b"), page_url(cast, cast.b.association.slug), "year=2017")
    assert body["totals"]["participants"]["all"] == 0
    # A's admin cannot pick B's insatser by code.
    intervention_services.intervention_create(
        acting_user=None,
        association=cast.b.association,
        code="BETA1",
        name="Betas team",
        orientation="individinriktad",
        category="individinsatser",
        start=dt.date(2011, 1, 1),
    )
    response = client_for(Role.ADMIN).get(url + "?year=2017&intervention=BETA1&format=json")
    assert response.status_code == 400 and "Insatsen BETA1 finns inte" in response.content.decode()

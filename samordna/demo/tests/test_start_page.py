"""The start page of each demo login right after `samordna demo`: this year's figures, each panel only for its
roles, every link one the role may open, no participant rows but the registrar's, and a bounded query count."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samordna.core.models import AccessLogEntry, Association, User
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention, VolumeUnit
from samordna.participants.models import Enrollment

pytestmark = pytest.mark.django_db

URL = reverse("core:dashboard", kwargs={"association": "vastmanland"})
# The panels each demo login sees (the panel keys of core.dashboard's registry).
PANELS = {
    "admin": {
        "interventions",
        "members",
        "imports",
        "finance-year",
        "participants-year",
        "interventions-ending",
        "finance-attention",
        "governance-meetings",
        "governance-applications",
    },
    "insatsansvarig": {"interventions", "members", "participants-mine", "finance-mine"},
    "deltagaransvarig": {"interventions", "members", "participants-work"},
    "lasare": {"interventions", "members", "publications-latest", "governance-meetings"},
}
QUERY_LIMIT = 30  # measured 2026-12-04 after the demo: admin 26, insatsansvarig 20, deltagaransvarig 13, läsare 11


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo", "--quiet", stdout=io.StringIO())


def client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def sections(response: Any) -> dict[str, Any]:
    """The figures of each section panel, by key."""
    return {panel.key: figures for panel, figures in response.context["page"].sections}


def visible_keys(username: str) -> set[str]:
    from samordna.core.dashboard import registered

    roles = frozenset(
        Association.objects.get(slug="vastmanland")
        .memberships.filter(user__username=username)
        .values_list("role", flat=True)
    )
    return {p.key for p in registered() if p.roles & roles}


def test_each_panel_only_for_its_roles(demo: None) -> None:
    for username, expected in PANELS.items():
        assert visible_keys(username) == expected, username
        response = client(username).get(URL)
        assert response.status_code == 200
        shown = {p.key for p, _f in response.context["page"].figures} | set(sections(response))
        assert shown <= expected and shown >= expected - {"interventions-ending", "finance-attention"}, username


def test_admin_sees_this_years_budget_participants_and_imports(demo: None) -> None:
    response = client("admin").get(URL)
    year = timezone.localdate().year
    panels = sections(response)
    finance = panels["finance-year"]
    assert finance["year"] == year and finance["has_budget"]
    assert finance["used_share"] and 0 < finance["used_share"] < 120
    assert finance["until"] is not None and finance["until"].year == year
    assert finance["forecast_result"] != finance["budget_result"]  # the demo's forecast moves three lines
    participants = panels["participants-year"]
    total = participants["total"]
    assert total["active"] > 0 and total["ended"] > 0 and total["target"] > 0
    if timezone.localdate().month > 1:
        assert total["new"] > 0
    assert all(row["target"] for row in participants["rows"])
    assert total["overdue"] > 0
    assert panels["imports"]["rows"]
    body = response.content.decode()
    # The chart: an inline SVG with a title and role="img", its figures also as a table; no inline style.
    svg = re.search(r"<svg[^>]*>.*?</svg>", body, re.S)
    assert svg and 'role="img"' in svg.group(0) and "<title" in svg.group(0) and "<rect" in svg.group(0)
    assert "style=" not in svg.group(0) and "<style" not in body
    assert "Siffrorna i diagrammet" in body
    # The board's panels: the meetings (none planned after the demo's of 2024) and seed 001's applications.
    assert "Kommande styrelsemöten" in body and "Inga planerade möten." in body
    assert "Ansökningar som väntar på beslut" in body and "Rehabkoordinatorer i samverkan" in body
    notices = [n.text for n in response.context["page"].notices]
    assert any("hör inte till någon budgetrad" in text for text in notices)
    # Counts only: no participant code on an admin's start page.
    assert "DEMO-" not in body


def test_manager_sees_their_insats_against_target_and_budget(demo: None) -> None:
    panels = sections(client("insatsansvarig").get(URL))
    rows = panels["participants-mine"]["rows"]
    assert [r["code"] for r in rows] == ["1063"]
    assert rows[0]["served"] > 0 and rows[0]["target"] > 0 and rows[0]["share"] > 0
    budget = panels["finance-mine"]["rows"]
    assert [str(r["insats"].code) for r in budget] == ["1063"]
    assert budget[0]["share"] and budget[0]["share"] > 0


def test_registrar_sees_follow_ups_to_do_with_record_links(demo: None) -> None:
    before = AccessLogEntry.objects.count()
    response = client("deltagaransvarig").get(URL)
    work = sections(response)["participants-work"]
    assert work["due_total"] > 0 and work["overdue"] > 0 and work["latest"]
    assert {f.enrollment.intervention.code for f in work["due"]} == {"1063"}
    body = response.content.decode()
    first = work["due"][0]
    record = reverse(
        "participants:follow-up",
        kwargs={"association": "vastmanland", "intervention": first.enrollment.intervention_id, "pk": first.pk},
    )
    assert f'href="{record}?next=' in body
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.count() == before + 1


def test_viewer_sees_publications_and_no_participant_rows(demo: None) -> None:
    response = client("lasare").get(URL)
    latest = sections(response)["publications-latest"]
    assert latest["rows"] and latest["newest_total"] and latest["newest_total"] > 0
    body = response.content.decode()
    assert "DEMO-" not in body and "Senaste importer" not in body and "budgeten använd" not in body
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_link_on_the_start_page_opens_for_its_role(demo: None) -> None:
    for username in PANELS:
        c = client(username)
        body = c.get(URL).content.decode()
        main = body[body.index("<main") : body.index("</main>")]
        links = {href.replace("&amp;", "&") for href in re.findall(r'href="(/f/[^"#]+)"', main)}
        assert links, username
        for href in sorted(links):
            assert c.get(href).status_code == 200, (username, href)


def test_wrong_forbund_answers_404(demo: None) -> None:
    other = reverse("core:dashboard", kwargs={"association": "vastra-ostergotland"})
    for username in ("insatsansvarig", "deltagaransvarig", "lasare"):
        assert client(username).get(other).status_code == 404, username
    assert client("admin").get(other).status_code == 200


def queries(username: str) -> int:
    logged_in = client(username)
    logged_in.get(URL)  # the first request of a session writes it
    with CaptureQueriesContext(connection) as captured:
        assert logged_in.get(URL).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_rows(demo: None) -> None:
    counts = {username: queries(username) for username in PANELS}
    assert max(counts.values()) <= QUERY_LIMIT, counts
    # More insatser with targets and participants: the same number of queries.
    association = Association.objects.get(slug="vastmanland")
    template = Intervention.objects.get(association=association, code="1063")
    year = timezone.localdate().year
    for n in range(3):
        insats = intervention_services.intervention_create(
            acting_user=None,
            association=association,
            code=f"T{n}",
            name=f"Team {n}",
            orientation=template.orientation,
            category=template.category,
            start=template.start,
        )
        intervention_services.volume_target_set(
            acting_user=None, intervention=insats, year=year, unit=VolumeUnit.PARTICIPANTS, value=10
        )
        for enrollment in Enrollment.objects.filter(intervention=template)[:2]:
            Enrollment.objects.filter(pk=enrollment.pk).update(intervention=insats)
    assert {username: queries(username) for username in PANELS} == counts


DEFAULT_YEAR_PAGES = (
    "finance:home",
    "finance:allocation",
    "finance:plan",
    "finance:followup",
    "finance:operating",
    "reports:uppfoljning-finsam",
    "reports:participants",
    "publications:list",
)


def test_pages_opened_with_their_default_year_have_figures_and_no_error(demo: None) -> None:
    admin = client("admin")
    for slug in ("vastmanland", "vastra-ostergotland"):
        for name in DEFAULT_YEAR_PAGES:
            response = admin.get(reverse(name, kwargs={"association": slug}))
            assert response.status_code == 200, (slug, name)
            body = response.content.decode()
            main = body[body.index("<main") : body.index("</main>")]
            assert 'class="error"' not in main and 'role="alert"' not in main, (slug, name)
    counted = sections(admin.get(reverse("core:dashboard", kwargs={"association": "vastra-ostergotland"})))
    total = counted["participants-year"]["total"]
    assert total["counted"] > 0 and total["target"] > 0

"""The decisions register: search by text, year, § and what a decision concerns; a budget adopted in a § is shown
as antagen with the § on the finance pages; pages and API for the board, 403 for insats staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from samordna.finance import selectors as finance_selectors
from samordna.finance import services as finance_services
from samordna.governance import application_services, decision_services
from samordna.governance import services as meeting_services
from samordna.governance.models import AgendaItem
from samordna.governance.testing import sample_application, sample_held_item, sample_item
from samordna.testing.cast import Cast

Clients = Callable[[str], Client]


def _held(cast: Cast, date: dt.date, items: list[tuple[str, list[str]]]) -> list[AgendaItem]:
    meeting = meeting_services.meeting_create(acting_user=None, association=cast.a.association, date=date)
    made = [
        meeting_services.item_add(acting_user=None, meeting=meeting, title=title, decision=decision)
        for title, decision in items
    ]
    meeting_services.meeting_update(acting_user=None, meeting=meeting, status="genomfort")
    return made


@pytest.fixture
def register(cast: Cast) -> dict[str, AgendaItem]:
    budget, ansokan = _held(
        cast,
        dt.date(2023, 11, 22),
        [("Budget 2024", ["Att anta budget 2024"]), ("Ansökan Rehabkoordinatorer", ["Att bevilja ansökan"])],
    )
    info, empty = _held(cast, dt.date(2024, 2, 1), [("Förbundschefen informerar", ["Att lägga informationen till "
                        "handlingarna, även från Västerås"]), ("Övrigt", [])])  # fmt: skip
    line = finance_services.budget_line_create(
        acting_user=None, association=cast.a.association, code="100", name="Kansli", category="administration"
    )
    finance_services.budget_amount_set(acting_user=None, line=line, year=2024, version="budget", amount=Decimal(-5))
    decision_services.budget_adopted(acting_user=None, item=budget, year=2024)
    application = sample_application(cast.a)
    application_services.application_decide(acting_user=None, application=application, outcome="avslag", item=ansokan)
    sample_item(cast.a)  # a planned meeting's decision is not in the register
    return {"budget": budget, "ansokan": ansokan, "info": info, "empty": empty}


def _labels(client: Client, cast: Cast, query: str = "") -> list[str]:
    url = reverse("decisions:list", kwargs={"association": cast.a.association.slug}) + query
    response = client.get(url)
    assert response.status_code == 200
    return [item.title for item, _adoptions in response.context["rows"]]


def test_register_lists_held_decisions_and_searches(cast: Cast, client_for: Clients, register: dict) -> None:
    viewer = client_for("viewer")
    assert _labels(viewer, cast) == ["Förbundschefen informerar", "Ansökan Rehabkoordinatorer", "Budget 2024"]
    assert _labels(viewer, cast, "?q=bevilja") == ["Ansökan Rehabkoordinatorer"]
    assert _labels(viewer, cast, "?q=västerås") == ["Förbundschefen informerar"]  # in the clauses, non-ASCII
    assert _labels(viewer, cast, "?q=Västerås") == ["Förbundschefen informerar"]
    assert _labels(viewer, cast, "?q=informerar") == ["Förbundschefen informerar"]  # in the title
    assert _labels(viewer, cast, "?year=2023") == ["Ansökan Rehabkoordinatorer", "Budget 2024"]
    assert _labels(viewer, cast, f"?number={register['budget'].number}&year=2023") == ["Budget 2024"]
    assert len(_labels(viewer, cast, "?number=1")) == 2  # § 1 of each year
    assert _labels(viewer, cast, "?concerns=ansokan") == ["Ansökan Rehabkoordinatorer"]
    assert _labels(viewer, cast, "?concerns=budget") == ["Budget 2024"]
    assert _labels(viewer, cast, "?concerns=ovrigt") == ["Förbundschefen informerar"]
    assert len(_labels(viewer, cast, "?year=abc&number=-1&concerns=x")) == 3  # bad filters: the form says so
    body = viewer.get(reverse("decisions:list", kwargs={"association": cast.a.association.slug})).content.decode()
    assert "Rehabkoordinatorer" in body and "Budget 2024 antagen" in body


def test_budget_adoption_is_shown_on_the_finance_pages(cast: Cast, client_for: Clients, register: dict) -> None:
    label = register["budget"].label
    [adoption] = finance_selectors.adoptions(association=cast.a.association)
    assert (adoption.year, adoption.version, adoption.decision) == (2024, "budget", label)
    assert adoption.decided_on == dt.date(2023, 11, 22) and adoption.decision_ref == register["budget"].pk
    viewer = client_for("viewer")
    plan = viewer.get(reverse("finance:plan", kwargs={"association": cast.a.association.slug}) + "?years=2024-2025")
    assert f"Budget 2024 antagen av styrelsen 2023-11-22, {label}." in plan.content.decode()
    followup = viewer.get(reverse("finance:followup", kwargs={"association": cast.a.association.slug}) + "?year=2024")
    assert label in followup.content.decode()


def test_budget_adoption_refusals(cast: Cast, register: dict) -> None:
    with pytest.raises(ValidationError, match="inte har hållits"):
        decision_services.budget_adopted(acting_user=None, item=sample_item(cast.a), year=2024)
    with pytest.raises(ValidationError, match="ingen budget för 2031"):
        decision_services.budget_adopted(acting_user=None, item=register["budget"], year=2031)
    with pytest.raises(ValidationError, match="redan antagen"):
        decision_services.budget_adopted(acting_user=None, item=register["info"], year=2024)
    with pytest.raises(ValidationError, match="inget beslut"):
        decision_services.budget_adopted(acting_user=None, item=register["empty"], year=2024)
    # The same § again changes nothing.
    decision_services.budget_adopted(acting_user=None, item=register["budget"], year=2024)
    assert len(finance_selectors.adoptions(association=cast.a.association)) == 1


def test_admin_links_a_budget_in_the_page(cast: Cast, client_for: Clients, register: dict) -> None:
    line = finance_services.budget_line_create(
        acting_user=None, association=cast.a.association, code="200", name="Styrelse", category="styrelse"
    )
    finance_services.budget_amount_set(acting_user=None, line=line, year=2025, version="plan", amount=Decimal(-1))
    url = reverse("decisions:budget", kwargs={"association": cast.a.association.slug, "pk": register["info"].pk})
    assert client_for("viewer").post(url, {"year": 2025, "version": "plan"}).status_code == 403
    assert client_for("admin").post(url, {"year": 2025, "version": "plan"}).status_code == 302
    assert [(a.year, a.version) for a in finance_selectors.adoptions(association=cast.a.association)] == [
        (2024, "budget"),
        (2025, "plan"),
    ]


def test_api_lists_decisions_with_filters(cast: Cast, client_for: Clients, register: dict) -> None:
    base = f"/api/v1/associations/{cast.a.association.slug}/decisions/"
    client = client_for("viewer")
    rows = client.get(base).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["title"] for r in rows] == ["Förbundschefen informerar", "Ansökan Rehabkoordinatorer", "Budget 2024"]
    budget = next(r for r in rows if r["title"] == "Budget 2024")
    assert budget["budgets"] == [{"year": 2024, "version": "budget"}]
    ansokan = next(r for r in rows if r["title"].startswith("Ansökan"))
    assert ansokan["applications"][0]["status"] == "avslag"
    found = client.get(base + "?q=västerås&year=2024").json()
    found = found["results"] if isinstance(found, dict) else found
    assert [r["title"] for r in found] == ["Förbundschefen informerar"]
    assert client.get(base + "?year=20x").status_code == 400
    assert client.post(base, {}).status_code in (403, 405)
    assert client_for("intervention_manager").get(base).status_code == 403


def test_held_item_sample_is_in_the_register(cast: Cast, client_for: Clients) -> None:
    item = sample_held_item(cast.a)
    assert item.title in _labels(client_for("admin"), cast)


def test_a_plan_is_fastställd_by_a_held_paragraph(cast: Cast, client_for: Clients, register: dict) -> None:
    from samordna.planning import services as planning_services
    from samordna.planning.testing import sample_plan

    plan = sample_plan(cast.a)
    with pytest.raises(ValidationError, match="inte har hållits"):
        planning_services.plan_adopt(acting_user=None, plan=plan, item=sample_item(cast.a))
    with pytest.raises(ValidationError, match="tillhör inte förbundet"):
        planning_services.plan_adopt(acting_user=None, plan=plan, item=sample_held_item(cast.b))
    plan.refresh_from_db()
    assert plan.status == "draft"
    url = reverse("planning:plan-adopt", kwargs={"association": cast.a.association.slug, "pk": plan.pk})
    assert client_for("viewer").post(url, {"item": register["info"].pk}).status_code == 403
    response = client_for("admin").post(url, {"item": register["info"].pk})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.adopted_on, plan.decision) == ("adopted", dt.date(2024, 2, 1), register["info"].label)
    page = client_for("viewer").get(reverse("planning:plan", kwargs={"association": cast.a.association.slug,
                                                                     "pk": plan.pk})).content.decode()  # fmt: skip
    assert register["info"].label in page

"""The verksamhetsplan's pages: who may see and do what, the plan tree for a period, the goal page, the forms
(bad input gets a Swedish message and writes nothing), the goal matrix of an insats. Both databases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.core.models import AuditEntry
from samordna.core.tests.test_access import url_for
from samordna.participants import services as participant_services
from samordna.participants.tests.helpers import code, enroll
from samordna.planning import services
from samordna.planning.models import Assessment, Goal, GoalArea, Indicator, IndicatorValue, Plan
from samordna.testing import nasty
from samordna.testing.cast import ROLE_USERS, TWO_ROLE_USERS, Cast
from samordna.testing.forms import BAD_TEXT, says_why
from samordna.testing.urlwalk import Route, tenant_routes

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]

ROUTES = [r for r in tenant_routes() if r.name.startswith("planning:")]
FORM_ROUTES = [r for r in ROUTES if r.name not in ("planning:list", "planning:plan", "planning:goal")]
FORM_ROUTES = [r for r in FORM_ROUTES if not r.name.startswith("planning:matrix")]


def _ended(intervention: Any, end: dt.date, reason: str, occupation: str) -> Any:
    return enroll(
        intervention,
        start=dt.date(2023, 3, 1),
        end_date=end,
        end_reason=code("end_reason", reason),
        occupation_after=code("occupation", occupation),
    )


def _follow(enrollment: Any, status: str, on: dt.date, occupation: str = "") -> None:
    follow_up = enrollment.follow_ups.get(months_after_end=3)
    participant_services.follow_up_record(
        acting_user=None,
        follow_up=follow_up,
        status=status,
        occupation=code("occupation", occupation) if occupation else None,
        support=[],
        done_on=on,
    )


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    """A plan 2024–2026 of förbund A: goal 1:1 on the cast's insats `intervention` (assigned to the insats
    staff) with three indicators and 2024's data; goal 1:2 on the other insats; goal 2:1 without insatser."""
    a = cast.a.intervention
    e1 = _ended(a, dt.date(2024, 2, 10), "1", "arbete")
    e2 = _ended(a, dt.date(2024, 3, 10), "1", "studier")
    e3 = _ended(a, dt.date(2024, 4, 10), "4", "ingen")
    _follow(e1, "done", dt.date(2024, 5, 15), "arbete")
    _follow(e2, "not_reached", dt.date(2024, 6, 15))
    _follow(e3, "done", dt.date(2024, 7, 15), "ingen")
    plan = services.plan_create(
        acting_user=None,
        association=cast.a.association,
        code="vp-24",
        title="VP 2024–2026",
        from_year=2024,
        to_year=2026,
    )
    one = services.area_create(acting_user=None, plan=plan, code="1", name="Individ")
    two = services.area_create(acting_user=None, plan=plan, code="2", name="Struktur")
    goal = services.goal_create(
        acting_user=None, plan=plan, area=one, code="1:1", text="Fler i arbete", interventions=[a]
    )
    other = services.goal_create(
        acting_user=None,
        plan=plan,
        area=one,
        code="1:2",
        text="Annat team",
        interventions=[cast.a.other_intervention],
    )
    alone = services.goal_create(acting_user=None, plan=plan, area=two, code="2:1", text="Samverkan")
    ended = services.indicator_create(
        acting_user=None,
        goal=goal,
        code="a",
        name="Avslut till arbete",
        target=50,
        source_kind="ended_share",
        params={"end_reasons": ["1"]},
    )
    followed = services.indicator_create(
        acting_user=None,
        goal=goal,
        code="b",
        name="I arbete efter 3 månader",
        target=50,
        source_kind="followup_share",
        params={"months": 3, "occupation": ["arbete"]},
        measured_at="3m",
    )
    manual = services.indicator_create(acting_user=None, goal=goal, code="c", name="Nöjda", target=80)
    services.assessment_set(acting_user=None, goal=goal, year=2024, status="uppfyllt", comment="Bra år.")
    services.assessment_set(
        acting_user=None, goal=other, year=2024, status="inte", comment="Delår.", until=dt.date(2024, 8, 31)
    )
    return {
        "plan": plan,
        "area": one,
        "goal": goal,
        "other": other,
        "alone": alone,
        "ended": ended,
        "followed": followed,
        "manual": manual,
    }


def page(name: str, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"association": "alfa", **kwargs})


def text(response: Any) -> str:
    """The page's text without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("\u00a0", " ")


# --- Who sees what: every page and form for another förbund (404) and each role (403 or an answer). ---


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_page_answers_404_in_another_forbund_and_403_to_roles_it_does_not_allow(
    route: Route, cast: Cast, client_for: Clients
) -> None:
    url = url_for(route, cast, cast.a)
    assert client_for("admin_b").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404
    if len(route.kwargs) > 1:  # another förbund's object in this förbund's URL
        other = url_for(route, cast, cast.b, slug="alfa")
        assert client_for("admin").get(other).status_code == 404
        assert client_for("admin").post(other, {}).status_code == 404
    for name, roles in ROLE_USERS.items():
        status = client_for(name).get(url).status_code
        if route.allows(roles):
            assert status == 200, f"{name} on {route}: {status}"
        else:
            assert status == 403, f"{name} on {route}: {status}"
    assert client_for("registrar").get(url).status_code == 403


@pytest.mark.parametrize("route", FORM_ROUTES, ids=str)
def test_a_post_by_a_role_without_the_right_writes_nothing(route: Route, cast: Cast, client_for: Clients) -> None:
    url = url_for(route, cast, cast.a)
    before = AuditEntry.objects.count()
    for name, roles in ROLE_USERS.items():
        if not route.allows(roles):
            assert client_for(name).post(url, {"code": "x", "status": "uppfyllt"}).status_code == 403, name
    assert client_for("admin_b").post(url, {"code": "x"}).status_code == 404
    assert AuditEntry.objects.count() == before


def test_reading_roles_and_editing_roles(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    plan = world["plan"]
    for name in ("admin", "viewer", "intervention_manager", *TWO_ROLE_USERS):
        assert client_for(name).get(page("plan", pk=plan.pk)).status_code == 200, name
        assert client_for(name).get(page("goal", pk=world["goal"].pk)).status_code == 200, name
    assert client_for("registrar").get(page("list")).status_code == 403
    for name in ("viewer", "intervention_manager", "registrar", "manager_registrar"):
        assert client_for(name).get(page("plan-edit", pk=plan.pk)).status_code == 403, name
    assert client_for("admin_viewer").get(page("plan-edit", pk=plan.pk)).status_code == 200
    body = client_for("viewer").get(page("plan", pk=plan.pk)).content.decode()
    assert page("plan-edit", pk=plan.pk) not in body and page("assess", pk=world["goal"].pk) not in body


# --- The insatsansvarig assesses only goals of their insatser. ---


@pytest.mark.parametrize("name", ["intervention_manager", "manager_registrar"])
def test_insatsansvarig_assesses_only_goals_of_their_insatser(
    name: str, cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    client = client_for(name)
    own, other = world["goal"], world["other"]
    assert client.get(page("assess", pk=own.pk)).status_code == 200
    response = client.post(page("assess", pk=own.pk), {"year": 2025, "status": "delvis", "comment": "På väg."})
    assert response.status_code == 302
    saved = Assessment.objects.get(goal=own, year=2025)
    assert (saved.until, saved.status, saved.assessed_by) == (dt.date(2025, 12, 31), "delvis", cast.user(name))
    assert client.get(page("assess", pk=other.pk)).status_code == 403
    assert client.post(page("assess", pk=other.pk), {"year": 2025, "status": "uppfyllt"}).status_code == 403
    assert not Assessment.objects.filter(goal=other, year=2025).exists()
    assert client.get(page("assess", pk=world["alone"].pk)).status_code == 403
    delete = Assessment.objects.get(goal=other, year=2024)
    assert client.post(page("assessment-delete", pk=delete.pk)).status_code == 403
    assert Assessment.objects.filter(pk=delete.pk).exists()
    plan_page = client.get(page("plan", pk=world["plan"].pk)).content.decode()
    assert page("assess", pk=own.pk) in plan_page and page("assess", pk=other.pk) not in plan_page


def test_viewer_registrar_and_another_forbund_cannot_assess(
    cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    goal = world["goal"]
    for name in ("viewer", "registrar"):
        assert client_for(name).post(page("assess", pk=goal.pk), {"year": 2025, "status": "inte"}).status_code == 403
    assert client_for("admin_b").get(page("assess", pk=goal.pk)).status_code == 404
    b_goal = services.goal_create(
        acting_user=None,
        plan=services.plan_create(
            acting_user=None, association=cast.b.association, code="b", title="B", from_year=2025, to_year=2025
        ),
        area=services.area_create(
            acting_user=None, plan=Plan.objects.get(association=cast.b.association), code="1", name="B"
        ),
        code="1:1",
        text="B",
        interventions=[cast.b.intervention],
    )
    assert client_for("intervention_manager").get(page("assess", pk=b_goal.pk)).status_code == 404
    assert client_for("admin").post(page("assess", pk=b_goal.pk), {"year": 2025, "status": "inte"}).status_code == 404
    assert not Assessment.objects.filter(goal=b_goal).exists()


def test_assessment_date_must_lie_in_the_year(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    goal = world["goal"]
    response = client_for("admin").post(
        page("assess", pk=goal.pk), {"year": 2025, "until": "2024-08-31", "status": "inte"}
    )
    assert response.status_code == 200
    assert "året" in " ".join(response.context["form"].errors["until"])
    assert not Assessment.objects.filter(goal=goal, year=2025).exists()
    response = client_for("admin").post(
        page("assess", pk=goal.pk), {"year": 2025, "until": "2025-08-31", "status": "inte", "comment": "Delår"}
    )
    assert response.status_code == 302
    assert Assessment.objects.get(goal=goal, year=2025).until == dt.date(2025, 8, 31)


def test_assessment_form_opens_on_the_period_of_the_plan_page(
    cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    other = world["other"]
    form = client_for("admin").get(page("assess", pk=other.pk), {"year": 2024, "until": "2024-08-31"}).context["form"]
    assert (form["year"].value(), form["until"].value(), form["status"].value()) == (2024, dt.date(2024, 8, 31), "inte")
    whole = client_for("admin").get(page("assess", pk=other.pk), {"year": 2024}).context["form"]
    assert (whole["until"].value(), whole["status"].value()) == (dt.date(2024, 12, 31), None)
    tree = client_for("admin").get(page("plan", pk=world["plan"].pk), {"year": 2024, "until": "2024-08-31"})
    assert page("assess", pk=other.pk) + "?year=2024&amp;until=2024-08-31" in tree.content.decode()


def test_plan_years_cannot_drop_assessed_years(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    plan = world["plan"]
    response = client_for("admin").post(
        page("plan-edit", pk=plan.pk),
        {"code": "vp-24", "title": "VP", "from_year": 2025, "to_year": 2026, "status": "draft"},
    )
    assert response.status_code == 200 and "bedömningar" in " ".join(response.context["form"].errors["from_year"])
    plan.refresh_from_db()
    assert (plan.from_year, plan.title) == (2024, "VP 2024–2026")


# --- The plan tree for a period. ---


def test_plan_tree_shows_status_as_text_and_colour_values_and_no_data(
    cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    response = client_for("admin").get(page("plan", pk=world["plan"].pk), {"year": 2024})
    assert response.status_code == 200
    body, words = response.content.decode(), text(response)
    assert 'class="goal-status status-met">Uppfyllt<' in body
    assert 'class="goal-status status-not-met">Inte uppfyllt<' in body  # the delår's verdict, up to 31 Dec
    assert 'class="goal-status status-not-assessed">Ej bedömt<' in body
    assert "bedömt till och med 2024-08-31" in words
    assert "Bra år." in words
    assert "67 % 2 av 3" in words  # ended share: 2 of 3 ended with reason 1
    assert "33 % 1 av 3, varav 1 ej nådd, 0 avböjt" in words
    assert "ingen data Inget värde är angivet för året." in words
    assert not re.search(r"(?<![\d,])0 %", words)  # no data is never 0 %
    tree = response.context["tree"]
    assert {c.status: c.count for c in tree.counts} == {"uppfyllt": 1, "delvis": 0, "inte": 1, "ej_bedomt": 1}
    # Up to 31 March the delår's assessment of goal 1:2 is not yet made; the ended share is 2 of 2.
    march = client_for("admin").get(page("plan", pk=world["plan"].pk), {"year": 2024, "until": "2024-03-31"})
    counts = {c.status: c.count for c in march.context["tree"].counts}
    assert counts == {"uppfyllt": 0, "delvis": 0, "inte": 0, "ej_bedomt": 3}
    assert "100 % 2 av 2" in text(march)


def test_a_reader_sees_published_values_only(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    """A läsare (and an insatsansvarig for goals outside their insatser) gets what the published goal report
    shows: computed values from the year's publication only, never a count made for the page."""
    viewer = client_for("viewer")
    words = text(viewer.get(page("plan", pk=world["plan"].pk), {"year": 2024}))
    assert "2 av 3" not in words and "1 av 3" not in words
    assert "Perioden har ingen publicering än." in words
    assert "Bra år." in words  # statuses and comments are the förbund's own words: shown
    words = text(viewer.get(page("plan", pk=world["plan"].pk), {"year": 2024, "until": "2024-03-15"}))
    assert "Publicerade värden finns för helår och för året till ett månadsslut." in words


def test_plan_page_year_defaults_and_bad_period(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    this_year = dt.date.today().year
    plan = services.plan_create(
        acting_user=None,
        association=cast.a.association,
        code="nu",
        title="Nu",
        from_year=this_year - 1,
        to_year=this_year + 1,
    )
    assert client_for("admin").get(page("plan", pk=plan.pk)).context["tree"].year == this_year
    old = services.plan_create(
        acting_user=None, association=cast.a.association, code="gammal", title="G", from_year=2019, to_year=2021
    )
    assert client_for("admin").get(page("plan", pk=old.pk)).context["tree"].year == 2021
    for bad in ({"year": "1999"}, {"year": nasty.NUMBERS["five_thousand_digits"]}, {"year": "2020", "until": "x"}):
        response = client_for("admin").get(page("plan", pk=old.pk), bad)
        assert response.status_code == 200 and response.context["tree"].year == 2021
    response = client_for("admin").get(page("plan", pk=old.pk), {"year": "2020", "until": "2021-03-31"})
    assert response.context["period"].errors["until"]


def test_plan_page_query_count_does_not_grow_with_goals(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    client, url = client_for("intervention_manager"), page("plan", pk=world["plan"].pk)
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"year": 2024}).status_code == 200
        return len(captured)

    def add(i: int) -> None:  # a goal also of an insats the insatsansvarig is not on: shown as published
        goal = services.goal_create(
            acting_user=None,
            plan=world["plan"],
            area=world["area"],
            code=f"5:{i}",
            text="Mer",
            interventions=[cast.a.intervention, cast.a.other_intervention],
        )
        services.indicator_create(acting_user=None, goal=goal, code="m", name="M", target=1)
        services.indicator_create(
            acting_user=None, goal=goal, code="e", name="E", source_kind="ended_share", params={"end_reasons": ["1"]}
        )
        services.assessment_set(acting_user=None, goal=goal, year=2024, status="delvis", comment="x")

    add(0)  # every kind of row once (internal and published values): then more goals cost no more queries
    few = queries()
    for i in range(1, 6):
        add(i)
    assert queries() == few


# --- The goal page: chart with its figures, assessments, manual values. ---


def test_goal_page_charts_each_indicator_with_a_table(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    services.indicator_value_set(acting_user=None, indicator=world["manual"], year=2024, value=Decimal("85.5"))
    response = client_for("viewer").get(page("goal", pk=world["goal"].pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('role="img"') == 3 and "<title" in body and "style=" not in body
    assert "Siffrorna i diagrammet" in body and "streckad linje" in body
    words = text(response)
    assert "86 %" in words  # 85,5 % rounded in the tree table
    assert "Bra år." in words and "Delår." not in words  # only this goal's assessments
    years = [year for year, _row in response.context["indicator_years"][0].years]
    assert years[0] == 2024 and len(years) <= 5


def test_goal_chart_covers_the_plans_years_and_earlier_years_with_data(
    cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    later = services.plan_copy(
        acting_user=None, plan=world["plan"], code="vp-25", title="VP 2025", from_year=2025, to_year=2026
    )
    goal = later.goals.get(code="1:1")
    response = client_for("admin").get(page("goal", pk=goal.pk))
    years = {item.indicator.code: [y for y, _row in item.years] for item in response.context["indicator_years"]}
    this_year = dt.date.today().year
    plan_years = [y for y in (2025, 2026) if y <= this_year]
    assert years["a"] == [2024, *plan_years]  # 2024 has ended enrollments; 2020–2023 none
    assert years["c"] == plan_years  # the manual indicator has no earlier value
    assert all(len(y) <= 5 for y in years.values())


def test_manual_values_are_entered_per_year_and_refused_above_100_percent(
    cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    manual = world["manual"]
    url = page("indicator-values", pk=manual.pk)
    response = client_for("admin").post(url, {"value_2024": "70", "value_2025": "150"})
    assert response.status_code == 200 and response.context["form"].errors["value_2025"]
    assert not IndicatorValue.objects.exists()
    assert client_for("admin").post(url, {"value_2024": "70", "value_2025": "75,5"}).status_code == 302
    assert dict(IndicatorValue.objects.values_list("year", "value")) == {2024: 70, 2025: Decimal("75.5")}
    assert client_for("admin").post(url, {"value_2024": "", "value_2025": "75.5"}).status_code == 302
    assert dict(IndicatorValue.objects.values_list("year", "value")) == {2025: Decimal("75.5")}
    assert client_for("admin").get(page("indicator-values", pk=world["ended"].pk)).status_code == 404
    assert client_for("viewer").post(url, {"value_2024": "1"}).status_code == 403


# --- Forms: create, edit, copy, delete through the services; bad input gets a Swedish message. ---


def test_plan_create_edit_copy_and_delete(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    admin = client_for("admin")
    response = admin.post(
        page("create"), {"code": "vp-27", "title": "VP 2027", "from_year": 2027, "to_year": 2028, "status": "draft"}
    )
    assert response.status_code == 302
    new = Plan.objects.get(code="vp-27")
    assert [p.code for p in admin.get(page("list")).context["plans"]][:2] == ["vp-27", "vp-24"]
    response = admin.post(
        page("plan-edit", pk=new.pk),
        {"code": "vp-27", "title": "Ändrad", "from_year": 2027, "to_year": 2027, "status": "adopted"},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.title, new.to_year, new.status) == ("Ändrad", 2027, "adopted")
    assert AuditEntry.objects.filter(object_id=str(new.pk), action="update").exists()

    plan = world["plan"]
    taken = admin.post(
        page("plan-copy", pk=plan.pk), {"code": "vp-24", "title": "X", "from_year": 2027, "to_year": 2027}
    )
    assert taken.status_code == 200 and "koden" in " ".join(taken.context["form"].non_field_errors())
    response = admin.post(
        page("plan-copy", pk=plan.pk), {"code": "vp-30", "title": "VP 2030", "from_year": 2030, "to_year": 2032}
    )
    assert response.status_code == 302
    copy = Plan.objects.get(code="vp-30")
    assert response["Location"] == copy.get_absolute_url()
    assert sorted(copy.goals.values_list("code", flat=True)) == ["1:1", "1:2", "2:1"]
    assert Indicator.objects.filter(goal__plan=copy).count() == 3
    assert not Assessment.objects.filter(goal__plan=copy).exists()
    assert list(copy.goals.get(code="1:1").interventions.all()) == [cast.a.intervention]

    confirm = admin.get(page("plan-delete", pk=plan.pk))
    words = text(confirm)
    for part in ("Målområden: 2", "Mål: 3", "Mått: 3", "Bedömningar: 2", "Värden angivna för hand: 0"):
        assert part in words
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert admin.post(page("plan-delete", pk=plan.pk)).status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists() and not Goal.objects.filter(plan_id=plan.pk).exists()


def test_area_goal_and_indicator_forms(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    admin, plan = client_for("admin"), world["plan"]
    assert admin.post(page("area-create", pk=plan.pk), {"code": "3", "name": "Nytt", "position": 3}).status_code == 302
    area = GoalArea.objects.get(plan=plan, code="3")
    response = admin.post(
        page("goal-create", pk=plan.pk),
        {
            "area": area.pk,
            "code": "3:1",
            "text": "Ett mål",
            "interventions": [cast.a.intervention.pk, cast.a.structural.pk],
            "position": 0,
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(plan=plan, code="3:1")
    assert set(goal.interventions.all()) == {cast.a.intervention, cast.a.structural}
    foreign = admin.post(
        page("goal-edit", pk=goal.pk),
        {"area": area.pk, "code": "3:1", "text": "x", "interventions": [cast.b.intervention.pk], "position": 0},
    )
    assert foreign.status_code == 200 and foreign.context["form"].errors["interventions"]
    response = admin.post(
        page("indicator-create", pk=goal.pk),
        {
            "code": "x",
            "name": "Uppföljning",
            "unit": "percent",
            "target": "40",
            "measured_at": "6m",
            "source_kind": "followup_share",
            "months": "6",
            "occupation": ["arbete", "studier"],
            "end_reasons": ["1"],  # another kind's parameter: not sent to the service
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    indicator = goal.indicators.get()
    assert indicator.params == {"months": 6, "occupation": ["arbete", "studier"]}
    edit = admin.get(page("indicator-edit", pk=indicator.pk))
    assert edit.context["form"]["months"].value() == 6
    delete = admin.post(page("area-delete", pk=area.pk))
    assert delete.status_code == 400 and GoalArea.objects.filter(pk=area.pk).exists()
    assert admin.post(page("goal-delete", pk=goal.pk)).status_code == 302
    assert admin.post(page("area-delete", pk=area.pk)).status_code == 302
    assert not GoalArea.objects.filter(pk=area.pk).exists()


def _indicator_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "code": "n",
        "name": "Nytt mått",
        "unit": "percent",
        "target": "50",
        "measured_at": "end",
        "source_kind": "ended_share",
        "end_reasons": ["1"],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"target": "150"}, "target", "procent"),
        ({"end_reasons": ["1", "XYZ"]}, "end_reasons", "okända koder: XYZ"),
        (
            {"source_kind": "followup_share", "end_reasons": [], "occupation": ["nope"], "months": "3"},
            "occupation",
            "okända koder",
        ),
        ({"source_kind": "followup_share", "end_reasons": [], "occupation": ["arbete"]}, "months", "måste anges"),
        ({"source_kind": "followup_share", "occupation": ["arbete"], "months": "0"}, "months", "mellan 1 och 60"),
        ({"source_kind": "ended_share", "end_reasons": []}, "end_reasons", "ange minst en"),
        ({"source_kind": "survey_share", "survey": "", "question": "q", "at_least": "4"}, "survey", "måste anges"),
        (
            {"source_kind": "survey_share", "survey": BAD_TEXT["nul"][0], "question": "q", "at_least": "4"},
            "survey",
            "styrtecken",
        ),
        ({"source_kind": "nonsense"}, "source_kind", "giltigt"),
        ({"target": nasty.NUMBERS["five_thousand_digits"]}, "target", ""),
        ({"target": "NaN"}, "target", ""),
        ({"target": "-5"}, "target", ""),
    ],
)
def test_indicator_form_refuses_bad_input_with_a_swedish_message(
    overrides: dict[str, Any], field: str, words: str, cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    before = (Indicator.objects.count(), AuditEntry.objects.count())
    response = client_for("admin").post(page("indicator-create", pk=world["goal"].pk), _indicator_post(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors
    assert (Indicator.objects.count(), AuditEntry.objects.count()) == before
    edit = client_for("admin").post(page("indicator-edit", pk=world["ended"].pk), _indicator_post(**overrides))
    assert edit.status_code == 200 and field in edit.context["form"].errors
    assert Indicator.objects.get(pk=world["ended"].pk).params == {"end_reasons": ["1"]}


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_text_fields_refuse_personnummer_and_control_characters(
    kind: str, cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    admin, plan, goal = client_for("admin"), world["plan"], world["goal"]
    bad = BAD_TEXT[kind][0]
    before = AuditEntry.objects.count()
    posts = [
        (page("create"), {"code": "q", "title": bad, "from_year": 2025, "to_year": 2025, "status": "draft"}, "title"),
        (
            page("plan-edit", pk=plan.pk),
            {"code": "vp-24", "title": "T", "from_year": 2024, "to_year": 2026, "status": "draft", "vision": bad},
            "vision",
        ),
        (page("plan-copy", pk=plan.pk), {"code": bad, "title": "T", "from_year": 2030, "to_year": 2030}, "code"),
        (page("area-create", pk=plan.pk), {"code": "9", "name": bad, "position": 0}, "name"),
        (page("goal-edit", pk=goal.pk), {"area": world["area"].pk, "code": "1:1", "text": bad, "position": 0}, "text"),
        (page("assess", pk=goal.pk), {"year": 2025, "status": "delvis", "comment": bad}, "comment"),
        (page("indicator-create", pk=goal.pk), _indicator_post(name=bad), "name"),
    ]
    for url, data, field in posts:
        response = admin.post(url, data)
        assert response.status_code == 200, (url, response.status_code)
        assert says_why(response.context["form"].errors[field], kind), (url, response.context["form"].errors)
    assert AuditEntry.objects.count() == before
    goal.refresh_from_db()
    assert goal.text == "Fler i arbete"


@pytest.mark.parametrize("value", sorted(nasty.NUMBERS.values()) + ["", "abc", "-1", "2101", "2003"])
def test_year_fields_refuse_nasty_numbers(value: str, cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    before = Plan.objects.count()
    response = client_for("admin").post(
        page("create"), {"code": "n", "title": "N", "from_year": value, "to_year": 2025, "status": "draft"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = client_for("admin").post(page("assess", pk=world["goal"].pk), {"year": value, "status": "delvis"})
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert Plan.objects.count() == before
    assert not Assessment.objects.filter(goal=world["goal"]).exclude(year=2024).exists()


@pytest.mark.parametrize("value", sorted(nasty.NUMBERS.values()))
def test_number_fields_never_fail_on_nasty_numbers(
    value: str, cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    admin = client_for("admin")
    before = AuditEntry.objects.count()
    response = admin.post(page("indicator-values", pk=world["manual"].pk), {"value_2024": value})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors["value_2024"]
        assert not IndicatorValue.objects.exists() and AuditEntry.objects.count() == before
    else:
        assert 0 <= IndicatorValue.objects.get().value <= 100
    response = admin.post(page("indicator-edit", pk=world["ended"].pk), _indicator_post(target=value))
    assert response.status_code in (200, 302)
    target = Indicator.objects.get(pk=world["ended"].pk).target
    assert target is not None and 0 <= target <= 100
    for url in (page("plan", pk=world["plan"].pk), page("matrix", intervention=cast.a.intervention.pk)):
        assert admin.get(url, {"year": value, "until": value}).status_code == 200


# --- The goal matrix of an insats. ---


def test_matrix_shows_the_goals_of_the_insats(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    url = page("matrix", intervention=cast.a.intervention.pk)
    response = client_for("intervention_manager").get(url, {"year": 2024})
    assert response.status_code == 200
    words = text(response)
    for part in ("Avslut till arbete", "Löpande", "50 %", "67 % 2 av 3", "Efter 3 månader", "Ja", "Nej"):
        assert part in words, part
    assert "Annat team" not in words and "ingen data" in words
    assert [line.goal.code for line in response.context["rows"]] == ["1:1", "1:1", "1:1"]
    assert client_for("intervention_manager").get(url, {"year": 2030}).context["rows"] == []
    other = page("matrix", intervention=cast.a.other_intervention.pk)
    assert client_for("intervention_manager").get(other).status_code == 404  # not their insats
    assert client_for("viewer").get(other, {"year": 2024}).status_code == 200
    assert client_for("registrar").get(url).status_code == 403
    assert client_for("admin").get(page("matrix", intervention=cast.b.intervention.pk)).status_code == 404
    index = client_for("intervention_manager").get(page("matrix-index"))
    assert [i.pk for i in index.context["interventions"]] == [cast.a.intervention.pk]


def test_goal_report_page_published_by_default_and_files(
    cast: Cast, client_for: Clients, world: dict[str, Any]
) -> None:
    url = page("goal-report", pk=world["plan"].pk)
    viewer = client_for("viewer")
    response = viewer.get(url, {"year": 2024})
    assert response.status_code == 200 and "Måluppföljning år 2024" in text(response)
    assert "2 av 3" not in text(response)  # published: no count made for the page
    docx = viewer.get(url, {"year": 2024, "format": "docx"})
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert viewer.get(url, {"year": 2024, "version": "intern"}).status_code == 403
    admin = client_for("admin")
    assert "2 av 3" in text(admin.get(url, {"year": 2024, "version": "intern"}))
    refused = admin.get(url, {"year": 2024, "until": "2024-08-15"})  # not a fixed period: published says so
    assert refused.status_code == 200 and "fasta perioder" in text(refused)
    assert client_for("registrar").get(url).status_code == 403
    other = reverse("planning:goal-report", kwargs={"association": cast.b.association.slug, "pk": world["plan"].pk})
    assert client_for("admin_b").get(other).status_code == 404


def test_plan_document_for_admins(cast: Cast, client_for: Clients, world: dict[str, Any]) -> None:
    url = page("document", pk=world["plan"].pk)
    response = client_for("admin").get(url)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client_for("admin").get(url, {"format": "pdf"}).content[:4] == b"%PDF"
    assert client_for("viewer").get(url).status_code == 403

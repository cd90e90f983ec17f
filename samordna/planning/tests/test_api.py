"""The plan API: who reads and writes, bad input answered 400 in Swedish with nothing written, computed values."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry, CodeListEntry
from samordna.participants import services as participant_services
from samordna.participants.tests.helpers import enroll
from samordna.planning import services
from samordna.planning.models import Assessment, Goal, Indicator, Plan
from samordna.planning.testing import add_goals, sample_assessment, sample_goal, sample_indicator, sample_plan
from samordna.testing.cast import ROLE_USERS, Cast

pytestmark = pytest.mark.django_db
KINDS = ("plan", "goal", "indicator", "assessment")


def url(cast: Cast, kind: str, pk: int | None = None, tenant: str = "a") -> str:
    slug = getattr(cast, tenant).association.slug
    if pk is None:
        return reverse(f"{kind}-list", kwargs={"association": slug})
    return reverse(f"{kind}-detail", kwargs={"association": slug, "pk": pk})


def _objects(cast: Cast, tenant: str = "a") -> dict[str, Any]:
    t = getattr(cast, tenant)
    return {
        "plan": sample_plan(t),
        "goal": sample_goal(t),
        "indicator": sample_indicator(t),
        "assessment": sample_assessment(t),
    }


def _post(client: Client, target: str, data: dict[str, Any]) -> Any:
    return client.post(target, json.dumps(data), content_type="application/json")


def _rows(response: Any) -> dict[int, dict[str, Any]]:
    """The rows of a list answer (paginated or not) by id."""
    assert response.status_code == 200, response.content
    data = response.json()
    return {row["id"]: row for row in (data["results"] if isinstance(data, dict) else data)}


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Plan, Goal, Indicator, Assessment, AuditEntry))


@pytest.mark.parametrize("kind", KINDS)
def test_readers_admin_and_viewer_others_403(cast: Cast, client_for: Any, kind: str) -> None:
    objects = _objects(cast)
    for name, roles in ROLE_USERS.items():
        client = client_for(name)
        expected = 200 if roles & {Role.ADMIN, Role.VIEWER} else 403
        assert client.get(url(cast, kind)).status_code == expected, name
        assert client.get(url(cast, kind, objects[kind].pk)).status_code == expected, name


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_401_and_other_forbund_404(cast: Cast, client_for: Any, kind: str) -> None:
    own, other = _objects(cast), _objects(cast, "b")
    assert Client().get(url(cast, kind)).status_code in (401, 403)
    assert Client().get(url(cast, kind)).status_code == 401
    admin = client_for(Role.ADMIN)
    assert admin.get(url(cast, kind, tenant="b")).status_code == 404
    assert admin.get(url(cast, kind, other[kind].pk)).status_code == 404
    assert client_for("admin_b").get(url(cast, kind, own[kind].pk, tenant="b")).status_code == 404
    assert client_for("outsider").get(url(cast, kind)).status_code == 404


@pytest.mark.parametrize("name", ["viewer", "admin_viewer"])
def test_only_admins_write(cast: Cast, client_for: Any, name: str) -> None:
    objects = _objects(cast)
    before = _counts()
    client = client_for(name)
    status = client.patch(
        url(cast, "plan", objects["plan"].pk), json.dumps({"title": "Ny"}), content_type="application/json"
    ).status_code
    assert status == (200 if name == "admin_viewer" else 403)
    if name == "viewer":
        assert client.delete(url(cast, "goal", objects["goal"].pk)).status_code == 403
        assert _counts() == before


def test_admin_creates_a_plan_goal_indicator_and_assessment_through_the_services(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    before = AuditEntry.objects.count()
    plan = _post(
        admin, url(cast, "plan"), {"code": "vp-2025", "title": "Plan 2025", "from_year": 2025, "to_year": 2026}
    )
    assert plan.status_code == 201, plan.content
    plan_obj = Plan.objects.get(pk=plan.json()["id"])
    area = services.area_create(acting_user=None, plan=plan_obj, code="1", name="Individ")
    goal = _post(
        admin,
        url(cast, "goal"),
        {"plan": plan_obj.pk, "area": area.pk, "code": "1:1", "text": "Arbete", "interventions": ["1063"]},
    )
    assert goal.status_code == 201, goal.content
    assert goal.json()["interventions"] == ["1063"]
    indicator = _post(
        admin,
        url(cast, "indicator"),
        {
            "goal": goal.json()["id"],
            "code": "a",
            "name": "Till arbete",
            "target": 25,
            "source_kind": "followup_share",
            "params": {"months": 12, "occupation": ["arbete"]},
        },
    )
    assert indicator.status_code == 201, indicator.content
    assert Indicator.objects.get().params == {"months": 12, "occupation": ["arbete"]}
    assessment = _post(admin, url(cast, "assessment"), {"goal": goal.json()["id"], "year": 2025, "status": "delvis"})
    assert assessment.status_code == 201, assessment.content
    assert assessment.json()["until"] == "2025-12-31"
    changed = admin.patch(
        url(cast, "assessment", assessment.json()["id"]),
        json.dumps({"status": "uppfyllt"}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["status"] == "uppfyllt"
    assert AuditEntry.objects.count() == before + 6
    assert admin.delete(url(cast, "goal", goal.json()["id"])).status_code == 204
    assert not Goal.objects.filter(code="1:1", plan=plan_obj).exists()


BAD: list[tuple[str, str, dict[str, Any], str]] = [
    (
        "indicator",
        "months",
        {"source_kind": "followup_share", "params": {"months": 0, "occupation": ["arbete"]}},
        "months: ska vara ett heltal mellan 1 och 60",
    ),
    ("indicator", "codes", {"source_kind": "ended_share", "params": {"end_reasons": ["77"]}}, "okända koder: 77"),
    ("indicator", "params_type", {"source_kind": "ended_share", "params": ["1"]}, "objekt"),
    ("indicator", "percent", {"target": 150}, "mellan 0 och 100"),
    ("indicator", "unit", {"unit": "liter"}, "unit"),
    ("indicator", "kind", {"source_kind": "horoskop"}, "source_kind"),
    ("indicator", "other_goal", {"goal": -1}, "goal"),
    ("indicator", "duplicate", {"code": "1:1-a"}, "redan"),
    ("assessment", "year", {"year": 1999}, "year"),
    ("assessment", "outside", {"year": 2090}, "utanför planens år"),
    ("assessment", "until", {"until": "2001-01-01"}, "until"),
    ("assessment", "status", {"status": "klart"}, "status"),
    ("goal", "insats", {"interventions": ["9999"]}, "interventions"),
    ("goal", "duplicate", {"code": "1:1"}, "redan"),
    ("plan", "years", {"from_year": 2030, "to_year": 2020}, "före"),
    ("plan", "duplicate", {"code": "vp-prov"}, "redan"),
    ("plan", "nul", {"title": "a\x00b"}, "styrtecken"),
]


def _valid(cast: Cast, kind: str) -> dict[str, Any]:
    objects = _objects(cast)
    year = objects["plan"].from_year
    return {
        "plan": {"code": "vp-ny", "title": "Ny plan", "from_year": year, "to_year": year},
        "goal": {"plan": objects["plan"].pk, "area": objects["plan"].areas.get().pk, "code": "1:2", "text": "Mål"},
        "indicator": {
            "goal": objects["goal"].pk,
            "code": "b",
            "name": "Mått",
            "target": 10,
            "source_kind": "manual",
            "params": {},
        },
        "assessment": {"goal": objects["goal"].pk, "year": year, "until": f"{year}-08-31", "status": "delvis"},
    }[kind]


@pytest.mark.parametrize(("kind", "name", "change", "message"), BAD, ids=[f"{b[0]}-{b[1]}" for b in BAD])
def test_bad_input_is_400_in_swedish_and_writes_nothing(
    cast: Cast, client_for: Any, kind: str, name: str, change: dict[str, Any], message: str
) -> None:
    data = {**_valid(cast, kind), **change}
    before = _counts()
    response = _post(client_for(Role.ADMIN), url(cast, kind), data)
    assert response.status_code == 400, (name, response.content)
    assert message in response.content.decode(), response.content.decode()
    assert _counts() == before


def test_the_valid_bodies_are_accepted(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    for kind in KINDS:
        response = _post(admin, url(cast, kind), _valid(cast, kind))
        assert response.status_code == 201, (kind, response.content)


def test_indicator_values_are_computed_for_the_year_with_a_fixed_number_of_queries(cast: Cast, client_for: Any) -> None:
    year = dt.date.today().year
    indicator = sample_indicator(cast.a)  # ended_share, end reason 1, on the tenant's insats
    for reason in ("1", "1", "4"):
        enrollment = enroll(cast.a.intervention, start=dt.date(year, 1, 2))
        participant_services.register_out(
            acting_user=None,
            enrollment=enrollment,
            end_date=dt.date(year, 1, 3),
            end_reason=CodeListEntry.objects.get(list="end_reason", code=reason),
        )
    admin = client_for(Role.ADMIN)
    rows = _rows(admin.get(url(cast, "indicator")))
    row = rows[indicator.pk]
    assert (row["numerator"], row["denominator"], row["year"]) == (2, 3, year)
    assert Decimal(str(row["value"])).quantize(Decimal("0.001")) == Decimal("0.667")
    assert row["met"] is True
    # The viewer reads published figures: counts of 1..k−1 are hidden.
    viewer_row = _rows(client_for(Role.VIEWER).get(url(cast, "indicator")))[indicator.pk]
    assert viewer_row["value"] is None and viewer_row["numerator"] is None
    # Last year: no ended enrollments, no value.
    old = _rows(admin.get(url(cast, "indicator") + f"?year={year - 1}"))[indicator.pk]
    assert old["value"] is None and old["year"] == year - 1

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert admin.get(url(cast, "indicator")).status_code == 200
        return len(context.captured_queries)

    add_goals(cast.a, 2, start=100)  # every kind of row once: then more rows cost no more queries
    few = queries()
    add_goals(cast.a, 6, start=200)
    assert queries() == few


@pytest.mark.parametrize("year", ["abc", "1999", "99999999999", "-1", "2101"])
def test_a_bad_year_is_400(cast: Cast, client_for: Any, year: str) -> None:
    sample_indicator(cast.a)
    response = client_for(Role.ADMIN).get(url(cast, "indicator") + f"?year={year}")
    assert response.status_code == 400
    assert "Ange ett år" in response.content.decode()


def test_goal_plan_and_assessment_period_cannot_be_changed(cast: Cast, client_for: Any) -> None:
    objects = _objects(cast)
    other = services.plan_create(
        acting_user=None, association=cast.a.association, code="x", title="X", from_year=2025, to_year=2025
    )
    admin = client_for(Role.ADMIN)
    response = admin.patch(
        url(cast, "goal", objects["goal"].pk), json.dumps({"plan": other.pk}), content_type="application/json"
    )
    assert response.status_code == 400
    response = admin.patch(
        url(cast, "assessment", objects["assessment"].pk), json.dumps({"year": 2030}), content_type="application/json"
    )
    assert response.status_code == 400


def test_schema_describes_the_plan_routes(cast: Cast, client_for: Any) -> None:
    response = client_for(Role.ADMIN).get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for name in ("plans", "goals", "indicators", "assessments"):
        assert f"/api/v1/associations/{{association}}/{name}/" in paths


def test_a_viewer_reads_the_value_of_the_years_publication_not_a_new_count(cast: Cast, client_for: Any) -> None:
    from samordna.publications.services import release_publication
    from samordna.reporting.periods import FixedPeriod

    year = dt.date.today().year - 1
    indicator = sample_indicator(cast.a)  # ended_share, end reason 1, on the tenant's insats
    for n in range(12):  # 6 to work (end reason 1), 6 for another reason: no count of them is small
        enrollment = enroll(cast.a.intervention, start=dt.date(year, 1, 2))
        participant_services.register_out(
            acting_user=None,
            enrollment=enrollment,
            end_date=dt.date(year, 2, 3),
            end_reason=CodeListEntry.objects.get(list="end_reason", code="1" if n % 2 else "4"),
        )
    viewer = client_for(Role.VIEWER)
    before = _rows(viewer.get(url(cast, "indicator") + f"?year={year}"))[indicator.pk]
    assert before["value"] is None  # the year has no publication yet
    release_publication(association=cast.a.association, period=FixedPeriod.whole_year(year), acting_user=None)
    enrollment = enroll(cast.a.intervention, start=dt.date(year, 1, 2))  # registered after the release
    participant_services.register_out(
        acting_user=None,
        enrollment=enrollment,
        end_date=dt.date(year, 3, 3),
        end_reason=CodeListEntry.objects.get(list="end_reason", code="4"),
    )
    shown = _rows(viewer.get(url(cast, "indicator") + f"?year={year}"))[indicator.pk]
    fresh = _rows(client_for(Role.ADMIN).get(url(cast, "indicator") + f"?year={year}"))[indicator.pk]
    assert (fresh["numerator"], fresh["denominator"]) == (6, 13)
    # The publication's figures (6 of the 12 ended when it was released), not today's 6 of 13.
    assert (shown["numerator"], shown["denominator"]) == (6, 12)

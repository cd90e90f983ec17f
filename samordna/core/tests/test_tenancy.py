"""The tenant resolver (core.tenancy), `for_user` with several roles, the named role sets, the API's 400s.

Runs on SQLite and PostgreSQL alike (`DATABASE_URL=postgres://… pytest samordna/core/tests/test_tenancy.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from samordna.core import services as core_services
from samordna.core.choices import Role
from samordna.core.models import AuditEntry, Membership
from samordna.core.tenancy import ALL_ROLES, ROLE_SETS, associations_for, resolve, resolve_for, roles_in
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.finance.models import BudgetLine
from samordna.interventions.models import Intervention
from samordna.organisations.models import BoardSeat, Member
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.participants.tests.helpers import enroll
from samordna.testing import nasty
from samordna.testing.cast import ROLE_USERS, TWO_ROLE_USERS, Cast, any_object
from samordna.testing.urlwalk import tenant_routes

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]

# Slugs a URL or a caller might hand the resolver: none may raise anything but Http404, on either database.
NASTY_SLUGS = {**nasty.TEXT, **nasty.PERSONNUMMER, "unicode_slug": "förbund", "too_long": "a" * 61}


def test_two_role_users_hold_both_roles(cast: Cast) -> None:
    for name, roles in TWO_ROLE_USERS.items():
        tenancy = resolve(cast.user(name), cast.a.association.slug)
        assert tenancy.association == cast.a.association
        assert tenancy.roles == roles


def test_resolve_is_one_query_and_caches_the_roles(cast: Cast, django_assert_num_queries: Any) -> None:
    user = cast.user("admin_viewer")
    with django_assert_num_queries(1):
        tenancy = resolve(user, "alfa")
    with django_assert_num_queries(0):
        assert roles_in(user, tenancy.association) == {Role.ADMIN, Role.VIEWER}


@pytest.mark.parametrize("name", ["admin_b", "outsider"])
def test_another_forbund_and_a_missing_one_are_the_same_404(cast: Cast, name: str) -> None:
    user = cast.user(name)
    with pytest.raises(Http404) as not_member:
        resolve(user, "alfa")
    with pytest.raises(Http404) as missing:
        resolve(user, "finns-inte")
    assert str(not_member.value) == str(missing.value) == "Förbundet finns inte."


def test_anonymous_and_inactive_users_resolve_nothing(cast: Cast) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        resolve(AnonymousUser(), "alfa")
    admin = cast.user("admin")
    admin.is_active = False
    with pytest.raises(Http404):
        resolve(admin, "alfa")
    assert not associations_for(admin).exists()
    assert not Member.objects.for_user(admin, cast.a.association).exists()


@pytest.mark.parametrize("key", sorted(NASTY_SLUGS))
def test_nasty_slugs_are_404_and_never_reach_the_database_unless_slug_shaped(
    cast: Cast, key: str, django_assert_max_num_queries: Any
) -> None:
    user, slug = cast.user("admin"), NASTY_SLUGS[key]
    slug_shaped = slug.replace("-", "").replace("_", "").isascii() and slug.replace("-", "").isalnum()
    with django_assert_max_num_queries(1 if slug_shaped and len(slug) <= 60 else 0), pytest.raises(Http404):
        resolve(user, slug)


def test_resolve_for_checks_roles_after_the_forbund(cast: Cast) -> None:
    from django.core.exceptions import PermissionDenied

    assert resolve_for(cast.user("admin_viewer"), "alfa", frozenset({Role.VIEWER})).roles >= {Role.VIEWER}
    with pytest.raises(PermissionDenied):
        resolve_for(cast.user("admin_viewer"), "alfa", frozenset({Role.REGISTRAR}))
    with pytest.raises(Http404):  # another förbund: 404 even where no role would be allowed
        resolve_for(cast.user("admin_b"), "alfa", frozenset({Role.REGISTRAR}))


def _unmasked(content: bytes) -> bytes:
    """A page without its CSRF token, which Django masks differently in every response."""
    return re.sub(rb'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", content)


def test_pages_and_api_do_not_reveal_that_a_forbund_exists(cast: Cast, client_for: Clients) -> None:
    outsider = client_for("admin_b")
    for route in ("core:dashboard", "organisations:member-list", "member-list"):
        existing = outsider.get(reverse(route, kwargs={"association": "alfa"}))
        missing = outsider.get(reverse(route, kwargs={"association": "finns-inte"}))
        assert existing.status_code == missing.status_code == 404, route
        assert _unmasked(existing.content) == _unmasked(missing.content), route


# --- for_user: each row once, for any combination of roles, with ordering and counts kept. ---

SCOPED_MODELS = [Member, BoardSeat, Intervention, BudgetLine, Enrollment, FollowUp, Participant]


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_for_user_names_each_row_once_for_two_roles(cast: Cast, model: Any) -> None:
    any_object(cast, Enrollment if model is Participant else model, cast.a)
    expected = list(model.objects.for_association(cast.a.association).order_by("-pk").values_list("pk", flat=True))
    assert expected, f"{model.__name__}: no rows, so the check proves nothing"
    for name in TWO_ROLE_USERS:
        scoped = model.objects.for_user(cast.user(name), cast.a.association).order_by("-pk")
        assert list(scoped.values_list("pk", flat=True)) == expected, name
        assert scoped.count() == len(expected), name


def test_for_user_over_two_forbund_names_each_row_once(cast: Cast) -> None:
    user = cast.user("admin_viewer")
    core_services.membership_add(acting_user=None, association=cast.b.association, user=user, role=Role.VIEWER)
    core_services.membership_add(acting_user=None, association=cast.b.association, user=user, role=Role.ADMIN)
    scoped = Member.objects.for_user(user).order_by("association__slug", "code")
    pks = list(scoped.values_list("pk", flat=True))
    expected = Member.objects.filter(association__in=[cast.a.association, cast.b.association])
    assert len(pks) == len(set(pks)) == expected.count() == scoped.count()
    assert list(associations_for(user).order_by("slug")) == [cast.a.association, cast.b.association]
    assert Membership.objects.filter(user=user).count() == 4


def test_associations_for_two_roles_lists_the_forbund_once(cast: Cast) -> None:
    for name in TWO_ROLE_USERS:
        assert list(associations_for(cast.user(name))) == [cast.a.association]
    assert list(associations_for(cast.user("outsider"))) == []


# --- Named role sets: every page and endpoint uses one of them. ---


def test_every_route_uses_a_named_role_set() -> None:
    named = list(ROLE_SETS.values())
    unnamed = []
    for route in tenant_routes():
        sets = [route.allowed_roles("GET")] + ([route.allowed_roles("POST")] if route.is_api else [])
        unnamed += [f"{route}: {sorted(s)}" for s in sets if not any(s is candidate for candidate in named)]
    assert unnamed == [], "use a role set from samordna.core.tenancy (or name a new one there): " + str(unnamed)


def test_role_sets_hold_only_roles_and_every_role_is_in_the_cast() -> None:
    for name, roles in ROLE_SETS.items():
        assert roles <= ALL_ROLES, name
    assert set().union(*ROLE_USERS.values()) == ALL_ROLES


# --- The API base turns a service's ValidationError into a 400, once, and nothing is written. ---


def test_service_refusal_in_a_two_part_update_is_a_400_and_writes_nothing(cast: Cast, client_for: Clients) -> None:
    enrollment = enroll(cast.a.intervention, gender="kvinna", start=dt.date(2024, 3, 1))
    before = AuditEntry.objects.count()
    response = client_for("manager_registrar").patch(
        f"/api/v1/associations/alfa/enrollments/{enrollment.pk}/",
        {"gender": "man", "end_date": "2024-01-01", "end_reason": "1"},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "före startdatum" in response.json()["end_date"][0]
    enrollment.refresh_from_db()
    assert enrollment.participant.gender == "kvinna" and enrollment.end_date is None
    assert AuditEntry.objects.count() == before


def test_report_api_bad_date_is_a_swedish_400(cast: Cast, client_for: Clients) -> None:
    response = client_for("admin_viewer").get("/api/v1/associations/alfa/reports/participants/", {"from": "2024-13-45"})
    assert response.status_code == 400
    assert "inte ett datum" in response.json()["detail"][0]


def test_api_role_refusal_is_swedish(cast: Cast, client_for: Clients) -> None:
    response = client_for("admin_viewer").get("/api/v1/associations/alfa/enrollments/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Din roll ger inte tillgång till detta."


NASTY_IDS = {**nasty.TEXT, **nasty.PERSONNUMMER, **nasty.NUMBERS}


@pytest.mark.parametrize(
    "key", ["nul", "control", "sql", "html", "emoji", "pnr_12_dash", "thirty_digits", "five_thousand_digits", "nan"]
)
def test_nasty_ids_in_api_urls_are_404_never_500(cast: Cast, client_for: Clients, key: str) -> None:
    raw = NASTY_IDS[key]
    for name, path in [
        ("manager_registrar", "enrollments"),
        ("manager_registrar", "follow-ups"),
        ("admin_viewer", "members"),
        ("admin_viewer", "interventions"),
        ("admin_viewer", "budget-amounts"),
    ]:
        response = client_for(name).get(f"/api/v1/associations/alfa/{path}/{quote(raw, safe='')}/")
        assert response.status_code == 404, f"{path} {key}: {response.status_code}"


def test_two_role_registrar_works_through_the_api(cast: Cast, client_for: Clients) -> None:
    """insatsansvarig + deltagaransvarig registers, reads and lists without duplicates or 500s."""
    api = client_for("manager_registrar")
    response = api.post(
        "/api/v1/associations/alfa/enrollments/",
        {
            "participant": "",
            "gender": "man",
            "birth_year": 1988,
            "municipality": "1980",
            "intervention": "1063",
            "start_date": "2024-03-01",
            "support_before": ["forsorjningsstod"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()["id"]
    assert api.get(f"/api/v1/associations/alfa/enrollments/{created}/").status_code == 200
    listed = api.get("/api/v1/associations/alfa/enrollments/").json()
    assert [row["id"] for row in listed["results"]] == [created] and listed["count"] == 1


def test_year_range_is_the_one_constant_in_forms_and_api(cast: Cast, client_for: Clients) -> None:
    from samordna.finance.forms import AllocationForm
    from samordna.interventions.forms import VolumeTargetForm

    for form_class in (AllocationForm, VolumeTargetForm):
        field = form_class.base_fields["year"]
        assert (field.min_value, field.max_value) == (FIRST_YEAR, LAST_YEAR), form_class.__name__
    line = any_object(cast, BudgetLine, cast.a)
    api = client_for("admin_viewer")
    for year, expected in ((FIRST_YEAR - 1, 400), (LAST_YEAR + 1, 400), (FIRST_YEAR, 201)):
        response = api.post(
            "/api/v1/associations/alfa/budget-amounts/",
            {"line": line.code, "year": year, "version": "budget", "amount": "-100"},
            content_type="application/json",
        )
        assert response.status_code == expected, (year, response.content)

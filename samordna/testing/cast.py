"""The test cast: two förbund, the first's users by role (one role each, and two users with two), an outsider.

Förbund B has one admin (`admin_b`); `outsider` holds no role anywhere.

Used by every app's tests through the `cast` fixture (see fixtures.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from samordna.core import services as core_services
from samordna.core.choices import Role
from samordna.core.models import Association, Membership, Municipality, User
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention
from samordna.organisations import services as org_services
from samordna.organisations.models import BoardSeat, Member

PASSWORD = "Testlosen-2026!"


@dataclass
class Tenant:
    """One association with its members and insatser."""

    association: Association
    fk: Member
    region: Member
    kommun: Member
    intervention: Intervention
    structural: Intervention
    board_seat: BoardSeat
    other_intervention: Intervention


@dataclass
class Cast:
    """Everyone and everything the access tests need."""

    a: Tenant
    b: Tenant
    users: dict[str, User] = field(default_factory=dict)

    def user(self, name: str) -> User:
        """A cast user by name: a role name, a two-role name (see TWO_ROLE_USERS), admin_b or outsider."""
        return self.users[name]


#: Users with two roles in förbund A: every role pair a user may really hold there that a join would double.
#: `manager_registrar` is assigned to A's insats `intervention` in both roles.
TWO_ROLE_USERS: dict[str, frozenset[str]] = {
    "admin_viewer": frozenset({Role.ADMIN, Role.VIEWER}),
    "manager_registrar": frozenset({Role.INTERVENTION_MANAGER, Role.REGISTRAR}),
}
#: The cast users of förbund A by name, with the roles each holds there (one role each, and the two-role users).
ROLE_USERS: dict[str, frozenset[str]] = {
    **{role: frozenset({role}) for role in Role.values},
    **TWO_ROLE_USERS,
}


def make_user(name: str) -> User:
    """A user with the cast password; usernames are prefixed so they never meet the demo's logins."""
    return core_services.user_create(
        acting_user=None, username=f"cast-{name}", password=PASSWORD, first_name=name.capitalize()
    )


def make_tenant(slug: str, name: str, kommunkod: str) -> Tenant:
    """An association with FK, region, a kommun, two individinriktade and one structural insats."""
    association = core_services.association_create(acting_user=None, slug=slug, name=name, protocol_prefix="SF")
    fk = org_services.member_create(
        acting_user=None, association=association, code="fk", name="Försäkringskassan", kind="forsakringskassan"
    )
    region = org_services.member_create(
        acting_user=None, association=association, code="region", name="Region Test", kind="region"
    )
    municipality = Municipality.objects.get(code=kommunkod)
    kommun = org_services.member_create(
        acting_user=None,
        association=association,
        code=kommunkod,
        name=f"{municipality.name} kommun",
        kind="kommun",
        municipality=municipality,
    )
    org_services.population_set(acting_user=None, member=kommun, year=2024, population=20000)
    start = dt.date(2020, 1, 1)
    intervention = intervention_services.intervention_create(
        acting_user=None,
        association=association,
        code="1063",
        name="Samordningsteam",
        orientation="individinriktad",
        category="individinsatser",
        start=start,
        run_by=[kommun, region],
    )
    other = intervention_services.intervention_create(
        acting_user=None,
        association=association,
        code="1064",
        name="Annat team",
        orientation="individinriktad",
        category="individinsatser",
        start=start,
        run_by=[kommun],
    )
    structural = intervention_services.intervention_create(
        acting_user=None,
        association=association,
        code="2001",
        name="Utbildningsdagar",
        orientation="strukturovergripande",
        category="struktur",
        follow_up_method="antal",
        start=start,
    )
    seat = org_services.board_seat_create(
        acting_user=None,
        association=association,
        person_name="Anna Ordförande",
        seat_type="ledamot",
        office="ordforande",
        appointed_by=kommun,
        term_start=dt.date(2023, 1, 1),
    )
    return Tenant(association, fk, region, kommun, intervention, structural, seat, other)


def build_cast() -> Cast:
    """Create the whole cast in the database."""
    cast = Cast(
        a=make_tenant("alfa", "Samordningsförbundet Alfa", "1980"),
        b=make_tenant("beta", "Samordningsförbundet Beta", "0580"),
    )
    for name, roles in ROLE_USERS.items():
        user = make_user(name)
        for role in sorted(roles):
            membership = core_services.membership_add(
                acting_user=None, association=cast.a.association, user=user, role=role
            )
            if role in (Role.INTERVENTION_MANAGER, Role.REGISTRAR):
                intervention_services.assignment_add(
                    acting_user=None,
                    intervention=cast.a.intervention,
                    membership=membership,
                    starts_on=dt.date(2020, 1, 1),
                )
        cast.users[name] = user
    admin_b = make_user("admin_b")
    core_services.membership_add(acting_user=None, association=cast.b.association, user=admin_b, role=Role.ADMIN)
    cast.users["admin_b"] = admin_b
    cast.users["outsider"] = make_user("outsider")
    return cast


def membership(user: User, association: Association, role: str) -> Membership:
    """The membership row for a cast user."""
    return Membership.objects.get(user=user, association=association, role=role)


def any_object(cast: Cast, model: Any, tenant: Tenant) -> Any:
    """An object of `model` in `tenant`, for URL tests (see objects.OBJECT_PROVIDERS)."""
    from samordna.testing.objects import OBJECT_PROVIDERS

    try:
        provider = OBJECT_PROVIDERS[model]
    except KeyError as exc:
        raise AssertionError(
            f"No test object provider for {model.__name__}: add one to samordna/testing/objects.py "
            "so the access tests can reach its pages."
        ) from exc
    return provider(cast, tenant)

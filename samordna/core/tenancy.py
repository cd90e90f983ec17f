"""Tenancy: which förbund a request is in, which roles the user holds there, and the named role sets.

One resolver for pages (`core.permissions.TenantMixin`, `participants.access.RegistrarMixin`) and the API
(`core.api.TenantRolePermission`). The order of answers is the same everywhere:

1. not logged in → the caller answers login redirect (pages) or 401 (API);
2. a förbund that does not exist, or one the user holds no role in → **404** (never reveal that it exists);
3. (pages and API that say so) another förbund's object named in the URL → **404**;
4. none of the user's roles in the förbund is allowed → **403**.

A user may hold several roles in one förbund (admin + viewer, insatsansvarig + deltagaransvarig): access is
granted when *any* of them is allowed. Every set of roles used by a page or an endpoint is named here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samordna.core.choices import ALL_ROLES, INTERVENTION_ROLES, Role
from samordna.core.models import Association, Membership

# --- Named role sets: each meaning has one name; pages and endpoints use these, never their own sets. ---
# `ALL_ROLES` (every role: start page, insatser, participant statistics) and `INTERVENTION_ROLES` are defined
# next to `Role` in core.choices and named here too, so this module is the one catalogue.

#: The förbund's administration: users, audit log, members and board editing, budget and finance writes.
ADMINS: frozenset[str] = frozenset({Role.ADMIN})
#: Who edits insatser (admins all of them, insatsansvariga the ones they are assigned to) and their schedules.
INTERVENTION_EDITORS: frozenset[str] = frozenset({Role.ADMIN, Role.INTERVENTION_MANAGER})
#: Who reads the published side of the förbund: reports, finance, board (admins also see the internal figures).
PUBLISHED_READERS: frozenset[str] = frozenset({Role.ADMIN, Role.VIEWER})
#: Who reads the member register (kommuner, region, FK, AF): the published readers and the insatsansvariga.
MEMBER_READERS: frozenset[str] = frozenset({Role.ADMIN, Role.VIEWER, Role.INTERVENTION_MANAGER})
#: Who reads the verksamhetsplan (plans, goals, indicators, the goal matrix of an insats); admins edit it.
PLAN_READERS: frozenset[str] = frozenset({Role.ADMIN, Role.VIEWER, Role.INTERVENTION_MANAGER})
#: Who sees every insats of the förbund; the other roles see only the insatser they are assigned to.
ALL_INTERVENTIONS_READERS: frozenset[str] = frozenset({Role.ADMIN, Role.VIEWER})
#: Row-level participant data: registrars, and only of the insatser they are actively assigned to.
REGISTRARS: frozenset[str] = frozenset({Role.REGISTRAR})
#: Insats staff: roles that act through an assignment to an insats (employed by a member, not the förbund).
INSATS_STAFF: frozenset[str] = INTERVENTION_ROLES
#: No role: an endpoint that takes no writes.
NOBODY: frozenset[str] = frozenset()

#: The sets above by name, for documentation and tests.
ROLE_SETS: dict[str, frozenset[str]] = {
    "ALL_ROLES": ALL_ROLES,
    "ADMINS": ADMINS,
    "INTERVENTION_EDITORS": INTERVENTION_EDITORS,
    "PUBLISHED_READERS": PUBLISHED_READERS,
    "MEMBER_READERS": MEMBER_READERS,
    "PLAN_READERS": PLAN_READERS,
    "ALL_INTERVENTIONS_READERS": ALL_INTERVENTIONS_READERS,
    "REGISTRARS": REGISTRARS,
    "INSATS_STAFF": INSATS_STAFF,
    "NOBODY": NOBODY,
}


@dataclass(frozen=True)
class Tenancy:
    """The förbund a request is in and the roles its user holds there."""

    association: Association
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        """Whether the user holds any of `roles` here."""
        return bool(self.roles & set(roles))

    def allows(self, allowed: frozenset[str]) -> bool:
        """Whether any of the user's roles is in `allowed`."""
        return bool(self.roles & allowed)

    def require(self, allowed: frozenset[str]) -> None:
        """403 (PermissionDenied) unless one of the user's roles is in `allowed`."""
        if not self.allows(allowed):
            raise PermissionDenied(_("Din roll ger inte tillgång till sidan."))


#: What a förbund's slug can look like (Association.slug is an ASCII SlugField of at most 60 characters).
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def associations_for(user: Any) -> QuerySet[Association]:
    """The associations a user holds any role in, each once however many roles."""
    if not _is_active_user(user):
        return Association.objects.none()
    return Association.objects.filter(Exists(Membership.objects.filter(user=user, association=OuterRef("pk"))))


def roles_in(user: Any, association: Association) -> frozenset[str]:
    """The roles `user` holds in `association` (cached on the user object for the request)."""
    if not _is_active_user(user):
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_samordna_roles", {})
    if association.pk not in cache:
        cache[association.pk] = frozenset(
            Membership.objects.filter(user=user, association=association).values_list("role", flat=True)
        )
    return cache[association.pk]


def resolve(user: Any, slug: str) -> Tenancy:
    """The förbund `slug` and the user's roles there; 404 when it does not exist or the user holds no role.

    One query: the user's memberships in the förbund, with the förbund joined in. The answer for a förbund
    that does not exist and for one the user has no role in is the same, so a URL never reveals a förbund.
    """
    if not _is_active_user(user) or not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise Http404(_("Förbundet finns inte."))
    memberships = list(
        Membership.objects.filter(user=user, association__slug=slug).select_related("association").order_by("pk")
    )
    if not memberships:
        raise Http404(_("Förbundet finns inte."))
    association = memberships[0].association
    roles = frozenset(m.role for m in memberships)
    user.__dict__.setdefault("_samordna_roles", {})[association.pk] = roles
    return Tenancy(association=association, roles=roles)


def resolve_for(user: Any, slug: str, allowed: frozenset[str]) -> Tenancy:
    """`resolve`, then 403 unless one of the user's roles there is in `allowed`."""
    tenancy = resolve(user, slug)
    tenancy.require(allowed)
    return tenancy

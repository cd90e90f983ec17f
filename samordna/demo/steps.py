"""The steps of `samordna demo`, run in order in one transaction. Every step must be idempotent.

A later app adds its demo data with one line in STEPS, e.g. "samordna.participants.demo.load".
A step is a function taking either a DemoContext (`def load(ctx)`) or nothing but keyword arguments
with defaults (`def load(*, acting_user=None)`); a returned dict is reported as its summary.
Steps find the demo förbund by slug (DEMO_ASSOCIATIONS).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from samordna.core import services as core_services
from samordna.core.choices import Role
from samordna.core.models import Association, Membership, User
from samordna.demo import DEMO_DIR, DEMO_PASSWORD
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention, InterventionAssignment
from samordna.onboarding.organisation import import_organisation_file

STEPS: list[str] = [
    "samordna.demo.steps.load_organisations",
    "samordna.demo.steps.create_users",
    "samordna.interventions.demo.load",
    "samordna.finance.demo.load",
    "samordna.activities.demo.load",
    "samordna.surveys.demo.load",
    "samordna.participants.demo.load",
    "samordna.participants.demo.load_counts",
    "samordna.planning.demo.load",
    "samordna.governance.demo.load",
    "samordna.demo.publications.load",
    "samordna.documents.demo.load",
]

VASTMANLAND = "vastmanland"
VASTRA_OSTERGOTLAND = "vastra-ostergotland"
DEMO_ASSOCIATIONS = (VASTMANLAND, VASTRA_OSTERGOTLAND)
ORGANISATION_FILES = ("vastmanland.json", "vastra-ostergotland.json")

# The insats the demo's insatsansvarig and deltagaransvarig work in (Samordningsteam FNS).
DEMO_TEAM_CODES = ("1063",)


@dataclass(frozen=True)
class DemoUser:
    """A demo login: username, a Swedish description and its roles per förbund slug."""

    username: str
    first_name: str
    last_name: str
    roles: tuple[tuple[str, str], ...]
    assigned_to: tuple[str, ...] = ()


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Alva", "Administratör", ((VASTMANLAND, Role.ADMIN), (VASTRA_OSTERGOTLAND, Role.ADMIN))),
    DemoUser("insatsansvarig", "Ivar", "Insatsansvarig", ((VASTMANLAND, Role.INTERVENTION_MANAGER),), DEMO_TEAM_CODES),
    DemoUser("deltagaransvarig", "Dina", "Deltagaransvarig", ((VASTMANLAND, Role.REGISTRAR),), DEMO_TEAM_CODES),
    DemoUser("lasare", "Lars", "Läsare", ((VASTMANLAND, Role.VIEWER),)),
)


@dataclass
class DemoContext:
    """Passed to every step: where to report progress, and what the steps did."""

    log: Callable[[str], None] = print
    refresh: bool = False
    notes: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        """Report one line of progress."""
        self.notes.append(text)
        self.log(text)


def load_organisations(ctx: DemoContext) -> None:
    """Import the demo förbund from their organisation JSON files (through the importer).

    A förbund that already exists is left as it is (the demo is loaded once, so changes made in the
    application survive `make run`), unless ctx.refresh asks for the files to be imported again.
    """
    for name in ORGANISATION_FILES:
        path = DEMO_DIR / name
        slug = json.loads(path.read_text(encoding="utf-8"))["association"]["slug"]
        existing = Association.objects.filter(slug=slug).first()
        if existing is not None and not ctx.refresh:
            ctx.say(
                _("%(name)s (%(slug)s) finns redan och lämnas orört (--refresh läser in filen igen).")
                % {"name": existing.name, "slug": slug}
            )
            continue
        summary = import_organisation_file(acting_user=None, path=path)
        ctx.say(summary.describe())


def create_users(ctx: DemoContext) -> None:
    """Create the demo logins, their roles and insats assignments (existing ones are left as they are)."""
    created = 0
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = core_services.user_create(
                acting_user=None,
                username=spec.username,
                password=DEMO_PASSWORD,
                first_name=spec.first_name,
                last_name=spec.last_name,
            )
            created += 1
        for slug, role in spec.roles:
            association = Association.objects.get(slug=slug)
            membership = Membership.objects.filter(user=user, association=association, role=role).first()
            if membership is None:
                membership = core_services.membership_add(
                    acting_user=None, association=association, user=user, role=role
                )
            for code in spec.assigned_to:
                intervention = Intervention.objects.get(association=association, code=code)
                if not InterventionAssignment.objects.filter(intervention=intervention, membership=membership).exists():
                    intervention_services.assignment_add(
                        acting_user=None, intervention=intervention, membership=membership, starts_on=intervention.start
                    )
    ctx.say(_("Demoanvändare: %(new)s nya, %(old)s fanns redan.") % {"new": created, "old": len(DEMO_USERS) - created})


def run_step(step: Callable[..., Any], ctx: DemoContext) -> Any:
    """Call one step: with the context if it takes a positional parameter, else with no arguments."""
    takes_ctx = any(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in inspect.signature(step).parameters.values()
    )
    return step(ctx) if takes_ctx else step()


def run_steps(ctx: DemoContext, steps: list[str] | None = None) -> None:
    """Run every demo step in order, all in one transaction."""
    with transaction.atomic():
        for dotted in steps or STEPS:
            result = run_step(import_string(dotted), ctx)
            if isinstance(result, dict) and result:
                ctx.say(f"{dotted}: " + ", ".join(f"{k} {v}" for k, v in result.items()))


def login_rows() -> list[tuple[str, str, str]]:
    """(username, roles, förbund) for each demo login that exists, read from the database."""
    labels = dict(Role.choices)
    rows: list[tuple[str, str, str]] = []
    for spec in DEMO_USERS:
        memberships = (
            Membership.objects.filter(user__username=spec.username)
            .select_related("association")
            .order_by("association__name")
        )
        if not memberships:
            continue
        roles: list[str] = []
        for m in memberships:
            label = str(labels.get(m.role, m.role))
            teams = [
                str(a.intervention)
                for a in InterventionAssignment.objects.filter(membership=m).select_related("intervention")
            ]
            roles.append(f"{label} ({', '.join(teams)})" if teams else label)
        rows.append(
            (
                spec.username,
                ", ".join(dict.fromkeys(roles)),
                ", ".join(dict.fromkeys(m.association.name for m in memberships)),
            )
        )
    return rows

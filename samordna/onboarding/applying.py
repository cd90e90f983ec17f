"""Apply a validated organisation plan through the domain services, in one transaction.

Only what differs from the database is written, so importing the same file twice writes nothing
(and no audit rows) the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from samordna.core import services as core_services
from samordna.core.imports.summary import ChangeSummary, changed_fields
from samordna.core.models import Association
from samordna.finance.models import OpeningEquity
from samordna.finance.services import opening_equity_set
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention, VolumeTarget
from samordna.onboarding.reading import join, located
from samordna.onboarding.validation import (
    BoardSeatPlan,
    InterventionPlan,
    MemberPlan,
    OrganisationFileError,
    OrganisationPlan,
)
from samordna.organisations import services as org_services
from samordna.organisations.models import BoardSeat, Member, Population

KINDS = {
    "association": (N_("förbund"), N_("förbund")),
    "member": (N_("medlem"), N_("medlemmar")),
    "population": (N_("folkmängd"), N_("folkmängder")),
    "intervention": (N_("insats"), N_("insatser")),
    "staffing": (N_("bemanningsrad"), N_("bemanningsrader")),
    "volume_target": (N_("volymmål"), N_("volymmål")),
    "board_seat": (N_("styrelseplats"), N_("styrelseplatser")),
    "equity": (N_("eget kapital"), N_("eget kapital")),
}


@dataclass(kw_only=True)
class ImportSummary(ChangeSummary):
    """What an organisation import created and changed, counted per kind of object."""

    KINDS: ClassVar[dict[str, tuple[str, str]]] = KINDS
    association: Association
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """A short Swedish summary for the command line."""
        return self.describe_as(self.association.name, self.association.slug)


class _Applier:
    """Writes one plan; collects service validation errors with the JSON path they belong to."""

    def __init__(self, plan: OrganisationPlan, acting_user: Any) -> None:
        self.plan = plan
        self.user = acting_user
        self.errors: list[str] = []
        self.members: dict[str, Member] = {}
        self.summary: ImportSummary | None = None

    def fail(self, path: str, exc: ValidationError) -> None:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        for name, texts in messages.items():
            where = join(path, name) if name and name != "__all__" else path
            for text in texts:
                self.errors.append(located(where, text, self.plan.lines))

    def association(self) -> Association:
        fields = self.plan.association_fields
        association = Association.objects.filter(slug=self.plan.slug).first()
        if association is None:
            association = core_services.association_create(acting_user=self.user, slug=self.plan.slug, **fields)
            self.summary = ImportSummary(association=association)
            self.summary.created["association"] += 1
            return association
        self.summary = ImportSummary(association=association)
        changes = changed_fields(association, fields)
        if changes:
            core_services.association_update(acting_user=self.user, association=association, **changes)
            self.summary.updated["association"] += 1
        return association

    def member(self, association: Association, plan: MemberPlan) -> None:
        assert self.summary is not None
        member = Member.objects.filter(association=association, code=plan.code).first()
        if member is None:
            member = org_services.member_create(
                acting_user=self.user, association=association, code=plan.code, **plan.fields
            )
            self.summary.created["member"] += 1
        else:
            changes = changed_fields(member, plan.fields)
            if changes:
                org_services.member_update(acting_user=self.user, member=member, **changes)
                self.summary.updated["member"] += 1
        self.members[plan.code] = member
        existing = {p.year: p.population for p in Population.objects.filter(member=member)}
        for year, population in sorted(plan.populations.items()):
            if existing.get(year) == population:
                continue
            org_services.population_set(acting_user=self.user, member=member, year=year, population=population)
            (self.summary.updated if year in existing else self.summary.created)["population"] += 1

    def intervention(self, association: Association, plan: InterventionPlan) -> None:
        assert self.summary is not None
        run_by = [self.members[c] for c in plan.run_by] if plan.run_by is not None else None
        intervention = Intervention.objects.filter(association=association, code=plan.code).first()
        if intervention is None:
            intervention = intervention_services.intervention_create(
                acting_user=self.user, association=association, code=plan.code, run_by=run_by, **plan.fields
            )
            self.summary.created["intervention"] += 1
        else:
            changes = changed_fields(intervention, plan.fields)
            same_members = run_by is None or {m.pk for m in run_by} == set(
                intervention.run_by.values_list("pk", flat=True)
            )
            if changes or not same_members:
                intervention_services.intervention_update(
                    acting_user=self.user, intervention=intervention, run_by=None if same_members else run_by, **changes
                )
                self.summary.updated["intervention"] += 1
        self.staffing(intervention, plan)
        self.volume_targets(intervention, plan)

    def staffing(self, intervention: Intervention, plan: InterventionPlan) -> None:
        assert self.summary is not None
        if plan.staffing is None:
            return
        wanted = sorted((self.members[row.member].pk, row.role, row.fte) for row in plan.staffing)
        current = sorted(intervention.staffing.values_list("member_id", "role", "fte"))
        if wanted == current:
            return
        intervention_services.staffing_replace(
            acting_user=self.user,
            intervention=intervention,
            rows=[{"member": self.members[r.member], "role": r.role, "fte": r.fte} for r in plan.staffing],
        )
        (self.summary.updated if current else self.summary.created)["staffing"] += len(wanted)

    def volume_targets(self, intervention: Intervention, plan: InterventionPlan) -> None:
        assert self.summary is not None
        existing = {(t.year, t.unit): t.value for t in VolumeTarget.objects.filter(intervention=intervention)}
        for (year, unit), value in sorted(plan.volume_targets.items()):
            if existing.get((year, unit)) == value:
                continue
            intervention_services.volume_target_set(
                acting_user=self.user, intervention=intervention, year=year, unit=unit, value=value
            )
            (self.summary.updated if (year, unit) in existing else self.summary.created)["volume_target"] += 1

    def board_seat(self, association: Association, plan: BoardSeatPlan) -> None:
        assert self.summary is not None
        values = {**plan.fields, "appointed_by": self.members[plan.appointed_by]}
        seat = BoardSeat.objects.filter(
            association=association, person_name=plan.fields["person_name"], term_start=plan.fields["term_start"]
        ).first()
        if seat is None:
            org_services.board_seat_create(acting_user=self.user, association=association, **values)
            self.summary.created["board_seat"] += 1
            return
        changes = changed_fields(seat, values)
        if changes:
            org_services.board_seat_update(acting_user=self.user, seat=seat, **changes)
            self.summary.updated["board_seat"] += 1

    def equity(self, association: Association) -> None:
        assert self.summary is not None
        existing = {e.year: e.amount for e in OpeningEquity.objects.filter(association=association)}
        for year, amount in sorted(self.plan.equity.items()):
            if year in existing and existing[year] == amount:
                continue
            opening_equity_set(acting_user=self.user, association=association, year=year, amount=amount)
            (self.summary.updated if year in existing else self.summary.created)["equity"] += 1

    def run(self) -> ImportSummary:
        try:
            association = self.association()
        except ValidationError as exc:
            self.fail("association", exc)
            raise OrganisationFileError(self.errors) from exc
        self.members = {m.code: m for m in Member.objects.filter(association=association)}
        phases: list[list[tuple[str, Any]]] = [
            [(p.path, lambda p=p: self.member(association, p)) for p in self.plan.members],
            [(p.path, lambda p=p: self.intervention(association, p)) for p in self.plan.interventions]
            + [(p.path, lambda p=p: self.board_seat(association, p)) for p in self.plan.board]
            + [("equity", lambda: self.equity(association))],
        ]
        for phase in phases:
            for path, step in phase:
                try:
                    with transaction.atomic():
                        step()
                except ValidationError as exc:
                    self.fail(path, exc)
                except DatabaseError as exc:
                    message = _("kunde inte sparas (%(error)s)") % {"error": exc}
                    self.errors.append(located(path, message, self.plan.lines))
            if self.errors:
                raise OrganisationFileError(self.errors)
        assert self.summary is not None
        self.summary.warnings = self.plan.warnings
        return self.summary


def apply_plan(*, acting_user: Any, plan: OrganisationPlan) -> ImportSummary:
    """Write a validated plan in one transaction; on any refusal nothing is kept (OrganisationFileError)."""
    with transaction.atomic():
        return _Applier(plan, acting_user).run()

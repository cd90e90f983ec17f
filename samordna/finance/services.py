"""Write services for finance; each validates, runs in one transaction and writes an audit row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, record, update_audited
from samordna.core.imports import apply_all, bulk_insert
from samordna.core.models import Association
from samordna.finance.budget_import import BudgetRow, validate_budget_csv
from samordna.finance.models import (
    AgreedShare,
    AllocationYear,
    BudgetAdoption,
    BudgetAmount,
    BudgetLine,
    BudgetVersion,
    LedgerMapping,
    OpeningEquity,
)
from samordna.finance.selectors import plan_version
from samordna.interventions.models import Intervention
from samordna.organisations.models import Member


@transaction.atomic
def opening_equity_set(*, acting_user: Any, association: Association, year: int, amount: Decimal) -> OpeningEquity:
    """Set the equity at the start of `year` (create or change)."""
    existing = OpeningEquity.objects.filter(association=association, year=year).first()
    if existing:
        return update_audited(existing, acting_user=acting_user, amount=Decimal(amount))
    return create_audited(
        OpeningEquity, acting_user=acting_user, association=association, year=year, amount=Decimal(amount)
    )


@transaction.atomic
def allocation_year_set(
    *, acting_user: Any, association: Association, year: int, total: Decimal | int, population_year: int | None = None
) -> AllocationYear:
    """Set the members' total contribution of `year` (and which year's populations split it)."""
    existing = AllocationYear.objects.filter(association=association, year=year).first()
    if existing:
        return update_audited(existing, acting_user=acting_user, total=Decimal(total), population_year=population_year)
    return create_audited(
        AllocationYear,
        acting_user=acting_user,
        association=association,
        year=year,
        total=Decimal(total),
        population_year=population_year,
    )


@transaction.atomic
def agreed_shares_set(
    *, acting_user: Any, association: Association, year: int, percents: dict[Member, Decimal]
) -> list[AgreedShare]:
    """Replace the agreed percentages of `year` (kommun members only; they must sum to 100)."""
    for member in percents:
        if member.association_id != association.pk or member.kind != "kommun":
            raise ValidationError(_("Andelar anges bara för förbundets kommuner."))
    if percents and sum(percents.values(), Decimal(0)) != Decimal(100):
        raise ValidationError(_("De överenskomna andelarna måste summera till 100 procent."))
    for old in AgreedShare.objects.filter(association=association, year=year):
        delete_audited(old, acting_user=acting_user)
    return [
        create_audited(
            AgreedShare, acting_user=acting_user, association=association, year=year, member=m, percent=Decimal(p)
        )
        for m, p in percents.items()
    ]


def _check_intervention(association: Association, fields: dict[str, Any]) -> None:
    intervention = fields.get("intervention")
    if intervention is not None and intervention.association_id != association.pk:
        raise ValidationError({"intervention": _("Insatsen tillhör inte förbundet.")})


@transaction.atomic
def budget_line_create(*, acting_user: Any, association: Association, **fields: Any) -> BudgetLine:
    """Add a budget line (cost centre)."""
    _check_intervention(association, fields)
    if "position" not in fields:
        last = BudgetLine.objects.filter(association=association).order_by("-position").first()
        fields["position"] = (last.position + 10) if last else 10
    return create_audited(BudgetLine, acting_user=acting_user, association=association, **fields)


@transaction.atomic
def budget_line_update(*, acting_user: Any, line: BudgetLine, **fields: Any) -> BudgetLine:
    """Change a budget line's code, name, category or insats."""
    _check_intervention(line.association, fields)
    return update_audited(line, acting_user=acting_user, **fields)


def budget_line_contents(line: BudgetLine) -> dict[str, Any]:
    """A budget line with its amounts and ledger mappings as plain values: what a removal takes away, and what
    `budget_line_restore` puts back ("Ångra")."""
    return {
        "line": {
            "code": line.code,
            "name": line.name,
            "category": line.category,
            "intervention": line.intervention_id,
            "position": line.position,
        },
        "amounts": [
            {"year": a.year, "version": a.version, "amount": str(a.amount), "comment": a.comment}
            for a in line.amounts.order_by("year", "version")
        ],
        "mappings": [{"account": m.account, "cost_centre": m.cost_centre} for m in line.mappings.order_by("pk")],
    }


@transaction.atomic
def budget_line_delete(*, acting_user: Any, line: BudgetLine) -> dict[str, Any]:
    """Remove a budget line with its amounts and ledger mappings (booked outcome is kept: it is the ledger's, and
    shows as unmapped until mapped again). Returns what was removed (`budget_line_contents`)."""
    contents = budget_line_contents(line)
    for mapping in line.mappings.all():
        delete_audited(mapping, acting_user=acting_user)
    for amount in line.amounts.all():
        delete_audited(amount, acting_user=acting_user)
    delete_audited(line, acting_user=acting_user)
    return contents


@transaction.atomic
def budget_line_restore(*, acting_user: Any, association: Association, contents: dict[str, Any]) -> BudgetLine:
    """Put back a removed budget line with its amounts and mappings (refused when its code is taken again, or a
    mapping's account and cost centre now belong to another line)."""
    fields = dict(contents["line"])
    if BudgetLine.objects.filter(association=association, code=fields["code"]).exists():
        raise ValidationError(_("Det finns redan en budgetrad med koden %(code)s.") % {"code": fields["code"]})
    intervention_id = fields.pop("intervention")
    fields["intervention"] = (
        Intervention.objects.filter(association=association, pk=intervention_id).first() if intervention_id else None
    )
    line = budget_line_create(acting_user=acting_user, association=association, **fields)
    for amount in contents["amounts"]:
        budget_amount_set(
            acting_user=acting_user,
            line=line,
            year=amount["year"],
            version=amount["version"],
            amount=Decimal(amount["amount"]),
            comment=amount["comment"],
        )
    for mapping in contents["mappings"]:
        taken = LedgerMapping.objects.filter(association=association, **mapping).exists()
        if taken:
            raise ValidationError(_("Kopplingen för konto och kostnadsställe används nu av en annan budgetrad."))
        ledger_mapping_set(acting_user=acting_user, association=association, line=line, **mapping)
    return line


@transaction.atomic
def budget_amount_set(
    *, acting_user: Any, line: BudgetLine, year: int, version: str, amount: Decimal | None, comment: str | None = None
) -> BudgetAmount | None:
    """Set (or with amount None and no comment, remove) one amount of a line for a year and version."""
    existing = BudgetAmount.objects.filter(line=line, year=year, version=version).first()
    if amount is None and not comment:
        if existing:
            delete_audited(existing, acting_user=acting_user)
        return None
    values: dict[str, Any] = {"amount": Decimal(amount or 0)}
    if comment is not None:
        values["comment"] = comment
    if existing:
        return update_audited(existing, acting_user=acting_user, **values)
    return create_audited(
        BudgetAmount,
        acting_user=acting_user,
        association=line.association,
        line=line,
        year=year,
        version=version,
        **values,
    )


@transaction.atomic
def budget_import(*, acting_user: Any, association: Association, data: bytes, filename: str = "") -> dict[str, int]:
    """Import a Budget CSV (docs/contracts.md): lines are created or updated by code, amounts by (line, year, version).

    All or nothing: any problem raises ImportFailed (samordna.core.imports) and nothing is written; the
    writes run in the kit's apply_all, so a refusal by the database is reported too. Importing the
    same file twice changes nothing the second time.
    """
    rows = validate_budget_csv(association=association, data=data)
    return apply_all(_budget_write, acting_user, association, rows, filename)


def _budget_write(acting_user: Any, association: Association, rows: list[BudgetRow], filename: str) -> dict[str, int]:
    """The writes of budget_import for validated rows (inside its transaction)."""
    lines = {line.code: line for line in BudgetLine.objects.filter(association=association)}
    created_lines = updated_lines = created = updated = 0
    next_position = max((line.position for line in lines.values()), default=0) + 10
    for row in rows:
        line = lines.get(row.line)
        wanted: dict[str, Any] = {"name": row.name, "category": row.category}
        if row.intervention is not None:
            wanted["intervention"] = row.intervention
        if line is None:
            line = create_audited(
                BudgetLine,
                acting_user=acting_user,
                association=association,
                code=row.line,
                position=next_position,
                **wanted,
            )
            next_position += 10
            lines[row.line] = line
            created_lines += 1
        elif any(getattr(line, k) != v for k, v in wanted.items()):
            update_audited(line, acting_user=acting_user, **wanted)
            updated_lines += 1
    existing = {
        (a.line_id, a.year, a.version): a
        for a in BudgetAmount.objects.filter(association=association, year__in={r.year for r in rows})
    }
    new: list[BudgetAmount] = []
    for row in rows:
        line = lines[row.line]
        amount = existing.get((line.pk, row.year, row.version))
        if amount is None:
            new.append(
                BudgetAmount(
                    association=association,
                    line=line,
                    year=row.year,
                    version=row.version,
                    amount=row.amount,
                    comment=row.comment,
                )
            )
        elif amount.amount != row.amount or (row.comment and amount.comment != row.comment):
            amount.amount = row.amount
            amount.comment = row.comment or amount.comment
            amount.save(update_fields=["amount", "comment"])
            updated += 1
    created = bulk_insert(BudgetAmount, new)
    summary = {
        "rows": len(rows),
        "lines_created": created_lines,
        "lines_updated": updated_lines,
        "amounts_created": created,
        "amounts_updated": updated,
    }
    if created_lines or updated_lines or created or updated:  # an import that changes nothing leaves no trace
        record(
            acting_user=acting_user,
            association=association,
            action="import",
            object_type="finance.budgetamount",
            object_repr=(_("Budgetimport %(file)s") % {"file": filename})[:200],
            changes=summary,
        )
    return summary


@transaction.atomic
def ledger_mapping_set(
    *, acting_user: Any, association: Association, account: str, cost_centre: str, line: BudgetLine | None
) -> LedgerMapping | None:
    """Map an account and/or cost centre to a budget line (line None removes the rule)."""
    if line is not None and line.association_id != association.pk:
        raise ValidationError({"line": _("Budgetraden tillhör inte förbundet.")})
    existing = LedgerMapping.objects.filter(association=association, account=account, cost_centre=cost_centre).first()
    if line is None:
        if existing:
            delete_audited(existing, acting_user=acting_user)
        return None
    if existing:
        return update_audited(existing, acting_user=acting_user, line=line)
    return create_audited(
        LedgerMapping,
        acting_user=acting_user,
        association=association,
        account=account,
        cost_centre=cost_centre,
        line=line,
    )


@transaction.atomic
def budget_grid_save(
    *,
    acting_user: Any,
    association: Association,
    version: str,
    cells: dict[tuple[int, int], Decimal | None],
    comments: dict[tuple[int, int], str] | None = None,
) -> int:
    """Save the grid editor: amount per (line id, year) of one version (None removes it). Returns changes made.

    Only changed cells are written, each through budget_amount_set (one audit row each).
    """
    if version not in ("budget", "plan", "forecast", "actual"):
        raise ValidationError(_("Okänd version."))
    comments = comments or {}
    lines = {line.pk: line for line in BudgetLine.objects.filter(association=association)}
    keys = set(cells) | set(comments)
    if any(line_id not in lines for line_id, _year in keys):
        raise ValidationError(_("Raden tillhör inte förbundet."))
    existing = {
        (a.line_id, a.year): a
        for a in BudgetAmount.objects.filter(
            association=association, version=version, year__in={year for _line, year in keys}
        )
    }
    changed = 0
    for key in sorted(keys):
        amount = cells.get(key, existing[key].amount if key in existing else None)
        current = existing.get(key)
        comment = comments.get(key)
        same_amount = (current.amount if current else None) == amount
        same_comment = comment is None or (current.comment if current else "") == comment
        if same_amount and same_comment:
            continue
        budget_amount_set(
            acting_user=acting_user, line=lines[key[0]], year=key[1], version=version, amount=amount, comment=comment
        )
        changed += 1
    return changed


ADOPTABLE_VERSIONS = (BudgetVersion.BUDGET, BudgetVersion.PLAN)


@transaction.atomic
def budget_adopt(
    *,
    acting_user: Any,
    association: Association,
    year: int,
    version: str,
    decided_on: Any,
    decision: str,
    decision_ref: int | None = None,
) -> BudgetAdoption:
    """Record that the board adopted ("antog") a year's budget or plan, in the § named by `decision`.

    Refused for a version other than budget or plan, for a year and version without amounts, and when the
    year's version is already adopted by another §.
    """
    if version not in ADOPTABLE_VERSIONS:
        raise ValidationError({"version": _("Bara en budget eller en plan kan antas.")})
    if not BudgetAmount.objects.filter(association=association, year=year, version=version).exists():
        raise ValidationError(
            {"year": _("Det finns ingen %(version)s för %(year)s att anta.")
             % {"version": BudgetVersion(version).label.lower(), "year": year}}
        )  # fmt: skip
    existing = BudgetAdoption.objects.filter(association=association, year=year, version=version).first()
    if existing is not None:
        if existing.decision_ref == decision_ref and existing.decision == decision:
            return existing
        raise ValidationError(
            _("%(version)s %(year)s är redan antagen (%(decision)s).")
            % {"version": BudgetVersion(version).label, "year": year, "decision": existing.decision}
        )
    return create_audited(
        BudgetAdoption,
        acting_user=acting_user,
        association=association,
        year=year,
        version=version,
        decided_on=decided_on,
        decision=decision,
        decision_ref=decision_ref,
    )


def intervention_budget_add(
    *, acting_user: Any, intervention: Intervention, amounts: dict[int, int], comment: str = ""
) -> BudgetLine:
    """Budget money decided for an insats: its line (the one linked to it, else the one with its code, else a new
    line with its code, name and category) gets each year's amount added as a cost (negative), in the version the
    year is planned in (budget where the year has one, else plan; budget for a year with neither). Audited."""
    association = intervention.association
    line = (
        BudgetLine.objects.filter(association=association, intervention=intervention).order_by("position").first()
        or BudgetLine.objects.filter(association=association, code=intervention.code).first()
    )
    with transaction.atomic():
        if line is None:
            line = budget_line_create(
                acting_user=acting_user,
                association=association,
                code=intervention.code,
                name=intervention.name,
                category=intervention.category,
                intervention=intervention,
            )
        for year, amount in sorted(amounts.items()):
            if not amount:
                continue
            version = plan_version(association, year) or BudgetVersion.BUDGET
            existing = BudgetAmount.objects.filter(line=line, year=year, version=version).first()
            total = (existing.amount if existing else Decimal(0)) - Decimal(amount)
            note = "\n".join(t for t in ((existing.comment if existing else ""), comment) if t)
            budget_amount_set(acting_user=acting_user, line=line, year=year, version=version, amount=total,
                              comment=note)  # fmt: skip
    return line

"""The `uppfoljning-finsam` report kind: the figures of figures.build_finsam_figures as tables, in the form's order.

Tables: individinriktade insatser (participants by gender, budget, utfall), strukturövergripande insatser,
administrativa kostnader, sammanställning (all costs), tilldelade medel och eget kapital. Costs are
positive kronor. `samordna report uppfoljning-finsam --association S --year YYYY [--publish]`.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _

from samordna.core.choices import BudgetCategory
from samordna.core.cli import cli_actor
from samordna.core.models import Association
from samordna.core.years import parse_year
from samordna.interventions.models import VolumeUnit
from samordna.reporting.registry import ReportKind, register
from samordna.reporting.tables import Column, Kind, Report, RowStyle, Table
from samordna.reports.finsam.figures import build_finsam_figures

KIND = "uppfoljning-finsam"


COUNTS = frozenset({"women", "men", "other", "all", "registered", "anonymous", "participants"})


def _money_columns(year: int) -> list[Column]:
    group = _("Ekonomi (kr)")
    return [
        Column("budget", _("Budget %(y)s") % {"y": year}, Kind.MONEY, group=group),
        Column("outcome", _("Utfall %(y)s") % {"y": year}, Kind.MONEY, group=group),
    ]


def _planned_column() -> Column:
    return Column("planned_participants", _("Budgeterat antal deltagare"), Kind.INTEGER)


def _add(table: Table, style: RowStyle = RowStyle.DATA, **cells: Any) -> None:
    """A row whose None participant counts are hidden cells (only published figures contain None counts)."""
    table.add(style, hidden=frozenset(k for k in COUNTS if k in cells and cells[k] is None), **cells)


def _individual_table(figures: dict[str, Any]) -> Table:
    year, published = figures["year"], figures["published"]
    group = _("Deltagare")
    columns = [
        Column("name", _("Insats")),
        Column("women", _("Kvinnor"), Kind.INTEGER, group=group),
        Column("men", _("Män"), Kind.INTEGER, group=group),
        Column("other", _("Annat"), Kind.INTEGER, group=group),
        Column("all", _("Totalt"), Kind.INTEGER, group=group),
    ]
    if not published:
        columns += [
            Column("registered", _("varav registrerade"), Kind.INTEGER, group=group),
            Column("anonymous", _("varav utan registrering"), Kind.INTEGER, group=group),
        ]
    table = Table(
        _("Individinriktade insatser"), columns + _money_columns(year) + [_planned_column()], key="individual"
    )
    for row in figures["individual"]:
        extra = {} if published else {"registered": row["registered"]["all"], "anonymous": row["anonymous"]["all"]}
        _add(
            table,
            name=f"{row['code']} {row['name']}",
            **row["participants"],
            **extra,
            budget=row["budget"],
            outcome=row["outcome"],
            planned_participants=row["planned_participants"],
        )
    total = figures["individual_total"]
    extra = (
        {}
        if published
        else {
            "registered": sum(r["registered"]["all"] for r in figures["individual"]),
            "anonymous": sum(r["anonymous"]["all"] for r in figures["individual"]),
        }
    )
    _add(
        table,
        RowStyle.TOTAL,
        name=_("Summa individinriktade insatser"),
        **total["participants"],
        **extra,
        budget=total["budget"],
        outcome=total["outcome"],
        planned_participants=total["planned_participants"],
    )
    table.notes.append(
        _(
            "Deltagare under året: registrerade insatsdeltaganden som pågått någon dag under året "
            "och antal utan registrering (deltagare som bara räknas). Varje insatsdeltagande räknas "
            "för sig."
        )
    )
    return table


def _structural_table(figures: dict[str, Any]) -> Table:
    year = figures["year"]
    table = Table(
        _("Strukturinriktade insatser"),
        [Column("name", _("Insats")), Column("participants", _("Antal deltagare"), Kind.INTEGER)]
        + _money_columns(year)
        + [_planned_column()],
        key="structural",
    )
    for row in figures["structural"]:
        _add(
            table,
            name=f"{row['code']} {row['name']}",
            participants=row["participants"],
            budget=row["budget"],
            outcome=row["outcome"],
            planned_participants=row["planned_participants"],
        )
    total = figures["structural_total"]
    _add(table, RowStyle.TOTAL, name=_("Summa strukturinriktade insatser"), **total)
    table.notes.append(
        _(
            "Förbundets strukturövergripande insatser. Antal deltagare är de antal som "
            "registrerats för insatsen och året."
        )
    )
    return table


def _volumes_table(figures: dict[str, Any]) -> Table:
    """Internal only: what the insatser counted in the units of their volume targets, against the targets."""
    columns = [Column("name", _("Insats"))]
    for unit, label in VolumeUnit.choices:
        columns.append(Column(f"{unit}", _("Räknat"), Kind.INTEGER, group=str(label)))
        columns.append(Column(f"{unit}_target", _("Mål"), Kind.INTEGER, group=str(label)))
    table = Table(_("Räknade volymer"), columns, key="volumes")
    for row in figures["volumes"]:
        cells = {unit: row["counts"][unit] for unit in VolumeUnit.values}
        cells |= {f"{unit}_target": row["targets"][unit] for unit in VolumeUnit.values}
        table.add(name=f"{row['code']} {row['name']}", **cells)
    table.notes.append(
        _(
            "Vad insatserna räknat månad för månad (nya deltagare, möten, kontakter) mot årets volymmål. "
            "Intern uppgift: ingår inte i publiceringen."
        )
    )
    return table


def _administration_table(figures: dict[str, Any]) -> Table:
    admin = figures["administration"]
    table = Table(
        _("Administrativa kostnader"),
        [Column("name", _("Post"))] + _money_columns(figures["year"]),
        key="administration",
    )
    table.add(name=_("Styrelse"), **admin["board"])
    table.add(name=_("Kansli och administration"), **admin["office"])
    table.add(RowStyle.TOTAL, name=_("Summa administrativa kostnader"), **admin["total"])
    return table


def _summary_table(figures: dict[str, Any]) -> Table:
    table = Table(_("Kostnader totalt"), [Column("name", _("Post"))] + _money_columns(figures["year"]), key="costs")
    individual, structural = figures["individual_total"], figures["structural_total"]
    table.add(name=_("Individinriktade insatser"), budget=individual["budget"], outcome=individual["outcome"])
    table.add(name=_("Strukturinriktade insatser"), budget=structural["budget"], outcome=structural["outcome"])
    table.add(name=_("Administrativa kostnader"), **figures["administration"]["total"])
    labels = {
        BudgetCategory.INDIVIDUAL: _("Individinsatser utan koppling till insats"),
        BudgetCategory.METHODS: _("Metoder och arbetssätt utan koppling till insats"),
        BudgetCategory.STRUCTURAL: _("Strukturpåverkande insatser utan koppling till insats"),
        BudgetCategory.UNALLOCATED: _("Ofördelat"),
        "unmapped": _("Bokfört utan koppling till budgetrad"),
    }
    for key, label in labels.items():
        amounts = figures["other_costs"][str(key)]
        if amounts["budget"] or amounts["outcome"]:
            table.add(name=label, **amounts)
    table.add(RowStyle.TOTAL, name=_("Summa kostnader"), **figures["costs_total"])
    return table


def _funds_table(figures: dict[str, Any]) -> Table:
    funds = figures["funds"]
    table = Table(
        _("Medel och eget kapital"), [Column("name", _("Post"))] + _money_columns(figures["year"]), key="funds"
    )
    table.add(name=_("Tilldelade medel (medlemsbidrag)"), **funds["member_contributions"])
    table.add(name=_("Övriga intäkter"), **funds["other_income"])
    table.add(RowStyle.SUBTOTAL, name=_("Summa intäkter"), **funds["income_total"])
    table.add(name=_("Summa kostnader"), **figures["costs_total"])
    table.add(RowStyle.SUBTOTAL, name=_("Årets resultat"), **funds["result"])
    opening = funds["equity_opening"]
    table.add(name=_("Eget kapital vid årets början"), budget=opening, outcome=opening)
    if funds["equity_end"] is not None:
        table.add(RowStyle.TOTAL, name=_("Eget kapital vid årets slut"), **funds["equity_end"])
    else:
        table.notes.append(_("Inget ingående eget kapital är sparat för året (Ekonomi → Budget och flerårsplan)."))
    return table


def uppfoljning_finsam_report(*, association: Association, options: dict[str, Any]) -> Report:
    """Uppföljning Finsam for `options["year"]`; `options["publish"]`: the published version, its participant
    counts from the year's publication (released as `options["release_as"]` when there is none and it is given)."""
    year = parse_year(options.get("year"))
    published = bool(options.get("publish"))
    figures = build_finsam_figures(
        association=association, year=year, publish=published, release_as=options.get("release_as")
    )
    title = _("Uppföljning Finsam %(y)s") % {"y": year}
    tables = [
        _individual_table(figures),
        _structural_table(figures),
        *([_volumes_table(figures)] if figures["volumes"] else []),
        _administration_table(figures),
        _summary_table(figures),
        _funds_table(figures),
    ]
    version = {"budget": _("budget"), "plan": _("plan")}.get(figures["budget_version"] or "")
    paragraphs = [
        _(
            "Siffrorna till den nationella uppföljningen Uppföljning Finsam, i formulärets ordning. "
            "Belopp i kronor; kostnader som positiva belopp (nettokostnad)."
        )
    ]
    paragraphs.append(
        _("Budget: den fastställda versionen (%(v)s).") % {"v": version}
        if version
        else _("Ingen budget är fastställd för året.")
    )
    paragraphs.append(
        {
            "ledger": _("Utfall: bokföringen (SIE eller huvudbok) kopplad till budgetraderna."),
            "actual": _("Utfall: de utfallsbelopp som lagts in på budgetraderna."),
        }.get(figures["outcome_source"] or "", _("Inget utfall är bokfört för året."))
    )
    if published:
        paragraphs.append(
            _("Publiceringsversion: antal från 1 till %(k)s döljs (–), liksom de tal som annars skulle avslöja dem.")
            % {"k": association.suppression_threshold - 1}
        )
        paragraphs.append(
            _(
                "Antalet deltagare är publiceringens ”%(title)s” (%(date)s), granskad tillsammans med årets "
                "deltagarstatistik och alla tidigare publiceringar. Beloppen är dagens."
            )
            % {"title": figures["publication"]["title"], "date": figures["publication"]["released_at"][:10]}
        )
    data = {k: v for k, v in figures.items() if k not in ("association", "suppression")}
    return Report(KIND, title, association, data=data, tables=tables, paragraphs=paragraphs, published=published)


def add_arguments(parser: ArgumentParser) -> None:
    """The kind's options: --year, --publish."""
    parser.add_argument("--year", required=True, help="år (ÅÅÅÅ)")
    parser.add_argument(
        "--publish",
        action="store_true",
        help="publiceringsversion: små antal deltagare döljs (som läsare ser rapporten)",
    )


def _from_command_line(*, association: Association, options: dict[str, Any]) -> Report:
    """`samordna report uppfoljning-finsam`: with --publish, the year is released first when it has no
    publication (as `report participants --publish` does)."""
    return uppfoljning_finsam_report(association=association, options={**options, "release_as": cli_actor(options)})


def register_kind() -> None:
    """Register `uppfoljning-finsam` with the report registry (from ReportsConfig.ready)."""
    register(
        ReportKind(
            KIND,
            _("Uppföljning Finsam: deltagare, budget och utfall per insats"),
            add_arguments,
            _from_command_line,
        )
    )

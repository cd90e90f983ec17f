"""Finance reports for the report layer: allocation, budget (multi-year plan), budget-followup, driftsredovisning.

Each builder returns a reports.tables.Report whose `data` is the JSON body of docs/contracts.md and
whose tables are what the pages and exports show. Registered as report kinds in FinanceConfig.ready.
"""

from __future__ import annotations

import datetime as dt
import re
from argparse import ArgumentParser
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.choices import BudgetCategory
from samordna.core.models import Association
from samordna.core.years import parse_year
from samordna.finance import selectors
from samordna.finance.allocation import allocation_for
from samordna.finance.annual import annual_accounts
from samordna.finance.parsing import parse_date
from samordna.reporting.registry import ReportKind, register
from samordna.reporting.renderers.charts import bars
from samordna.reporting.tables import Chart, Column, Kind, Report, RowStyle, Table, json_number, json_numbers

CATEGORY_LABELS = dict(BudgetCategory.choices)
VERSION_LABELS = {"budget": gettext_lazy("Budget"), "plan": gettext_lazy("Plan"), "": gettext_lazy("Saknas")}


def parse_years(value: Any) -> list[int]:
    """'2025-2027' or '2025' → [2025, 2026, 2027]."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", str(value or ""))
    if not match:
        raise ValidationError(_("Ange år som ÅÅÅÅ-ÅÅÅÅ, t.ex. 2025-2027."))
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if last < first or last - first > 15:
        raise ValidationError(_("Årsintervallet ska gå framåt och omfatta högst 16 år."))
    return list(range(first, last + 1))


def _until(value: Any, year: int) -> dt.date:
    if not value:
        return dt.date(year, 12, 31)
    try:
        until = value if isinstance(value, dt.date) else parse_date(str(value))
    except ValueError as error:
        raise ValidationError(str(error)) from error
    if until.year != year:
        raise ValidationError(_("Datumet %(d)s ligger inte i år %(y)s.") % {"d": until, "y": year})
    return until


# --- Allocation --------------------------------------------------------------------------------------------


def allocation_report(*, association: Association, options: dict[str, Any]) -> Report:
    """Member contributions of one year (seed 003's table)."""
    year = parse_year(options.get("year"))
    total = options.get("total")
    if total not in (None, ""):
        try:
            total = int(Decimal(str(total).replace(" ", "").replace("\u00a0", "")))
        except ArithmeticError as exc:
            raise ValidationError(_("Ogiltigt totalbelopp ”%(v)s”.") % {"v": total}) from exc
    else:
        total = None
    result = allocation_for(
        association=association, year=year, total=total, population_year=options.get("population_year")
    )
    decimals = result.percent_decimals if result.percent_decimals is not None else 2
    table = Table(
        _("Medlemsbidrag %(year)s") % {"year": year},
        [
            Column("name", _("Medlem")),
            Column("population", _("Folkmängd"), Kind.INTEGER),
            Column("share", _("Andel av kommunernas del"), Kind.PERCENT, decimals=decimals),
            Column("amount", _("Belopp"), Kind.MONEY),
        ],
        key="allocation",
    )
    table.add(name=_("Staten genom %(payer)s (1/2)") % {"payer": result.state_payer}, amount=result.state)
    table.add(name=f"{result.region_name} (1/4)", amount=result.region)
    table.add(RowStyle.HEADING, name=_("Kommunerna (1/4)"))
    for m in result.municipalities:
        table.add(name=m.name, population=m.population, share=m.share_percent / 100, amount=m.amount)
    table.add(
        RowStyle.SUBTOTAL,
        name=_("Summa kommuner"),
        population=sum(m.population or 0 for m in result.municipalities) or None,
        share=sum((m.share_percent for m in result.municipalities), Decimal(0)) / 100,
        amount=sum(m.amount for m in result.municipalities),
    )
    table.add(RowStyle.TOTAL, name=_("Totalt"), amount=result.total - result.difference)
    if not result.municipalities:
        table.notes.append(
            _("Förbundet har inga kommuner med folkmängd eller andel; kommunernas fjärdedel är inte fördelad.")
        )
    elif result.basis == "agreed":
        table.notes.append(_("Kommunernas del fördelas enligt överenskomna andelar."))
    else:
        table.notes.append(_("Kommunernas del fördelas efter folkmängd %(y)s.") % {"y": result.population_year})
    if result.percent_decimals is not None:
        table.notes.append(
            _("Andelarna avrundas till %(n)s decimal(er) av en procent innan de multipliceras.")
            % {"n": result.percent_decimals}
        )
    else:
        table.notes.append(_("Exakta andelar; kronorna fördelas med största-restmetoden så att delarna blir summan."))
    if result.difference:
        table.notes.append(
            _("Avrundningen gör att delarna skiljer sig från totalen med %(d)s kr.") % {"d": result.difference}
        )
    data = {
        "year": year,
        "total": result.total,
        "state": result.state,
        "region": result.region,
        "municipalities": [
            {
                "code": m.code,
                "name": m.name,
                "population": m.population,
                "share_percent": float(round(m.share_percent, 6)),
                "amount": m.amount,
            }
            for m in result.municipalities
        ],
        "basis": result.basis,
        "population_year": result.population_year,
        "percent_decimals": result.percent_decimals,
        "difference": result.difference,
    }
    return Report(
        "allocation", _("Fördelning av medlemsbidrag %(year)s") % {"year": year}, association, data=data, tables=[table]
    )


# --- Multi-year plan ---------------------------------------------------------------------------------------

PLAN_LAYOUT: list[tuple[str, str]] = [
    # (category or group key, what to print after its lines)
    ("medlemsintakter", ""),
    ("ovriga_intakter", ""),
    ("@income", gettext_lazy("Summa intäkter")),
    ("styrelse", ""),
    ("administration", ""),
    ("@administrativa_kostnader", gettext_lazy("Summa administrativa kostnader")),
    ("individinsatser", gettext_lazy("Summa individinsatser")),
    ("metoder", ""),
    ("struktur", ""),
    ("@metoder_och_struktur", gettext_lazy("Summa metoder, arbetssätt och strukturpåverkande insatser")),
    ("@direkta_insatskostnader", gettext_lazy("Summa direkta insatskostnader")),
    ("ofordelat", ""),
    ("@costs", gettext_lazy("Summa kostnader")),
]
HEADED = {"individinsatser", "metoder", "struktur"}


def budget_report(*, association: Association, options: dict[str, Any]) -> Report:
    """The multi-year plan (seed 004's table), computed from the lines."""
    years = parse_years(options.get("years"))
    plan = selectors.budget_plan(association=association, years=years)
    columns = [Column("name", _("Post")), Column("code", _("Kst"))]
    columns += [Column(str(y), f"{VERSION_LABELS.get(plan.versions[y], '')} {y}", Kind.MONEY) for y in years]
    table = Table(_("Budget och flerårsplan %(a)s–%(b)s") % {"a": years[0], "b": years[-1]}, columns, key="budget")
    sums = {"@income": plan.total_income, "@costs": plan.total_costs, **{f"@{k}": v for k, v in plan.groups.items()}}
    for key, label in PLAN_LAYOUT:
        if key.startswith("@"):
            table.add(RowStyle.SUBTOTAL, name=label, **{str(y): v for y, v in sums[key].items()})
            continue
        members = [pl for pl in plan.lines if pl.line.category == key]
        if not members:
            continue
        if key in HEADED:
            table.add(RowStyle.HEADING, name=CATEGORY_LABELS[key])
        for pl in members:
            table.add(name=pl.line.name, code=pl.line.code, **{str(y): v for y, v in pl.amounts.items()})
        if label:
            table.add(RowStyle.SUBTOTAL, name=label, **{str(y): v for y, v in plan.subtotals[key].items()})
    table.add(RowStyle.TOTAL, name=_("RESULTAT"), **{str(y): v for y, v in plan.result.items()})
    table.add(name=_("Beräknat utgående eget kapital"), **{str(y): v for y, v in plan.equity_end.items()})
    table.notes.append(
        _(
            "Summor, resultat och eget kapital räknas fram ur raderna. Varje år visar budget där "
            "en sådan finns, annars plan."
        )
    )
    figures = Table(
        _("Nyckeltal"),
        [Column("name", _("Nyckeltal"))] + [Column(str(y), str(y), Kind.PERCENT, decimals=0) for y in years],
        key="key_figures",
    )
    figures.add(
        name=_("Individinsatsernas andel av insatsfinansieringen"),
        **{str(y): v for y, v in plan.individual_share.items()},
    )
    data = {
        "years": years,
        "versions": {str(y): v for y, v in plan.versions.items()},
        "lines": [
            {
                "line": pl.line.code,
                "name": pl.line.name,
                "category": pl.line.category,
                "amounts": json_numbers(pl.amounts),
            }
            for pl in plan.lines
        ],
        "subtotals": {c: json_numbers(v) for c, v in plan.subtotals.items()},
        "groups": {g: json_numbers(v) for g, v in plan.groups.items()},
        "total_income": json_numbers(plan.total_income),
        "total_costs": json_numbers(plan.total_costs),
        "result": json_numbers(plan.result),
        "equity_end": json_numbers(plan.equity_end),
        "key_figures": {
            "individual_share": {
                str(y): None if v is None else float(round(v, 4)) for y, v in plan.individual_share.items()
            }
        },
    }
    return Report("budget", table.title, association, data=data, tables=[table, figures])


# --- Follow-up ---------------------------------------------------------------------------------------------


def _followup_chart(follow: selectors.FollowUp) -> Chart:
    subtotals = follow.subtotals()
    cost_categories = [c for c in subtotals if c in selectors.COST_CATEGORIES]
    labels = [str(CATEGORY_LABELS[c]) for c in cost_categories]
    series = {
        str(_("Budget")): [float(-(subtotals[c]["budget"] or 0)) for c in cost_categories],
        str(_("Prognos")): [float(-(subtotals[c]["forecast"] or 0)) for c in cost_categories],
    }
    title = _("Kostnader per kategori %(y)s: budget och prognos") % {"y": follow.year}

    draw = bars(categories=labels, series=series, title=title)
    return Chart(title, draw, _("Stapeldiagram som jämför budget och helårsprognos för kostnaderna per kategori."))


def followup_report(*, association: Association, options: dict[str, Any]) -> Report:
    """Budget, outcome to a date, forecast, deviation per line (seed 000's table)."""
    year = parse_year(options.get("year"))
    until = _until(options.get("until"), year)
    forecast = options.get("include_forecast", True)
    follow = selectors.budget_followup(association=association, year=year, until=until, include_forecast=forecast)
    columns = [
        Column("name", _("Post")),
        Column("code", _("Kst")),
        Column("budget", _("Årsbudget %(y)s") % {"y": year}, Kind.MONEY),
        Column("actual", _("Utfall %(d)s") % {"d": until.isoformat()}, Kind.MONEY),
    ]
    if forecast:
        columns += [
            Column("forecast", _("Prognos %(y)s") % {"y": year}, Kind.MONEY),
            Column("deviation", _("Avvikelse prognos från budget"), Kind.MONEY),
            Column("comment", _("Kommentar")),
        ]
    table = Table(
        _("Ekonomiskt utfall per %(d)s") % {"d": until.isoformat()}
        + (_(" samt prognos för helår %(y)s") % {"y": year} if forecast else ""),
        columns,
        key="followup",
    )
    subtotals = follow.subtotals()
    for category in BudgetCategory.values:
        items = [i for i in follow.lines if i.line.category == category]
        if not items:
            continue
        table.add(RowStyle.HEADING, name=CATEGORY_LABELS[category])
        for item in items:
            table.add(
                name=item.line.name,
                code=item.line.code,
                budget=item.budget,
                actual=item.actual,
                forecast=item.forecast,
                deviation=item.deviation,
                comment=item.comment,
            )
        table.add(
            RowStyle.SUBTOTAL,
            name=_("Summa %(c)s") % {"c": str(CATEGORY_LABELS[category]).lower()},
            **subtotals[category],
        )
    if follow.unmapped:
        table.add(RowStyle.HEADING, name=_("Ej kopplat till budgetrad"))
        for account, centre, amount in follow.unmapped:
            table.add(name=_("Konto %(a)s, kostnadsställe %(c)s") % {"a": account, "c": centre or "–"}, actual=amount)
    total = follow.total()
    table.add(RowStyle.TOTAL, name=_("SUMMA"), **total)
    if forecast:
        table.notes.append(_("Avvikelse = prognos − budget. Rader utan egen prognos har budgeten som prognos."))
    else:
        table.notes.append(_("Visar fastställda siffror: budget och bokfört utfall (prognoser visas inte)."))

    def line_json(item: selectors.FollowUpLine) -> dict[str, Any]:
        return {
            "line": item.line.code,
            "name": item.line.name,
            "category": item.line.category,
            "budget": json_number(item.budget),
            "actual": json_number(item.actual),
            "forecast": json_number(item.forecast),
            "deviation": json_number(item.deviation),
            "comment": item.comment,
        }

    data = {
        "year": year,
        "until": until.isoformat(),
        "lines": [line_json(i) for i in follow.lines],
        "subtotals": {c: json_numbers(v) for c, v in subtotals.items()},
        "unmapped": [{"account": a, "cost_centre": c, "actual": json_number(v)} for a, c, v in follow.unmapped],
        "total": json_numbers(total),
    }
    charts = [_followup_chart(follow)] if forecast and follow.lines else []
    return Report("budget-followup", table.title, association, data=data, tables=[table], charts=charts)


# --- Driftsredovisning -------------------------------------------------------------------------------------


def operating_report(*, association: Association, options: dict[str, Any]) -> Report:
    """Driftsredovisning per cost centre (seed 002's table)."""
    year = parse_year(options.get("year"))
    until = _until(options.get("until"), year)
    rows = selectors.operating_statement(association=association, year=year, until=until)
    group = (
        _("Bokslut %(y)s") % {"y": year}
        if until == dt.date(year, 12, 31)
        else _("Utfall t.o.m. %(d)s") % {"d": until.isoformat()}
    )
    table = Table(
        _("Driftsredovisning %(y)s") % {"y": year},
        [
            Column("name", _("Kostnadsställe")),
            Column("budget", _("Årsbudget %(y)s") % {"y": year}, Kind.MONEY),
            Column("costs", _("Kostnader"), Kind.MONEY, group=group),
            Column("income", _("Intäkter"), Kind.MONEY, group=group),
            Column("net", _("Nettokostnad"), Kind.MONEY, group=group),
            Column("deviation", _("Nettoavvikelse"), Kind.MONEY, group=group),
        ],
        key="driftsredovisning",
    )
    for r in rows:
        table.add(
            name=f"{r.code} {r.name}", budget=r.budget, costs=r.costs, income=r.income, net=r.net, deviation=r.deviation
        )
    totals = {
        k: sum((getattr(r, k) for r in rows), Decimal(0)) for k in ("budget", "costs", "income", "net", "deviation")
    }
    table.add(RowStyle.TOTAL, name=_("Summa"), **totals)
    table.notes.append(_("Nettoavvikelse = årsbudget − nettokostnad (som i förbundets driftsredovisning)."))
    data = {
        "year": year,
        "until": until.isoformat(),
        "lines": [
            {
                "code": r.code,
                "name": r.name,
                "budget": json_number(r.budget),
                "costs": json_number(r.costs),
                "income": json_number(r.income),
                "net": json_number(r.net),
                "deviation": json_number(r.deviation),
            }
            for r in rows
        ],
        "total": json_numbers(totals),
    }
    return Report("driftsredovisning", table.title, association, data=data, tables=[table])


# --- Annual accounts ---------------------------------------------------------------------------------------

RR_ROWS: tuple[tuple[str, str, str, RowStyle], ...] = (
    ("medlemsavgifter", gettext_lazy("Verksamhetens medlemsavgifter"), "1", RowStyle.DATA),
    ("bidrag", gettext_lazy("EU-medel och andra bidrag"), "1", RowStyle.DATA),
    ("ovriga_intakter", gettext_lazy("Övriga intäkter"), "1", RowStyle.DATA),
    ("verksamhetens_kostnader", gettext_lazy("Verksamhetens kostnader"), "1", RowStyle.DATA),
    ("avskrivningar", gettext_lazy("Avskrivningar"), "", RowStyle.DATA),
    ("verksamhetens_nettokostnad", gettext_lazy("Verksamhetens nettokostnad"), "", RowStyle.SUBTOTAL),
    ("finansiella_intakter", gettext_lazy("Finansiella intäkter"), "", RowStyle.DATA),
    ("finansiella_kostnader", gettext_lazy("Finansiella kostnader"), "", RowStyle.DATA),
    ("resultat_fore_extraordinara_poster", gettext_lazy("Resultat före extraordinära poster"), "", RowStyle.SUBTOTAL),
    ("extraordinara_poster", gettext_lazy("Extraordinära poster"), "", RowStyle.DATA),
    ("arets_resultat", gettext_lazy("Årets resultat"), "", RowStyle.TOTAL),
)
BR_ROWS: tuple[tuple[str, str, str, RowStyle], ...] = (
    ("", gettext_lazy("Tillgångar"), "", RowStyle.HEADING),
    ("anlaggningstillgangar", gettext_lazy("Anläggningstillgångar"), "", RowStyle.DATA),
    ("forrad", gettext_lazy("Förråd m.m."), "", RowStyle.DATA),
    ("fordringar", gettext_lazy("Fordringar"), "2", RowStyle.DATA),
    ("kortfristiga_placeringar", gettext_lazy("Kortfristiga placeringar"), "", RowStyle.DATA),
    ("kassa_och_bank", gettext_lazy("Kassa och bank"), "", RowStyle.DATA),
    ("summa_omsattningstillgangar", gettext_lazy("Summa omsättningstillgångar"), "", RowStyle.SUBTOTAL),
    ("summa_tillgangar", gettext_lazy("Summa tillgångar"), "", RowStyle.TOTAL),
    ("", gettext_lazy("Eget kapital, avsättningar och skulder"), "", RowStyle.HEADING),
    ("eget_kapital", gettext_lazy("Eget kapital"), "", RowStyle.DATA),
    ("avsattningar", gettext_lazy("Avsättningar"), "", RowStyle.DATA),
    ("langfristiga_skulder", gettext_lazy("Långfristiga skulder"), "", RowStyle.DATA),
    ("kortfristiga_skulder", gettext_lazy("Kortfristiga skulder"), "3", RowStyle.DATA),
    (
        "summa_eget_kapital_och_skulder",
        gettext_lazy("Summa eget kapital, avsättningar och skulder"),
        "",
        RowStyle.TOTAL,
    ),
)
CF_ROWS: tuple[tuple[str, str, str, RowStyle], ...] = (
    ("", gettext_lazy("Den löpande verksamheten"), "", RowStyle.HEADING),
    ("arets_resultat", gettext_lazy("Årets resultat"), "", RowStyle.DATA),
    ("ej_likviditetspaverkande", gettext_lazy("Justering för ej likviditetspåverkande poster"), "", RowStyle.DATA),
    (
        "medel_fore_forandring_av_rorelsekapital",
        gettext_lazy("Medel från verksamheten före förändring av rörelsekapital"),
        "",
        RowStyle.SUBTOTAL,
    ),
    ("forandring_forrad", gettext_lazy("-/+ Ökning/minskning förråd"), "", RowStyle.DATA),
    ("forandring_fordringar", gettext_lazy("-/+ Ökning/minskning kortfristiga fordringar"), "2", RowStyle.DATA),
    ("forandring_kortfristiga_skulder", gettext_lazy("+/- Ökning/minskning kortfristiga skulder"), "3", RowStyle.DATA),
    ("lopande_verksamhet", gettext_lazy("Kassaflöde från den löpande verksamheten"), "", RowStyle.SUBTOTAL),
    ("investeringar", gettext_lazy("Kassaflöde från investeringsverksamheten"), "", RowStyle.DATA),
    ("finansiering", gettext_lazy("Kassaflöde från finansieringsverksamheten"), "", RowStyle.DATA),
    ("arets_kassaflode", gettext_lazy("Årets kassaflöde"), "", RowStyle.TOTAL),
    ("likvida_medel_vid_arets_borjan", gettext_lazy("Likvida medel vid årets början"), "", RowStyle.DATA),
    ("likvida_medel_vid_arets_slut", gettext_lazy("Likvida medel vid årets slut"), "", RowStyle.DATA),
)
NOTE_TITLES = {
    "intakter": (gettext_lazy("Not 1 Verksamhetens intäkter"), gettext_lazy("Summa intäkter")),
    "fordringar": (gettext_lazy("Not 2 Fordringar"), gettext_lazy("Summa kortfristiga fordringar")),
    "kortfristiga_skulder": (gettext_lazy("Not 3 Kortfristiga skulder"), gettext_lazy("Summa kortfristiga skulder")),
}
KEY_FIGURES = (
    ("verksamhetens_nettokostnad", gettext_lazy("Verksamhetens nettokostnad")),
    ("bidrag_intakt", gettext_lazy("Bidrag/intäkt")),
    ("resultat", gettext_lazy("Resultat")),
    ("utgaende_eget_kapital", gettext_lazy("Utgående eget kapital")),
    ("likvida_medel", gettext_lazy("Likvida medel")),
)


def whole_kronor(value: Decimal | None) -> Decimal | None:
    """Kronor as the printed document shows them (half up)."""
    return None if value is None else value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _two_years(obj: dict[int, Decimal]) -> dict[str, Any]:
    return {str(y): json_number(v) for y, v in obj.items()}


def _statement_table(
    title: str,
    key: str,
    rows: tuple[tuple[str, str, str, RowStyle], ...],
    figures: dict[str, dict[int, Decimal]],
    years: tuple[int, int],
) -> Table:
    table = Table(
        title,
        [
            Column("name", _("Belopp i kr")),
            Column("note", _("Not")),
            Column("current", str(years[0]), Kind.MONEY),
            Column("previous", str(years[1]), Kind.MONEY),
        ],
        key=key,
    )
    for line, label, note, style in rows:
        if not line:
            table.add(style, name=str(label))
            continue
        values = figures[line]
        table.add(
            style,
            name=str(label),
            note=note,
            current=whole_kronor(values[years[0]]),
            previous=whole_kronor(values[years[1]]),
        )
    return table


def key_figures(association: Association, accounts: Any) -> dict[str, dict[str, Decimal | None]]:
    """Seed 002's "ekonomisk sammanfattning": outcome, budget, deviation and the previous year (kronor).

    The budget comes from the year's budget (else plan) version; it has no financial lines, so its
    nettokostnad is its result. Budgeted closing equity = the year's opening equity + the budgeted result.
    """
    year, previous = accounts.year, accounts.previous
    plan = selectors.budget_plan(association=association, years=[year])
    has_budget = bool(plan.versions.get(year))
    rr, br = accounts.income_statement, accounts.balance_sheet

    def income(y: int) -> Decimal:
        return sum((rr[k][y] for k in ("medlemsavgifter", "bidrag", "ovriga_intakter")), Decimal(0))

    budget_result = plan.result[year] if has_budget else None
    rows: dict[str, tuple[Decimal, Decimal | None, Decimal]] = {
        "verksamhetens_nettokostnad": (
            rr["verksamhetens_nettokostnad"][year],
            budget_result,
            rr["verksamhetens_nettokostnad"][previous],
        ),
        "bidrag_intakt": (income(year), plan.total_income[year] if has_budget else None, income(previous)),
        "resultat": (rr["arets_resultat"][year], budget_result, rr["arets_resultat"][previous]),
        "utgaende_eget_kapital": (
            br["eget_kapital"][year],
            None if budget_result is None else accounts.opening_equity[year] + budget_result,
            br["eget_kapital"][previous],
        ),
        "likvida_medel": (br["kassa_och_bank"][year], None, br["kassa_och_bank"][previous]),
    }
    return {
        key: {
            "actual": actual,
            "budget": budget,
            "deviation": None if budget is None else actual - budget,
            "previous": before,
        }
        for key, (actual, budget, before) in rows.items()
    }


def annual_accounts_report(*, association: Association, options: dict[str, Any]) -> Report:
    """Resultaträkning, balansräkning, kassaflödesanalys and notes 1–3 with the previous year, the checks and
    the key figures (docs/contracts.md `annual-accounts`). An unmapped account refuses it (ValidationError)."""
    year = parse_year(options.get("year"))
    accounts = annual_accounts(association=association, year=year)
    years = (year, accounts.previous)
    tables = [
        _statement_table(_("Resultaträkning"), "resultatrakning", RR_ROWS, accounts.income_statement, years),
        _statement_table(_("Balansräkning"), "balansrakning", BR_ROWS, accounts.balance_sheet, years),
        _statement_table(_("Kassaflödesanalys"), "kassaflodesanalys", CF_ROWS, accounts.cash_flow, years),
    ]
    tables[1].notes.append(_("Eget kapital = ingående eget kapital + årets resultat."))
    if accounts.missing_opening:
        tables[2].notes.append(
            _("Ingående balanser saknas för %(years)s; kassaflödet utgår då från noll.")
            % {"years": ", ".join(str(y) for y in accounts.missing_opening)}
        )
    for note, rows in accounts.notes.items():
        title, total_label = NOTE_TITLES[note]
        table = Table(
            str(title),
            [
                Column("name", _("Konto")),
                Column("current", str(year), Kind.MONEY),
                Column("previous", str(accounts.previous), Kind.MONEY),
            ],
            key=f"not_{note}",
        )
        for row in rows:
            table.add(
                name=f"{row.account} {row.name}".strip(),
                current=whole_kronor(row.amounts[year]),
                previous=whole_kronor(row.amounts[accounts.previous]),
            )
        table.add(
            RowStyle.TOTAL,
            name=str(total_label),
            current=whole_kronor(sum((r.amounts[year] for r in rows), Decimal(0))),
            previous=whole_kronor(sum((r.amounts[accounts.previous] for r in rows), Decimal(0))),
        )
        tables.append(table)
    figures = key_figures(association, accounts)
    summary = Table(
        _("Ekonomisk sammanfattning"),
        [
            Column("name", _("Belopp i kr")),
            Column("actual", _("Utfall %(y)s") % {"y": year}, Kind.MONEY),
            Column("budget", _("Budget %(y)s") % {"y": year}, Kind.MONEY),
            Column("deviation", _("Avvikelse utfall − budget"), Kind.MONEY),
            Column("previous", _("Bokslut %(y)s") % {"y": accounts.previous}, Kind.MONEY),
        ],
        key="ekonomisk_sammanfattning",
    )
    for key, label in KEY_FIGURES:
        summary.add(name=str(label), **{k: whole_kronor(v) for k, v in figures[key].items()})
    summary.notes.append(_("Budgeten har inga finansiella poster: budgeterad nettokostnad är budgeterat resultat."))
    tables.insert(0, summary)
    checks = Table(
        _("Kontroller"),
        [
            Column("check", _("Kontroll")),
            Column("year", _("År")),
            Column("status", _("Utfall")),
            Column("difference", _("Skillnad (kr)"), Kind.MONEY),
        ],
        key="kontroller",
    )
    for check in accounts.checks:
        checks.add(
            check=check.label,
            year=str(check.year),
            status=_("Stämmer") if check.ok else _("Stämmer inte"),
            difference=check.difference,
        )
    tables.append(checks)
    failed = [c.message for c in accounts.checks if not c.ok]
    data = {
        "year": year,
        "previous_year": accounts.previous,
        "income_statement": {k: _two_years(v) for k, v in accounts.income_statement.items()},
        "balance_sheet": {k: _two_years(v) for k, v in accounts.balance_sheet.items()},
        "cash_flow": {k: _two_years(v) for k, v in accounts.cash_flow.items()},
        "notes": {
            note: [{"account": r.account, "name": r.name, "amounts": _two_years(r.amounts)} for r in rows]
            for note, rows in accounts.notes.items()
        },
        "checks": [
            {
                "key": c.key,
                "year": c.year,
                "ok": c.ok,
                "difference": json_number(c.difference),
                "message": c.message,
            }
            for c in accounts.checks
        ],
        "key_figures": {key: {k: json_number(v) for k, v in values.items()} for key, values in figures.items()},
    }
    report = Report(
        "annual-accounts",
        _("Årsredovisningens räkenskaper %(y)s") % {"y": year},
        association,
        data=data,
        tables=tables,
    )
    report.paragraphs.extend(failed or [_("Alla kontroller stämmer.")])
    return report


# --- Registration ------------------------------------------------------------------------------------------


def _year_args(parser: ArgumentParser) -> None:
    parser.add_argument("--year", required=True, help="år (ÅÅÅÅ)")


def register_kinds() -> None:
    """Register the finance report kinds with the shared report registry."""

    def allocation_args(parser: ArgumentParser) -> None:
        _year_args(parser)
        parser.add_argument("--total", help="totalt medlemsbidrag i kronor (annars det sparade eller budgeterade)")
        parser.add_argument("--population-year", type=int, dest="population_year", help="folkmängd från år")

    def budget_args(parser: ArgumentParser) -> None:
        parser.add_argument("--years", required=True, help="t.ex. 2025-2027")

    def followup_args(parser: ArgumentParser) -> None:
        _year_args(parser)
        parser.add_argument("--until", help="utfall t.o.m. datum (ÅÅÅÅ-MM-DD); annars årets slut")

    register(ReportKind("allocation", _("Fördelning av medlemsbidrag"), allocation_args, allocation_report))
    register(ReportKind("budget", _("Budget och flerårsplan"), budget_args, budget_report))
    register(ReportKind("budget-followup", _("Budgetuppföljning med prognos"), followup_args, followup_report))
    register(ReportKind("annual-accounts", _("Årsredovisningens räkenskaper"), _year_args, annual_accounts_report))
    register(
        ReportKind("driftsredovisning", _("Driftsredovisning per kostnadsställe"), followup_args, operating_report)
    )

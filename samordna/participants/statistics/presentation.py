"""The participants report as renderer-neutral tables (Swedish titles and column labels, raw values).

`participant_tables(report)` reads the report dict (internal or already suppressed: a None count is a
hidden cell) and returns plain dicts a renderer layer maps 1:1 onto its own table type:

    {"key": "age_bands", "title": "Ålder", "columns": [{"key", "label", "kind"}], "rows": [{"cells": {…},
     "style": "data" | "total", "hidden": [column keys]}], "notes": [...]}

`kind` is "text", "integer", "percent" (a fraction 0–1) or "decimal". Shares are shown against their
denominator as in the seed's tables (e.g. the age table as percent of all participants).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from samordna.participants.statistics.bands import band_label
from samordna.reporting.tables import format_number

GENDERED = (("all", "Samtliga"), ("women", "Kvinnor"), ("men", "Män"), ("other", "Annat"))


def _col(key: str, label: str, kind: str = "integer") -> dict[str, str]:
    return {"key": key, "label": label, "kind": kind}


def _row(cells: dict[str, Any], style: str = "data") -> dict[str, Any]:
    return {"cells": cells, "style": style, "hidden": [k for k, v in cells.items() if v is None]}


def _fraction(count: Any, of: Any) -> float | None:
    if count is None or not of:
        return None
    return count / of


def _gendered_table(
    key: str, title: str, first: tuple[str, str], rows: list[dict[str, Any]], total: dict[str, Any], note: str = ""
) -> dict[str, Any]:
    """Counts and the share of the column's total, by gender."""
    columns = [_col(first[0], first[1], "text")]
    for gender, label in GENDERED:
        columns += [
            _col(gender, _(label)),
            _col(f"{gender}_share", _("Andel %(who)s") % {"who": _(label).lower()}, "percent"),
        ]
    out = []
    for source in rows:
        cells: dict[str, Any] = {first[0]: source.get("label") or band_label(source.get(first[0]))}
        for gender, _label in GENDERED:
            cells[gender] = source[gender]
            cells[f"{gender}_share"] = _fraction(source[gender], total.get(gender))
        out.append(_row(cells))
    total_cells: dict[str, Any] = {first[0]: _("Totalt")}
    for gender, _label in GENDERED:
        total_cells[gender] = total.get(gender)
        total_cells[f"{gender}_share"] = 1.0 if total.get(gender) else None
    out.append(_row(total_cells, "total"))
    return {"key": key, "title": title, "columns": columns, "rows": out, "notes": [note] if note else []}


def participant_tables(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's tables in the order of an annual report (seed 002)."""
    totals = report["totals"]
    ended = totals["ended"]["all"]
    tables = [
        {
            "key": "totals",
            "title": _("Deltagare under perioden"),
            "columns": [_col("what", _("Antal"), "text")] + [_col(g, _(label)) for g, label in GENDERED],
            "rows": [
                _row({"what": _("Deltagare"), **{g: totals["participants"][g] for g, _l in GENDERED}}),
                _row({"what": _("Nya"), **{g: totals["new"][g] for g, _l in GENDERED}}),
                _row({"what": _("Avslutade"), **{g: totals["ended"][g] for g, _l in GENDERED}}),
            ]
            + (
                [_row({"what": _("Personer"), **{g: totals["persons"][g] for g, _l in GENDERED}})]
                if "persons" in totals
                else []
            ),
            "notes": [_("Varje insatsdeltagande räknas för sig.")],
        },
        _gendered_table("age_bands", _("Ålder"), ("band", _("Ålder")), report["age_bands"], totals["participants"]),
        _gendered_table(
            "support_years_bands",
            _("Tid i offentlig försörjning före insats (år)"),
            ("band", _("År")),
            report["support_years_bands"],
            totals["new"],
            _("Andel av nya deltagare."),
        ),
        _gendered_table(
            "support_before",
            _("Försörjning före insats"),
            ("code", _("Försörjning")),
            report["support_before"],
            totals["participants"],
            _("En deltagare kan ha flera försörjningar samtidigt."),
        ),
        _gendered_table(
            "education",
            _("Högsta slutförda utbildningsnivå"),
            ("code", _("Utbildning")),
            report["education"],
            totals["participants"],
        ),
    ]
    tables.append(
        {
            "key": "municipalities",
            "title": _("Deltagares hemkommun"),
            "columns": [
                _col("name", _("Kommun"), "text"),
                _col("new", _("Nya deltagare")),
                _col("all", _("Totalt antal deltagare")),
            ],
            "rows": [_row({"name": r["name"], "new": r["new"], "all": r["all"]}) for r in report["municipalities"]]
            + [_row({"name": _("Totalt"), "new": totals["new"]["all"], "all": totals["participants"]["all"]}, "total")],
            "notes": [],
        }
    )
    tables.append(
        {
            "key": "end_reasons",
            "title": _("Avslutsanledning"),
            "columns": [
                _col("label", _("Avslutsanledning"), "text"),
                _col("count", _("Antal")),
                _col("share", _("Andel av avslutade"), "percent"),
            ],
            "rows": [
                _row({"label": f"{r['code']} {r['label']}", "count": r["count"], "share": r["share"]})
                for r in report["end_reasons"]
            ]
            + [
                _row(
                    {
                        "label": _("Positivt utfall"),
                        "count": report["positive_outcome"]["count"],
                        "share": report["positive_outcome"]["share"],
                    },
                    "subtotal",
                ),
                _row({"label": _("Totalt"), "count": ended, "share": 1.0 if ended else None}, "total"),
            ],
            "notes": [],
        }
    )
    tables.append(
        {
            "key": "occupation_after",
            "title": _("Sysselsättning efter avslut"),
            "columns": [
                _col("label", _("Sysselsättning"), "text"),
                _col("count", _("Antal")),
                _col("share", _("Andel av avslutade"), "percent"),
            ],
            "rows": [
                _row({"label": r["label"], "count": r["count"], "share": _fraction(r["count"], ended)})
                for r in report["occupation_after"]
            ]
            + [_row({"label": _("Totalt"), "count": ended, "share": 1.0 if ended else None}, "total")],
            "notes": [],
        }
    )
    tables.append(
        {
            "key": "interventions",
            "title": _("Resultat per insats"),
            "columns": [
                _col("name", _("Insats"), "text"),
                _col("all", _("Deltagare")),
                _col("women", _("Kvinnor")),
                _col("men", _("Män")),
                _col("new", _("Nya")),
                _col("ended", _("Avslutade")),
                _col("positive", _("Positivt utfall")),
                _col("mean_months", _("Månader i insatsen"), "decimal"),
            ],
            "rows": [
                _row(
                    {
                        "name": r["name"],
                        "all": r["participants"]["all"],
                        "women": r["participants"]["women"],
                        "men": r["participants"]["men"],
                        "new": r["new"],
                        "ended": r["ended"],
                        "positive": r["positive"],
                        "mean_months": r["mean_months"],
                    }
                )
                for r in report["interventions"]
            ]
            + [
                _row(
                    {
                        "name": _("Totalt"),
                        "all": totals["participants"]["all"],
                        "women": totals["participants"]["women"],
                        "men": totals["participants"]["men"],
                        "new": totals["new"]["all"],
                        "ended": ended,
                        "positive": report["positive_outcome"]["count"],
                        "mean_months": report["mean_months_in_intervention"],
                    },
                    "total",
                )
            ],
            "notes": [
                _("Medeltid i offentlig försörjning före insatsen (nya deltagare): %(years)s år.")
                % {"years": format_number(report["mean_years_in_support_before"], 1)}
            ]
            if report["mean_years_in_support_before"] is not None
            else [],
        }
    )
    return tables

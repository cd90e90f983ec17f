"""The Uppföljning Finsam participant tables of a yearly publication, as its page and files show them.

The figures are the published ones (`publications.finsam.publish`): a hidden count is None and is shown as
hidden, never recomputed. The money of Uppföljning Finsam is not part of a publication (see finsam.py).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from samordna.reporting.tables import Column, Kind, RowStyle, Table


def _add(table: Table, style: RowStyle = RowStyle.DATA, **cells: Any) -> None:
    table.add(style, hidden=frozenset(k for k, v in cells.items() if v is None), **cells)


def individual_table(published: dict[str, Any]) -> Table:
    """Participants of each individinriktad insats by gender, with the total row."""
    group = _("Deltagare")
    table = Table(
        _("Uppföljning Finsam %(year)s: individinriktade insatser") % {"year": published["year"]},
        [
            Column("name", _("Insats")),
            Column("women", _("Kvinnor"), Kind.INTEGER, group=group),
            Column("men", _("Män"), Kind.INTEGER, group=group),
            Column("other", _("Annat"), Kind.INTEGER, group=group),
            Column("all", _("Totalt"), Kind.INTEGER, group=group),
        ],
        key="finsam_individual",
    )
    for row in published["individual"]:
        _add(table, name=f"{row['code']} {row['name']}", **row["participants"])
    _add(table, RowStyle.TOTAL, name=_("Summa individinriktade insatser"), **published["individual_total"])
    table.notes.append(
        _(
            "Deltagare under året som Uppföljning Finsam räknar dem: registrerade insatsdeltaganden och deltagare "
            "som bara räknas (utan samtycke eller med skyddad identitet), skyddade tillsammans med "
            "deltagarstatistiken i samma publicering."
        )
    )
    return table


def structural_table(published: dict[str, Any]) -> Table:
    """Participants of each strukturövergripande insats, with the total."""
    table = Table(
        _("Uppföljning Finsam %(year)s: strukturinriktade insatser") % {"year": published["year"]},
        [Column("name", _("Insats")), Column("participants", _("Antal deltagare"), Kind.INTEGER)],
        key="finsam_structural",
    )
    for row in published["structural"]:
        _add(table, name=f"{row['code']} {row['name']}", participants=row["participants"])
    _add(table, RowStyle.TOTAL, name=_("Summa strukturinriktade insatser"), participants=published["structural_total"])
    return table


def tables(published: dict[str, Any] | None) -> list[Table]:
    """The tables a publication's Finsam figures make (none for a publication that is not a whole year)."""
    if not published:
        return []
    found = []
    if published["individual"]:
        found.append(individual_table(published))
    if published["structural"]:
        found.append(structural_table(published))
    return found

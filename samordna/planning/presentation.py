"""How an indicator's value reads on the pages: the value, what it is built on, the target and whether it is met.

A value that is missing reads "Ingen data" with the reason (`indicators.NO_DATA`, `NOT_YET`, `NO_INSATSER`),
never 0 %. Numbers are Swedish (decimal comma, a space before %).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from samordna.planning.indicators import NO_INSATSER, NOT_YET, Measure, met
from samordna.planning.models import GoalStatus, Indicator, SourceKind, Unit
from samordna.planning.published import HIDDEN, NO_PUBLICATION, NOT_FIXED, NOT_PUBLISHED
from samordna.reporting.tables import format_number

PERCENT_SIGN = "\u00a0%"
#: Follow-up kinds: their denominator counts the not reached and declined too, and the page says how many.
FOLLOW_UP_KINDS = frozenset({SourceKind.FOLLOWUP_SHARE, SourceKind.SUPPORT_REDUCED})
#: The CSS class of each status (planning.css: a coloured mark beside the text, never the colour alone).
STATUS_CLASSES = {
    GoalStatus.MET: "status-met",
    GoalStatus.PARTLY: "status-partly",
    GoalStatus.NOT_MET: "status-not-met",
    GoalStatus.NOT_ASSESSED: "status-not-assessed",
}


def number(value: Decimal | int) -> str:
    """A Swedish number with the decimals it has (at most two): 12, 12,5, 1 045."""
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    decimals = min(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, decimals)


def target_text(indicator: Indicator) -> str:
    """The target as the page prints it ("80 %", "40"), or "–" without one."""
    if indicator.target is None:
        return "–"
    return number(indicator.target) + (PERCENT_SIGN if indicator.unit == Unit.PERCENT else "")


def value_text(indicator: Indicator, value: Decimal) -> str:
    """A value: a share 0–1 as whole percent, a count as a number."""
    if indicator.unit == Unit.PERCENT:
        return format_number(value * 100, 0) + PERCENT_SIGN
    return number(value)


def chart_value(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    """A value on the scale of its target (percent 0–100 or the count), for a chart."""
    if value is None:
        return None
    return value * 100 if indicator.unit == Unit.PERCENT else value


def no_data_reason(indicator: Indicator, measure: Measure) -> str:
    """Why an indicator has no value for the period."""
    if measure.reason == NO_INSATSER:
        return _("Målet har inga kopplade insatser att räkna på.")
    if measure.reason == NOT_YET:
        return _("Samordna har ännu inga uppgifter om aktiviteter och enkäter.")
    published = {
        HIDDEN: _("Dolt: värdet bygger på ett litet antal."),
        NOT_PUBLISHED: _("Ingår inte i periodens publicering (visas bara internt)."),
        NO_PUBLICATION: _("Perioden har ingen publicering än."),
        NOT_FIXED: _("Publicerade värden finns för helår och för året till ett månadsslut."),
    }
    if measure.reason in published:
        return str(published[measure.reason])
    kind = indicator.source_kind
    if kind == SourceKind.MANUAL:
        return _("Inget värde är angivet för året.")
    if kind == SourceKind.ENDED_SHARE:
        return _("Ingen deltagare avslutades under perioden.")
    if kind in FOLLOW_UP_KINDS:
        return _("Inga uppföljningar registrerades under perioden.")
    if kind == SourceKind.PARTICIPANTS:
        return _("Insatserna har inget volymmål för året.")
    return _("Ingen data för perioden.")


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator's figures for a period, as text for the pages."""

    indicator: Indicator
    measure: Measure
    value: str
    basis: str
    follow_up: str
    target: str
    met: bool | None
    reason: str

    @property
    def has_value(self) -> bool:
        return self.measure.has_value

    @property
    def met_text(self) -> str:
        if self.met is None:
            return "–"
        return _("Ja") if self.met else _("Nej")

    @property
    def met_class(self) -> str:
        if self.met is None:
            return "met-unknown"
        return "met-yes" if self.met else "met-no"


def indicator_row(indicator: Indicator, measure: Measure) -> IndicatorRow:
    """An indicator's figures for a period: value, "2 av 3", "varav 1 ej nådd, 0 avböjt", target, met."""
    basis = ""
    if measure.numerator is not None and measure.denominator:
        basis = _("%(numerator)s av %(denominator)s") % {
            "numerator": format_number(measure.numerator),
            "denominator": format_number(measure.denominator),
        }
    follow_up = ""
    if indicator.source_kind in FOLLOW_UP_KINDS and measure.denominator:
        follow_up = _("varav %(not_reached)s ej nådd, %(declined)s avböjt") % {
            "not_reached": format_number(measure.not_reached),
            "declined": format_number(measure.declined),
        }
    has_value = measure.value is not None
    return IndicatorRow(
        indicator=indicator,
        measure=measure,
        value=value_text(indicator, measure.value) if measure.value is not None else _("Ingen data"),
        basis=basis,
        follow_up=follow_up,
        target=target_text(indicator),
        met=met(indicator, measure.value),
        reason="" if has_value else no_data_reason(indicator, measure),
    )

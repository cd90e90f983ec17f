"""The filters of the participant statistics page (/f/<association>/rapporter/deltagare/), read from the query string.

Every filter lives in the URL, so a view can be bookmarked and an export link repeats it:

- `period`: `year` (calendar year, the default), `interim` (delår, January–August), `t1` / `t2` / `t3`
  (tertial: January–April, May–August, September–December) of `year` (default: this year), or `custom`
  with `from` and `to` (ISO dates). `from`/`to` without `period` mean a custom period.
- `orientation`: individinriktad / strukturövergripande; narrows the insats list (and, with no insats
  ticked, selects every insats of that orientation).
- `intervention` (repeatable): insats codes, only among the insatser the user may see.
- `age_bands`, `support_years_bands`: band edges as on the command line (19-30,31-50,51-64 and 1-3,4-7,8-).
- `version`: `publicerad` (default) or `intern` (admins only; the view refuses it to everyone else).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.widgets import IsoDateInput
from samordna.core.years import LAST_YEAR
from samordna.interventions.models import Intervention, Orientation
from samordna.participants.statistics.bands import DEFAULT_AGE_BANDS, DEFAULT_SUPPORT_YEARS_BANDS, parse_bands
from samordna.reporting.pages import INTERNAL, PUBLISHED

PERIODS = [
    ("year", gettext_lazy("Kalenderår")),
    ("interim", gettext_lazy("Delår (januari–augusti)")),
    ("t1", gettext_lazy("Tertial 1 (januari–april)")),
    ("t2", gettext_lazy("Tertial 2 (maj–augusti)")),
    ("t3", gettext_lazy("Tertial 3 (september–december)")),
    ("custom", gettext_lazy("Egen period")),
]
# (first month, first day) – (last month, last day) of each preset within its year.
PRESET_SPANS = {
    "year": ((1, 1), (12, 31)),
    "interim": ((1, 1), (8, 31)),
    "t1": ((1, 1), (4, 30)),
    "t2": ((5, 1), (8, 31)),
    "t3": ((9, 1), (12, 31)),
}
VERSIONS = [
    (PUBLISHED, gettext_lazy("Publicerad (små antal dolda)")),
    (INTERNAL, gettext_lazy("Intern (alla antal – får inte publiceras)")),
]
MAX_BANDS = 12  # each band is a column of the report's one scan: keep the statement small
# Query keys that are not filters: the export format, the confirmation of an internal export, the CSRF token.
NOT_FILTERS = frozenset({"format", "confirm", "csrfmiddlewaretoken"})


def preset_period(preset: str, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a preset period (`year`, `interim`, `t1`, `t2`, `t3`) in `year`."""
    (m1, d1), (m2, d2) = PRESET_SPANS[preset]
    return dt.date(year, m1, d1), dt.date(year, m2, d2)


@dataclass(frozen=True)
class Selection:
    """What the filters resolve to: the period, the insatser (None = all of the förbund) and the bands."""

    date_from: dt.date
    date_to: dt.date
    interventions: list[Intervention] | None
    age_bands: str
    support_years_bands: str
    internal: bool


def with_defaults(params: QueryDict) -> QueryDict:
    """A mutable copy of the query with the defaults filled in, so the form shows what the page uses."""
    data = params.copy()
    if not data.get("period"):
        data["period"] = "custom" if data.get("from") or data.get("to") else "year"
    if not data.get("year"):
        data["year"] = str(timezone.localdate().year)
    if not data.get("age_bands"):
        data["age_bands"] = DEFAULT_AGE_BANDS
    if not data.get("support_years_bands"):
        data["support_years_bands"] = DEFAULT_SUPPORT_YEARS_BANDS
    return data


class ParticipantFilterForm(forms.Form):
    """Period, insatser and bands of the participant statistics page (all optional, with defaults)."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False)
    year = forms.IntegerField(
        label=gettext_lazy("År"),
        min_value=1990,
        max_value=LAST_YEAR,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    orientation = forms.ChoiceField(
        label=gettext_lazy("Inriktning"),
        required=False,
        choices=[("", gettext_lazy("Alla"))] + list(Orientation.choices),
    )
    intervention = forms.MultipleChoiceField(
        label=gettext_lazy("Insatser"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Ingen vald: alla insatser (med vald inriktning)."),
    )
    age_bands = forms.CharField(
        label=gettext_lazy("Åldersgrupper"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("T.ex. 19-30,31-50,51-64"),
    )
    support_years_bands = forms.CharField(
        label=gettext_lazy("År i offentlig försörjning"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("T.ex. 1-3,4-7,8-"),
    )

    def __init__(self, data: QueryDict, *, interventions: list[Intervention], may_see_internal: bool) -> None:
        super().__init__(with_defaults(data))
        date = {"widget": IsoDateInput(), "required": False}
        self.fields["from"] = forms.DateField(label=_("Från och med"), **date)  # type: ignore[arg-type]
        self.fields["to"] = forms.DateField(label=_("Till och med"), **date)  # type: ignore[arg-type]
        if may_see_internal:
            self.fields["version"] = forms.ChoiceField(
                label=_("Version"), choices=VERSIONS, required=False, widget=forms.RadioSelect
            )
            if not self.data.get("version"):
                self.data["version"] = PUBLISHED
        self.order_fields(
            [
                "period",
                "year",
                "from",
                "to",
                "orientation",
                "intervention",
                "age_bands",
                "support_years_bands",
                "version",
            ]
        )
        self.visible = interventions
        orientation = self.data.get("orientation", "")
        if orientation in Orientation.values:
            interventions = [i for i in interventions if i.orientation == orientation]
        self.offered = interventions
        self.fields["intervention"].choices = [(i.code, f"{i.code} {i.name}") for i in interventions]
        self.fields["intervention"].error_messages["invalid_choice"] = _(
            "Insatsen %(value)s finns inte bland de insatser du kan välja (med vald inriktning)."
        )

    def clean_age_bands(self) -> str:
        return self._bands("age_bands", DEFAULT_AGE_BANDS)

    def clean_support_years_bands(self) -> str:
        return self._bands("support_years_bands", DEFAULT_SUPPORT_YEARS_BANDS)

    def _bands(self, name: str, default: str) -> str:
        value = (self.cleaned_data.get(name) or default).replace(" ", "")
        if len(parse_bands(value)) > MAX_BANDS:  # parse_bands raises a Swedish ValidationError on bad edges
            raise ValidationError(_("Högst %(n)s intervall.") % {"n": MAX_BANDS})
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        period = cleaned.get("period") or "year"
        if period == "custom":
            start, end = cleaned.get("from"), cleaned.get("to")
            if "from" in self.errors or "to" in self.errors:
                return cleaned
            if start is None or end is None:
                raise ValidationError(_("Ange både från- och till-datum för en egen period."))
            if end < start:
                raise ValidationError(_("Till-datumet ligger före från-datumet."))
            cleaned["date_from"], cleaned["date_to"] = start, end
        elif cleaned.get("year") is not None:
            cleaned["date_from"], cleaned["date_to"] = preset_period(period, cleaned["year"])
        return cleaned

    def selection(self, *, restricted: bool) -> Selection:
        """The resolved filters (call after is_valid()). `restricted`: the user sees only some insatser."""
        data = self.cleaned_data
        codes = set(data.get("intervention") or [])
        if codes:
            chosen: list[Intervention] | None = [i for i in self.offered if i.code in codes]
        elif data.get("orientation") or restricted:
            chosen = list(self.offered)
        else:
            chosen = None
        return Selection(
            date_from=data["date_from"],
            date_to=data["date_to"],
            interventions=chosen,
            age_bands=data["age_bands"],
            support_years_bands=data["support_years_bands"],
            internal=data.get("version") == INTERNAL,
        )


def filter_pairs(params: QueryDict, *, drop: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The query's filter parameters as (key, value) pairs, without NOT_FILTERS and `drop`."""
    return [
        (key, value) for key in params for value in params.getlist(key) if key not in NOT_FILTERS and key not in drop
    ]

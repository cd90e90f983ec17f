"""The release form: a fixed period, chosen from the kinds published figures may have (reporting.periods)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.reporting.periods import MONTHS, FixedPeriod


def period_choices() -> list[tuple[str, str]]:
    """Kinds of period: the year, a tertial, or the year to a month end."""
    choices = [("year", _("Helår (januari–december)"))]
    choices += [(f"t{n}", _("Tertial %(n)s") % {"n": n}) for n in (1, 2, 3)]
    choices += [(f"m{m}", _("Januari–%(month)s") % {"month": MONTHS[m - 1]}) for m in range(1, 12) if m != 4]
    return choices


class ReleaseForm(forms.Form):
    """Year and kind of period, and the confirmation that the figures will be public."""

    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    kind = forms.ChoiceField(label=_("Period"), choices=period_choices)
    confirm = forms.BooleanField(
        label=_("Jag förstår att siffrorna blir synliga för alla i förbundet och inte kan ändras efteråt."),
        required=True,
        error_messages={"required": _("Kryssa i rutan för att bekräfta: en publicering kan inte ändras efteråt.")},
    )

    def period(self) -> FixedPeriod:
        """The chosen period (call after is_valid)."""
        year, kind = self.cleaned_data["year"], self.cleaned_data["kind"]
        if kind == "year":
            return FixedPeriod.whole_year(year)
        if kind.startswith("t"):
            return FixedPeriod.tertial(year, int(kind[1:]))
        return FixedPeriod.year_to_date(year, int(kind[1:]))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})

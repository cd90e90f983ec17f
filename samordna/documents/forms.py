"""Forms of the documents app. They only read and check input; every write goes through `documents.services`,
whose refusals come back as messages on the fields concerned."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.validators import validate_line
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.documents import markup
from samordna.documents.models import DocumentKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(forms.Form):
    """A new document: which kind, the year and (for a delårsrapport) the last day of the period."""

    kind = forms.ChoiceField(label=gettext_lazy("Dokument"), choices=DocumentKind.choices)
    year = forms.IntegerField(label=gettext_lazy("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    until = forms.DateField(
        label=gettext_lazy("Till och med"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("För en delårsrapport, t.ex. 2024-08-31; en årsredovisning gäller hela året."),
    )
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        required=False,
        max_length=200,
        validators=[validate_line],
        help_text=gettext_lazy("Tomt: ”Årsredovisning 2024” eller ”Delårsrapport januari–augusti 2024”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, year, until = data.get("kind"), data.get("year"), data.get("until")
        if kind == DocumentKind.INTERIM and year is not None and until is None:
            self.add_error("until", _("Ange periodens sista dag för en delårsrapport."))
        if kind == DocumentKind.ANNUAL and year is not None:
            data["until"] = dt.date(year, 12, 31)
        return data


class TextForm(forms.Form):
    """A section's text."""

    body = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=gettext_lazy(
            "Rubriker med #, ## eller ###; punktlistor med - och numrerade listor med 1.; **fet** och *kursiv* "
            "stil; en tom rad mellan stycken. HTML används inte."
        ),
    )

    def clean_body(self) -> str:
        return markup.check(self.cleaned_data.get("body") or "")


class FreezeForm(forms.Form):
    """Fastställ: the board's adoption date and the decision (e.g. the protocol's §)."""

    adopted_on = forms.DateField(label=gettext_lazy("Fastställd av styrelsen"), widget=DATE)
    decision = forms.CharField(
        label=gettext_lazy("Beslut"),
        required=False,
        max_length=200,
        validators=[validate_line],
        help_text=gettext_lazy("T.ex. ”SFV § 12”."),
    )

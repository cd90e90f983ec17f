"""Forms of the finance pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Association
from samordna.core.widgets import DecimalCommaField
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.finance.models import BudgetLine, BudgetVersion, LedgerMapping, StatementLine
from samordna.interventions.models import Intervention


class BudgetLineForm(forms.ModelForm):
    """Add or edit a budget line."""

    class Meta:
        model = BudgetLine
        fields = ["code", "name", "category", "intervention", "position"]

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        self.fields["intervention"].queryset = Intervention.objects.for_association(association)


class AllocationForm(forms.Form):
    """The total contribution of a year and which year's populations split it."""

    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    total = forms.IntegerField(label=_("Totalt medlemsbidrag (kr)"), min_value=0)
    population_year = forms.IntegerField(
        label=_("Folkmängd från år"),
        min_value=1990,
        max_value=LAST_YEAR,
        required=False,
        help_text=_("Tomt: senaste året där alla kommuner har folkmängd."),
    )


class OpeningEquityForm(forms.Form):
    """Equity at the start of a year."""

    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    amount = DecimalCommaField(label=_("Ingående eget kapital (kr)"), max_digits=14, decimal_places=2)


class UploadForm(forms.Form):
    """An import file."""

    file = forms.FileField(label=_("Fil"))
    encoding = forms.ChoiceField(
        label=_("Teckenkodning (SIE)"),
        required=False,
        choices=[
            ("", _("Automatiskt (PC8/CP437)")),
            ("cp437", "CP437 (PC8)"),
            ("utf-8", "UTF-8"),
            ("cp1252", "Windows-1252"),
        ],
    )


class LedgerUploadForm(UploadForm):
    """An accounting file (SIE or ledger CSV) and, optionally, the one financial year it covers."""

    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_(
            "En import ersätter exakt ett räkenskapsår. Tomt: SIE-filens räkenskapsår (#RAR 0), eller året "
            "huvudboks-CSV:ns datum ligger i. Ange året när CSV-filen har rader från flera år; rader utanför "
            "året pekas då ut."
        ),
    )


class MappingForm(forms.Form):
    """A rule mapping an account and/or cost centre to a budget line."""

    account = forms.CharField(label=_("Konto (eller kontoprefix)"), max_length=20, required=False)
    cost_centre = forms.CharField(label=_("Kostnadsställe"), max_length=40, required=False)
    line = forms.ModelChoiceField(label=_("Budgetrad"), queryset=BudgetLine.objects.none())

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = BudgetLine.objects.for_association(association)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("account") and not data.get("cost_centre"):
            raise forms.ValidationError(_("Ange konto, kostnadsställe eller båda."))
        return data


class MappingRemoveForm(forms.Form):
    """Remove one mapping rule of this förbund (the "Ta bort" button posts `remove=<rule id>`)."""

    remove = forms.ModelChoiceField(
        label=_("Regel att ta bort"),
        queryset=LedgerMapping.objects.none(),
        error_messages={
            "required": _("Ange vilken regel som ska tas bort."),
            "invalid_choice": _("Regeln finns inte (den kan redan vara borttagen). Ladda om sidan och försök igen."),
        },
    )

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = LedgerMapping.objects.for_association(association)


GRID_VERSIONS = [(v, label) for v, label in BudgetVersion.choices if v != BudgetVersion.ACTUAL]


class AccountRangeForm(forms.Form):
    """One range of the annual accounts' account map (from and to account, the line)."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    first = forms.CharField(label=_("Från konto"), max_length=20)
    last = forms.CharField(label=_("Till konto"), max_length=20)
    line = forms.ChoiceField(label=_("Rad"), choices=StatementLine.choices)

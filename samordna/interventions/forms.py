"""Forms of the interventions app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Association
from samordna.core.validators import validate_line
from samordna.core.widgets import DecimalCommaField, IsoDateInput
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.interventions.models import Intervention, Orientation, Status, VolumeUnit
from samordna.interventions.services import MAX_MONTHLY_COUNT
from samordna.organisations import selectors as organisation_selectors
from samordna.organisations.choices import ARCHIVED_CHOICE, offer_current_members
from samordna.organisations.models import Member

DATE = IsoDateInput()


class InterventionForm(forms.ModelForm):
    """Create or edit an insats."""

    class Meta:
        model = Intervention
        fields = [
            "code",
            "name",
            "orientation",
            "category",
            "follow_up_method",
            "start",
            "end",
            "status",
            "run_by",
            "target_group",
            "description",
        ]
        widgets = {
            "start": DATE,
            "end": DATE,
            "run_by": forms.CheckboxSelectMultiple,
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "orientation": _(
                "Individinriktad: insatser för deltagare. Strukturövergripande: utbildningar, "
                "nätverk och utveckling av samverkan."
            ),
            "follow_up_method": _(
                "Individuell registrering sker avidentifierat med kod. Låses när deltagare "
                "eller antal har registrerats."
            ),
            "run_by": _("De medlemmar som driver insatsen."),
        }

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        keep = list(self.instance.run_by.all()) if self.instance.pk else []
        offer_current_members(self.fields["run_by"], association=association, keep=keep)


class InterventionFilterForm(forms.Form):
    """Filters on the insats list."""

    q = forms.CharField(label=_("Sök"), required=False)
    orientation = forms.ChoiceField(
        label=_("Inriktning"), required=False, choices=[("", _("Alla"))] + list(Orientation.choices)
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alla"))] + list(Status.choices))
    member = forms.ModelChoiceField(
        label=_("Medlem"), required=False, queryset=Member.objects.none(), empty_label=_("Alla")
    )

    def __init__(
        self, *args: Any, association: Association, members: list[Member] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        field.queryset = Member.objects.for_association(association)
        if members is not None:  # the choices read once for every row of a formset, not once a row
            field.choices = [("", field.empty_label), *((m.pk, str(m)) for m in members)]


def staffing_members(association: Association, *, keep: list[int] | None = None) -> list[Member]:
    """The members a staffing formset may name, read once for all its rows: the current members, plus `keep`
    (the members of the insats's saved rows, which stay choosable on the saved rows)."""
    return list(organisation_selectors.current_members(association=association, keep=keep or []))


class StaffingRowForm(forms.Form):
    """One staffing row.

    A new row offers the current members. A saved row (one with initial values) also offers the members that have
    left the förbund but are named by the insats's saved rows (`kept`), so that the staffing saves unchanged.
    """

    member = forms.ModelChoiceField(
        label=_("Medlem"), queryset=Member.objects.none(), error_messages={"invalid_choice": ARCHIVED_CHOICE}
    )
    role = forms.CharField(label=_("Funktion"), max_length=120, validators=[validate_line])
    fte = DecimalCommaField(label=_("Årsarbetare"), min_value=0, max_value=100, decimal_places=2)

    def __init__(
        self,
        *args: Any,
        association: Association,
        members: list[Member] | None = None,
        kept: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        own = set(kept or []) if self.initial else set()
        field.queryset = organisation_selectors.current_members(association=association, keep=own)
        if members is not None:  # the choices read once for every row of a formset, not once a row
            today = dt.date.today()
            field.choices = [
                ("", field.empty_label),
                *((m.pk, str(m)) for m in members if m.pk in own or m.left_on is None or m.left_on > today),
            ]


class VolumeTargetForm(forms.Form):
    """Set one volume target."""

    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    unit = forms.ChoiceField(label=_("Enhet"), choices=VolumeUnit.choices)
    value = forms.IntegerField(label=_("Antal"), min_value=0)


def count_name(month: int, unit: str) -> str:
    """The field name of one cell of the volume count grid."""
    return f"c-{month}-{unit}"


class VolumeCountForm(forms.Form):
    """An insats's counts of one year: a row per month, a column per unit; empty means not counted.

    `open_months` are the months that can take a count (begun, inside the insats's period); the others are
    shown but disabled, so a posted value for them is ignored.
    """

    def __init__(self, *args: Any, open_months: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_months = open_months
        for month in range(1, 13):
            for unit, label in VolumeUnit.choices:
                self.fields[count_name(month, unit)] = forms.IntegerField(
                    label=f"{MONTHS[month]}: {label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_MONTHLY_COUNT,
                    disabled=month not in open_months,
                    widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric", "class": "count"}),
                    error_messages={
                        "invalid": _("Ange ett heltal."),
                        "min_value": _("Antalet kan inte vara negativt."),
                        "max_value": _("Antalet är orimligt stort."),
                    },
                )

    @staticmethod
    def initial_from(grid: dict[tuple[int, str], int]) -> dict[str, int]:
        """The form's initial values from selectors.volume_count_grid."""
        return {count_name(month, unit): value for (month, unit), value in grid.items()}

    def rows(self) -> list[dict[str, Any]]:
        """The grid's rows for the template: the month's name and the bound field of each unit."""
        return [
            {
                "label": str(MONTHS[month]).capitalize(),
                "open": month in self.open_months,
                "cells": [self[count_name(month, unit)] for unit in VolumeUnit.values],
            }
            for month in range(1, 13)
        ]

    def counts(self) -> dict[tuple[int, str], int | None]:
        """The open cells as {(month, unit): count or None for empty}."""
        return {
            (month, unit): self.cleaned_data.get(count_name(month, unit))
            for month in sorted(self.open_months)
            for unit in VolumeUnit.values
        }

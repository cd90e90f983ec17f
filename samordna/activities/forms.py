"""Forms of the activities app: an event, the list's filters, the attendance grid and the import upload."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.activities.models import AttendeeRole, Event, EventKind
from samordna.core.models import Association
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.interventions.models import Intervention
from samordna.organisations.models import Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The most one cell of the attendance grid takes (a conference of the whole county is a few hundred).
MAX_COUNT = 100_000


class EventForm(forms.ModelForm):
    """Create or edit an event; the insats is one of the strukturövergripande insatser the user may use."""

    class Meta:
        model = Event
        fields = [
            "code",
            "title",
            "kind",
            "date",
            "end_date",
            "days",
            "intervention",
            "organisers",
            "responses",
            "satisfied",
        ]
        widgets = {"date": DATE, "end_date": DATE, "organisers": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ["days"]

    def __init__(
        self,
        *args: Any,
        association: Association,
        interventions: QuerySet[Intervention],
        intervention_required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        field = self.fields["intervention"]
        field.queryset = interventions
        field.required = intervention_required


class EventFilterForm(forms.Form):
    """Filters and order of the event list."""

    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Typ"), required=False, choices=[("", _("Alla")), *EventKind.choices])
    intervention = forms.ModelChoiceField(
        label=_("Insats"), required=False, queryset=Intervention.objects.none(), empty_label=_("Alla")
    )
    order = forms.ChoiceField(
        label=_("Ordning"),
        required=False,
        choices=[("date", _("Datum, äldst först")), ("-date", _("Datum, senast först"))],
    )

    def __init__(self, *args: Any, years: list[int], interventions: QuerySet[Intervention], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alla")), *((y, str(y)) for y in years)]
        self.fields["intervention"].queryset = interventions


def cell_name(member: Member | None, role: str) -> str:
    """The form field of one grid cell: `m<id>_<role>`, or `o_<role>` for others."""
    return f"m{member.pk}_{role}" if member is not None else f"o_{role}"


class AttendanceForm(forms.Form):
    """The attendance grid: one row per member (by name) and one for others, a column per role; empty is 0."""

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in [*members, None]:
            who = member.name if member is not None else _("Övriga")
            for role, label in AttendeeRole.choices:
                self.fields[cell_name(member, role)] = forms.IntegerField(
                    label=f"{who}: {label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric", "class": "count"}),
                    error_messages={
                        "invalid": _("Ange ett heltal."),
                        "min_value": _("Antalet kan inte vara negativt."),
                    },
                )

    def clean(self) -> dict[str, Any]:
        """Refuse a count for a member the grid does not offer (one that has left the förbund, or unknown)."""
        cleaned = super().clean() or {}
        offered = {cell_name(member, role) for member in self.members for role in AttendeeRole.values}
        pattern = re.compile(rf"^m\d+_({'|'.join(map(re.escape, AttendeeRole.values))})$")
        if any(
            pattern.match(key) and key not in offered and str(self.data.get(key, "")).strip() not in ("", "0")
            for key in self.data
        ):
            raise forms.ValidationError(
                _("Deltagande kan inte läggas in för en medlem som har lämnat förbundet eller inte finns.")
            )
        return cleaned

    def rows(self) -> list[dict[str, Any]]:
        """The grid's rows for the template: a label and the bound field of each role."""
        rows = []
        for member in [*self.members, None]:
            rows.append(
                {
                    "label": member.name if member is not None else _("Övriga"),
                    "cells": [self[cell_name(member, role)] for role in AttendeeRole.values],
                }
            )
        return rows

    def grid(self) -> dict[tuple[int | None, str], int]:
        """The cleaned grid as {(member id or None, role): count}, zeros left out."""
        grid: dict[tuple[int | None, str], int] = {}
        for member in [*self.members, None]:
            for role in AttendeeRole.values:
                value = self.cleaned_data.get(cell_name(member, role))
                if value:
                    grid[(member.pk if member is not None else None, role)] = value
        return grid

    @staticmethod
    def initial_from(grid: dict[tuple[int | None, str], int], members: list[Member]) -> dict[str, int]:
        """Initial values of the fields from a stored grid."""
        by_id = {m.pk: m for m in members}
        return {
            cell_name(by_id.get(member_id) if member_id is not None else None, role): count
            for (member_id, role), count in grid.items()
            if member_id is None or member_id in by_id
        }


class ImportForm(forms.Form):
    """Upload an Events CSV or XLSX file."""

    file = forms.FileField(label=_("Fil (CSV eller XLSX)"))


class ReportForm(forms.Form):
    """The year of the events report."""

    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

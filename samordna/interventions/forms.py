"""Forms of the interventions app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Association
from samordna.core.validators import validate_line
from samordna.core.widgets import DecimalCommaField, IsoDateInput
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.interventions.models import Intervention, Orientation, Status, VolumeUnit
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
        self.fields["run_by"].queryset = Member.objects.for_association(association)


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


def staffing_members(association: Association) -> list[Member]:
    """The members a staffing row may name, read once for a whole formset."""
    return list(Member.objects.for_association(association))


class StaffingRowForm(forms.Form):
    """One staffing row."""

    member = forms.ModelChoiceField(label=_("Medlem"), queryset=Member.objects.none())
    role = forms.CharField(label=_("Funktion"), max_length=120, validators=[validate_line])
    fte = DecimalCommaField(label=_("Årsarbetare"), min_value=0, max_value=100, decimal_places=2)

    def __init__(
        self, *args: Any, association: Association, members: list[Member] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        field.queryset = Member.objects.for_association(association)
        if members is not None:  # the choices read once for every row of a formset, not once a row
            field.choices = [("", field.empty_label), *((m.pk, str(m)) for m in members)]


class VolumeTargetForm(forms.Form):
    """Set one volume target."""

    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    unit = forms.ChoiceField(label=_("Enhet"), choices=VolumeUnit.choices)
    value = forms.IntegerField(label=_("Antal"), min_value=0)

"""Forms of the organisations app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Association, Municipality
from samordna.core.widgets import IsoDateInput, MunicipalityChoiceField
from samordna.core.years import LAST_YEAR
from samordna.organisations.choices import offer_current_members
from samordna.organisations.models import BoardSeat, Member


class MemberForm(forms.ModelForm):
    """Create or edit a member."""

    class Meta:
        model = Member
        fields = ["code", "name", "kind", "municipality"]
        help_texts = {"municipality": _("Bara för kommuner: kommunen enligt SCB:s kommunkod.")}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        old = self.fields["municipality"]
        self.fields["municipality"] = MunicipalityChoiceField(
            queryset=Municipality.objects.all(), required=False, label=old.label, help_text=old.help_text
        )


class PopulationForm(forms.Form):
    """Set a kommun member's population for a year."""

    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=LAST_YEAR)
    population = forms.IntegerField(label=_("Folkmängd"), min_value=0)


class BoardSeatForm(forms.ModelForm):
    """Create or edit a board seat."""

    class Meta:
        model = BoardSeat
        fields = ["person_name", "seat_type", "office", "appointed_by", "term_start", "term_end"]
        widgets = {
            "term_start": IsoDateInput(),
            "term_end": IsoDateInput(),
        }
        help_texts = {"person_name": _("Styrelseledamöter är förtroendevalda; namnet är offentligt.")}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        keep = [self.instance.appointed_by_id] if self.instance.pk else []
        offer_current_members(self.fields["appointed_by"], association=association, keep=keep)


class BoardSeatEndForm(forms.Form):
    """The date a board seat's term ends (archiving the seat)."""

    term_end = forms.DateField(label=_("Uppdraget slutar"), widget=IsoDateInput())


class MemberLeaveForm(forms.Form):
    """The date a member left the förbund (archiving the member)."""

    left_on = forms.DateField(label=_("Utträdde"), widget=IsoDateInput())

"""Forms of the core app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.models import AuditEntry
from samordna.core.widgets import IsoDateInput


class AuditFilterForm(forms.Form):
    """Filters on the audit trail page."""

    actor = forms.CharField(label=_("Användare"), required=False)
    object_type = forms.ChoiceField(label=_("Objekttyp"), required=False)
    action = forms.ChoiceField(
        label=_("Händelse"), required=False, choices=[("", _("Alla"))] + list(AuditEntry.Action.choices)
    )
    date_from = forms.DateField(label=_("Från och med"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("Till och med"), required=False, widget=IsoDateInput())

    def __init__(self, *args: object, object_types: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from samordna.core.audit_display import object_type_label

        self.fields["object_type"].choices = [("", _("Alla"))] + [(t, object_type_label(t)) for t in object_types]

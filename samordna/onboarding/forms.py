"""The upload form of the organisation import page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OrganisationImportForm(forms.Form):
    """Upload an organisation JSON file (docs/contracts.md, "Organisation JSON") for this förbund."""

    file = forms.FileField(
        label=_("Fil (JSON)"),
        help_text=_("Allt eller inget: vid fel sparas ingenting. Filens association.slug ska vara förbundets."),
    )

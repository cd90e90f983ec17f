"""The organisation import page: an admin uploads organisation JSON for their own förbund."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from samordna.core.imports import ImportFailed, read_upload, render
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS
from samordna.onboarding.forms import OrganisationImportForm
from samordna.onboarding.organisation import OrganisationFileError, import_organisation_bytes


class OrganisationImportView(TenantMixin, TemplateView):
    """Upload an organisation JSON file for this förbund; every problem listed, nothing saved unless all is well."""

    allowed_roles = ADMINS
    template_name = "onboarding/import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", OrganisationImportForm())
        return context

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        form = OrganisationImportForm(request.POST, request.FILES)
        problems: list[str] = []
        warnings: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                raw = read_upload(upload)
                summary = import_organisation_bytes(acting_user=request.user, raw=raw, slug=self.association.slug)
            except ImportFailed as error:
                problems = error.lines()
            except OrganisationFileError as error:
                problems = render(error.errors, len(error.errors))
                warnings = error.warnings
            else:
                messages.success(request, summary.describe())
                return redirect("onboarding:import", association=self.association.slug)
        return self.render_to_response(self.get_context_data(form=form, problems=problems, warnings=warnings))

"""The plan import page: an admin uploads plan JSON (docs/contracts.md, "Plan JSON") for their own förbund."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from samordna.core.imports import ImportFailed, read_upload
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS
from samordna.planning.importer import import_plan_bytes


class PlanImportForm(forms.Form):
    """Upload one plan JSON file."""

    file = forms.FileField(
        label=_("Fil (JSON)"),
        help_text=_("Allt eller inget: vid fel sparas ingenting. Planen, målen och måtten uppdateras efter kod."),
    )


class PlanImportView(TenantMixin, TemplateView):
    """Upload a plan JSON file; every problem listed by its JSON path, nothing saved unless all is well."""

    allowed_roles = ADMINS
    template_name = "planning/import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PlanImportForm())
        return context

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        form = PlanImportForm(request.POST, request.FILES)
        problems: list[str] = []
        if form.is_valid():
            try:
                upload = form.cleaned_data["file"]
                raw = read_upload(upload)
                summary = import_plan_bytes(
                    acting_user=request.user, association=self.association, raw=raw, filename=upload.name or ""
                )
            except ImportFailed as error:
                problems = error.lines()
            else:
                messages.success(request, summary.describe())
                return redirect("planning:import", association=self.association.slug)
        return self.render_to_response(self.get_context_data(form=form, problems=problems))

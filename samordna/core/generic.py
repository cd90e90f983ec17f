"""Generic tenant views: list, detail, create and edit, scoped and role-checked once here.

Concrete views name `model`, `allowed_roles`, `form_class` and implement `save(form)` by calling
their app's service, so every write is validated and audited in one place.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from samordna.core.permissions import TenantMixin


class TenantObjectMixin(TenantMixin):
    """Querysets of `model` limited to the current association (another förbund's object → 404)."""

    model: type[Model]

    def get_queryset(self) -> QuerySet[Any]:
        return self.model.objects.for_user(self.request.user, self.association)  # type: ignore[attr-defined]


class TenantListView(TenantObjectMixin, ListView):
    """A list page of one association's objects."""

    paginate_by = 50


class TenantDetailView(TenantObjectMixin, DetailView):
    """A detail page of one association's object."""


def apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, item)
    else:
        form.add_error(None, error)


class TenantFormMixin(TenantObjectMixin):
    """Create/edit through a service; a refusal becomes a message on the field concerned."""

    success_message: str = ""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["association"] = self.association
        return kwargs

    def save(self, form: BaseForm) -> Model:
        """Call the app's service with the cleaned data and return the saved object."""
        raise NotImplementedError

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            self.object = self.save(form)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, self.success_message or _("Sparat."))
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]


class TenantCreateView(TenantFormMixin, CreateView):
    """A create page."""

    template_name = "generic/form.html"


class TenantUpdateView(TenantFormMixin, UpdateView):
    """An edit page."""

    template_name = "generic/form.html"

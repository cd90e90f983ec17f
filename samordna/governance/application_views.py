"""Pages for funding applications (/f/<slug>/ansokningar/): list with filters, register and edit, the
application with its status actions; a decision is confirmed in the page before it is written. Admins write;
the board (viewer) reads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samordna.core.choices import Role
from samordna.core.generic import (
    TenantCreateView,
    TenantDetailView,
    TenantListView,
    TenantObjectMixin,
    TenantUpdateView,
    apply_validation_error,
)
from samordna.core.listing import Column, SortedListMixin
from samordna.core.tenancy import ADMINS, PUBLISHED_READERS
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.governance import application_services as services
from samordna.governance import selectors
from samordna.governance.forms import ApplicationForm, DecisionForm, OpinionForm
from samordna.governance.models import Application, ApplicationStatus


class ApplicationFilterForm(forms.Form):
    """Filters of the application list: status and a year of the period."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Alla")), ("vantar", gettext_lazy("Väntar på beslut")), *ApplicationStatus.choices],
    )
    year = forms.IntegerField(label=gettext_lazy("År"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)


class ApplicationsMixin(TenantObjectMixin):
    """The förbund's applications (another förbund's → 404)."""

    model = Application
    allowed_roles = PUBLISHED_READERS

    def get_queryset(self) -> QuerySet[Application]:
        return selectors.applications(user=self.request.user, association=self.association)

    def application(self, pk: int) -> Application:
        return get_object_or_404(self.get_queryset(), pk=pk)


class ApplicationListView(ApplicationsMixin, SortedListMixin, TenantListView):
    """Applications, newest first, filtered by status and year."""

    template_name = "governance/application_list.html"
    columns = (
        Column("inkom", gettext_lazy("Inkom"), ("received_on",), "date"),
        Column("namn", gettext_lazy("Ansökan"), ("name",)),
        Column("period", gettext_lazy("Period"), ("start_year", "end_year")),
        Column("status", gettext_lazy("Status"), ("status",)),
        Column("sokande", gettext_lazy("Sökande"), ()),
        Column("belopp", gettext_lazy("Sökt belopp"), (), "number"),
        Column("beslut", gettext_lazy("Beslut"), ("decided_by__meeting__date", "decided_by__number")),
    )
    default_sort = "-inkom"

    def get_queryset(self) -> QuerySet[Application]:
        rows = super().get_queryset()
        self.filter_form = ApplicationFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            status, year = self.filter_form.cleaned_data["status"], self.filter_form.cleaned_data["year"]
            if status == "vantar":
                rows = rows.filter(status__in=(ApplicationStatus.RECEIVED, ApplicationStatus.PREPARING,
                                               ApplicationStatus.TABLED))  # fmt: skip
            elif status:
                rows = rows.filter(status=status)
            if year:
                rows = rows.filter(Q(start_year__lte=year) & Q(end_year__gte=year))
        return rows.order_by("-received_on", "name")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["can_edit"] = Role.ADMIN in self.roles
        return context


class ApplicationCreateView(TenantCreateView):
    """Register a received application (admins)."""

    model = Application
    form_class = ApplicationForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ny ansökan")}
    success_message = gettext_lazy("Ansökan är registrerad.")

    def save(self, form: BaseForm) -> Model:
        return services.application_create(
            acting_user=self.request.user,
            association=self.association,
            **form.service_fields(),  # type: ignore[attr-defined]
        )


class ApplicationEditView(ApplicationsMixin, TenantUpdateView):
    """Change an application not yet decided (admins)."""

    form_class = ApplicationForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ändra ansökan")}
    success_message = gettext_lazy("Ansökan är sparad.")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application = self.application(kwargs["pk"])
        if application.status not in services.EDITABLE:
            messages.error(request, _("Ansökan är beslutad och kan inte ändras."))
            return redirect(application)
        return super().get(request, *args, **kwargs)

    def save(self, form: BaseForm) -> Model:
        return services.application_update(
            acting_user=self.request.user,
            application=Application.objects.get(pk=self.object.pk),
            **form.service_fields(),  # type: ignore[attr-defined]
        )


class ApplicationDetailView(ApplicationsMixin, TenantDetailView):
    """An application: applicants, amounts, opinion, decision with its §, the insats; the status actions."""

    template_name = "governance/application_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application: Application = self.object
        admin = Role.ADMIN in self.roles
        context["can_edit"] = admin and application.status in services.EDITABLE
        context["amounts"] = list(application.amounts.all())
        if context["can_edit"]:
            context["opinion_form"] = OpinionForm(initial={"opinion": application.opinion})
        context["can_decide"] = admin and application.status in services.DECIDABLE
        return context


class ApplicationPrepareView(ApplicationsMixin, View):
    """Put the application under beredning with the beredningsgrupp's opinion (POST; admins)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        application = self.application(pk)
        form = OpinionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Skriv beredningsgruppens yttrande."))
            return redirect(application)
        try:
            services.application_prepare(acting_user=request.user, application=application, **form.cleaned_data)
            messages.success(request, _("Ansökan är under beredning."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(application)


class _DryRun(Exception):
    """Rolls back a decision checked before its confirmation."""


class ApplicationDecideView(ApplicationsMixin, View):
    """Record the board's decision: the form, then a confirmation in the page, then the write (admins)."""

    allowed_roles = ADMINS
    template_name = "governance/application_decide.html"

    def _form(self, data: Any = None) -> DecisionForm:
        items = selectors.decided_items(user=self.request.user, association=self.association)
        return DecisionForm(data, association=self.association, items=items)

    def _render(self, request: HttpRequest, application: Application, form: DecisionForm, status: int = 200,
                confirm: bool = False) -> HttpResponse:  # fmt: skip
        context = {"form": form, "object": application, "association": self.association, "confirm": confirm,
                   "amounts": list(application.amounts.all())}  # fmt: skip
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        application = self.application(pk)
        if application.status not in services.DECIDABLE:
            messages.error(request, _("Bara en ansökan under beredning (eller bordlagd) kan beslutas."))
            return redirect(application)
        return self._render(request, application, self._form())

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        application = self.application(pk)
        form = self._form(request.POST)
        if not form.is_valid():
            return self._render(request, application, form, 400)
        confirmed = request.POST.get("confirm") == "1"
        try:
            with transaction.atomic():
                services.application_decide(acting_user=request.user, application=application, **form.service_fields())
                if not confirmed:
                    raise _DryRun  # checked in full, written only after the confirmation
        except _DryRun:
            return self._render(request, application, form, confirm=True)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._render(request, application, form, 400)
        messages.success(request, _("Beslutet är sparat."))
        return redirect(application)

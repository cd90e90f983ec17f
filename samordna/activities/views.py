"""Pages of the activities app under /f/<association>/aktiviteter/: list, event, editing, attendance, import, report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from samordna.activities import reports, selectors, services
from samordna.activities.forms import AttendanceForm, EventFilterForm, EventForm, ImportForm
from samordna.activities.models import AttendeeRole, Event
from samordna.core.choices import Role
from samordna.core.generic import (
    TenantCreateView,
    TenantDetailView,
    TenantListView,
    TenantObjectMixin,
    TenantUpdateView,
    apply_validation_error,
)
from samordna.core.imports import ImportFailed, read_upload
from samordna.core.listing import Column, SortedListMixin
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ACTIVITY_READERS, ADMINS, INTERVENTION_EDITORS, PUBLISHED_READERS
from samordna.reporting.http import export_response, wanted_format
from samordna.reporting.pages import inline_svg
from samordna.reporting.tables import Report


def _url(name: str, association: Any, **kwargs: Any) -> str:
    return reverse(f"activities:{name}", kwargs={"association": association.slug, **kwargs})


class VisibleEventsMixin(TenantObjectMixin):
    """Events the user may see (an insatsansvarig: those of the insatser they see, and those of none)."""

    model = Event
    allowed_roles = ACTIVITY_READERS

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.events_for(user=self.request.user, association=self.association, roles=self.roles)


class EditableEventsMixin(TenantObjectMixin):
    """Events the user may change (an insatsansvarig: only those of their own insatser; others → 404)."""

    model = Event
    allowed_roles = INTERVENTION_EDITORS

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.events_editable_by(user=self.request.user, association=self.association, roles=self.roles)


class EventListView(VisibleEventsMixin, SortedListMixin, TenantListView):
    """The events, filterable by year, kind and insats, sorted by date (or a column), with their attendance."""

    template_name = "activities/event_list.html"
    columns = (
        Column("datum", gettext_lazy("Datum"), ("date", "end_date"), "date"),
        Column("kod", gettext_lazy("Kod"), ("code",)),
        Column("titel", gettext_lazy("Titel"), ("title",)),
        Column("typ", gettext_lazy("Typ"), ("kind",)),
        Column("insats", gettext_lazy("Insats"), ("intervention__code",)),
        Column("dagar", gettext_lazy("Dagar"), ("days",), "num"),
        Column("deltagare", gettext_lazy("Deltagare"), ("total",), "num"),
    )

    def get_queryset(self) -> QuerySet[Event]:
        self.filter_form = EventFilterForm(
            self.request.GET or None,
            years=selectors.years(association=self.association),
            interventions=selectors.visible_structural_interventions(
                user=self.request.user, association=self.association, roles=self.roles
            ),
        )
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.filtered(super().get_queryset(), **filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["can_create"] = bool(self.roles & INTERVENTION_EDITORS)
        context["can_import"] = Role.ADMIN in self.roles
        context["can_report"] = bool(self.roles & PUBLISHED_READERS)
        context["page_total"] = sum(e.total or 0 for e in context["object_list"])
        return context


class EventDetailView(VisibleEventsMixin, TenantDetailView):
    """One event: its facts, evaluation and attendance per member and role."""

    template_name = "activities/event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event: Event = self.object
        grid = selectors.event_grid(event)
        members = selectors.members(association=self.association)
        rows = []
        for member in [*members, None]:
            member_id = member.pk if member is not None else None
            counts = [grid.get((member_id, role), 0) for role in AttendeeRole.values]
            if any(counts):
                rows.append({"name": member.name if member else _("Övriga"), "counts": counts, "total": sum(counts)})
        context["rows"] = rows
        context["roles"] = AttendeeRole.choices
        context["role_totals"] = [sum(v for (m, r), v in grid.items() if r == role) for role in AttendeeRole.values]
        context["total"] = sum(grid.values())
        context["can_edit"] = (
            selectors.events_editable_by(user=self.request.user, association=self.association, roles=self.roles)
            .filter(pk=event.pk)
            .exists()
        )
        return context


class EventFormMixin:
    """The event form gets the insatser the user may attach an event to."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        view: Any = self
        kwargs["interventions"] = selectors.structural_interventions(
            user=view.request.user, association=view.association, roles=view.roles
        )
        kwargs["intervention_required"] = Role.ADMIN not in view.roles
        return kwargs


class EventCreateView(EventFormMixin, TenantCreateView):
    """Create an event (admins; an insatsansvarig for one of their own insatser)."""

    model = Event
    form_class = EventForm
    allowed_roles = INTERVENTION_EDITORS
    extra_context = {"title": gettext_lazy("Ny aktivitet")}

    def save(self, form: BaseForm) -> Model:
        return services.event_create(acting_user=self.request.user, association=self.association, **form.cleaned_data)


class EventUpdateView(EventFormMixin, EditableEventsMixin, TenantUpdateView):
    """Edit an event."""

    form_class = EventForm
    extra_context = {"title": gettext_lazy("Ändra aktivitet")}

    def save(self, form: BaseForm) -> Model:
        return services.event_update(
            acting_user=self.request.user, event=self.get_queryset().get(pk=self.object.pk), **form.cleaned_data
        )


class EventDeleteView(EditableEventsMixin, View):
    """Delete an event and its attendance, after a confirmation page."""

    template_name = "activities/event_confirm_delete.html"

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        event = get_object_or_404(self.get_queryset(), pk=pk)
        return render(request, self.template_name, {"object": event, "association": self.association})

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        event = get_object_or_404(self.get_queryset(), pk=pk)
        services.event_delete(acting_user=request.user, event=event)
        messages.success(request, _("Aktiviteten är borttagen."))
        return redirect(_url("list", self.association))


class AttendanceEditView(EditableEventsMixin, View):
    """The attendance of an event as one grid: the members by name and "Övriga" as rows, roles as columns."""

    template_name = "activities/attendance_form.html"

    def _render(self, request: HttpRequest, event: Event, form: AttendanceForm, status: int = 200) -> HttpResponse:
        context = {
            "object": event,
            "form": form,
            "roles": AttendeeRole.choices,
            "association": self.association,
            "total": sum(selectors.event_grid(event).values()),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        event = get_object_or_404(self.get_queryset(), pk=pk)
        members = selectors.attendance_members(event)
        initial = AttendanceForm.initial_from(selectors.event_grid(event), members)
        return self._render(request, event, AttendanceForm(initial=initial, members=members))

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        event = get_object_or_404(self.get_queryset(), pk=pk)
        form = AttendanceForm(request.POST, members=selectors.attendance_members(event))
        if form.is_valid():
            try:
                services.attendance_replace(acting_user=request.user, event=event, grid=form.grid())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Deltagandet är sparat."))
                return redirect(event)
        return self._render(request, event, form, status=400)


class EventImportView(TenantMixin, TemplateView):
    """Upload an Events CSV or XLSX (docs/contracts.md); all or nothing (admins)."""

    allowed_roles = ADMINS
    template_name = "activities/import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        problems: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = services.events_import(
                    acting_user=request.user,
                    association=self.association,
                    data=read_upload(upload),
                    filename=upload.name,
                )
            except ImportFailed as error:
                problems = error.lines()
            else:
                messages.success(
                    request,
                    _("Aktiviteterna är importerade: %(n)s aktiviteter, %(total)s deltagare.")
                    % {"n": summary["events"], "total": summary["attendance_total"]},
                )
                return HttpResponseRedirect(_url("list", self.association))
        return self.render_to_response(self.get_context_data(form=form, problems=problems))


class EventReportView(TenantMixin, TemplateView):
    """The events report of a year: the tables and chart, and `?format=` downloads of the same report."""

    allowed_roles = PUBLISHED_READERS
    template_name = "activities/report.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.year = request.GET.get("year") or str(dt.date.today().year)
        self.error = ""
        self.report: Report | None = None
        try:
            self.report = reports.events_report(association=self.association, options={"year": self.year})
        except ValidationError as error:
            self.error = " ".join(error.messages)
        fmt = wanted_format(request.GET)
        if fmt and self.report is not None:
            return export_response(self.report, fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(
            report=report,
            error=self.error,
            year=self.year,
            query=self.request.GET.urlencode(),
            charts=[
                {
                    "title": c.title,
                    "svg": inline_svg(
                        c.draw("svg"),
                        index,
                        _("Stapeldiagram: %(title)s. Samma siffror finns i tabellen ovan.") % {"title": c.title},
                    ),
                }
                for index, c in enumerate(report.charts if report else [], start=1)
            ],
        )
        return context

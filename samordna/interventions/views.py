"""Pages for insatser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseForm, formset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from samordna.core import undo
from samordna.core.barchart import layout
from samordna.core.choices import ALL_ROLES, Role
from samordna.core.generic import (
    TenantCreateView,
    TenantDetailView,
    TenantListView,
    TenantObjectMixin,
    TenantUpdateView,
    apply_validation_error,
)
from samordna.core.listing import Column, SortedListMixin
from samordna.core.tenancy import ADMINS, INTERVENTION_EDITORS
from samordna.interventions import selectors, services
from samordna.interventions.forms import (
    InterventionFilterForm,
    InterventionForm,
    StaffingRowForm,
    VolumeCountForm,
    VolumeTargetForm,
    staffing_members,
)
from samordna.interventions.models import Intervention, VolumeUnit


class VisibleInterventionsMixin(TenantObjectMixin):
    """Insatser the user may see (insats staff: only their own; others → 404)."""

    model = Intervention

    def get_queryset(self) -> QuerySet[Intervention]:
        return selectors.interventions_for(user=self.request.user, association=self.association, roles=self.roles)


class EditableInterventionsMixin(TenantObjectMixin):
    """Insatser the user may edit (insatsansvarig: only their own; others → 404)."""

    model = Intervention
    allowed_roles = INTERVENTION_EDITORS

    def get_queryset(self) -> QuerySet[Intervention]:
        return selectors.interventions_editable_by(
            user=self.request.user, association=self.association, roles=self.roles
        )


class InterventionListView(VisibleInterventionsMixin, SortedListMixin, TenantListView):
    """The insatser, filterable by orientation, status and member, sortable by column."""

    allowed_roles = ALL_ROLES
    template_name = "interventions/intervention_list.html"
    columns = (
        Column("kod", gettext_lazy("Kod"), ("code",)),
        Column("namn", gettext_lazy("Namn"), ("name",)),
        Column("inriktning", gettext_lazy("Inriktning"), ("orientation",)),
        Column("status", gettext_lazy("Status"), ("status",)),
        Column("period", gettext_lazy("Period"), ("start", "end"), "date"),
        Column("drivs-av", gettext_lazy("Drivs av")),
    )
    default_sort = "kod"

    def get_queryset(self) -> QuerySet[Intervention]:
        self.filter_form = InterventionFilterForm(self.request.GET or None, association=self.association)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.filtered(super().get_queryset(), **filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["can_create"] = Role.ADMIN in self.roles
        return context


class InterventionDetailView(VisibleInterventionsMixin, TenantDetailView):
    """One insats: facts, staffing, volume targets, assigned staff."""

    allowed_roles = ALL_ROLES
    template_name = "interventions/intervention_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["staffing"] = obj.staffing.select_related("member")
        context["volume_targets"] = obj.volume_targets.all()
        context["assignments"] = obj.assignments.select_related("membership__user")
        context["can_edit"] = (
            selectors.interventions_editable_by(user=self.request.user, association=self.association, roles=self.roles)
            .filter(pk=obj.pk)
            .exists()
        )
        context["volume_form"] = VolumeTargetForm()
        context["this_year"] = dt.date.today().year
        context["progress"] = selectors.volume_progress(obj, context["this_year"])
        context["locked"] = selectors.has_follow_up_data(obj)
        context["staffing_undo"] = undo.pending(self.request, self.association, f"staffing:{obj.pk}") is not None
        return context


class InterventionCreateView(TenantCreateView):
    """Create an insats (admins)."""

    model = Intervention
    form_class = InterventionForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ny insats")}

    def save(self, form: BaseForm) -> Model:
        return services.intervention_create(
            acting_user=self.request.user, association=self.association, **form.cleaned_data
        )


class InterventionUpdateView(EditableInterventionsMixin, TenantUpdateView):
    """Edit an insats (admins, and its insatsansvarig)."""

    form_class = InterventionForm
    extra_context = {"title": gettext_lazy("Ändra insats")}

    def get_form(self, form_class: Any = None) -> BaseForm:
        form = super().get_form(form_class)
        if selectors.has_follow_up_data(self.object):
            for name in services.LOCKED_FIELDS:
                form.fields[name].disabled = True
                form.fields[name].help_text = _("Låst: deltagare eller antal är redan registrerade.")
        return form

    def save(self, form: BaseForm) -> Model:
        data = dict(form.cleaned_data)
        return services.intervention_update(
            acting_user=self.request.user, intervention=self.get_queryset().get(pk=self.object.pk), **data
        )


class StaffingEditView(EditableInterventionsMixin, View):
    """Edit the staffing of an insats as a table of rows."""

    template_name = "interventions/staffing_form.html"

    def _formset(self, intervention: Intervention, data: Any = None) -> Any:
        """The staffing rows: the saved rows first (they keep the saved members, those that have left too), then
        new ones (current members only)."""
        formset_class = formset_factory(StaffingRowForm, extra=2, can_delete=True)
        initial = [{"member": s.member_id, "role": s.role, "fte": s.fte} for s in intervention.staffing.all()]
        kept = [row["member"] for row in initial]
        members = staffing_members(self.association, keep=kept)
        return formset_class(
            data,
            initial=initial,
            form_kwargs={"association": self.association, "members": members, "kept": kept},
            prefix="staffing",
        )

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        intervention = get_object_or_404(self.get_queryset(), pk=pk)
        return render(
            request,
            self.template_name,
            {"object": intervention, "formset": self._formset(intervention), "association": self.association},
        )

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        intervention = get_object_or_404(self.get_queryset(), pk=pk)
        if request.POST.get("_undo") == "1":
            return self.undo(request, intervention)
        formset = self._formset(intervention, data=request.POST)
        context = {"object": intervention, "formset": formset, "association": self.association}
        if formset.is_valid():
            removed = [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("DELETE")]
            if removed and request.POST.get("_confirmed") != "1":
                names = ", ".join(f"{r['member']} ({r['role'] or _('utan funktion')})" for r in removed)
                question = ngettext(
                    "Raden för %(rows)s tas bort från bemanningen. Vill du spara?",
                    "Raderna för %(rows)s tas bort från bemanningen. Vill du spara?",
                    len(removed),
                ) % {"rows": names}
                return render(request, self.template_name, {**context, "confirm": question})
            before = [{"member": s.member_id, "role": s.role, "fte": str(s.fte)} for s in intervention.staffing.all()]
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            services.staffing_replace(acting_user=request.user, intervention=intervention, rows=rows)
            undo.offer(request, self.association, f"staffing:{intervention.pk}", {"rows": before})
            messages.success(request, _("Bemanningen är sparad."))
            return redirect(intervention)
        return render(request, self.template_name, context, status=400)

    def undo(self, request: HttpRequest, intervention: Intervention) -> HttpResponse:
        """ "Ångra": the staffing as it was before the last save (within core.undo's time)."""
        data = undo.take(request, self.association, f"staffing:{intervention.pk}")
        if data is None:
            messages.error(request, _("Ändringen kan inte längre ångras (det går bara en kort stund efteråt)."))
            return redirect(intervention)
        kept = [r["member"] for r in data["rows"]]  # the rows as they were, members that have left too
        members = {m.pk: m for m in staffing_members(self.association, keep=kept)}
        rows = [
            {"member": members[r["member"]], "role": r["role"], "fte": Decimal(r["fte"])}
            for r in data["rows"]
            if r["member"] in members
        ]
        services.staffing_replace(acting_user=request.user, intervention=intervention, rows=rows)
        messages.success(request, _("Bemanningen är återställd som den var före ändringen."))
        return redirect(intervention)


class VolumeTargetSetView(EditableInterventionsMixin, View):
    """Set a volume target (POST from the insats page)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        intervention = get_object_or_404(self.get_queryset(), pk=pk)
        form = VolumeTargetForm(request.POST)
        if form.is_valid():
            try:
                services.volume_target_set(acting_user=request.user, intervention=intervention, **form.cleaned_data)
                messages.success(request, _("Volymmålet är sparat."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Ange år, enhet och antal."))
        return redirect(intervention)


def _count_charts(intervention: Intervention, year: int) -> list[Any]:
    """Per unit with a target: the counts summed month by month against the target spread evenly over the year."""
    grid = selectors.volume_count_grid(intervention, year)
    open_months = selectors.countable_months(intervention, year)
    charts = []
    for row in selectors.volume_progress(intervention, year):
        if row["target"] is None:
            continue
        running, cumulative = 0, []
        for month in range(1, 13):
            running += grid.get((month, row["unit"]), 0)
            cumulative.append(Decimal(running) if month in open_months else None)
        charts.append(
            layout(
                key=f"counts-{row['unit']}",
                title=_("%(unit)s %(year)s, ackumulerat per månad") % {"unit": row["label"], "year": year},
                description=_("%(counted)s räknade mot målet %(target)s.")
                % {"counted": row["counted"], "target": row["target"]},
                labels=[str(m) for m in range(1, 13)],
                values=cumulative,
                line=[Decimal(row["target"]) * m / 12 for m in range(1, 13)],
                fmt=lambda v: f"{v:.0f}",
                bar_label=_("räknat hittills"),
                line_label=_("målet, jämnt fördelat"),
                label_heading=_("Månad"),
            )
        )
    return charts


class VolumeCountView(EditableInterventionsMixin, View):
    """An insats's counts per month in the units of its volume targets, for one year, against the targets."""

    template_name = "interventions/volume_counts.html"

    def _year(self, request: HttpRequest, intervention: Intervention) -> int:
        years = selectors.countable_years(intervention)
        raw = request.GET.get("year", "")
        if raw.isascii() and raw.isdigit() and int(raw) in years:
            return int(raw)
        return years[0] if years else dt.date.today().year

    def _render(
        self, request: HttpRequest, intervention: Intervention, year: int, form: VolumeCountForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "object": intervention,
            "association": self.association,
            "year": year,
            "years": selectors.countable_years(intervention),
            "form": form,
            "units": VolumeUnit.choices,
            "progress": selectors.volume_progress(intervention, year),
            "charts": _count_charts(intervention, year),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        intervention = get_object_or_404(self.get_queryset(), pk=pk)
        year = self._year(request, intervention)
        form = VolumeCountForm(
            initial=VolumeCountForm.initial_from(selectors.volume_count_grid(intervention, year)),
            open_months=selectors.countable_months(intervention, year),
        )
        return self._render(request, intervention, year, form)

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        intervention = get_object_or_404(self.get_queryset(), pk=pk)
        year = self._year(request, intervention)
        form = VolumeCountForm(
            request.POST,
            initial=VolumeCountForm.initial_from(selectors.volume_count_grid(intervention, year)),
            open_months=selectors.countable_months(intervention, year),
        )
        if form.is_valid():
            try:
                changed = services.volume_counts_set(
                    acting_user=request.user, intervention=intervention, year=year, counts=form.counts()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if changed:
                    messages.success(request, _("Antalen för %(year)s är sparade.") % {"year": year})
                else:
                    messages.info(request, _("Inget ändrades."))
                url = reverse("interventions:counts", kwargs={"association": self.association.slug, "pk": pk})
                return redirect(f"{url}?year={year}")
        return self._render(request, intervention, year, form, status=400)

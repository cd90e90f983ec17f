"""The decisions register (/f/<slug>/beslut/): every decision of a held meeting, searchable by text, year, § and
what it concerns, with what it decided (an application, a budget adopted); an admin links a § to the budget it
adopted. Admins write; the board (viewer) reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samordna.core.choices import Role
from samordna.core.generic import TenantListView, TenantObjectMixin
from samordna.core.listing import Column, SortedListMixin
from samordna.core.tenancy import ADMINS, PUBLISHED_READERS
from samordna.governance import decision_services, selectors
from samordna.governance.forms import BudgetAdoptionForm, DecisionSearchForm
from samordna.governance.models import AgendaItem


class DecisionListView(SortedListMixin, TenantListView):
    """Decisions of held meetings, newest first, with filters and what each decided."""

    model = AgendaItem
    allowed_roles = PUBLISHED_READERS
    template_name = "governance/decision_list.html"
    columns = (
        Column("datum", gettext_lazy("Datum"), ("meeting__date",), "date"),
        Column("paragraf", gettext_lazy("Paragraf"), ("meeting__date", "number")),
        Column("rubrik", gettext_lazy("Rubrik"), ("title",)),
        Column("beslut", gettext_lazy("Beslut"), ()),
        Column("galler", gettext_lazy("Gäller"), ()),
    )
    default_sort = "-paragraf"

    def get_queryset(self) -> QuerySet[AgendaItem]:
        self.search = DecisionSearchForm(self.request.GET or None)
        filters: dict[str, Any] = {}
        if self.search.is_valid():
            data = self.search.cleaned_data
            filters = {"text": data["q"], "year": data["year"], "number": data["number"], "concerns": data["concerns"]}
        rows = selectors.decisions(user=self.request.user, association=self.association, **filters)
        return rows.order_by("-meeting__date", "-number")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        adoptions = selectors.budget_adoptions_by_item(association=self.association)
        context["rows"] = [(item, adoptions.get(item.pk, [])) for item in context["object_list"]]
        context["search_form"] = self.search
        context["can_edit"] = Role.ADMIN in self.roles
        return context


class BudgetAdoptionView(TenantObjectMixin, View):
    """Link a § to the year's budget (or plan) it adopted (POST from the register; admins)."""

    model = AgendaItem
    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        item = get_object_or_404(self.get_queryset().select_related("meeting", "association"), pk=pk)
        back = redirect("decisions:list", association=self.association.slug)
        form = BudgetAdoptionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Ange år och version."))
            return back
        try:
            decision_services.budget_adopted(acting_user=request.user, item=item, **form.cleaned_data)
            messages.success(request, _("%(label)s är kopplad till budgeten.") % {"label": item.label})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return back

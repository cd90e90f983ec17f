"""Pages of the core app: association chooser, start page, audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from samordna.core import dashboard, selectors
from samordna.core.audit import log_access
from samordna.core.audit_display import present
from samordna.core.forms import AuditFilterForm
from samordna.core.listing import Column, SortedListMixin
from samordna.core.models import AuditEntry
from samordna.core.permissions import TenantMixin, associations_for
from samordna.core.tenancy import ADMINS


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send a user to their förbund, or let them choose when they have several."""
    associations = list(associations_for(request.user))
    last = request.session.get("association")
    if len(associations) == 1:
        return redirect(associations[0])
    for association in associations:
        if association.slug == last:
            return redirect(association)
    return render(request, "core/choose_association.html", {"associations": associations})


class DashboardView(TenantMixin, TemplateView):
    """The start page of one association: the panels the apps register for the user's roles (core.dashboard)."""

    template_name = "core/dashboard.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.session.get("association") != self.association.slug:  # no session write when unchanged
            request.session["association"] = self.association.slug
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        self.page = dashboard.start_page(
            context=dashboard.StartContext(
                association=self.association, user=self.request.user, roles=self.roles, today=timezone.localdate()
            )
        )
        context["page"] = self.page
        return context

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        """A page with row-level participant data (a registrar's panel) is never cached."""
        response = super().render_to_response(context, **response_kwargs)
        if self.page.row_level:
            add_never_cache_headers(response)
        return response


class AuditListView(TenantMixin, SortedListMixin, ListView):
    """The audit trail of one association, for its admins; each view of it is itself logged."""

    allowed_roles = ADMINS
    template_name = "core/audit_list.html"
    paginate_by = 50
    model = AuditEntry
    columns = (
        Column("tidpunkt", gettext_lazy("Tidpunkt"), ("at",), "date"),
        Column("anvandare", gettext_lazy("Användare"), ("actor_name",)),
        Column("handelse", gettext_lazy("Händelse"), ("action",)),
        Column("objekt", gettext_lazy("Objekt"), ("object_type", "object_repr")),
        Column("andringar", gettext_lazy("Ändringar")),
    )
    default_sort = "-tidpunkt"

    def get_queryset(self) -> Any:
        self.filter_form = AuditFilterForm(
            self.request.GET or None, object_types=selectors.audit_object_types(association=self.association)
        )
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.audit_entries(association=self.association, **filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["entries"] = present(context["object_list"])
        log_access(
            user=self.request.user,
            association=self.association,
            what="core.audit_list",
            count=len(context["entries"]),
        )
        return context


class HelpIndexView(LoginRequiredMixin, TemplateView):
    """The help pages, one per area (core.help)."""

    template_name = "core/help_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from samordna.core.help import topics

        return {**super().get_context_data(**kwargs), "topics": topics()}


class HelpTopicView(LoginRequiredMixin, TemplateView):
    """One help page; an unknown topic is a 404."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from samordna.core.help import TOPICS, topics

        topic = TOPICS.get(self.kwargs["topic"])
        if topic is None:
            raise Http404
        self.template_name = topic.template
        return {**super().get_context_data(**kwargs), "topic": topic, "topics": topics()}

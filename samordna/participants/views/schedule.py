"""An insats's follow-up schedule (months after end): set by its admin or insatsansvarig. No row-level data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from samordna.core.generic import apply_validation_error
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import INTERVENTION_EDITORS
from samordna.interventions.models import Intervention
from samordna.interventions.selectors import interventions_editable_by
from samordna.participants import rules, services
from samordna.participants.forms import ScheduleForm
from samordna.participants.models import FollowUpSchedule


class ScheduleView(TenantMixin, View):
    """Show and change the follow-up points of one insats."""

    allowed_roles = INTERVENTION_EDITORS

    def _intervention(self) -> Intervention:
        intervention = (
            interventions_editable_by(user=self.request.user, association=self.association, roles=self.roles)
            .filter(pk=self.kwargs["intervention"])
            .first()
        )
        if intervention is None:
            raise Http404("Insatsen finns inte.")
        return intervention

    def _render(self, intervention: Intervention, form: ScheduleForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "participants/schedule.html",
            {"association": self.association, "intervention": intervention, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        intervention = self._intervention()
        months = rules.schedule_months(FollowUpSchedule.objects.filter(intervention=intervention).first())
        return self._render(intervention, ScheduleForm(initial={"months": ", ".join(str(m) for m in months)}))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        intervention = self._intervention()
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                services.schedule_set(
                    acting_user=request.user, intervention=intervention, months=form.cleaned_data["months"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Uppföljningsschemat är sparat."))
                return HttpResponseRedirect(intervention.get_absolute_url())
        return self._render(intervention, form, status=400)

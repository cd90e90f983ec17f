"""Who may see row-level participant data: registrars actively assigned to the insats, nobody else.

Order of checks (so the URL-walking tests get the right answer): another förbund or another förbund's
insats → 404; a role other than registrar → 403; an insats of the same förbund the registrar is not
assigned to (or whose assignment or insats has ended) → 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from samordna.core.choices import Role
from samordna.core.permissions import TenantMixin, get_association_for_user, roles_in
from samordna.interventions.models import Intervention
from samordna.participants.selectors import registrar_interventions

REGISTRARS = frozenset({Role.REGISTRAR})


class RegistrarMixin(TenantMixin):
    """Resolve association and (when the URL names one) the insats, and enforce registrar access."""

    allowed_roles = REGISTRARS
    intervention: Intervention

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.association = get_association_for_user(request.user, kwargs["association"])
        intervention = None
        if "intervention" in kwargs:
            intervention = (
                Intervention.objects.for_association(self.association).filter(pk=kwargs["intervention"]).first()
            )
            if intervention is None:
                raise Http404("Insatsen finns inte.")
        self.roles = roles_in(request.user, self.association)
        if not self.roles & self.allowed_roles:
            raise PermissionDenied("Din roll ger inte tillgång till sidan.")
        request.association = self.association  # type: ignore[attr-defined]
        request.roles = self.roles  # type: ignore[attr-defined]
        if intervention is not None:
            if (
                not registrar_interventions(user=request.user, association=self.association)
                .filter(pk=intervention.pk)
                .exists()
            ):
                raise Http404("Insatsen finns inte.")
            self.intervention = intervention
        return View.dispatch(self, request, *args, **kwargs)  # type: ignore[arg-type]

"""Who may see row-level participant data: registrars actively assigned to the insats, nobody else.

Order of checks (so the URL-walking tests get the right answer): another förbund or another förbund's
insats → 404; none of the user's roles is registrar → 403; an insats of the same förbund the registrar is
not assigned to (or whose assignment or insats has ended) → 404. The förbund and roles come from
`core.tenancy`, like every other page.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import REGISTRARS
from samordna.interventions.models import Intervention
from samordna.participants.selectors import registrar_interventions

__all__ = ["REGISTRARS", "RegistrarMixin"]


class RegistrarMixin(TenantMixin):
    """Resolve association and (when the URL names one) the insats, and enforce registrar access."""

    allowed_roles = REGISTRARS
    intervention: Intervention

    def check_before_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        """Another förbund's insats answers 404 before the role check."""
        self._named: Intervention | None = None
        if "intervention" in kwargs:
            self._named = (
                Intervention.objects.for_association(self.association).filter(pk=kwargs["intervention"]).first()
            )
            if self._named is None:
                raise Http404(_("Insatsen finns inte."))

    def check_after_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        """An insats the registrar is not (or no longer) assigned to answers 404."""
        if self._named is None:
            return
        if (
            not registrar_interventions(user=request.user, association=self.association)
            .filter(pk=self._named.pk)
            .exists()
        ):
            raise Http404(_("Insatsen finns inte."))
        self.intervention = self._named

"""Planning app: the verksamhetsplan with goal areas, goals, indicators computed from the data, and goal follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """App config for samordna.planning."""

    name = "samordna.planning"
    label = "planning"
    verbose_name = _("Verksamhetsplan")

    def ready(self) -> None:
        """The verksamhetsplan's entry in the main navigation, for the roles that may read it."""
        from samordna.core.navigation import NavItem, register
        from samordna.core.tenancy import PLAN_READERS

        register(NavItem(_("Verksamhetsplan"), "planning:list", PLAN_READERS), before="finance:home")

"""Activities app: structural activities (utbildningar, konferenser, nätverksträffar) and their attendance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """App config for samordna.activities."""

    name = "samordna.activities"
    label = "activities"
    verbose_name = _("Aktiviteter")

    def ready(self) -> None:
        """The menu entry "Aktiviteter" and the `events` report kind."""
        from samordna.activities.reports import register_kinds
        from samordna.core.navigation import NavItem
        from samordna.core.navigation import register as register_nav
        from samordna.core.tenancy import ACTIVITY_READERS

        register_nav(NavItem(_("Aktiviteter"), "activities:list", ACTIVITY_READERS), before="organisations:member-list")
        register_kinds()

"""Planning app: the verksamhetsplan with goal areas, goals, indicators computed from the data, and goal follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """App config for samordna.planning."""

    name = "samordna.planning"
    label = "planning"
    verbose_name = _("Verksamhetsplan")

    def ready(self) -> None:
        """The verksamhetsplan's menu entry, its help page, the goal follow-up and the plan document."""
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help
        from samordna.core.navigation import NavItem, register
        from samordna.core.tenancy import PLAN_READERS
        from samordna.planning import document, report

        register(NavItem(_("Verksamhetsplan"), "planning:list", PLAN_READERS), before="finance:home")
        register_help(
            HelpTopic(
                "verksamhetsplan", _("Verksamhetsplan och mål"), "planning/help.html", frozenset({"planning"}), 30
            )
        )
        report.register_kind()
        document.register_kind()

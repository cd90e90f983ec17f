"""Finance app: member contributions, budget, outcome (utfall), equity."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """App config for samordna.finance."""

    name = "samordna.finance"
    label = "finance"
    verbose_name = _("Ekonomi")

    def ready(self) -> None:
        """The finance report kinds, "Ekonomi" in the main navigation, and the start page's finance panels."""
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help

        register_help(HelpTopic("ekonomi", _("Ekonomi"), "finance/help.html", frozenset({"finance"}), order=40))
        from samordna.core.choices import Role
        from samordna.core.dashboard import StartPanel
        from samordna.core.dashboard import register as register_panel
        from samordna.core.navigation import NavItem, register
        from samordna.core.tenancy import ADMINS
        from samordna.finance import start
        from samordna.finance.reports import register_kinds

        register_kinds()
        register(NavItem(_("Ekonomi"), "finance:home", frozenset({Role.ADMIN, Role.VIEWER})), before="core:audit-list")
        for panel in (
            StartPanel("finance-year", "finance/_start_year.html", ADMINS, start.year_figures, 30),
            StartPanel(
                "finance-mine",
                "finance/_start_manager.html",
                frozenset({Role.INTERVENTION_MANAGER}),
                start.manager_budget,
                45,
            ),
            StartPanel("finance-attention", "", ADMINS, start.notices, 30, area="attention"),
        ):
            register_panel(panel)

"""Interventions app: the insatser a förbund funds, their staffing, volumes and assigned staff."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    """App config for samordna.interventions."""

    name = "samordna.interventions"
    label = "interventions"
    verbose_name = _("Insatser")

    def ready(self) -> None:
        """The insatser's entry in the main navigation and their figures on the start page."""
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help

        register_help(
            HelpTopic("insatser", _("Insatser"), "interventions/help.html", frozenset({"interventions"}), order=10)
        )
        from samordna.core.choices import ALL_ROLES
        from samordna.core.dashboard import StartPanel
        from samordna.core.dashboard import register as register_panel
        from samordna.core.navigation import NavItem
        from samordna.core.navigation import register as register_nav
        from samordna.core.tenancy import ADMINS
        from samordna.interventions.start import ending_soon, running_counts

        register_nav(NavItem(_("Insatser"), "interventions:list", ALL_ROLES), before="organisations:member-list")
        register_panel(
            StartPanel(
                key="interventions",
                template="interventions/_start_figures.html",
                roles=ALL_ROLES,
                compute=running_counts,
                order=10,
                area="figures",
            )
        )
        register_panel(
            StartPanel(
                key="interventions-ending",
                template="",
                roles=ADMINS,
                compute=ending_soon,
                order=10,
                area="attention",
            )
        )

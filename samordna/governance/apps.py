"""Governance app: board meetings, their § agenda and protocol, justering and anslag."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """App config for samordna.governance."""

    name = "samordna.governance"
    label = "governance"
    verbose_name = _("Styrelsemöten")

    def ready(self) -> None:
        """The meetings in the main navigation and help, and the protocol and kallelse report kinds."""
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help
        from samordna.core.navigation import NavItem
        from samordna.core.navigation import register as register_nav
        from samordna.core.tenancy import PUBLISHED_READERS
        from samordna.governance import protocol

        register_help(
            HelpTopic("moten", _("Styrelsemöten"), "governance/help.html", frozenset({"governance"}), order=65)
        )
        register_nav(NavItem(_("Styrelsemöten"), "governance:list", PUBLISHED_READERS), before="core:audit-list")
        protocol.register_kind()

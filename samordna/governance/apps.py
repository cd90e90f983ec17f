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
        self.ready_start()

    def ready_start(self) -> None:
        """The start panels: upcoming meetings and protocols to justera (admins, the board); applications (admins)."""
        from samordna.core.choices import Role
        from samordna.core.dashboard import StartPanel, register
        from samordna.governance import start

        register(
            StartPanel(
                "governance-meetings",
                "governance/_start_meetings.html",
                frozenset({Role.ADMIN, Role.VIEWER}),
                start.meetings,
                40,
            )
        )
        register(
            StartPanel(
                "governance-applications",
                "governance/_start_applications.html",
                frozenset({Role.ADMIN}),
                start.applications,
                41,
            )
        )

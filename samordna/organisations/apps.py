"""Organisations app: the förbund's members (parter) and board (styrelse)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """App config for samordna.organisations."""

    name = "samordna.organisations"
    label = "organisations"
    verbose_name = _("Medlemmar och styrelse")

    def ready(self) -> None:
        """Members and board in the main navigation, and the member figures on the start page."""
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help

        register_help(
            HelpTopic(
                "styrelse",
                _("Medlemmar och styrelse"),
                "organisations/help.html",
                frozenset({"organisations", "onboarding"}),
                order=60,
            )
        )
        from samordna.core.choices import ALL_ROLES, Role
        from samordna.core.dashboard import StartPanel
        from samordna.core.dashboard import register as register_panel
        from samordna.core.navigation import NavItem
        from samordna.core.navigation import register as register_nav
        from samordna.organisations.selectors import member_counts
        from samordna.organisations.start import member_list_url

        register_nav(
            NavItem(
                _("Medlemmar"),
                "organisations:member-list",
                frozenset({Role.ADMIN, Role.VIEWER, Role.INTERVENTION_MANAGER}),
            ),
            before="core:audit-list",
        )
        register_nav(
            NavItem(_("Styrelse"), "organisations:board-list", frozenset({Role.ADMIN, Role.VIEWER})),
            before="core:audit-list",
        )
        register_panel(
            StartPanel(
                key="members",
                template="organisations/_start_figures.html",
                roles=ALL_ROLES,
                compute=lambda context: {
                    **member_counts(association=context.association),
                    "url": member_list_url(context),
                },
                order=20,
                area="figures",
            )
        )

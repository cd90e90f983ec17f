"""Participants app: de-identified follow-up of the people in individinriktade insatser."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    """App config for samordna.participants."""

    name = "samordna.participants"
    label = "participants"
    verbose_name = _("Deltagare")

    def ready(self) -> None:
        """The participant statistics report kind, and the registrar's entries in the main navigation."""
        from samordna.core.navigation import NavItem, register
        from samordna.core.tenancy import REGISTRARS
        from samordna.participants.statistics.kind import register_kind

        register_kind()
        register(NavItem(_("Deltagare"), "participants:home", REGISTRARS))
        register(NavItem(_("Uppföljningar"), "participants:due", REGISTRARS))

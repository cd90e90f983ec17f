"""Participants app: de-identified follow-up of the people in individinriktade insatser."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    """App config for samordna.participants."""

    name = "samordna.participants"
    label = "participants"
    verbose_name = _("Deltagare")

    def ready(self) -> None:
        """The participant statistics report kind, the registrar's entries in the main navigation, and the
        start page's participant panels."""
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help

        register_help(
            HelpTopic(
                "deltagare",
                _("Deltagare och uppföljning"),
                "participants/help.html",
                frozenset({"participants"}),
                order=20,
            )
        )
        from samordna.core.choices import Role
        from samordna.core.dashboard import StartPanel
        from samordna.core.dashboard import register as register_panel
        from samordna.core.navigation import NavItem, register
        from samordna.core.tenancy import ADMINS, REGISTRARS
        from samordna.participants import start
        from samordna.participants.statistics.kind import register_kind

        register_kind()
        from samordna.core import jobs as core_jobs
        from samordna.participants import import_job

        core_jobs.register(import_job.JOB)
        register(NavItem(_("Deltagare"), "participants:home", REGISTRARS))
        register(NavItem(_("Uppföljningar"), "participants:due", REGISTRARS))
        for panel in (
            StartPanel("participants-year", "participants/_start_admin.html", ADMINS, start.admin_figures, 40),
            StartPanel(
                "participants-mine",
                "participants/_start_manager.html",
                frozenset({Role.INTERVENTION_MANAGER}),
                start.manager_figures,
                40,
            ),
            StartPanel(
                "participants-work",
                "participants/_start_registrar.html",
                REGISTRARS,
                start.registrar_work,
                30,
                row_level=True,
            ),
        ):
            register_panel(panel)

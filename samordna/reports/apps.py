"""Reports app: the report pages (Rapporter, Deltagarstatistik, Uppföljning Finsam) above the apps they read."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """App config for samordna.reports."""

    name = "samordna.reports"
    label = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        """The report kinds, the reader's start panel and the help page of the reports."""
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help

        register_help(
            HelpTopic(
                "rapporter",
                _("Rapporter och publiceringar"),
                "reports/help.html",
                frozenset({"reports", "publications"}),
                order=50,
            )
        )
        self.ready_finsam()
        self.ready_participants()
        self.ready_start()
        self.ready_national()

    def ready_national(self) -> None:
        """The operator's national report, made as a background job."""
        from samordna.core import jobs
        from samordna.reports import national

        jobs.register(national.JOB)

    def ready_start(self) -> None:
        """The reader's start panel: the latest publications."""
        from samordna.core.choices import Role
        from samordna.core.dashboard import StartPanel, register
        from samordna.reports.start import latest_publications

        register(
            StartPanel(
                "publications-latest",
                "reports/_start_publications.html",
                frozenset({Role.VIEWER}),
                latest_publications,
                30,
            )
        )

    def ready_finsam(self) -> None:
        """Uppföljning Finsam: the report kind and the "Rapporter" entry of the main navigation."""
        from samordna.core.choices import Role
        from samordna.core.navigation import NavItem, register
        from samordna.reports.finsam.report import register_kind

        register_kind()
        register(
            NavItem(_("Rapporter"), "reports:home", frozenset({Role.ADMIN, Role.VIEWER})), before="core:audit-list"
        )

    def ready_participants(self) -> None:
        """Deltagarstatistik: a navigation entry for admins (everyone else reads the publications)."""
        from samordna.core.navigation import NavItem, register
        from samordna.core.tenancy import ADMINS

        register(NavItem(_("Deltagarstatistik"), "reports:participants", ADMINS), before="core:audit-list")

"""Reports app: renderer-neutral tables, renderers (HTML, XLSX, CSV, DOCX, PDF, JSON) and the report registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """App config for samordna.reports."""

    name = "samordna.reports"
    label = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        from samordna.reports.participant_stats.kind import register_kind

        register_kind()

        from samordna.core.choices import ALL_ROLES
        from samordna.core.navigation import NavItem, register

        register(NavItem(_("Deltagarstatistik"), "reports:participants", ALL_ROLES), before="core:audit-list")

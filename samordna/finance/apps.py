"""Finance app: member contributions, budget, outcome (utfall), equity."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """App config for samordna.finance."""

    name = "samordna.finance"
    label = "finance"
    verbose_name = _("Ekonomi")

    def ready(self) -> None:
        from samordna.core.choices import Role
        from samordna.core.navigation import NavItem, register
        from samordna.finance.reports import register_kinds

        register_kinds()
        register(NavItem(_("Ekonomi"), "finance:home", frozenset({Role.ADMIN, Role.VIEWER})), before="core:audit-list")

"""Publications: the förbund's released sets of participant figures, the only figures that leave the office.

A publication is frozen when it is released: its tables as published, who released it and when, and the
result of the audit that checked it against every earlier publication of the förbund (docs/suppression.md).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    """App config for samordna.publications."""

    name = "samordna.publications"
    label = "publications"
    verbose_name = _("Publiceringar")

    def ready(self) -> None:
        """ "Publiceringar" in the main navigation, for everyone in the förbund."""
        from samordna.core.choices import ALL_ROLES
        from samordna.core.navigation import NavItem, register
        from samordna.publications.kind import wrap_participants_kind

        register(NavItem(_("Publiceringar"), "publications:list", ALL_ROLES), before="core:audit-list")
        wrap_participants_kind()

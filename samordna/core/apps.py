"""Core app: tenancy (association), users and roles, audit log, code lists, municipalities."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """App config for samordna.core."""

    name = "samordna.core"
    label = "core"
    verbose_name = _("Grunddata")

    def ready(self) -> None:
        """Core's own start panel (the latest imports)."""
        from samordna.core.start import register_panels

        register_panels()

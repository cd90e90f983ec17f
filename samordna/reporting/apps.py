"""Reporting: the format-free report kit (tables, registry, renderers, suppression, the release audit).

It imports no domain app; the report kinds live with the apps whose data they report and register themselves
in `registry` from their AppConfig.ready. The app exists for the `samordna report` command and the templates.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """App config for samordna.reporting (no models)."""

    name = "samordna.reporting"
    label = "reporting"
    verbose_name = _("Rapportverktyg")

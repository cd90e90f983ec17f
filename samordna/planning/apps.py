"""Planning app: the verksamhetsplan with goal areas, goals, indicators computed from the data, and goal follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """App config for samordna.planning."""

    name = "samordna.planning"
    label = "planning"
    verbose_name = _("Verksamhetsplan")

    def ready(self) -> None:
        """The goal follow-up in the report registry."""
        from samordna.planning.report import register_kind

        register_kind()

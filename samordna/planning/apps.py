"""Planning app: the verksamhetsplan with goal areas, goals, indicators computed from the data, and goal follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """App config for samordna.planning."""

    name = "samordna.planning"
    label = "planning"
    verbose_name = _("Verksamhetsplan")

    def ready(self) -> None:
        """The goal follow-up and the plan document in the report registry."""
        from samordna.planning import document, report

        report.register_kind()
        document.register_kind()

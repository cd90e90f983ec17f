"""Surveys app: questionnaires, survey rounds and anonymous responses (issue #15 items 2–4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """App config for samordna.surveys."""

    name = "samordna.surveys"
    label = "surveys"
    verbose_name = _("Enkäter")

    def ready(self) -> None:
        """The menu entry "Enkäter" and the `survey` report kind."""
        from samordna.surveys.reports import register_kinds

        pass  # nav added with the pages
        register_kinds()

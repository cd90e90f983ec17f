"""Surveys app: questionnaires, survey rounds and anonymous responses (issue #15 items 2–4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """App config for samordna.surveys."""

    name = "samordna.surveys"
    label = "surveys"
    verbose_name = _("Enkäter")

    def ready(self) -> None:
        """The menu entry "Enkäter", its help page and the `survey` report kind."""
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help
        from samordna.core.navigation import NavItem
        from samordna.core.navigation import register as register_nav
        from samordna.core.tenancy import ACTIVITY_READERS
        from samordna.surveys.reports import register_kinds

        register_help(HelpTopic("enkater", _("Enkäter"), "surveys/help.html", frozenset({"surveys"}), order=45))
        register_nav(NavItem(_("Enkäter"), "surveys:list", ACTIVITY_READERS), before="organisations:member-list")
        register_kinds()

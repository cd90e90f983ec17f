"""Interventions app: the insatser a förbund funds, their staffing, volumes and assigned staff."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    """App config for samordna.interventions."""

    name = "samordna.interventions"
    label = "interventions"
    verbose_name = _("Insatser")

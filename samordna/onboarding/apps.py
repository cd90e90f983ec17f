"""Onboarding: filling a förbund from an organisation JSON file (members, board, insatser, budget equity).

It sits above the apps it fills (organisations, interventions, finance) and writes through their services.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """App config for samordna.onboarding (no models)."""

    name = "samordna.onboarding"
    label = "onboarding"
    verbose_name = _("Inläsning av förbund")

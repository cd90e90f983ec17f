"""Participants app: de-identified follow-up of the people in individinriktade insatser."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    """App config for samordna.participants."""

    name = "samordna.participants"
    label = "participants"
    verbose_name = _("Deltagare")

"""Organisations app: the förbund's members (parter) and board (styrelse)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """App config for samordna.organisations."""

    name = "samordna.organisations"
    label = "organisations"
    verbose_name = _("Medlemmar och styrelse")

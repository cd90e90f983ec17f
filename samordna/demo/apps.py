"""Demo app: the `samordna demo` command and the demo förbund it loads (above every other app)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """App config for samordna.demo (no models; only the command and its data)."""

    name = "samordna.demo"
    label = "demo"
    verbose_name = _("Demodata")

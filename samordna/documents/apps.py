"""Documents app: the delårsrapport and the årsredovisning, written in Samordna and generated from the data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """App config for samordna.documents."""

    name = "samordna.documents"
    label = "documents"
    verbose_name = _("Årsredovisning och delårsrapport")

    def ready(self) -> None:
        """The menu entry, the help page, the two report kinds and the job that makes their files."""
        from samordna.core import jobs as core_jobs
        from samordna.core.help import HelpTopic
        from samordna.core.help import register as register_help
        from samordna.core.navigation import NavItem, register
        from samordna.core.tenancy import PUBLISHED_READERS
        from samordna.documents import jobs, kinds

        register(NavItem(_("Årsredovisning"), "documents:list", PUBLISHED_READERS), before="finance:home")
        register_help(
            HelpTopic(
                "dokument", _("Årsredovisning och delårsrapport"), "documents/help.html", frozenset({"documents"}), 35
            )
        )
        kinds.register_kinds()
        core_jobs.register(jobs.JOB)

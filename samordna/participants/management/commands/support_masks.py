"""`samordna support_masks [--repair]`: compare every enrollment's support mask with its support-before links."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samordna.participants import support_mask


class Command(BaseCommand):
    """The masks are kept in step on every write; this finds (and with --repair mends) any that are not."""

    help = _("Kontrollera att varje insatsdeltagandes försörjningsmask stämmer med dess försörjningskoder.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--repair", action="store_true", help=_("Räkna om masken för de insatsdeltaganden som inte stämmer.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, sample = support_mask.mismatches()
        if not count:
            self.stdout.write(_("Alla försörjningsmasker stämmer."))
            return
        if options["repair"]:
            repaired = support_mask.repair(acting_user=None)
            self.stdout.write(_("%(n)d försörjningsmasker räknades om.") % {"n": repaired})
            return
        self.stderr.write(
            _("%(n)d insatsdeltaganden har en försörjningsmask som inte stämmer, t.ex. %(ids)s. Kör med --repair.")
            % {"n": count, "ids": ", ".join(str(i) for i in sample[:3])}
        )
        raise CommandError(_("försörjningsmaskerna stämmer inte"), returncode=1)

"""`samordna import_meeting --association S FILE`: an earlier protocol from Meeting JSON (docs/contracts.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.core.imports import ImportFailed
from samordna.core.models import Association
from samordna.governance import services
from samordna.governance.importer import read_meeting


class Command(BaseCommand):
    """Import one meeting's protocol; on any problem print them all, write nothing, exit 1."""

    help = "Importera ett tidigare protokoll (möte, närvaro, paragrafer, justering, anslag) från en JSON-fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON-fil enligt formatet Meeting JSON i docs/contracts.md")
        parser.add_argument("--association", metavar="SLUG", required=True, help="förbundets kortnamn")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            raise CommandError(_("Förbundet %(s)s finns inte.") % {"s": options["association"]})
        path = options["file"]
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(_("Kan inte läsa %(f)s: %(e)s") % {"f": path, "e": exc.strerror}) from exc
        try:
            parsed = read_meeting(data, association=association)
            meeting, written = services.meeting_import(
                acting_user=cli_actor(options), association=association, parsed=parsed
            )
        except ImportFailed as error:
            for line in error.lines():
                self.stderr.write(f"{path}: {line}")
            self.stderr.write(_("Importen avbröts. Inget sparades."))
            sys.exit(1)
        if written:
            self.stdout.write(_("%(m)s: %(n)s paragrafer importerade.") % {"m": meeting, "n": meeting.items.count()})
        else:
            self.stdout.write(_("%(m)s: oförändrat, inget sparades.") % {"m": meeting})

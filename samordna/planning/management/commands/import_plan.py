"""`samordna import_plan --association S FILE`: a verksamhetsplan with goals, indicators and assessments from JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.core.imports import ImportFailed
from samordna.core.models import Association
from samordna.planning.importer import import_plan_bytes


class Command(BaseCommand):
    """Import plan JSON (docs/contracts.md, "Plan JSON"); on any problem print them all, write nothing, exit 1."""

    help = (
        "Skapa eller uppdatera en verksamhetsplan med målområden, mål, mått, bedömningar och värden från en "
        "JSON-fil (docs/contracts.md, Plan JSON). Allt eller inget."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, metavar="SLUG", help="förbundets kortnamn (slug)")
        parser.add_argument("file", help="JSON-fil enligt formatet Plan JSON i docs/contracts.md")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            raise CommandError(_("Förbundet ”%(slug)s” finns inte.") % {"slug": str(options["association"])[:60]})
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(
                _("%(file)s: filen går inte att läsa (%(error)s).") % {"file": path, "error": exc.strerror}
            ) from exc
        try:
            summary = import_plan_bytes(
                acting_user=cli_actor(options), association=association, raw=raw, filename=Path(path).name
            )
        except ImportFailed as error:
            for line in error.lines():
                self.stderr.write(f"{path}: {line}")
            self.stderr.write(
                _("%(file)s: importen avbröts: %(count)s problem hittades. Inget sparades.")
                % {"file": path, "count": error.total}
            )
            sys.exit(1)
        self.stdout.write(summary.describe())

"""`samordna import_events --association S FILE`: events and attendance from an Events CSV or XLSX."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.activities.services import events_import
from samordna.core.cli import add_actor_argument, cli_actor
from samordna.core.imports import ImportFailed
from samordna.core.models import Association


class Command(BaseCommand):
    """Import an Events CSV or XLSX, all or nothing: on any problem, the problems on stderr and exit 1."""

    help = (
        "Importera aktiviteter och deltagande från CSV eller XLSX (event, title, kind, date, end_date, days, "
        "intervention, organisers, member, role, count), allt eller inget."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="förbundets kortnamn (slug)")
        parser.add_argument("file")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            raise CommandError(f"Förbundet ”{options['association']}” finns inte.")
        path = options["file"]
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: filen går inte att läsa ({exc.strerror}).") from exc
        try:
            summary = events_import(
                acting_user=cli_actor(options), association=association, data=data, filename=Path(path).name
            )
        except ImportFailed as error:
            for line in error.lines():
                sys.stderr.write(f"{path}: {line}\n")
            sys.stderr.write(f"{path}: inget importerades ({error.total} fel).\n")
            sys.exit(1)
        self.stdout.write(
            f"Importerade {summary['events']} aktiviteter ({summary['events_created']} nya, "
            f"{summary['events_updated']} ändrade) med {summary['attendance_total']} deltagare; "
            f"deltagandet: {summary['attendance_created']} nya, {summary['attendance_updated']} ändrade och "
            f"{summary['attendance_removed']} borttagna rader."
        )

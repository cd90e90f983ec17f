"""`samordna import_followups --association S FILE`: follow-ups after end from CSV or XLSX, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.core.imports import ImportFailed
from samordna.core.models import Association
from samordna.participants.followup_import_services import follow_ups_import


class Command(BaseCommand):
    """Import follow-ups (docs/contracts.md 'Follow-ups CSV'); exit 1 and write nothing on any problem."""

    help = "Importera uppföljningar efter avslut från CSV eller XLSX (allt eller inget)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="Förbundets kortnamn (slug).")
        parser.add_argument("file", help="CSV- eller XLSX-fil.")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            self._fail(path, [f"förbundet {options['association']!r} finns inte"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._fail(path, [f"filen går inte att läsa ({exc.strerror})"])
        try:
            counts = follow_ups_import(
                acting_user=cli_actor(options), association=association, data=data, filename=path.name
            )
        except ImportFailed as error:
            self._fail(path, error.lines(), error.total)
        summary = ", ".join(f"{k}={v}" for k, v in counts.items())
        self.stdout.write(f"{path.name}: importerat ({summary})")

    def _fail(self, path: Path, lines: list[str], count: int = 0) -> NoReturn:
        for line in lines:
            sys.stderr.write(f"{path}: {line}\n")
        sys.stderr.flush()
        raise CommandError(f"{count or len(lines)} fel; ingenting sparades.", returncode=1)

"""`samordna import_participants --association S FILE`: enrollments from CSV or XLSX, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.core.imports import render
from samordna.core.models import Association
from samordna.participants.importer import run_import


class Command(BaseCommand):
    """Import enrollments (docs/contracts.md 'Participants CSV'); exit 1 and write nothing on any problem."""

    help = "Importera insatsdeltaganden från CSV eller XLSX (allt eller inget)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="Förbundets kortnamn (slug).")
        parser.add_argument("file", help="CSV- eller XLSX-fil.")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            self._fail(path, [f"förbundet {options['association']!r} finns inte"])
        if not path.is_file():
            self._fail(path, ["filen finns inte"])
        result = run_import(
            association=association, source=str(path), filename=path.name, acting_user=cli_actor(options)
        )
        if not result.ok:
            lines = render([str(p) for p in result.problems], len(result.problems))
            if result.truncated:
                lines.append("för många fel; läsningen avbröts")
            self._fail(path, lines, len(result.problems))
        summary = ", ".join(f"{k}={v}" for k, v in result.counts.items())
        self.stdout.write(f"{path.name}: importerat ({summary})")

    def _fail(self, path: Path, lines: list[str], count: int = 0) -> None:
        for line in lines:
            sys.stderr.write(f"{path}: {line}\n")
        sys.stderr.flush()
        raise CommandError(f"{count or len(lines)} fel; ingenting sparades.", returncode=1)

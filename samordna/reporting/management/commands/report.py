"""`samordna report KIND --association S [options] --format json|csv|xlsx|docx|pdf [-o FILE]`.

JSON and CSV go to stdout unless -o is given; XLSX, DOCX and PDF need -o or are written as bytes to
stdout (redirect it to a file). Kinds come from samordna.reporting.registry.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Association
from samordna.reporting.registry import build, kinds
from samordna.reporting.renderers import BINARY_FORMATS, FORMATS, render


class Command(BaseCommand):
    """Produce a report in one format."""

    help = "Ta fram en rapport (JSON till standard ut om inte -o anges)."

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for name, kind in kinds().items():
            sub = subparsers.add_parser(name, help=kind.help)
            sub.add_argument("--association", required=True, help="förbundets kortnamn (slug)")
            sub.add_argument("--format", choices=FORMATS, default="json")
            sub.add_argument("-o", "--output", help="fil att skriva till")
            kind.add_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            association = Association.objects.get(slug=options["association"])
        except Association.DoesNotExist as exc:
            raise CommandError(f"Förbundet ”{options['association']}” finns inte.") from exc
        try:
            report = build(options["kind"], association=association, options=options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        fmt = options["format"]
        content = render(report, fmt)
        if options.get("output"):
            try:
                Path(options["output"]).write_bytes(content)
            except OSError as exc:
                raise CommandError(f"{options['output']}: går inte att skriva ({exc.strerror}).") from exc
            return
        if fmt in BINARY_FORMATS:
            stream = getattr(self.stdout, "_out", sys.stdout)
            buffer = getattr(stream, "buffer", None)
            if buffer is None:
                raise CommandError(f"Formatet {fmt} är binärt: ange -o FIL.")
            buffer.write(content)
            buffer.flush()
            return
        self.stdout.write(content.decode("utf-8"), ending="")

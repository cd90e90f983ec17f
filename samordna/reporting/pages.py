"""One policy for every report page: the published version for everyone, the internal one only on purpose.

- The published version (small counts hidden) is the default, for every role, on screen and in every file.
- `?version=intern` shows the internal version on screen to the roles in `internal_roles` (admins); anyone else
  gets 403. Each such view writes an access-log row.
- An internal file is never a plain link: `?version=intern&format=…` only shows a confirmation form, and the
  file comes from a POST with `confirm=1`. That writes an audit row (action export), and the file says
  "Intern version – får inte publiceras" in its title, first paragraph and every table.

The words are `publicerad` and `intern` (the older `publicering` is read as `publicerad`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _

from samordna.core.audit import log_access, record
from samordna.core.models import AuditEntry
from samordna.core.tenancy import ADMINS
from samordna.reporting.http import export_response, wanted_format
from samordna.reporting.tables import Report

PUBLISHED, INTERNAL = "publicerad", "intern"
FORMAT_LABELS = {"xlsx": "Excel (XLSX)", "csv": "CSV", "docx": "Word (DOCX)", "pdf": "PDF", "json": "JSON"}


def internal_notice() -> str:
    """The marking of every internal file and page (Swedish)."""
    return _("Intern version – får inte publiceras")


def mark_internal(report: Report) -> Report:
    """Stamp the notice on the title, the first paragraph, every table and the JSON body of an internal report."""
    notice = internal_notice()
    report.title = f"{report.title} ({notice.lower()})"
    report.paragraphs.insert(0, f"{notice}.")
    for table in report.all_tables:
        table.notes.insert(0, notice)
    report.data["notice"] = notice
    return report


def inline_svg(svg: bytes, index: int, label: str) -> str:
    """A chart's SVG (`Chart.draw("svg")`) for inlining: no XML prologue, ids unique on the page, role="img" with
    a label (the SVG's own `<title>` stays as its tooltip)."""
    text = svg.decode()
    text = text[text.find("<svg") :]
    prefix = f"chart{index}-"
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', text)
    text = re.sub(r"url\(#", f"url(#{prefix}", text)
    text = re.sub(r'href="#', f'href="#{prefix}', text)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg", f'<svg role="img" aria-label="{label}" focusable="false"', 1)


class ReportPageMixin:
    """The published/internal policy of a report page; mix in after `core.permissions.TenantMixin`."""

    internal_roles: frozenset[str] = ADMINS
    access_log_name = "report"

    def may_see_internal(self) -> bool:
        return bool(self.roles & self.internal_roles)  # type: ignore[attr-defined]

    def wants_internal(self, params: Mapping[str, Any]) -> bool:
        """Whether `params` ask for the internal version; 403 for a role that may not see it."""
        if params.get("version") != INTERNAL:
            return False
        if not self.may_see_internal():
            raise PermissionDenied(_("Den interna versionen visas bara för förbundsadministratörer."))
        return True

    def log_internal_view(self, description: str) -> None:
        """One access-log row for a view of internal figures on screen."""
        log_access(
            user=self.request.user,  # type: ignore[attr-defined]
            association=self.association,  # type: ignore[attr-defined]
            what=f"{self.access_log_name}.internal",
            object_id=description[:100],
        )

    def confirmation_problem(self, params: Mapping[str, Any]) -> str:
        """Why a POST for an internal file is refused ("" when it may be served)."""
        if params.get("version") != INTERNAL or not wanted_format(params):
            return _("Välj ett format för den interna exporten.")
        if params.get("confirm") != "1":
            return _("Bekräfta att du förstår att den interna versionen inte får publiceras.")
        return ""

    def internal_file(
        self, report: Report, fmt: str, *, filename: str, object_type: str, changes: dict
    ) -> HttpResponse:
        """The audited, marked internal file (after a confirmed POST)."""
        record(
            acting_user=self.request.user,  # type: ignore[attr-defined]
            association=self.association,  # type: ignore[attr-defined]
            action=AuditEntry.Action.EXPORT,
            object_type=object_type,
            object_repr=report.title[:200],
            changes={"version": INTERNAL, "format": fmt, **changes},
        )
        return export_response(mark_internal(report), fmt, filename=f"{filename}-intern")

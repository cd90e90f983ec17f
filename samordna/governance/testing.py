"""Sample rows for the shared access and query-count tests (samordna/testing/objects.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.governance import services
from samordna.governance.models import AgendaItem, ItemDocument, Meeting

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sample_meeting(tenant: Any) -> Meeting:
    """A planned board meeting of the tenant with one § (created once)."""
    meeting = Meeting.objects.filter(association=tenant.association, date=dt.date(2025, 3, 10)).first()
    if meeting is None:
        meeting = services.meeting_create(
            acting_user=None, association=tenant.association, date=dt.date(2025, 3, 10), place="Kansliet"
        )
        services.item_add(
            acting_user=None, meeting=meeting, title="Dagordning", decision=["Att fastställa dagordningen"]
        )
    return meeting


def sample_item(tenant: Any) -> AgendaItem:
    """The sample meeting's first §."""
    return sample_meeting(tenant).items.order_by("position").first()  # type: ignore[return-value]


def sample_document(tenant: Any) -> ItemDocument:
    """A PDF handling of the sample §."""
    item = sample_item(tenant)
    document = item.documents.first()
    if document is None:
        upload = SimpleUploadedFile("kallelse.pdf", PDF, content_type="application/pdf")
        document = services.document_add(acting_user=None, item=item, upload=upload)
    return document

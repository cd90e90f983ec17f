"""Sample rows for the shared access and query-count tests (samordna/testing/objects.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.governance import application_services, services
from samordna.governance.models import AgendaItem, Application, ItemDocument, Meeting, MeetingStatus

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


def sample_held_item(tenant: Any) -> AgendaItem:
    """A § with a decision of a held meeting of the tenant (2024-11-20; created once)."""
    meeting = Meeting.objects.filter(association=tenant.association, date=dt.date(2024, 11, 20)).first()
    if meeting is None:
        meeting = services.meeting_create(
            acting_user=None, association=tenant.association, date=dt.date(2024, 11, 20), place="Kansliet"
        )
        services.item_add(acting_user=None, meeting=meeting, title="Budget 2025", decision=["Att anta budgeten"])
        meeting = services.meeting_update(acting_user=None, meeting=meeting, status=MeetingStatus.HELD)
    return meeting.items.order_by("position").first()  # type: ignore[return-value]


def sample_application(tenant: Any) -> Application:
    """An application of the tenant's kommun and region for 2025–2026, under beredning (created once)."""
    application = Application.objects.filter(association=tenant.association, name="Rehabkoordinatorer").first()
    if application is None:
        application = application_services.application_create(
            acting_user=None,
            association=tenant.association,
            applicants=[tenant.kommun, tenant.region],
            amounts={2025: 500_000, 2026: 400_000},
            name="Rehabkoordinatorer",
            contact_name="Riitta Högberg",
            received_on=dt.date(2024, 9, 26),
            orientation="strukturovergripande",
            start_year=2025,
            end_year=2026,
            purpose="Gemensamma rutiner för samverkan.",
        )
        application = application_services.application_prepare(
            acting_user=None, application=application, opinion="Beredningsgruppen stödjer ansökan."
        )
    return application

"""Meeting pages and API: admins write, the board reads, insats staff 403, another förbund 404, the lock."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from samordna.governance import services
from samordna.governance.models import ItemDocument, Meeting, MeetingStatus
from samordna.governance.testing import PDF, sample_meeting
from samordna.testing.cast import Cast

Clients = Callable[[str], Client]


def _url(name: str, cast: Cast, **kwargs: object) -> str:
    return reverse(f"governance:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def _locked(cast: Cast) -> Meeting:
    meeting = sample_meeting(cast.a)
    services.meeting_update(acting_user=None, meeting=meeting, status=MeetingStatus.HELD)
    services.adjusters_set(acting_user=None, meeting=meeting, names=["Anna Ordförande"])
    return services.justify(acting_user=None, meeting=meeting, name="Anna Ordförande", on=dt.date(2025, 3, 12))


def test_admin_plans_a_meeting_adds_and_moves_items(cast: Cast, client_for: Clients) -> None:
    client = client_for("admin")
    response = client.post(
        _url("create", cast),
        {"organ": "styrelsen", "date": "2025-05-05", "place": "Kansliet", "kind": "ordinarie", "status": "planerat"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(association=cast.a.association, date=dt.date(2025, 5, 5))
    for title in ("Dagordning", "Budget"):
        response = client.post(_url("item-add", cast, pk=meeting.pk), {"title": title, "decision": "Att besluta"})
        assert response.status_code == 302
    budget = meeting.items.get(title="Budget")
    client.post(_url("item-move", cast, pk=budget.pk), {"direction": "up"})
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == ["Budget", "Dagordning"]
    page = client.get(_url("detail", cast, pk=meeting.pk)).content.decode()
    assert "SF § 1 Budget" in page and "Ingen närvaro är registrerad" in page
    response = client.post(
        _url("item-edit", cast, pk=budget.pk),
        {
            "title": "Budget 2026",
            "decision": "Att anta budgeten",
            "reservations": "Per Person (skriftlig)",
            "proposal_by": "presidiet",
            "proposal": "Att anta budgeten",
        },  # fmt: skip
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.reservations == [{"by": "Per Person", "written": True}] and budget.decision == ["Att anta budgeten"]


def test_page_without_quorum_says_so(cast: Cast, client_for: Clients) -> None:
    meeting = sample_meeting(cast.a)
    services.attendance_set(acting_user=None, meeting=meeting, present=[])
    page = client_for("viewer").get(_url("detail", cast, pk=meeting.pk)).content.decode()
    assert "Inte beslutfört: 0 beslutande av 1 ledamöter (1 behövs)" in page


def test_locked_protocol_refuses_page_writes(cast: Cast, client_for: Clients) -> None:
    meeting = _locked(cast)
    item = meeting.items.get()
    client = client_for("admin")
    response = client.post(_url("item-edit", cast, pk=item.pk), {"title": "Ändrad"}, follow=True)
    assert "Protokollet är justerat och kan inte ändras." in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Dagordning"
    response = client.get(_url("edit", cast, pk=meeting.pk), follow=True)
    assert "Protokollet är justerat och kan inte ändras." in response.content.decode()
    response = client.post(_url("attendance", cast, pk=meeting.pk), {}, follow=True)
    assert "Protokollet är justerat och kan inte ändras." in response.content.decode()


def test_locked_protocol_refuses_api_writes(cast: Cast, client_for: Clients) -> None:
    meeting = _locked(cast)
    item = meeting.items.get()
    client = client_for("admin")
    base = f"/api/v1/associations/{cast.a.association.slug}"
    response = client.patch(f"{base}/agenda-items/{item.pk}/", {"title": "Ändrad"}, content_type="application/json")
    assert response.status_code == 400 and "Protokollet är justerat" in response.content.decode()
    response = client.patch(f"{base}/meetings/{meeting.pk}/", {"place": "Annan"}, content_type="application/json")
    assert response.status_code == 400 and "Protokollet är justerat" in response.content.decode()
    response = client.post(
        f"{base}/agenda-items/", {"meeting": meeting.pk, "title": "Ny"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert client.delete(f"{base}/meetings/{meeting.pk}/").status_code == 400
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_api_reads_and_writes(cast: Cast, client_for: Clients) -> None:
    base = f"/api/v1/associations/{cast.a.association.slug}"
    admin = client_for("admin")
    response = admin.post(f"{base}/meetings/", {"date": "2025-06-01", "place": "Sala"}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = admin.post(
        f"{base}/agenda-items/",
        {"meeting": pk, "title": "Dagordning", "decision": ["Att fastställa dagordningen"]},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["label"] == "SF § 1"
    body = client_for("viewer").get(f"{base}/meetings/{pk}/").json()
    assert body["items"][0]["decision"] == ["Att fastställa dagordningen"]
    assert client_for("viewer").post(f"{base}/meetings/", {"date": "2025-07-01"}).status_code == 403
    for name in ("intervention_manager", "registrar", "manager_registrar"):
        assert client_for(name).get(f"{base}/meetings/").status_code == 403
    assert client_for("admin_b").get(f"{base}/meetings/{pk}/").status_code == 404


@pytest.mark.parametrize("name", ["intervention_manager", "registrar", "manager_registrar"])
def test_insats_staff_get_403(cast: Cast, client_for: Clients, name: str) -> None:
    meeting = sample_meeting(cast.a)
    assert client_for(name).get(_url("list", cast)).status_code == 403
    assert client_for(name).get(_url("detail", cast, pk=meeting.pk)).status_code == 403


def test_other_forbund_meeting_is_404(cast: Cast, client_for: Clients) -> None:
    other = sample_meeting(cast.b)
    assert client_for("admin").get(_url("detail", cast, pk=other.pk)).status_code == 404
    assert client_for("viewer").get(_url("protocol", cast, pk=other.pk)).status_code == 404


def test_board_downloads_protocol_and_handlingar(cast: Cast, client_for: Clients) -> None:
    meeting = sample_meeting(cast.a)
    item = meeting.items.get()
    admin = client_for("admin")
    response = admin.post(
        _url("document-upload", cast, pk=item.pk), {"file": SimpleUploadedFile("kallelse.pdf", PDF)}, follow=True
    )
    assert "Handlingen är uppladdad." in response.content.decode()
    document = ItemDocument.objects.get(item=item)
    viewer = client_for("viewer")
    response = viewer.get(_url("document", cast, pk=document.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    response = viewer.get(_url("protocol", cast, pk=meeting.pk) + "?format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "SF § 1 Dagordning" in text and "ANSLAG/BEVIS" in text


def test_page_upload_refuses_non_document_and_oversized(cast: Cast, client_for: Clients, settings: object) -> None:
    item = sample_meeting(cast.a).items.get()
    admin = client_for("admin")
    response = admin.post(
        _url("document-upload", cast, pk=item.pk), {"file": SimpleUploadedFile("virus.exe", b"MZ")}, follow=True
    )
    assert "PDF, Word (DOCX) eller Excel (XLSX)" in response.content.decode()
    settings.SAMORDNA_MAX_UPLOAD_BYTES = 8  # type: ignore[attr-defined]
    response = admin.post(
        _url("document-upload", cast, pk=item.pk), {"file": SimpleUploadedFile("stor.pdf", PDF)}, follow=True
    )
    assert "Filen är för stor" in response.content.decode()
    assert not ItemDocument.objects.filter(item=item).exists()


def test_justering_and_anslag_through_the_pages(cast: Cast, client_for: Clients) -> None:
    meeting = sample_meeting(cast.a)
    admin = client_for("admin")
    services.meeting_update(acting_user=None, meeting=meeting, status=MeetingStatus.HELD)
    admin.post(_url("justify", cast, pk=meeting.pk), {"names": "Anna Ordförande\nPer Justerare"})
    assert list(meeting.adjusters.values_list("name", flat=True)) == ["Anna Ordförande", "Per Justerare"]
    response = admin.post(
        _url("justify", cast, pk=meeting.pk), {"name": "Per Justerare", "on": "2025-03-01"}, follow=True
    )
    assert "före mötet" in response.content.decode()
    for name in ("Anna Ordförande", "Per Justerare"):
        admin.post(_url("justify", cast, pk=meeting.pk), {"name": name, "on": "2025-03-14"})
    meeting.refresh_from_db()
    assert meeting.locked and meeting.justified_on == dt.date(2025, 3, 14)
    response = admin.post(
        _url("posting", cast, pk=meeting.pk),
        {"posting_published": "2025-03-20", "posting_removed": "2025-03-19", "posting_storage": "Kansliet"},
    )
    assert response.status_code == 400 and "efter att det publicerats" in response.content.decode()
    response = admin.post(
        _url("posting", cast, pk=meeting.pk),
        {
            "posting_published": "2025-03-14",
            "posting_removed": "2025-04-08",
            "posting_storage": "Kansliet",
            "posting_responsible": "Förbundschefen",
        },  # fmt: skip
    )
    assert response.status_code == 302
    page = client_for("viewer").get(_url("detail", cast, pk=meeting.pk)).content.decode()
    assert "2025-04-08" in page and "Protokollet är justerat och kan inte ändras." in page


def test_help_page(cast: Cast, client_for: Clients) -> None:
    response = client_for("viewer").get(reverse("help", kwargs={"topic": "moten"}))
    assert response.status_code == 200 and "justerat" in response.content.decode()

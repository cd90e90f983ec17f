"""Meetings through the services: numbering per year and organ, renumbering, the lock, attendance, uploads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from samordna.governance import selectors, services
from samordna.governance.models import AttendanceRole, ItemDocument, Meeting, MeetingStatus
from samordna.governance.testing import PDF
from samordna.organisations import services as org_services
from samordna.testing.cast import Cast


def _meeting(cast: Cast, date: dt.date, titles: list[str], **fields: object) -> Meeting:
    meeting = services.meeting_create(acting_user=None, association=cast.a.association, date=date, **fields)
    for title in titles:
        services.item_add(acting_user=None, meeting=meeting, title=title)
    return meeting


def _numbers(meeting: Meeting) -> list[int]:
    return list(meeting.items.order_by("position").values_list("number", flat=True))


def _hold(meeting: Meeting) -> Meeting:
    return services.meeting_update(acting_user=None, meeting=meeting, status=MeetingStatus.HELD)


def test_numbers_run_on_within_the_year_and_restart(cast: Cast) -> None:
    first = _meeting(cast, dt.date(2024, 2, 1), ["A", "B", "C"], first_number=10)
    second = _meeting(cast, dt.date(2024, 4, 1), ["D", "E"])
    other_organ = _meeting(cast, dt.date(2024, 4, 2), ["X"], organ="medlemssamråd")
    next_year = _meeting(cast, dt.date(2025, 2, 1), ["F"])
    assert _numbers(first) == [10, 11, 12]
    assert _numbers(second) == [13, 14]
    assert _numbers(other_organ) == [1]
    assert _numbers(next_year) == [1]
    label = second.items.first()
    assert label is not None and label.label == "SF § 13"


def test_moving_and_removing_items_renumbers_later_meetings(cast: Cast) -> None:
    first = _meeting(cast, dt.date(2024, 2, 1), ["A", "B", "C"])
    second = _meeting(cast, dt.date(2024, 4, 1), ["D"])
    c = first.items.get(title="C")
    services.item_move(acting_user=None, item=c, up=True)
    assert list(first.items.order_by("position").values_list("title", "number")) == [("A", 1), ("C", 2), ("B", 3)]
    services.item_delete(acting_user=None, item=first.items.get(title="A"))
    assert _numbers(first) == [1, 2] and _numbers(second) == [3]


def test_numbers_frozen_once_held(cast: Cast) -> None:
    first = _hold(_meeting(cast, dt.date(2024, 2, 1), ["A", "B"]))
    with pytest.raises(ValidationError, match="genomfört"):
        services.item_move(acting_user=None, item=first.items.get(title="B"), up=True)
    with pytest.raises(ValidationError, match="genomfört"):
        services.item_add(acting_user=None, meeting=first, title="C")
    later = _meeting(cast, dt.date(2024, 3, 1), ["C"])
    assert _numbers(later) == [3]


def _justified(cast: Cast) -> Meeting:
    meeting = _hold(_meeting(cast, dt.date(2024, 2, 1), ["A"]))
    services.adjusters_set(acting_user=None, meeting=meeting, names=["Anna Ordförande", "Per Justerare"])
    with pytest.raises(ValidationError, match="före mötet"):
        services.justify(acting_user=None, meeting=meeting, name="Per Justerare", on=dt.date(2024, 1, 31))
    services.justify(acting_user=None, meeting=meeting, name="Anna Ordförande", on=dt.date(2024, 2, 5))
    meeting.refresh_from_db()
    assert not meeting.locked
    meeting = services.justify(acting_user=None, meeting=meeting, name="Per Justerare", on=dt.date(2024, 2, 9))
    assert meeting.locked and meeting.justified_on == dt.date(2024, 2, 9)
    return meeting


def test_justified_protocol_is_locked(cast: Cast) -> None:
    meeting = _justified(cast)
    item = meeting.items.get()
    for write in (
        lambda: services.item_update(acting_user=None, item=item, title="Ny"),
        lambda: services.meeting_update(acting_user=None, meeting=meeting, place="Annan"),
        lambda: services.attendance_set(acting_user=None, meeting=meeting, present=[]),
        lambda: services.adjusters_set(acting_user=None, meeting=meeting, names=["X"]),
        lambda: services.meeting_delete(acting_user=None, meeting=meeting),
    ):
        with pytest.raises(ValidationError, match="Protokollet är justerat och kan inte ändras"):
            write()


def test_posting_after_justering_and_in_order(cast: Cast) -> None:
    meeting = _hold(_meeting(cast, dt.date(2024, 2, 1), ["A"]))
    with pytest.raises(ValidationError, match="justerat"):
        services.posting_set(acting_user=None, meeting=meeting, posting_published=dt.date(2024, 2, 10))
    meeting.delete()
    meeting = _justified(cast)
    with pytest.raises(ValidationError, match="efter att det publicerats"):
        services.posting_set(
            acting_user=None,
            meeting=meeting,
            posting_published=dt.date(2024, 2, 10),
            posting_removed=dt.date(2024, 2, 10),
        )
    services.posting_set(
        acting_user=None,
        meeting=meeting,
        posting_published=dt.date(2024, 2, 10),
        posting_removed=dt.date(2024, 3, 3),
        posting_storage="Kansliet",
        posting_responsible="Förbundschefen",
    )
    meeting.refresh_from_db()
    assert meeting.posting_removed == dt.date(2024, 3, 3)


def test_attendance_and_quorum(cast: Cast) -> None:
    tenant = cast.a
    chair = tenant.board_seat
    deputy = org_services.board_seat_create(
        acting_user=None,
        association=tenant.association,
        person_name="Eva Ersättare",
        seat_type="ersattare",
        appointed_by=tenant.kommun,
        term_start=dt.date(2023, 1, 1),
    )
    other = org_services.board_seat_create(
        acting_user=None,
        association=tenant.association,
        person_name="Rolf Region",
        seat_type="ledamot",
        appointed_by=tenant.region,
        term_start=dt.date(2023, 1, 1),
    )
    meeting = _meeting(cast, dt.date(2024, 2, 1), [])
    with pytest.raises(ValidationError, match="ingen frånvarande ledamot"):
        services.attendance_set(acting_user=None, meeting=meeting, present=[chair.pk, other.pk], serving=[deputy.pk])
    services.attendance_set(
        acting_user=None,
        meeting=meeting,
        present=[other.pk],
        serving=[deputy.pk],
        others=[("Ann Chef", "förbundschef")],
    )
    groups = selectors.attendance_groups(meeting)
    assert [r.name for r in groups["beslutande"]] == ["Rolf Region", "Eva Ersättare"] or [
        r.name for r in groups["beslutande"]
    ] == ["Eva Ersättare", "Rolf Region"]
    assert [r.name for r in groups["franvarande"]] == ["Anna Ordförande"]
    assert groups["ovriga"][0].role == AttendanceRole.OTHER
    quorum = selectors.quorum(meeting)
    assert (quorum.seats, quorum.voting, quorum.needed, quorum.reached) == (2, 2, 2, True)
    services.attendance_set(acting_user=None, meeting=meeting, present=[other.pk])
    assert not selectors.quorum(meeting).reached
    services.quorum_set(acting_user=None, association=tenant.association, quorum_minimum=1)
    assert selectors.quorum(meeting).reached


def test_upload_refuses_non_documents_and_oversized_files(cast: Cast) -> None:
    item = _meeting(cast, dt.date(2024, 2, 1), ["A"]).items.get()
    fake = SimpleUploadedFile("handling.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, Word"):
        services.document_add(acting_user=None, item=item, upload=fake)
    exe = SimpleUploadedFile("program.exe", PDF)
    with pytest.raises(ValidationError, match="PDF, Word"):
        services.document_add(acting_user=None, item=item, upload=exe)
    with override_settings(SAMORDNA_MAX_UPLOAD_BYTES=10), pytest.raises(ValidationError, match="för stor"):
        services.document_add(acting_user=None, item=item, upload=SimpleUploadedFile("a.pdf", PDF))
    assert ItemDocument.objects.count() == 0
    document = services.document_add(acting_user=None, item=item, upload=SimpleUploadedFile("a.pdf", PDF))
    assert document.file.name.startswith(f"governance/{cast.a.association.slug}/")

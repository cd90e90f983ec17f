"""Events and attendance: services refuse bad input, write audit rows, and the sums add up (both databases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samordna.activities import selectors, services
from samordna.activities.models import Attendance, Event
from samordna.activities.tests.helpers import make_event
from samordna.core.models import AuditEntry
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def test_create_update_delete_write_audit_rows(cast: Cast) -> None:
    before = AuditEntry.objects.count()
    event = make_event(cast.a, organisers="I samverkan med Region Test")
    assert AuditEntry.objects.count() == before + 1
    services.event_update(acting_user=None, event=event, title=event.title)  # unchanged: no row
    assert AuditEntry.objects.count() == before + 1
    services.event_update(acting_user=None, event=event, title="Ny titel")
    assert AuditEntry.objects.count() == before + 2
    services.attendance_replace(acting_user=None, event=event, grid={(cast.a.kommun.pk, "chef"): 2})
    services.event_delete(acting_user=None, event=event)
    assert not Event.objects.exists() and not Attendance.objects.exists()
    assert AuditEntry.objects.count() == before + 5


def test_end_before_start_is_refused_by_the_service_and_the_database(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        make_event(cast.a, date=dt.date(2024, 5, 2), end_date=dt.date(2024, 5, 1))
    assert "Slutdatum kan inte ligga före datum." in str(refused.value)
    event = make_event(cast.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end_date=event.date - dt.timedelta(days=1))


def test_an_individual_insats_or_another_forbunds_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        make_event(cast.a, intervention=cast.a.intervention)
    assert "strukturövergripande" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        make_event(cast.a, intervention=cast.b.structural)
    assert "tillhör inte förbundet" in str(refused.value)


def test_days_and_evaluation_are_checked(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        make_event(cast.a, days=Decimal("-1"))
    with pytest.raises(ValidationError) as refused:
        make_event(cast.a, responses=10, satisfied=11)
    assert "fler än antalet svar" in str(refused.value)
    event = make_event(cast.a, responses=40, satisfied=30, days=Decimal("2.5"))
    assert event.satisfied_share == 75


@pytest.mark.parametrize("count", [-1, 2.5, "3", True])
def test_attendance_counts_must_be_whole_and_not_negative(cast: Cast, count: object) -> None:
    event = make_event(cast.a)
    with pytest.raises(ValidationError) as refused:
        services.attendance_replace(acting_user=None, event=event, grid={(cast.a.kommun.pk, "chef"): count})  # type: ignore[dict-item]
    assert "heltal" in str(refused.value)
    assert not Attendance.objects.exists()


def test_attendance_of_another_forbunds_member_or_an_unknown_role_is_refused(cast: Cast) -> None:
    event = make_event(cast.a)
    with pytest.raises(ValidationError):
        services.attendance_replace(acting_user=None, event=event, grid={(cast.b.kommun.pk, "chef"): 1})
    with pytest.raises(ValidationError):
        services.attendance_replace(acting_user=None, event=event, grid={(cast.a.kommun.pk, "vd"): 1})
    assert not Attendance.objects.exists()


def test_attendance_count_not_negative_in_the_database(cast: Cast) -> None:
    event = make_event(cast.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(event=event, member=None, role="chef", count=-3)


def test_others_are_unique_per_role_in_the_database(cast: Cast) -> None:
    event = make_event(cast.a)
    Attendance.objects.create(event=event, member=None, role="chef", count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(event=event, member=None, role="chef", count=2)


def test_replacing_the_grid_writes_one_row_per_changed_cell(cast: Cast) -> None:
    event = make_event(cast.a)
    a = cast.a
    grid = {(a.kommun.pk, "chef"): 2, (a.kommun.pk, "medarbetare"): 10, (a.fk.pk, "medarbetare"): 4, (None, "annan"): 3}
    before = AuditEntry.objects.count()
    assert services.attendance_replace(acting_user=None, event=event, grid=grid) == 4
    assert AuditEntry.objects.count() == before + 4
    assert services.attendance_replace(acting_user=None, event=event, grid=grid) == 0
    assert AuditEntry.objects.count() == before + 4
    changed = {**grid, (a.kommun.pk, "chef"): 3, (a.fk.pk, "medarbetare"): 0}
    del changed[(None, "annan")]
    assert services.attendance_replace(acting_user=None, event=event, grid=changed) == 3
    assert selectors.event_grid(event) == {(a.kommun.pk, "chef"): 3, (a.kommun.pk, "medarbetare"): 10}


def test_attendance_sums_per_member_and_role(cast: Cast) -> None:
    a = cast.a
    first = make_event(a, "U1", date=dt.date(2024, 2, 1))
    second = make_event(a, "U2", date=dt.date(2024, 11, 30), intervention=None)
    other_year = make_event(a, "U3", date=dt.date(2023, 12, 31))
    other_forbund = make_event(cast.b, "U1", date=dt.date(2024, 2, 1))
    services.attendance_replace(
        acting_user=None,
        event=first,
        grid={(a.kommun.pk, "chef"): 2, (a.kommun.pk, "medarbetare"): 10, (a.region.pk, "medarbetare"): 5},
    )
    services.attendance_replace(
        acting_user=None,
        event=second,
        grid={(a.kommun.pk, "chef"): 1, (a.fk.pk, "annan"): 4, (None, "annan"): 7, (None, "medarbetare"): 1},
    )
    services.attendance_replace(acting_user=None, event=other_year, grid={(a.kommun.pk, "chef"): 100})
    services.attendance_replace(acting_user=None, event=other_forbund, grid={(cast.b.kommun.pk, "chef"): 50})

    sums = selectors.attendance_sums(association=a.association, first=dt.date(2024, 1, 1), last=dt.date(2024, 12, 31))
    assert sums.total == 30
    assert sums.by_event == {first.pk: 17, second.pk: 13}
    assert sums.by_member == {a.kommun.pk: 13, a.region.pk: 5, a.fk.pk: 4, None: 8}
    assert sums.by_role == {"chef": 3, "medarbetare": 16, "annan": 11}
    assert sums.by_member_role[(a.kommun.pk, "chef")] == 3
    assert sums.by_member_role[(None, "annan")] == 7
    assert selectors.attendance_by_member_role(association=a.association, year=2024) == sums.by_member_role
    assert selectors.attendance_by_member_role(
        association=a.association, year=2024, intervention_ids=[a.structural.pk]
    ) == {
        (a.kommun.pk, "chef"): 2,
        (a.kommun.pk, "medarbetare"): 10,
        (a.region.pk, "medarbetare"): 5,
    }
    assert selectors.attendance_total(a.association, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == 30
    assert (
        selectors.attendance_total(a.association, dt.date(2024, 1, 1), dt.date(2024, 12, 31), [a.structural.pk]) == 17
    )
    assert selectors.attendance_total(a.association, dt.date(2024, 1, 1), dt.date(2024, 12, 31), []) == 0
    assert selectors.attendance_total(a.association, dt.date(2023, 1, 1), dt.date(2024, 6, 30)) == 117
    listed = {e.code: e.total for e in selectors.filtered(Event.objects.for_association(a.association), year=2024)}
    assert listed == {"U1": 17, "U2": 13}

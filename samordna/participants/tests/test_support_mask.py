"""Enrollment.support_before_mask follows the support-before links on every write path."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from samordna.core.models import AuditEntry, CodeList, CodeListEntry
from samordna.participants import services, support_mask
from samordna.participants.importer import run_import
from samordna.participants.models import Enrollment
from samordna.participants.tests.helpers import code, enroll
from samordna.reports.participant_stats import build_participant_report
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def expected(enrollment: Enrollment) -> int:
    """The mask computed in Python from the links, by each code's bit."""
    return sum(1 << entry.bit for entry in enrollment.support_before.all())


def stored(enrollment: Enrollment) -> int:
    return Enrollment.objects.values_list("support_before_mask", flat=True).get(pk=enrollment.pk)


def test_every_support_code_has_its_own_bit() -> None:
    bits = list(CodeListEntry.objects.filter(list=CodeList.SUPPORT).values_list("bit", flat=True))
    assert None not in bits and len(set(bits)) == len(bits) == 10
    assert not CodeListEntry.objects.exclude(list=CodeList.SUPPORT).filter(bit__isnull=False).exists()


def test_a_new_support_code_gets_the_next_bit_and_is_counted(cast: Cast) -> None:
    top = max(CodeListEntry.objects.filter(list=CodeList.SUPPORT).values_list("bit", flat=True))
    new = CodeListEntry.objects.create(list=CodeList.SUPPORT, code="lokalt_stod", label="Lokalt stöd")
    assert new.bit == top + 1
    enrollment = enroll(cast.a.intervention, support_before=[new, code("support", "sjukpenning")])
    assert stored(enrollment) == expected(enrollment) == (1 << new.bit) | (1 << code("support", "sjukpenning").bit)
    report = build_participant_report(
        association=cast.a.association, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)
    )
    counted = {row["code"]: row["all"] for row in report["support_before"]}
    assert counted["lokalt_stod"] == counted["sjukpenning"] == 1 and counted["forsorjningsstod"] == 0


def test_services_keep_the_mask(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention, support_before=[code("support", "forsorjningsstod")])
    assert stored(enrollment) == expected(enrollment) != 0
    services.enrollment_update(
        acting_user=None,
        enrollment=enrollment,
        support_before=[code("support", "aktivitetsstod"), code("support", "lon")],
    )
    assert (
        stored(enrollment)
        == expected(enrollment)
        == sum(1 << code("support", c).bit for c in ("aktivitetsstod", "lon"))
    )
    services.enrollment_update(acting_user=None, enrollment=enrollment, support_before=[])
    assert stored(enrollment) == 0


def test_orm_changes_of_the_links_keep_the_mask(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention)
    enrollment.support_before.add(code("support", "sjukersattning"))
    assert stored(enrollment) == expected(enrollment) != 0
    enrollment.support_before.remove(code("support", "sjukersattning"))
    assert stored(enrollment) == 0
    enrollment.support_before.set([code("support", "annan")])
    enrollment.support_before.clear()
    assert stored(enrollment) == 0


def test_import_writes_and_updates_the_mask(cast: Cast, tmp_path: Path) -> None:
    header = "participant,intervention,gender,birth_year,municipality,start_date,support_before"
    path = tmp_path / "deltagare.csv"
    path.write_text(
        f"{header}\nMK-001,1063,kvinna,1990,1980,2024-01-10,forsorjningsstod|sjukpenning\n"
        f"MK-002,1063,man,1980,1980,2024-02-10,\n",
        encoding="utf-8",
    )
    assert run_import(association=cast.a.association, source=str(path), filename=path.name).ok
    first, second = (Enrollment.objects.get(participant__code=c) for c in ("MK-001", "MK-002"))
    assert stored(first) == expected(first) != 0 and stored(second) == 0
    path.write_text(
        f"{header}\nMK-001,1063,kvinna,1990,1980,2024-01-10,lon\nMK-002,1063,man,1980,1980,2024-02-10,ingen|annan\n",
        encoding="utf-8",
    )
    assert run_import(association=cast.a.association, source=str(path), filename=path.name).ok
    assert stored(first) == expected(first) == 1 << code("support", "lon").bit
    assert stored(second) == expected(second) == sum(1 << code("support", c).bit for c in ("ingen", "annan"))
    assert support_mask.mismatches() == (0, [])


def test_the_command_finds_and_repairs_a_mask_out_of_step(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention, support_before=[code("support", "lon")])
    call_command("support_masks", stdout=io.StringIO())
    with connection.cursor() as cursor:  # as a raw write elsewhere might leave it
        cursor.execute(f"UPDATE {Enrollment._meta.db_table} SET support_before_mask = 0")
    with pytest.raises(CommandError):
        call_command("support_masks", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("support_masks", "--repair", stdout=out)
    assert "1 " in out.getvalue() and stored(enrollment) == expected(enrollment) != 0
    entry = AuditEntry.objects.filter(object_repr="support_before_mask").get()
    assert entry.changes == {"support_before_mask": {"recomputed": 1}}


def test_a_deleted_support_code_leaves_no_bit_behind_for_a_new_one(cast: Cast) -> None:
    old = CodeListEntry.objects.create(list=CodeList.SUPPORT, code="tillfalligt", label="Tillfälligt stöd")
    enrollment = enroll(cast.a.intervention, support_before=[old, code("support", "lon")])
    old.delete()  # its links go with it (cascade)
    assert stored(enrollment) == expected(enrollment) == 1 << code("support", "lon").bit
    new = CodeListEntry.objects.create(list=CodeList.SUPPORT, code="nytt", label="Nytt stöd")
    report = build_participant_report(
        association=cast.a.association, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)
    )
    assert new.bit == old.bit and {r["code"]: r["all"] for r in report["support_before"]}["nytt"] == 0

"""Enrollment.support_before_mask matches the support_before links after every write path, and bits stay put."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from samordna.core.models import CodeList, CodeListEntry
from samordna.participants import services
from samordna.participants.importer import run_import
from samordna.participants.models import Enrollment, SupportBit
from samordna.participants.support_mask import mask_mismatches, support_bits
from samordna.participants.tests.helpers import code, enroll
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
BASE = "/api/v1/associations/alfa"
HEADER = "participant,intervention,gender,birth_year,municipality,start_date,support_before"


def expected(enrollment: Enrollment) -> int:
    """The mask computed here from the links and the bit table."""
    bits = dict(SupportBit.objects.values_list("entry_id", "bit"))
    return sum(1 << bits[pk] for pk in enrollment.support_before.values_list("pk", flat=True))


def assert_in_step(enrollment: Enrollment, codes: set[str]) -> None:
    enrollment.refresh_from_db()
    assert set(enrollment.support_before.values_list("code", flat=True)) == codes
    assert enrollment.support_before_mask == expected(enrollment)
    assert (enrollment.support_before_mask != 0) == bool(codes)
    assert mask_mismatches() == []


def test_services_keep_the_mask_with_the_links(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention, support_before=[code("support", "forsorjningsstod")])
    assert_in_step(enrollment, {"forsorjningsstod"})
    pair = [code("support", "sjukpenning"), code("support", "lon")]
    enrollment = services.enrollment_update(acting_user=None, enrollment=enrollment, support_before=pair)
    assert_in_step(enrollment, {"sjukpenning", "lon"})
    services.enrollment_update(acting_user=None, enrollment=enrollment, years_in_support_before=2)  # mask untouched
    assert_in_step(enrollment, {"sjukpenning", "lon"})
    services.enrollment_update(acting_user=None, enrollment=enrollment, support_before=[])
    assert_in_step(enrollment, set())


def test_import_keeps_the_mask_for_new_and_changed_rows(cast: Cast) -> None:
    def load(codes: str) -> None:
        line = f"MK-001,1063,kvinna,1990,1980,2024-01-10,{codes}\n"
        assert run_import(association=cast.a.association, source=f"{HEADER}\n{line}".encode()).ok

    load("forsorjningsstod|aktivitetsstod")
    enrollment = Enrollment.objects.get(participant__code="MK-001")
    assert_in_step(enrollment, {"forsorjningsstod", "aktivitetsstod"})
    load("annan")
    assert_in_step(enrollment, {"annan"})
    load("")
    assert_in_step(enrollment, set())


def test_api_keeps_the_mask(cast: Cast, client_for: Callable[[str], Client]) -> None:
    api = client_for("registrar")
    data = {
        "participant": "",
        "gender": "man",
        "birth_year": 1988,
        "municipality": "1980",
        "intervention": "1063",
        "start_date": "2024-03-01",
        "support_before": ["forsorjningsstod", "aktivitetsstod"],
    }
    response = api.post(f"{BASE}/enrollments/", data, content_type="application/json")
    assert response.status_code == 201, response.content
    enrollment = Enrollment.objects.get(pk=response.json()["id"])
    assert_in_step(enrollment, {"forsorjningsstod", "aktivitetsstod"})
    response = api.patch(
        f"{BASE}/enrollments/{enrollment.pk}/", {"support_before": ["ingen"]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert_in_step(enrollment, {"ingen"})


def test_a_new_code_gets_a_new_bit_and_old_bits_keep_their_meaning(cast: Cast) -> None:
    before = support_bits()
    first = min(before, key=before.__getitem__)
    CodeListEntry.objects.filter(pk=first).update(is_active=False, sort_order=99, code="omdopt")
    added = CodeListEntry.objects.create(list=CodeList.SUPPORT, code="ny", label="Ny försörjning")
    after = support_bits()
    assert {pk: after[pk] for pk in before} == before
    assert after[added.pk] not in before.values()
    enrollment = enroll(cast.a.intervention, support_before=[added])
    assert_in_step(enrollment, {"ny"})
    assert enrollment.support_before_mask == 1 << after[added.pk]


def test_mask_mismatches_finds_a_mask_out_of_step(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention, support_before=[code("support", "forsorjningsstod")])
    Enrollment.objects.filter(pk=enrollment.pk).update(support_before_mask=0)
    assert mask_mismatches() == [enrollment.pk]

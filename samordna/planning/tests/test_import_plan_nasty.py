"""The plan JSON importer against the shared nasty-input corpus, through the command and the upload page.

Every broken file gives Swedish messages naming the line or JSON path, exit 1 or a 200 page, never a traceback
or a 500, and writes nothing, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.planning.models import Goal, Indicator, Plan
from samordna.planning.tests.plan_files import encode, plan_document
from samordna.planning.tests.test_import_plan import run
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

VARIANTS = nasty.json_variants(plan_document())


def _counts() -> tuple[int, int, int, int]:
    return Plan.objects.count(), Goal.objects.count(), Indicator.objects.count(), AuditEntry.objects.count()


def _with(path: list[Any], raw: bytes) -> bytes:
    """The valid document with `raw` JSON text placed at `path`."""
    document = plan_document()
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = "__VALUE__"
    return encode(document).replace(b'"__VALUE__"', raw)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_command_refuses_each_nasty_file(cast: Cast, variant: str) -> None:
    before = _counts()
    code, _out, err = run(cast, VARIANTS[variant])
    assert code == 1, (variant, err)
    assert "Inget sparades" in err and "Traceback" not in err
    assert _counts() == before


TEXT_FIELDS = [
    ["plan", "title"],
    ["plan", "code"],
    ["goal_areas", 0, "name"],
    ["goal_areas", 0, "goals", 0, "text"],
    ["goal_areas", 0, "goals", 0, "code"],
    ["goal_areas", 0, "goals", 0, "indicators", 0, "name"],
    ["goal_areas", 0, "goals", 0, "assessments", 0, "comment"],
]


@pytest.mark.parametrize("name", sorted(nasty.TEXT))
@pytest.mark.parametrize("where", range(len(TEXT_FIELDS)))
def test_nasty_text_is_refused_by_path_or_stored_as_given(cast: Cast, name: str, where: int) -> None:
    path = TEXT_FIELDS[where]
    before = _counts()
    code, _out, err = run(cast, _with(path, json.dumps(nasty.TEXT[name]).encode()))
    assert "Traceback" not in err
    if code == 1:
        shown = ".".join(str(p) for p in path).replace(".0", "[0]")
        assert shown in err, (name, err)
        assert _counts() == before
    else:
        assert code == 0
        assert Plan.objects.count() == 1


@pytest.mark.parametrize("name", sorted(nasty.NUMBERS))
def test_nasty_numbers_are_refused_by_path(cast: Cast, name: str) -> None:
    text = nasty.NUMBERS[name]
    before = _counts()
    for raw, path in (
        (text.encode(), ["goal_areas", 0, "goals", 0, "indicators", 0, "target"]),
        (json.dumps(text).encode(), ["goal_areas", 0, "goals", 0, "indicators", 0, "target"]),
        (json.dumps(text).encode(), ["plan", "from_year"]),
    ):
        code, _out, err = run(cast, _with(path, raw))
        assert "Traceback" not in err
        if code == 0:  # a plain number the field takes, e.g. -0
            Plan.objects.all().delete()
            continue
        assert code == 1
        assert "rad " in err or ".target" in err or "plan.from_year" in err, (name, err)
    assert _counts()[:3] == before[:3]


def _page(cast: Cast) -> str:
    return reverse("planning:import", kwargs={"association": cast.a.association.slug})


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_page_shows_the_message_and_writes_nothing(cast: Cast, client_for: Any, variant: str) -> None:
    before = _counts()
    response = client_for(Role.ADMIN).post(_page(cast), {"file": SimpleUploadedFile("plan.json", VARIANTS[variant])})
    assert response.status_code == 200, variant
    body = response.content.decode()
    assert "Inget importerades" in body or "tom" in body, (variant, body[-1500:])
    assert _counts() == before


def test_page_refuses_a_huge_integer_with_its_path(cast: Cast, client_for: Any) -> None:
    data = _with(["goal_areas", 0, "goals", 0, "indicators", 0, "target"], b"9" * 5_000)
    response = client_for(Role.ADMIN).post(_page(cast), {"file": SimpleUploadedFile("plan.json", data)})
    assert response.status_code == 200
    assert "goal_areas[0].goals[0].indicators[0].target" in response.content.decode()
    assert not Plan.objects.exists()


def test_page_without_a_file_asks_for_one(cast: Cast, client_for: Any) -> None:
    response = client_for(Role.ADMIN).post(_page(cast), {})
    assert response.status_code == 200
    assert not Plan.objects.exists()

"""The import template (mall.xlsx) is written as safely as the report exports: names are text, never formulas."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samordna.interventions.models import Intervention
from samordna.organisations.models import Member
from samordna.testing.cast import Cast
from samordna.testing.nasty import TEXT

pytestmark = pytest.mark.django_db


def download(cast: Cast, client_for: Any) -> Any:
    response = client_for("registrar").get(
        reverse("participants:import-template", kwargs={"association": cast.a.association.slug})
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    return load_workbook(io.BytesIO(response.content))


def test_formula_names_in_the_template_are_strings(cast: Cast, client_for: Any) -> None:
    Intervention.objects.filter(pk=cast.a.intervention.pk).update(name=TEXT["formula_eq"])
    names = {cast.a.fk.pk: TEXT["formula_plus"], cast.a.region.pk: TEXT["formula_minus"]}
    names[cast.a.kommun.pk] = TEXT["formula_at"]
    for pk, name in names.items():
        Member.objects.filter(pk=pk).update(name=name)
    lists = download(cast, client_for)["Kodlistor"]
    wanted = {TEXT["formula_eq"], *names.values()}
    found = {cell.value: cell for row in lists.iter_rows() for cell in row if cell.value in wanted}
    assert set(found) == wanted  # each name is in the file, as written
    for value, cell in found.items():
        assert cell.data_type == "s", (value, cell.data_type)  # "f" would be a live formula
        assert cell.quotePrefix, value


def test_control_characters_are_stripped_from_the_template(cast: Cast, client_for: Any) -> None:
    Intervention.objects.filter(pk=cast.a.intervention.pk).update(name=TEXT["control"])
    Member.objects.filter(pk=cast.a.fk.pk).update(name=TEXT["vertical_tab"])  # (PostgreSQL stores no NUL)
    workbook = download(cast, client_for)
    values = [str(c.value) for s in workbook.worksheets for row in s.iter_rows() for c in row if c.value]
    assert "klocka escape[31m" in values and "radett" in values
    assert not any(ch in v for v in values for ch in "\x07\x0b\x1b")

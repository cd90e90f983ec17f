"""The import kit on its own: problem collection, readers and parsers against the nasty-input corpus."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from samordna.core.imports import (
    ImportFailed,
    Problem,
    ProblemList,
    iter_csv,
    iter_xlsx,
    load_json,
    parse_amount,
    parse_decimal,
    parse_integer,
    read_csv,
    read_upload,
)
from samordna.testing import nasty


def test_problem_list_keeps_a_hundred_and_counts_the_rest() -> None:
    problems = ProblemList()
    for row in range(2, 1_002):
        problems.add(Problem(row, "amount", "fel"))
    lines = problems.lines()
    assert len(lines) == 101 and lines[0] == "rad 2, kolumn amount: fel"
    assert lines[-1] == "… och 900 problem till"
    error = ImportFailed(problems)
    assert error.total == 1000 and len(error.problems) == 100


def test_problem_names_file_row_column_and_path() -> None:
    assert str(Problem(3, "year", "ogiltigt år", file="b.csv")) == "b.csv: rad 3, kolumn year: ogiltigt år"
    assert str(Problem(None, "", "för stort", path="members[2].population.2017")) == (
        "members[2].population.2017: för stort"
    )


def test_csv_rows_keep_their_spreadsheet_numbers_across_quoted_newlines() -> None:
    data = b'a,b\n1,"two\nlines"\n\n3,4\n'
    problems = ProblemList()
    assert list(iter_csv(data, problems=problems)) == [
        (1, ["a", "b"]),
        (2, ["1", "two\nlines"]),
        (3, []),
        (4, ["3", "4"]),
    ]
    assert not problems


def test_csv_windows_1252_and_semicolons() -> None:
    header, rows = read_csv("namn;belopp\nÅsa;-1 200 000\n".encode("cp1252"))
    assert header == ["namn", "belopp"] and rows == [(2, {"namn": "Åsa", "belopp": "-1 200 000"})]


@pytest.mark.parametrize("name", ["nul", "control", "vertical_tab"])
def test_csv_control_characters_are_refused_with_row_and_column(name: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        read_csv(nasty.csv_bytes([["a", "b"], ["x", nasty.TEXT[name]]]))
    assert str(refused.value.problems[0]).startswith("rad 2, kolumn b: fältet innehåller")


def test_amounts_are_checked_against_the_field() -> None:
    assert parse_amount("-1 200 000") == Decimal(-1_200_000)
    assert parse_amount("999999999999,99") == Decimal("999999999999.99")
    for text in ("1234567890123", "1" * 30, "9" * 5_000, "1e400", "NaN", "\u0661\u0662", "1,005"):
        with pytest.raises(ValueError):
            parse_amount(text)
    assert parse_decimal("12,345678", max_digits=9, decimal_places=6) == Decimal("12.345678")
    with pytest.raises(ValueError):
        parse_integer("9" * 5_000)
    assert parse_integer("2 017", minimum=2000) == 2017


def test_json_depth_and_huge_numbers_never_crash() -> None:
    variants = nasty.json_variants({"association": {"slug": "x"}})
    for name in ("deep_nesting", "deep_object", "huge_int", "nan", "nul", "utf16", "not_json", "empty"):
        with pytest.raises(ImportFailed) as refused:
            load_json(variants[name])
        assert refused.value.lines(), name
    with pytest.raises(ImportFailed) as refused:
        load_json(b'{"a": [1, {"b": ' + b"9" * 5_000 + b"}]}")
    assert refused.value.problems[0].path == "a[1].b"
    assert load_json(b'{"a": 1.50}') == {"a": Decimal("1.50")}


def test_xlsx_giant_dimension_is_refused_within_seconds() -> None:
    data = nasty.xlsx_giant_dimension()
    started = time.monotonic()
    with pytest.raises(ImportFailed) as refused:
        list(iter_xlsx(data, problems=ProblemList()))
    assert refused.value.problems[0].row == 1_048_576
    assert time.monotonic() - started < 5
    for data in (nasty.xlsx_not_a_zip(), nasty.zip_bomb_xlsx()):
        with pytest.raises(ImportFailed):
            list(iter_xlsx(data, problems=ProblemList()))


def test_xlsx_rows_are_text_with_their_numbers() -> None:
    data = nasty.xlsx_from_rows([["a", "b"], [1, 2.0], [], ["x", None]])
    assert list(iter_xlsx(data, problems=ProblemList())) == [(1, ["a", "b"]), (2, ["1", "2"]), (3, []), (4, ["x"])]


@override_settings(SAMORDNA_MAX_UPLOAD_BYTES=10)
def test_upload_over_the_limit_is_refused_without_reading() -> None:
    class Unread(SimpleUploadedFile):
        def read(self, *args: object) -> bytes:
            raise AssertionError("read")

    with pytest.raises(ImportFailed) as refused:
        read_upload(Unread("stor.csv", b"x" * 11))
    assert "största tillåtna storlek" in str(refused.value)
    assert read_upload(SimpleUploadedFile("liten.csv", b"x" * 10)) == b"x" * 10


def test_xlsx_value_beyond_the_column_limit_is_refused_with_its_row() -> None:
    with pytest.raises(ImportFailed) as refused:
        list(iter_xlsx(nasty.xlsx_wide_row(300), problems=ProblemList()))
    assert refused.value.problems[0].row == 2 and "200 kolumner" in refused.value.problems[0].message


def test_csv_stray_quote_is_reported_at_its_row() -> None:
    problems = ProblemList()
    rows = list(iter_csv(nasty.csv_stray_quote(["a", "b"], ["1", "2"], at_row=6), problems=problems))
    assert [number for number, _cells in rows] == [1, 2, 3, 4, 5]
    assert [p.row for p in problems] == [6] and "citattecken" in problems.shown[0].message

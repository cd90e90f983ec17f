"""Unit tests of the shared input validators (samordna.core.validators)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.core import validators as v
from samordna.testing import nasty

PHONE_AND_NAMES = ["070-1234567", "0701234567", "+46701234567", "AnnaSvensson", "Anna-Svensson"]
DIGIT_RUNS = ["12345678", "X12345678", "AB-1234-5678", "12-34-56-78", "K-20240101"]
INVALID_LUHN_10 = ["8001011230", "800101-1230", "19800101-1232"]


@pytest.mark.parametrize("name", sorted(nasty.PERSONNUMMER))
def test_every_corpus_personnummer_is_found_and_refused(name: str) -> None:
    value = nasty.PERSONNUMMER[name]
    assert v.contains_personnummer(value)
    for validator in (v.validate_no_personnummer, v.validate_text, v.validate_line, v.validate_participant_code):
        with pytest.raises(ValidationError) as caught:
            validator(value)
        message = " ".join(caught.value.messages)
        assert "personnummer" in message
        assert value not in message  # a refused value is never repeated back


@pytest.mark.parametrize(
    "value",
    [
        nasty.personnummer(birth="051231", serial="987"),  # 2005-12-31
        nasty.personnummer(birth="000229", serial="456", century="20"),  # leap day 2000
        nasty.personnummer(birth="120191", serial="111", century="", separator=""),  # samordningsnummer day 31
        "Ref: " + nasty.personnummer(century="", separator="+") + ".",
        "\uff18\uff10\uff10\uff11\uff10\uff11-" + nasty.personnummer(century="", separator="")[-4:],  # fullwidth
    ],
)
def test_more_shapes_of_personnummer_are_found(value: str) -> None:
    assert v.contains_personnummer(value)


@pytest.mark.parametrize(
    "value",
    [
        "8013011231",  # month 13
        "8001321231",  # day 32
        "8001921231",  # samordningsnummer day 92 (= 32)
        "19800230" + "1234",  # 30 February
        "18500101-1234",  # before any living person
        "2999" + "0101-1234",  # in the future
        "Budget 2025: 1 200 000 kr, 35 % till insats 1063",
        "Telefon 070-123 45 67",
        "Organisationsnummer 222000-1234",
        "11980010112310",  # a personnummer inside a longer run of digits is just a number
    ],
)
def test_not_a_personnummer(value: str) -> None:
    assert not v.contains_personnummer(value)
    v.validate_text(value)


@pytest.mark.parametrize("value", INVALID_LUHN_10)
def test_wrong_control_digit_is_free_text_but_not_a_code(value: str) -> None:
    assert not v.contains_personnummer(value)
    v.validate_text(value)
    v.validate_line(value)
    problem = v.participant_code_problem(value)
    assert problem is not None and "8 eller fler siffror" in problem


@pytest.mark.parametrize("value", PHONE_AND_NAMES + DIGIT_RUNS)
def test_phone_numbers_names_and_long_digit_runs_are_not_codes(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        v.validate_participant_code(value)
    assert caught.value.code == "participant_code"
    assert value not in " ".join(caught.value.messages)


def test_code_rules_say_why() -> None:
    assert "minst en siffra" in v.participant_code_problem("AnnaSvensson")
    assert "8 eller fler siffror" in v.participant_code_problem("070-1234567")
    assert "3–32 tecken" in v.participant_code_problem("ab")
    assert "3–32 tecken" in v.participant_code_problem("K7M 4QX")
    assert "3–32 tecken" in v.participant_code_problem("x" * 33)
    assert "3–32 tecken" in v.participant_code_problem(None)


@pytest.mark.parametrize("value", ["K7M-4QX", "A1B", "P-001", "1234567", "AB12-34CD-56", "x9" * 16])
def test_plain_pseudonyms_are_codes(value: str) -> None:
    assert v.participant_code_problem(value) is None
    v.validate_participant_code(value)


def test_generated_codes_always_pass() -> None:
    from samordna.participants.rules import new_code

    codes = {new_code() for _ in range(20_000)}
    assert len(codes) > 19_900
    assert [code for code in codes if v.participant_code_problem(code)] == []


@pytest.mark.parametrize("name", ["nul", "control", "vertical_tab"])
def test_control_characters_are_refused(name: str) -> None:
    value = nasty.TEXT[name]
    for validator in (v.validate_no_control_characters, v.validate_text, v.validate_line, v.validate_single_line):
        with pytest.raises(ValidationError) as caught:
            validator(value)
        assert "styrtecken" in caught.value.messages[0]
        assert "tecken " in caught.value.messages[0]


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1f", "\x7f", "\x85", "\x9f", "\ud800"])
def test_each_kind_of_control_character_is_refused(char: str) -> None:
    with pytest.raises(ValidationError, match="U\\+"):
        v.validate_text(f"före{char}efter")


def test_line_breaks_are_fine_in_text_but_not_in_a_line() -> None:
    text = nasty.TEXT["newlines"] + "\tmed tabb"
    v.validate_text(text)
    with pytest.raises(ValidationError, match="en rad"):
        v.validate_line(text)


@pytest.mark.parametrize(
    "name", ["html", "sql", "emoji", "combining", "zero_width", "rtl_override", "formula_eq", "empty", "huge"]
)
def test_ordinary_nasty_text_passes_the_text_rules(name: str) -> None:
    v.validate_text(nasty.TEXT[name])
    v.validate_line(nasty.TEXT[name])


def test_non_strings_are_left_to_the_field() -> None:
    for value in (None, 12, dt.date(2020, 1, 1)):
        v.validate_text(value)
        v.validate_line(value)


def test_luhn() -> None:
    assert v.luhn_valid("8001011231")
    assert not v.luhn_valid("8001011232")

"""SIE import: hand-made fixtures for each type, checksums, truncation, encodings, and a fuzzed tokenizer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.core import services as core_services
from samordna.core.models import Association
from samordna.finance import services
from samordna.finance.models import BudgetLine, LedgerEntry, LedgerImport
from samordna.finance.parsing import ImportFailed
from samordna.finance.selectors import budget_followup, outcome
from samordna.finance.sie import SieError, parse_sie, tokenize

FIXTURES = Path(__file__).parent / "sie"
pytestmark = pytest.mark.django_db


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def association() -> Association:
    association = core_services.association_create(acting_user=None, slug="sie-test", name="SIE-test")
    for code, name, category in (
        ("1002", "Medel", "medlemsintakter"),
        ("1063", "FNS", "individinsatser"),
        ("1064", "Sala", "individinsatser"),
    ):
        services.budget_line_create(acting_user=None, association=association, code=code, name=name, category=category)
    return association


def run(association: Association, name: str) -> None:
    call_command("import_ledger", "--association", association.slug, str(FIXTURES / name))


def test_tokenizer_quotes_escapes_and_object_lists() -> None:
    assert tokenize('#TRANS 4610 {1 "0123" "6" "P 1"} -55000.00 20240101 "Text \\"citat\\""') == [
        "#TRANS",
        "4610",
        ["1", "0123", "6", "P 1"],
        "-55000.00",
        "20240101",
        'Text "citat"',
    ]
    assert tokenize("#PSALDO 0 202401 4610 {} 10.00")[4] == []
    for bad in ('#FNAMN "oavslutad', "#TRANS 1 {1 2", "#TRANS 1 } 2", "#X {{}}"):
        with pytest.raises(ValueError):
            tokenize(bad)


def test_type_4_vouchers_rtrans_btrans_and_cost_centres(association: Association) -> None:
    run(association, "type4.se")
    result = outcome(association=association, year=2024)
    lines = {line.code: line.pk for line in BudgetLine.objects.filter(association=association)}
    # Vouchers only: the file's #PSALDO rows (999 999) are not added on top.
    assert result.net[lines["1063"]] == Decimal("-66000.00")  # 55 000 + 10 000 + 1 000 (struck row ignored)
    assert result.net[lines["1002"]] == Decimal("400000.00")
    # #RTRANS counted once (its #TRANS copy skipped), on an account with a cost centre: 6110/1064.
    assert result.net[lines["1064"]] == Decimal("-2500.00")
    assert result.unmapped == []
    until_august = budget_followup(association=association, year=2024, until=dt.date(2024, 8, 31))
    assert next(i for i in until_august.lines if i.line.code == "1063").actual == Decimal("-65000.00")
    imported = LedgerImport.objects.get(association=association)
    assert (imported.sie_type, imported.first_date, imported.last_date) == (
        "4",
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
    )
    assert "Samordningsförbundet Åsa" in imported.company


def test_type_3_period_balances_are_not_double_counted(association: Association) -> None:
    run(association, "type3.se")
    result = outcome(association=association, year=2024)
    fns = BudgetLine.objects.get(association=association, code="1063")
    assert result.net[fns.pk] == Decimal("-1250.50")
    # The account total 1 500 less the objects' 1 300 stays, without cost centre, as unmapped.
    assert result.unmapped == [("4610", "", Decimal("-200.00"))]
    total = sum(LedgerEntry.objects.filter(association=association, account="4610").values_list("amount", flat=True))
    assert total == Decimal("1750.50")  # 1 500 + 250.50, each counted once


def test_type_2_period_balances_and_type_1_year_results(association: Association) -> None:
    run(association, "type2.se")
    entries = LedgerEntry.objects.filter(association=association)
    assert sorted((e.date, e.account, e.amount) for e in entries) == [
        (dt.date(2024, 1, 31), "3511", Decimal("-400000.00")),
        (dt.date(2024, 1, 31), "4610", Decimal("60000.00")),
        (dt.date(2024, 2, 29), "4610", Decimal("70000.00")),
        (dt.date(2024, 7, 31), "3511", Decimal("-400000.00")),
    ]
    run(association, "type1.se")  # replaces 2024's ledger
    entries = LedgerEntry.objects.filter(association=association)
    assert sorted((e.date, e.account, e.amount) for e in entries) == [
        (dt.date(2024, 12, 31), "3511", Decimal("-800000.00")),
        (dt.date(2024, 12, 31), "4610", Decimal("750000.00")),
    ]
    assert LedgerImport.objects.filter(association=association).count() == 2


def test_mapping_rules_override_the_cost_centre_code(association: Association) -> None:
    sala = BudgetLine.objects.get(association=association, code="1064")
    services.ledger_mapping_set(acting_user=None, association=association, account="4610", cost_centre="", line=sala)
    run(association, "type1.se")
    result = outcome(association=association, year=2024)
    assert result.net[sala.pk] == Decimal("-750000.00")
    assert result.unmapped == [("3511", "", Decimal("800000.00"))]


def test_checksum_that_matches(association: Association) -> None:
    assert parse_sie(fixture("type4_ksumma.se")).checksum_verified
    run(association, "type4_ksumma.se")
    assert LedgerEntry.objects.filter(association=association).count() == 5


def test_cp437_file_with_swedish_letters() -> None:
    data = fixture("type4.se")
    assert "ö".encode("cp437") in data
    sie = parse_sie(data)
    assert sie.encoding == "cp437"
    assert sie.company == 'Samordningsförbundet Åsa "Öst"'
    assert sie.objects[("1", "1002")] == "Medel från huvudmännen"


def test_utf8_file_labelled_pc8_is_read_as_utf8(association: Association) -> None:
    sie = parse_sie(fixture("type4_utf8_labelled_pc8.se"))
    assert sie.encoding == "utf-8"
    assert sie.company == 'Samordningsförbundet Åsa "Öst"'
    assert parse_sie(fixture("type4.se").decode("cp437").encode("cp1252")).encoding == "cp1252"
    forced = parse_sie(fixture("type4_utf8_labelled_pc8.se"), encoding="cp437")
    assert forced.company != sie.company  # the override is obeyed even when it is wrong
    with pytest.raises(SieError, match="utf-8"):
        parse_sie(fixture("type4.se"), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("type4_ksumma_bad.se", "kontrollsumman stämmer inte"),
        ("type4_truncated.se", "avkortad"),
        ("type4_unbalanced.se", "balanserar inte"),
    ],
)
def test_bad_files_exit_1_with_a_clear_message_and_write_nothing(
    association: Association, name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(association, "type1.se")
    before = list(LedgerEntry.objects.filter(association=association).values_list("pk", "amount"))
    with pytest.raises(SystemExit) as exit_info:
        run(association, name)
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert message in err and "inget importerades" in err
    assert "Traceback" not in err
    assert list(LedgerEntry.objects.filter(association=association).values_list("pk", "amount")) == before
    assert LedgerImport.objects.filter(association=association).count() == 1


def test_bad_ledger_csv_lists_rows_and_columns(association: Association, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES.parent / "bad_ledger.csv"
    path.write_bytes(b"date,account,cost_centre,amount,text\n2024-13-01,4610,1063,10,x\n2024-01-01,abc,1063,1x,y\n")
    try:
        with pytest.raises(SystemExit):
            call_command("import_ledger", "--association", association.slug, str(path))
    finally:
        path.unlink()
    err = capsys.readouterr().err
    assert "rad 2, kolumn date" in err and "rad 3, kolumn account" in err and "rad 3, kolumn amount" in err
    assert not LedgerEntry.objects.filter(association=association).exists()


VALID = fixture("type4_ksumma.se")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(VALID)),
            st.sampled_from(["insert", "delete", "replace"]),
            st.binary(min_size=1, max_size=4),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_random_mutations_never_raise_anything_but_a_sie_error(mutations: list[tuple[int, str, bytes]]) -> None:
    data = bytearray(VALID)
    for position, action, chunk in mutations:
        position = min(position, len(data))
        if action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + len(chunk)]
        else:
            data[position : position + len(chunk)] = chunk
    try:
        parse_sie(bytes(data))
    except SieError as error:
        assert error.problems and all(str(p) for p in error.problems)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('#{}" \\\tabc019.-åäö')), max_size=60))
def test_tokenizer_only_raises_value_error(line: str) -> None:
    try:
        tokens = tokenize(line)
    except ValueError:
        return
    assert all(isinstance(t, str | list) for t in tokens)


def test_import_failed_is_the_only_error_type_for_garbage() -> None:
    for garbage in (b"", b"#", b"\x00\x01#FLAGGA", b"#VER A 1 2024\n{\n", b"}\n", b"#KSUMMA\n#KSUMMA 1\n"):
        with pytest.raises(ImportFailed):
            parse_sie(garbage)


def test_importing_the_same_file_twice_does_not_double_count(association: Association) -> None:
    run(association, "type4.se")
    first = sorted(LedgerEntry.objects.filter(association=association).values_list("date", "account", "amount"))
    run(association, "type4.se")
    assert sorted(LedgerEntry.objects.filter(association=association).values_list("date", "account", "amount")) == first

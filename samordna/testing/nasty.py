"""The shared "nasty input" corpus: what users and attackers really send to importers, forms and the API.

Every importer, form and API text field is run against these (see each app's ``test_nasty_*.py``). The rule
the tests check is always the same: never a traceback, never a 500, a Swedish message that names the row,
column or field, and nothing written when the input is refused, on SQLite and PostgreSQL alike.

The corpus is data only; it knows no Samordna module, so any app's tests can use it. Personnummer here are
made up but Luhn-valid, so a validator that checks the control digit must refuse them.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator


def luhn_digit(nine: str) -> str:
    """The control digit of a Swedish personnummer for its first nine digits (YYMMDDNNN)."""
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def personnummer(birth: str = "800101", serial: str = "123", *, century: str = "19", separator: str = "-") -> str:
    """A Luhn-valid personnummer such as ``19800101-1236`` (or a samordningsnummer when the day is +60)."""
    digits = birth + serial + luhn_digit(birth + serial)
    return f"{century}{digits[:6]}{separator}{digits[6:]}"


#: Strings that embed a valid personnummer or samordningsnummer, in the shapes people type them.
PERSONNUMMER: dict[str, str] = {
    "pnr_12_dash": personnummer(),
    "pnr_12_plain": personnummer(separator=""),
    "pnr_10_dash": personnummer(century=""),
    "pnr_10_plain": personnummer(century="", separator=""),
    "pnr_plus": personnummer(century="", separator="+"),
    "samordningsnummer": personnummer(birth="800161"),
    "pnr_in_text": f"Kontakta {personnummer()} om ärendet",
    "pnr_in_code": "X" + personnummer(separator=""),
    "pnr_prefixed": "PNR-" + personnummer(),
}

#: Text that a text field must either refuse with a message or store and show harmlessly.
TEXT: dict[str, str] = {
    "nul": "före\x00efter",
    "control": "klocka\x07 escape\x1b[31m",
    "vertical_tab": "rad\x0bett",
    "huge": "x" * 200_000,
    "long_line": "ord " * 5_000,
    "formula_eq": '=HYPERLINK("http://example.invalid/","klicka")',
    "formula_plus": "+cmd|' /C calc'!A0",
    "formula_minus": "-2+3+cmd|' /C calc'!A0",
    "formula_at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "formula_tab": "\t=1+1",
    "html": "<script>alert(1)</script>",
    "sql": "'; DROP TABLE core_association; --",
    "rtl_override": "abc\u202edcba",
    "zero_width": "a\u200bb\ufeffc",
    "emoji": "Team 😀",
    "combining": "Z̷a̷l̷g̷o̷",
    "lone_surrogate_escaped": "\\ud800",
    "newlines": "rad ett\r\nrad två\nrad tre",
    "only_spaces": "   ",
    "empty": "",
}

#: Numbers as text, for amount, year and count fields.
NUMBERS: dict[str, str] = {
    "thirteen_digits": "1234567890123",
    "twenty_digits": "12345678901234567890",
    "thirty_digits": "1" * 30,
    "five_thousand_digits": "9" * 5_000,
    "exponent": "1e400",
    "nan": "NaN",
    "infinity": "Infinity",
    "negative_zero": "-0",
    "three_decimals": "1.005",
    "decimal_comma": "1,5",
    "spaced_thousands": "-1 200 000",
    "nbsp_thousands": "-1\u00a0200\u00a0000",
    "unicode_minus": "\u22121200",
    "hex": "0x10",
    "arabic_digits": "\u0661\u0662",
    "letters": "tolv",
}

#: Amounts per year as people write them in a text box or send them as JSON ({year: amount}): every one must be
#: refused with a Swedish message (a negative or broken amount, a year that is not a year, the same year twice).
AMOUNTS_PER_YEAR: dict[str, str] = {
    "negative": "2025: -500000",
    "unicode_minus": "2025: \u2212500000",
    "decimal_comma": "2025: 12,5",
    "decimal_point": "2025: 12.5",
    "exponent": "2025: 5e5",
    "letters": "2025: femhundra",
    "no_amount": "2025:",
    "no_year": ": 500000",
    "year_only": "2025",
    "year_text": "tjugotjugofem: 500000",
    "year_far": "99999: 1",
    "year_twice": "2025: 1\n2025: 2",
    "arabic_digits": "2025: \u0661\u0662",
    "huge": "2025: " + "9" * 40,
    "nul": "2025: 5\x00",
}


def csv_bytes(
    rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False, newline: str = "\n"
) -> bytes:
    """A CSV file from rows of strings (quoted where needed), in the given encoding."""
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def csv_variants(header: list[str], row: list[str]) -> dict[str, bytes]:
    """Broken and awkward variants of a small valid CSV (one header, one row) for an importer.

    Each value is a whole file. Some are valid in a form the contract allows (BOM, `;`, CRLF,
    Windows-1252) and must be accepted; the others must be refused with a message.
    """
    rows = [header, row]
    return {
        "utf8_bom_semicolon": csv_bytes(rows, delimiter=";", bom=True),
        "crlf": csv_bytes(rows, newline="\r\n"),
        "cp1252": csv_bytes(rows, encoding="cp1252", delimiter=";"),
        "utf16": csv_bytes(rows, encoding="utf-16"),
        "empty": b"",
        "only_bom": b"\xef\xbb\xbf",
        "header_only": csv_bytes([header]),
        "nul_byte": csv_bytes(rows).replace(b",", b",\x00", 1),
        "huge_field": csv_bytes([header, [row[0] + "x" * 200_000, *row[1:]]]),
        "unterminated_quote": csv_bytes([header]) + b'"' + ",".join(row).encode() + b"\n",
        "extra_columns": csv_bytes([header, [*row, "extra", "more"]]),
        "missing_columns": csv_bytes([header, row[:1]]),
        "binary_junk": bytes(range(256)) * 8,
        "duplicate_header": csv_bytes([[*header, header[0]], [*row, row[0]]]),
        "tab_delimited": csv_bytes(rows, delimiter="\t"),
        "long_comment": b"# " + b"kommentar " * 20_000 + b"\n" + csv_bytes(rows),
    }


def many_bad_rows(header: list[str], bad_row: list[str], count: int = 1_000_000) -> Iterator[bytes]:
    """A huge CSV, produced in chunks: the header, then `count` copies of a row that must be refused."""
    yield csv_bytes([header])
    line = csv_bytes([bad_row])
    chunk = line * 10_000
    for _ in range(count // 10_000):
        yield chunk


def xlsx_giant_dimension(header: list[str] | None = None) -> bytes:
    """A few-kilobyte XLSX whose sheet claims cells up to XFD1048576 (the last cell Excel allows).

    A reader that trusts the sheet's dimension, or pads rows to it, spins for minutes on this file.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for column, name in enumerate(header or ["participant"], start=1):
        sheet.cell(row=1, column=column, value=name)
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_from_rows(rows: list[list[object]]) -> bytes:
    """An XLSX file whose first sheet holds `rows`."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_wide_row(columns: int = 300) -> bytes:
    """An XLSX whose second row has a value in column `columns` (beyond any importer's column limit)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.cell(row=1, column=1, value="participant")
    sheet.cell(row=2, column=columns, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_stray_quote(header: list[str], row: list[str], at_row: int = 4) -> bytes:
    """A CSV whose row `at_row` (header = 1) has text after a closing quote: a syntax error there."""
    body = [header, *[row] * (at_row - 2)]
    broken = ",".join(['"x"y', *row[1:]]).encode()
    return csv_bytes(body) + broken + b"\n"


def xlsx_not_a_zip() -> bytes:
    """A file named .xlsx that is not a ZIP archive at all."""
    return b"PK\x03\x04 this is not really a workbook" + bytes(200)


def zip_bomb_xlsx() -> bytes:
    """An .xlsx-shaped ZIP whose one member inflates to 200 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 200_000_000)
    return buffer.getvalue()


def json_variants(valid: dict) -> dict[str, bytes]:
    """Broken variants of a valid JSON document for a JSON importer."""
    deep = "[" * 100_000 + "]" * 100_000
    return {
        "empty": b"",
        "not_json": b"{this is not json",
        "array_top": b"[]",
        "string_top": b'"text"',
        "deep_nesting": deep.encode(),
        "deep_object": ('{"a":' * 50_000 + "1" + "}" * 50_000).encode(),
        "huge_int": json.dumps(valid)[:-1].encode() + b', "huge": ' + b"9" * 5_000 + b"}",
        "nan": json.dumps(valid)[:-1].encode() + b', "nan": NaN}',
        "utf16": json.dumps(valid).encode("utf-16"),
        "latin1": json.dumps(valid, ensure_ascii=False).encode("latin-1", errors="replace"),
        "nul": json.dumps(valid).encode().replace(b"{", b"{\x00", 1),
        "duplicate_keys": json.dumps(valid)[:-1].encode() + b', "association": null}',
    }

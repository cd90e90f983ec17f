"""Our own reader of SIE 4 files (types 1, 2, 3 and 4E), after "SIE filformat, utgåva 4B" (2008).

* Encoding: CP437 (`#FORMAT PC8`) by default. Files are sometimes really UTF-8 or Windows-1252
  whatever they claim: a file that decodes as UTF-8 with non-ASCII text is read as UTF-8, and one whose
  Swedish letters sit on Windows-1252 code points as CP1252. `encoding=` overrides the guess.
* Records: one per line, `#LABEL field field …`; fields separated by spaces/tabs, "quoted" when they
  contain spaces, `\\"` for a quote inside; object lists `{dim "obj" …}`. Unknown labels and extra
  trailing fields are ignored, as the spec asks.
* #KSUMMA: when the file opens with `#KSUMMA` it must close with `#KSUMMA <crc>`; the CRC-32 over every
  label and field (without quotes, braces and separating space) must match. An opening without the
  closing record means the file was cut off, and it is refused.
* Vouchers: #TRANS rows inside `{ }` after #VER; a voucher's rows must sum to zero. #RTRANS (a row
  added afterwards) is used and the identical #TRANS that follows it for older readers is skipped;
  #BTRANS (a struck row) is ignored. A row without its own date takes the voucher's date.
* Period balances (#PSALDO, types 2–3) and year results (#RES, type 1) of year 0 are kept apart from
  vouchers; the caller uses one source only (ledger.sums_from_sie), so nothing is counted twice.
* One financial year: `#RAR 0` is required and must come before the first voucher or balance; a
  voucher, a row or a period balance dated outside it is refused, named by its line (an import
  replaces exactly that year, so a stray 2099 voucher must not widen it). A #VER series and number
  seen before is refused. Amounts, accounts and cost centres must fit the columns they are stored in
  (no more than 2 decimals, no more than 13 integer digits: 15 significant digits is what both SQLite
  and PostgreSQL give back exactly from LedgerEntry.amount): nothing is truncated or rounded.

Every problem becomes a parsing.Problem with its line number; nothing else escapes `parse_sie`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from samordna.finance.models import LedgerEntry
from samordna.finance.parsing import ImportFailed, Problem

Objects = dict[str, str]
Token = str | list[str]

_TOKEN = re.compile(r'[ \t]*(?:"((?:[^"\\]|\\.)*)"|(\{)|(\})|([^ \t{}"]+)|([^ \t]))')  # fields split on space/tab only
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_AMOUNT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_SIE_TYPE = re.compile(r"^[1-4][EI]?$")
_CP437_LETTERS = {0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x81, 0x82, 0x9A}
_CP1252_LETTERS = {0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0xFC, 0xDC}
MAX_PROBLEMS = 50
MAX_YEAR_MONTHS = 18  # a first or changed financial year may run 18 months (bokföringslagen 3 kap.)
_AMOUNT_FIELD = LedgerEntry._meta.get_field("amount")
# SQLite keeps a decimal column as a double and reads it back with 15 significant digits, so an amount
# round-trips exactly on both databases only within 15 digits (and within the column's max_digits).
EXACT_DIGITS = min(15, _AMOUNT_FIELD.max_digits)
MAX_DECIMALS: int = _AMOUNT_FIELD.decimal_places
MAX_INTEGER_DIGITS: int = EXACT_DIGITS - MAX_DECIMALS
MAX_ACCOUNT: int = LedgerEntry._meta.get_field("account").max_length  # type: ignore[assignment]
MAX_COST_CENTRE: int = LedgerEntry._meta.get_field("cost_centre").max_length  # type: ignore[assignment]


class SieError(ImportFailed):
    """A SIE file that cannot be imported."""


@dataclass
class SieFile:
    """What the importer needs from a SIE file."""

    sie_type: str = "1"
    company: str = ""
    encoding: str = "cp437"
    year_start: dt.date = dt.date(1900, 1, 1)
    year_end: dt.date = dt.date(1900, 12, 31)
    year_line: int | None = None  # the line of #RAR 0
    account_kinds: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    dimension: str = "1"  # the object dimension kept per transaction (kostnadsställe)
    # Voucher rows summed per (date, account, object of `dimension`), so 200 000 rows stay small in memory.
    transaction_sums: dict[tuple[dt.date, str, str], Decimal] = field(default_factory=dict)
    transaction_count: int = 0
    period_balances: list[tuple[dt.date, str, Objects, Decimal]] = field(default_factory=list)
    results: dict[str, Decimal] = field(default_factory=dict)
    # #IB, #UB and #RES of years 0 and -1: {(årsnr, "ib"|"ub"|"res"): {account: amount}}, and each one's first line
    balances: dict[tuple[int, str], dict[str, Decimal]] = field(default_factory=dict)
    balance_lines: dict[tuple[int, str], int] = field(default_factory=dict)
    vouchers: int = 0
    record_count: int = 0
    checksum_verified: bool = False


def guess_encoding(data: bytes) -> str:
    """cp437 unless the bytes are clearly UTF-8 or Windows-1252."""
    if not any(b >= 0x80 for b in data):
        return "cp437"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    cp437 = sum(data.count(bytes([b])) for b in _CP437_LETTERS)
    cp1252 = sum(data.count(bytes([b])) for b in _CP1252_LETTERS)
    return "cp1252" if cp1252 > cp437 else "cp437"


def tokenize(line: str) -> list[Token]:
    """Split one record line into fields: strings, and object lists as lists of strings.

    Raises ValueError (Swedish message) on an unterminated quote, a stray or unclosed brace.
    """
    if '"' not in line and "{" not in line and "}" not in line:
        return [t for t in line.replace("\t", " ").split(" ") if t]  # the common case: no quotes, no object list
    tokens: list[Token] = []
    current: list[str] | None = None
    for quoted, opening, closing, bare, stray in _TOKEN.findall(line):
        if stray:
            raise ValueError(_("citattecken som aldrig avslutas"))
        if opening:
            if current is not None:
                raise ValueError(_("objektlista inuti objektlista"))
            current = []
            continue
        if closing:
            if current is None:
                raise ValueError(_("”}” utan ”{”"))
            tokens.append(current)
            current = None
            continue
        value = bare or (quoted.replace('\\"', '"') if '\\"' in quoted else quoted)
        if current is not None:
            current.append(value)
        else:
            tokens.append(value)
    if current is not None:
        raise ValueError(_("objektlistan avslutas inte med ”}”"))
    return tokens


def _checksum_bytes(tokens: list[Token], encoding: str) -> bytes:
    parts: list[str] = []
    for token in tokens:
        if isinstance(token, list):
            parts.extend(token)
        else:
            parts.append(token)
    return "".join(parts).encode(encoding, errors="replace")


def _date(text: str) -> dt.date:
    if not (len(text) == 8 and text.isdigit()):
        raise ValueError(_("ogiltigt datum ”%(v)s” (ÅÅÅÅMMDD)") % {"v": text})
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as exc:
        raise ValueError(_("ogiltigt datum ”%(v)s”") % {"v": text}) from exc


def _period_end(text: str) -> dt.date:
    if not (len(text) == 6 and text.isdigit() and 1 <= int(text[4:]) <= 12):
        raise ValueError(_("ogiltig period ”%(v)s” (ÅÅÅÅMM)") % {"v": text})
    year, month = int(text[:4]), int(text[4:])
    if year < 1:
        raise ValueError(_("ogiltig period ”%(v)s”") % {"v": text})
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_later(date: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _amount(text: Token) -> Decimal:
    """An amount as SIE writes it (`-1234.50`) that fits LedgerEntry.amount exactly, never rounded."""
    if not isinstance(text, str) or not _AMOUNT.match(text):
        raise ValueError(_("ogiltigt belopp ”%(v)s”") % {"v": text})
    whole, _point, decimals = text.lstrip("-").partition(".")
    if len(decimals) > MAX_DECIMALS:
        raise ValueError(
            _("beloppet ”%(v)s” har fler än %(n)s decimaler; det avrundas inte – rätta filen")
            % {"v": text, "n": MAX_DECIMALS}
        )
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise ValueError(
            _("beloppet ”%(v)s” är större än vad som kan lagras (högst %(n)s siffror före decimalpunkten)")
            % {"v": text[:40], "n": MAX_INTEGER_DIGITS}
        )
    return Decimal(text)


def _account(tokens: list[Token], index: int) -> str:
    """The account field, refused when empty or longer than LedgerEntry.account holds."""
    account = _field(tokens, index, "konto")
    if not account:
        raise ValueError(_("kontonummer saknas"))
    if len(account) > MAX_ACCOUNT:
        raise ValueError(
            _("kontot ”%(v)s…” är längre än %(n)s tecken; det kortas inte – rätta filen")
            % {"v": account[:MAX_ACCOUNT], "n": MAX_ACCOUNT}
        )
    return account


def _objects(token: Token) -> Objects:
    if not isinstance(token, list):
        raise ValueError(_("objektlista saknas (skriv {} om raden saknar objekt)"))
    if len(token) % 2:
        raise ValueError(_("objektlistan ska ha par av dimension och objekt"))
    return {token[i]: token[i + 1] for i in range(0, len(token), 2)}


def _text(tokens: list[Token], index: int) -> str:
    if index < len(tokens) and isinstance(tokens[index], str):
        return tokens[index]  # type: ignore[return-value]
    return ""


def _field(tokens: list[Token], index: int, what: str) -> str:
    if index >= len(tokens) or not isinstance(tokens[index], str):
        raise ValueError(_("fältet %(what)s saknas") % {"what": what})
    return tokens[index]  # type: ignore[return-value]


@dataclass
class _Voucher:
    line: int
    series: str
    number: str
    date: dt.date
    rows: list[tuple[dt.date, str, Objects, Decimal]] = field(default_factory=list)


class _Reader:
    def __init__(self, encoding: str):
        self.sie = SieFile(encoding=encoding)
        self.problems: list[Problem] = []
        self.voucher: _Voucher | None = None
        self.in_braces = False
        self.pending_rtrans: tuple[str, Objects, Decimal] | None = None
        self.year_found = False
        self.year_missing_reported = False
        self.dates: dict[str, dt.date] = {}
        self.voucher_lines: dict[tuple[str, str], int] = {}

    def problem(self, line: int, label: str, message: str) -> None:
        self.problems.append(Problem(line, label, message, "post"))

    def year_text(self) -> str:
        return f"{self.sie.year_start.isoformat()}–{self.sie.year_end.isoformat()}"

    def needs_year(self, number: int, label: str) -> bool:
        """Whether #RAR 0 has been read; the first record that needs it without it is a problem."""
        if self.year_found:
            return True
        if not self.year_missing_reported:
            self.year_missing_reported = True
            self.problem(
                number,
                label,
                _(
                    "räkenskapsåret (#RAR 0) saknas före denna post – en import ersätter exakt ett "
                    "räkenskapsår och filen måste ange vilket"
                ),
            )
        return False

    def in_year(self, date: dt.date) -> bool:
        return self.sie.year_start <= date <= self.sie.year_end

    def cost_centre(self, objects: Objects) -> Objects:
        """The object list, refused when the object of the kept dimension is longer than a cost centre."""
        centre = objects.get(self.sie.dimension, "")
        if len(centre) > MAX_COST_CENTRE:
            raise ValueError(
                _("kostnadsstället ”%(v)s…” är längre än %(n)s tecken; det kortas inte – rätta filen")
                % {"v": centre[:MAX_COST_CENTRE], "n": MAX_COST_CENTRE}
            )
        return objects

    def record(self, number: int, label: str, tokens: list[Token]) -> None:  # noqa: C901 - a label table
        sie = self.sie
        if label in ("#TRANS", "#RTRANS", "#BTRANS"):
            self.voucher_row(number, label, tokens)
            return
        self.pending_rtrans = None
        if self.in_braces:
            raise ValueError(_("%(label)s kan inte stå inuti en verifikation") % {"label": label})
        if label == "#VER":
            series, verno = _text(tokens, 0), _text(tokens, 1)
            self.voucher = _Voucher(number, series, verno, _date(_field(tokens, 2, "verdatum")))
            self.check_voucher(self.voucher)
        elif label == "#SIETYP":
            sie_type = _field(tokens, 0, "typ").upper()
            if not _SIE_TYPE.match(sie_type):
                raise ValueError(_("SIE-typen ”%(v)s” finns inte (1, 2, 3 eller 4)") % {"v": sie_type[:10]})
            sie.sie_type = sie_type
        elif label == "#FNAMN":
            sie.company = _text(tokens, 0)
        elif label == "#RAR":
            if _field(tokens, 0, "årsnr") == "0":
                self.year_missing_reported = True  # a #RAR 0 refused here is reported as itself, not as missing
                start, end = _date(_field(tokens, 1, "start")), _date(_field(tokens, 2, "slut"))
                if end < start:
                    raise ValueError(_("räkenskapsåret slutar före det börjar"))
                if end >= _months_later(start, MAX_YEAR_MONTHS):
                    raise ValueError(
                        _("räkenskapsåret %(a)s–%(b)s är längre än %(n)s månader")
                        % {"a": start.isoformat(), "b": end.isoformat(), "n": MAX_YEAR_MONTHS}
                    )
                if self.year_found:
                    if (start, end) != (sie.year_start, sie.year_end):
                        raise ValueError(
                            _("ett annat räkenskapsår 0 än på rad %(line)s – filen får bara ange ett")
                            % {"line": sie.year_line}
                        )
                    return
                sie.year_start, sie.year_end, sie.year_line = start, end, number
                self.year_found = True
        elif label == "#KONTO":
            sie.accounts[_field(tokens, 0, "konto")] = _text(tokens, 1)
        elif label == "#KTYP":
            sie.account_kinds[_field(tokens, 0, "konto")] = _field(tokens, 1, "kontotyp").upper()
        elif label == "#OBJEKT":
            sie.objects[(_field(tokens, 0, "dimension"), _field(tokens, 1, "objekt"))] = _text(tokens, 2)
        elif label in ("#IB", "#UB", "#RES") and _field(tokens, 0, "årsnr") in ("0", "-1"):
            self.needs_year(number, label)
            year_number = int(_field(tokens, 0, "årsnr"))
            account = _account(tokens, 1)
            amount = _amount(_field(tokens, 2, "saldo"))
            key = (year_number, label[1:].lower())
            sie.balance_lines.setdefault(key, number)
            kept = sie.balances.setdefault(key, {})
            kept[account] = kept.get(account, Decimal(0)) + amount
            if label == "#RES" and year_number == 0:
                sie.results[account] = sie.results.get(account, Decimal(0)) + amount
        elif label == "#PSALDO" and _field(tokens, 0, "årsnr") == "0":
            date = _period_end(_field(tokens, 1, "period"))
            account = _account(tokens, 2)
            if len(tokens) > 3 and isinstance(tokens[3], list):
                objects, amount = self.cost_centre(_objects(tokens[3])), _amount(_field(tokens, 4, "saldo"))
            else:
                objects, amount = {}, _amount(_field(tokens, 3, "saldo"))
            if self.needs_year(number, label) and not self.in_year(date):
                raise ValueError(
                    _("perioden %(p)s ligger utanför räkenskapsåret %(year)s (#RAR 0)")
                    % {"p": _field(tokens, 1, "period"), "year": self.year_text()}
                )
            sie.period_balances.append((date, account, objects, amount))

    def check_voucher(self, voucher: _Voucher) -> None:
        """A voucher must lie in the financial year and have a series and number not seen before."""
        if self.needs_year(voucher.line, "#VER") and not self.in_year(voucher.date):
            self.problem(
                voucher.line,
                "#VER",
                _(
                    "verifikation %(s)s %(n)s är daterad %(d)s, utanför räkenskapsåret %(year)s (#RAR 0) – "
                    "en import ersätter exakt ett räkenskapsår"
                )
                % {"s": voucher.series, "n": voucher.number, "d": voucher.date.isoformat(), "year": self.year_text()},
            )
        if voucher.number:  # a voucher without number is numbered by the receiving system
            key = (voucher.series, voucher.number)
            first = self.voucher_lines.setdefault(key, voucher.line)
            if first != voucher.line:
                self.problem(
                    voucher.line,
                    "#VER",
                    _("verifikation %(s)s %(n)s finns redan på rad %(first)s")
                    % {"s": voucher.series, "n": voucher.number, "first": first},
                )

    def voucher_row(self, number: int, label: str, tokens: list[Token]) -> None:
        if self.voucher is None or not self.in_braces:
            raise ValueError(_("%(label)s utanför en verifikation") % {"label": label})
        account = _account(tokens, 0)
        if len(tokens) > 1 and isinstance(tokens[1], list):
            objects, rest = self.cost_centre(_objects(tokens[1])), 2
        else:  # an older writer that left out the object list
            objects, rest = {}, 1
        amount = _amount(_field(tokens, rest, "belopp"))
        date_text = _text(tokens, rest + 1)
        if date_text:
            date = self.dates.get(date_text) or self.dates.setdefault(date_text, _date(date_text))
            if self.year_found and label != "#BTRANS" and not self.in_year(date):  # a struck row is not stored
                raise ValueError(
                    _("raden i verifikation %(s)s %(n)s är daterad %(d)s, utanför räkenskapsåret %(year)s (#RAR 0)")
                    % {
                        "s": self.voucher.series,
                        "n": self.voucher.number,
                        "d": date.isoformat(),
                        "year": self.year_text(),
                    }
                )
        else:
            date = self.voucher.date  # checked at #VER
        if label == "#BTRANS":
            self.pending_rtrans = None
            return
        if label == "#TRANS" and self.pending_rtrans == (account, objects, amount):
            self.pending_rtrans = None  # the copy of the #RTRANS before it, written for older readers
            return
        self.pending_rtrans = (account, objects, amount) if label == "#RTRANS" else None
        self.voucher.rows.append((date, account, objects, amount))

    def open_braces(self, number: int) -> None:
        if self.voucher is None or self.in_braces or self.voucher.rows:
            raise ValueError(_("”{” ska stå direkt efter #VER"))
        self.in_braces = True

    def close_braces(self, number: int) -> None:
        if not self.in_braces or self.voucher is None:
            raise ValueError(_("”}” utan ”{”"))
        voucher = self.voucher
        total = sum((row[3] for row in voucher.rows), Decimal(0))
        if total != 0:
            self.problem(
                voucher.line,
                "#VER",
                _("verifikation %(s)s %(n)s balanserar inte (differens %(d)s)")
                % {"s": voucher.series, "n": voucher.number, "d": total},
            )
        sums = self.sie.transaction_sums
        dimension = self.sie.dimension
        for date, account, objects, amount in voucher.rows:
            key = (date, account, objects.get(dimension, ""))
            sums[key] = sums.get(key, Decimal(0)) + amount
        self.sie.transaction_count += len(voucher.rows)
        self.sie.vouchers += 1
        self.voucher = None
        self.in_braces = False
        self.pending_rtrans = None


def parse_sie(data: bytes, *, encoding: str | None = None, dimension: int = 1) -> SieFile:  # noqa: C901
    """Read a SIE file; raise SieError listing problems (with line numbers) if it cannot be imported."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = encoding or "utf-8"
    chosen = encoding or guess_encoding(data)
    try:
        text = data.decode(chosen)
    except (UnicodeDecodeError, LookupError) as exc:
        raise SieError([Problem(None, "", _("filen går inte att läsa som %(enc)s") % {"enc": chosen})]) from exc
    reader = _Reader(chosen)
    reader.sie.dimension = str(dimension)
    crc: int | None = None
    closing_checksum: str | None = None
    closing_line = 0
    after_closing: int | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if closing_checksum is not None and after_closing is None:
            after_closing = number
        try:
            if line == "{":
                reader.open_braces(number)
                continue
            if line == "}":
                reader.close_braces(number)
                continue
            if not line.startswith("#"):
                raise ValueError(_("raden börjar inte med en etikett (#…)"))
            if _CONTROL.search(line):
                raise ValueError(_("otillåtet styrtecken i raden"))
            tokens = tokenize(line)
            label = str(tokens[0]).upper() if tokens and isinstance(tokens[0], str) else ""
            if not label.startswith("#"):
                raise ValueError(_("raden börjar inte med en etikett (#…)"))
            fields = tokens[1:]
            reader.sie.record_count += 1
            if label == "#KSUMMA":
                if not fields and crc is None and reader.sie.record_count <= 2:
                    crc = 0
                elif fields and crc is not None:
                    closing_checksum = _field(fields, 0, "kontrollsumma")
                    closing_line = number
                else:
                    raise ValueError(_("#KSUMMA på fel plats"))
                continue
            if crc is not None and closing_checksum is None:
                crc = zlib.crc32(_checksum_bytes(tokens, chosen), crc)
            reader.record(number, label, fields)
        except (ValueError, IndexError, InvalidOperation, OverflowError, TypeError) as error:
            reader.problem(number, line.split(" ", 1)[0][:20] if line.startswith("#") else "", str(error))
        if len(reader.problems) >= MAX_PROBLEMS:
            break
    problems = reader.problems
    if reader.in_braces:
        problems.append(
            Problem(
                reader.voucher.line if reader.voucher else None,
                "#VER",
                _("verifikationen avslutas aldrig med ”}” – filen verkar avkortad"),
                "post",
            )
        )
    if crc is not None:
        if closing_checksum is None:
            problems.append(
                Problem(
                    None,
                    "#KSUMMA",
                    _("filen börjar med #KSUMMA men slutar utan kontrollsumma – den verkar avkortad"),
                    "post",
                )
            )
        elif after_closing is not None:
            problems.append(Problem(after_closing, "#KSUMMA", _("poster efter den avslutande #KSUMMA"), "post"))
        else:
            try:
                expected = int(closing_checksum)
            except ValueError:
                expected = None
            if expected is None or expected not in (crc, crc - 2**32):
                problems.append(
                    Problem(
                        closing_line,
                        "#KSUMMA",
                        _(
                            "kontrollsumman stämmer inte (filen anger %(file)s, innehållet ger %(calc)s) – "
                            "filen är ändrad eller skadad"
                        )
                        % {"file": closing_checksum, "calc": crc},
                        "post",
                    )
                )
            else:
                reader.sie.checksum_verified = True
    sie = reader.sie
    if not problems and not reader.year_found:
        problems.append(
            Problem(
                None,
                "#RAR",
                _(
                    "räkenskapsår (#RAR 0) saknas – en import ersätter exakt ett räkenskapsår "
                    "och filen måste ange vilket"
                ),
                "post",
            )
        )
    if not problems and sie.record_count == 0:
        problems.append(Problem(None, "", _("filen innehåller inga SIE-poster")))
    if problems:
        raise SieError(problems)
    return sie

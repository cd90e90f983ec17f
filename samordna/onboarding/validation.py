"""Parse and validate an organisation JSON file into a plan, collecting every problem with its JSON path.

Nothing here writes to the database; it only reads what already exists (members and insatser of the
association, municipalities) so that references and required fields can be checked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from samordna.core.choices import BudgetCategory
from samordna.core.imports import ImportFailed, load_json, render
from samordna.core.models import Association, Municipality
from samordna.core.years import FIRST_YEAR
from samordna.interventions.models import FollowUpMethod, Intervention, Orientation, Status, VolumeUnit
from samordna.onboarding.locating import value_lines
from samordna.onboarding.reading import (
    MISSING,
    Problems,
    check_keys,
    describe,
    join,
    located,
    read_choice,
    read_date,
    read_decimal,
    read_int,
    read_list,
    read_object,
    read_str,
    read_year,
)
from samordna.organisations.models import BoardSeat, Member, MemberKind

ASSOCIATION_KEYS = {
    "slug",
    "name",
    "org_nr",
    "address",
    "allocation_percent_decimals",
    "protocol_prefix",
    "suppression_threshold",
    "retention_years",
}
MEMBER_KEYS = {"code", "name", "kind", "municipality", "population"}
INTERVENTION_KEYS = {
    "code",
    "name",
    "orientation",
    "category",
    "start",
    "end",
    "members",
    "volume_targets",
    "staffing",
    "status",
    "follow_up_method",
    "target_group",
    "description",
}
BOARD_KEYS = {"person_name", "seat_type", "office", "appointed_by", "term_start", "term_end"}
TOP_KEYS = {"association", "members", "interventions", "board", "equity"}

KIND_ALIASES = {"fk": MemberKind.FK, "af": MemberKind.AF, "landsting": MemberKind.REGION}
ORIENTATION_ALIASES = {
    "individ": Orientation.INDIVIDUAL,
    "strukturell": Orientation.STRUCTURAL,
    "strukturinriktad": Orientation.STRUCTURAL,
}
CATEGORY_ALIASES = {
    "metoder_och_arbetssatt": BudgetCategory.METHODS,
    "strukturpaverkande": BudgetCategory.STRUCTURAL,
    "strukturpaverkande_insatser": BudgetCategory.STRUCTURAL,
}
UNIT_ALIASES = {"motes": VolumeUnit.MEETINGS, "mote": VolumeUnit.MEETINGS, "kontakt": VolumeUnit.CONTACTS}
FOLLOW_UP_ALIASES = {"individuell_registrering": FollowUpMethod.INDIVIDUAL, "endast_antal": FollowUpMethod.COUNTS}


class OrganisationFileError(Exception):
    """The file could not be imported; `errors` lists every problem (with JSON path or line and column)."""

    def __init__(self, errors: list[str], warnings: list[str] | None = None) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
        self.warnings = warnings or []


@dataclass
class MemberPlan:
    """One member as the file describes it."""

    path: str
    code: str
    fields: dict[str, Any]
    populations: dict[int, int] = field(default_factory=dict)


@dataclass
class StaffingPlan:
    """One staffing row: a member's FTE in a role."""

    member: str
    role: str
    fte: Decimal


@dataclass
class InterventionPlan:
    """One insats as the file describes it; None for parts the file leaves out (then left as they are)."""

    path: str
    code: str
    fields: dict[str, Any]
    run_by: list[str] | None = None
    staffing: list[StaffingPlan] | None = None
    volume_targets: dict[tuple[int, str], int] = field(default_factory=dict)


@dataclass
class BoardSeatPlan:
    """One board seat, matched to an existing seat by person name and term start."""

    path: str
    fields: dict[str, Any]
    appointed_by: str


@dataclass
class OrganisationPlan:
    """Everything a valid file asks for, ready to be applied."""

    slug: str
    association_fields: dict[str, Any]
    members: list[MemberPlan] = field(default_factory=list)
    interventions: list[InterventionPlan] = field(default_factory=list)
    board: list[BoardSeatPlan] = field(default_factory=list)
    equity: dict[int, Decimal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


def _errors(error: ImportFailed, text: str) -> OrganisationFileError:
    """The kit's problems as this importer's error lines (a JSON path gets its line when the text allows)."""
    lines = value_lines(text) if any(p.path for p in error.problems) else {}
    errors = [located(p.path, p.message, lines) if p.path else str(p) for p in error.problems]
    if error.total > len(error.problems):
        errors = render(errors, error.total)
    return OrganisationFileError(errors)


def parse_json(text: str) -> Any:
    """Decode JSON text through the import kit (numbers with decimals as Decimal; depth, size and huge numbers
    refused); a syntax error names its line and column, a refused number its JSON path."""
    try:
        return load_json(text)
    except ImportFailed as error:
        raise _errors(error, text) from error


def read_json(raw: bytes) -> tuple[Any, str]:
    """Decoded data and its text from a file's bytes (UTF-8, BOM allowed); OrganisationFileError otherwise."""
    try:
        data = load_json(raw)
    except ImportFailed as error:
        text = raw.decode("utf-8-sig", errors="replace") if any(p.path for p in error.problems) else ""
        raise _errors(error, text) from error
    return data, raw.decode("utf-8-sig")


def check_slug(data: Any, expected: str) -> None:
    """Refuse a file whose association.slug is another förbund's."""
    association = data.get("association") if isinstance(data, dict) else None
    slug = association.get("slug") if isinstance(association, dict) else None
    if isinstance(slug, str) and slug != expected:
        raise OrganisationFileError(
            [
                _("association.slug: filen gäller %(slug)s, inte %(expected)s")
                % {"slug": slug[:60], "expected": expected}
            ]
        )


def _present(fields: dict[str, Any], key: str, value: Any) -> None:
    if value is not MISSING and value is not None:
        fields[key] = value


def _association(data: dict[str, Any], problems: Problems) -> tuple[str | None, dict[str, Any]]:
    obj = read_object(data.get("association"), "association", problems) if "association" in data else None
    if "association" not in data:
        problems.error("association", _("saknas"))
    if obj is None:
        return None, {}
    check_keys(obj, ASSOCIATION_KEYS, "association", problems)
    fields: dict[str, Any] = {}
    slug = read_str(obj, "slug", "association", problems, required=True, max_length=60)
    if slug and not re.fullmatch(r"[-a-zA-Z0-9_]+", slug):
        problems.error(
            "association.slug", _("ogiltigt kortnamn %(value)s (bara a–z, 0–9, - och _)") % {"value": describe(slug)}
        )
        slug = None
    _present(fields, "name", read_str(obj, "name", "association", problems, required=True))
    org_nr = read_str(obj, "org_nr", "association", problems, max_length=20, allow_empty=True)
    if isinstance(org_nr, str) and org_nr:
        digits = re.sub(r"[\s-]", "", org_nr)
        if not re.fullmatch(r"\d{10}", digits):
            problems.error(
                "association.org_nr",
                _("ogiltigt organisationsnummer %(value)s (NNNNNN-NNNN)") % {"value": describe(org_nr)},
            )
            org_nr = None
        else:
            org_nr = f"{digits[:6]}-{digits[6:]}"
    if org_nr is not MISSING and org_nr is not None:
        fields["org_nr"] = org_nr
    for key, length in (("address", 300), ("protocol_prefix", 12)):
        value = read_str(obj, key, "association", problems, max_length=length, allow_empty=True)
        _present(fields, key, value)
    bounds = {"allocation_percent_decimals": (0, 6), "suppression_threshold": (2, 50), "retention_years": (1, 30)}
    for key, (low, high) in bounds.items():
        if key not in obj:
            continue
        if obj[key] is None and key == "allocation_percent_decimals":
            fields[key] = None
            continue
        value = read_int(obj[key], join("association", key), problems, minimum=low, maximum=high)
        _present(fields, key, value)
    return slug, fields


def _members(items: list[Any], problems: Problems) -> list[MemberPlan]:
    plans: list[MemberPlan] = []
    seen: dict[str, str] = {}
    municipalities = set(Municipality.objects.values_list("code", flat=True))
    for index, raw in enumerate(items):
        path = join("members", index)
        obj = read_object(raw, path, problems)
        if obj is None:
            continue
        check_keys(obj, MEMBER_KEYS, path, problems)
        code = read_str(obj, "code", path, problems, required=True, max_length=20)
        if code:
            if code in seen:
                problems.error(
                    join(path, "code"),
                    _("medlemskoden %(code)s förekommer redan i %(other)s") % {"code": code, "other": seen[code]},
                )
            seen[code] = path
        fields: dict[str, Any] = {}
        _present(fields, "name", read_str(obj, "name", path, problems, required=True))
        kind = read_choice(
            obj, "kind", path, problems, MemberKind, what=_("medlemstyp"), required=True, aliases=KIND_ALIASES
        )
        _present(fields, "kind", kind)
        municipality = read_str(obj, "municipality", path, problems, max_length=10)
        here = join(path, "municipality")
        if kind == MemberKind.KOMMUN:
            if municipality is MISSING:
                problems.error(here, _("saknas: en kommun ska ha sin kommunkod (4 siffror)"))
            elif municipality is not None and not re.fullmatch(r"\d{4}", municipality):
                problems.error(here, _("ogiltig kommunkod %(value)s (4 siffror)") % {"value": describe(municipality)})
            elif municipality is not None and municipality not in municipalities:
                problems.error(here, _("okänd kommunkod %(code)s") % {"code": municipality})
            elif municipality is not None:
                fields["municipality_id"] = municipality
        elif kind is not None:
            if municipality not in (MISSING, None):
                problems.error(here, _("bara kommuner har kommunkod"))
            fields["municipality_id"] = None
        populations: dict[int, int] = {}
        if "population" in obj:
            ppath = join(path, "population")
            pop = read_object(obj["population"], ppath, problems, what=_("ett objekt {år: folkmängd}"))
            if pop is not None and kind is not None and kind != MemberKind.KOMMUN and pop:
                problems.error(ppath, _("folkmängd anges bara för kommuner"))
            for year_key, value in (pop or {}).items():
                ypath = join(ppath, year_key)
                year = read_year(year_key, ypath, problems)
                number = read_int(value, ypath, problems, minimum=0, maximum=20_000_000, what=_("ett antal invånare"))
                if year is not None and number is not None:
                    populations[year] = number
        if code:
            plans.append(MemberPlan(path=path, code=code, fields=fields, populations=populations))
    return plans


def _member_refs(value: Any, path: str, known: set[str], problems: Problems) -> list[str] | None:
    items = read_list(value, path, problems)
    if items is None:
        return None
    codes: list[str] = []
    for index, raw in enumerate(items):
        here = join(path, index)
        code = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else None
        if not code:
            problems.error(here, _("ska vara en medlemskod, inte %(value)s") % {"value": describe(raw)})
        elif code not in known:
            problems.error(here, _("okänd medlem %(code)s (finns inte bland members)") % {"code": code})
        elif code not in codes:
            codes.append(code)
    return codes


def _staffing(value: Any, path: str, known: set[str], problems: Problems) -> list[StaffingPlan] | None:
    items = read_list(value, path, problems)
    if items is None:
        return None
    rows: list[StaffingPlan] = []
    for index, raw in enumerate(items):
        here = join(path, index)
        obj = read_object(raw, here, problems)
        if obj is None:
            continue
        check_keys(obj, {"member", "role", "fte"}, here, problems)
        member = read_str(obj, "member", here, problems, required=True, max_length=20)
        if member and member not in known:
            problems.error(
                join(here, "member"), _("okänd medlem %(code)s (finns inte bland members)") % {"code": member}
            )
            member = None
        role = read_str(obj, "role", here, problems, required=True, max_length=120)
        fte = None
        if "fte" not in obj:
            problems.error(join(here, "fte"), _("saknas"))
        else:
            fte = read_decimal(obj["fte"], join(here, "fte"), problems, minimum=Decimal(0), maximum=Decimal(100))
        if member and role and fte is not None:
            rows.append(StaffingPlan(member=member, role=role, fte=fte))
    return rows


def _volume_targets(value: Any, path: str, problems: Problems) -> dict[tuple[int, str], int]:
    targets: dict[tuple[int, str], int] = {}
    obj = read_object(value, path, problems, what=_("ett objekt {år: {unit, value}}"))
    for year_key, entry in (obj or {}).items():
        ypath = join(path, year_key)
        year = read_year(year_key, ypath, problems, minimum=FIRST_YEAR)
        entries = entry if isinstance(entry, list) else [entry]
        for index, item in enumerate(entries):
            here = join(ypath, index) if isinstance(entry, list) else ypath
            target = read_object(item, here, problems, what=_("ett objekt {unit, value}"))
            if target is None:
                continue
            check_keys(target, {"unit", "value"}, here, problems)
            unit = read_choice(
                target, "unit", here, problems, VolumeUnit, what=_("enhet"), required=True, aliases=UNIT_ALIASES
            )
            number = (
                read_int(target["value"], join(here, "value"), problems, minimum=0, what=_("ett antal"))
                if "value" in target
                else problems.error(join(here, "value"), _("saknas"))
            )
            if year is None or unit is None or number is None:
                continue
            if (year, unit) in targets:
                problems.error(
                    here,
                    _("volymmålet för %(year)s i enheten %(unit)s anges två gånger") % {"year": year, "unit": unit},
                )
            targets[(year, unit)] = number
    return targets


def _intervention(
    index: int, obj: dict[str, Any], existing: Intervention | None, known: set[str], problems: Problems
) -> InterventionPlan | None:
    path = join("interventions", index)
    check_keys(obj, INTERVENTION_KEYS, path, problems)
    code = read_str(obj, "code", path, problems, required=True, max_length=20)
    creating = existing is None
    fields: dict[str, Any] = {}
    _present(fields, "name", read_str(obj, "name", path, problems, required=True))
    _present(
        fields,
        "orientation",
        read_choice(
            obj,
            "orientation",
            path,
            problems,
            Orientation,
            what=_("inriktning"),
            required=creating,
            aliases=ORIENTATION_ALIASES,
        ),
    )
    _present(
        fields,
        "category",
        read_choice(
            obj,
            "category",
            path,
            problems,
            BudgetCategory,
            what=_("budgetkategori"),
            required=creating,
            aliases=CATEGORY_ALIASES,
        ),
    )
    _present(fields, "status", read_choice(obj, "status", path, problems, Status, what=_("status")))
    _present(
        fields,
        "follow_up_method",
        read_choice(
            obj,
            "follow_up_method",
            path,
            problems,
            FollowUpMethod,
            what=_("uppföljningssätt"),
            aliases=FOLLOW_UP_ALIASES,
        ),
    )
    for key in ("target_group", "description"):
        _present(fields, key, read_str(obj, key, path, problems, max_length=5000, allow_empty=True))
    start = read_date(obj, "start", path, problems, required=creating)
    end = read_date(obj, "end", path, problems)
    if isinstance(start, dt.date):
        fields["start"] = start
    if end is not MISSING and "end" in obj and (end is not None or obj["end"] in (None, "")):
        fields["end"] = end
    effective_start = start if isinstance(start, dt.date) else (existing.start if existing else None)
    if isinstance(end, dt.date) and effective_start and end < effective_start:
        problems.error(
            join(path, "end"),
            _("slutdatum %(end)s ligger före startdatum %(start)s") % {"end": end, "start": effective_start},
        )
    orientation = fields.get("orientation", existing.orientation if existing else None)
    if orientation == Orientation.STRUCTURAL:
        if fields.get("follow_up_method") == FollowUpMethod.INDIVIDUAL:
            problems.error(
                join(path, "follow_up_method"),
                _("en strukturövergripande insats följs upp med antal, inte individuellt"),
            )
        elif "follow_up_method" not in fields:
            fields["follow_up_method"] = FollowUpMethod.COUNTS
    elif creating and "follow_up_method" not in fields:
        fields["follow_up_method"] = FollowUpMethod.INDIVIDUAL
    plan = InterventionPlan(path=path, code=code or "", fields=fields)
    if "members" in obj:
        plan.run_by = _member_refs(obj["members"], join(path, "members"), known, problems)
    if "staffing" in obj:
        plan.staffing = _staffing(obj["staffing"], join(path, "staffing"), known, problems)
    if "volume_targets" in obj:
        plan.volume_targets = _volume_targets(obj["volume_targets"], join(path, "volume_targets"), problems)
    return plan if code else None


def _interventions(
    items: list[Any], association: Association | None, known: set[str], problems: Problems
) -> list[InterventionPlan]:
    existing = {i.code: i for i in Intervention.objects.filter(association=association)} if association else {}
    plans: list[InterventionPlan] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(items):
        obj = read_object(raw, join("interventions", index), problems)
        if obj is None:
            continue
        raw_code = obj.get("code")
        code = str(raw_code).strip() if isinstance(raw_code, str | int) and not isinstance(raw_code, bool) else ""
        plan = _intervention(index, obj, existing.get(code), known, problems)
        if plan is None:
            continue
        if plan.code in seen:
            problems.error(
                join(plan.path, "code"),
                _("insatskoden %(code)s förekommer redan i %(other)s") % {"code": plan.code, "other": seen[plan.code]},
            )
        seen[plan.code] = plan.path
        plans.append(plan)
    return plans


def _board(items: list[Any], known: set[str], problems: Problems) -> list[BoardSeatPlan]:
    plans: list[BoardSeatPlan] = []
    seen: dict[tuple[str, dt.date], str] = {}
    offices: dict[str, list[tuple[str, dt.date, dt.date | None]]] = {}
    for index, raw in enumerate(items):
        path = join("board", index)
        obj = read_object(raw, path, problems)
        if obj is None:
            continue
        check_keys(obj, BOARD_KEYS, path, problems)
        name = read_str(obj, "person_name", path, problems, required=True, max_length=150)
        seat_type = read_choice(
            obj,
            "seat_type",
            path,
            problems,
            BoardSeat.SeatType,
            what=_("uppdrag"),
            required=True,
            aliases={"ordinarie": "ledamot"},
        )
        office = (
            ""
            if obj.get("office") in (None, "")
            else read_choice(
                obj,
                "office",
                path,
                problems,
                BoardSeat.Office,
                what=_("funktion"),
                aliases={"ordf": "ordforande", "vice": "vice_ordforande"},
            )
        )
        appointed_by = read_str(obj, "appointed_by", path, problems, required=True, max_length=20)
        if appointed_by and appointed_by not in known:
            problems.error(
                join(path, "appointed_by"),
                _("okänd medlem %(code)s (finns inte bland members)") % {"code": appointed_by},
            )
            appointed_by = None
        term_start = read_date(obj, "term_start", path, problems, required=True)
        term_end = read_date(obj, "term_end", path, problems)
        term_end = None if term_end is MISSING else term_end
        if isinstance(term_start, dt.date) and isinstance(term_end, dt.date) and term_end < term_start:
            problems.error(
                join(path, "term_end"),
                _("mandatperioden slutar %(end)s, före starten %(start)s") % {"end": term_end, "start": term_start},
            )
            term_end = None
        if office and seat_type == BoardSeat.SeatType.DEPUTY:
            problems.error(join(path, "office"), _("bara en ledamot kan vara ordförande eller vice ordförande"))
        if not (name and seat_type and appointed_by and isinstance(term_start, dt.date)) or office is None:
            continue
        if (name, term_start) in seen:
            problems.error(
                path,
                _("%(name)s med mandatperiod från %(start)s förekommer redan i %(other)s")
                % {"name": name, "start": term_start, "other": seen[name, term_start]},
            )
            continue
        seen[name, term_start] = path
        if office:
            for other_path, other_start, other_end in offices.get(office, []):
                if (term_end is None or other_start <= term_end) and (other_end is None or term_start <= other_end):
                    problems.error(
                        join(path, "office"),
                        _("funktionen innehas redan av %(other)s samma period") % {"other": other_path},
                    )
            offices.setdefault(office, []).append((path, term_start, term_end))
        plans.append(
            BoardSeatPlan(
                path=path,
                appointed_by=appointed_by,
                fields={
                    "person_name": name,
                    "seat_type": seat_type,
                    "office": office,
                    "term_start": term_start,
                    "term_end": term_end,
                },
            )
        )
    return plans


def _equity(value: Any, problems: Problems) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    obj = read_object(value, "equity", problems, what=_("ett objekt {år: belopp}"))
    for year_key, amount in (obj or {}).items():
        here = join("equity", year_key)
        year = read_year(year_key, here, problems, minimum=FIRST_YEAR)
        number = read_decimal(amount, here, problems, minimum=Decimal("-1e12"), maximum=Decimal("1e12"))
        if year is not None and number is not None:
            result[year] = number
    return result


def validate(data: Any, lines: dict[str, int] | None = None) -> OrganisationPlan:
    """Check a decoded organisation JSON document; raise OrganisationFileError listing every problem.

    `lines` ({JSON path: line}, see locating.value_lines) puts the line number in front of each problem.
    """
    problems = Problems(lines=lines or {})
    if not isinstance(data, dict):
        raise OrganisationFileError(
            [_('filen ska innehålla ett JSON-objekt ({"association": …}), inte %(value)s') % {"value": describe(data)}]
        )
    check_keys(data, TOP_KEYS, "", problems)
    slug, association_fields = _association(data, problems)
    association = Association.objects.filter(slug=slug).first() if slug else None
    existing_members = {m.code: m for m in Member.objects.filter(association=association)} if association else {}
    lists: dict[str, list[Any]] = {}
    for key in ("members", "interventions", "board"):
        if key in data:
            lists[key] = read_list(data[key], key, problems) or []
    members = _members(lists.get("members", []), problems)
    known = set(existing_members) | {m.code for m in members}
    plan = OrganisationPlan(
        slug=slug or "", association_fields=association_fields, members=members, lines=problems.lines
    )
    plan.interventions = _interventions(lists.get("interventions", []), association, known, problems)
    plan.board = _board(lists.get("board", []), known, problems)
    if "equity" in data:
        plan.equity = _equity(data["equity"], problems)
    plan.warnings = problems.warnings
    if problems.errors:
        raise OrganisationFileError(problems.errors, problems.warnings)
    return plan

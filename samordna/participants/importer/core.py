"""The import run: header check, row parsing, checks across rows and against the database, then apply."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from samordna.core.models import Association, AuditEntry
from samordna.interventions.models import Intervention
from samordna.participants import rules, services
from samordna.participants.importer import apply as applier
from samordna.participants.importer.columns import ALIASES, COLUMNS, REQUIRED, is_identifier
from samordna.participants.importer.lock import ImportBusy, import_lock, is_busy_error
from samordna.participants.importer.parse import Lookups, Problem, Row, RowParser
from samordna.participants.importer.reader import FileProblem, read_rows
from samordna.participants.models import Enrollment
from samordna.participants.services import audit_bulk

MAX_PROBLEMS = 10_000
logger = logging.getLogger(__name__)


def busy_message() -> str:
    """The loser's message when two imports into one förbund run at once."""
    return _("En annan import pågår, försök igen om en stund. Ingenting sparades.")


def refused_message() -> str:
    """The message when the database refuses what the checks let through (never the database's own text)."""
    return _(
        "Uppgifterna ändrades samtidigt av någon annan, så importen kunde inte sparas. Ingenting sparades. Försök igen."
    )


@dataclass
class ImportResult:
    """What an import found (problems) or did (counts)."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    truncated: bool = False
    busy: bool = False  # refused because another import into the förbund was running: try again later

    @property
    def ok(self) -> bool:
        return not self.problems


def _header(cells: list[str], problems: list[Problem]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(cells):
        if not raw.strip():
            continue
        if is_identifier(raw):
            problems.append(
                Problem(
                    1,
                    raw,
                    _(
                        "Kolumnen %(c)s ser ut att innehålla direkta personuppgifter "
                        "(namn, personnummer, e-post, telefon eller adress) och tas inte emot."
                    )
                    % {"c": raw},
                )
            )
            continue
        name = ALIASES.get(_norm(raw))
        if name is None:
            problems.append(Problem(1, raw, _("Okänd kolumn %(c)s.") % {"c": raw}))
        elif name in columns:
            problems.append(Problem(1, raw, _("Kolumnen %(c)s finns två gånger.") % {"c": raw}))
        else:
            columns[name] = index
    for name in REQUIRED:
        if name not in columns:
            problems.append(
                Problem(1, name, _("Kolumnen %(c)s (%(sv)s) saknas.") % {"c": name, "sv": COLUMNS[name][0]})
            )
    return columns


def _norm(text: str) -> str:
    from samordna.participants.importer.columns import normalise

    return normalise(text)


def _cross_checks(rows: list[Row], problems: list[Problem]) -> None:
    """Duplicates and one person's details that disagree within the file."""
    seen: dict[tuple[str, int, Any], int] = {}
    people: dict[str, tuple[str, int, str, int]] = {}
    for row in rows:
        key = (row.code, row.intervention.pk, row.start)
        if key in seen:
            problems.append(
                Problem(
                    row.line,
                    "participant",
                    _("Dubblett av rad %(n)s (samma deltagare, insats och startdatum).") % {"n": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        if row.removes:
            continue
        person = people.get(row.code)
        if person is None:
            people[row.code] = (row.gender, row.birth_year, row.municipality, row.line)
            continue
        for index, column in enumerate(("gender", "birth_year", "municipality")):
            if person[index] != getattr(row, column):
                problems.append(
                    Problem(
                        row.line, column, _("Samma deltagarkod har ett annat värde på rad %(n)s.") % {"n": person[3]}
                    )
                )


def _overlap_checks(rows: list[Row], state: applier.State, problems: list[Problem]) -> None:
    """One person, one insats, one enrollment at a time (file rows and stored ones together).

    First counts the episodes per (person, insats) – file rows, plus stored enrollments that no file row replaces
    or removes – and then looks closer only at the pairs with two or more, so a large file needs one small counter
    per pair rather than a group of episodes for each.
    """
    stored = state.enrollments
    counts: dict[tuple[str, int], int] = {}
    for row in rows:
        if not row.removes:
            pair = (row.code, row.intervention.pk)
            counts[pair] = counts.get(pair, 0) + 1
    for code, intervention, _start in stored:
        pair = (code, intervention)
        if pair in counts:
            counts[pair] += 1
    for row in rows:  # a stored enrollment that a row updates or removes is not an episode of its own
        pair = (row.code, row.intervention.pk)
        if pair in counts and (row.code, row.intervention.pk, row.start) in stored:
            counts[pair] -= 1
    crowded = {pair for pair, count in counts.items() if count > 1}
    del counts
    if not crowded:
        return
    groups: dict[tuple[str, int], dict[Any, tuple[Any, Any, int]]] = defaultdict(dict)
    removed: set[tuple[str, int, Any]] = set()
    for row in rows:
        pair = (row.code, row.intervention.pk)
        if pair not in crowded:
            continue
        if row.removes:
            removed.add((row.code, row.intervention.pk, row.start))
        else:
            groups[pair][row.start] = (row.start, row.end, row.line)
    for key, end in state.episodes():
        pair, start = key[:2], key[2]
        if pair in groups and key not in removed and start not in groups[pair]:
            groups[pair][start] = (start, end, 0)
    for episodes in groups.values():
        ordered = sorted(episodes.values(), key=lambda e: e[0])
        latest = ordered[0]
        for current in ordered[1:]:
            if rules.overlaps(latest[0], latest[1], current[0], current[1]):
                line = current[2] or latest[2]
                other = latest if current[2] else current
                problems.append(
                    Problem(
                        line,
                        "start_date",
                        _("Deltagaren har redan ett deltagande i insatsen som överlappar (från %(d)s).")
                        % {"d": other[0]},
                    )
                )
            if latest[1] is not None and (current[1] is None or current[1] > latest[1]):
                latest = current


def _known_code_checks(
    rows: list[Row],
    state: applier.State,
    problems: list[Problem],
    *,
    association: Association,
    acting_user: Any,
    allowed: set[int] | None,
) -> list[Intervention]:
    """No oracle through the importer: a row may not reveal what is registered for a code the user cannot see.

    A known code with no enrollment in the user's insatser (`allowed`; None: the command line, which sees all)
    is compared with the row's gender, birth year and kommun. A code that differs gets the neutral message of
    the pages on each of its rows and counts once towards the user's mismatch limit; once the limit is reached
    (before or during this file), the rows of such codes are refused with the limit message, whether they match
    or not. The codes the user already sees are updated from the file as before. Returns the insats of each
    counted mismatch, for the caller to audit (`services.code_mismatch_record`).
    """
    if allowed is None or not state.participants:
        return []
    by_id = {stored[0]: code for code, stored in state.participants.items()}
    ids, visible = list(by_id), set[Any]()
    for start in range(0, len(ids), applier.BATCH):
        visible.update(
            Enrollment.objects.filter(
                participant_id__in=ids[start : start + applier.BATCH], intervention_id__in=allowed
            ).values_list("participant_id", flat=True)
        )
    foreign = {code for pk, code in by_id.items() if pk not in visible}
    if not foreign:
        return []
    used = services.recent_mismatches(user=acting_user, association=association)
    verdicts: dict[str, str | None] = {}
    counted: list[Intervention] = []
    for row in rows:
        if row.removes or row.code not in foreign:
            continue
        if row.code not in verdicts:
            stored = state.participants[row.code]
            if used >= services.MISMATCH_LIMIT:
                verdicts[row.code] = services.mismatch_limit_message()
            elif stored[1:] != (row.gender, row.birth_year, row.municipality):
                verdicts[row.code] = services.mismatch_message()
                counted.append(row.intervention)
                used += 1
            else:
                verdicts[row.code] = None
        message = verdicts[row.code]
        if message:
            problems.append(Problem(row.line, "participant", message))
    return counted


def _record_mismatches(acting_user: Any, interventions: list[Intervention]) -> None:
    for intervention in interventions:
        services.code_mismatch_record(acting_user=acting_user, intervention=intervention, source="import")


def _rows(source: IO[bytes] | bytes | str, filename: str) -> Iterator[list[str]]:
    return read_rows(source, filename)


def run_import(
    *,
    association: Association,
    source: IO[bytes] | bytes | str,
    filename: str = "",
    acting_user: Any = None,
    allowed_interventions: set[int] | None = None,
    progress: Callable[[int], None] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Validate the whole file, then write all of it (one transaction) or nothing.

    `allowed_interventions` limits which insatser rows may name (a registrar's own; None = all).
    """
    result = ImportResult()
    problems = result.problems
    rows: list[Row] = []
    try:
        iterator = _rows(source, filename)
        header = next(iterator, None)
        if header is None or not any(c.strip() for c in header):
            problems.append(Problem(1, "", _("Filen är tom eller saknar rubrikrad.")))
            return result
        columns = _header(header, problems)
        if problems:
            return result
        lookups = Lookups.load(association, allowed_interventions)
        parser = RowParser(lookups, columns, header, problems)
        for line, cells in enumerate(iterator, start=2):
            if not any(cells):
                continue
            row = parser.parse(line, cells)
            if row is not None:
                rows.append(row)
            if progress is not None and line % 5000 == 0:
                progress(line)
            if len(problems) > MAX_PROBLEMS:
                result.truncated = True
                break
    except FileProblem as exc:
        problems.append(Problem(exc.row, exc.column, str(exc)))
        return result
    if not rows and not problems:
        problems.append(Problem(2, "", _("Filen innehåller inga rader.")))
    if problems:
        return result
    _cross_checks(rows, problems)
    if problems:
        return result
    known = {"association": association, "acting_user": acting_user, "allowed": allowed_interventions}
    if dry_run:
        state = applier.load_state(association, rows)
        _record_mismatches(acting_user, _known_code_checks(rows, state, problems, **known))
        _overlap_checks(rows, state, problems)
        return result
    try:
        with transaction.atomic(), import_lock(association):
            # The stored state is read under the lock, so a concurrent import cannot change it before we write.
            state = applier.load_state(association, rows)
            # Mismatches are audited here: nothing is written after a problem, so this transaction commits.
            _record_mismatches(acting_user, _known_code_checks(rows, state, problems, **known))
            _overlap_checks(rows, state, problems)
            if problems:
                return result
            result.counts = applier.apply(association, rows, state, lookups, list(columns))
            result.counts["rows"] = len(rows)
            wrote = any(v for k, v in result.counts.items() if k not in ("rows", "enrollments_unchanged"))
            if wrote:  # an import that changed nothing wrote nothing, so it leaves no audit row
                audit_bulk(
                    acting_user=acting_user,
                    association=association,
                    action=AuditEntry.Action.IMPORT,
                    object_type="participants.enrollment",
                    summary={**result.counts, "file": filename[:200]},
                )
    except ImportBusy:
        result.counts, result.busy = {}, True
        problems.append(Problem(1, "", busy_message()))
    except DatabaseError as exc:
        # Everything above is checked first; this is a last guard (e.g. a registration saved by hand at the same
        # moment). Nothing is saved. The log names the error's kind only: its text may carry a participant code.
        result.counts = {}
        logger.warning("participant import refused by the database: %s", type(exc).__name__)
        result.busy = is_busy_error(exc)
        problems.append(Problem(1, "", busy_message() if result.busy else refused_message()))
    return result

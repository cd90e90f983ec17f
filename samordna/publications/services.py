"""Releasing a publication: build its tables, protect them jointly, audit them against every earlier release.

`release_publication` is the only write of the app. Steps (docs/suppression.md tells a förbundschef why):

1. The internal participants report for the period: for all insatser together and for each insats with
   participants in the period (participants.statistics); for a whole year also Uppföljning Finsam's
   participant table (publications.finsam), whose anonymous counts are audited but never published.
2. Each report is suppressed (small counts and what would reveal them, within the report). A count printed
   in several reports (an insats's participants by gender appear in its own report and as its row in the
   all-insatser report) gets one status: hidden in one, hidden in all.
3. The audit (reporting.differencing) treats every count of participants during, new and ended, per insats
   and gender, of this release and of all earlier ones as sums of the same starts and ends per time segment
   (reporting.timeline), and widens the suppression until no hidden count of any release can be narrowed
   to less than k values by a reader who has them all. The new and ended of each time segment (what a
   reader gets by subtracting releases, e.g. the third tertial from the year and two tertials) are hidden
   counts of the audit too. Steps 2 and 3 repeat until neither hides more.
4. The publication is stored frozen with the audit's summary, and one audit row (without figures) is written.

The per-insats reports publish the counts the audit covers (participants, new, ended, positive outcome);
their other tables (age, education, support, kommun, end reasons, occupation) are published for all insatser
together only, where the audit covers them too (publications.figures, the families).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Hashable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.audit import record
from samordna.core.models import Association, AuditEntry
from samordna.participants.selectors import (
    anonymous_rows,
    enrollment_flows,
    positive_end_reasons,
    support_code_bits,
)
from samordna.participants.statistics import build_participant_report
from samordna.participants.statistics.publish import publish
from samordna.publications import figures as F
from samordna.publications import finsam
from samordna.publications.models import Publication
from samordna.reporting.differencing import AuditResult, Figure, protect
from samordna.reporting.periods import FixedPeriod
from samordna.reporting.timeline import Timeline

#: Tables of a per-insats report that are published for all insatser together only (see the module docstring).
ALL_ONLY_TABLES = ("age_bands", "support_years_bands", "support_before", "education", "municipalities")
ENDED_TABLES = ("end_reasons", "occupation_after")
MAX_ROUNDS = 25

Scope = str | None  # None: all insatser; else an insats code, or FINSAM
#: The scope of Uppföljning Finsam's participant table in a yearly publication (no insats code has a space).
FINSAM = "Uppföljning Finsam"


def _paths(scope: Scope, key: F.FigureKey, report: dict[str, Any]) -> list[F.Path]:
    return finsam.paths(key, report) if scope == FINSAM else F.paths(key, report)


def _publish(scope: Scope, report: dict[str, Any], k: int, forced: frozenset[F.Path]) -> dict[str, Any]:
    if scope == FINSAM:
        return finsam.publish(report, k, also_hide=forced)
    return publish(report, k, also_hide=forced)


def _blank_details(report: dict[str, Any]) -> dict[str, Any]:
    """Hide the tables a per-insats report does not publish (every count and share None, rows kept)."""
    for table in (*ALL_ONLY_TABLES, *ENDED_TABLES):
        for row in report[table]:
            for key in ("all", "women", "men", "other", "new", "count", "share"):
                if key in row:
                    row[key] = None
    report["mean_years_in_support_before"] = None
    report["mean_months_in_intervention"] = None
    return report


def _shared(reports: dict[Scope, dict[str, Any]], keys: list[F.FigureKey]) -> dict[Scope, dict[Hashable, list[F.Path]]]:
    """Per report: every shared count (the audited FigureKeys) → its paths."""
    shared: dict[Scope, dict[Hashable, list[F.Path]]] = {}
    for scope, report in reports.items():
        found: dict[Hashable, list[F.Path]] = {}
        for key in keys:
            paths = _paths(scope, key, report)
            if paths:
                found[key] = paths
        shared[scope] = found
    return shared


def _suppress(
    reports: dict[Scope, dict[str, Any]], shared: dict[Scope, dict[Hashable, list[F.Path]]], k: int, hidden: set
) -> tuple[dict[Scope, dict[str, Any]], set]:
    """Every report suppressed with the shared counts in `hidden` forced hidden; the shared counts now hidden."""
    published = {}
    now_hidden: set = set(hidden)
    for scope, report in reports.items():
        forced = frozenset(p for key, paths in shared[scope].items() if key in hidden for p in paths)
        out = _publish(scope, report, k, forced)
        published[scope] = out
        for key, paths in shared[scope].items():
            if any(F.printed_value(out, p) is None for p in paths):
                now_hidden.add(key)
    return published, now_hidden


def _earlier_figures(earlier: list[Publication], model: F.Model, atoms: Any) -> tuple[list[Figure], int]:
    """Every audited count of the earlier releases as a fixed figure, and how many have changed since.

    A count whose value is no longer what was released (a late registration, a removed felregistrering, a
    gallring) cannot be put in the same system as today's data; it is left out and counted, and the summary
    says so.
    """
    found, changed = [], 0
    for publication in earlier:
        for row in publication.figures:
            key, released, hidden = F.FigureKey.from_stored(row)
            floor = 0 if key.table == F.ANONYMOUS else publication.floor  # never published: may be 0
            figure = model.figure(key, atoms, hidden=hidden, fixed=True, floor=floor)
            if figure.value != released:
                changed += 1
                continue
            found.append(
                Figure(
                    ("earlier", publication.pk, key),
                    figure.atoms,
                    figure.value,
                    hidden=hidden,
                    fixed=True,
                    floor=floor,
                    minus=figure.minus,
                )
            )
    return found, changed


def _flows(association: Association) -> tuple[list[F.Flow], dict[str, list[F.Flow]]]:
    """The enrollment flows by insats and by each family's field, from one grouped query (participants.selectors)."""
    lookups = ["intervention__code"]
    for family in F.FAMILIES:
        for field in (family.field,) if isinstance(family.field, str) else family.field:
            if field not in lookups:
                lookups.append(field)
    rows = enrollment_flows(association, by=tuple(lookups))

    def by(fields: tuple[str, ...]) -> list[F.Flow]:
        positions = [lookups.index(field) for field in fields]
        summed: Counter[tuple[Any, ...]] = Counter()
        for values, gender, start, end, n in rows:
            value = values[positions[0]] if len(positions) == 1 else tuple(values[i] for i in positions)
            summed[(value, gender, start, end)] += n
        return [(*group, n) for group, n in summed.items()]

    families = {f.table: by((f.field,) if isinstance(f.field, str) else tuple(f.field)) for f in F.FAMILIES}
    return by(("intervention__code",)), families


def _internal_reports(association: Association, period: FixedPeriod) -> dict[Scope, dict[str, Any]]:
    """The internal participants reports (all insatser, each insats) and, for a year, Finsam's table."""
    everything = build_participant_report(association=association, date_from=period.date_from, date_to=period.date_to)
    reports: dict[Scope, dict[str, Any]] = {None: everything}
    for row in everything["interventions"]:
        reports[row["code"]] = build_participant_report(
            association=association, date_from=period.date_from, date_to=period.date_to, interventions=[row["code"]]
        )
    finsam_figures = finsam.internal(association, period)
    if finsam_figures is not None:
        reports[FINSAM] = finsam_figures
    return reports


def _check_consistency(reports: dict[Scope, dict[str, Any]], shared: dict, values: dict[F.FigureKey, int]) -> None:
    """The audit's counts are the report's counts (a programming error otherwise: nothing is released)."""
    for scope, report in reports.items():
        for key, paths in shared[scope].items():
            if isinstance(key, F.FigureKey):
                for path in paths:
                    if F.printed_value(report, path) != values[key]:
                        raise RuntimeError(f"audit count {key} = {values[key]} but the report prints {path}")


def _actor_name(acting_user: Any) -> str:
    """Who released it, as the list shows it: the user's name, or the command line's label."""
    if getattr(acting_user, "pk", None):
        return acting_user.get_full_name() or acting_user.get_username()
    return str(getattr(acting_user, "label", "") or "system")


def release_publication(
    *,
    association: Association,
    period: FixedPeriod,
    acting_user: Any,
    title: str = "",
    corrects: Publication | None = None,
) -> Publication:
    """Release the participant figures of a fixed period (see the module docstring); returns the publication."""
    started = time.perf_counter()
    with transaction.atomic():
        # One release at a time per förbund: each is audited against all that came before it.
        Association.objects.select_for_update().filter(pk=association.pk).first()
        earlier = list(Publication.objects.filter(association=association).order_by("released_at", "pk"))
        if corrects is not None and corrects.association_id != association.pk:
            raise ValidationError(_("Publiceringen som rättas tillhör inte förbundet."))
        k = association.suppression_threshold
        reports = _internal_reports(association, period)
        flows, family_flows = _flows(association)
        stored = [F.FigureKey.from_stored(row)[0] for p in earlier for row in p.figures]
        shown = sorted(code for code in reports if code not in (None, FINSAM))
        finsam_figures = reports.get(FINSAM)
        keys = F.keys(period, shown, reports[None]) + finsam.keys(period, finsam_figures)
        never_published = finsam.anonymous_keys(period, finsam_figures)
        insatser = sorted(
            {code for code, *_rest in flows}
            | {k.insats for k in stored if k.insats}
            | set(finsam.codes(finsam_figures))
        )
        codes = {
            f.table: sorted(
                {F.row_code(f, code) for code, *_rest in family_flows[f.table]}
                # a row that is a class of its own (not age bands over birth years, not support codes over sets)
                | {k.code for k in (*stored, *keys) if k.table == f.table and f.classes_by in ("row", "years_band")},
                key=lambda c: (c is None, str(c)),
            )
            for f in F.FAMILIES
        }
        model = F.Model(
            Timeline.of([period, *(p.fixed_period for p in earlier)]),
            insatser,
            codes,
            keys=[*stored, *keys],
            support_bits=support_code_bits(),
            positive_reasons=positive_end_reasons(),
        )
        atoms = model.truth(flows, family_flows, anonymous_rows(association))
        counts = {key: model.figure(key, atoms) for key in keys}  # published or not: decided by the rounds
        unpublished = [model.figure(key, atoms, hidden=True, floor=0) for key in never_published]
        new_values = {key: figure.value for key, figure in counts.items()}
        shared = _shared(reports, keys)
        _check_consistency(reports, shared, new_values)
        previous, changed = _earlier_figures(earlier, model, atoms)
        # What the releases add up to for each time segment (the third tertial from the year and two others).
        real = {f.terms for f in previous} | {f.terms for f in counts.values()}
        implied = [f for f in model.implied([*stored, *keys], atoms) if f.terms not in real]
        facts = model.facts()

        hidden: set = set()
        by_tables: set | None = None  # what the tables' own suppression hides, before the audit adds anything
        floor = 1  # what a reader may assume of this release's hidden counts: at least 1 until a 0 is hidden
        result: AuditResult | None = None
        solves = 0
        for _round in range(MAX_ROUNDS):
            published, now_hidden = _suppress(reports, shared, k, hidden)
            by_tables = now_hidden if by_tables is None else by_tables
            new = [counts[key].with_status(hidden=key in now_hidden) for key in keys] + unpublished
            if any(figure.hidden and figure.value == 0 for figure in new):
                floor = 0
            result = protect(
                previous + implied + new,
                truth=dict(atoms),
                min_width=k,
                threshold=k,
                floor=floor,
                facts=facts,
                seen=None if result is None else result.seen,  # each round only hides more: they still hold
            )
            floor = result.floor
            solves += result.solves
            wanted = now_hidden | set(result.newly_hidden)
            if wanted == hidden:
                break
            hidden = wanted
        else:  # pragma: no cover (each round only hides more, so this needs more rounds than counts)
            raise RuntimeError("the suppression of the publication did not settle")
        complements = sorted(str(key) for key in hidden - (by_tables or set()))
        for scope in list(published):
            if scope not in (None, FINSAM):
                published[scope] = _blank_details(published[scope])
        summary = {
            "earlier_publications": len(earlier),
            "audited_counts": len(previous) + len(new),
            "implied_counts": len(implied),
            "hidden_counts": sum(1 for key in keys if key in hidden),
            "complements": len(complements),
            "exposed": len(result.exposed),
            "changed_since_release": changed,
            "solves": solves,
            "seconds": round(time.perf_counter() - started, 2),
            "covers": [
                "participants_new_ended_by_insats_and_gender",
                *(f.table for f in F.FAMILIES),
                *(["uppfoljning_finsam"] if finsam_figures is not None else []),
            ],
        }
        now = timezone.now()
        name = _actor_name(acting_user)
        publication = Publication.objects.create(
            association=association,
            period=period.slug,
            date_from=period.date_from,
            date_to=period.date_to,
            title=title or _("Deltagarstatistik %(period)s") % {"period": period.label},
            released_at=now,
            released_by=acting_user if getattr(acting_user, "pk", None) else None,
            released_by_name=name[:200],
            threshold=k,
            floor=result.floor,
            content={
                "all": published[None],
                "insatser": {code: published[code] for code in shown},
                **({"finsam": published[FINSAM]} if finsam_figures is not None else {}),
            },
            figures=[key.stored(new_values[key], key in hidden) for key in keys]
            + [key.stored(f.value, True) for key, f in zip(never_published, unpublished, strict=True)],
            audit=summary,
            corrects=corrects,
        )
        record(
            acting_user=acting_user,
            association=association,
            action=AuditEntry.Action.CREATE,
            obj=publication,
            changes={"period": period.slug, "title": publication.title, "audit": summary},
        )
    return publication

"""The `survey` report kind: a round's results per question (`samordna report survey --round CODE [--publish]`).

Tables: one row per question (answers, mean, share at or above a value), then the distribution of each scale,
ja/nej and choice question, with a bar chart each. Published (`--publish`, and every page a non-admin sees): a
round that still takes answers, or has 1..k−1 answers, shows no count, distribution, mean or share at all
(every such cell hidden: "–" on pages and in files, `null` in JSON). Free-text answers are never in a report,
in any format.
"""

from __future__ import annotations

from argparse import ArgumentParser
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.reporting.registry import ReportKind, register
from samordna.reporting.renderers.charts import bars
from samordna.reporting.tables import Chart, Column, Kind, Report, Table, json_number
from samordna.surveys import selectors
from samordna.surveys.models import QuestionKind, SurveyRound

SUMMARY_CELLS = frozenset({"count", "mean", "share"})
DISTRIBUTION_CELLS = frozenset({"count", "share"})


def find_round(association: Association, code: Any) -> SurveyRound:
    """The förbund's round with `code`, or a Swedish ValidationError."""
    text = str(code or "").strip()
    found = (
        SurveyRound.objects.filter(association=association, code=text[:40])
        .select_related("association", "version__questionnaire", "intervention", "event")
        .first()
        if text
        else None
    )
    if found is None:
        raise ValidationError(_("Ange en enkätomgång som finns med --round, inte ”%(v)s”.") % {"v": text[:40]})
    return found


def _at_least(value: Any) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 10):
        raise ValidationError(_("--at-least ska vara ett heltal 1–10."))
    return int(text)


def survey_report(*, association: Association, options: dict[str, Any]) -> Report:
    """A round's results per question; `publish` applies the small-round rule."""
    survey_round = find_round(association, options.get("round"))
    publish = bool(options.get("publish"))
    results = selectors.round_results(survey_round, published=publish, at_least=_at_least(options.get("at_least")))
    questionnaire = survey_round.version.questionnaire
    hide = results.suppressed
    about = survey_round.intervention or survey_round.event
    paragraphs = [
        _("Enkät: %(name)s (%(code)s), version %(v)s.")
        % {"name": questionnaire.name, "code": questionnaire.code, "v": survey_round.version.number},
        _("Period: %(a)s – %(b)s.") % {"a": survey_round.starts_on.isoformat(), "b": survey_round.ends_on.isoformat()},
    ]
    if about is not None:
        paragraphs.append(_("Gäller: %(what)s.") % {"what": str(about)})
    if results.still_open:
        paragraphs.append(_("Omgången tar fortfarande emot svar. Resultaten publiceras när den har stängt."))
    elif hide:
        paragraphs.append(
            _("Omgången har färre än %(k)s svar. Inga resultat visas, så att ingen som svarat kan pekas ut.")
            % {"k": results.threshold}
        )
    summary = Table(
        _("Svar per fråga"),
        [
            Column("question", _("Fråga")),
            Column("count", _("Antal svar"), Kind.INTEGER),
            Column("mean", _("Medelvärde"), Kind.DECIMAL, decimals=2),
            Column("share", _("Andel vid eller över gränsen"), Kind.PERCENT),
            Column("limit", _("Gräns")),
        ],
        key="questions",
    )
    tables = [summary]
    charts: list[Chart] = []
    questions_json = []
    for result in results.questions:
        question = result.question
        if question.kind == QuestionKind.FREE_TEXT:
            summary.add(
                question=question.text,
                count=None if hide else result.count,
                hidden=frozenset({"count"}) if hide else frozenset(),
            )
            summary.rows[-1].cells["limit"] = _("Fritext visas bara för förbundets administratörer")
            questions_json.append(
                {"code": question.code, "text": question.text, "kind": question.kind, "count": result.count}
            )
            continue
        summary.add(
            question=question.text,
            count=result.count,
            mean=result.mean,
            share=result.share_at_least,
            limit=(f"≥ {result.at_least}" if result.at_least is not None else ""),
            hidden=SUMMARY_CELLS if hide else frozenset(),
        )
        distribution = []
        if question.options():
            table = Table(
                _("Fördelning: %(q)s") % {"q": question.text},
                [
                    Column("answer", _("Svar")),
                    Column("count", _("Antal"), Kind.INTEGER),
                    Column("share", _("Andel"), Kind.PERCENT),
                ],
                key=f"distribution_{question.code}",
            )
            if question.scale_max:
                table.notes.append(
                    _("1 = %(low)s, %(top)s = %(high)s.")
                    % {"low": question.low_label, "top": question.scale_max, "high": question.high_label}
                )
            answered = result.count or 0
            for value, label, count in (
                result.distribution if not hide else [(v, lab, None) for v, lab in question.options()]
            ):
                share = Decimal(count) / answered if count is not None and answered else None
                table.add(answer=label, count=count, share=share, hidden=DISTRIBUTION_CELLS if hide else frozenset())
                distribution.append({"value": value, "label": label, "count": count})
            tables.append(table)
            if not hide and answered:
                charts.append(
                    Chart(
                        question.text,
                        bars(
                            categories=[label for _v, label, _c in result.distribution],
                            series={_("Antal svar"): [float(c or 0) for _v, _l, c in result.distribution]},
                            title=question.text,
                            unit=_("svar"),
                        ),
                    )
                )
        questions_json.append(
            {
                "code": question.code,
                "text": question.text,
                "kind": question.kind,
                "count": result.count,
                "mean": json_number(result.mean) if result.mean is not None else None,
                "at_least": result.at_least,
                "share_at_least": json_number(result.share_at_least) if result.share_at_least is not None else None,
                "distribution": distribution,
            }
        )
    groups_json = []
    by = next((q for q in survey_round.version.questions.all() if q.kind == QuestionKind.ONE_CHOICE), None)
    if by is not None and not hide:
        for question, cells in selectors.group_results(survey_round, by, published=publish):
            table = Table(
                _("%(q)s per svar på ”%(by)s”") % {"q": question.text, "by": by.text},
                [
                    Column("group", by.text),
                    Column("count", _("Antal svar"), Kind.INTEGER),
                    Column("mean", _("Medelvärde"), Kind.DECIMAL, decimals=2),
                    Column("share", _("Andel vid eller över gränsen"), Kind.PERCENT),
                ],
                key=f"by_{by.code}_{question.code}",
            )
            for cell in cells:
                table.add(
                    group=cell.label,
                    count=cell.count,
                    mean=cell.mean,
                    share=cell.share_at_least,
                    hidden=SUMMARY_CELLS if cell.hidden else frozenset(),
                )
            if publish:
                table.notes.append(_("Grupper med färre än %(k)s svar visas inte.") % {"k": results.threshold})
            tables.append(table)
            groups_json.append(
                {
                    "question": question.code,
                    "by": by.code,
                    "groups": [
                        {
                            "label": cell.label,
                            "count": cell.count,
                            "mean": json_number(cell.mean) if cell.mean is not None else None,
                            "share_at_least": json_number(cell.share_at_least)
                            if cell.share_at_least is not None
                            else None,
                        }
                        for cell in cells
                    ],
                }
            )
    data = {
        "round": {
            "code": survey_round.code,
            "questionnaire": questionnaire.code,
            "version": survey_round.version.number,
            "intervention": survey_round.intervention.code if survey_round.intervention else None,
            "event": survey_round.event.code if survey_round.event else None,
            "from": survey_round.starts_on.isoformat(),
            "to": survey_round.ends_on.isoformat(),
        },
        "responses": results.responses,
        "suppressed": hide,
        "questions": questions_json,
        "by_group": groups_json,
    }
    return Report(
        "survey",
        _("Enkätresultat %(code)s") % {"code": survey_round.code},
        association,
        data=data,
        tables=tables,
        charts=charts,
        paragraphs=paragraphs,
        published=publish,
    )


def register_kinds() -> None:
    """Register the `survey` report kind."""

    def add_arguments(parser: ArgumentParser) -> None:
        parser.add_argument("--round", required=True, help="enkätomgångens kod")
        parser.add_argument("--publish", action="store_true", help="publicerad: omgångar med färre än k svar döljs")
        parser.add_argument("--at-least", dest="at_least", help="andel svar vid eller över detta värde (skalor)")

    register(ReportKind("survey", _("Enkätresultat för en omgång"), add_arguments, survey_report))

"""Write services of the surveys app: questionnaires, versioned questions, rounds, codes and responses.

Every write goes through here with an audit row. A response's audit row names the round and the channel, never
an answer value, and its actor is "system" for the anonymous form. A question change on a version that has answers
makes a new version first (`editable_version`), so the wording an answer was given to never changes.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, record, update_audited
from samordna.core.models import Association
from samordna.core.validators import contains_personnummer, control_character_problem
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.surveys.models import (
    Answer,
    Channel,
    CollectionMode,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ResponseCode,
    SurveyRound,
)

#: Letters and digits of response codes: no 0/O, 1/I/L, so a code is easy to type from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
#: The most codes one request makes, and the most a round holds.
MAX_CODES_AT_ONCE = 1000
#: The longest free-text answer and the largest number answer.
MAX_TEXT = 2000
MAX_NUMBER = Decimal("9999999999")
#: The most choices a choice question may have.
MAX_CHOICES = 30

QUESTION_FIELDS = ("code", "position", "kind", "text", "low_label", "high_label", "choices", "required")


class NotAccepted(Exception):
    """An answer the round does not take (closed, outside its period, full, a bad or used code).

    `message` is the plain Swedish sentence the public form shows; nothing was saved.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Questionnaires and versions ---


@transaction.atomic
def questionnaire_create(*, acting_user: Any, association: Association, **fields: Any) -> Questionnaire:
    """Create a questionnaire (code, name, respondent_group, intro) with an empty version 1."""
    questionnaire = create_audited(Questionnaire, acting_user=acting_user, association=association, **fields)
    create_audited(QuestionnaireVersion, acting_user=acting_user, questionnaire=questionnaire, number=1)
    return questionnaire


@transaction.atomic
def questionnaire_update(*, acting_user: Any, questionnaire: Questionnaire, **fields: Any) -> Questionnaire:
    """Change a questionnaire's name, respondent group or intro (not its questions: see the question services)."""
    fields.pop("code", None)  # goal indicators and reports name it
    return update_audited(questionnaire, acting_user=acting_user, **fields)


def current_version(questionnaire: Questionnaire) -> QuestionnaireVersion:
    """The newest version of a questionnaire (the one new rounds use)."""
    version = questionnaire.versions.order_by("-number").first()
    if version is None:  # a questionnaire always has one; made here if someone removed it by hand
        version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    return version


@transaction.atomic
def editable_version(*, acting_user: Any, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """The version whose questions may change: the newest, or, when it has answers, a new copy of it."""
    latest = current_version(questionnaire)
    if not latest.is_locked:
        return latest
    new = create_audited(
        QuestionnaireVersion, acting_user=acting_user, questionnaire=questionnaire, number=latest.number + 1
    )
    for question in latest.questions.all():
        create_audited(
            Question,
            acting_user=acting_user,
            version=new,
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
        )
    return new


def _check_question(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The question's fields cleaned: choices as a list of non-empty lines; refusals as a ValidationError."""
    cleaned = dict(fields)
    kind = cleaned.get("kind")
    choices = cleaned.get("choices") or []
    if isinstance(choices, str):
        choices = [line.strip() for line in choices.splitlines() if line.strip()]
    errors: dict[str, str] = {}
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        errors["choices"] = _("Svarsalternativen ska vara en lista med texter.")
    elif kind in (QuestionKind.ONE_CHOICE, QuestionKind.CHOICES):
        if len(choices) < 2:
            errors["choices"] = _("Ange minst två svarsalternativ, ett per rad.")
        elif len(choices) > MAX_CHOICES:
            errors["choices"] = _("Högst %(n)s svarsalternativ.") % {"n": MAX_CHOICES}
        elif len(set(choices)) != len(choices):
            errors["choices"] = _("Två svarsalternativ är lika.")
        elif any(len(c) > 200 or control_character_problem(c, allow_line_breaks=False) for c in choices):
            errors["choices"] = _("Ett svarsalternativ är för långt eller har ett styrtecken.")
    else:
        choices = []
    if kind in (QuestionKind.SCALE5, QuestionKind.SCALE10) and not (
        cleaned.get("low_label") and cleaned.get("high_label")
    ):
        errors["low_label"] = _("En skala behöver en text vid båda ändarna, t.ex. ”Inte alls” och ”Mycket”.")
    if errors:
        raise ValidationError(errors)
    cleaned["choices"] = choices
    if kind not in (QuestionKind.SCALE5, QuestionKind.SCALE10):
        cleaned["low_label"] = cleaned["high_label"] = ""
    return cleaned


@transaction.atomic
def question_add(*, acting_user: Any, questionnaire: Questionnaire, **fields: Any) -> Question:
    """Add a question to the questionnaire's editable version (a new version if the newest has answers)."""
    cleaned = _check_question(fields)
    version = editable_version(acting_user=acting_user, questionnaire=questionnaire)
    if "position" not in fields or fields.get("position") is None:
        cleaned["position"] = version.questions.count() + 1
    return create_audited(Question, acting_user=acting_user, version=version, **cleaned)


@transaction.atomic
def question_update(*, acting_user: Any, question: Question, **fields: Any) -> Question:
    """Change a question's wording or options. On a version with answers this makes a new version and changes
    the question there; the answered version stays as it was. Returns the changed question."""
    cleaned = _check_question({**{n: getattr(question, n) for n in QUESTION_FIELDS}, **fields})
    target = question
    if question.version.is_locked:
        version = editable_version(acting_user=acting_user, questionnaire=question.version.questionnaire)
        found = version.questions.filter(code=question.code).first()
        if found is None:
            raise ValidationError(_("Frågan finns inte längre i enkätens senaste version."))
        target = found
    return update_audited(target, acting_user=acting_user, **{k: cleaned[k] for k in fields if k in cleaned})


@transaction.atomic
def question_delete(*, acting_user: Any, question: Question) -> None:
    """Remove a question; on a version with answers, remove it from a new version instead."""
    if question.version.is_locked:
        version = editable_version(acting_user=acting_user, questionnaire=question.version.questionnaire)
        found = version.questions.filter(code=question.code).first()
        if found is not None:
            delete_audited(found, acting_user=acting_user)
        return
    delete_audited(question, acting_user=acting_user)


# --- The editable template of seed 001 ---

RMGT_CODE = "rmgt-nytta"


def template_install(*, acting_user: Any, association: Association) -> Questionnaire:
    """The RMGT "upplevd nytta" questionnaire of seed 001 ("100 % av individerna och 100 % handläggarna ska
    uppleva att samrådet med RMGT har varit till nytta", mäts i anslutning till det rådgivande mötet), as an
    editable questionnaire of the förbund. An existing one is returned as it is."""
    existing = Questionnaire.objects.filter(association=association, code=RMGT_CODE).first()
    if existing is not None:
        return existing
    questionnaire = questionnaire_create(
        acting_user=acting_user,
        association=association,
        code=RMGT_CODE,
        name=_("Upplevd nytta av samrådet med RMGT"),
        respondent_group="deltagare",
        intro=_("Frågorna gäller det rådgivande mötet med det myndighetsgemensamma teamet (RMGT) i dag."),
    )
    question_add(
        acting_user=acting_user,
        questionnaire=questionnaire,
        code="roll",
        kind=QuestionKind.ONE_CHOICE,
        text=_("Jag deltog i mötet som"),
        choices=[_("Individ"), _("Handläggare eller vårdgivare")],
        required=True,
    )
    question_add(
        acting_user=acting_user,
        questionnaire=questionnaire,
        code="nytta",
        kind=QuestionKind.SCALE5,
        text=_("Har samrådet med RMGT varit till nytta för dig?"),
        low_label=_("Ingen nytta alls"),
        high_label=_("Till mycket stor nytta"),
        required=True,
    )
    question_add(
        acting_user=acting_user,
        questionnaire=questionnaire,
        code="ovrigt",
        kind=QuestionKind.FREE_TEXT,
        text=_("Vill du säga något mer om mötet?"),
    )
    return questionnaire


# --- Rounds and codes ---


def _check_round(association: Association, fields: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    version = fields.get("version")
    if version is not None and version.questionnaire.association_id != association.pk:
        errors["version"] = _("Enkäten tillhör inte förbundet.")
    elif version is not None and not version.questions.exists():
        errors["version"] = _("Enkäten har inga frågor än.")
    for name in ("intervention", "event"):
        obj = fields.get(name)
        if obj is not None and obj.association_id != association.pk:
            errors[name] = _("Den tillhör inte förbundet.")
    for name in ("starts_on", "ends_on"):
        date = fields.get(name)
        if date is not None and not FIRST_YEAR <= date.year <= LAST_YEAR:
            errors[name] = _("Datumet ska ligga mellan %(first)s och %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(*, acting_user: Any, association: Association, **fields: Any) -> SurveyRound:
    """Create a round (code, version, intervention or event, starts_on, ends_on, mode, max_responses) with a
    random public token."""
    if "questionnaire" in fields:
        questionnaire = fields.pop("questionnaire")
        fields.setdefault("version", current_version(questionnaire) if questionnaire is not None else None)
    _check_round(association, fields)
    return create_audited(
        SurveyRound, acting_user=acting_user, association=association, token=secrets.token_urlsafe(16), **fields
    )


@transaction.atomic
def round_update(*, acting_user: Any, survey_round: SurveyRound, **fields: Any) -> SurveyRound:
    """Change a round's period, mode, limit, insats or event, or open/close it; its version is fixed once it
    has answers."""
    fields.pop("questionnaire", None)
    if "version" in fields and survey_round.responses.exists() and fields["version"] != survey_round.version:
        raise ValidationError({"version": _("Omgången har svar: enkätversionen kan inte bytas.")})
    _check_round(survey_round.association, fields)
    return update_audited(survey_round, acting_user=acting_user, **fields)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def codes_generate(*, acting_user: Any, survey_round: SurveyRound, count: int) -> int:
    """Make `count` new single-use codes for a round (one audit row with the count); returns how many."""
    if not isinstance(count, int) or not 1 <= count <= MAX_CODES_AT_ONCE:
        raise ValidationError({"count": _("Ange ett antal mellan 1 och %(n)s.") % {"n": MAX_CODES_AT_ONCE}})
    if survey_round.codes.count() + count > MAX_CODES_AT_ONCE * 5:
        raise ValidationError({"count": _("Omgången har redan så många koder som den kan ha.")})
    existing = set(survey_round.codes.values_list("code", flat=True))
    made: set[str] = set()
    while len(made) < count:
        code = _new_code()
        if code not in existing:
            made.add(code)
    ResponseCode.objects.bulk_create([ResponseCode(round=survey_round, code=c) for c in sorted(made)])
    record(
        acting_user=acting_user,
        association=survey_round.association,
        action="create",
        object_type="surveys.responsecode",
        object_repr=(_("Svarskoder till %(round)s") % {"round": survey_round.code})[:200],
        changes={"count": count},
    )
    return count


# --- Responses ---


def accepts(survey_round: SurveyRound, today: dt.date | None = None) -> str | None:
    """Why the round takes no answers now (a Swedish sentence), or None when it does."""
    today = today or timezone.localdate()
    if not survey_round.is_open:
        return _("Enkäten är stängd och tar inte emot fler svar.")
    if today < survey_round.starts_on:
        return _("Enkäten har inte öppnat än.")
    if today > survey_round.ends_on:
        return _("Enkäten är stängd och tar inte emot fler svar.")
    if survey_round.responses.count() >= survey_round.max_responses:
        return _("Enkäten har fått så många svar som den tar emot.")
    return None


def _clean_answer(question: Question, raw: Any) -> dict[str, Any] | None:
    """The stored form of one answer ({"value"|"choices"|"text": …}), None for no answer; ValueError if bad."""
    if raw is None or raw == "" or raw == []:
        return None
    kind = question.kind
    if kind == QuestionKind.FREE_TEXT:
        text = str(raw).strip()
        if len(text) > MAX_TEXT or control_character_problem(text):
            raise ValueError(_("Texten är för lång eller har otillåtna tecken."))
        if contains_personnummer(text):
            raise ValueError(_("Skriv inte personnummer eller namn i svaret."))
        return {"text": text} if text else None
    if kind == QuestionKind.CHOICES:
        values = raw if isinstance(raw, list | tuple) else [raw]
        try:
            indexes = sorted({int(v) for v in values})
        except (TypeError, ValueError) as exc:
            raise ValueError(_("Välj bland alternativen.")) from exc
        if any(not 0 <= i < len(question.choices) for i in indexes):
            raise ValueError(_("Välj bland alternativen."))
        return {"choices": indexes} if indexes else None
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(_("Ange ett tal.")) from exc
    if not number.is_finite():
        raise ValueError(_("Ange ett tal."))
    if kind == QuestionKind.NUMBER:
        if abs(number) > MAX_NUMBER or number != number.quantize(Decimal("0.01")):
            raise ValueError(_("Ange ett tal med högst två decimaler."))
        return {"value": number}
    allowed = {value for value, _label in question.options()}
    if number != number.to_integral_value() or int(number) not in allowed:
        raise ValueError(_("Välj ett av alternativen."))
    return {"value": Decimal(int(number))}


def clean_answers(version: QuestionnaireVersion, raw: Mapping[int, Any]) -> dict[int, dict[str, Any]]:
    """Question id → stored answer for one response, or a ValidationError keyed by question id."""
    cleaned: dict[int, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for question in version.questions.all():
        try:
            answer = _clean_answer(question, raw.get(question.pk))
        except ValueError as exc:
            errors[f"q{question.pk}"] = str(exc)
            continue
        if answer is None:
            if question.required:
                errors[f"q{question.pk}"] = _("Frågan måste besvaras.")
            continue
        cleaned[question.pk] = answer
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(_("Svara på minst en fråga."))
    return cleaned


@transaction.atomic
def response_submit(
    *,
    survey_round: SurveyRound,
    answers: Mapping[int, Any],
    channel: str,
    code: str = "",
    acting_user: Any = None,
    answered_on: dt.date | None = None,
) -> Response:
    """Save one anonymous response to a round: the answers by question id, nothing about who gave them.

    Refuses (NotAccepted, nothing saved) a round that does not take answers, and on the code channel a code that
    does not exist or has been used; refuses bad answers with a ValidationError. Staff entering paper forms
    (`channel=paper`) may enter them after the round has closed, but not beyond its limit. The audit row names
    the round and the channel, never an answer.
    """
    locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if channel == Channel.PAPER:
        if locked.responses.count() >= locked.max_responses:
            raise NotAccepted(_("Enkäten har fått så många svar som den tar emot."))
    else:
        problem = accepts(locked)
        if problem:
            raise NotAccepted(problem)
        wanted = CollectionMode.CODES if channel == Channel.CODE else CollectionMode.LINK
        if locked.mode != wanted:
            raise NotAccepted(_("Enkäten tar inte emot svar på det här sättet."))
    cleaned = clean_answers(locked.version, answers)
    if channel == Channel.CODE:
        normalised = "".join(ch for ch in str(code).upper() if ch.isalnum())[:20]
        used = ResponseCode.objects.filter(round=locked, code=normalised, used=False).update(used=True)
        if used != 1:
            raise NotAccepted(_("Koden finns inte eller har redan använts."))
    response = Response.objects.create(round=locked, answered_on=answered_on or timezone.localdate(), channel=channel)
    Answer.objects.bulk_create(
        [Answer(response=response, question_id=question_id, **answer) for question_id, answer in cleaned.items()]
    )
    record(
        acting_user=acting_user,
        association=locked.association,
        action="create",
        object_type="surveys.response",
        object_id=str(response.pk),
        object_repr=(_("Enkätsvar i %(round)s") % {"round": locked.code})[:200],
        changes={"channel": channel, "questions_answered": len(cleaned)},
    )
    return response

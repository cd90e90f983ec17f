"""Questionnaires, versions, rounds and responses: locked wording, no identifying fields, refusals, audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.core.models import AuditEntry
from samordna.surveys import selectors, services
from samordna.surveys.models import Answer, Channel, Question, QuestionKind, Response, ResponseCode
from samordna.surveys.tests.helpers import answer, make_round, question
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def test_the_template_is_the_rmgt_question_and_editable(cast: Cast) -> None:
    questionnaire = services.template_install(acting_user=None, association=cast.a.association)
    assert services.template_install(acting_user=None, association=cast.a.association) == questionnaire
    version = services.current_version(questionnaire)
    assert [q.code for q in version.questions.all()] == ["roll", "nytta", "ovrigt"]
    nytta = version.questions.get(code="nytta")
    assert nytta.kind == QuestionKind.SCALE5 and nytta.low_label and nytta.high_label
    services.question_update(acting_user=None, question=nytta, text="Var mötet till nytta?")
    assert services.current_version(questionnaire).number == 1  # no answers yet: edited in place


def test_wording_is_locked_after_the_first_answer(cast: Cast) -> None:
    survey_round = make_round(cast.a)
    first = survey_round.version
    assert not first.is_locked
    answer(survey_round, 4)
    assert first.is_locked
    old = question(survey_round, "nytta")
    changed = services.question_update(acting_user=None, question=old, text="Ny formulering?")
    old.refresh_from_db()
    assert old.text == "Har samrådet med RMGT varit till nytta för dig?"  # the answered wording stays
    assert changed.version.number == 2 and changed.text == "Ny formulering?"
    assert changed.version.questions.count() == first.questions.count()
    # a second change goes to the same new version (it has no answers yet)
    again = services.question_update(acting_user=None, question=old, text="Tredje?")
    assert again.version == changed.version
    added = services.question_add(
        acting_user=None, questionnaire=first.questionnaire, code="igen", kind="yes_no", text="Skulle du gå igen?"
    )
    assert added.version == changed.version
    services.question_delete(acting_user=None, question=question(survey_round, "ovrigt"))
    assert first.questions.filter(code="ovrigt").exists()
    assert not changed.version.questions.filter(code="ovrigt").exists()
    survey_round.refresh_from_db()
    assert survey_round.version == first  # the round keeps the version it was answered in


IDENTIFYING = ("ip", "addr", "agent", "user", "session", "enrol", "participant", "person", "email", "name", "phone")


@pytest.mark.parametrize("model", [Response, Answer, ResponseCode])
def test_no_field_can_hold_who_answered(model: type) -> None:
    names = [f.name.lower() for f in model._meta.get_fields()]
    assert not [n for n in names if any(word in n for word in IDENTIFYING)], names
    for f in model._meta.get_fields():
        related = getattr(f, "related_model", None)
        assert related is None or related._meta.app_label == "surveys", (model, f.name)


def test_response_fields_are_exactly_answers() -> None:
    assert {f.name for f in Response._meta.concrete_fields} == {"id", "round", "answered_on", "channel"}
    assert {f.name for f in Answer._meta.concrete_fields} == {"id", "response", "question", "value", "choices", "text"}
    assert {f.name for f in ResponseCode._meta.concrete_fields} == {"id", "round", "code", "used"}


def test_the_audit_row_of_a_response_holds_no_answer(cast: Cast) -> None:
    survey_round = make_round(cast.a)
    answer(survey_round, 5, text="Mycket bra möte hos teamet")
    row = AuditEntry.objects.filter(object_type="surveys.response").get()
    assert row.actor is None and row.actor_name == "system"
    text = str(row.changes) + row.object_repr
    assert "Mycket bra" not in text and "5" not in str(row.changes.get("channel"))
    assert set(row.changes) == {"channel", "questions_answered"}


def test_refusals(cast: Cast) -> None:
    survey_round = make_round(cast.a, max_responses=2)
    nytta = question(survey_round, "nytta").pk
    roll = question(survey_round, "roll").pk
    for bad in (0, 6, "x", "4.5", "NaN"):
        with pytest.raises(ValidationError):
            services.response_submit(survey_round=survey_round, answers={nytta: bad, roll: 0}, channel=Channel.LINK)
    with pytest.raises(ValidationError):  # required question missing
        services.response_submit(survey_round=survey_round, answers={roll: 0}, channel=Channel.LINK)
    with pytest.raises(ValidationError):
        answer(survey_round, 4, text="Mitt personnummer är 19811218-9876")
    answer(survey_round, 4)
    answer(survey_round, 3)
    with pytest.raises(services.NotAccepted):
        answer(survey_round, 2)
    assert Response.objects.filter(round=survey_round).count() == 2
    closed = make_round(cast.a, code="r2", ends_on=dt.date(2020, 1, 2))
    with pytest.raises(services.NotAccepted):
        answer(closed, 4)
    services.round_update(acting_user=None, survey_round=survey_round, is_open=False)
    with pytest.raises(services.NotAccepted):
        answer(survey_round, 4)


def test_single_use_codes(cast: Cast) -> None:
    survey_round = make_round(cast.a, mode="codes")
    services.codes_generate(acting_user=None, survey_round=survey_round, count=3)
    codes = selectors.unused_codes(survey_round)
    assert len(codes) == 3 and len(set(codes)) == 3
    with pytest.raises(services.NotAccepted):  # the link channel is not this round's
        answer(survey_round, 4)
    with pytest.raises(services.NotAccepted):
        answer(survey_round, 4, channel=Channel.CODE, code="NOTACODE")
    answer(survey_round, 4, channel=Channel.CODE, code=codes[0].lower())
    with pytest.raises(services.NotAccepted):
        answer(survey_round, 4, channel=Channel.CODE, code=codes[0])
    assert selectors.code_counts(survey_round) == (3, 1)
    with pytest.raises(ValidationError):
        services.codes_generate(acting_user=None, survey_round=survey_round, count=0)


def test_paper_entry_after_the_round_closed(cast: Cast) -> None:
    survey_round = make_round(cast.a, mode="paper", ends_on=dt.date(2020, 1, 2))
    answer(survey_round, 5, channel=Channel.PAPER)
    assert survey_round.responses.get().channel == Channel.PAPER


def test_choice_questions_need_choices_and_scales_labels(cast: Cast) -> None:
    questionnaire = services.template_install(acting_user=None, association=cast.a.association)
    with pytest.raises(ValidationError):
        services.question_add(acting_user=None, questionnaire=questionnaire, code="x", kind="one_choice", text="?")
    with pytest.raises(ValidationError):
        services.question_add(acting_user=None, questionnaire=questionnaire, code="y", kind="scale10", text="?")
    made = services.question_add(
        acting_user=None, questionnaire=questionnaire, code="z", kind="choices", text="Vilka?", choices="A\nB\n\nC"
    )
    assert made.choices == ["A", "B", "C"]
    assert Question.objects.filter(code="z").count() == 1


def test_results_and_suppression(cast: Cast) -> None:
    survey_round = make_round(cast.a)
    for value in (5, 4, 2):
        answer(survey_round, value, text="bra")
    internal = selectors.round_results(survey_round, published=False, free_text=True)
    nytta = next(r for r in internal.questions if r.question.code == "nytta")
    assert internal.responses == 3 and nytta.count == 3
    assert [c for _v, _l, c in nytta.distribution] == [0, 1, 0, 1, 1]
    assert str(nytta.mean) == "3.67" and nytta.at_least_count == 2
    texts = next(r for r in internal.questions if r.question.code == "ovrigt").texts
    assert texts == ["bra", "bra", "bra"]
    still_open = selectors.round_results(survey_round, published=True)
    assert still_open.suppressed and still_open.still_open
    services.round_update(acting_user=None, survey_round=survey_round, is_open=False)
    published = selectors.round_results(survey_round, published=True, free_text=True)
    assert published.suppressed and not published.still_open and published.responses is None
    assert all(r.count is None and not r.distribution and r.mean is None and not r.texts for r in published.questions)
    for value in (3, 3):
        answer(survey_round, value, text="ok", channel=Channel.PAPER)
    shown = selectors.round_results(survey_round, published=True, free_text=True)
    assert not shown.suppressed and shown.responses == 5
    assert next(r for r in shown.questions if r.question.code == "ovrigt").texts == []  # never published


def test_survey_share_counts(cast: Cast) -> None:
    survey_round = make_round(cast.a, starts_on=dt.date(2024, 2, 1))
    for value in (5, 4, 2, 1):
        answer(survey_round, value)
    specs = {1: selectors.ShareSpec("rmgt-nytta", "nytta", 4), 2: selectors.ShareSpec("rmgt-nytta", "saknas", 4)}
    counts = selectors.survey_share_counts(cast.a.association, dt.date(2024, 1, 1), dt.date(2024, 12, 31), specs)
    assert counts == {1: (2, 4), 2: (0, 0)}
    other_year = selectors.survey_share_counts(cast.a.association, dt.date(2025, 1, 1), dt.date(2025, 12, 31), specs)
    assert other_year[1] == (0, 0)


def test_results_by_group_hide_small_groups_and_one_more(cast: Cast) -> None:
    survey_round = make_round(cast.a)
    for value, roll in ((5, 0), (4, 0), (4, 0), (2, 0), (5, 0), (3, 0), (5, 1), (1, 1)):
        answer(survey_round, value, roll=roll)
    by = question(survey_round, "roll")
    ((nytta, cells),) = selectors.group_results(survey_round, by, published=False)
    assert nytta.code == "nytta" and [c.count for c in cells] == [6, 2]
    assert str(cells[0].mean) == "3.83" and str(cells[1].share_at_least) == "0.5000"
    ((_q, published),) = selectors.group_results(survey_round, by, published=True)
    assert all(c.hidden and c.count is None and c.mean is None for c in published)  # 2 < 5, and the other too


def test_a_round_about_an_event_and_not_another_forbunds(cast: Cast) -> None:
    from samordna.activities.tests.helpers import make_event

    event = make_event(cast.a)
    survey_round = make_round(cast.a, code="ev", intervention=None, event=event)
    assert survey_round.event == event
    foreign = make_event(cast.b, code="B1")
    with pytest.raises(ValidationError):
        make_round(cast.a, code="ev2", intervention=None, event=foreign)
    with pytest.raises(ValidationError):
        make_round(cast.a, code="both", event=event)  # an insats and an event

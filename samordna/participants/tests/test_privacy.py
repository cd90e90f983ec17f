"""Privacy by design: no participant-related model may hold a direct identifier or free text."""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models

from samordna.participants.models import Enrollment, FollowUp, Participant

IDENTIFIER_NAME = re.compile(
    r"(name|namn|personnummer|personnr|pnr|ssn|email|e_mail|epost|mail|phone|telefon|mobil|address|adress|"
    r"postnummer|comment|kommentar|note|anteckning|fritext|free_text|birth_date|fodelsedatum|description|beskrivning)",
    re.IGNORECASE,
)
FREE_TEXT_TYPES = (
    models.TextField,
    models.EmailField,
    models.GenericIPAddressField,
    models.BinaryField,
    models.FileField,
)
# A CharField longer than a pseudonym code could carry free text.
MAX_CHAR_LENGTH = 40


def participant_related_models() -> list[type[models.Model]]:
    """Every model in the project that refers to a participant, an enrollment or a follow-up, or is one."""
    roots = {Participant, Enrollment, FollowUp}
    related: set[type[models.Model]] = set(roots)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in related:
                continue
            for field in model._meta.get_fields():
                if field.is_relation and field.related_model in related and field.concrete:
                    related.add(model)
                    changed = True
                    break
    for model in apps.get_models():
        if model._meta.app_label == "participants":
            related.add(model)
    return sorted(related, key=lambda m: m._meta.label)


def offending_fields(model: type[models.Model]) -> list[str]:
    problems = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) and not field.many_to_many:
            continue
        if IDENTIFIER_NAME.search(field.name):
            problems.append(f"{model._meta.label}.{field.name}: name suggests an identifier or free text")
        if isinstance(field, FREE_TEXT_TYPES):
            problems.append(f"{model._meta.label}.{field.name}: {type(field).__name__} can hold free text")
        if isinstance(field, models.CharField) and not field.choices and (field.max_length or 0) > MAX_CHAR_LENGTH:
            problems.append(f"{model._meta.label}.{field.name}: CharField({field.max_length}) can hold free text")
        if isinstance(field, models.JSONField) and model is not apps.get_model("participants", "FollowUpSchedule"):
            problems.append(f"{model._meta.label}.{field.name}: JSONField can hold free text")
    return problems


def test_every_participant_related_model_is_free_of_identifiers_and_free_text() -> None:
    found = participant_related_models()
    assert {
        "participants.Participant",
        "participants.Enrollment",
        "participants.FollowUp",
        "participants.AnonymousCount",
    } <= {m._meta.label for m in found}
    problems = [p for model in found for p in offending_fields(model)]
    assert problems == []


def test_the_check_would_catch_an_offending_model() -> None:
    class Leaky(models.Model):  # noqa: DJ008
        first_name = models.CharField(max_length=30)
        note = models.TextField()
        participant = models.ForeignKey(Participant, on_delete=models.CASCADE)

        class Meta:
            app_label = "participants"

    problems = offending_fields(Leaky)
    assert any("first_name" in p for p in problems)
    assert any("TextField" in p for p in problems)
    apps.all_models["participants"].pop("leaky", None)
    apps.clear_cache()

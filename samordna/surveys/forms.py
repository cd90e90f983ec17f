"""Forms of the surveys app: questionnaires, questions, rounds, codes, and the answer form (public and paper)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.activities.models import Event
from samordna.core.models import Association
from samordna.core.validators import validate_line
from samordna.interventions.models import Intervention
from samordna.surveys.models import Question, QuestionKind, Questionnaire, QuestionnaireVersion, SurveyRound
from samordna.surveys.services import MAX_CODES_AT_ONCE, MAX_TEXT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The name of the honeypot field: a text field hidden from people (and from screen readers) that a script fills.
HONEYPOT = "webbplats"


class QuestionnaireForm(forms.ModelForm):
    """Create or edit a questionnaire's name, code and respondent group (the code is fixed once created)."""

    class Meta:
        model = Questionnaire
        fields = ["code", "name", "respondent_group", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        if self.instance.pk:
            self.fields["code"].disabled = True


class QuestionForm(forms.ModelForm):
    """One question; choices are typed one per line."""

    choices = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett alternativ per rad (frågor med ett eller flera val)."),
        validators=[],
    )

    class Meta:
        model = Question
        fields = ["code", "position", "kind", "text", "low_label", "high_label", "choices", "required"]

    def __init__(self, *args: Any, association: Association | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = _(
            "Fritext publiceras aldrig och lämnar aldrig förbundet. Formuläret ber den som svarar att inte skriva namn."
        )
        if self.instance.pk and isinstance(self.instance.choices, list):
            self.initial["choices"] = "\n".join(self.instance.choices)

    def clean_choices(self) -> list[str]:
        raw = self.cleaned_data.get("choices") or ""
        return [line.strip() for line in str(raw).splitlines() if line.strip()]

    def _post_clean(self) -> None:
        """The service validates against the version (a new one when the wording is locked), not the form."""


class RoundForm(forms.ModelForm):
    """Create or edit a round: the questionnaire (its newest version), the insats or event, period and mode."""

    questionnaire = forms.ModelChoiceField(label=_("Enkät"), queryset=Questionnaire.objects.none())

    class Meta:
        model = SurveyRound
        fields = ["code", "intervention", "event", "starts_on", "ends_on", "mode", "max_responses", "is_open"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(
        self,
        *args: Any,
        association: Association,
        questionnaires: QuerySet[Questionnaire],
        interventions: QuerySet[Intervention],
        events: QuerySet[Event],
        intervention_required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["intervention"].queryset = interventions
        self.fields["event"].queryset = events
        self.fields["event"].help_text = _("Välj en insats eller en aktivitet, inte båda.")
        if self.instance.pk:
            self.fields["questionnaire"].required = False
            self.fields["questionnaire"].disabled = True
            self.initial["questionnaire"] = self.instance.version.questionnaire_id
        self.intervention_required = intervention_required

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.intervention_required and not (data.get("intervention") or data.get("event")):
            self.add_error("intervention", _("Välj en av dina insatser eller en aktivitet i dem."))
        if data.get("intervention") and data.get("event"):
            self.add_error("event", _("En omgång gäller en insats eller en aktivitet, inte båda."))
        return data

    def _post_clean(self) -> None:
        """The service validates (it also fills in the version and the token)."""


class CodesForm(forms.Form):
    """How many single-use codes to make."""

    count = forms.IntegerField(label=_("Antal nya koder"), min_value=1, max_value=MAX_CODES_AT_ONCE, initial=30)


class AnswerForm(forms.Form):
    """The answers to one questionnaire version: a field per question named `q<id>`, plus (public form) the
    honeypot and, for rounds with single-use codes, the code."""

    def __init__(
        self, *args: Any, version: QuestionnaireVersion, with_code: bool = False, public: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(version.questions.all())
        if with_code:
            self.fields["code"] = forms.CharField(
                label=_("Din kod från lappen"),
                max_length=20,
                validators=[validate_line],
                widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
            )
        for question in self.questions:
            self.fields[f"q{question.pk}"] = self._field(question)
        if public:
            self.fields[HONEYPOT] = forms.CharField(
                label=_("Lämna det här fältet tomt"),
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )

    @staticmethod
    def _field(question: Question) -> forms.Field:
        label = question.text
        required = question.required
        if question.kind == QuestionKind.FREE_TEXT:
            return forms.CharField(
                label=label,
                required=required,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Skriv inte namn, personnummer eller annat som visar vem du eller någon annan är."),
            )
        if question.kind == QuestionKind.NUMBER:
            return forms.DecimalField(label=label, required=required, max_digits=12, decimal_places=2)
        choices = [(str(value), text) for value, text in question.options()]
        if question.kind == QuestionKind.CHOICES:
            return forms.MultipleChoiceField(
                label=label, required=required, choices=choices, widget=forms.CheckboxSelectMultiple
            )
        field = forms.ChoiceField(label=label, required=required, choices=choices, widget=forms.RadioSelect)
        if question.scale_max:
            field.help_text = _("1 = %(low)s, %(top)s = %(high)s") % {
                "low": question.low_label,
                "top": question.scale_max,
                "high": question.high_label,
            }
        return field

    def answers(self) -> dict[int, Any]:
        """Question id → the raw answer for the service."""
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

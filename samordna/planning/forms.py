"""Forms of the verksamhetsplan. They only read and check input: every write goes through `planning.services`,
whose refusals (`ValidationError`, the source parameters' Swedish messages among them) come back as field
errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.models import Association, CodeList, CodeListEntry
from samordna.core.validators import validate_line
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.interventions.models import Intervention
from samordna.planning.models import Assessment, Goal, GoalArea, GoalStatus, Indicator, Plan, SourceKind
from samordna.planning.sources import PARAMETERS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _year_choices(plan: Plan) -> list[tuple[int, str]]:
    return [(year, str(year)) for year in range(plan.from_year, plan.to_year + 1)]


class PlanForm(forms.ModelForm):
    """Create or edit a plan."""

    class Meta:
        model = Plan
        fields = [
            "code",
            "title",
            "from_year",
            "to_year",
            "status",
            "adopted_on",
            "decision",
            "about",
            "vision",
            "direction",
        ]
        widgets = {
            "adopted_on": DATE,
            "about": forms.Textarea(attrs={"rows": 4}),
            "vision": forms.Textarea(attrs={"rows": 3}),
            "direction": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association


class PlanCopyForm(forms.Form):
    """A new plan from an earlier one: its code, title and years."""

    code = Plan._meta.get_field("code").formfield()
    title = Plan._meta.get_field("title").formfield()
    from_year = forms.IntegerField(label=gettext_lazy("Från år"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    to_year = forms.IntegerField(label=gettext_lazy("Till år"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("from_year"), data.get("to_year")
        if first is not None and last is not None and last < first:
            self.add_error("to_year", _("Planens sista år kan inte ligga före dess första."))
        return data


class PositionMixin:
    """`position` may be left empty (0: sorted by code)."""

    fields: dict[str, Any]
    cleaned_data: dict[str, Any]

    def prepare_position(self) -> None:
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Lämna tomt för att sortera på koden.")

    def clean_position(self) -> int:
        return int(self.cleaned_data.get("position") or 0)


class AreaForm(PositionMixin, forms.ModelForm):
    """Add or edit a goal area."""

    class Meta:
        model = GoalArea
        fields = ["code", "name", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prepare_position()


class GoalForm(PositionMixin, forms.ModelForm):
    """Add or edit a goal: its area, code, text, responsible and the förbund's insatser it concerns."""

    class Meta:
        model = Goal
        fields = ["area", "code", "text", "responsible", "interventions", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "interventions": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = plan.association
        self.instance.plan = plan
        self.fields["area"].queryset = GoalArea.objects.filter(plan=plan)
        self.fields["area"].empty_label = None
        self.fields["interventions"].queryset = Intervention.objects.filter(association=plan.association).order_by(
            "code"
        )
        self.fields["interventions"].help_text = _("De insatser målet gäller; värden ur data räknas på dem.")
        self.prepare_position()


class CodesField(forms.MultipleChoiceField):
    """Codes from a code list, shown as checkboxes. Unknown codes pass here: `sources.clean_source` refuses
    them with its Swedish message, so the check lives in one place for the form, the import and the API."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value: Any) -> bool:
        return True


#: The form fields of the source parameters (sources.PARAMETERS names), with the kinds that use each.
PARAMETER_FIELDS = (
    "end_reasons",
    "occupation_after",
    "months",
    "occupation",
    "support",
    "of_target",
    "survey",
    "question",
    "at_least",
)
CODE_LISTS = {
    "end_reasons": CodeList.END_REASON,
    "occupation_after": CodeList.OCCUPATION,
    "occupation": CodeList.OCCUPATION,
    "support": CodeList.SUPPORT,
}


def _used_by(name: str) -> str:
    kinds = [str(SourceKind(kind).label) for kind, params in PARAMETERS.items() if name in params]
    return _("Används av: %(kinds)s.") % {"kinds": ", ".join(kinds)}


class IndicatorForm(PositionMixin, forms.ModelForm):
    """Add or edit an indicator (mått): target, unit, when it is measured, and its source with the source's
    parameters. Only the chosen source's parameters are sent to the service, which checks them
    (`sources.clean_source`: codes against the code lists, months 1–60, what a kind requires)."""

    end_reasons = CodesField(label=gettext_lazy("Avslutsanledningar"), required=False)
    occupation_after = CodesField(label=gettext_lazy("Sysselsättning efter avslut"), required=False)
    months = forms.IntegerField(label=gettext_lazy("Månader efter avslut"), required=False)
    occupation = CodesField(label=gettext_lazy("Sysselsättning vid uppföljningen"), required=False)
    support = CodesField(label=gettext_lazy("Försörjning vid uppföljningen"), required=False)
    of_target = forms.BooleanField(label=gettext_lazy("Mot insatsernas volymmål"), required=False)
    survey = forms.CharField(label=gettext_lazy("Enkät"), required=False, max_length=60, validators=[validate_line])
    question = forms.CharField(label=gettext_lazy("Fråga"), required=False, max_length=60, validators=[validate_line])
    at_least = forms.DecimalField(label=gettext_lazy("Svar minst"), required=False, max_digits=6, decimal_places=2)

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "target", "measured_at", "source_kind", "position"]
        localized_fields = ["target"]

    def __init__(self, *args: Any, codes: list[CodeListEntry] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entries = codes if codes is not None else list(CodeListEntry.objects.filter(is_active=True))
        for name, list_name in CODE_LISTS.items():
            self.fields[name].choices = [(e.code, f"{e.code} – {e.label}") for e in entries if e.list == list_name]
        for name in PARAMETER_FIELDS:
            self.fields[name].help_text = _used_by(name)
        self.prepare_position()
        if self.instance.pk and not self.is_bound:
            for name, value in (self.instance.params or {}).items():
                if name in self.fields:
                    self.initial[name] = value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("target")
        if data.get("unit") == "percent" and target is not None and target > 100:
            self.add_error("target", _("Ett mål i procent ligger mellan 0 och 100."))
        return data

    def params(self) -> dict[str, Any]:
        """The chosen source's parameters from the form (empty ones left out)."""
        kind = self.cleaned_data.get("source_kind")
        params: dict[str, Any] = {}
        for name in PARAMETERS.get(kind, {}) if kind else ():
            value = self.cleaned_data.get(name)
            if isinstance(value, Decimal):
                value = float(value)
            if name == "of_target":
                params[name] = bool(value)
            elif value not in (None, "", []):
                params[name] = value
        return params

    def fields_for_service(self) -> dict[str, Any]:
        """The indicator's fields and its `params`, as the services take them."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        data["params"] = self.params()
        return data

    def add_service_error(self, error: ValidationError) -> None:
        """A service's refusal on the fields it names; a parameter's message ("months: …") on that parameter."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    where, _sep, text = message.partition(": ")
                    if name == "params" and where in self.fields:
                        self.add_error(where, text)
                    elif name == "params":
                        self.add_error("source_kind", message)
                    else:
                        self.add_error(name if name in self.fields and name != NON_FIELD_ERRORS else None, message)


class PeriodForm(forms.Form):
    """The period a plan page shows: a year of the plan and, for a delår, the last day counted."""

    year = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int)
    until = forms.DateField(
        label=gettext_lazy("Till och med"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("För ett delår, t.ex. 31 augusti; tomt: hela året."),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = _year_choices(plan)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        until, year = data.get("until"), data.get("year")
        if until is not None and year is not None and until.year != year:
            self.add_error("until", _("Datumet ska ligga i det valda året."))
        return data


class MatrixYearForm(forms.Form):
    """The year of the goal matrix."""

    year = forms.IntegerField(label=gettext_lazy("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class AssessmentForm(forms.Form):
    """The verdict on a goal for a year up to a date (default 31 December)."""

    year = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int)
    until = forms.DateField(
        label=gettext_lazy("Till och med"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("Delårets sista dag, eller tomt för hela året (31 december)."),
    )
    status = forms.ChoiceField(label=gettext_lazy("Bedömning"), choices=GoalStatus.choices)
    comment = Assessment._meta.get_field("comment").formfield(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = _year_choices(plan)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("year")
        if year is not None and data.get("until") is None:
            data["until"] = dt.date(year, 12, 31)
        return data


class IndicatorValuesForm(forms.Form):
    """The values of a manual indicator, one field per year of its plan (empty: no value)."""

    def __init__(self, *args: Any, indicator: Indicator, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        percent = indicator.unit == "percent"
        for year in range(plan.from_year, plan.to_year + 1):
            self.fields[f"value_{year}"] = forms.DecimalField(
                label=str(year),
                required=False,
                min_value=0,
                max_value=100 if percent else None,
                max_digits=12,
                decimal_places=2,
                localize=True,
                help_text=_("I procent (0–100).") if percent else "",
            )

    def years(self) -> list[tuple[int, Decimal | None]]:
        """(year, value or None) for every year of the form."""
        return [(int(name.removeprefix("value_")), value) for name, value in self.cleaned_data.items()]

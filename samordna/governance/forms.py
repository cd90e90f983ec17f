"""Forms of the governance app: plan a meeting, attendance, a §, justering, anslag, a handling."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Association
from samordna.core.validators import validate_line, validate_text
from samordna.core.widgets import IsoDateInput
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.governance.application_services import clean_amounts
from samordna.governance.models import (
    DECISION_STATUSES,
    AgendaItem,
    Application,
    AttendanceRole,
    Meeting,
    MeetingStatus,
)
from samordna.interventions.models import Intervention
from samordna.interventions.selectors import interventions_of
from samordna.organisations.choices import offer_current_members
from samordna.organisations.models import BoardSeat

DATE = IsoDateInput()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.ModelForm):
    """Plan a meeting or change its facts and status."""

    class Meta:
        model = Meeting
        fields = ["organ", "date", "place", "start_time", "end_time", "kind", "status", "first_number", "chair",
                  "secretary"]  # fmt: skip
        widgets = {"date": DATE, "start_time": TIME, "end_time": TIME}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        self.fields["status"].choices = [c for c in MeetingStatus.choices if c[0] != MeetingStatus.JUSTIFIED]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ItemForm(forms.Form):
    """A §: title, text, förslag till beslut, yrkanden, the decision's Att-clauses, reservations."""

    title = forms.CharField(label=_("Rubrik"), max_length=300, validators=[validate_line])
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                           validators=[validate_text])  # fmt: skip
    proposal_by = forms.CharField(label=_("Förslag till beslut från"), required=False, max_length=150,
                                  validators=[validate_line], help_text=_("Till exempel presidiet."))  # fmt: skip
    proposal = forms.CharField(
        label=_("Förslag till beslut"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_text], help_text=_("En att-sats per rad."),
    )  # fmt: skip
    motions = forms.CharField(
        label=_("Yrkanden"), required=False, widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_text],
        help_text=_("En rad per att-sats: ”Namn: Att …”."),
    )  # fmt: skip
    decision = forms.CharField(
        label=_("Beslut"), required=False, widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_text],
        help_text=_("En att-sats per rad, t.ex. ”Att godkänna informationen”."),
    )  # fmt: skip
    reservations = forms.CharField(
        label=_("Reservationer"), required=False, widget=forms.Textarea(attrs={"rows": 2}), validators=[validate_text],
        help_text=_("Ett namn per rad; skriv ”(skriftlig)” efter namnet när reservationen lämnats skriftligt."),
    )  # fmt: skip
    immediate_adjustment = forms.BooleanField(label=_("Omedelbar justering"), required=False)

    def __init__(self, *args: Any, association: Association | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_for(item: AgendaItem) -> dict[str, Any]:
        """The form's values for an existing §."""
        proposal = item.proposals[0] if item.proposals else {"by": "", "clauses": []}
        motions = [f"{p['by']}: {c}" for p in item.proposals[1:] for c in p.get("clauses", [])]
        reservations = [f"{r['by']} (skriftlig)" if r.get("written") else r["by"] for r in item.reservations]
        return {
            "title": item.title,
            "text": item.text,
            "proposal_by": proposal.get("by", ""),
            "proposal": "\n".join(proposal.get("clauses", [])),
            "motions": "\n".join(motions),
            "decision": "\n".join(item.decision),
            "reservations": "\n".join(reservations),
            "immediate_adjustment": item.immediate_adjustment,
        }

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values in the services' shape."""
        data = self.cleaned_data
        proposals: list[dict[str, Any]] = []
        if data["proposal"].strip():
            proposals.append({"by": data["proposal_by"].strip(), "clauses": _lines(data["proposal"])})
        by_name: dict[str, list[str]] = {}
        for line in _lines(data["motions"]):
            name, _sep, clause = line.partition(":")
            by_name.setdefault(name.strip(), []).append(clause.strip() or name.strip())
        proposals.extend({"by": name, "clauses": clauses} for name, clauses in by_name.items())
        reservations = []
        for line in _lines(data["reservations"]):
            written = "(skriftlig)" in line.lower()
            reservations.append({"by": line.replace("(skriftlig)", "").replace("(Skriftlig)", "").strip(),
                                 "written": written})  # fmt: skip
        return {
            "title": data["title"],
            "text": data["text"],
            "proposals": proposals,
            "decision": _lines(data["decision"]),
            "reservations": reservations,
            "immediate_adjustment": data["immediate_adjustment"],
        }


ATTENDANCE_CHOICES = [("", _("Frånvarande")), ("present", _("Närvarande"))]
DEPUTY_CHOICES = [*ATTENDANCE_CHOICES, ("serving", _("Tjänstgörande"))]


class AttendanceForm(forms.Form):
    """Attendance from the board seats of the meeting's date, and övriga as "Namn, titel" lines."""

    others = forms.CharField(
        label=_("Övriga deltagande"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_text], help_text=_("En person per rad: ”Namn, titel”."),
    )  # fmt: skip

    def __init__(self, *args: Any, seats: list[BoardSeat], meeting: Meeting, **kwargs: Any) -> None:
        rows = {row.seat_id: row for row in meeting.attendance.all() if row.seat_id}
        initial = kwargs.setdefault("initial", {})
        initial.setdefault(
            "others",
            "\n".join(
                f"{r.name}, {r.title}" if r.title else r.name
                for r in meeting.attendance.all()
                if r.role == AttendanceRole.OTHER
            ),
        )
        super().__init__(*args, **kwargs)
        self.seats = seats
        for seat in seats:
            name = f"seat_{seat.pk}"
            deputy = seat.seat_type == BoardSeat.SeatType.DEPUTY
            self.fields[name] = forms.ChoiceField(
                label=f"{seat.person_name} ({seat.get_seat_type_display().lower()}, {seat.appointed_by.name})",
                choices=DEPUTY_CHOICES if deputy else ATTENDANCE_CHOICES,
                required=False,
            )
            row = rows.get(seat.pk)
            if row is not None and row.present:
                self.initial[name] = "serving" if row.role == AttendanceRole.SERVING_DEPUTY else "present"
        self.order_fields([f"seat_{s.pk}" for s in seats] + ["others"])

    def service_fields(self) -> dict[str, Any]:
        """present, serving and others as `services.attendance_set` takes them."""
        present, serving = [], []
        for seat in self.seats:
            value = self.cleaned_data.get(f"seat_{seat.pk}")
            if value == "present":
                present.append(seat.pk)
            elif value == "serving":
                serving.append(seat.pk)
        others = []
        for line in _lines(self.cleaned_data["others"]):
            name, _sep, title = line.partition(",")
            others.append((name.strip()[:150], title.strip()[:150]))
        return {"present": present, "serving": serving, "others": others}


class AdjustersForm(forms.Form):
    """Choose the justerare (one name per line)."""

    names = forms.CharField(label=_("Justerare"), widget=forms.Textarea(attrs={"rows": 2}),
                            validators=[validate_text], help_text=_("Ett namn per rad."))  # fmt: skip


class JustifyForm(forms.Form):
    """Record one justerare's justering."""

    name = forms.ChoiceField(label=_("Justerare"))
    on = forms.DateField(label=_("Datum"), widget=DATE)

    def __init__(self, *args: Any, names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [(n, n) for n in names]


class PostingForm(forms.Form):
    """The anslag: published and removed dates, storage place, responsible person."""

    posting_published = forms.DateField(label=_("Anslaget publiceras"), required=False, widget=DATE)
    posting_removed = forms.DateField(label=_("Anslaget avpubliceras"), required=False, widget=DATE)
    posting_storage = forms.CharField(label=_("Förvaringsplats för protokollet"), required=False, max_length=200,
                                      validators=[validate_line])  # fmt: skip
    posting_responsible = forms.CharField(label=_("Ansvarig för anslag"), required=False, max_length=150,
                                          validators=[validate_line])  # fmt: skip


class DocumentForm(forms.Form):
    """Upload a handling to a §."""

    file = forms.FileField(label=_("Handling (PDF, DOCX eller XLSX)"))
    name = forms.CharField(label=_("Namn"), required=False, max_length=200, validators=[validate_line])


class QuorumForm(forms.Form):
    """The förbund's quorum rule."""

    quorum_minimum = forms.IntegerField(
        label=_("Minsta antal beslutande"), required=False, min_value=1, max_value=100,
        help_text=_("Tomt: mer än hälften av ledamöterna."),
    )  # fmt: skip


def parse_amount_lines(text: str, field: str = "amounts") -> dict[str, str]:
    """Amounts per year from lines like "2025: 500 000" (the year, a colon or space, whole kronor)."""
    amounts: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        year, sep, amount = line.replace("\t", " ").partition(":") if ":" in line else line.partition(" ")
        if not sep or not year.strip() or not amount.strip():
            raise forms.ValidationError(
                _("Rad %(n)s: skriv år och belopp, t.ex. ”2025: 500000”.") % {"n": number}, code="invalid"
            )
        if year.strip() in amounts:
            raise forms.ValidationError(_("Året %(y)s står två gånger.") % {"y": year.strip()[:20]}, code="invalid")
        amounts[year.strip()] = amount.strip()
    return amounts


def amount_lines(amounts: dict[int, int]) -> str:
    """Amounts per year as the form's lines."""
    return "\n".join(f"{year}: {amount}" for year, amount in sorted(amounts.items()))


class ApplicationForm(forms.ModelForm):
    """An application: applicants, contact, period, amounts per year (one line a year), purpose and budget."""

    amounts = forms.CharField(
        label=_("Sökt belopp per år"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_text],
        help_text=_("En rad per år i hela kronor, t.ex. ”2025: 500000”."),
    )

    class Meta:
        model = Application
        fields = ["name", "applicants", "contact_name", "contact_title", "received_on", "orientation", "start_year",
                  "end_year", "amounts", "purpose", "target_group", "expected_results", "applicant_budget"]  # fmt: skip
        widgets = {
            "received_on": DATE,
            "applicants": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "applicant_budget": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        keep = list(self.instance.applicants.all()) if self.instance.pk else []
        offer_current_members(self.fields["applicants"], association=association, keep=keep)
        self.fields["applicants"].required = True
        if self.instance.pk and not self.is_bound:
            self.initial["amounts"] = amount_lines({a.year: a.requested for a in self.instance.amounts.all()})

    def clean_amounts(self) -> dict[str, str]:
        return parse_amount_lines(self.cleaned_data["amounts"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end, amounts = cleaned.get("start_year"), cleaned.get("end_year"), cleaned.get("amounts")
        if start and end and end < start:
            self.add_error("end_year", _("Slutåret kan inte vara före startåret."))
        elif start and end and amounts is not None:
            try:
                cleaned["amounts"] = clean_amounts(amounts, start_year=start, end_year=end)
            except ValidationError as error:
                for message in error.message_dict.get("amounts", error.messages):
                    self.add_error("amounts", message)
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the application services take it."""
        data = dict(self.cleaned_data)
        data["applicants"] = list(data["applicants"])
        return data


class OpinionForm(forms.Form):
    """The beredningsgrupp's opinion (puts the application under beredning)."""

    opinion = forms.CharField(
        label=_("Beredningsgruppens yttrande"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_text],
        help_text=_("T.ex. ”Utvecklingsrådet (beredningsgrupp) stödjer ansökan.”"),
    )


class DecisionForm(forms.Form):
    """The board's decision on an application: outcome, the deciding §, granted amounts (delvis) and the insats."""

    outcome = forms.ChoiceField(label=_("Beslut"), choices=[(s.value, s.label) for s in DECISION_STATUSES])
    item = forms.ModelChoiceField(
        label=_("Beslutsparagraf"), queryset=AgendaItem.objects.none(), help_text=_("En paragraf i ett genomfört möte.")
    )
    granted = forms.CharField(
        label=_("Beviljat belopp per år"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_text],
        help_text=_("Bara vid delvis beviljad: en rad per år, t.ex. ”2025: 300000”."),
    )
    intervention = forms.ModelChoiceField(
        label=_("Förläng insats"),
        queryset=Intervention.objects.none(),
        required=False,
        help_text=_("Vid beviljande: välj en befintlig insats, eller ange en kod för en ny."),
    )
    code = forms.CharField(label=_("Kod för ny insats"), required=False, max_length=20, validators=[validate_line])

    def __init__(self, *args: Any, association: Association, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.label} {i.title} ({i.meeting.date:%Y-%m-%d})"
        self.fields["intervention"].queryset = interventions_of(association=association)
        self.fields["intervention"].label_from_instance = lambda i: f"{i.code} {i.name}"

    def clean_granted(self) -> dict[str, str]:
        return parse_amount_lines(self.cleaned_data["granted"], "granted")

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as `application_decide` takes it."""
        data = dict(self.cleaned_data)
        data["granted"] = data["granted"] or None
        return data


class BudgetAdoptionForm(forms.Form):
    """Which year's budget (or plan) a § adopted."""

    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    version = forms.ChoiceField(label=_("Version"), choices=[("budget", _("Budget")), ("plan", _("Plan"))])


class DecisionSearchForm(forms.Form):
    """The decisions register's filters."""

    q = forms.CharField(label=_("Sök"), required=False, max_length=200, validators=[validate_line])
    year = forms.IntegerField(label=_("År"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    number = forms.IntegerField(label=_("Paragraf"), required=False, min_value=1, max_value=100_000)
    concerns = forms.ChoiceField(
        label=_("Gäller"),
        required=False,
        choices=[("", _("Alla")), ("ansokan", _("Ansökan om medel")), ("budget", _("Budget")), ("ovrigt", _("Övrigt"))],
    )

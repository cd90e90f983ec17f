"""Forms of the participants app: Inregistrering, Utregistrering, edit, follow-up, counts, import.

No form has a field for a name, personnummer, contact detail or free text. Each field carries a short
help text; end reasons show their SUS definition (seed 002) next to each choice.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.choices import Gender
from samordna.core.models import Association, CodeList, CodeListEntry, Municipality
from samordna.core.validators import validate_participant_code
from samordna.core.widgets import DecimalCommaField, IsoDateInput, MunicipalityChoiceField
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.organisations.choices import offer_current_members
from samordna.organisations.models import Member
from samordna.participants.models import Enrollment, FollowUpStatus

DATE = IsoDateInput()


class CodeChoiceField(forms.ModelChoiceField):
    """One code-list entry, shown by its label."""

    def label_from_instance(self, obj: CodeListEntry) -> str:
        return obj.label


class EndReasonField(forms.ModelChoiceField):
    """An end reason shown with its number, label and definition."""

    def label_from_instance(self, obj: CodeListEntry) -> str:
        return f"{obj.code} {obj.label}" + (f" – {obj.help_text}" if obj.help_text else "")


class CodesField(forms.ModelMultipleChoiceField):
    """Several code-list entries as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: CodeListEntry) -> str:
        return obj.label


def _entries(code_list: str) -> Any:
    return CodeListEntry.objects.filter(list=code_list, is_active=True)


def _code_field(code_list: str, label: Any, help_text: Any) -> CodeChoiceField:
    return CodeChoiceField(
        queryset=_entries(code_list), required=False, label=label, help_text=help_text, empty_label=_("– Välj –")
    )


def _codes_field(code_list: str, label: Any, help_text: Any) -> CodesField:
    return CodesField(queryset=_entries(code_list), required=False, label=label, help_text=help_text)


class ChangeCodeForm(forms.Form):
    """A participant's new pseudonym code (the only way a code changes; audited without the codes)."""

    code = forms.CharField(
        label=_("Ny deltagarkod"),
        validators=[validate_participant_code],
        help_text=_(
            "3–32 tecken: A–Z, 0–9 och bindestreck, minst en siffra och högst 7 siffror i följd. "
            "Aldrig personnummer, telefonnummer eller namn. Uppdatera kopplingen i era egna journaler."
        ),
    )


class EnrollmentFieldsMixin(forms.Form):
    """The enrollment fields shared by Inregistrering and the edit form."""

    start_date = forms.DateField(
        label=_("Startdatum"), widget=DATE, help_text=_("Dagen deltagaren skrevs in i insatsen.")
    )
    referred_by = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        required=False,
        label=_("Remitterande part"),
        help_text=_("Den medlem som remitterade deltagaren till insatsen."),
        empty_label=_("– Välj –"),
    )

    def setup_codes(self, association: Association) -> None:
        """Add the code-list fields and limit members to the förbund's current ones (plus the one already saved)."""
        offer_current_members(
            self.fields["referred_by"], association=association, keep=[self.initial.get("referred_by")]
        )
        self.fields["support_before"] = _codes_field(
            CodeList.SUPPORT,
            _("Försörjning före"),
            _("Offentlig försörjning vid inskrivning. Flera kan väljas, t.ex. försörjningsstöd och sjukpenning."),
        )
        self.fields["occupation_before"] = _code_field(
            CodeList.OCCUPATION, _("Sysselsättning före"), _("Sysselsättning vid inskrivning.")
        )
        self.fields["education"] = _code_field(
            CodeList.EDUCATION, _("Utbildning"), _("Högsta slutförda utbildningsnivå.")
        )
        self.fields["years_in_support_before"] = DecimalCommaField(
            label=_("År i offentlig försörjning före"),
            required=False,
            min_value=0,
            max_value=60,
            decimal_places=1,
            help_text=_("Sammanlagd tid med offentlig försörjning före insatsen, i år (t.ex. 3,5)."),
        )


class RegisterInForm(EnrollmentFieldsMixin):
    """Inregistrering: a new or known participant into the insats."""

    code = forms.CharField(
        required=False,
        label=_("Deltagarkod"),
        validators=[validate_participant_code],
        help_text=_(
            "Lämna tomt för en ny slumpad kod. Ange en befintlig kod för en deltagare som redan finns, "
            "eller er egen kod (3–32 tecken: A–Z, 0–9, bindestreck, minst en siffra). Aldrig personnummer, "
            "telefonnummer eller namn."
        ),
    )
    gender = forms.ChoiceField(
        label=_("Kön"),
        required=False,
        choices=[("", _("– Välj –")), *Gender.choices],
        help_text=_(
            "Krävs för en ny deltagare och för en kod från en annan insats. För en befintlig kod ska kön, "
            "födelseår och kommun stämma med det som är registrerat; det kontrolleras först när du sparar."
        ),
    )
    birth_year = forms.IntegerField(
        label=_("Födelseår"),
        required=False,
        min_value=1900,
        max_value=LAST_YEAR,
        help_text=_("Endast år. Deltagaren ska vara 15–70 år vid start."),
    )
    municipality = MunicipalityChoiceField(
        queryset=Municipality.objects.all(),
        required=False,
        label=_("Hemkommun"),
        help_text=_("Kommunen där deltagaren bor."),
        empty_label=_("– Välj –"),
    )

    field_order = ["code", "gender", "birth_year", "municipality", "start_date", "referred_by"]

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_codes(association)


class EnrollmentEditForm(EnrollmentFieldsMixin):
    """Change an enrollment, ended ones too (every change is audited)."""

    def __init__(self, *args: Any, association: Association, ended: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_codes(association)
        if ended:
            for name, field in RegisterOutForm.base_fields.items():
                self.fields[name] = copy.deepcopy(field)
            self.fields["end_reason"] = _end_reason_field()
            self.fields["support_after"] = _codes_field(
                CodeList.SUPPORT, _("Försörjning efter"), _("Försörjning direkt efter insatsen; flera kan väljas.")
            )
            self.fields["occupation_after"] = _code_field(
                CodeList.OCCUPATION, _("Sysselsättning efter"), _("Sysselsättning direkt efter insatsen.")
            )


def _end_reason_field() -> EndReasonField:
    return EndReasonField(
        queryset=_entries(CodeList.END_REASON),
        label=_("Avslutsanledning"),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("Välj den anledning som stämmer bäst. 8 Felregistrering tar bort registreringen."),
    )


class RegisterOutForm(forms.Form):
    """Utregistrering: end date, end reason, occupation and support after, continued planning."""

    end_date = forms.DateField(label=_("Slutdatum"), widget=DATE, help_text=_("Dagen deltagaren skrevs ut."))
    continued_planning = forms.TypedChoiceField(
        label=_("Fortsatt planering finns"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("true", _("Ja")), ("false", _("Nej"))],
        coerce=lambda v: v == "true",
        empty_value=None,
        help_text=_("Finns en planering för fortsatt stöd efter insatsen?"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("association", None)
        super().__init__(*args, **kwargs)
        self.fields["end_reason"] = _end_reason_field()
        self.fields["occupation_after"] = _code_field(
            CodeList.OCCUPATION, _("Sysselsättning efter"), _("Sysselsättning direkt efter insatsen.")
        )
        self.fields["support_after"] = _codes_field(
            CodeList.SUPPORT, _("Försörjning efter"), _("Försörjning direkt efter insatsen; flera kan väljas.")
        )
        self.order_fields(["end_date", "end_reason", "occupation_after", "support_after", "continued_planning"])


class FollowUpForm(forms.Form):
    """Record a follow-up: status, and occupation and support when it was done."""

    status = forms.ChoiceField(
        label=_("Status"),
        widget=forms.RadioSelect,
        choices=[c for c in FollowUpStatus.choices if c[0] != FollowUpStatus.PENDING],
        help_text=_(
            "Genomförd: deltagaren svarade. Ej nådd: det gick inte att få kontakt. Avböjd: deltagaren ville inte svara."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("association", None)
        super().__init__(*args, **kwargs)
        self.fields["occupation"] = _code_field(
            CodeList.OCCUPATION, _("Sysselsättning"), _("Deltagarens sysselsättning vid uppföljningen.")
        )
        self.fields["support"] = _codes_field(
            CodeList.SUPPORT, _("Försörjning"), _("Deltagarens försörjning vid uppföljningen; flera kan väljas.")
        )


class AnonymousCountForm(forms.Form):
    """Counted-only participants of one year."""

    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR, help_text=_("Kalenderår."))
    women = forms.IntegerField(
        label=_("Kvinnor"),
        min_value=0,
        initial=0,
        help_text=_("Deltagare som bara räknas (utan samtycke eller med skyddade uppgifter)."),
    )
    men = forms.IntegerField(label=_("Män"), min_value=0, initial=0, help_text=_("Som ovan, män."))
    other = forms.IntegerField(label=_("Annat"), min_value=0, initial=0, help_text=_("Som ovan, annat kön."))


class EnrollmentFilterForm(forms.Form):
    """Search by code and filter by state on the participant list."""

    q = forms.CharField(label=_("Sök kod"), required=False)
    state = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[
            ("", _("Alla")),
            ("active", _("Pågående")),
            ("ended", _("Avslutade")),
            ("due", _("Uppföljning att göra")),
        ],
    )


class ImportForm(forms.Form):
    """Upload a participants file (CSV or XLSX)."""

    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "CSV (komma eller semikolon) eller XLSX enligt mallen. Allt eller inget: vid fel sparas ingenting."
        ),
    )


class FollowUpImportForm(forms.Form):
    """Upload a follow-ups file (CSV or XLSX)."""

    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "CSV (komma eller semikolon) eller XLSX med kolumnerna nedan. Allt eller inget: vid fel sparas ingenting."
        ),
    )


def enrollment_initial(enrollment: Enrollment) -> dict[str, Any]:
    """Form values of an existing enrollment."""
    return {
        "start_date": enrollment.start_date,
        "referred_by": enrollment.referred_by,
        "support_before": list(enrollment.support_before.all()),
        "occupation_before": enrollment.occupation_before,
        "education": enrollment.education,
        "years_in_support_before": enrollment.years_in_support_before,
        "end_date": enrollment.end_date,
        "end_reason": enrollment.end_reason,
        "occupation_after": enrollment.occupation_after,
        "support_after": list(enrollment.support_after.all()),
        "continued_planning": {True: "true", False: "false"}.get(enrollment.continued_planning),
    }


class ScheduleForm(forms.Form):
    """An insats's follow-up points in months after end."""

    months = forms.CharField(
        label=_("Uppföljning, månader efter avslut"),
        initial="3, 6, 12",
        help_text=_(
            "Kommaseparerade månader, t.ex. 3, 6, 12. Gäller deltaganden som "
            "avslutas från och med nu; gjorda uppföljningar ändras inte."
        ),
    )

    def clean_months(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["months"].replace(";", ",").split(",") if p.strip()]
        if not parts or not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Ange hela månader separerade med komma, t.ex. 3, 6, 12."))
        return [int(p) for p in parts]

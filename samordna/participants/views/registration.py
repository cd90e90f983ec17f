"""Pages for de-identified participant follow-up (registrars of the insats only; every view is logged)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samordna.core.audit import log_access
from samordna.core.generic import apply_validation_error
from samordna.core.listing import Column, sorted_page
from samordna.participants import rules, selectors, services
from samordna.participants.access import RegistrarMixin
from samordna.participants.forms import (
    AnonymousCountForm,
    ChangeCodeForm,
    EnrollmentEditForm,
    EnrollmentFilterForm,
    FollowUpForm,
    RegisterInForm,
    RegisterOutForm,
    enrollment_initial,
)
from samordna.participants.models import Enrollment, FollowUp, FollowUpStatus

DUE_PAGE = 100


class RegistrarHomeView(RegistrarMixin, View):
    """The registrar's insatser with active, ended and due counts."""

    def get(self, request: HttpRequest, association: str) -> HttpResponse:
        interventions = selectors.registrar_interventions(user=request.user, association=self.association)
        return render(
            request,
            "participants/home.html",
            {"association": self.association, "rows": selectors.intervention_summary(interventions)},
        )


ENROLLMENT_COLUMNS = (
    Column("kod", gettext_lazy("Kod"), ("participant__code",)),
    Column("kon", gettext_lazy("Kön"), ("participant__gender",)),
    Column("fodelsear", gettext_lazy("Födelseår"), ("participant__birth_year",)),
    Column("hemkommun", gettext_lazy("Hemkommun"), ("participant__municipality__name",)),
    Column("start", gettext_lazy("Start"), ("start_date",), "date"),
    Column("slut", gettext_lazy("Slut"), ("end_date",), "date"),
    Column("avslutsanledning", gettext_lazy("Avslutsanledning"), ("end_reason__code",)),
)
DUE_COLUMNS = (
    Column("ska-goras", gettext_lazy("Ska göras"), ("due_date",), "date"),
    Column("deltagare", gettext_lazy("Deltagare"), ("enrollment__participant__code",)),
    Column("insats", gettext_lazy("Insats"), ("enrollment__intervention__code",)),
    Column("manader", gettext_lazy("Månader efter avslut"), ("months_after_end",)),
    Column("registrera", gettext_lazy("Registrera")),
)


class EnrollmentListView(RegistrarMixin, View):
    """An insats's participants: search by code, filter active / ended / follow-up due, sort by column."""

    columns = ENROLLMENT_COLUMNS

    def get(self, request: HttpRequest, association: str, intervention: int) -> HttpResponse:
        form = EnrollmentFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        qs = selectors.enrollment_list(self.intervention, q=filters.get("q", ""), state=filters.get("state", ""))
        page, listing = sorted_page(qs, request.GET, ENROLLMENT_COLUMNS, default_sort="")
        log_access(
            user=request.user,
            association=self.association,
            what="participants.enrollment_list",
            object_id=str(self.intervention.pk),
            count=len(page.object_list),
        )
        return render(
            request,
            "participants/enrollment_list.html",
            {
                "association": self.association,
                "intervention": self.intervention,
                "filter_form": form,
                "object_list": page.object_list,
                **listing,
            },
        )


def _prune_untouched(form: forms.BaseForm, data: Any) -> None:
    """While validating as the user types, show errors only on fields that have a value."""
    for name in list(form.errors):
        if name != "__all__" and not any(v not in ("", None) for v in data.getlist(name)):
            del form.errors[name]


class LoggedViewMixin:
    """Access logging of row-level views: a real view is logged, a live (HTMX) validation while typing is not."""

    validating = False

    def log_view(self, *, what: str, object_id: str) -> None:
        """Write one access-log row unless this request only validates a form."""
        if not self.validating:
            log_access(
                user=self.request.user,  # type: ignore[attr-defined]
                association=self.association,  # type: ignore[attr-defined]
                what=what,
                object_id=object_id,
            )


class ServiceFormView(LoggedViewMixin, RegistrarMixin, View):
    """A form that calls a service. With HTMX (`_validate`), the service runs and is rolled back,
    so every rule is checked as the user fills in the form and nothing is saved."""

    template_name = "participants/form.html"
    title = ""
    submit_label = ""

    def load(self) -> None:
        """Fetch the object the URL names (scoped to the insats)."""

    def make_form(self, data: Any = None) -> forms.BaseForm:
        raise NotImplementedError

    def save(self, form: forms.BaseForm) -> str:
        """Call the service; return where to go next."""
        raise NotImplementedError

    def context(self, form: forms.BaseForm) -> dict[str, Any]:
        return {
            "association": self.association,
            "intervention": self.intervention,
            "form": form,
            "title": self.title,
            "submit_label": self.submit_label or _("Spara"),
            "object": getattr(self, "object", None),
            # Where to go after saving, kept through a re-shown form (an error, or the question before saving).
            "next_url": self.request.POST.get("next") or self.request.GET.get("next") or "",
        }

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        return render(request, self.template_name, self.context(self.make_form()))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        validate_only = bool(getattr(request, "htmx", False)) and "_validate" in request.POST
        self.validating = validate_only
        self.load()
        form = self.make_form(request.POST)
        target = ""
        if not validate_only and form.is_valid() and request.POST.get("_confirmed") != "1":
            question = self.confirmation(form)
            if question:
                return render(request, self.template_name, {**self.context(form), "confirm": question})
        if form.is_valid():
            try:
                with transaction.atomic():
                    target = self.save(form)
                    if validate_only:
                        transaction.set_rollback(True)
            except ValidationError as error:
                apply_validation_error(form, error)
                if not validate_only:
                    self.refused(error)
        if validate_only:
            _prune_untouched(form, request.POST)
            return render(request, self.template_name, self.context(form))
        if form.is_valid() and not form.errors:
            messages.success(request, _("Sparat."))
            return HttpResponseRedirect(target)
        return render(request, self.template_name, self.context(form), status=400)

    def refused(self, error: ValidationError) -> None:
        """After a submitted form's service refused it (its transaction rolled back): record what must be kept."""

    def confirmation(self, form: forms.BaseForm) -> str:
        """What to ask before a valid form that cannot be taken back is saved ("" when nothing): the page asks
        it in the form, and only a second submit with `_confirmed=1` saves."""
        return ""

    def list_url(self) -> str:
        return reverse(
            "participants:list", kwargs={"association": self.association.slug, "intervention": self.intervention.pk}
        )


class EnrollmentObjectMixin(LoggedViewMixin):
    """The enrollment named by `pk`, inside the insats of the URL (else 404); the view is logged."""

    model = Enrollment
    object: Enrollment

    def load(self) -> None:
        self.object = _get(
            Enrollment.objects.filter(intervention=self.intervention).select_related(  # type: ignore
                "participant__municipality",
                "end_reason",
                "education",
                "occupation_before",
                "occupation_after",
                "referred_by",
            ),
            self.kwargs["pk"],
        )  # type: ignore[attr-defined]
        self.log_view(what="participants.enrollment", object_id=str(self.object.pk))


def _get(qs: Any, pk: Any) -> Any:
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404("Finns inte.")
    return obj


class RegisterInView(ServiceFormView):
    """Inregistrering.

    No oracle: while the form is validated live, the entered code is not looked up (the rules run as for a new
    participant), so nothing about a known code's participant can be learnt by typing. Only a submitted form is
    compared with what is registered for the code; a mismatch gets one neutral message, is audited and counts
    towards the user's limit (`services.check_known_code`).
    """

    title = _("Inregistrering")

    def make_form(self, data: Any = None) -> forms.BaseForm:
        return RegisterInForm(data, association=self.association)

    def save(self, form: forms.BaseForm) -> str:
        data = dict(form.cleaned_data)
        if self.validating:
            data["code"] = ""  # live validation never compares with a stored participant
        enrollment = services.register_in(
            acting_user=self.request.user,
            intervention=self.intervention,
            support_before=list(data.pop("support_before") or []),
            **data,
        )
        return reverse(
            "participants:detail",
            kwargs={"association": self.association.slug, "intervention": self.intervention.pk, "pk": enrollment.pk},
        )

    def refused(self, error: ValidationError) -> None:
        """A mismatch on a known code is audited (without values) and counted, after the rollback."""
        if isinstance(error, services.CodeMismatch):
            services.code_mismatch_record(acting_user=self.request.user, intervention=self.intervention, source="form")


class EnrollmentDetailView(EnrollmentObjectMixin, RegistrarMixin, View):
    """One enrollment with its participant and follow-ups."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        return render(
            request,
            "participants/enrollment_detail.html",
            {
                "association": self.association,
                "intervention": self.intervention,
                "object": self.object,
                "participant": self.object.participant,
                "support_before": self.object.support_before.all(),
                "support_after": self.object.support_after.all(),
                "follow_ups": self.object.follow_ups.select_related("occupation").prefetch_related("support"),
                "others": self.object.participant.enrollments.filter(intervention=self.intervention).exclude(
                    pk=self.object.pk
                ),
            },
        )


class EnrollmentEditView(EnrollmentObjectMixin, ServiceFormView):
    """Change an enrollment (ended ones too; audited)."""

    title = _("Ändra deltagande")

    def make_form(self, data: Any = None) -> forms.BaseForm:
        return EnrollmentEditForm(
            data,
            initial=enrollment_initial(self.object),
            association=self.association,
            ended=self.object.end_date is not None,
        )

    def save(self, form: forms.BaseForm) -> str:
        data = dict(form.cleaned_data)
        for name in ("support_before", "support_after"):
            if name in data:
                data[name] = list(data[name] or [])
        result = services.enrollment_update(acting_user=self.request.user, enrollment=self.object, **data)
        return self._after(result)

    def confirmation(self, form: forms.BaseForm) -> str:
        reason = form.cleaned_data.get("end_reason")
        if reason is not None and rules.is_felregistrering(reason.code):
            return _(
                "Felregistrering tar bort deltagandet helt, med dess uppföljningar, och deltagaren om hen inte "
                "har något annat deltagande. Det går inte att ångra. Vill du ta bort registreringen?"
            )
        return ""

    def _after(self, result: Enrollment | None) -> str:
        if result is None:
            messages.info(self.request, _("Felregistreringen är borttagen."))
            return self.list_url()
        return reverse(
            "participants:detail",
            kwargs={"association": self.association.slug, "intervention": self.intervention.pk, "pk": result.pk},
        )


class RegisterOutView(EnrollmentEditView):
    """Utregistrering."""

    title = _("Utregistrering")
    submit_label = _("Registrera ut")

    def make_form(self, data: Any = None) -> forms.BaseForm:
        initial = enrollment_initial(self.object) if self.object.end_date else {}
        return RegisterOutForm(data, initial=initial)

    def save(self, form: forms.BaseForm) -> str:
        data = dict(form.cleaned_data)
        data["support_after"] = list(data["support_after"] or [])
        result = services.register_out(acting_user=self.request.user, enrollment=self.object, **data)
        return self._after(result)


class ChangeCodeView(EnrollmentObjectMixin, ServiceFormView):
    """Byt deltagarkod: the only way a participant's code changes (audited without the codes)."""

    title = _("Byt deltagarkod")
    submit_label = _("Byt kod")

    def make_form(self, data: Any = None) -> forms.BaseForm:
        return ChangeCodeForm(data)

    def save(self, form: forms.BaseForm) -> str:
        services.participant_change_code(
            acting_user=self.request.user, participant=self.object.participant, new_code=form.cleaned_data["code"]
        )
        return reverse(
            "participants:detail",
            kwargs={"association": self.association.slug, "intervention": self.intervention.pk, "pk": self.object.pk},
        )


class FollowUpRecordView(ServiceFormView):
    """Record a follow-up (from the due list or the enrollment page)."""

    model = FollowUp
    title = _("Registrera uppföljning")

    def load(self) -> None:
        self.object = _get(
            FollowUp.objects.filter(enrollment__intervention=self.intervention).select_related(
                "enrollment__participant"
            ),
            self.kwargs["pk"],
        )
        self.log_view(what="participants.follow_up", object_id=str(self.object.pk))

    def make_form(self, data: Any = None) -> forms.BaseForm:
        initial = {
            "status": self.object.status if self.object.status != "pending" else "done",
            "occupation": self.object.occupation,
            "support": list(self.object.support.all()),
        }
        return FollowUpForm(data, initial=initial)

    def confirmation(self, form: forms.BaseForm) -> str:
        status = form.cleaned_data.get("status")
        if status == FollowUpStatus.NOT_REACHED:
            return _("Markera uppföljningen som ej nådd? Den räknas då med i nämnaren utan utfall.")
        if status == FollowUpStatus.DECLINED:
            return _("Markera uppföljningen som avböjd? Den räknas då med i nämnaren utan utfall.")
        return ""

    def save(self, form: forms.BaseForm) -> str:
        data = dict(form.cleaned_data)
        services.follow_up_record(
            acting_user=self.request.user,
            follow_up=self.object,
            status=data["status"],
            occupation=data.get("occupation"),
            support=list(data.get("support") or []),
        )
        nxt = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={self.request.get_host()}):
            return nxt
        return reverse(
            "participants:detail",
            kwargs={
                "association": self.association.slug,
                "intervention": self.intervention.pk,
                "pk": self.object.enrollment_id,
            },
        )


class DueListView(RegistrarMixin, View):
    """Follow-ups due this month or overdue, across the registrar's insatser, a hundred a page."""

    columns = DUE_COLUMNS

    def get(self, request: HttpRequest, association: str) -> HttpResponse:
        due = selectors.due_follow_ups(user=request.user, association=self.association)
        page, listing = sorted_page(due, request.GET, DUE_COLUMNS, default_sort="ska-goras", default_size=DUE_PAGE)
        rows = list(page.object_list)
        log_access(user=request.user, association=self.association, what="participants.due_list", count=len(rows))
        return render(
            request,
            "participants/due_list.html",
            {
                "association": self.association,
                "rows": rows,
                **listing,
                "form": FollowUpForm(),
                "month_end": selectors.month_end(dt.date.today()),
                "today": dt.date.today(),
            },
        )


class AnonymousCountView(RegistrarMixin, View):
    """Counted-only participants per year; set a year's counts."""

    def _render(self, form: AnonymousCountForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "participants/counts.html",
            {
                "association": self.association,
                "intervention": self.intervention,
                "form": form,
                "counts": selectors.anonymous_counts(self.intervention),
            },
            status=status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self._render(AnonymousCountForm())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = AnonymousCountForm(request.POST)
        if form.is_valid():
            try:
                services.anonymous_count_set(
                    acting_user=request.user, intervention=self.intervention, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Antalen är sparade."))
                return HttpResponseRedirect(request.path)
        return self._render(form, status=400)

"""Pages of the surveys app under /f/<association>/enkater/, and the anonymous public form under /enkat/<token>/.

Admins build questionnaires and manage every round; an insatsansvarig manages the rounds of their own insatser;
viewers (and insatsansvariga) see published results, where a round with fewer than k answers shows nothing.
Only admins see the internal results with the free-text answers.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from samordna.core.choices import Role
from samordna.core.generic import (
    TenantCreateView,
    TenantListView,
    TenantObjectMixin,
    TenantUpdateView,
    apply_validation_error,
)
from samordna.core.listing import Column, SortedListMixin
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ACTIVITY_READERS, ADMINS, INTERVENTION_EDITORS
from samordna.reporting.http import export_response, wanted_format
from samordna.reporting.pages import inline_svg, mark_internal
from samordna.reporting.tables import Report
from samordna.surveys import reports, selectors, services
from samordna.surveys.forms import HONEYPOT, AnswerForm, CodesForm, QuestionForm, QuestionnaireForm, RoundForm
from samordna.surveys.models import Channel, CollectionMode, Question, Questionnaire, SurveyRound

#: The largest body the public form takes (its answers are a few hundred bytes; free text at most 2 000 characters).
MAX_PUBLIC_BODY = 8 * 1024


def _url(name: str, association: Any, **kwargs: Any) -> str:
    return reverse(f"surveys:{name}", kwargs={"association": association.slug, **kwargs})


def _charts(report: Report) -> list[dict[str, str]]:
    return [
        {
            "title": chart.title,
            "svg": inline_svg(
                chart.draw("svg"),
                index,
                _("Stapeldiagram: %(title)s. Samma siffror finns i tabellen.") % {"title": chart.title},
            ),
        }
        for index, chart in enumerate(report.charts, start=1)
    ]


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI (the page's CSP allows data: images)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", title=url)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# --- Questionnaires ---


class QuestionnaireListView(SortedListMixin, TenantListView):
    """The förbund's questionnaires with their number of rounds."""

    model = Questionnaire
    allowed_roles = ACTIVITY_READERS
    template_name = "surveys/questionnaire_list.html"
    columns = (
        Column("kod", gettext_lazy("Kod"), ("code",)),
        Column("namn", gettext_lazy("Namn"), ("name",)),
        Column("svarande", gettext_lazy("Svarande"), ("respondent_group",)),
        Column("omgangar", gettext_lazy("Omgångar"), ("round_count",), "num"),
    )

    def get_queryset(self) -> QuerySet[Questionnaire]:
        return (
            selectors.questionnaires_for(user=self.request.user, association=self.association)
            .select_related("association")
            .annotate(round_count=Count("versions__rounds"))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_admin"] = Role.ADMIN in self.roles
        context["can_round"] = bool(self.roles & INTERVENTION_EDITORS)
        return context


class QuestionnaireCreateView(TenantCreateView):
    """Create a questionnaire (admins)."""

    model = Questionnaire
    form_class = QuestionnaireForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ny enkät")}

    def save(self, form: BaseForm) -> Model:
        return services.questionnaire_create(
            acting_user=self.request.user, association=self.association, **form.cleaned_data
        )


class QuestionnaireUpdateView(TenantUpdateView):
    """Edit a questionnaire's name, respondent group and intro (admins)."""

    model = Questionnaire
    form_class = QuestionnaireForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ändra enkät")}

    def save(self, form: BaseForm) -> Model:
        data = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        return services.questionnaire_update(acting_user=self.request.user, questionnaire=self.object, **data)


class TemplateInstallView(TenantMixin, View):
    """Add the RMGT "upplevd nytta" questionnaire of seed 001 as an editable questionnaire (admins, POST)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        questionnaire = services.template_install(acting_user=request.user, association=self.association)
        messages.success(request, _("Mallen är tillagd. Du kan ändra frågorna."))
        return redirect(questionnaire)


class QuestionnaireDetailView(TenantObjectMixin, View):
    """A questionnaire: its versions and questions, its rounds, and the rounds compared over time."""

    model = Questionnaire
    allowed_roles = ACTIVITY_READERS
    template_name = "surveys/questionnaire_detail.html"

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        questionnaire = get_object_or_404(self.get_queryset().select_related("association"), pk=pk)
        admin = Role.ADMIN in self.roles
        visible = set(
            selectors.rounds_for(user=request.user, association=self.association, roles=self.roles).values_list(
                "pk", flat=True
            )
        )
        comparison = selectors.compare_rounds(questionnaire, published=not admin)
        comparison.rounds = [r for r in comparison.rounds if r.pk in visible]
        rows = []
        for survey_round in comparison.rounds:
            cells = []
            for code, _text in comparison.codes:
                result = comparison.cells.get((survey_round.pk, code))
                cells.append(result)
            rows.append({"round": survey_round, "cells": cells, "suppressed": survey_round.pk in comparison.suppressed})
        chart_svg = ""
        scale_codes = [c for c, _t in comparison.codes]
        if rows and scale_codes:
            from samordna.reporting.renderers.charts import bars

            series = {
                text: [
                    float(cell.share_at_least * 100) if cell and cell.share_at_least is not None else None
                    for cell in (row["cells"][i] for row in rows)
                ]
                for i, (_code, text) in enumerate(comparison.codes)
            }
            chart = bars(
                categories=[row["round"].code for row in rows],
                series=series,
                title=_("Andel svar vid eller över gränsen per omgång"),
                unit="%",
            )
            chart_svg = inline_svg(
                chart("svg"),
                1,
                _("Stapeldiagram: andel svar vid eller över gränsen per omgång. Samma siffror finns i tabellen."),
            )
        context = {
            "object": questionnaire,
            "association": self.association,
            "versions": selectors.versions(questionnaire),
            "is_admin": admin,
            "can_round": bool(self.roles & INTERVENTION_EDITORS),
            "codes": comparison.codes,
            "rows": rows,
            "chart_svg": chart_svg,
            "threshold": self.association.suppression_threshold,
        }
        return render(request, self.template_name, context)


class QuestionAddView(TenantObjectMixin, View):
    """Add a question to a questionnaire (admins); on an answered version this starts a new version."""

    model = Questionnaire
    allowed_roles = ADMINS
    template_name = "surveys/question_form.html"

    def _render(
        self, request: HttpRequest, questionnaire: Questionnaire, form: QuestionForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "form": form,
            "questionnaire": questionnaire,
            "association": self.association,
            "locked": services.current_version(questionnaire).is_locked,
            "title": _("Ny fråga"),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        questionnaire = get_object_or_404(self.get_queryset(), pk=pk)
        return self._render(request, questionnaire, QuestionForm())

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        questionnaire = get_object_or_404(self.get_queryset(), pk=pk)
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_add(acting_user=request.user, questionnaire=questionnaire, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Frågan är tillagd."))
                return redirect(questionnaire)
        return self._render(request, questionnaire, form, status=400)


class QuestionMixin(TenantObjectMixin):
    """Questions of the förbund's questionnaires (another förbund's → 404)."""

    model = Question
    allowed_roles = ADMINS

    def get_queryset(self) -> QuerySet[Question]:
        questionnaires = selectors.questionnaires_for(user=self.request.user, association=self.association)
        return Question.objects.filter(version__questionnaire__in=questionnaires.values("pk")).select_related(
            "version__questionnaire__association"
        )


class QuestionUpdateView(QuestionMixin, View):
    """Change a question (admins); on an answered version the change goes into a new version."""

    template_name = "surveys/question_form.html"

    def _render(self, request: HttpRequest, question: Question, form: QuestionForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "questionnaire": question.version.questionnaire,
            "question": question,
            "association": self.association,
            "locked": question.version.is_locked,
            "title": _("Ändra fråga"),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        question = get_object_or_404(self.get_queryset(), pk=pk)
        return self._render(request, question, QuestionForm(instance=question))

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        question = get_object_or_404(self.get_queryset(), pk=pk)
        form = QuestionForm(request.POST, instance=Question(version=question.version))
        if form.is_valid():
            try:
                services.question_update(acting_user=request.user, question=question, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Frågan är sparad."))
                return redirect(question.version.questionnaire)
        return self._render(request, question, form, status=400)


class QuestionDeleteView(QuestionMixin, View):
    """Remove a question after a confirmation (admins); an answered version keeps it."""

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        question = get_object_or_404(self.get_queryset(), pk=pk)
        context = {"object": question, "association": self.association, "locked": question.version.is_locked}
        return render(request, "surveys/question_confirm_delete.html", context)

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        question = get_object_or_404(self.get_queryset(), pk=pk)
        services.question_delete(acting_user=request.user, question=question)
        messages.success(request, _("Frågan är borttagen."))
        return redirect(question.version.questionnaire)


# --- Rounds ---


class VisibleRoundsMixin(TenantObjectMixin):
    """Rounds the user sees."""

    model = SurveyRound
    allowed_roles = ACTIVITY_READERS

    def get_queryset(self) -> QuerySet[SurveyRound]:
        return selectors.rounds_for(user=self.request.user, association=self.association, roles=self.roles)


class EditableRoundsMixin(TenantObjectMixin):
    """Rounds the user manages (an insatsansvarig: those of their own insatser; others → 404)."""

    model = SurveyRound
    allowed_roles = INTERVENTION_EDITORS

    def get_queryset(self) -> QuerySet[SurveyRound]:
        return selectors.rounds_editable_by(user=self.request.user, association=self.association, roles=self.roles)


class RoundListView(VisibleRoundsMixin, SortedListMixin, TenantListView):
    """The survey rounds with their questionnaire, insats or event, period and number of answers."""

    template_name = "surveys/round_list.html"
    columns = (
        Column("fran", gettext_lazy("Från"), ("starts_on",), "date"),
        Column("kod", gettext_lazy("Kod"), ("code",)),
        Column("enkat", gettext_lazy("Enkät"), ("version__questionnaire__code",)),
        Column("insats", gettext_lazy("Insats eller aktivitet"), ("intervention__code", "event__code")),
        Column("till", gettext_lazy("Till"), ("ends_on",), "date"),
        Column("svar", gettext_lazy("Svar"), ("answers",), "num"),
    )

    def get_queryset(self) -> QuerySet[SurveyRound]:
        return selectors.with_counts(super().get_queryset())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = bool(self.roles & INTERVENTION_EDITORS)
        context["is_admin"] = Role.ADMIN in self.roles
        return context


class RoundFormMixin:
    """The round form gets the questionnaires, insatser and events the user may use."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        view: Any = self
        user, association, roles = view.request.user, view.association, view.roles
        kwargs["questionnaires"] = selectors.questionnaires_for(user=user, association=association)
        kwargs["interventions"] = selectors.round_interventions(user=user, association=association, roles=roles)
        kwargs["events"] = selectors.round_events(user=user, association=association, roles=roles)
        kwargs["intervention_required"] = Role.ADMIN not in roles
        return kwargs


class RoundCreateView(RoundFormMixin, TenantCreateView):
    """Create a round (admins; an insatsansvarig for one of their own insatser)."""

    model = SurveyRound
    form_class = RoundForm
    allowed_roles = INTERVENTION_EDITORS
    extra_context = {"title": gettext_lazy("Ny enkätomgång")}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        initial["questionnaire"] = self.request.GET.get("enkat", "")
        return initial

    def save(self, form: BaseForm) -> Model:
        return services.round_create(acting_user=self.request.user, association=self.association, **form.cleaned_data)


class RoundUpdateView(RoundFormMixin, EditableRoundsMixin, TenantUpdateView):
    """Edit a round: period, mode, limit, open or closed."""

    form_class = RoundForm
    extra_context = {"title": gettext_lazy("Ändra enkätomgång")}

    def save(self, form: BaseForm) -> Model:
        data = {k: v for k, v in form.cleaned_data.items() if k != "questionnaire"}
        survey_round = self.get_queryset().get(pk=self.object.pk)
        return services.round_update(acting_user=self.request.user, survey_round=survey_round, **data)


class RoundDetailView(VisibleRoundsMixin, View):
    """A round: its facts, for those who manage it the public link, QR code and codes, and its results.

    Admins see the internal results (with free text) and may look at the published ones (`?publicerad=1`);
    everyone else sees the published results. `?format=` downloads the same results.
    """

    template_name = "surveys/round_detail.html"

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        survey_round = get_object_or_404(
            self.get_queryset().select_related("association", "version__questionnaire", "intervention", "event"), pk=pk
        )
        admin = Role.ADMIN in self.roles
        publish = not admin or request.GET.get("publicerad") == "1"
        report = reports.survey_report(
            association=self.association, options={"round": survey_round.code, "publish": publish}
        )
        if not publish:
            mark_internal(report)
        fmt = wanted_format(request.GET)
        if fmt:
            return export_response(report, fmt)
        editable = (
            selectors.rounds_editable_by(user=request.user, association=self.association, roles=self.roles)
            .filter(pk=survey_round.pk)
            .exists()
        )
        texts: list[tuple[str, list[str]]] = []
        if admin and not publish:
            results = selectors.round_results(survey_round, published=False, free_text=True)
            texts = [(r.question.text, r.texts) for r in results.questions if r.texts]
        public_url = request.build_absolute_uri(survey_round.public_path())
        context = {
            "object": survey_round,
            "association": self.association,
            "report": report,
            "charts": _charts(report),
            "texts": texts,
            "is_admin": admin,
            "publish": publish,
            "editable": editable,
            "public_url": public_url if editable and survey_round.mode != CollectionMode.PAPER else "",
            "qr": qr_data_uri(public_url) if editable and survey_round.mode != CollectionMode.PAPER else "",
            "accepts": services.accepts(survey_round),
            "code_counts": selectors.code_counts(survey_round),
            "query": request.GET.urlencode(),
        }
        return render(request, self.template_name, context)


class RoundCodesView(EditableRoundsMixin, View):
    """The round's single-use codes as a printable page of slips; a form to make more."""

    template_name = "surveys/round_codes.html"

    def _render(
        self, request: HttpRequest, survey_round: SurveyRound, form: CodesForm, status: int = 200
    ) -> HttpResponse:
        public_url = request.build_absolute_uri(survey_round.public_path())
        context = {
            "object": survey_round,
            "association": self.association,
            "form": form,
            "codes": selectors.unused_codes(survey_round),
            "public_url": public_url,
            "qr": qr_data_uri(public_url),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        return self._render(request, get_object_or_404(self.get_queryset(), pk=pk), CodesForm())

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        survey_round = get_object_or_404(self.get_queryset(), pk=pk)
        form = CodesForm(request.POST)
        if form.is_valid():
            try:
                services.codes_generate(
                    acting_user=request.user, survey_round=survey_round, count=form.cleaned_data["count"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Koderna är skapade."))
                return redirect(_url("round-codes", self.association, pk=survey_round.pk))
        return self._render(request, survey_round, form, status=400)


class RoundPaperView(EditableRoundsMixin, View):
    """Type in one paper form (staff): the same questions as the public form, saved as a paper response."""

    template_name = "surveys/round_paper.html"

    def _render(
        self, request: HttpRequest, survey_round: SurveyRound, form: AnswerForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "object": survey_round,
            "association": self.association,
            "form": form,
            "answers": survey_round.responses.count(),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        survey_round = get_object_or_404(self.get_queryset().select_related("version"), pk=pk)
        return self._render(request, survey_round, AnswerForm(version=survey_round.version, public=False))

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        survey_round = get_object_or_404(self.get_queryset().select_related("version"), pk=pk)
        form = AnswerForm(request.POST, version=survey_round.version, public=False)
        if form.is_valid():
            try:
                services.response_submit(
                    survey_round=survey_round, answers=form.answers(), channel=Channel.PAPER, acting_user=request.user
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except services.NotAccepted as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Svaret är sparat. Skriv in nästa."))
                return redirect(_url("round-paper", self.association, pk=survey_round.pk))
        return self._render(request, survey_round, form, status=400)


# --- The public form: no login, nothing about the person stored ---


def _plain_page(request: HttpRequest, message: str, status: int = 200) -> HttpResponse:
    return render(request, "surveys/public_message.html", {"message": message}, status=status)


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_protect, name="dispatch")
class PublicFormView(View):
    """The anonymous form of a round: no login, no IP address or user agent stored, Swedish and plain.

    A round that takes no answers, a body over `MAX_PUBLIC_BODY` bytes, a used or unknown code, a full round and
    a filled honeypot all answer with a plain Swedish page and save nothing. Nothing here writes to the session.
    """

    template_name = "surveys/public_form.html"

    def _round(self, token: str) -> SurveyRound | None:
        survey_round = selectors.round_by_token(token)
        if survey_round is None or survey_round.mode == CollectionMode.PAPER:
            return None
        return survey_round

    def _render(
        self, request: HttpRequest, survey_round: SurveyRound, form: AnswerForm, status: int = 200
    ) -> HttpResponse:
        context = {"round": survey_round, "questionnaire": survey_round.version.questionnaire, "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        survey_round = self._round(token)
        if survey_round is None:
            return _plain_page(request, _("Enkäten finns inte. Kontrollera länken."), status=404)
        problem = services.accepts(survey_round)
        if problem:
            return _plain_page(request, problem)
        form = AnswerForm(version=survey_round.version, with_code=survey_round.mode == CollectionMode.CODES)
        return self._render(request, survey_round, form)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = MAX_PUBLIC_BODY + 1
        if length > MAX_PUBLIC_BODY:
            return _plain_page(
                request, _("Svaret är för långt och har inte sparats. Korta ner texten och försök igen."), 413
            )
        survey_round = self._round(token)
        if survey_round is None:
            return _plain_page(request, _("Enkäten finns inte. Kontrollera länken."), status=404)
        with_code = survey_round.mode == CollectionMode.CODES
        form = AnswerForm(request.POST, version=survey_round.version, with_code=with_code)
        if request.POST.get(HONEYPOT):
            return _plain_page(request, _("Svaret kunde inte tas emot."), status=400)
        if not form.is_valid():
            return self._render(request, survey_round, form, status=400)
        try:
            services.response_submit(
                survey_round=survey_round,
                answers=form.answers(),
                channel=Channel.CODE if with_code else Channel.LINK,
                code=form.cleaned_data.get("code", ""),
            )
        except services.NotAccepted as refused:
            return _plain_page(request, refused.message, status=409)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._render(request, survey_round, form, status=400)
        return HttpResponseRedirect(reverse("survey-thanks"))


@never_cache
def public_thanks(request: HttpRequest) -> HttpResponse:
    """The page after an answer: thanks, nothing else (it does not say which round)."""
    return _plain_page(request, _("Tack för ditt svar! Det är sparat utan uppgift om vem du är. Du kan stänga sidan."))

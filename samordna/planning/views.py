"""Pages of the verksamhetsplan: /f/<association>/plan/.

- Reading (plans, the plan as a tree for a period, a goal with its indicators' years, the goal matrix of an
  insats): `PLAN_READERS` (admin, viewer, insatsansvarig).
- Editing plans, goal areas, goals, indicators and manual values: `ADMINS`.
- Assessing a goal: `INTERVENTION_EDITORS`; an insatsansvarig only a goal linked to an insats they are
  assigned to (`selectors.assessable_goals`), else 403.

An object named in the URL that is not the förbund's answers 404 before the role check (`check_before_roles`).
Every write goes through `planning.services`; a refusal comes back as a message on the field concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from samordna.core.choices import Role
from samordna.core.generic import apply_validation_error
from samordna.core.listing import Column, sorted_page
from samordna.core.models import CodeListEntry
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS, INTERVENTION_EDITORS, PLAN_READERS
from samordna.governance import selectors as governance_selectors
from samordna.interventions.models import Intervention
from samordna.interventions.selectors import interventions_for
from samordna.planning import selectors, services
from samordna.planning.forms import (
    AreaForm,
    AssessmentForm,
    GoalForm,
    IndicatorForm,
    IndicatorValuesForm,
    MatrixYearForm,
    PeriodForm,
    PlanCopyForm,
    PlanForm,
)
from samordna.planning.models import (
    Assessment,
    Goal,
    GoalArea,
    GoalStatus,
    Indicator,
    IndicatorValue,
    Plan,
    SourceKind,
)
from samordna.planning.presentation import STATUS_CLASSES
from samordna.planning.selectors import SeesInsatser


class LazyIds:
    """A set of ids read on the first membership test (a template that asks nothing costs no query)."""

    def __init__(self, read: Callable[[], set[int]]) -> None:
        self._read = read
        self._ids: set[int] | None = None

    def __contains__(self, pk: object) -> bool:
        if self._ids is None:
            self._ids = self._read()
        return pk in self._ids


def _url(name: str, association: Any, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"association": association.slug, **kwargs})


class PlanningMixin(TenantMixin):
    """The object named by `pk` in the URL, read from this förbund only (another förbund's: 404 before roles)."""

    model: type[Model] | None = None
    object: Any = None
    request: HttpRequest

    def check_before_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        if self.model is not None and "pk" in kwargs:
            self.object = get_object_or_404(selectors.in_association(self.model, self.association), pk=kwargs["pk"])

    def may_see(self) -> SeesInsatser:
        """Whose internal indicator values this reader is shown (the rest as published, planning.published):
        an admin every goal's, an insatsansvarig those whose insatser are all theirs, a läsare none."""
        if self.has_role(Role.ADMIN):
            return lambda ids: True
        if self.has_role(Role.INTERVENTION_MANAGER):
            visible = frozenset(self.visible_intervention_ids())
            return lambda ids: bool(ids) and ids <= visible
        return lambda ids: False

    def visible_intervention_ids(self) -> set[int]:
        """The ids of the insatser the user may see (whose goal matrix a page may link to), one query."""
        visible = interventions_for(user=self.request.user, association=self.association, roles=self.roles)
        return set(visible.values_list("pk", flat=True))

    @property
    def plan(self) -> Plan:
        """The plan the page is about."""
        obj = self.object
        if isinstance(obj, Plan):
            return obj
        if isinstance(obj, GoalArea | Goal):
            return obj.plan
        if isinstance(obj, Indicator):
            return obj.goal.plan
        assert isinstance(obj, Assessment)
        return obj.goal.plan

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.has_role(*ADMINS)
        context["visible_interventions"] = LazyIds(self.visible_intervention_ids)
        if self.object is not None:
            context["plan"] = self.plan
            context["object"] = self.object
            obj = self.object
            goal = obj if isinstance(obj, Goal) else getattr(obj, "goal", None)
            context["goal_crumb"] = goal if goal is not obj else None
        return context


class PlanListView(PlanningMixin, TemplateView):
    """Every plan of the förbund, newest first."""

    allowed_roles = PLAN_READERS
    template_name = "planning/plan_list.html"
    columns = (
        Column("kod", gettext_lazy("Kod"), ("code",)),
        Column("plan", gettext_lazy("Plan"), ("title",)),
        Column("ar", gettext_lazy("År"), ("from_year", "to_year")),
        Column("status", gettext_lazy("Status"), ("status", "adopted_on")),
        Column("mal", gettext_lazy("Mål"), ("goal_count",), "num"),
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, listing = sorted_page(selectors.plans_of(self.association), self.request.GET, self.columns, "")
        context.update(title=_("Verksamhetsplan"), plans=page.object_list, **listing)
        return context


class PlanDetailView(PlanningMixin, TemplateView):
    """The plan as a tree (goal areas → goals → indicators) for a year up to a date: each goal's status and
    comment, each indicator's value with what it is built on, and the number of goals per status."""

    model = Plan
    allowed_roles = PLAN_READERS
    template_name = "planning/plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan: Plan = self.object
        year, until = selectors.default_year(plan), None
        period = PeriodForm(self.request.GET or None, plan=plan)
        if period.is_bound and period.is_valid():
            year, until = period.cleaned_data["year"], period.cleaned_data["until"]
        elif not period.is_bound:
            period = PeriodForm(initial={"year": year}, plan=plan)
        assessable: set[int] = set()
        if self.has_role(*INTERVENTION_EDITORS):
            goals = selectors.assessable_goals(user=self.request.user, association=self.association, roles=self.roles)
            assessable = set(goals.filter(plan=plan).values_list("pk", flat=True))
        context.update(
            title=plan.title,
            period=period,
            tree=selectors.plan_tree(plan, year=year, until=until, assessable=assessable, may_see=self.may_see()),
        )
        return context


class GoalDetailView(PlanningMixin, TemplateView):
    """A goal: its text, insatser, each indicator with a small chart of its values by year against the target
    (with the figures as a table), the assessments by year, and the entry of manual values (admins)."""

    model = Goal
    allowed_roles = PLAN_READERS
    template_name = "planning/goal_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        goal: Goal = self.object
        indicators = list(goal.indicators.all())
        may_assess = (
            self.has_role(*INTERVENTION_EDITORS)
            and selectors.assessable_goals(user=self.request.user, association=self.association, roles=self.roles)
            .filter(pk=goal.pk)
            .exists()
        )
        context.update(
            title=f"{goal.code} {goal.text[:80]}",
            interventions=list(goal.interventions.order_by("code")),
            indicator_years=selectors.indicator_years(goal, indicators, may_see=self.may_see()),
            assessments=[
                (a, STATUS_CLASSES[GoalStatus(a.status)])
                for a in goal.assessments.select_related("assessed_by").order_by("-year", "-until")
            ],
            may_assess=may_assess,
            manual=SourceKind.MANUAL,
        )
        return context


class PlanningFormView(PlanningMixin, TemplateView):
    """A form page whose `save` calls a planning service; a refusal comes back on the fields it names."""

    allowed_roles = ADMINS
    template_name = "planning/form.html"
    title: str | Promise = ""
    intro: str | Promise = ""
    success_message: str | Promise = ""

    def make_form(self, data: Any = None) -> BaseForm:
        """The form, bound to `data` on a POST."""
        raise NotImplementedError

    def save(self, form: BaseForm) -> Any:
        """Call the service with the form's cleaned data; return what the page goes on to."""
        raise NotImplementedError

    def success_url(self, saved: Any) -> str:
        return str(saved.get_absolute_url())

    def cancel_url(self) -> str:
        return self.plan.get_absolute_url() if self.object is not None else _url("list", self.association)

    def service_error(self, form: BaseForm, error: ValidationError) -> None:
        apply_validation_error(form, error)

    def fresh(self) -> Any:
        """The object again from the database: a ModelForm changes its instance, the service compares to it."""
        assert self.object is not None
        return type(self.object)._default_manager.get(pk=self.object.pk)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                saved = self.save(form)
            except ValidationError as error:
                self.service_error(form, error)
            else:
                messages.success(request, str(self.success_message or _("Sparat.")))
                return HttpResponseRedirect(self.success_url(saved))
        return self.show(form)

    def show(self, form: BaseForm) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(form=form, title=self.title, intro=self.intro, cancel_url=self.cancel_url())
        )


class PlanCreateView(PlanningFormView):
    """A new plan (admins)."""

    title = gettext_lazy("Ny verksamhetsplan")

    def make_form(self, data: Any = None) -> BaseForm:
        return PlanForm(data, association=self.association)

    def save(self, form: BaseForm) -> Any:
        return services.plan_create(acting_user=self.request.user, association=self.association, **form.cleaned_data)


class PlanUpdateView(PlanningFormView):
    """Change a plan's code, title, years, status and text (admins)."""

    model = Plan
    title = gettext_lazy("Ändra verksamhetsplan")

    def make_form(self, data: Any = None) -> BaseForm:
        return PlanForm(data, instance=self.fresh(), association=self.association)

    def save(self, form: BaseForm) -> Any:
        return services.plan_update(acting_user=self.request.user, plan=self.object, **form.cleaned_data)


class PlanAdoptForm(forms.Form):
    """The § of a held meeting that fastställde the plan."""

    item = forms.ModelChoiceField(label=gettext_lazy("Beslutsparagraf"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.label} {i.title} ({i.meeting.date:%Y-%m-%d})"


class PlanAdoptView(PlanningFormView):
    """Fastställ the plan by a § of a held board meeting (admins): status, date and decision from the §."""

    model = Plan
    title = gettext_lazy("Fastställ verksamhetsplan genom beslut")
    success_message = gettext_lazy("Planen är fastställd.")

    def make_form(self, data: Any = None) -> BaseForm:
        items = governance_selectors.decided_items(user=self.request.user, association=self.association)
        return PlanAdoptForm(data, items=items)

    def save(self, form: BaseForm) -> Any:
        return services.plan_adopt(acting_user=self.request.user, plan=self.fresh(), item=form.cleaned_data["item"])


class PlanCopyView(PlanningFormView):
    """ "Ny plan från denna": a new draft with its own code, title and years, and the goal areas, goals and
    indicators of this one (not its assessments or values)."""

    model = Plan
    title = gettext_lazy("Ny plan från denna")
    success_message = gettext_lazy("Den nya planen är skapad med målområden, mål och mått, utan bedömningar.")

    def make_form(self, data: Any = None) -> BaseForm:
        plan: Plan = self.object
        span = plan.to_year - plan.from_year + 1
        initial = {
            "code": "",
            "title": plan.title,
            "from_year": plan.to_year + 1,
            "to_year": plan.to_year + span,
        }
        return PlanCopyForm(data, initial=initial)

    def save(self, form: BaseForm) -> Any:
        return services.plan_copy(acting_user=self.request.user, plan=self.object, **form.cleaned_data)


class AreaCreateView(PlanningFormView):
    """Add a goal area to a plan (admins)."""

    model = Plan
    title = gettext_lazy("Nytt målområde")

    def make_form(self, data: Any = None) -> BaseForm:
        return AreaForm(data)

    def save(self, form: BaseForm) -> Any:
        services.area_create(acting_user=self.request.user, plan=self.object, **form.cleaned_data)
        return self.object


class AreaUpdateView(PlanningFormView):
    """Change a goal area (admins)."""

    model = GoalArea
    title = gettext_lazy("Ändra målområde")

    def make_form(self, data: Any = None) -> BaseForm:
        return AreaForm(data, instance=self.fresh())

    def save(self, form: BaseForm) -> Any:
        services.area_update(acting_user=self.request.user, area=self.object, **form.cleaned_data)
        return self.plan


class GoalCreateView(PlanningFormView):
    """Add a goal to a plan, under one of its goal areas, with the insatser it concerns (admins)."""

    model = Plan
    title = gettext_lazy("Nytt mål")

    def make_form(self, data: Any = None) -> BaseForm:
        return GoalForm(data, plan=self.object)

    def save(self, form: BaseForm) -> Any:
        data = dict(form.cleaned_data)
        interventions = list(data.pop("interventions"))
        return services.goal_create(
            acting_user=self.request.user, plan=self.object, interventions=interventions, **data
        )


class GoalUpdateView(PlanningFormView):
    """Change a goal: area, code, text, responsible, insatser (admins)."""

    model = Goal
    title = gettext_lazy("Ändra mål")

    def make_form(self, data: Any = None) -> BaseForm:
        return GoalForm(data, instance=self.fresh(), plan=self.plan)

    def save(self, form: BaseForm) -> Any:
        data = dict(form.cleaned_data)
        interventions = list(data.pop("interventions"))
        return services.goal_update(
            acting_user=self.request.user, goal=self.object, interventions=interventions, **data
        )


class IndicatorCreateView(PlanningFormView):
    """Add an indicator to a goal; its source's parameters are checked by the service (admins)."""

    model: type[Model] | None = Goal
    title = gettext_lazy("Nytt mått")
    intro = gettext_lazy(
        "Välj källa och fyll i dess parametrar; bara den valda källans parametrar sparas. Koderna hämtas ur "
        "kodlistorna. Ett mål i procent anges 0–100."
    )

    def make_form(self, data: Any = None) -> BaseForm:
        return IndicatorForm(data, codes=list(CodeListEntry.objects.filter(is_active=True)))

    def save(self, form: BaseForm) -> Any:
        assert isinstance(form, IndicatorForm)
        services.indicator_create(acting_user=self.request.user, goal=self.object, **form.fields_for_service())
        return self.object

    def service_error(self, form: BaseForm, error: ValidationError) -> None:
        assert isinstance(form, IndicatorForm)
        form.add_service_error(error)

    def cancel_url(self) -> str:
        return str(self.object.get_absolute_url())


class IndicatorUpdateView(IndicatorCreateView):
    """Change an indicator: target, unit, source and its parameters (admins)."""

    model = Indicator
    title = gettext_lazy("Ändra mått")

    def make_form(self, data: Any = None) -> BaseForm:
        codes = list(CodeListEntry.objects.filter(is_active=True))
        return IndicatorForm(data, instance=self.fresh(), codes=codes)

    def save(self, form: BaseForm) -> Any:
        assert isinstance(form, IndicatorForm)
        services.indicator_update(acting_user=self.request.user, indicator=self.object, **form.fields_for_service())
        return self.object.goal

    def cancel_url(self) -> str:
        return str(self.object.goal.get_absolute_url())


class IndicatorValuesView(PlanningFormView):
    """The values of a manual indicator, one per year of its plan (admins); an empty field clears the year."""

    model = Indicator
    title = gettext_lazy("Värden för måttet")
    intro = gettext_lazy("Ett värde per år i planen; ett tomt fält tar bort årets värde.")

    def check_after_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        if self.object.source_kind != SourceKind.MANUAL:
            raise Http404(_("Måttet beräknas ur data och tar inga värden för hand."))

    def make_form(self, data: Any = None) -> BaseForm:
        indicator: Indicator = self.object
        initial = {
            f"value_{year}": value
            for year, value in IndicatorValue.objects.filter(indicator=indicator).values_list("year", "value")
        }
        return IndicatorValuesForm(data, initial=initial, indicator=indicator, plan=self.plan)

    def save(self, form: BaseForm) -> Any:
        assert isinstance(form, IndicatorValuesForm)
        with transaction.atomic():  # every year or none
            for year, value in form.years():
                if form.has_changed() and f"value_{year}" in form.changed_data:
                    try:
                        services.indicator_value_set(
                            acting_user=self.request.user, indicator=self.object, year=year, value=value
                        )
                    except ValidationError as error:
                        raise ValidationError({f"value_{year}": error.messages}) from error
        return self.object.goal

    def cancel_url(self) -> str:
        return str(self.object.goal.get_absolute_url())


class AssessmentView(PlanningFormView):
    """Assess a goal for a year up to a date (default 31 December): admins, and an insatsansvarig for a goal
    linked to an insats they are assigned to (anyone else: 403)."""

    model = Goal
    allowed_roles = INTERVENTION_EDITORS
    title = gettext_lazy("Bedöm mål")
    success_message = gettext_lazy("Bedömningen är sparad.")

    def check_after_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        goals = selectors.assessable_goals(user=request.user, association=self.association, roles=self.roles)
        if not goals.filter(pk=self.object.pk).exists():
            raise PermissionDenied(_("Du kan bara bedöma mål för de insatser du ansvarar för."))

    def make_form(self, data: Any = None) -> BaseForm:
        goal: Goal = self.object
        plan = self.plan
        year, until = selectors.default_year(plan), None
        asked = PeriodForm(self.request.GET, plan=plan)  # the period the plan page showed, if any
        if asked.is_valid():
            year, until = asked.cleaned_data["year"], asked.cleaned_data["until"]
        until = until or dt.date(year, 12, 31)
        initial: dict[str, Any] = {"year": year, "until": until}
        existing = goal.assessments.filter(year=year, until=until).first()
        if existing is not None:  # changing the verdict on that period
            initial.update(status=existing.status, comment=existing.comment)
        return AssessmentForm(data, initial=initial, plan=plan)

    def save(self, form: BaseForm) -> Any:
        return services.assessment_set(acting_user=self.request.user, goal=self.object, **form.cleaned_data)

    def success_url(self, saved: Any) -> str:
        return str(self.object.get_absolute_url())

    def cancel_url(self) -> str:
        return str(self.object.get_absolute_url())


class DeleteView(PlanningMixin, TemplateView):
    """A confirmation page that says what goes with the object, then the delete service on POST."""

    allowed_roles = ADMINS
    template_name = "planning/confirm_delete.html"

    def consequences(self) -> list[str]:
        """What is deleted with the object, as sentences."""
        return []

    def delete(self) -> None:
        raise NotImplementedError

    def after(self) -> str:
        return self.plan.get_absolute_url()

    def back(self) -> str:
        return self.plan.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Ta bort %(name)s") % {"name": self.object._meta.verbose_name},
            consequences=self.consequences(),
            back=self.back(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        after = self.after()
        try:
            self.delete()
        except ValidationError as error:
            context = self.get_context_data(refused=error.messages)
            return self.render_to_response(context, status=400)
        messages.success(request, _("Borttaget."))
        return HttpResponseRedirect(after)


class PlanDeleteView(DeleteView):
    """Delete a plan with everything in it (admins), after a confirmation that counts it."""

    model = Plan

    def consequences(self) -> list[str]:
        counts = selectors.plan_contents(self.object)
        return [
            _("Målområden: %(n)s") % {"n": counts["areas"]},
            _("Mål: %(n)s") % {"n": counts["goals"]},
            _("Mått: %(n)s") % {"n": counts["indicators"]},
            _("Bedömningar: %(n)s") % {"n": counts["assessments"]},
            _("Värden angivna för hand: %(n)s") % {"n": counts["values"]},
        ]

    def delete(self) -> None:
        services.plan_delete(acting_user=self.request.user, plan=self.object)

    def after(self) -> str:
        return _url("list", self.association)


class AreaDeleteView(DeleteView):
    """Delete a goal area (admins); refused while it has goals."""

    model = GoalArea

    def consequences(self) -> list[str]:
        count = self.object.goals.count()
        return [_("Målområdet har %(n)s mål; flytta eller ta bort dem först.") % {"n": count}] if count else []

    def delete(self) -> None:
        services.area_delete(acting_user=self.request.user, area=self.object)


class GoalDeleteView(DeleteView):
    """Delete a goal with its indicators, values and assessments (admins)."""

    model = Goal

    def consequences(self) -> list[str]:
        goal: Goal = self.object
        return [
            _("Mått: %(n)s") % {"n": goal.indicators.count()},
            _("Bedömningar: %(n)s") % {"n": goal.assessments.count()},
        ]

    def delete(self) -> None:
        services.goal_delete(acting_user=self.request.user, goal=self.object)

    def back(self) -> str:
        return str(self.object.get_absolute_url())


class IndicatorDeleteView(DeleteView):
    """Delete an indicator and its values (admins)."""

    model = Indicator

    def consequences(self) -> list[str]:
        return [_("Värden angivna för hand: %(n)s") % {"n": self.object.values.count()}]

    def delete(self) -> None:
        services.indicator_delete(acting_user=self.request.user, indicator=self.object)

    def after(self) -> str:
        return str(self.object.goal.get_absolute_url())

    def back(self) -> str:
        return self.after()


class AssessmentDeleteView(DeleteView):
    """Remove a verdict: admins, and an insatsansvarig for a goal linked to an insats of theirs."""

    model = Assessment
    allowed_roles = INTERVENTION_EDITORS

    def check_after_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        goals = selectors.assessable_goals(user=request.user, association=self.association, roles=self.roles)
        if not goals.filter(pk=self.object.goal_id).exists():
            raise PermissionDenied(_("Du kan bara bedöma mål för de insatser du ansvarar för."))

    def delete(self) -> None:
        services.assessment_delete(acting_user=self.request.user, assessment=self.object)

    def after(self) -> str:
        return str(self.object.goal.get_absolute_url())

    def back(self) -> str:
        return self.after()


class MatrixIndexView(PlanningMixin, TemplateView):
    """Målmatris: the insatser the user may see, each linking to its goal matrix."""

    allowed_roles = PLAN_READERS
    template_name = "planning/matrix_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visible = interventions_for(user=self.request.user, association=self.association, roles=self.roles)
        context.update(title=_("Målmatris"), interventions=list(visible.order_by("code")))
        return context


class MatrixView(PlanningMixin, TemplateView):
    """The goal matrix of one insats for a year (RMGT): mål / mått / när det mäts / målvärde / värde / uppfyllt,
    for the goals linked to it in the plans that cover the year. Another förbund's insats: 404; an insats the
    user may not see (insats staff: not theirs): 404."""

    allowed_roles = PLAN_READERS
    template_name = "planning/matrix.html"
    intervention: Intervention

    def check_before_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        self.intervention = get_object_or_404(
            Intervention.objects.for_association(self.association), pk=kwargs["intervention"]
        )

    def check_after_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        visible = interventions_for(user=request.user, association=self.association, roles=self.roles)
        get_object_or_404(visible, pk=self.intervention.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = dt.date.today().year
        form = MatrixYearForm(self.request.GET or None, initial={"year": year})
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["year"]
        context.update(
            title=_("Målmatris för %(insats)s") % {"insats": f"{self.intervention.code} {self.intervention.name}"},
            intervention=self.intervention,
            year=year,
            year_form=form,
            rows=selectors.matrix(self.intervention, year=year, may_see=self.may_see()),
        )
        return context

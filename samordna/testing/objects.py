"""How the URL-walking access tests find an object of each model in a tenant.

A page whose URL takes `pk` names its `model`; add a provider here for every new model with pages.
The provider must return an object the cast's insats staff are assigned to, where that matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from samordna.activities.models import Attendance, Event
from samordna.core.choices import Role
from samordna.core.models import Membership, User
from samordna.documents.models import Document
from samordna.documents.testing import SAMPLE_SECTION, sample_document
from samordna.finance.models import BudgetAmount, BudgetLine
from samordna.governance.models import AgendaItem, Application, ItemDocument, Meeting
from samordna.governance.testing import sample_application, sample_item, sample_meeting
from samordna.governance.testing import sample_document as sample_item_document
from samordna.interventions.models import Intervention, InterventionAssignment
from samordna.organisations.models import BoardSeat, Member
from samordna.participants.models import Enrollment, FollowUp
from samordna.participants.testing import sample_enrollment, sample_follow_up
from samordna.planning.models import Assessment, Goal, GoalArea, Indicator, Plan
from samordna.planning.testing import sample_area, sample_assessment, sample_goal, sample_manual_indicator, sample_plan
from samordna.publications.models import Publication
from samordna.publications.services import release_publication
from samordna.publications.testing import sample_publication
from samordna.reporting.periods import FixedPeriod
from samordna.surveys.models import Question, Questionnaire, SurveyRound
from samordna.surveys.testing import sample_question, sample_questionnaire, sample_round


def sample_event(cast: Any, tenant: Any) -> Event:
    """An event of the tenant's structural insats, with attendance; the cast's insatsansvariga are assigned to
    that insats too, so they may edit the event."""
    for membership in Membership.objects.filter(association=tenant.association, role=Role.INTERVENTION_MANAGER):
        InterventionAssignment.objects.get_or_create(
            intervention=tenant.structural, membership=membership, defaults={"starts_on": dt.date(2020, 1, 1)}
        )
    event, created = Event.objects.get_or_create(
        association=tenant.association,
        code="U2025-1",
        defaults={
            "title": "Grundutbildning i lösningsfokus",
            "kind": "utbildning",
            "date": dt.date(2025, 3, 4),
            "days": 3,
            "intervention": tenant.structural,
        },
    )
    if created:
        Attendance.objects.create(event=event, member=tenant.kommun, role="medarbetare", count=12)
        Attendance.objects.create(event=event, member=None, role="annan", count=2)
    return event


OBJECT_PROVIDERS: dict[Any, Callable[[Any, Any], Any]] = {
    Member: lambda cast, tenant: tenant.kommun,
    BoardSeat: lambda cast, tenant: tenant.board_seat,
    Intervention: lambda cast, tenant: tenant.intervention,
    User: lambda cast, tenant: cast.user("registrar" if tenant is cast.a else "admin_b"),
    BudgetLine: lambda cast, tenant: BudgetLine.objects.get_or_create(
        association=tenant.association,
        code="1063",
        defaults={"name": "Samordningsteam", "category": "individinsatser", "intervention": tenant.intervention},
    )[0],
    BudgetAmount: lambda cast, tenant: BudgetAmount.objects.get_or_create(
        association=tenant.association,
        line=OBJECT_PROVIDERS[BudgetLine](cast, tenant),
        year=2025,
        version="budget",
        defaults={"amount": -1000},
    )[0],
    Enrollment: lambda cast, tenant: sample_enrollment(tenant),
    FollowUp: lambda cast, tenant: sample_follow_up(tenant),
    Publication: lambda cast, tenant: sample_publication(tenant),
    Plan: lambda cast, tenant: sample_plan(tenant),
    GoalArea: lambda cast, tenant: sample_area(tenant),
    Goal: lambda cast, tenant: sample_goal(tenant),
    Indicator: lambda cast, tenant: sample_manual_indicator(tenant),
    Assessment: lambda cast, tenant: sample_assessment(tenant),
    Event: sample_event,
    Meeting: lambda cast, tenant: sample_meeting(tenant),
    AgendaItem: lambda cast, tenant: sample_item(tenant),
    ItemDocument: lambda cast, tenant: sample_item_document(tenant),
    Application: lambda cast, tenant: sample_application(tenant),
    Document: lambda cast, tenant: sample_document(tenant),
    Questionnaire: lambda cast, tenant: sample_questionnaire(tenant),
    Question: lambda cast, tenant: sample_question(tenant),
    SurveyRound: lambda cast, tenant: _survey_round(cast, tenant),
}


def _survey_round(cast: Any, tenant: Any) -> SurveyRound:
    """A round on the tenant's structural insats, which the cast's insatsansvariga are assigned to."""
    sample_event(cast, tenant)
    return sample_round(tenant)


# URL keyword arguments other than `association` and `pk`: name → provider(cast, tenant) → value.
KWARG_PROVIDERS: dict[str, Callable[[Any, Any], Any]] = {
    "intervention": lambda cast, tenant: tenant.intervention.pk,
    "section": lambda cast, tenant: SAMPLE_SECTION,
}


def _this_years_publication(cast: Any, tenant: Any) -> None:
    period = FixedPeriod.whole_year(dt.date.today().year)
    release_publication(association=tenant.association, period=period, acting_user=None)


def _held_sample_meeting(cast: Any, tenant: Any) -> None:
    """The decisions register lists only §§ of held meetings: hold the sample meeting."""
    from samordna.governance import services as governance_services

    meeting = sample_meeting(tenant)
    if not meeting.frozen_numbers:
        governance_services.meeting_update(acting_user=None, meeting=meeting, status="genomfort")


# Routes whose normal answer needs data a new cast does not have: route name → provider(cast, tenant).
# The report API answers from the förbund's publications (a period without one is a 404 that says so).
ROUTE_DATA: dict[str, Callable[[Any, Any], None]] = {
    "report-participants-list": _this_years_publication,
    "decision-list": _held_sample_meeting,
    "decision-detail": _held_sample_meeting,
}


def url_for(route: Any, cast: Any, tenant: Any, slug: str | None = None) -> str:
    """The URL of a walked route (testing.urlwalk.Route) in `tenant`, with an object of its model for `pk`."""
    from samordna.testing.cast import any_object

    kwargs: dict[str, Any] = {"association": slug or tenant.association.slug}
    for name in route.kwargs:
        if name == "association":
            continue
        if name == "pk":
            assert route.model is not None, f"{route}: a view with <pk> must name its model"
            kwargs["pk"] = any_object(cast, route.model, tenant).pk
        elif name in KWARG_PROVIDERS:
            kwargs[name] = KWARG_PROVIDERS[name](cast, tenant)
        else:
            raise AssertionError(f"{route}: add a provider for URL argument {name!r} in testing/objects.py")
    return reverse(route.name, kwargs=kwargs)

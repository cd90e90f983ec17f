"""Query-count bounds on every main page and every list (the NetBox baseline way).

Each list is requested with a few rows, then with more rows of the same kind: the number of database queries
must not grow with the rows (no query per row) and must stay under a fixed ceiling. A new list page or API list
is found by the URL walk and must be given a way to grow here, or this test fails and says so.

Every page of a förbund (the main pages, whose URL names only the förbund: the navigation's pages, the lists,
the reports, the forms; and the pages of the cast's own objects, found as the access tests find them) is also
requested by every role that may see it with a few rows of everything, then with three times as many: no
page's query count may grow. New pages are covered without new tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samordna.activities import services as activity_services
from samordna.core import services as core_services
from samordna.core.choices import Role
from samordna.core.models import CodeListEntry, Job, Municipality
from samordna.documents.models import Document
from samordna.documents.testing import sample_snapshot
from samordna.finance import account_map_services
from samordna.finance import services as finance_services
from samordna.finance.models import Account, AccountBalance
from samordna.governance import application_services
from samordna.governance import services as governance_services
from samordna.governance.models import Meeting
from samordna.governance.testing import sample_meeting
from samordna.interventions import services as intervention_services
from samordna.organisations import services as org_services
from samordna.participants import services as participant_services
from samordna.planning import services as plan_services
from samordna.planning.testing import sample_area, sample_goal, sample_plan
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod
from samordna.surveys import services as survey_services
from samordna.testing.cast import Cast
from samordna.testing.objects import KWARG_PROVIDERS, OBJECT_PROVIDERS
from samordna.testing.urlwalk import tenant_routes

# A page's fixed cost; the goal page of an insatsansvarig is the dearest (its indicators measured for this year
# and for each year of the chart, each kind a query or two: the counted participants and the survey answers
# each add one grouped query).
CEILING = 42
_serial = count(1)


def _members(cast: Cast, n: int) -> None:
    association = cast.a.association
    free = list(Municipality.objects.exclude(code__in=["1980", "0580"]).order_by("code"))
    for _ in range(n):
        i = next(_serial)
        municipality = free[i % len(free)]  # the serial runs on across tests; a test adds far fewer than 288
        member = org_services.member_create(
            acting_user=None,
            association=association,
            code=municipality.code,
            name=f"{municipality.name} kommun",
            kind="kommun",
            municipality=municipality,
        )
        org_services.population_set(acting_user=None, member=member, year=2024, population=1000 + i)


def _board(cast: Cast, n: int) -> None:
    for _ in range(n):
        i = next(_serial)
        org_services.board_seat_create(
            acting_user=None,
            association=cast.a.association,
            person_name=f"Ledamot {i}",
            seat_type="ersattare",
            appointed_by=cast.a.kommun,
            term_start=dt.date(2023, 1, 1),
        )


def _interventions(cast: Cast, n: int) -> None:
    for _ in range(n):
        i = next(_serial)
        intervention_services.intervention_create(
            acting_user=None,
            association=cast.a.association,
            code=f"9{i:03d}",
            name=f"Insats {i}",
            orientation="individinriktad",
            category="individinsatser",
            start=dt.date(2024, 1, 1),
            run_by=[cast.a.kommun, cast.a.region],
        )


def _users(cast: Cast, n: int) -> None:
    for _ in range(n):
        i = next(_serial)
        user = core_services.user_create(acting_user=None, username=f"qc-{i}", password=None)
        core_services.membership_add(acting_user=None, association=cast.a.association, user=user, role=Role.VIEWER)


def _enrollments(cast: Cast, n: int, *, ended: bool = False) -> None:
    support = list(CodeListEntry.objects.filter(list="support", code__in=["forsorjningsstod", "sjukpenning"]))
    reason = CodeListEntry.objects.get(list="end_reason", code="1")
    for _ in range(n):
        enrollment = participant_services.register_in(
            acting_user=None,
            intervention=cast.a.intervention,
            code="",
            gender="kvinna",
            birth_year=1990,
            municipality=Municipality.objects.get(code="1980"),
            start_date=dt.date(2024, 1, 10),
            support_before=support,
        )
        if ended:
            participant_services.register_out(
                acting_user=None, enrollment=enrollment, end_date=dt.date(2024, 6, 30), end_reason=reason
            )


def _budget(cast: Cast, n: int) -> None:
    for _ in range(n):
        i = next(_serial)
        line = finance_services.budget_line_create(
            acting_user=None, association=cast.a.association, code=f"L{i}", name=f"Rad {i}", category="administration"
        )
        for year in (2025, 2026):
            finance_services.budget_amount_set(
                acting_user=None, line=line, year=year, version="budget", amount=Decimal(-1000 * i)
            )


def _ledger(cast: Cast, n: int) -> None:
    """Account ranges, and balances of last year and the year before (the annual accounts page's default year)
    on `n` more income accounts, each with its name."""
    association = cast.a.association
    year = timezone.localdate().year - 1
    account_map_services.account_map_customise(acting_user=None, association=association)
    for _ in range(n):
        i = next(_serial)
        account = f"35{i:04d}"
        Account.objects.create(association=association, number=account, name=f"Medlemsbidrag {i}")
        for y in (year, year - 1):
            AccountBalance.objects.create(
                association=association, ledger_year=year, year=y, account=account, kind="res", amount=-100
            )
            bank, _created = AccountBalance.objects.get_or_create(
                association=association, ledger_year=year, year=y, account="1930", kind="ub", defaults={"amount": 0}
            )
            bank.amount += 100
            bank.save()
        account_map_services.account_range_save(
            acting_user=None, association=association, first=f"9{i:04d}", last=f"9{i:04d}", line="ovriga_intakter"
        )


def _ended(cast: Cast, n: int) -> None:
    _enrollments(cast, n, ended=True)


def _publications(cast: Cast, n: int) -> None:
    for _ in range(n):
        i = next(_serial)
        period = FixedPeriod.year_to_date(2024, i % 11 + 1)
        release_publication(association=cast.a.association, period=period, acting_user=None)


def _plans(cast: Cast, n: int) -> None:
    for _ in range(n):
        i = next(_serial)
        plan_services.plan_create(
            acting_user=None,
            association=cast.a.association,
            code=f"vp-{i}",
            title=f"Plan {i}",
            from_year=2024,
            to_year=2026,
        )


#: An indicator of each source kind, as the plan, goal and matrix pages read them.
INDICATOR_KINDS: list[tuple[str, dict[str, Any]]] = [
    ("manual", {}),
    ("ended_share", {"end_reasons": ["1"]}),
    ("followup_share", {"months": 3, "occupation": ["arbete"]}),
    ("support_reduced", {"months": 3}),
    ("participants", {"of_target": True}),
    ("event_attendance", {}),
    ("survey_share", {"survey": "s1", "question": "q1", "at_least": 4}),
]


def _goals(cast: Cast, n: int) -> None:
    """`n` more goals in the sample plan (its page and the insats's goal matrix list them), each linked to the
    cast's insats with an indicator of each kind and an assessment; and `n` more indicators of the sample goal."""
    plan, area, goal = sample_plan(cast.a), sample_area(cast.a), sample_goal(cast.a)
    year = timezone.localdate().year
    for kind, params in INDICATOR_KINDS:  # every kind from the first rows on: the rows grow, not the kinds
        if not goal.indicators.filter(code=f"k-{kind}").exists():
            plan_services.indicator_create(
                acting_user=None, goal=goal, code=f"k-{kind}", name=kind, target=50, source_kind=kind, params=params
            )
    for _ in range(n):
        i = next(_serial)
        new = plan_services.goal_create(
            acting_user=None, plan=plan, area=area, code=f"9:{i}", text=f"Mål {i}", interventions=[cast.a.intervention]
        )
        for kind, params in INDICATOR_KINDS:
            plan_services.indicator_create(
                acting_user=None, goal=new, code=kind, name=f"Mått {kind}", target=50, source_kind=kind, params=params
            )
        plan_services.assessment_set(acting_user=None, goal=new, year=year, status="delvis", comment=f"Kommentar {i}")
        kind, params = INDICATOR_KINDS[i % len(INDICATOR_KINDS)]
        plan_services.indicator_create(
            acting_user=None, goal=goal, code=f"m{i}", name=f"Mått {i}", target=50, source_kind=kind, params=params
        )


def _events(cast: Cast, n: int) -> None:
    """`n` events of this year on the structural insats, each with attendance of every member and others."""
    members = [cast.a.kommun, cast.a.region, cast.a.fk]
    for _ in range(n):
        i = next(_serial)
        event = activity_services.event_create(
            acting_user=None,
            association=cast.a.association,
            code=f"E{i}",
            title=f"Aktivitet {i}",
            kind="utbildning",
            date=dt.date(timezone.localdate().year, 1 + i % 12, 1),
            days=Decimal(1),
            intervention=cast.a.structural,
        )
        grid: dict[tuple[int | None, str], int] = {(m.pk, "medarbetare"): i for m in members}
        grid[(None, "annan")] = 1
        activity_services.attendance_replace(acting_user=None, event=event, grid=grid)


def _meetings(cast: Cast, n: int) -> None:
    """`n` planned meetings after today (so the start page always has upcoming meetings to show), each with two
    §§, in date order after the test's last upcoming meeting."""
    for _ in range(n):
        next(_serial)
        after = dt.date.today() + dt.timedelta(days=6)
        last = Meeting.objects.filter(association=cast.a.association, date__gt=after).order_by("-date").first()
        meeting = governance_services.meeting_create(
            acting_user=None, association=cast.a.association, date=(last.date if last else after) + dt.timedelta(days=1)
        )
        for title in ("Dagordning", "Budget"):
            governance_services.item_add(acting_user=None, meeting=meeting, title=title, decision=["Att besluta"])


def _applications(cast: Cast, n: int) -> None:
    """`n` applications of two members over two years."""
    for _ in range(n):
        i = next(_serial)
        application_services.application_create(
            acting_user=None,
            association=cast.a.association,
            applicants=[cast.a.kommun, cast.a.region],
            amounts={2025: 1000 * i, 2026: 500 * i},
            name=f"Ansökan {i}",
            received_on=dt.date(2024, 1, 1) + dt.timedelta(days=i % 300),
            orientation="individinriktad",
            start_year=2025,
            end_year=2026,
        )


def _decisions(cast: Cast, n: int) -> None:
    """`n` held meetings with two decisions each, one of them refusing an application."""
    for _ in range(n):
        i = next(_serial)
        # The day after the test's last meeting of 2022: held meetings of a year number their §§ in date order.
        last = Meeting.objects.filter(association=cast.a.association, date__year=2022).order_by("-date").first()
        meeting = governance_services.meeting_create(
            acting_user=None,
            association=cast.a.association,
            date=last.date + dt.timedelta(days=1) if last else dt.date(2022, 1, 1),
        )
        item = governance_services.item_add(acting_user=None, meeting=meeting, title="Ansökan", decision=["Att avslå"])
        governance_services.item_add(acting_user=None, meeting=meeting, title="Övrigt", decision=["Att notera"])
        governance_services.meeting_update(acting_user=None, meeting=meeting, status="genomfort")
        application = application_services.application_create(
            acting_user=None,
            association=cast.a.association,
            applicants=[cast.a.kommun],
            amounts={2023: 1000},
            name=f"Avslagen {i}",
            received_on=dt.date(2022, 1, 1),
            orientation="individinriktad",
            start_year=2023,
            end_year=2023,
        )
        application_services.application_prepare(acting_user=None, application=application, opinion="Nej.")
        application_services.application_decide(acting_user=None, application=application, outcome="avslag", item=item)


def _documents(cast: Cast, n: int) -> None:
    """`n` frozen documents (årsredovisningar of later years) and a draft delårsrapport with texts."""
    for _ in range(n):
        i = next(_serial)
        Document.objects.create(
            association=cast.a.association,
            kind="arsredovisning",
            year=2030 + i % 70,
            until=dt.date(2030 + i % 70, 12, 31),
            title=f"Årsredovisning {i}",
            status="faststalld",
            adopted_on=dt.date(2025, 3, 20),
            snapshot=sample_snapshot(cast.a.association),
        )


def _everything(cast: Cast, n: int) -> None:
    """`n` more rows of each kind the main pages show, with what makes the reports draw them (a total for the
    member contributions of this year, every kommun's population of the year it is split by)."""
    _members(cast, n)
    _board(cast, n)
    _interventions(cast, n)
    _users(cast, n)
    _enrollments(cast, n)
    _ended(cast, n)
    _budget(cast, n)
    _meetings(cast, n)
    _applications(cast, n)
    _decisions(cast, n)
    _plans(cast, n)
    _events(cast, n)
    _ledger(cast, n)
    _documents(cast, n)
    finance_services.allocation_year_set(
        acting_user=None,
        association=cast.a.association,
        year=timezone.localdate().year,
        total=Decimal(1_000_000),
        population_year=2024,
    )


# route name → (the cast user who reads it, how to add rows it lists)
def _jobs(cast: Cast, n: int) -> None:
    """`n` finished jobs of the viewer (the job list shows the user's own)."""
    for _ in range(n):
        Job.objects.create(
            association=cast.a.association,
            user=cast.user("viewer"),
            kind="documents.file",
            label=f"Fil {next(_serial)}",
            status=Job.Status.DONE,
            filename="fil.pdf",
        )


def _surveys(cast: Cast, n: int) -> None:
    """`n` questionnaires with a question each and a round each on the structural insats, with an answer."""
    for _ in range(n):
        i = next(_serial)
        questionnaire = survey_services.questionnaire_create(
            acting_user=None, association=cast.a.association, code=f"q{i}", name=f"Enkät {i}", respondent_group="annan"
        )
        question = survey_services.question_add(
            acting_user=None, questionnaire=questionnaire, code="ja", kind="yes_no", text="Bra?"
        )
        survey_round = survey_services.round_create(
            acting_user=None,
            association=cast.a.association,
            code=f"r{i}",
            questionnaire=questionnaire,
            intervention=cast.a.structural,
            starts_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2035, 12, 31),
        )
        survey_services.response_submit(survey_round=survey_round, answers={question.pk: 1}, channel="link")


LISTS: dict[str, tuple[str, Callable[[Cast, int], None]]] = {
    "core:audit-list": ("admin", _members),
    "accounts:user-list": ("admin", _users),
    "organisations:member-list": ("admin", _members),
    "organisations:board-list": ("admin", _board),
    "interventions:list": ("admin", _interventions),
    "participants:list": ("registrar", _enrollments),
    "participants:due": ("registrar", _ended),
    "publications:list": ("viewer", _publications),
    "finance:grid": ("admin", _budget),
    "finance:plan": ("admin", _budget),
    "finance:account-map": ("admin", _ledger),
    "finance:annual-accounts": ("viewer", _ledger),
    "planning:list": ("viewer", _plans),
    "planning:plan": ("intervention_manager", _goals),
    "activities:list": ("admin", _events),
    "member-list": ("admin", _members),
    "board-seat-list": ("admin", _board),
    "intervention-list": ("admin", _interventions),
    "enrollment-list": ("registrar", _enrollments),
    "follow-up-list": ("registrar", _ended),
    "budget-line-list": ("admin", _budget),
    "budget-amount-list": ("admin", _budget),
    "plan-list": ("admin", _goals),
    "goal-list": ("admin", _goals),
    "indicator-list": ("viewer", _goals),
    "assessment-list": ("admin", _goals),
    "event-list": ("admin", _events),
    "governance:list": ("viewer", _meetings),
    "applications:list": ("viewer", _applications),
    "decisions:list": ("viewer", _decisions),
    "application-list": ("viewer", _applications),
    "decision-list": ("viewer", _decisions),
    "meeting-list": ("viewer", _meetings),
    "agenda-item-list": ("admin", _meetings),
    "documents:list": ("viewer", _documents),
    "core:job-list": ("viewer", _jobs),
    "surveys:list": ("viewer", _surveys),
    "surveys:rounds": ("viewer", _surveys),
    "questionnaire-list": ("viewer", _surveys),
    "survey-round-list": ("admin", _surveys),
}


def _is_list(name: str) -> bool:
    return name.endswith(("-list", ":list", ":due", ":grid", ":plan"))


def test_every_list_route_has_a_bound() -> None:
    lists = {
        route.name for route in tenant_routes() if _is_list(route.name) and route.name != "report-participants-list"
    }
    missing = sorted(lists - set(LISTS))
    assert missing == [], f"add these list routes to LISTS in {__name__} so their query counts are bounded: {missing}"


def _queries(client: Client, url: str, api: bool) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, HTTP_ACCEPT="application/json" if api else "text/html")
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_queries_do_not_grow_with_rows(name: str, cast: Cast, client_for: Callable[[str], Client]) -> None:
    user, grow = LISTS[name]
    kwargs: dict[str, Any] = {"association": cast.a.association.slug}
    if name.startswith("participants:list"):
        kwargs["intervention"] = cast.a.intervention.pk
    if name == "planning:plan":  # the plan page lists its goals
        kwargs["pk"] = sample_plan(cast.a).pk
    url = reverse(name, kwargs=kwargs)
    api = ":" not in name
    client = client_for(user)
    grow(cast, 3)
    _queries(client, url, api)  # the first request warms the session and per-process caches
    few = _queries(client, url, api)
    grow(cast, 6)
    many = _queries(client, url, api)
    assert many <= few, f"{name}: {few} queries with a few rows, {many} with more (a query per row?)"
    assert few <= CEILING, f"{name}: {few} queries (ceiling {CEILING})"


def _children(cast: Cast, n: int) -> None:
    """`n` more rows under the cast's own objects, which their pages list: populations of the kommun, staffing
    and volume targets of the insats (its enrollments and follow-ups come with `_everything`)."""
    intervention, members = cast.a.intervention, [cast.a.kommun, cast.a.region, cast.a.fk]
    for _ in range(n):
        i = next(_serial)
        year = 2030 + i % 70  # years after the ones the cast and the reports use
        org_services.population_set(acting_user=None, member=cast.a.kommun, year=year, population=1000 + i)
        intervention_services.volume_target_set(
            acting_user=None, intervention=intervention, year=year, unit="deltagare", value=i
        )
    rows = [
        {"member": members[i % 3], "role": f"Roll {i}", "fte": "0.5"} for i in range(intervention.staffing.count() + n)
    ]
    intervention_services.staffing_replace(acting_user=None, intervention=intervention, rows=rows)
    meeting = sample_meeting(cast.a)
    for _ in range(n):
        governance_services.item_add(acting_user=None, meeting=meeting, title=f"Punkt {next(_serial)}")
    _goals(cast, n)


def _page_urls(cast: Cast) -> list[tuple[str, Any, str]]:
    """(route name, route, url) of every page of the förbund: the main pages, and the pages of the cast's own
    objects (found as the access tests find them)."""
    pages = []
    for route in tenant_routes():
        if route.is_api or route.method != "get":
            continue
        kwargs: dict[str, Any] = {"association": cast.a.association.slug}
        for name in route.kwargs:
            if name == "pk" and route.model in OBJECT_PROVIDERS:
                kwargs["pk"] = OBJECT_PROVIDERS[route.model](cast, cast.a).pk
            elif name in KWARG_PROVIDERS:
                kwargs[name] = KWARG_PROVIDERS[name](cast, cast.a)
        if set(kwargs) == set(route.kwargs):
            pages.append((route.name, route, reverse(route.name, kwargs=kwargs)))
    return pages


def test_no_page_makes_a_query_per_row(cast: Cast, client_for: Callable[[str], Client]) -> None:
    pages = _page_urls(cast)
    names = {name for name, _route, _url in pages}
    assert {"interventions:list", "organisations:member-list", "finance:allocation"} <= names
    assert {"interventions:detail", "organisations:member-detail", "participants:list"} <= names
    assert {"planning:plan", "planning:goal", "planning:matrix"} <= names
    readers = [
        (name, role, url)
        for name, route, url in pages
        for role in (Role.ADMIN, Role.VIEWER, Role.INTERVENTION_MANAGER, Role.REGISTRAR)
        if route.allows(frozenset({role}))
    ]
    clients = {role: client_for(role) for role in {role for _name, role, _url in readers}}

    def grow(n: int) -> None:
        _everything(cast, n)
        _children(cast, n)

    grow(2)
    for _name, role, url in readers:
        _queries(clients[role], url, api=False)  # warm the session and per-process caches
    few = {(name, role): _queries(clients[role], url, api=False) for name, role, url in readers}
    grow(4)
    many = {(name, role): _queries(clients[role], url, api=False) for name, role, url in readers}
    grown = {key: (few[key], many[key]) for key in few if many[key] > few[key]}
    assert grown == {}, f"queries with 2 rows of each kind → with 6 (a query per row?): {grown}"
    over = {key: count for key, count in many.items() if count > CEILING}
    assert over == {}, f"over the ceiling of {CEILING} queries: {over}"

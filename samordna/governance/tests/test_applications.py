"""Funding applications: the status flow, a grant becomes the insats and its budget (the money decided is the
money budgeted), refusals of bad input and illegal transitions (nothing saved), pages, API and start page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from samordna.core.models import AuditEntry
from samordna.finance import services as finance_services
from samordna.finance.models import BudgetAmount, BudgetLine
from samordna.governance import application_services as services
from samordna.governance import services as meeting_services
from samordna.governance.models import AgendaItem, Application, ApplicationAmount, Meeting, MeetingStatus
from samordna.governance.testing import sample_application, sample_held_item, sample_item
from samordna.interventions.models import Intervention
from samordna.testing.cast import Cast

Clients = Callable[[str], Client]


def _fields(cast: Cast, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "applicants": [cast.a.kommun, cast.a.region],
        "amounts": {2025: 500_000, 2026: 300_000},
        "name": "Ny insats för unga",
        "received_on": dt.date(2024, 9, 1),
        "orientation": "individinriktad",
        "start_year": 2025,
        "end_year": 2026,
    }
    fields.update(overrides)
    return fields


def _prepared(cast: Cast, **overrides: Any) -> Application:
    application = services.application_create(
        acting_user=None, association=cast.a.association, **_fields(cast, **overrides)
    )
    return services.application_prepare(acting_user=None, application=application, opinion="Stöds av beredningen.")


def _budget(line: BudgetLine) -> dict[tuple[int, str], Decimal]:
    return {(a.year, a.version): a.amount for a in BudgetAmount.objects.filter(line=line)}


def test_grant_creates_the_insats_and_budgets_the_money_decided(cast: Cast) -> None:
    application = _prepared(cast)
    item = sample_held_item(cast.a)
    admin = cast.user("admin")
    decided = services.application_decide(
        acting_user=admin, application=application, outcome="beviljad", item=item, code="3001"
    )
    assert decided.status == "beviljad" and decided.decided_by == item
    insats = Intervention.objects.get(association=cast.a.association, code="3001")
    assert decided.intervention == insats
    assert insats.start == dt.date(2025, 1, 1) and insats.end == dt.date(2026, 12, 31)
    assert set(insats.run_by.all()) == {cast.a.kommun, cast.a.region}
    line = BudgetLine.objects.get(association=cast.a.association, intervention=insats)
    assert line.category == "individinsatser"
    assert _budget(line) == {(2025, "budget"): Decimal(-500_000), (2026, "budget"): Decimal(-300_000)}
    assert [a.granted for a in decided.amounts.all()] == [500_000, 300_000]
    # Every write audited, by the admin: the application, the insats, the line and its amounts.
    kinds = set(AuditEntry.objects.filter(actor=admin).values_list("object_type", flat=True))
    assert len(kinds) >= 4, kinds


def test_partial_grant_extends_an_insats_and_adds_to_its_line(cast: Cast) -> None:
    insats = cast.a.structural
    Intervention.objects.filter(pk=insats.pk).update(end=dt.date(2025, 6, 30))
    insats.refresh_from_db()
    line = finance_services.budget_line_create(
        acting_user=None, association=cast.a.association, code="2001", name="Utbildningsdagar", category="struktur",
        intervention=insats,
    )  # fmt: skip
    finance_services.budget_amount_set(acting_user=None, line=line, year=2025, version="budget", amount=Decimal(-100))
    application = _prepared(cast, orientation="strukturovergripande")
    services.application_decide(
        acting_user=None, application=application, outcome="delvis", item=sample_held_item(cast.a),
        granted={"2025": 200_000, "2026": 0}, intervention=insats,
    )  # fmt: skip
    insats.refresh_from_db()
    assert insats.end == dt.date(2026, 12, 31)
    assert _budget(line) == {(2025, "budget"): Decimal(-200_100)}
    application.refresh_from_db()
    assert application.status == "delvis" and application.intervention == insats
    assert {a.year: a.granted for a in application.amounts.all()} == {2025: 200_000, 2026: 0}


def test_refusal_and_tabling_budget_nothing(cast: Cast) -> None:
    application = _prepared(cast)
    item = sample_held_item(cast.a)
    services.application_decide(acting_user=None, application=application, outcome="bordlagd", item=item)
    application.refresh_from_db()
    assert application.status == "bordlagd" and application.awaiting_decision
    services.application_decide(acting_user=None, application=application, outcome="avslag", item=item)
    application.refresh_from_db()
    assert application.status == "avslag" and application.intervention is None
    assert not BudgetLine.objects.filter(association=cast.a.association, name="Ny insats för unga").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amounts": {2025: -1}}, "negativt"),
        ({"amounts": {2025: Decimal("10.5")}}, "hela kronor"),
        ({"amounts": {2025: 10.5}}, "hela kronor"),
        ({"amounts": {2025: "12,5"}}, "hela kronor"),
        ({"amounts": {2025: "tio"}}, "hela kronor"),
        ({"amounts": {2025: True}}, "hela kronor"),
        ({"amounts": {2030: 10}}, "utanför perioden"),
        ({"amounts": {}}, "minst ett år"),
        ({"start_year": 2026, "end_year": 2025, "amounts": {2026: 1}}, "före startåret"),
        ({"applicants": []}, "minst en sökande"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_saved(cast: Cast, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.application_create(acting_user=None, association=cast.a.association, **_fields(cast, **overrides))
    assert message in " ".join(error.value.messages)
    assert not Application.objects.exists() and not ApplicationAmount.objects.exists()


def test_a_member_of_another_forbund_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="inte medlem i förbundet"):
        services.application_create(
            acting_user=None, association=cast.a.association, **_fields(cast, applicants=[cast.b.kommun])
        )
    assert not Application.objects.exists()


def test_illegal_transitions_are_refused(cast: Cast) -> None:
    received = services.application_create(acting_user=None, association=cast.a.association, **_fields(cast))
    held = sample_held_item(cast.a)
    with pytest.raises(ValidationError, match="Bara en ansökan under beredning"):
        services.application_decide(acting_user=None, application=received, outcome="avslag", item=held)
    application = services.application_prepare(acting_user=None, application=received, opinion="Ja.")
    with pytest.raises(ValidationError, match="inte har hållits"):
        services.application_decide(
            acting_user=None, application=application, outcome="beviljad", item=sample_item(cast.a), code="3002"
        )
    with pytest.raises(ValidationError, match="Ange en kod"):
        services.application_decide(acting_user=None, application=application, outcome="beviljad", item=held)
    with pytest.raises(ValidationError, match="större än det sökta"):
        services.application_decide(
            acting_user=None, application=application, outcome="delvis", item=held, granted={2025: 600_000},
            code="3002",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="finns redan en insats"):
        services.application_decide(
            acting_user=None, application=application, outcome="beviljad", item=held, code="1063"
        )
    application.refresh_from_db()
    assert application.status == "beredning" and application.decided_by is None
    assert not Intervention.objects.filter(code="3002").exists()
    services.application_decide(acting_user=None, application=application, outcome="avslag", item=held)
    for call in (
        lambda: services.application_decide(acting_user=None, application=application, outcome="beviljad", item=held),
        lambda: services.application_prepare(acting_user=None, application=application, opinion="Nytt"),
        lambda: services.application_update(acting_user=None, application=application, name="Annat"),
    ):
        with pytest.raises(ValidationError):
            call()


def test_item_of_another_forbund_is_refused(cast: Cast) -> None:
    application = _prepared(cast)
    with pytest.raises(ValidationError, match="tillhör inte förbundet"):
        services.application_decide(
            acting_user=None, application=application, outcome="avslag", item=sample_held_item(cast.b)
        )


# Pages


def _url(name: str, cast: Cast, **kwargs: Any) -> str:
    return reverse(f"applications:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def _form(cast: Cast, **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Rehabkoordinatorer",
        "applicants": [str(cast.a.kommun.pk), str(cast.a.region.pk)],
        "contact_name": "Riitta Högberg",
        "received_on": "2024-09-26",
        "orientation": "strukturovergripande",
        "start_year": "2025",
        "end_year": "2025",
        "amounts": "2025: 500 000",
    }
    data.update(overrides)
    return data


def test_admin_registers_prepares_and_decides_with_a_confirmation(cast: Cast, client_for: Clients) -> None:
    client = client_for("admin")
    response = client.post(_url("create", cast), _form(cast))
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    assert {a.year: a.requested for a in application.amounts.all()} == {2025: 500_000}
    client.post(_url("prepare", cast, pk=application.pk), {"opinion": "Utvecklingsrådet stödjer ansökan."})
    application.refresh_from_db()
    assert application.status == "beredning"
    item = sample_held_item(cast.a)
    decision = {"outcome": "delvis", "item": str(item.pk), "granted": "2025: 400000", "code": "3010"}
    response = client.post(_url("decide", cast, pk=application.pk), decision)
    assert response.status_code == 200 and "Bekräfta" in response.content.decode()
    assert "Beslut: Delvis beviljad" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "beredning" and not Intervention.objects.filter(code="3010").exists()
    response = client.post(_url("decide", cast, pk=application.pk), {**decision, "confirm": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "delvis" and application.intervention.code == "3010"
    line = BudgetLine.objects.get(association=cast.a.association, code="3010")
    assert _budget(line) == {(2025, "budget"): Decimal(-400_000)}
    body = client.get(_url("detail", cast, pk=application.pk)).content.decode()
    assert item.label in body and "400000" in body
    listing = client_for("viewer").get(_url("list", cast) + "?status=delvis&year=2025").content.decode()
    assert "Rehabkoordinatorer" in listing
    assert "Rehabkoordinatorer" not in client.get(_url("list", cast) + "?status=avslag").content.decode()
    assert "Rehabkoordinatorer" not in client.get(_url("list", cast) + "?year=2027").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amounts": "2025: -5"}, "negativt"),
        ({"amounts": "2025: 12,5"}, "hela kronor"),
        ({"amounts": "2025 12.5"}, "hela kronor"),
        ({"amounts": "2025"}, "skriv år och belopp"),
        ({"amounts": "2026: 100"}, "utanför perioden"),
        ({"start_year": "2026", "amounts": "2026: 1"}, "före startåret"),
        ({"applicants": ["999999"]}, "Välj en nuvarande medlem"),
        ({"name": "Ansökan\x00"}, "Null-tecken"),
    ],
)
def test_form_refuses_bad_input(cast: Cast, client_for: Clients, overrides: dict[str, Any], message: str) -> None:
    response = client_for("admin").post(_url("create", cast), _form(cast, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode(), response.content.decode()[:4000]
    assert not Application.objects.exists()


def test_decision_page_refuses_a_planned_meeting_in_the_page(cast: Cast, client_for: Clients) -> None:
    application = sample_application(cast.a)
    item = sample_item(cast.a)
    response = client_for("admin").post(
        _url("decide", cast, pk=application.pk), {"outcome": "avslag", "item": str(item.pk), "confirm": "1"}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "beredning"


def test_roles_and_other_forbund(cast: Cast, client_for: Clients) -> None:
    application = sample_application(cast.a)
    assert client_for("viewer").get(_url("detail", cast, pk=application.pk)).status_code == 200
    assert client_for("viewer").get(_url("edit", cast, pk=application.pk)).status_code == 403
    assert client_for("intervention_manager").get(_url("list", cast)).status_code == 403
    assert client_for("registrar").get(_url("detail", cast, pk=application.pk)).status_code == 403
    assert client_for("admin_viewer").get(_url("decide", cast, pk=application.pk)).status_code == 200
    other = sample_application(cast.b)
    assert client_for("admin").get(_url("detail", cast, pk=other.pk)).status_code == 404


# API


def _api(cast: Cast, *parts: str) -> str:
    return "/api/v1/associations/" + cast.a.association.slug + "/" + "/".join(parts) + "/"


def test_api_creates_prepares_and_decides(cast: Cast, client_for: Clients) -> None:
    client = client_for("admin")
    payload = {"name": "RMGT", "applicants": ["region", cast.a.kommun.code], "orientation": "strukturovergripande",
               "start_year": 2025, "end_year": 2026, "amounts": {"2025": 1_254_000, "2026": 1_292_000}}  # fmt: skip
    response = client.post(_api(cast, "applications"), payload, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["amounts"] == {"2025": 1_254_000, "2026": 1_292_000}
    response = client.post(_api(cast, "applications", str(pk), "decide"), {"outcome": "avslag",
                           "item": sample_held_item(cast.a).pk}, content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "under beredning" in response.content.decode()
    client.post(_api(cast, "applications", str(pk), "prepare"), {"opinion": "Ja"}, content_type="application/json")
    response = client.post(
        _api(cast, "applications", str(pk), "decide"),
        {"outcome": "beviljad", "item": sample_held_item(cast.a).pk, "code": "3020"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "beviljad" and data["intervention"] == "3020"
    assert data["granted"] == {"2025": 1_254_000, "2026": 1_292_000}
    assert data["decision"]["label"] == sample_held_item(cast.a).label
    viewer = client_for("viewer")
    assert viewer.get(_api(cast, "applications")).status_code == 200
    assert viewer.post(_api(cast, "applications"), payload, content_type="application/json").status_code == 403


@pytest.mark.parametrize(
    "amounts", [{"2025": -1}, {"2025": 1.5}, {"2025": "1,5"}, {"2024": 10}, {"x": 1}, {}, {"2025": None}]
)
def test_api_refuses_bad_amounts(cast: Cast, client_for: Clients, amounts: dict[str, Any]) -> None:
    payload = {"name": "X", "applicants": ["region"], "orientation": "individinriktad", "start_year": 2025,
               "end_year": 2025, "amounts": amounts}  # fmt: skip
    response = client_for("admin").post(_api(cast, "applications"), payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert not Application.objects.exists()


def test_api_refuses_end_before_start_and_an_unknown_member(cast: Cast, client_for: Clients) -> None:
    client = client_for("admin")
    base = {"name": "X", "applicants": ["region"], "orientation": "individinriktad", "start_year": 2025,
            "end_year": 2025, "amounts": {"2025": 1}}  # fmt: skip
    for change in ({"end_year": 2024}, {"applicants": ["nobody"]}, {"applicants": [cast.b.kommun.code + "x"]}):
        response = client.post(_api(cast, "applications"), {**base, **change}, content_type="application/json")
        assert response.status_code == 400, (change, response.content)
    assert not Application.objects.exists()


# Start page


def test_start_page_panels(cast: Cast, client_for: Clients) -> None:
    sample_application(cast.a)
    upcoming = meeting_services.meeting_create(
        acting_user=None, association=cast.a.association, date=dt.date.today() + dt.timedelta(days=10)
    )
    meeting_services.item_add(acting_user=None, meeting=upcoming, title="Budget för nästa år")
    sample_held_item(cast.a)  # a held meeting not yet justerat
    url = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    admin = client_for("admin").get(url).content.decode()
    assert "Kommande styrelsemöten" in admin and "Budget för nästa år" in admin
    assert "Ansökningar som väntar på beslut" in admin and "Rehabkoordinatorer" in admin
    assert "Protokoll som väntar på justering" in admin and "2024-11-20" in admin
    viewer = client_for("viewer").get(url).content.decode()
    assert "Kommande styrelsemöten" in viewer and "Protokoll som väntar på justering" in viewer
    assert "Ansökningar som väntar på beslut" not in viewer
    assert "Kommande styrelsemöten" not in client_for("registrar").get(url).content.decode()


def test_meeting_of_the_deciding_item_must_be_held_even_when_items_move(cast: Cast) -> None:
    item = sample_held_item(cast.a)
    assert Meeting.objects.get(pk=item.meeting_id).status == MeetingStatus.HELD
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_demo_has_seed_001s_applications(db: None) -> None:
    import io

    from django.core.management import call_command

    call_command("demo", "--quiet", stdout=io.StringIO())
    rows = {a.name: a for a in Application.objects.filter(association__slug="vastmanland")}
    rehab = next(a for name, a in rows.items() if name.startswith("Rehabkoordinatorer"))
    assert rehab.status == "bordlagd" and rehab.decided_by is not None and rehab.decided_by.label == "SFV § 41"
    assert {a.year: a.requested for a in rehab.amounts.all()} == {2025: 500_000}
    assert "Utvecklingsråd" in rehab.opinion
    rmgt = next(a for name, a in rows.items() if "RMGT" in name)
    assert rmgt.status == "beredning" and rmgt.years == [2025, 2026, 2027]
    call_command("demo", "--quiet", stdout=io.StringIO())
    assert Application.objects.filter(association__slug="vastmanland").count() == 2

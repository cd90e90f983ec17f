"""`samordna demo`: idempotent, and the two förbund match their seed documents."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from samordna.core.models import Association, AuditEntry, Membership
from samordna.demo import DEMO_PASSWORD
from samordna.demo.steps import DEMO_USERS, DemoContext, run_steps
from samordna.interventions.models import Intervention, InterventionAssignment, Staffing, VolumeCount, VolumeTarget
from samordna.interventions.selectors import active_assignments
from samordna.organisations import services as org_services
from samordna.organisations.models import BoardSeat, Member, Population

VASTMANLAND_KOMMUNER = {
    "1984": "Arboga",
    "1982": "Fagersta",
    "1961": "Hallstahammar",
    "1960": "Kungsör",
    "1983": "Köping",
    "1962": "Norberg",
    "1981": "Sala",
    "1904": "Skinnskatteberg",
    "1907": "Surahammar",
    "1980": "Västerås",
}
# Seed 003, Bilaga 2: population and share (percent, one decimal) per municipality.
VASTRA_OSTERGOTLAND = {
    "0583": (43674, "48.4"),
    "0586": (28269, "31.3"),
    "0584": (7528, "8.3"),
    "0560": (5512, "6.1"),
    "0509": (5309, "5.9"),
}


def table_counts() -> dict[str, int]:
    """Rows in every table (every installed model, the audit log included)."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


OWN_STEPS = ["samordna.demo.steps.load_organisations", "samordna.demo.steps.create_users"]


@pytest.fixture
def loaded(db: None) -> None:
    """The förbund and logins of this app's steps (other apps' steps are tested by those apps)."""
    run_steps(DemoContext(log=lambda _text: None), OWN_STEPS)


def test_demo_twice_changes_nothing(db: None) -> None:
    demo("--quiet")
    before = table_counts()
    audit = AuditEntry.objects.count()
    out = demo()
    assert "finns redan" in out and "0 nya" in out
    assert table_counts() == before
    assert AuditEntry.objects.count() == audit
    out = demo("--refresh")
    assert "inga ändringar" in out
    assert table_counts() == before
    assert AuditEntry.objects.count() == audit
    assert Association.objects.filter(slug__in=["vastmanland", "vastra-ostergotland"]).count() == 2


def test_vastmanland_members_and_kommunkoder(loaded: None) -> None:
    association = Association.objects.get(slug="vastmanland")
    assert association.protocol_prefix == "SFV"
    members = Member.objects.filter(association=association).select_related("municipality")
    assert members.count() == 13
    kommuner = {m.municipality_id: m for m in members if m.kind == "kommun"}
    assert set(kommuner) == set(VASTMANLAND_KOMMUNER)
    for code, member in kommuner.items():
        assert member.municipality.name == VASTMANLAND_KOMMUNER[code]
        assert member.municipality.county_code == "19"
        assert member.name.startswith(member.municipality.name)
    assert sorted(m.kind for m in members if m.kind != "kommun") == [
        "arbetsformedlingen",
        "forsakringskassan",
        "region",
    ]


def test_vastmanland_board_matches_seed(loaded: None) -> None:
    seats = BoardSeat.objects.filter(association__slug="vastmanland").select_related("appointed_by")
    assert seats.filter(seat_type="ledamot").count() == 13
    assert seats.filter(seat_type="ersattare").count() == 13
    chair = seats.get(office="ordforande")
    vice = seats.get(office="vice_ordforande")
    assert (chair.person_name, chair.appointed_by.code) == ("Shpetim Pirraku", "1983")
    assert (vice.person_name, vice.appointed_by.code) == ("Maria Kesselring", "1980")
    # Every member appoints exactly one ledamot and one ersättare (seed 004, 5.1).
    for member in Member.objects.filter(association__slug="vastmanland"):
        assert sorted(s.seat_type for s in seats if s.appointed_by_id == member.pk) == ["ersattare", "ledamot"]
    assert seats.filter(person_name="Elisabeth Åberg", appointed_by__code="1904").exists()


def test_vastmanland_staffing_from_seed(loaded: None) -> None:
    fns = Intervention.objects.get(association__slug="vastmanland", code="1063")
    by_member = {(s.member.code, s.role): s.fte for s in Staffing.objects.filter(intervention=fns)}
    assert by_member[("1982", "socialkonsulent")] == Decimal("4.0")
    assert by_member[("1962", "konsulent")] == Decimal("0.5")
    rmgt = Intervention.objects.get(association__slug="vastmanland", code="1080")
    assert sorted(rmgt.staffing.values_list("fte", flat=True)) == [Decimal("0.4")] * 4
    assert rmgt.orientation == "strukturovergripande" and rmgt.category == "metoder"


def test_vastra_ostergotland_populations_match_seed(loaded: None) -> None:
    association = Association.objects.get(slug="vastra-ostergotland")
    assert association.allocation_percent_decimals == 1
    populations = {
        p.member.municipality_id: p.population
        for p in Population.objects.filter(member__association=association, year=2022).select_related("member")
    }
    assert populations == {code: pop for code, (pop, _share) in VASTRA_OSTERGOTLAND.items()}
    total = sum(populations.values())
    assert total == 90292  # "Befolkningsmängd i västra länsdelen: 90 292 invånare"
    for code, (_pop, share) in VASTRA_OSTERGOTLAND.items():
        computed = (Decimal(populations[code] * 100) / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert computed == Decimal(share)
    assert Member.objects.filter(association=association).count() == 8


def test_vastra_ostergotland_volumes(loaded: None) -> None:
    targets = {
        (t.intervention.code, t.unit): t.value
        for t in VolumeTarget.objects.filter(
            intervention__association__slug="vastra-ostergotland", year=2025
        ).select_related("intervention")
    }
    assert targets[("ISA", "deltagare")] == 55
    assert targets[("SIP", "moten")] == 50
    assert targets[("FS-KOORD", "kontakter")] == 200
    assert targets[("11.1", "deltagare")] == 900
    assert len(targets) == Intervention.objects.filter(association__slug="vastra-ostergotland").count() == 13


def test_demo_logins_authenticate(loaded: None) -> None:
    for spec in DEMO_USERS:
        user = authenticate(request=RequestFactory().post("/"), username=spec.username, password=DEMO_PASSWORD)
        assert user is not None and user.username == spec.username
    admin_roles = set(Membership.objects.filter(user__username="admin").values_list("association__slug", "role"))
    assert admin_roles == {("vastmanland", "admin"), ("vastra-ostergotland", "admin")}
    for username, role in (("insatsansvarig", "intervention_manager"), ("deltagaransvarig", "registrar")):
        membership = Membership.objects.get(user__username=username)
        assert membership.role == role and membership.association.slug == "vastmanland"
        assigned = InterventionAssignment.objects.get(membership=membership).intervention
        assert assigned.name.startswith("Samordningsteam")
        active = active_assignments(user=membership.user, association=membership.association, role=role)
        assert list(active.values_list("intervention__code", flat=True)) == [assigned.code]
    assert Membership.objects.get(user__username="lasare").role == "viewer"


def test_demo_login_through_login_page(loaded: None) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "lasare", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard", kwargs={"association": "vastmanland"})).status_code == 200
    wrong = Client().post(reverse("login"), {"username": "lasare", "password": "fel-lösenord"})
    assert wrong.status_code == 200 and "_auth_user_id" not in wrong.client.session


def test_print_logins_lists_every_demo_user(db: None) -> None:
    out = demo("--print-logins", "--quiet")
    assert DEMO_PASSWORD in out
    for spec in DEMO_USERS:
        assert spec.username in out
    assert "Samordningsteam FNS" in out and "Läsare" in out


def test_demo_keeps_changes_made_in_the_application(loaded: None) -> None:
    member = Member.objects.get(association__slug="vastmanland", code="1982")
    org_services.member_update(acting_user=None, member=member, name="Fagersta kommun (ändrad)")
    run_steps(DemoContext(log=lambda _text: None), OWN_STEPS)
    member.refresh_from_db()
    assert member.name == "Fagersta kommun (ändrad)"
    run_steps(DemoContext(log=lambda _text: None, refresh=True), OWN_STEPS)
    member.refresh_from_db()
    assert member.name == "Fagersta kommun"


def counting_step(*, acting_user: object = None) -> dict[str, int]:
    """A step in the style of the apps' demo loaders: keyword arguments only, returns what it did."""
    return {"förbund": Association.objects.count()}


def test_steps_may_take_no_context(loaded: None) -> None:
    ctx = DemoContext(log=lambda _text: None)
    run_steps(ctx, ["samordna.demo.steps.create_users", f"{__name__}.counting_step"])
    assert ctx.notes[-1] == f"{__name__}.counting_step: förbund 2"


def test_vastra_ostergotland_counts_its_meetings_and_contacts_month_by_month(loaded: None) -> None:
    from samordna.interventions import demo as intervention_demo

    assert intervention_demo.load()["counts"] > 0
    assert "counts" not in intervention_demo.load()  # a second run counts nothing again
    last_year = dt.date.today().year - 1
    months = set(
        VolumeCount.objects.filter(
            intervention__association__slug="vastra-ostergotland",
            intervention__code="SIP",
            year=last_year,
            unit="moten",
        ).values_list("month", flat=True)
    )
    assert months == set(range(1, 13))
    counted = VolumeCount.objects.filter(intervention__code="FS-KOORD", year=last_year, unit="kontakter")
    assert 200 * 0.6 <= sum(c.value for c in counted) <= 200 * 1.3

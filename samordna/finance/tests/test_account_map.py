"""The account map of the annual accounts: the import command, its refusals, the page and who may use it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.finance.account_map import DEFAULT_RANGES, Range, line_of, overlaps
from samordna.finance.models import AccountRange
from samordna.finance.seed_data import annual_002_sie
from samordna.finance.tests.helpers import write_temp
from samordna.testing.cast import ROLE_USERS, Cast

pytestmark = pytest.mark.django_db

GOOD = {
    "ranges": [
        {"from": "1500", "to": "1799", "line": "fordringar"},
        {"from": "1900", "to": "1999", "line": "kassa_och_bank"},
        {"from": "2000", "to": "2099", "line": "eget_kapital"},
        {"from": "2200", "to": "2299", "line": "avsattningar"},
        {"from": "2400", "to": "2999", "line": "kortfristiga_skulder"},
        {"from": "3500", "to": "3599", "line": "medlemsavgifter"},
        {"from": "3900", "to": "3999", "line": "ovriga_intakter"},
        {"from": "4000", "to": "7999", "line": "verksamhetens_kostnader"},
        {"from": "84", "to": "84", "line": "finansiella_intakter"},
        {"from": "85", "to": "85", "line": "finansiella_kostnader"},
    ]
}


def url(cast: Cast, name: str) -> str:
    return reverse(f"finance:{name}", kwargs={"association": cast.a.association.slug})


def run(slug: str, document: Any, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    path = write_temp(json.dumps(document).encode(), ".json")
    try:
        call_command("import_account_map", "--association", slug, path)
    except SystemExit as exit_:
        captured = capsys.readouterr()
        return int(exit_.code or 0), captured.out, captured.err
    captured = capsys.readouterr()
    return 0, captured.out, captured.err


def test_ranges_compare_on_the_first_digits_and_the_default_has_no_overlap() -> None:
    assert line_of("15101", DEFAULT_RANGES) == "fordringar"
    assert line_of("1930", DEFAULT_RANGES) == "kassa_och_bank"
    assert line_of("8999", DEFAULT_RANGES) is None
    assert line_of("8450", [Range("84", "84", "finansiella_intakter")]) == "finansiella_intakter"
    assert overlaps(list(DEFAULT_RANGES)) == []
    assert overlaps([Range("15", "17", "fordringar"), Range("1700", "1710", "forrad")]) == [(0, 1)]


def test_import_is_idempotent_and_audited_once(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    association = cast.a.association
    code, out, err = run(association.slug, GOOD, capsys)
    assert code == 0, err
    assert "10 intervall" in out
    assert AccountRange.objects.filter(association=association).count() == 10
    audits = AuditEntry.objects.filter(association=association, object_type="finance.accountrange").count()
    code, out, _err = run(association.slug, GOOD, capsys)
    assert code == 0 and "ingenting ändrades" in out
    assert AuditEntry.objects.filter(association=association, object_type="finance.accountrange").count() == audits


def test_import_refuses_overlaps_and_unknown_lines_with_json_paths(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    association = cast.a.association
    bad = {
        "ranges": [
            {"from": "1500", "to": "1799", "line": "fordringar"},
            {"from": "1700", "to": "1899", "line": "kortfristiga_placeringar"},
            {"from": "3000", "to": "3099", "line": "skatteintakter"},
            {"from": "4000", "to": "399", "line": "verksamhetens_kostnader"},
            {"from": "5000", "to": "5999"},
        ],
        "extra": 1,
    }
    code, _out, err = run(association.slug, bad, capsys)
    assert code == 1
    assert "ranges[1]: intervallet 1700–1899 överlappar 1500–1799 (ranges[0])" in err
    assert "ranges[2].line: okänd rad ”skatteintakter”" in err
    assert "ranges[3]:" in err and "lika många siffror" in err
    assert "ranges[4].line: saknas" in err
    assert "extra: okänd nyckel" in err
    assert not AccountRange.objects.filter(association=association).exists()


def test_an_unmapped_account_is_named_by_the_import_and_blocks_the_page(
    cast: Cast, client_for: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    association = cast.a.association
    call_command("import_ledger", "--association", association.slug, write_temp(annual_002_sie(), ".se"))
    narrow = {"ranges": [r for r in GOOD["ranges"] if r["from"] != "3900"]}
    code, out, _err = run(association.slug, narrow, capsys)
    assert code == 0 and "3900 Övriga intäkter" in out
    page = client_for(Role.ADMIN).get(url(cast, "annual-accounts") + "?year=2017").content.decode()
    assert "3900 Övriga intäkter" in page and "kan inte tas fram" in page
    assert "Resultaträkning" not in page
    listed = client_for(Role.ADMIN).get(url(cast, "account-map")).content.decode()
    assert "3900 Övriga intäkter" in listed


def test_the_annual_accounts_page_shows_both_years_and_the_checks(cast: Cast, client_for: Any) -> None:
    association = cast.a.association
    call_command("import_ledger", "--association", association.slug, write_temp(annual_002_sie(), ".se"))
    for name in ("admin", "viewer", "admin_viewer"):
        page = client_for(name).get(url(cast, "annual-accounts") + "?year=2017").content.decode()
        assert "Resultaträkning" in page and "Kassaflödesanalys" in page and "Not 3 Kortfristiga skulder" in page
        assert "5\u00a0753\u00a0392" in page and "6\u00a0513\u00a0316" in page
        assert "Alla kontroller stämmer." in page
    data = client_for(Role.VIEWER).get(url(cast, "annual-accounts") + "?year=2017&format=json").json()
    assert data["balance_sheet"]["fordringar"] == {"2017": 49429, "2016": 41553}


@pytest.mark.parametrize("name", sorted(ROLE_USERS))
def test_who_may_open_the_pages(cast: Cast, client_for: Any, name: str) -> None:
    roles = ROLE_USERS[name]
    client = client_for(name)
    readers = bool(roles & {Role.ADMIN, Role.VIEWER})
    assert client.get(url(cast, "annual-accounts")).status_code == (200 if readers else 403)
    assert client.get(url(cast, "account-map")).status_code == (200 if Role.ADMIN in roles else 403)
    post = client.post(url(cast, "account-map"), {"action": "customise"})
    assert post.status_code == (302 if Role.ADMIN in roles else 403)


def test_another_forbund_answers_404(cast: Cast, client_for: Any) -> None:
    client = client_for("admin_b")
    assert client.get(url(cast, "annual-accounts")).status_code == 404
    assert client.post(url(cast, "account-map"), {"action": "customise"}).status_code == 404
    assert not AccountRange.objects.filter(association=cast.a.association).exists()


def test_the_page_edits_one_range_and_refuses_an_overlap(cast: Cast, client_for: Any) -> None:
    association = cast.a.association
    admin = client_for(Role.ADMIN)
    page = admin.get(url(cast, "account-map")).content.decode()
    assert "standardkontoplanen" in page
    new = {"action": "save", "prefix": "new", "new-first": "8000", "new-last": "8099", "new-line": "bidrag"}
    assert admin.post(url(cast, "account-map"), new).status_code == 302
    stored = AccountRange.objects.filter(association=association)
    assert stored.count() == len(DEFAULT_RANGES) + 1  # the default stored first, then the new range
    clash = {"action": "save", "prefix": "new", "new-first": "8050", "new-last": "8450", "new-line": "bidrag"}
    response = admin.post(url(cast, "account-map"), clash, follow=True)
    assert "överlappar" in response.content.decode()
    assert stored.count() == len(DEFAULT_RANGES) + 1
    row = stored.get(first="8000")
    edit = {
        "action": "save",
        "prefix": "r1",
        "r1-pk": row.pk,
        "r1-first": "8000",
        "r1-last": "8199",
        "r1-line": "bidrag",
    }
    assert admin.post(url(cast, "account-map"), edit).status_code == 302
    row.refresh_from_db()
    assert row.last == "8199"
    assert admin.post(url(cast, "account-map"), {"action": "delete", "pk": row.pk}).status_code == 302
    assert not stored.filter(pk=row.pk).exists()
    other = AccountRange.objects.create(association=cast.b.association, first="1000", last="1999", line="forrad")
    admin.post(url(cast, "account-map"), {"action": "delete", "pk": other.pk})
    assert AccountRange.objects.filter(pk=other.pk).exists()  # another förbund's range is not found


def test_the_page_imports_a_file_and_lists_problems(cast: Cast, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = client_for(Role.ADMIN)
    bad = SimpleUploadedFile("map.json", json.dumps({"ranges": [{"from": "1", "to": "2", "line": "x"}]}).encode())
    response = admin.post(url(cast, "account-map"), {"action": "upload", "map-file": bad})
    assert response.status_code == 400 and "ranges[0].line" in response.content.decode()
    good = SimpleUploadedFile("map.json", json.dumps(GOOD).encode())
    assert admin.post(url(cast, "account-map"), {"action": "upload", "map-file": good}).status_code == 302
    assert AccountRange.objects.filter(association=cast.a.association).count() == 10

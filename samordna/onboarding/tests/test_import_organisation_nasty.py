"""The organisation JSON importer against the shared nasty-input corpus, through the command and the web page.

Every broken file gives Swedish messages naming the line or JSON path, exit 1 or a 200 page, never a
traceback, and writes nothing; huge integers and deep nesting are refused, not crashed on.
"""

from __future__ import annotations

import io
import json
import tempfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import Association, AuditEntry
from samordna.organisations.models import Member, Population
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

VALID: dict[str, Any] = {
    "association": {"slug": "norra-vastmanland", "name": "Norra Västmanlands Samordningsförbund"},
    "members": [
        {"code": "fk", "name": "Försäkringskassan", "kind": "forsakringskassan"},
        {"code": "1982", "name": "Fagersta kommun", "kind": "kommun", "municipality": "1982"},
    ],
}
VARIANTS = nasty.json_variants(VALID)


def _counts() -> tuple[int, int, int, int]:
    return Association.objects.count(), Member.objects.count(), Population.objects.count(), AuditEntry.objects.count()


def _command(data: bytes, capsys: Any, *extra: str) -> tuple[int, str]:
    with tempfile.NamedTemporaryFile(delete=False, suffix=".json") as handle:
        handle.write(data)
    err = io.StringIO()
    code = 0
    try:
        call_command("import_organisation", handle.name, *extra, stderr=err, stdout=io.StringIO())
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, err.getvalue() + capsys.readouterr().err


def _with(path: list[Any], value: Any) -> bytes:
    """VALID with `value` placed at `path`, as JSON text (`value` inserted verbatim when it is bytes)."""
    doc = json.loads(json.dumps(VALID))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = "__VALUE__"
    text = json.dumps(doc, indent=2).encode()
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return text.replace(b'"__VALUE__"', raw)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_command_refuses_each_nasty_file(db: None, capsys: Any, variant: str) -> None:
    before = _counts()
    code, err = _command(VARIANTS[variant], capsys)
    assert code == 1, (variant, err)
    assert "Inget sparades" in err and "Traceback" not in err
    assert "rad " in err or "filen är tom" in err or ": " in err.split("\n")[0], err
    assert _counts() == before


def test_command_accepts_the_valid_file(db: None, capsys: Any) -> None:
    code, err = _command(json.dumps(VALID).encode(), capsys)
    assert code == 0, err
    assert Member.objects.filter(association__slug="norra-vastmanland").count() == 2


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (["association", "suppression_threshold"], b"9" * 5_000, "association.suppression_threshold"),
        (["association", "retention_years"], "9" * 5_000, "association.retention_years"),
        (["members", 1, "population"], {"2017": "9" * 5_000}, "members[1].population.2017"),
        (["members", 1, "population"], {"2017": 10**30}, "members[1].population.2017"),
        (["members", 0, "code"], b"1" * 4_500, "members[0].code"),
        (["equity"], {"2024": b"1" * 40}, "equity.2024"),
        (["association", "name"], nasty.TEXT["nul"], "association.name"),
        (["members", 1, "name"], nasty.TEXT["huge"], "members[1].name"),
        (["members", 0, "kind"], nasty.TEXT["control"], "members[0].kind"),
    ],
)
def test_command_names_the_json_path_of_huge_numbers_and_bad_text(
    db: None, capsys: Any, path: list[Any], value: Any, where: str
) -> None:
    if isinstance(value, dict) and any(isinstance(v, bytes) for v in value.values()):
        inner = {k: "__INNER__" for k in value}
        data = _with(path, inner).replace(b'"__INNER__"', next(iter(value.values())))
    else:
        data = _with(path, value)
    before = _counts()
    code, err = _command(data, capsys)
    assert code == 1, err
    assert "rad " in err and "Traceback" not in err, err
    assert where in err, err
    assert _counts() == before


def test_a_file_with_ten_thousand_problems_lists_a_hundred_and_the_count(db: None, capsys: Any) -> None:
    doc = json.loads(json.dumps(VALID))
    doc["members"] = [{"code": f"m{i}", "name": "", "kind": "okänd"} for i in range(5_000)]
    code, err = _command(json.dumps(doc).encode(), capsys)
    assert code == 1
    assert "… och 9" in err and "problem till" in err
    assert sum(1 for line in err.splitlines() if ": members[" in line) == 100


def _page(cast: Cast) -> str:
    return reverse("onboarding:import", kwargs={"association": cast.a.association.slug})


def _for(cast: Cast) -> dict[str, Any]:
    doc = json.loads(json.dumps(VALID))
    doc["association"] = {"slug": cast.a.association.slug, "name": cast.a.association.name}
    return doc


def test_page_imports_a_valid_file_for_its_own_forbund(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    assert admin.get(_page(cast)).status_code == 200
    response = admin.post(_page(cast), {"file": SimpleUploadedFile("org.json", json.dumps(_for(cast)).encode())})
    assert response.status_code == 302
    assert Member.objects.filter(association=cast.a.association, code="1982").exists()


def test_page_refuses_another_forbunds_file(cast: Cast, client_for: Any) -> None:
    before = _counts()
    response = client_for(Role.ADMIN).post(
        _page(cast), {"file": SimpleUploadedFile("org.json", json.dumps(VALID).encode())}
    )
    assert response.status_code == 200 and "association.slug" in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_page_shows_the_message_and_writes_nothing(cast: Cast, client_for: Any, variant: str) -> None:
    data = nasty.json_variants(_for(cast))[variant]
    before = _counts()
    response = client_for(Role.ADMIN).post(_page(cast), {"file": SimpleUploadedFile("org.json", data)})
    assert response.status_code == 200, variant
    body = response.content.decode()
    if data:
        assert "Inget importerades" in body, (variant, body[-1500:])
    else:
        assert "tom" in body
    assert _counts() == before


def test_page_refuses_a_huge_integer_with_its_path(cast: Cast, client_for: Any) -> None:
    doc = _for(cast)
    doc["association"]["suppression_threshold"] = "__HUGE__"
    data = json.dumps(doc).encode().replace(b'"__HUGE__"', b"9" * 5_000)
    response = client_for(Role.ADMIN).post(_page(cast), {"file": SimpleUploadedFile("org.json", data)})
    assert response.status_code == 200
    assert "association.suppression_threshold" in response.content.decode()


@override_settings(SAMORDNA_MAX_UPLOAD_BYTES=500)
def test_page_refuses_an_upload_over_the_size_limit(cast: Cast, client_for: Any) -> None:
    doc = _for(cast)
    doc["members"] = doc["members"] * 10
    before = _counts()
    response = client_for(Role.ADMIN).post(
        _page(cast), {"file": SimpleUploadedFile("org.json", json.dumps(doc).encode())}
    )
    assert response.status_code == 200
    assert "största tillåtna storlek" in response.content.decode()
    assert _counts() == before


def test_only_admins_reach_the_page(cast: Cast, client_for: Any) -> None:
    for role in (Role.VIEWER, Role.INTERVENTION_MANAGER, Role.REGISTRAR):
        assert client_for(role).get(_page(cast)).status_code == 403

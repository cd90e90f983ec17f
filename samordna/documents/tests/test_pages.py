"""The pages: who may do what, the refusals in Swedish, a period without a ledger on the page and the command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from samordna.core.models import AuditEntry, Job
from samordna.documents.models import Document, DocumentText
from samordna.documents.testing import sample_document
from samordna.testing.cast import Cast
from samordna.testing.jobs import content_of, file_by_job

pytestmark = pytest.mark.django_db


def _url(name: str, cast: Cast, **kwargs: object) -> str:
    return reverse(f"documents:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def _draft(cast: Cast, client_for) -> Document:  # type: ignore[no-untyped-def]
    response = client_for("admin").post(
        _url("create", cast), {"kind": "delarsrapport", "year": "2024", "until": "2024-08-31"}
    )
    assert response.status_code == 302
    return Document.objects.get(association=cast.a.association, status="utkast")


def test_a_period_without_a_ledger_says_what_is_missing(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(cast, client_for)
    admin = client_for("admin")
    page = admin.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "Det finns ingen bokföring för 2024" in page.content.decode()
    assert "Skrivna avsnitt" in page.content.decode()  # the texts can still be written
    started = admin.post(_url("file", cast, pk=draft.pk), {"format": "docx"})
    assert started.status_code == 302
    job = admin.get(started["Location"]).context["job"]
    assert job.status == Job.Status.FAILED and "Det finns ingen bokföring för 2024" in job.error
    with pytest.raises(CommandError, match="Det finns ingen bokföring för 2024"):
        call_command("report", "arsredovisning", "--association", cast.a.association.slug, "--year", "2024")
    with pytest.raises(CommandError, match="ligger inte i 2024"):
        call_command(
            "report",
            "delarsrapport",
            "--association",
            "alfa",
            "--year",
            "2024",
            "--until",
            "2025-01-31",
            stdout=io.StringIO(),
        )


def test_viewers_read_frozen_documents_only(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    frozen = sample_document(cast.a)
    draft = _draft(cast, client_for)
    viewer = client_for("viewer")
    listing = viewer.get(_url("list", cast)).content.decode()
    assert frozen.title in listing and draft.get_absolute_url() not in listing
    assert viewer.get(frozen.get_absolute_url()).status_code == 200
    docx = file_by_job(viewer, _url("file", cast, pk=frozen.pk), {"format": "docx"})
    assert content_of(docx)[:2] == b"PK"
    assert content_of(file_by_job(viewer, _url("file", cast, pk=frozen.pk), {"format": "pdf"}))[:5] == b"%PDF-"
    assert viewer.post(_url("file", cast, pk=draft.pk), {"format": "pdf"}).status_code == 403
    assert viewer.get(draft.get_absolute_url()).status_code == 403
    assert viewer.get(_url("file", cast, pk=draft.pk) + "?format=json").status_code == 403
    for name in ("text",):
        assert viewer.get(_url(name, cast, pk=frozen.pk, section="redovisningsprinciper")).status_code == 403
    assert viewer.get(_url("freeze", cast, pk=draft.pk)).status_code == 403
    assert viewer.post(_url("new-draft", cast, pk=frozen.pk)).status_code == 403
    for role in ("intervention_manager", "registrar"):
        assert client_for(role).get(_url("list", cast)).status_code == 403
        assert client_for(role).get(frozen.get_absolute_url()).status_code == 403
    assert client_for("admin_b").get(frozen.get_absolute_url()).status_code == 404
    assert client_for("admin_viewer").get(draft.get_absolute_url()).status_code == 200


def test_admin_writes_a_section_and_bad_input_is_refused(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(cast, client_for)
    admin = client_for("admin")
    url = _url("text", cast, pk=draft.pk, section="om_forbundet")
    assert admin.get(url).status_code == 200
    saved = admin.post(url, {"body": "## Vision\n\nEtt **jämlikt** samhälle.\n\n- hälsa\n- försörjning"})
    assert saved.status_code == 302
    assert DocumentText.objects.get(document=draft, key="om_forbundet").body.startswith("## Vision")
    audit = AuditEntry.objects.count()
    refused = admin.post(url, {"body": "<img src=x onerror=alert(1)>"})
    assert refused.status_code == 400 and "får inte innehålla HTML" in refused.content.decode()
    assert AuditEntry.objects.count() == audit
    assert admin.get(_url("text", cast, pk=draft.pk, section="finns-inte")).status_code == 404
    bad = admin.post(_url("create", cast), {"kind": "delarsrapport", "year": "2024", "until": ""})
    assert bad.status_code == 400 and "Ange periodens sista dag" in bad.content.decode()
    bad = admin.post(_url("create", cast), {"kind": "arsredovisning", "year": "abc"})
    assert bad.status_code == 400 and "heltal" in bad.content.decode().lower()
    freeze = admin.post(_url("freeze", cast, pk=draft.pk), {"adopted_on": "2024-08-01"})
    assert freeze.status_code == 400 and "före periodens slut" in freeze.content.decode()
    assert Document.objects.filter(association=cast.a.association).count() == 1
    compare = admin.get(_url("compare", cast, pk=draft.pk))
    assert compare.status_code == 200 and "inget fastställt dokument" in compare.content.decode()

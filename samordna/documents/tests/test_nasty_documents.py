"""The shared nasty-input corpus through the text page and the new-document form: a Swedish message and nothing
written, or stored and shown harmlessly (the DOCX and PDF still made)."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from samordna.core import services as core_services
from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.documents import services
from samordna.documents.models import Document, DocumentText
from samordna.documents.tests.helpers import UNTIL, vastmanland
from samordna.testing.cast import Cast
from samordna.testing.jobs import content_of, file_by_job
from samordna.testing.nasty import PERSONNUMMER, TEXT

pytestmark = pytest.mark.django_db

CORPUS = {**TEXT, **PERSONNUMMER}
REFUSED = ("otillåtet styrtecken", "personnummer", "HTML", "för lång")


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_nasty_text_is_refused_or_harmless(name: str, cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    association = vastmanland()
    admin = cast.user(Role.ADMIN)
    core_services.membership_add(acting_user=None, association=association, user=admin, role=Role.ADMIN)
    document = services.document_create(
        acting_user=None, association=association, kind="delarsrapport", year=2024, until=UNTIL
    )
    client = client_for(Role.ADMIN)
    url = reverse("documents:text", kwargs={"association": association.slug, "pk": document.pk, "section": "planerat"})
    audit = AuditEntry.objects.count()
    response = client.post(url, {"body": CORPUS[name]})
    assert response.status_code in (302, 400), name
    if response.status_code == 400:
        assert any(word in response.content.decode() for word in REFUSED), name
        assert not DocumentText.objects.filter(document=document).exists()
        assert AuditEntry.objects.count() == audit
        return
    files = reverse("documents:file", kwargs={"association": association.slug, "pk": document.pk})
    docx.Document(io.BytesIO(content_of(file_by_job(client, files, {"format": "docx"}))))
    assert content_of(file_by_job(client, files, {"format": "pdf"}))[:5] == b"%PDF-"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "<script>" not in page


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_nasty_title_is_refused_or_stored(name: str, cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("documents:create", kwargs={"association": cast.a.association.slug})
    response = client_for(Role.ADMIN).post(url, {"kind": "arsredovisning", "year": "2024", "title": CORPUS[name]})
    assert response.status_code in (302, 400), name
    if response.status_code == 400:
        assert "Formuläret innehåller fel" in response.content.decode()
        assert not Document.objects.exists()

"""A large participant file is imported by the worker (#19 item 7): the job page shows the counts or the
problems as the upload page does, all or nothing, and the uploaded file and its name are not kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samordna.core.models import AuditEntry, Job
from samordna.participants.models import Enrollment
from samordna.participants.tests.test_import import VALID, csv_bytes
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


@pytest.fixture(autouse=True)
def every_file_is_large(settings: Any, tmp_path: Path) -> None:
    settings.SAMORDNA_IMPORT_JOB_BYTES = 10
    settings.MEDIA_ROOT = str(tmp_path)


def import_url(cast: Cast) -> str:
    return reverse("participants:import", kwargs={"association": cast.a.association.slug})


def test_a_large_file_is_imported_by_the_worker_and_the_job_page_shows_the_counts(
    cast: Cast, client_for: Clients
) -> None:
    registrar = client_for("registrar")
    upload = SimpleUploadedFile("deltagare 19800101-1234.csv", csv_bytes([VALID[0], VALID[1]]))
    response = registrar.post(import_url(cast), {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/jobb/{job.pk}/")
    assert job.status == Job.Status.DONE and Enrollment.objects.count() == 2
    page = registrar.get(response["Location"]).content.decode()
    assert "Importen är klar: 2 rader" in page and "Ladda ner" not in page
    assert "19800101" not in job.label + str(job.params)  # the file's name is not kept
    export = AuditEntry.objects.get(action="export", object_id=str(job.pk))
    assert "19800101" not in str(export.changes) + export.object_repr
    assert "upload" in job.params and not default_storage.exists(job.params["upload"])  # removed once read


def test_a_refused_file_shows_its_problems_on_the_job_page_and_saves_nothing(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    bad = SimpleUploadedFile("d.csv", csv_bytes([VALID[0], VALID[2]]))  # VALID[2]: an insats not the registrar's
    response = registrar.post(import_url(cast), {"file": bad}, HTTP_HX_REQUEST="true")
    job = Job.objects.get()
    assert response.status_code == 204 and response["HX-Redirect"].endswith(f"/jobb/{job.pk}/")
    page = registrar.get(response["HX-Redirect"]).content.decode()
    assert 'id="import-problems"' in page and "Ingenting sparades" in page and "deltagaransvarig" in page
    assert not Enrollment.objects.exists()
    assert job.result["problem_count"] == len(job.result["problems"]) >= 1


def test_another_user_cannot_see_the_import_job(cast: Cast, client_for: Clients) -> None:
    client_for("registrar").post(import_url(cast), {"file": SimpleUploadedFile("d.csv", csv_bytes([VALID[0]]))})
    job = Job.objects.get()
    url = reverse("core:job", kwargs={"association": cast.a.association.slug, "pk": job.pk})
    assert client_for("manager_registrar").get(url).status_code == 404
    assert client_for("admin").get(url).status_code == 404

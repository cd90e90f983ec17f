"""Background jobs (core.jobs): the job page, its file, failures in Swedish, who may see a job, the open-job
limit, pruning, and the real queue: a job in the database queue made by `samordna db_worker --batch`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from samordna.core import jobs
from samordna.core.jobs import JobFile, JobKind, JobRefused, Progress, start_job
from samordna.core.models import AuditEntry, Job
from samordna.testing.cast import Cast
from samordna.testing.jobs import content_of

STEPS: list[tuple[int, str]] = []


def _echo(job: Job, progress: Progress) -> JobFile:
    progress(50, "Halvvägs")
    STEPS.append((50, "Halvvägs"))
    if job.params.get("refuse"):
        raise JobRefused("Det finns ingen bokföring för 2031.")
    if job.params.get("crash"):
        raise RuntimeError("internal detail that must not be shown")
    return JobFile(content=f"år {job.params['year']}".encode(), filename="echo.txt", content_type="text/plain")


@pytest.fixture(autouse=True)
def echo_kind() -> Iterator[None]:
    kind = JobKind("test.echo", _echo)
    jobs.register(kind)
    yield
    jobs._KINDS.pop("test.echo", None)


def _start(cast: Cast, user: str = "admin", **params: object) -> Job:
    return start_job(
        acting_user=cast.user(user),
        association=cast.a.association,
        kind="test.echo",
        label="Eko 2024",
        params={"year": 2024, **params},
    )


def _urls(job: Job) -> tuple[str, str, str]:
    kwargs = {"association": job.association.slug, "pk": job.pk}  # type: ignore[union-attr]
    return tuple(reverse(f"core:{name}", kwargs=kwargs) for name in ("job", "job-status", "job-file"))  # type: ignore[return-value]


def test_a_job_runs_and_its_owner_downloads_the_file(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    exports = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count()
    job = _start(cast)
    assert job.status == Job.Status.DONE and job.progress == 100 and job.started_at and job.finished_at
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == exports + 1
    page, status, file = _urls(job)
    admin = client_for("admin")
    shown = admin.get(page)
    assert shown.status_code == 200 and "Eko 2024" in shown.content.decode() and "Klar" in shown.content.decode()
    state = admin.get(status).json()
    assert state["status"] == "done" and state["progress"] == 100 and state["file_url"] == file
    response = admin.get(file)
    assert response.status_code == 200 and content_of(response) == "år 2024".encode()
    assert 'filename="echo.txt"' in response["Content-Disposition"]
    listing = admin.get(reverse("core:job-list", kwargs={"association": cast.a.association.slug}))
    assert "Eko 2024" in listing.content.decode()


@pytest.mark.parametrize("other", ["viewer", "admin_b", "outsider", "admin_viewer"])
def test_only_the_user_who_asked_sees_the_job(other: str, cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    job = _start(cast)
    for url in _urls(job):
        assert client_for(other).get(url).status_code == 404
    b_listing = client_for("admin_b").get(reverse("core:job-list", kwargs={"association": cast.b.association.slug}))
    assert "Eko 2024" not in b_listing.content.decode()


def test_a_refused_job_says_why_in_swedish_and_has_no_file(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    job = _start(cast, refuse=True)
    assert job.status == Job.Status.FAILED and job.error == "Det finns ingen bokföring för 2031."
    page, status, file = _urls(job)
    admin = client_for("admin")
    assert "Det finns ingen bokföring för 2031." in admin.get(page).content.decode()
    assert admin.get(status).json()["file_url"] == ""
    assert admin.get(file).status_code == 404


def test_a_crashing_job_shows_a_general_message_not_the_exception(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    job = _start(cast, crash=True)
    assert job.status == Job.Status.FAILED
    assert "internal detail" not in job.error and "Något gick fel" in job.error
    assert "internal detail" not in client_for("admin").get(_urls(job)[0]).content.decode()


def test_unknown_kind_and_too_many_open_jobs_are_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="Okänt slag"):
        start_job(acting_user=cast.user("admin"), association=cast.a.association, kind="nope", label="x", params={})
    for _ in range(3):
        Job.objects.create(association=cast.a.association, user=cast.user("admin"), kind="test.echo", label="x")
    before = Job.objects.count()
    with pytest.raises(ValidationError, match="redan 3 filer"):
        _start(cast)
    assert Job.objects.count() == before
    _start(cast, user="viewer")  # another user's queue is their own


def test_old_jobs_and_their_files_are_pruned(cast: Cast) -> None:
    job = _start(cast)
    path = job.file.path
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert jobs.prune() == 1
    assert not Job.objects.filter(pk=job.pk).exists()
    import os

    assert not os.path.exists(path)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every transactional test here
def test_the_database_queue_and_the_worker_make_the_file(cast: Cast) -> None:
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        job = _start(cast)
        assert job.status == Job.Status.QUEUED and job.progress == 0  # waits for the worker
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.file.read() == "år 2024".encode()


def test_the_job_routes_are_walked_for_every_cast_user(cast: Cast) -> None:
    from django.test import Client

    from samordna.testing.cast import ROLE_USERS
    from samordna.testing.urlwalk import USER_OWNED_ROUTES, owned_routes

    routes = owned_routes()
    assert {r.name for r in routes} == USER_OWNED_ROUTES
    for owner in ROLE_USERS:
        job = _start(cast, user=owner)
        kwargs = {"association": cast.a.association.slug, "pk": job.pk}
        for route in routes:
            url = reverse(route.name, kwargs=kwargs)
            assert Client().get(url).status_code == 302, url  # to the login page
            for name in [*ROLE_USERS, "admin_b", "outsider"]:
                client = Client()
                client.force_login(cast.user(name))
                expected = 200 if name == owner else 404
                assert client.get(url).status_code == expected, (owner, name, route.name)


def test_the_operator_job_pages_are_for_the_operator_who_asked(cast: Cast) -> None:
    from django.test import Client

    from samordna.core.models import User

    operator = User.objects.create_user("cast-operator", password="x", is_staff=True)
    other_operator = User.objects.create_user("cast-operator-2", password="x", is_staff=True)
    job = start_job(acting_user=operator, association=None, kind="test.echo", label="Nationellt", params={"year": 1})
    for name in ("operator-job", "operator-job-status", "operator-job-file"):
        url = reverse(name, kwargs={"pk": job.pk})
        assert Client().get(url).status_code == 302
        for user, expected in ((operator, 200), (other_operator, 404), (cast.user("admin"), 302)):
            client = Client()
            client.force_login(user)
            assert client.get(url).status_code == expected, (name, user)

"""Tests: ask for a file made by a background job (core.jobs) as a user would, and fetch it when it is ready."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client

from samordna.core.models import Job


def file_by_job(client: Client, url: str, data: dict[str, Any]) -> HttpResponse:
    """POST `data` to `url` (which starts a job), follow to the job page, and GET the job's file.

    In the tests jobs run in the request (JOBS_IN_REQUEST), so the job is finished when the page is shown.
    """
    started = client.post(url, data)
    assert started.status_code == 302, started.status_code
    page = client.get(started["Location"])
    assert page.status_code == 200, page.status_code
    job: Job = page.context["job"]
    assert job.status == Job.Status.DONE, (job.status, job.error)
    response = client.get(page.context["file_url"])
    assert response.status_code == 200, response.status_code
    return response


def content_of(response: HttpResponse) -> bytes:
    """The bytes of a file response (streaming or not)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content

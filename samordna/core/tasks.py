"""The worker's task: run one job of core.jobs (the queue is Django's tasks framework, see core.jobs)."""

from __future__ import annotations

from django_tasks import task

from samordna.core import jobs


@task()
def run_job(job_id: str) -> None:
    """Make the file of job `job_id` (its progress and outcome are stored on the job)."""
    jobs.run(job_id)

"""Background jobs of the results. Their stored arguments are ids only: never an answer nor a person.

Tasks import services; services never import tasks (they enqueue by path, ``core.jobs``).
"""

from __future__ import annotations

from django_tasks import task

from analytics import services


@task()
def build_results(job_id: str, campaign_id: int) -> None:
    services.results_build_run(job_id=job_id, campaign_id=campaign_id)


@task()
def render_report(job_id: str, report_id: str) -> None:
    services.report_render(job_id=job_id, report_id=report_id)

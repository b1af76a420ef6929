"""Background jobs of the results. Their stored arguments are ids only: never an answer nor a person."""

from __future__ import annotations

from django_tasks import task


@task()
def build_results(job_id: str, campaign_id: int) -> None:
    from analytics.services import results_build_run

    results_build_run(job_id=job_id, campaign_id=campaign_id)


@task()
def render_report(job_id: str, report_id: str) -> None:
    from analytics.services import report_render

    report_render(job_id=job_id, report_id=report_id)

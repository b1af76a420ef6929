"""Background jobs of the reviews: their stored arguments are ids only."""

from __future__ import annotations

from django_tasks import task

from reviews import services


@task()
def render_documents(job_id: str, review_id: int) -> None:
    services.generation_run(job_id=job_id, review_id=review_id)

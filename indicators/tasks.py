"""Background jobs of the indicators: their stored arguments are ids only.

Tasks import services; services never import tasks (they enqueue by path, ``core.jobs``).
"""

from __future__ import annotations

from django_tasks import task

from indicators import services


@task()
def recompute(job_id: str, organisation_id: int, indicator_ids: list[int] | None = None) -> None:
    services.recompute_run(job_id=job_id, organisation_id=organisation_id, indicator_ids=indicator_ids)

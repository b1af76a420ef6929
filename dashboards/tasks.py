"""Background jobs of the dashboards. Their stored arguments are ids only.

Tasks import services; services never import tasks (they enqueue by path, ``core.jobs``).
"""

from __future__ import annotations

from django_tasks import task

from dashboards import services


@task()
def render_plan_document(job_id: str, document_id: str) -> None:
    services.plan_document_render(job_id=job_id, document_id=document_id)

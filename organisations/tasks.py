"""Background jobs of people imports. Arguments are ids only: the data stays in the database and the file.

Tasks import services; services never import tasks (they enqueue by path, ``core.jobs``).
"""

from __future__ import annotations

from django_tasks import task

from organisations import services


@task()
def validate_people_import(import_id: int, job_id: str) -> None:
    services.people_import_validate(import_id=import_id, job_id=job_id)


@task()
def apply_people_import(import_id: int, job_id: str) -> None:
    services.people_import_apply(import_id=import_id, job_id=job_id)

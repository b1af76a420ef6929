"""Background jobs of the field loop. Arguments are ids only; tasks import services, never the reverse."""

from __future__ import annotations

from django_tasks import task

from field import services


@task()
def send_answer_emails(proposal_id: int, job_id: str) -> None:
    services.answer_emails_send(proposal_id=proposal_id, job_id=job_id)

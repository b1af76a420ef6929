"""Background jobs of the surveys app. Their stored arguments are a Job id, a campaign id and a mode: never a
token, a person or an answer.

Tasks import services at the top; services never import this module: they enqueue by path through ``core.jobs``
(ARCHITECTURE.md "Background jobs")."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django_tasks import task

from core.models import Job, JobStatus
from surveys import participation, services
from surveys.models import Campaign


@task()
def send_campaign_emails(job_id: str, campaign_id: int, mode: str) -> None:
    job = Job.objects.get(pk=job_id)
    try:
        campaign = Campaign.objects.get(pk=campaign_id)
        services.invitations_send(campaign=campaign, job=job, reminder=mode == "remind")
    except Exception:
        job.finish(JobStatus.FAILED, _("Erreur pendant l'envoi."))
        raise


@task()
def refresh_open_participation() -> None:
    """Daily (at ``SURVEYS_PARTICIPATION_HOUR``, run by the scheduler): the participation snapshot of every
    open campaign. Takes no argument; a page visit never recomputes participation."""
    participation.participation_refresh_open()


@task()
def send_due_invitations(today: str | None = None) -> None:
    """Daily (``QUALIVIE_DAILY_JOBS``, 07:00): campaigns opened before their opening date send their
    invitations on that date. ``today`` (ISO date) is for tests; the scheduler passes nothing."""
    services.invitations_send_due(today=datetime.date.fromisoformat(today) if today else None)

"""Background jobs of the surveys app. Their stored arguments are a Job id, a campaign id and a mode: never a
token, a person or an answer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from core.models import Job, JobStatus
from surveys.models import Campaign


@task()
def send_campaign_emails(job_id: str, campaign_id: int, mode: str) -> None:
    from surveys.services import invitations_send

    job = Job.objects.get(pk=job_id)
    try:
        campaign = Campaign.objects.get(pk=campaign_id)
        invitations_send(campaign=campaign, job=job, reminder=mode == "remind")
    except Exception:
        Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=_("Erreur pendant l'envoi."))
        raise


@task()
def refresh_participation(campaign_id: int) -> None:
    """Daily refresh of the participation snapshot (also refreshed lazily when older than 24 hours)."""
    from surveys.services import participation_refresh

    participation_refresh(campaign=Campaign.objects.get(pk=campaign_id))

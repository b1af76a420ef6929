"""Background jobs of the events app: e-mails about registrations, the daily reminders and the purge.

Tasks import services at the top; services never import this module: they enqueue by path through ``core.jobs``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from core.models import Job, JobStatus
from events import services
from events.models import Event


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    services.registration_email_send(registration_id=registration_id, kind=kind)


@task()
def queue_due_reminders() -> None:
    """Daily (``QUALIVIE_DAILY_JOBS``): a reminder to confirmed registrants two days before, once per event."""
    services.reminders_queue_due()


@task()
def send_reminders(job_id: str, event_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    try:
        services.reminders_send(job=job, event=Event.objects.select_related("organiser").get(pk=event_id))
    except Exception:
        job.finish(JobStatus.FAILED, _("Erreur pendant l'envoi."))
        raise


@task()
def send_satisfaction(job_id: str, event_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    try:
        services.satisfaction_send(job=job, event=Event.objects.select_related("organiser").get(pk=event_id))
    except Exception:
        job.finish(JobStatus.FAILED, _("Erreur pendant l'envoi."))
        raise


@task()
def purge_personal_data() -> None:
    """Daily: registrants' personal data deleted ``QUALIVIE_EVENTS_RETENTION_DAYS`` after the event."""
    services.purge_due()

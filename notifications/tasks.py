"""Background jobs of the notifications app: their stored arguments are ids and status codes, never an address.

Tasks import services at the top; services never import this module: they enqueue by path through ``core.jobs``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core.models import Job, JobStatus
from notifications import services
from plans.models import Action


@task()
def send_status_change(
    job_id: str, action_id: int, before: str, after: str, by_id: int | None = None
) -> None:
    job = Job.objects.get(pk=job_id)
    try:
        action = Action.objects.select_related("plan__organisation", "axis").get(pk=action_id)
        services.status_change_send(job=job, action=action, before=before, after=after, by_id=by_id)
    except Exception:
        job.finish(JobStatus.FAILED, _("Erreur pendant l'envoi."))
        raise


@task()
def send_due_digests(today: str | None = None) -> None:
    """Daily (``QUALIVIE_DAILY_JOBS``, 07:30): the action leads' digests that are due. ``today`` (ISO date) is for
    tests; the scheduler passes nothing."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    job = Job.objects.create(kind="notification_digest", label=_("Récapitulatifs des échéances"))
    try:
        services.digests_send_due(today=day, job=job)
    except Exception:
        job.finish(JobStatus.FAILED, _("Erreur pendant l'envoi."))
        raise

"""Background jobs of the prevention app. Their stored arguments are ids only.

Tasks import services at the top; services never import this module (ARCHITECTURE.md "Background jobs")."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from core.models import Job, JobStatus
from prevention import services


@task()
def send_reassessment_emails(job_id: str, measure_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    try:
        services.reassessment_emails_send(measure_id=measure_id, job=job)
    except Exception:
        job.finish(JobStatus.FAILED, _("Erreur pendant l'envoi."))
        raise


@task()
def build_register_version(job_id: str, publication_id: int) -> None:
    """Build the version of a confirmed publication (``job_id`` is the publication's own job)."""
    try:
        services.register_publication_build(publication_id=publication_id)
    except Exception:
        services.register_publication_fail(publication_id=publication_id)
        raise

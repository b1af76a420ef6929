"""Writes of the dashboards: the committee documents (background job) and the organisation's dashboard setting.

Services never import tasks: they enqueue by path (``core.jobs.enqueue_on_commit``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core import jobs
from core.models import Job, JobStatus
from dashboards import documents, selectors
from dashboards.models import DocumentFormat, PlanDocument
from organisations.models import Organisation
from plans.models import Plan

DOCUMENT_STEPS = 3
STALE_DAYS_MIN, STALE_DAYS_MAX = 7, 730


def plan_document_start(*, plan: Plan, fmt: str, by: Any) -> PlanDocument:
    """Queue the committee document of the plan in one format; the person follows it on the job page."""
    if fmt not in DocumentFormat.values:
        raise ValidationError({"format": _("Format inconnu.")})
    with transaction.atomic():
        document = PlanDocument.objects.create(
            plan=plan, format=fmt, requested_by=by if getattr(by, "pk", None) else None
        )
        job = Job.objects.create(
            organisation=plan.organisation,
            owner=document.requested_by,
            kind="plan_document",
            label=_("Document du plan (%(f)s) — %(t)s") % {"f": fmt.upper(), "t": plan.title},
            total=DOCUMENT_STEPS,
            result_url=reverse("dashboards:document_download", args=[document.pk]),
        )
        document.job = job
        document.save(update_fields=["job"])
        jobs.enqueue_on_commit(
            "dashboards.tasks.render_plan_document", job_id=str(job.pk), document_id=str(document.pk)
        )
    return document


def plan_document_render(*, job_id: str, document_id: str) -> None:
    """Body of the background job: read the plan, render the format, store the file under MEDIA_ROOT/private."""
    job = Job.objects.get(pk=job_id)
    job.start()
    try:
        document = PlanDocument.objects.select_related("plan__organisation").get(pk=document_id)
        axes = selectors.plan_document(document.plan)
        job.advance(1, message=_("Plan lu, mise en page…"))
        content = documents.RENDERERS[document.format](document.plan, axes)
        job.advance(2, message=_("Enregistrement du fichier…"))
        document.file.save(f"{document.pk}.{document.format}", ContentFile(content), save=True)
    except Exception:
        job.finish(JobStatus.FAILED, _("La génération du document a échoué."))
        raise
    job.finish(JobStatus.DONE, _("Le document est prêt."))


def stale_days_set(*, organisation: Organisation, days: int, by: Any) -> Organisation:
    """How many days without a progress update make an action « sans nouvelles » on the dashboards."""
    if not STALE_DAYS_MIN <= days <= STALE_DAYS_MAX:
        raise ValidationError(
            {
                "stale_update_days": _("Choisissez un délai entre %(a)s et %(b)s jours.")
                % {"a": STALE_DAYS_MIN, "b": STALE_DAYS_MAX}
            }
        )
    organisation.stale_update_days = days
    organisation.save(update_fields=["stale_update_days"])
    return organisation

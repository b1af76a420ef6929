"""Writes of the reviews app: one function per change, keyword-only, inside a transaction.

The documents are generated in the background (``reviews.tasks.render_documents``, enqueued by path: services
never import tasks). Closing a review freezes it: no more comments, votes, decisions, snapshot or generation, and
its files are never written again (``_check_open`` in every write, re-checked by the job before it saves).
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jobs
from core.models import Job, JobStatus
from organisations.models import Organisation
from plans.models import Action, Plan
from reviews import documents, selectors
from reviews.models import (
    DocumentFormat,
    GroupMember,
    Meeting,
    ReviewComment,
    ReviewCycle,
    ReviewDocument,
    ReviewStatus,
    UnionVote,
)


def _check_open(review: ReviewCycle) -> None:
    if review.is_closed:
        raise ValidationError(_("Ce bilan est clos : il ne peut plus être modifié."))


def _check_window(review: ReviewCycle) -> None:
    _check_open(review)
    if not review.consultation_is_open():
        raise ValidationError(
            _("La consultation n'est pas ouverte : commentaires et avis ne sont plus modifiables.")
        )


def review_create(
    *,
    organisation: Organisation,
    plan: Plan,
    school_year: int,
    title: str,
    consultation_opens_on: datetime.date,
    consultation_closes_on: datetime.date,
    by: Any,
) -> ReviewCycle:
    if plan.organisation_id != organisation.pk:
        raise ValidationError({"plan": _("Ce plan n'appartient pas à l'organisation.")})
    review = ReviewCycle(
        organisation=organisation,
        plan=plan,
        plan_lineage=plan.lineage,
        school_year=school_year,
        title=title,
        consultation_opens_on=consultation_opens_on,
        consultation_closes_on=consultation_closes_on,
        created_by=by,
    )
    review.full_clean()
    if ReviewCycle.objects.filter(
        organisation=organisation, plan_lineage=plan.lineage, school_year=school_year
    ).exists():
        raise ValidationError({"school_year": _("Ce plan a déjà un bilan pour cette année scolaire.")})
    if consultation_closes_on < consultation_opens_on:
        raise ValidationError(
            {"consultation_closes_on": _("La clôture suit l'ouverture de la consultation.")}
        )
    with transaction.atomic():
        review.save()
    return review


def review_update(
    *,
    review: ReviewCycle,
    title: str,
    consultation_opens_on: datetime.date,
    consultation_closes_on: datetime.date,
) -> ReviewCycle:
    """Rename an open review or move its consultation window."""
    _check_open(review)
    if consultation_closes_on < consultation_opens_on:
        raise ValidationError(
            {"consultation_closes_on": _("La clôture suit l'ouverture de la consultation.")}
        )
    review.title = title
    review.consultation_opens_on, review.consultation_closes_on = (
        consultation_opens_on,
        consultation_closes_on,
    )
    review.full_clean()
    review.save(update_fields=["title", "consultation_opens_on", "consultation_closes_on"])
    return review


def member_add(*, review: ReviewCycle, user: Any, body: str, union: str = "") -> GroupMember:
    _check_open(review)
    if review.members.filter(user=user).exists():
        raise ValidationError({"user": _("Cette personne fait déjà partie du groupe de travail.")})
    member = GroupMember(review=review, user=user, body=body.strip(), union=union.strip())
    member.full_clean()
    member.save()
    return member


def meeting_create(
    *,
    review: ReviewCycle,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
) -> Meeting:
    _check_open(review)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("La fin suit le début de la réunion.")})
    meeting = Meeting(
        review=review, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at, place=place
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def review_snapshot(*, review: ReviewCycle, by: Any) -> ReviewCycle:
    """Freeze the plan as it stands now (replaces an earlier snapshot of this review while it is open)."""
    _check_open(review)
    state = selectors.plan_state(review)
    with transaction.atomic():
        locked = ReviewCycle.objects.select_for_update().get(pk=review.pk)
        _check_open(locked)
        review.snapshot, review.snapshot_at = state, timezone.now()
        review.save(update_fields=["snapshot", "snapshot_at"])
    return review


def _action_of(review: ReviewCycle, action: Action | None) -> Action | None:
    if action is not None and action.plan_id != review.plan_id:
        raise ValidationError({"action": _("Cette action n'appartient pas au plan du bilan.")})
    return action


def comment_post(*, review: ReviewCycle, by: Any, text: str, action: Action | None = None) -> ReviewComment:
    _check_window(review)
    action = _action_of(review, action)
    comment = ReviewComment(
        review=review,
        author=by,
        text=text.strip(),
        action_lineage=action.lineage if action else None,
        action_code=action.code if action else "",
    )
    comment.full_clean()
    comment.save()
    return comment


def comment_edit(*, comment: ReviewComment, text: str) -> ReviewComment:
    _check_window(comment.review)
    comment.text, comment.edited_at = text.strip(), timezone.now()
    comment.full_clean()
    comment.save(update_fields=["text", "edited_at"])
    return comment


def vote_record(*, review: ReviewCycle, by: Any, union: str, choice: str, statement: str) -> UnionVote:
    """Record (or replace, while the window is open) a union's formal opinion."""
    _check_window(review)
    if not review.members.filter(union=union).exists():
        raise ValidationError({"union": _("Aucun membre du groupe de travail ne représente ce syndicat.")})
    with transaction.atomic():
        vote = UnionVote.objects.filter(review=review, union=union).first() or UnionVote(
            review=review, union=union
        )
        vote.choice, vote.statement, vote.recorded_by = choice, statement.strip(), by
        vote.full_clean()
        vote.save()
    return vote


def decision_record(*, review: ReviewCycle, by: Any, text: str, actions: list[Action] | None = None) -> Any:
    _check_open(review)
    for action in actions or []:
        _action_of(review, action)
    with transaction.atomic():
        decision = review.decisions.model(review=review, text=text.strip(), recorded_by=by)
        decision.full_clean()
        decision.save()
        decision.actions.set(actions or [])
    return decision


def generation_start(*, review: ReviewCycle, by: Any) -> Job:
    """Queue a new version of the documents; the person follows its progress bar."""
    _check_open(review)
    if not review.snapshot:
        raise ValidationError(_("Figez d'abord l'état du plan : les documents en sont tirés."))
    with transaction.atomic():
        job = Job.objects.create(
            organisation=review.organisation,
            owner=by if getattr(by, "pk", None) else None,
            kind="review_documents",
            label=_("Documents du bilan — %(t)s") % {"t": review.title},
            total=len(DocumentFormat) + 1,
            result_url=reverse("reviews:detail", args=[review.pk]) + "#documents",
        )
        review.generation_job = job
        review.save(update_fields=["generation_job"])
        jobs.enqueue_on_commit("reviews.tasks.render_documents", job_id=str(job.pk), review_id=review.pk)
    return job


RENDERERS = {
    DocumentFormat.PDF: documents.render_pdf,
    DocumentFormat.ODT: documents.render_odt,
    DocumentFormat.ODS: documents.render_ods,
    DocumentFormat.XLSX: documents.render_xlsx,
}


def generation_run(*, job_id: str, review_id: int) -> None:
    """Body of the background job: four files from the snapshot, saved together as the next version."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    job.start()
    try:
        review = ReviewCycle.objects.select_related("organisation", "plan").get(pk=review_id)
        context = documents.context_for(review)
        job.advance(1, message=_("Lecture de l'état figé et de la consultation."))
        rendered: dict[DocumentFormat, bytes] = {}
        for n, (fmt, render) in enumerate(RENDERERS.items(), start=2):
            rendered[fmt] = render(context)
            job.advance(n, message=_("Document %(f)s prêt.") % {"f": fmt.label})
        with transaction.atomic():
            locked = ReviewCycle.objects.select_for_update().get(pk=review_id)
            if locked.is_closed:
                job.finish(
                    JobStatus.FAILED, _("Le bilan a été clos pendant la génération : rien n'a été écrit.")
                )
                return
            version = (locked.documents.aggregate(v=Max("version"))["v"] or 0) + 1
            for fmt, content in rendered.items():
                document = ReviewDocument(
                    review=locked,
                    version=version,
                    format=fmt,
                    sha256=hashlib.sha256(content).hexdigest(),
                    size=len(content),
                    created_by=job.owner,
                )
                document.file.save(
                    f"{review.pk}/v{version}/{document.pk}.{fmt}", ContentFile(content), save=False
                )
                document.save()
    except Exception:
        job.finish(JobStatus.FAILED, _("La génération des documents a échoué."))
        raise
    job.finish(JobStatus.DONE, _("Version %(v)s des documents prête.") % {"v": version})


def review_close(*, review: ReviewCycle, by: Any) -> ReviewCycle:
    """Irreversible: nothing of the review changes afterwards. Needs a snapshot and at least one generation."""
    with transaction.atomic():
        locked = ReviewCycle.objects.select_for_update().get(pk=review.pk)
        _check_open(locked)
        if not locked.snapshot:
            raise ValidationError(_("Figez l'état du plan avant de clore le bilan."))
        if not locked.documents.exists():
            raise ValidationError(_("Générez les documents avant de clore le bilan."))
        review.status, review.closed_at, review.closed_by = ReviewStatus.CLOSED, timezone.now(), by
        review.save(update_fields=["status", "closed_at", "closed_by"])
    return review


@transaction.atomic
def decision_link_changes(*, decision: Any, by: Any, changes: list[Any]) -> Any:
    """Tie a decision to the plan changes that implement it. Allowed after the review is closed: a revision comes
    after the review, and the link changes neither the snapshot nor the documents. Only changes recorded in a
    later version of the reviewed plan's lineage."""
    review = decision.review
    allowed = set(selectors.implementing_changes(review).values_list("pk", flat=True))
    if any(change.pk not in allowed for change in changes):
        raise ValidationError(_("Choisissez des modifications d'une version ultérieure du plan examiné."))
    decision.plan_changes.set(changes)
    return decision

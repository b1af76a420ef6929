"""The annual reviews part of the permission matrix's world (``core/tests/permission_world.py``).

Two reviews of the staff plan, made with the services as the programme lead would: an open one (consultation
window open today, the staff representative in its working group for the FSU, a meeting, the representative's
comment, a frozen snapshot and one generation of its four documents), and a closed one (2024-2025) whose
documents are copies of the open one's (WeasyPrint takes seconds: render once).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from organisations.models import Organisation
from plans.models import Plan
from reviews import services as review_services
from reviews.models import Decision, Meeting, ReviewComment, ReviewCycle, ReviewDocument

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class ReviewWorld:
    review: ReviewCycle  # open, consultation window open today, the staff representative in its group (FSU)
    closed_review: ReviewCycle  # 2024-2025, closed with its documents
    meeting: Meeting  # the F3SCT debate of the open review
    review_comment: ReviewComment  # the staff representative's comment on the open review
    review_document: ReviewDocument  # the PDF of the open review
    closed_document: ReviewDocument  # the PDF of the closed review
    closed_decision: Decision  # a decision of the closed review (tied to plan changes after closing)


def build_review_world(*, organisation: Organisation, plan: Plan, users: dict[str, User]) -> ReviewWorld:
    pilot, rep = users["programme_lead"], users["staff_rep"]
    today = timezone.localdate()
    review = review_services.review_create(
        organisation=organisation,
        plan=plan,
        school_year=2025,
        title="Bilan annuel 2025-2026",
        consultation_opens_on=today - datetime.timedelta(days=3),
        consultation_closes_on=today + datetime.timedelta(days=30),
        by=pilot,
    )
    review_services.member_add(review=review, user=rep, body="CSA", union="FSU")
    meeting = review_services.meeting_create(
        review=review,
        kind="f3sct",
        title="Débat sur la QVT",
        starts_at=datetime.datetime(2026, 12, 8, 14, 0, tzinfo=PARIS),
        ends_at=datetime.datetime(2026, 12, 8, 17, 0, tzinfo=PARIS),
        place="Rectorat, salle du conseil",
    )
    comment = review_services.comment_post(review=review, by=rep, text="Les AED sont oubliés.")
    review_services.review_snapshot(review=review, by=pilot)
    review_services.generation_start(review=review, by=pilot)  # run inline by the caller's TASKS setting
    document = ReviewDocument.objects.get(review=review, format="pdf")

    closed = review_services.review_create(
        organisation=organisation,
        plan=plan,
        school_year=2024,
        title="Bilan annuel 2024-2025",
        consultation_opens_on=datetime.date(2025, 3, 1),
        consultation_closes_on=datetime.date(2025, 3, 31),
        by=pilot,
    )
    review_services.review_snapshot(review=closed, by=pilot)
    decision = review_services.decision_record(review=closed, by=pilot, text="Élargir l'action 1.1 aux AED.")
    closed_document = ReviewDocument(
        review=closed, version=1, format="pdf", sha256=document.sha256, size=document.size
    )
    with document.file.open("rb") as pdf:
        closed_document.file.save(
            f"{closed.pk}/v1/{closed_document.pk}.pdf", ContentFile(pdf.read()), save=True
        )
    closed = review_services.review_close(review=closed, by=pilot)
    return ReviewWorld(
        review=review,
        closed_review=closed,
        meeting=meeting,
        review_comment=comment,
        review_document=document,
        closed_document=closed_document,
        closed_decision=decision,
    )

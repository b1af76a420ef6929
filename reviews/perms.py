"""Who may read and take part in an annual review, and the permission-checked getters every view goes through.

- programme leads and administrators of the whole organisation manage reviews (cycle, group, meetings, snapshot,
  decisions, documents, closing);
- staff representatives and the working group's members read reviews, comment while the consultation is open, and
  a member whose row names a union records that union's vote (programme leads record any union's vote of the
  group, as read out in session);
- every member of the organisation (agents included) reads the *summary* of a closed review (snapshot, votes,
  decisions): it is what the administration publishes after the CSA; documents stay with the readers above;
- anyone else gets 404 (existence never leaks), members whose role is not enough 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts import perms
from accounts.models import Role
from reviews.models import Decision, Meeting, ReviewComment, ReviewCycle, ReviewDocument

READ_ROLES = (Role.PROGRAMME_LEAD, Role.ADMIN, Role.STAFF_REP)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_group_member(user: Any, review: ReviewCycle) -> bool:
    if not _authenticated(user):
        return False
    cached = getattr(review, "_member_ids", None)
    if cached is None:
        cached = set(review.members.values_list("user_id", flat=True))
        review._member_ids = cached  # type: ignore[attr-defined]
    return user.pk in cached


def can_manage_review(user: Any, review: ReviewCycle) -> bool:
    return perms.can_manage_organisation(user, review.organisation)


def can_read_review(user: Any, review: ReviewCycle) -> bool:
    return perms.is_member(user, review.organisation) and (
        perms.has_role(user, review.organisation, *READ_ROLES) or is_group_member(user, review)
    )


def can_read_summary(user: Any, review: ReviewCycle) -> bool:
    return can_read_review(user, review) or (review.is_closed and perms.is_member(user, review.organisation))


def can_comment(user: Any, review: ReviewCycle) -> bool:
    """Staff representatives and group members, while the consultation window is open."""
    if not review.consultation_is_open():
        return False
    return perms.is_member(user, review.organisation) and (
        perms.has_role(user, review.organisation, Role.STAFF_REP) or is_group_member(user, review)
    )


def vote_unions(user: Any, review: ReviewCycle) -> list[str]:
    """Unions whose vote the user may record now: their own (as a member), or every union of the group (lead)."""
    if not review.consultation_is_open() or not _authenticated(user):
        return []
    unions = sorted({u for u in review.members.exclude(union="").values_list("union", flat=True)})
    if can_manage_review(user, review):
        return unions
    own = review.members.filter(user=user).exclude(union="").values_list("union", flat=True)
    return sorted(set(own))


def can_edit_comment(user: Any, comment: ReviewComment) -> bool:
    return (
        _authenticated(user)
        and comment.author_id == user.pk
        and comment.review.consultation_is_open()
        and can_read_review(user, comment.review)
    )


def _deny(user: Any, review: ReviewCycle) -> None:
    if not perms.is_member(user, review.organisation):
        raise Http404
    raise PermissionDenied


def check_review_access(
    user: Any, review: ReviewCycle, *, manage: bool = False, summary: bool = False
) -> None:
    allowed = can_read_summary if summary else can_read_review
    if not allowed(user, review):
        _deny(user, review)
    if manage and not can_manage_review(user, review):
        raise PermissionDenied


def get_review_for_user(
    request: HttpRequest, pk: int, *, manage: bool = False, summary: bool = False, writable: bool = False
) -> ReviewCycle:
    """404 outside the organisation; 403 inside when the role is not enough (anonymous: 403, views log in).
    ``writable``: 403 once the review is closed (nothing of it changes any more)."""
    review = ReviewCycle.objects.select_related("organisation", "plan").filter(pk=pk).first()
    if review is None:
        raise Http404
    if not _authenticated(request.user):
        raise PermissionDenied
    check_review_access(request.user, review, manage=manage, summary=summary)
    if writable and review.is_closed:
        raise PermissionDenied(_("Ce bilan est clos : il ne peut plus être modifié."))
    return review


def get_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("review__organisation").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if not _authenticated(request.user):
        raise PermissionDenied
    check_review_access(request.user, meeting.review)
    return meeting


def get_comment_for_user(request: HttpRequest, pk: int) -> ReviewComment:
    """A comment its author may still edit: 404/403 as for its review, then 403 to anyone else."""
    comment = ReviewComment.objects.select_related("review__organisation").filter(pk=pk).first()
    if comment is None:
        raise Http404
    if not _authenticated(request.user):
        raise PermissionDenied
    check_review_access(request.user, comment.review)
    if not can_edit_comment(request.user, comment):
        raise PermissionDenied
    return comment


def document_for(user: Any, pk: Any) -> ReviewDocument | None:
    """The document if ``user`` reads its review; None otherwise (the API answers 404, never 403)."""
    document = ReviewDocument.objects.select_related("review__organisation").filter(pk=pk).first()
    if document is None or not can_read_review(user, document.review):
        return None
    return document


def get_document_for_user(request: HttpRequest, pk: Any) -> ReviewDocument:
    document = ReviewDocument.objects.select_related("review__organisation").filter(pk=pk).first()
    if document is None:
        raise Http404
    if not _authenticated(request.user):
        raise PermissionDenied
    check_review_access(request.user, document.review)
    return document


def get_decision_for_user(request: HttpRequest, pk: int) -> Decision:
    """A decision of a review the caller manages (404 outside the organisation, 403 inside without the role)."""
    decision = Decision.objects.select_related("review__organisation", "review__plan").filter(pk=pk).first()
    if decision is None:
        raise Http404
    if not _authenticated(request.user):
        raise PermissionDenied
    check_review_access(request.user, decision.review, manage=True)
    return decision

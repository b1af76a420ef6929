"""Who may do what in co-construction (see DOMAIN.md §3).

- Every member of the organisation reads its working groups and their submitted proposals.
- Members and leads of a group write proposals for it; drafts stay within the group and the steering team.
- The author, the group's leads and the programme lead edit a proposal while it is a draft or submitted.
- The group's leads and the programme lead check the four criteria; only the programme lead adopts or declines.
- The programme lead (or an administrator of the whole organisation) creates and edits the groups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts import perms

if TYPE_CHECKING:
    from coconstruction.models import Proposal, ProposalComment, WorkingGroup
    from plans.models import Plan


def _person_ids(user: Any, plan: Plan) -> set[int]:
    """Active staff records of the user in the plan's organisation (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache: dict[int, set[int]] = user.__dict__.setdefault("_qv_coco_person_ids", {})
    if plan.organisation_id not in cache:
        from organisations.models import Person

        cache[plan.organisation_id] = set(
            Person.objects.filter(
                user=user, organisation_id=plan.organisation_id, is_active=True
            ).values_list("pk", flat=True)
        )
    return cache[plan.organisation_id]


def can_manage_groups(user: Any, plan: Plan) -> bool:
    return perms.can_manage_organisation(user, plan.organisation)


def can_view_group(user: Any, group: WorkingGroup) -> bool:
    return perms.is_member(user, group.plan.organisation)


def is_group_lead(user: Any, group: WorkingGroup) -> bool:
    ids = _person_ids(user, group.plan)
    return bool(ids) and group.leads.filter(pk__in=ids).exists()


def is_group_member(user: Any, group: WorkingGroup) -> bool:
    """Members and leads of the group."""
    ids = _person_ids(user, group.plan)
    if not ids:
        return False
    return group.members.filter(pk__in=ids).exists() or group.leads.filter(pk__in=ids).exists()


def can_propose(user: Any, group: WorkingGroup) -> bool:
    return can_manage_groups(user, group.plan) or is_group_member(user, group)


def can_view_proposal(user: Any, proposal: Proposal) -> bool:
    from coconstruction.models import ProposalStatus

    group = proposal.group
    if not can_view_group(user, group):
        return False
    if proposal.status != ProposalStatus.DRAFT:
        return True
    return proposal.author_id == getattr(user, "pk", None) or can_propose(user, group)


def can_edit_proposal(user: Any, proposal: Proposal) -> bool:
    if not proposal.is_open or not getattr(user, "is_authenticated", False):
        return False
    if proposal.author_id == user.pk and perms.is_member(user, proposal.group.plan.organisation):
        return True
    return can_manage_groups(user, proposal.group.plan) or is_group_lead(user, proposal.group)


def can_check_criteria(user: Any, proposal: Proposal) -> bool:
    if not proposal.is_open:
        return False
    return can_manage_groups(user, proposal.group.plan) or is_group_lead(user, proposal.group)


def can_decide(user: Any, proposal: Proposal) -> bool:
    """Adopt or decline: the programme lead, once the proposal is submitted."""
    from coconstruction.models import ProposalStatus

    return proposal.status == ProposalStatus.SUBMITTED and can_manage_groups(user, proposal.group.plan)


def can_comment(user: Any, proposal: Proposal) -> bool:
    return getattr(user, "is_authenticated", False) and can_view_proposal(user, proposal)


def can_correct_comment(user: Any, comment: ProposalComment) -> bool:
    """Its author corrects or withdraws a comment within the correction window, while it is shown."""
    return bool(
        getattr(user, "is_authenticated", False)
        and comment.author_id == user.pk
        and comment.is_visible
        and comment.within_window()
        and can_view_proposal(user, comment.proposal)
    )


def can_hide_comment(user: Any, comment: ProposalComment) -> bool:
    """The programme lead (or an administrator of the organisation) hides any comment."""
    return can_manage_groups(user, comment.proposal.group.plan)


# --- Getters: the one way views and the API load a co-construction object for a person ----------------


def get_group_for_user(request: HttpRequest, pk: int) -> WorkingGroup:
    """A working group the user may read: any member of its organisation; 404 for everyone else."""
    from coconstruction.models import WorkingGroup

    group = get_object_or_404(WorkingGroup.objects.select_related("plan__organisation", "axis"), pk=pk)
    if not can_view_group(request.user, group):
        raise Http404
    return group


def get_proposal_for_user(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the user may read: 404 outside its organisation, 403 for a draft outside the group."""
    from coconstruction.models import Proposal

    qs = Proposal.objects.select_related(
        "group__plan__organisation", "group__axis", "author", "criteria_checked_by", "adopted_action__axis"
    )
    proposal = get_object_or_404(qs, pk=pk)
    if not can_view_group(request.user, proposal.group):
        raise Http404
    if not can_view_proposal(request.user, proposal):
        raise PermissionDenied
    return proposal


def get_comment_for_user(request: HttpRequest, pk: int, *, hide: bool = False) -> ProposalComment:
    """A comment its author may correct or withdraw (``hide``: that the programme lead may hide): 404 outside the
    organisation, 403 to anyone else."""
    from coconstruction.models import ProposalComment

    comment = get_object_or_404(
        ProposalComment.objects.select_related("proposal__group__plan__organisation", "author"), pk=pk
    )
    if not can_view_group(request.user, comment.proposal.group):
        raise Http404
    allowed = can_hide_comment if hide else can_correct_comment
    if not allowed(request.user, comment):
        raise PermissionDenied
    return comment

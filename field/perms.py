"""Who may do what in the field loop.

- The steering committee (« comité de pilotage ») is the organisation's programme leads (whole-organisation grant)
  and the people the programme lead adds in the field settings (``FieldSettings.committee``). It sees every space,
  proposal and situation-problem of the organisation, creates spaces and answers proposals. When the accounts app
  has a prevention adviser role (``Role.PREVENTION_ADVISER``), whole-organisation advisers are in it too.
- A space's facilitators (one or two) and members see their space, its sessions, proposals, answers and photos;
  facilitators record sessions, proposals and photos and edit the group's rules.
- A situation-problem is seen by the steering committee, its author and, when it comes from a space, the space's
  people; its author, the space's facilitators and the committee complete it; only the register's keeper promotes it
  to the register or the programme.
- After-action reviews are blame-free and shared: every member of the organisation reads them; the committee and
  facilitators write them.
- Anyone outside the organisation gets 404; inside, 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts import perms
from accounts.models import Role

if TYPE_CHECKING:
    from field.models import AfterActionReview, Photo, SituationProblem, Space, SpaceProposal
    from organisations.models import Organisation

STEERING_ROLES = {Role.PROGRAMME_LEAD, Role.PREVENTION_ADVISER}


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def committee_ids(organisation: Organisation) -> set[int]:
    from field.models import FieldSettings

    return set(
        FieldSettings.committee.through.objects.filter(fieldsettings__organisation=organisation).values_list(
            "user_id", flat=True
        )
    )


def is_steering(user: Any, organisation: Organisation) -> bool:
    """A member of the organisation's steering committee."""
    if not _authenticated(user) or not perms.is_member(user, organisation):
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_qv_field_steering", {})
    if organisation.pk not in cache:
        by_role = perms.scoped_units(user, organisation, *STEERING_ROLES) is None
        cache[organisation.pk] = by_role or user.pk in committee_ids(organisation)
    return cache[organisation.pk]


def can_configure(user: Any, organisation: Organisation) -> bool:
    return perms.can_manage_organisation(user, organisation)


def is_facilitator(user: Any, space: Space) -> bool:
    return _authenticated(user) and space.facilitators.filter(pk=user.pk).exists()


def is_space_person(user: Any, space: Space) -> bool:
    """A facilitator or a member of the space."""
    return is_facilitator(user, space) or (_authenticated(user) and space.members.filter(pk=user.pk).exists())


def can_create_space(user: Any, organisation: Organisation) -> bool:
    return is_steering(user, organisation)


def can_view_space(user: Any, space: Space) -> bool:
    return is_steering(user, space.organisation) or is_space_person(user, space)


def can_run_space(user: Any, space: Space) -> bool:
    """Record sessions, proposals and photos, edit the group's rules."""
    return is_steering(user, space.organisation) or is_facilitator(user, space)


def can_answer(user: Any, proposal: SpaceProposal) -> bool:
    return is_steering(user, proposal.space.organisation)


def facilitates_any(user: Any, organisation: Organisation) -> bool:
    from field.models import Space

    return (
        _authenticated(user) and Space.objects.filter(organisation=organisation, facilitators=user).exists()
    )


def can_create_situation(user: Any, organisation: Organisation) -> bool:
    return is_steering(user, organisation) or facilitates_any(user, organisation)


def can_view_situation(user: Any, situation: SituationProblem) -> bool:
    if is_steering(user, situation.organisation):
        return True
    if _authenticated(user) and situation.created_by_id == user.pk:
        return True
    return situation.space is not None and is_space_person(user, situation.space)


def can_edit_situation(user: Any, situation: SituationProblem) -> bool:
    if is_steering(user, situation.organisation):
        return True
    if _authenticated(user) and situation.created_by_id == user.pk:
        return perms.is_member(user, situation.organisation)
    return situation.space is not None and is_facilitator(user, situation.space)


def can_promote(user: Any, situation: SituationProblem) -> bool:
    """Writing to the register and the programme is the prevention app's keepers' (prevention adviser, admin)."""
    from prevention.perms import can_keep

    return can_keep(user, situation.organisation)


def can_view_photo(user: Any, photo: Photo) -> bool:
    if photo.space is not None:
        return can_view_space(user, photo.space)
    return photo.situation is not None and can_view_situation(user, photo.situation)


def can_withdraw_photo(user: Any, photo: Photo) -> bool:
    if _authenticated(user) and photo.uploaded_by_id == user.pk:
        return True
    if photo.space is not None:
        return can_run_space(user, photo.space)
    return photo.situation is not None and can_edit_situation(user, photo.situation)


def can_view_reviews(user: Any, organisation: Organisation) -> bool:
    return perms.is_member(user, organisation)


def can_write_review(user: Any, organisation: Organisation) -> bool:
    return is_steering(user, organisation) or facilitates_any(user, organisation)


# --- Getters: the one way views load a field object for a person ------------------------------------------


def _inside(user: Any, organisation: Organisation) -> None:
    if not perms.is_member(user, organisation):
        raise Http404


def get_space_for_user(request: HttpRequest, pk: int, *, run: bool = False) -> Space:
    """A space its people and the steering committee see (``run``: that they may run): 404 outside the
    organisation, 403 inside."""
    from field.models import Space

    space = get_object_or_404(Space.objects.select_related("organisation", "unit", "work_unit"), pk=pk)
    _inside(request.user, space.organisation)
    allowed = can_run_space if run else can_view_space
    if not allowed(request.user, space):
        raise PermissionDenied
    return space


def get_proposal_for_user(request: HttpRequest, pk: int, *, answer: bool = False) -> SpaceProposal:
    from field.models import SpaceProposal

    proposal = get_object_or_404(
        SpaceProposal.objects.select_related(
            "space__organisation", "session", "answer_action__plan", "answer_measure", "answered_by"
        ),
        pk=pk,
    )
    _inside(request.user, proposal.space.organisation)
    allowed = can_answer(request.user, proposal) if answer else can_view_space(request.user, proposal.space)
    if not allowed:
        raise PermissionDenied
    return proposal


def get_situation_for_user(
    request: HttpRequest, pk: int, *, edit: bool = False, promote: bool = False
) -> SituationProblem:
    from field.models import SituationProblem

    situation = get_object_or_404(
        SituationProblem.objects.select_related("organisation", "space", "work_unit"), pk=pk
    )
    _inside(request.user, situation.organisation)
    check = can_promote if promote else can_edit_situation if edit else can_view_situation
    if not check(request.user, situation):
        raise PermissionDenied
    return situation


def get_photo_for_user(request: HttpRequest, pk: int, *, withdraw: bool = False) -> Photo:
    """A photo whose consent holds: a withdrawn one answers 404 to everyone, at once."""
    from field.models import Photo

    photo = get_object_or_404(
        Photo.objects.shown().select_related(
            "organisation", "space__organisation", "situation__organisation"
        ),
        pk=pk,
    )
    _inside(request.user, photo.organisation)
    check = can_withdraw_photo if withdraw else can_view_photo
    if not check(request.user, photo):
        raise PermissionDenied
    return photo


def get_review_for_user(request: HttpRequest, pk: int) -> AfterActionReview:
    from field.models import AfterActionReview

    review = get_object_or_404(AfterActionReview.objects.select_related("organisation"), pk=pk)
    _inside(request.user, review.organisation)
    if not can_view_reviews(request.user, review.organisation):
        raise PermissionDenied
    return review

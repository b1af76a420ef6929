"""Who may see and change plans and actions, and the permission-checked getters every view goes through.

Getters answer 404 for another organisation's non-public objects (their existence is not revealed) and
403 for a member whose role is not enough. Anonymous visitors get 403 too: views turn it into a login redirect.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest

from accounts import perms
from accounts.models import Role
from plans.models import (
    Action,
    ActionUpdate,
    Axis,
    Milestone,
    Plan,
    Theme,
    UpdateAttachment,
    Visibility,
)

HISTORY_ROLES = (Role.PROGRAMME_LEAD, Role.ADMIN, Role.STAFF_REP)


def can_view_plan(user: Any, plan: Plan) -> bool:
    if plan.visibility == Visibility.PUBLIC:
        return True
    if plan.visibility == Visibility.STAFF and perms.is_member(user, plan.organisation):
        return True
    return perms.has_role(user, plan.organisation, Role.PROGRAMME_LEAD, Role.ADMIN, Role.ACTION_LEAD)


def can_manage_plan(user: Any, plan: Plan) -> bool:
    """Programme leads and administrators of the whole organisation edit the plan's structure."""
    return perms.can_manage_organisation(user, plan.organisation)


def is_action_lead(user: Any, action: Action) -> bool:
    """Uses the prefetched ``leads`` when there are some: no query per action in lists."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(lead.pk == user.pk for lead in action.leads.all())


def can_post_update(user: Any, action: Action) -> bool:
    """An action's leads post its progress updates; so do the programme leads."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_manage_plan(user, action.plan):
        return True
    return is_action_lead(user, action) and perms.is_member(user, action.plan.organisation)


def can_correct_update(user: Any, update: ActionUpdate) -> bool:
    """Its author corrects or withdraws a progress update within the correction window, while it is shown."""
    return bool(
        getattr(user, "is_authenticated", False)
        and update.author_id == user.pk
        and update.is_visible
        and update.within_window()
    )


def can_hide_update(user: Any, update: ActionUpdate) -> bool:
    """The programme lead (or an administrator of the organisation) hides any progress update."""
    return can_manage_plan(user, update.action.plan)


def can_view_history(user: Any, plan: Plan) -> bool:
    """The audit trail: programme leads, administrators and staff representatives of the organisation."""
    return can_view_plan(user, plan) and perms.has_role(user, plan.organisation, *HISTORY_ROLES)


def _deny(user: Any, plan: Plan) -> None:
    """404 for strangers to the organisation (unless the plan is public), 403 for members and visitors."""
    authenticated = getattr(user, "is_authenticated", False)
    if (
        authenticated
        and not perms.is_member(user, plan.organisation)
        and plan.visibility != Visibility.PUBLIC
    ):
        raise Http404
    raise PermissionDenied


def check_plan_access(user: Any, plan: Plan, *, manage: bool = False, history: bool = False) -> None:
    if not can_view_plan(user, plan):
        _deny(user, plan)
    if manage and not can_manage_plan(user, plan):
        if getattr(user, "is_authenticated", False) and not perms.is_member(user, plan.organisation):
            raise Http404
        raise PermissionDenied
    if history and not can_view_history(user, plan):
        raise PermissionDenied


def get_plan_for_user(request: HttpRequest, pk: int, *, manage: bool = False, history: bool = False) -> Plan:
    plan = Plan.objects.select_related("organisation").filter(pk=pk).first()
    if plan is None:
        raise Http404
    check_plan_access(request.user, plan, manage=manage, history=history)
    return plan


def get_axis_for_user(request: HttpRequest, pk: int, *, manage: bool = False) -> Axis:
    axis = Axis.objects.select_related("plan__organisation").filter(pk=pk).first()
    if axis is None:
        raise Http404
    check_plan_access(request.user, axis.plan, manage=manage)
    return axis


def get_theme_for_user(request: HttpRequest, pk: int, *, manage: bool = False) -> Theme:
    theme = Theme.objects.select_related("plan__organisation").filter(pk=pk).first()
    if theme is None:
        raise Http404
    check_plan_access(request.user, theme.plan, manage=manage)
    return theme


def get_action_for_user(
    request: HttpRequest, pk: int, *, manage: bool = False, post_update: bool = False
) -> Action:
    """The action, with its plan, axis and leads loaded. ``post_update``: only its leads and programme leads."""
    action = (
        Action.objects.select_related("plan__organisation", "axis")
        .prefetch_related(Prefetch("leads"))
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    check_plan_access(request.user, action.plan, manage=manage)
    if post_update and not can_post_update(request.user, action):
        raise PermissionDenied
    return action


def get_milestone_for_user(request: HttpRequest, pk: int, *, manage: bool = False) -> Milestone:
    milestone = (
        Milestone.objects.select_related("action__plan__organisation", "action__axis").filter(pk=pk).first()
    )
    if milestone is None:
        raise Http404
    check_plan_access(request.user, milestone.action.plan, manage=manage)
    return milestone


def get_update_for_user(request: HttpRequest, pk: int, *, hide: bool = False) -> ActionUpdate:
    """A progress update its author may correct or withdraw (``hide``: that the programme lead may hide).

    404/403 as for its plan first (strangers never learn it exists), then 403 to anyone else."""
    update = (
        ActionUpdate.objects.select_related("action__plan__organisation", "action__axis", "author")
        .filter(pk=pk)
        .first()
    )
    if update is None:
        raise Http404
    check_plan_access(request.user, update.action.plan)
    allowed = can_hide_update if hide else can_correct_update
    if not allowed(request.user, update):
        raise PermissionDenied
    return update


def get_attachment_for_user(request: HttpRequest, pk: int) -> UpdateAttachment:
    """Attachments are downloadable by exactly the people allowed to see the plan of their action."""
    attachment = (
        UpdateAttachment.objects.select_related("update__action__plan__organisation").filter(pk=pk).first()
    )
    if attachment is None or not attachment.update.is_visible:
        raise Http404
    plan = attachment.update.action.plan
    # The action page shows the timeline across versions: seeing any version of the plan is enough.
    for version in Plan.objects.filter(lineage=plan.lineage, organisation_id=plan.organisation_id):
        version.organisation = plan.organisation
        if can_view_plan(request.user, version):
            return attachment
    check_plan_access(request.user, plan)
    return attachment

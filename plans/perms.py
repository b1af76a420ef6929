"""Who may see and change plans and actions."""

from typing import Any

from accounts import perms
from accounts.models import Role
from plans.models import Action, Plan, Visibility


def can_view_plan(user: Any, plan: Plan) -> bool:
    if plan.visibility == Visibility.PUBLIC:
        return True
    if plan.visibility == Visibility.STAFF and perms.is_member(user, plan.organisation):
        return True
    return perms.has_role(user, plan.organisation, Role.PROGRAMME_LEAD, Role.ADMIN, Role.ACTION_LEAD)


def can_manage_plan(user: Any, plan: Plan) -> bool:
    """Programme leads and administrators of the whole organisation edit the plan's structure."""
    return perms.can_manage_organisation(user, plan.organisation)


def can_post_update(user: Any, action: Action) -> bool:
    """An action's leads post its progress updates; so do the programme leads."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_manage_plan(user, action.plan):
        return True
    return action.leads.filter(pk=user.pk).exists() and perms.is_member(user, action.plan.organisation)

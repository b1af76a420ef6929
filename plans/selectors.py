"""Reads of plans: which plans a caller may see."""

from typing import Any

from django.db.models import Q

from accounts import perms
from accounts.models import Role, RoleGrant
from plans.models import Plan, Visibility

STEERING_ROLES = [Role.PROGRAMME_LEAD, Role.ADMIN, Role.ACTION_LEAD]


def plans_visible_to(user: Any) -> Any:
    """Public plans for everyone; staff plans for members of the organisation; drafts for its steering team."""
    visible = Q(visibility=Visibility.PUBLIC)
    member_orgs = perms.organisation_ids_for(user)
    if member_orgs:
        visible |= Q(visibility=Visibility.STAFF, organisation_id__in=member_orgs)
        steering_orgs = set(
            RoleGrant.objects.for_user(user)
            .filter(role__in=STEERING_ROLES)
            .values_list("organisation_id", flat=True)
        )
        if steering_orgs:
            visible |= Q(organisation_id__in=steering_orgs)
    return Plan.objects.filter(visible)

"""Who may follow an action and edit an organisation's reminder settings, through the owning apps' getters.

Following needs exactly what reading the action needs (``plans.perms``: 404 outside the organisation, 403
inside); the settings are the programme lead's (``organisations.perms``, need « manage »).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from notifications import selectors
from notifications.models import NotificationSettings
from organisations import perms as organisation_perms
from plans import perms as plan_perms
from plans.models import Action


def can_follow(user: Any, action: Action) -> bool:
    """Whoever may read the action follows it, and only as long as they may read it."""
    return bool(getattr(user, "is_authenticated", False)) and plan_perms.can_view_plan(user, action.plan)


def get_action_to_follow(request: HttpRequest, pk: int) -> Action:
    return plan_perms.get_action_for_user(request, pk)


def get_settings_for_user(request: HttpRequest, slug: str) -> NotificationSettings:
    organisation = organisation_perms.get_organisation_for_user(request, slug, need="manage")
    return selectors.settings_for(organisation)
